import type { ChatStreamEvent } from '../types.js';
import type { ReplyPart } from './parts.js';

/** How a response body is framed, as the transport decided from its headers (and first bytes). */
export type BodyFormat = 'sse' | 'ndjson' | 'text';

/** What the transport tells a reader about the response before its first event. */
export interface ResponseInfo {
  /** The media type, lower-cased, without parameters (`text/event-stream`, `application/x-ndjson`…). */
  contentType: string;
  format: BodyFormat;
  headers: Headers;
}

/**
 * Reads one reply of one wire format (made by `createReader` in `./index.ts`, fresh per run). Pure:
 * no DOM, no timers. Throws `ChatStreamError('protocol', …)` for malformed data under an explicit
 * protocol and for a server's own error event (with its message); `ChatStreamError('handler', …)`
 * when a page's `parseEvent` misbehaves.
 */
export interface ProtocolReader {
  /** Called once per response (each attempt), before any event. */
  open(info: ResponseInfo): void;
  /** One SSE event, or one NDJSON line as `{ event: '', data: line, id: '' }`. */
  read(ev: ChatStreamEvent): ReplyPart[];
  /** One decoded chunk of a plain-text body (`text/plain`, or an unframed `text/event-stream`). */
  readText(chunk: string): ReplyPart[];
  /** The body ended: whatever the reader still holds (a `<think` that never became a tag…). */
  flush(): ReplyPart[];
  /** Whether a stream that closes now is a complete reply. */
  completeOnClose(): boolean;
}
