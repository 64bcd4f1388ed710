/**
 * The `json` wire format, for small custom servers: each event is JSON whose text is the first
 * string among `delta`, `token`, `text` and `content` (a JSON string is text itself); `{ "done":
 * true }` without text ends the reply; an `error` field fails the run with its message. It has no end
 * marker: the stream's close ends the reply. An object with none of these fields is `unreadable`.
 * `auto` falls back to it for JSON objects no other format recognises.
 */
import { DONE, isRecord, textPart, throwIfError, unreadable, type Json, type WireFormat } from './format.js';
import type { ReplyPart } from './parts.js';

/** The fields that hold text, in the order they are looked for. */
export const TEXT_FIELDS = ['delta', 'token', 'text', 'content'] as const;

/** The first string among the text fields, when there is one. */
export const jsonText = (payload: Json): string | undefined => TEXT_FIELDS.map((key) => payload?.[key]).find((value) => typeof value === 'string');

/** Reads one payload by the json rules; `undefined` when it holds none of their fields. */
export function readJson(payload: Json): ReplyPart[] | undefined {
  if (typeof payload === 'string') return textPart(payload);
  if (!isRecord(payload)) return [];
  throwIfError(payload);
  const text = jsonText(payload);
  if (text !== undefined) return textPart(text);
  if (payload.done === true) return [DONE];
  // A known field without text (`"content": null`, `"done": false`) is known, not unreadable.
  return [...TEXT_FIELDS, 'done', 'error'].some((key) => key in payload) ? [] : undefined;
}

export const json: WireFormat<null> = {
  name: 'json',
  endMarker: false,
  json: true,
  recognizes: () => false,
  createState: () => null,
  read: (_state, _event, payload) => readJson(payload) ?? unreadable(payload),
  finish: () => [],
};
