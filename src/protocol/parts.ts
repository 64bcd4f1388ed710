/**
 * What a protocol reader turns the wire into: the parts of one reply, in the order they arrived.
 * Every reader (one file per wire format under `src/protocol/`) speaks this vocabulary, and the run
 * (`src/controllers/run.ts`) is its only consumer. The tool-call states are the AI SDK's names.
 */

/** A piece of the reply's text. */
export interface TextPart {
  type: 'text';
  text: string;
}

/** A piece of the model's reasoning (shown above the reply, never sent back). */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
}

/**
 * A tool call starts, its argument text grows, its input is complete, its output arrives or fails.
 * `id` is the call's id (protocols without one get `call-<n>` from their reader); `name` is set on
 * `tool-input-start`, and may be repeated on later parts. `input` is the parsed arguments
 * (`undefined` when the arguments never parsed: the raw text stays in the run's `arguments`).
 */
export type ToolPart =
  | { type: 'tool-input-start'; id: string; name: string }
  | { type: 'tool-input-delta'; id: string; delta: string }
  | { type: 'tool-input-available'; id: string; name?: string; input?: unknown; text?: string }
  | { type: 'tool-output-available'; id: string; output: unknown }
  | { type: 'tool-output-error'; id: string; errorText: string };

/** A cited source (AI SDK `source-url`, Responses `url_citation`). */
export interface SourcePart {
  type: 'source';
  url: string;
  title?: string;
}

/**
 * A JSON event the protocol read but found nothing it knows in: the server doctor counts these and,
 * when a reply keeps sending them, warns with the keys it saw (`src/doctor.ts`).
 */
export interface UnreadablePart {
  type: 'unreadable';
  keys: string[];
}

/** The end of the reply (an end marker: `[DONE]`, `message_stop`, `finish`, `done: true`…). */
export interface DonePart {
  type: 'done';
}

export type ReplyPart = TextPart | ReasoningPart | ToolPart | SourcePart | UnreadablePart | DonePart;
