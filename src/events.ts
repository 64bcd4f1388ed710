import type { ChatMessage } from './types.js';

/** `detail` of `start`: the conversation about to be sent and where it goes. */
export interface ChatStreamStartDetail {
  messages: ChatMessage[];
  request: { url: string; method: string };
}

/** `detail` of `token`: the new piece and the reply so far. */
export interface ChatStreamTokenDetail {
  token: string;
  text: string;
}

/** `detail` of `done`: how a run ended without error. */
export interface ChatStreamDoneDetail {
  text: string;
  reason: 'complete' | 'abort';
  durationMs: number;
  /** Milliseconds from `start` to the first token; `null` when no token came. */
  firstTokenMs: number | null;
}

/** `detail` of `error`: why a run failed, with the partial reply. */
export interface ChatStreamErrorDetail {
  error: Error;
  status?: number;
  text: string;
}

/** The element's own events, for typed `addEventListener`. */
export interface ChatStreamElementEventMap extends Omit<HTMLElementEventMap, 'error'> {
  start: CustomEvent<ChatStreamStartDetail>;
  token: CustomEvent<ChatStreamTokenDetail>;
  done: CustomEvent<ChatStreamDoneDetail>;
  error: CustomEvent<ChatStreamErrorDetail>;
}
