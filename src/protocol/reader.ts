import { ChatStreamError, preview } from '../errors.js';
import type { ChatStreamEvent } from '../types.js';

/** What one SSE event means for the reply. */
export type ReadResult = { type: 'text'; text: string } | { type: 'done' } | { type: 'ignore' };

/** Reads one wire format, event by event. */
export interface ProtocolReader {
  /**
   * Reads one SSE event. Throws `ChatStreamError('protocol', …)` for malformed data under an explicit
   * protocol (quoting the start of the data), and for a server's own error event with its message.
   */
  read(ev: ChatStreamEvent): ReadResult;
  /** Whether a stream that closes now is a complete reply. */
  completeOnClose(): boolean;
}

export const IGNORE: ReadResult = Object.freeze({ type: 'ignore' });
export const DONE: ReadResult = Object.freeze({ type: 'done' });

/** A text result, or `ignore` for an empty or missing delta. */
export function textOf(value: unknown): ReadResult {
  return typeof value === 'string' && value !== '' ? { type: 'text', text: value } : IGNORE;
}

/** The `[DONE]` sentinel of OpenAI-style streams (also accepted by `text`, `json` and `auto`). */
export function isDoneSentinel(data: string): boolean {
  return data.trim() === '[DONE]';
}

/** Parses an event's JSON data, or throws a protocol error that quotes its start. */
export function parseJson(data: string, protocol: string): unknown {
  try {
    return JSON.parse(data);
  } catch (cause) {
    throw new ChatStreamError('protocol', `Malformed ${protocol} event: expected JSON, got: ${preview(data)}`, { cause, body: preview(data) });
  }
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The message of an error payload: `{ error: { message } }` (OpenAI, Anthropic), `{ error: "…" }`
 * or `{ type: 'error', message }` (the Responses API). Undefined when the payload is not an error.
 */
export function errorMessageOf(payload: unknown): string | undefined {
  if (!isRecord(payload)) return undefined;
  const { error } = payload;
  if (typeof error === 'string' && error !== '') return error;
  if (isRecord(error)) {
    if (typeof error.message === 'string' && error.message !== '') return error.message;
    return preview(JSON.stringify(error));
  }
  if (payload.type === 'error') {
    return typeof payload.message === 'string' && payload.message !== '' ? payload.message : preview(JSON.stringify(payload));
  }
  return undefined;
}

/** The error a server's own error event fails the run with. */
export function serverError(message: string, data: string): ChatStreamError {
  return new ChatStreamError('protocol', `The server reported an error: ${message}`, { body: preview(data) });
}
