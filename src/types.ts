/** Who wrote a message. */
export type ChatRole = 'user' | 'assistant' | 'system';

/** One message of the conversation. */
export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** An assistant message's reasoning (shown above it; never sent back to the server). */
  reasoning?: string;
  /** An assistant message's tool calls. */
  toolCalls?: ChatToolCall[];
}

/** A tool call the model made in a reply, as `messages` holds it. */
export interface ChatToolCall {
  id: string;
  /** The tool's name. */
  name: string;
  /** The parsed arguments (the raw text when they never parsed). */
  input: unknown;
  /** The tool's output, when the stream carried one. */
  output?: unknown;
}

/** Wire formats the element can read (the list of values is `PROTOCOLS` in `protocol/registry.ts`). */
export type ChatStreamProtocol = 'auto' | 'openai' | 'anthropic' | 'text' | 'json' | 'ai-sdk' | 'gemini';

/** One Server-Sent Event as the element sees it. */
export interface ChatStreamEvent {
  event: string;
  data: string;
  id: string;
}

/** What a `parseEvent` function returns: text to append, `null` to ignore, or the end of the reply. */
export type ParseEventResult = string | null | { done: true };

/** A custom reader of the reply's SSE events. */
export type ParseEventFunction = (ev: ChatStreamEvent) => ParseEventResult;

/** Everything needed to send one request; `body` is sent as JSON unless it is a string. */
export interface RequestSpec {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What `prepareRequest` receives for a run. */
export interface RequestContext {
  /** The conversation to send, ending with the newest user message. */
  messages: ChatMessage[];
  /** The request the element would send by default. */
  request: RequestSpec;
  /** Aborted when the run is stopped. */
  signal: AbortSignal;
  /** A fetch bound to the element's `fetch` and `credentials`, for requests `prepareRequest` makes itself. */
  fetch: typeof fetch;
}

/** Replaces the default request of a run. */
export type PrepareRequestFunction = (ctx: RequestContext) => RequestSpec | Promise<RequestSpec>;

/** The element's run state. */
export type ChatStreamStatus = 'idle' | 'streaming' | 'error';
