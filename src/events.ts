/**
 * The element's events: their `detail` types and the typed event map, so that
 * `el.addEventListener('token', (e) => e.detail.text)` type-checks. Events are plain `CustomEvent`s,
 * dispatched on the element, not bubbling (like a media element's), `start` cancelable.
 */
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

/** `detail` of `reasoning`: the new piece of reasoning and the reasoning so far. */
export interface ChatStreamReasoningDetail {
  token: string;
  text: string;
}

/** Where a tool call stands (the AI SDK's names). */
export type ChatStreamToolCallState = 'input-streaming' | 'input-available' | 'output-available' | 'output-error';

/** `detail` of `tool-call`: dispatched when a call starts, when its input is complete and when its output arrives. */
export interface ChatStreamToolCallDetail {
  id: string;
  name: string;
  state: ChatStreamToolCallState;
  /** The raw argument text so far. */
  arguments: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
}

/** A source cited by a reply. */
export interface ChatStreamSource {
  url: string;
  title: string;
}

/** `detail` of `done`: how a run ended without error. */
export interface ChatStreamDoneDetail {
  text: string;
  reason: 'complete' | 'abort';
  durationMs: number;
  /** Milliseconds from `start` to the first token; `null` when no token came. */
  firstTokenMs: number | null;
  /** The reasoning, `''` when none. */
  reasoning: string;
  /** The sources cited, in order of arrival. */
  sources: ChatStreamSource[];
}

/** `detail` of `error`: why a run failed, with the partial reply. */
export interface ChatStreamErrorDetail {
  error: Error;
  status?: number;
  text: string;
  /** The reasoning so far, `''` when none. */
  reasoning: string;
}

/** The element's own events, for typed `addEventListener`. */
export interface ChatStreamElementEventMap extends Omit<HTMLElementEventMap, 'error'> {
  start: CustomEvent<ChatStreamStartDetail>;
  token: CustomEvent<ChatStreamTokenDetail>;
  reasoning: CustomEvent<ChatStreamReasoningDetail>;
  'tool-call': CustomEvent<ChatStreamToolCallDetail>;
  done: CustomEvent<ChatStreamDoneDetail>;
  error: CustomEvent<ChatStreamErrorDetail>;
}
