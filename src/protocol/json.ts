import { DONE, IGNORE, errorMessageOf, isDoneSentinel, isRecord, parseJson, serverError, textOf } from './reader.js';
import type { ProtocolReader, ReadResult } from './reader.js';
import type { ChatStreamEvent } from '../types.js';

/** The keys whose first string value is the event's text, in order. */
export const JSON_TEXT_KEYS = ['delta', 'token', 'text', 'content'] as const;

/** Reads one parsed generic JSON payload: the first string among `delta`, `token`, `text`, `content`. */
export function readJsonPayload(ev: ChatStreamEvent, payload: unknown): ReadResult {
  if (typeof payload === 'string') return textOf(payload);
  const message = errorMessageOf(payload);
  if (message !== undefined) throw serverError(message, ev.data);
  if (!isRecord(payload)) return IGNORE;
  for (const key of JSON_TEXT_KEYS) {
    if (typeof payload[key] === 'string') return textOf(payload[key]);
  }
  return payload.done === true ? DONE : IGNORE;
}

/** Generic JSON events; `{ "done": true }`, `[DONE]` or the stream's close ends the reply. */
export function createJsonReader(): ProtocolReader {
  return {
    read(ev) {
      if (ev.data === '') return IGNORE;
      if (isDoneSentinel(ev.data)) return DONE;
      return readJsonPayload(ev, parseJson(ev.data, 'json'));
    },
    completeOnClose: () => true,
  };
}
