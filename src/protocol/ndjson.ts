/**
 * Newline-delimited JSON bodies (`application/x-ndjson`, `application/jsonl`), one JSON value per
 * line, as Ollama and many small servers stream them. The `json` rules, and also: `message.content`
 * (Ollama `/api/chat`) and `response` (`/api/generate`) are reply text, `message.thinking` and
 * `thinking` are reasoning, and `"done": true` ends the reply (also on a line that still carries
 * text). No end marker is required: the body's close ends the reply. It is not a `protocol` value:
 * the reader uses it instead of `json` (for `json` and `auto`) when the transport says the body is NDJSON.
 */
import { jsonText, TEXT_FIELDS } from './json.js';
import { DONE, isRecord, reasoningPart, str, textPart, throwIfError, unreadable, type WireFormat } from './format.js';

/** The fields an NDJSON line may carry that these rules know, besides the json text fields. */
const KNOWN = ['message', 'response', 'thinking', 'done', 'error'];

export const ndjson: WireFormat<null> = {
  name: 'ndjson',
  endMarker: false,
  json: true,
  recognizes: () => false,
  createState: () => null,
  read(_state, _event, payload) {
    if (typeof payload === 'string') return textPart(payload);
    if (!isRecord(payload)) return [];
    throwIfError(payload);
    const message = isRecord(payload.message) ? payload.message : undefined;
    const text = jsonText(payload) ?? str(message?.content) ?? str(payload.response);
    const thinking = str(message?.thinking) ?? str(payload.thinking);
    if (text === undefined && thinking === undefined && ![...TEXT_FIELDS, ...KNOWN].some((key) => key in payload)) return unreadable(payload);
    return [...reasoningPart(thinking), ...textPart(text), ...(payload.done === true ? [DONE] : [])];
  },
  finish: () => [],
};
