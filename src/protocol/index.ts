import { ChatStreamError, messageOf, preview } from '../errors.js';
import { PROTOCOLS } from '../types.js';
import type { ChatStreamEvent, ParseEventFunction } from '../types.js';

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

// Payloads are untrusted JSON: they are read with optional chaining and typeof checks, not types.
type Json = any;

const IGNORE: ReadResult = { type: 'ignore' };
const DONE: ReadResult = { type: 'done' };

/** The value when it is a non-empty string, else falsy. */
const str = (value: Json): string | false => typeof value == 'string' && value;

/** A text result, or `ignore` for an empty or missing delta. */
const textOf = (text: Json): ReadResult => (str(text) ? { type: 'text', text } : IGNORE);

/** A plain object (not an array, not null). */
const isRecord = (value: unknown): value is Record<string, Json> => typeof value == 'object' && !!value && !Array.isArray(value);

/** Anthropic's event types (`error` aside, which `auto` reads by shape). */
const ANTHROPIC = /^(message_(start|delta|stop)|content_block_(start|delta|stop)|ping)$/;

/**
 * The message of an error payload: `{ error: { message } }` (OpenAI, Anthropic), `{ error: "…" }`
 * or `{ type: 'error', message }` (the Responses API). Falsy when the payload is not an error.
 */
function errorOf(payload: Json): string | false | undefined {
  const error = payload?.error;
  const record = isRecord(error) ? error : payload?.type == 'error' && payload;
  return str(error) || (record && (str(record.message) || preview(JSON.stringify(record))));
}

/**
 * Reads one parsed payload as `kind`:
 * - `openai`: Chat Completions `choices[0].delta.content`; Responses API events (which send no `[DONE]`);
 * - `anthropic`: `content_block_delta` text deltas until `message_stop`; `error` fails the run;
 * - `json`: the first string among `delta`, `token`, `text`, `content`; `{ done: true }` ends.
 */
function readPayload(kind: string, event: string, payload: Json): ReadResult {
  const type = event || payload?.type;
  const delta = payload?.delta;
  const key = ['delta', 'token', 'text', 'content'].find((k) => typeof payload?.[k] == 'string');
  // What the event holds: its text, whether it ends the reply, and the server's error message.
  const [text, done, error] =
    kind == 'anthropic'
      ? // Only text deltas are reply text: `input_json_delta` and `thinking_delta` are not.
        [type == 'content_block_delta' && (delta?.type ?? 'text_delta') == 'text_delta' && delta?.text, type == 'message_stop', type == 'error' && (errorOf(payload) || type)]
      : kind == 'json'
        ? typeof payload == 'string'
          ? [payload]
          : [key && payload[key], !key && payload?.done === true, errorOf(payload)]
        : /^(response\.|error$)/.test(type)
          ? [type == 'response.output_text.delta' && delta, /^response\.(completed|incomplete)$/.test(type), /^(response\.failed|error)$/.test(type) && (errorOf(payload?.response) || errorOf(payload) || type)]
          : [payload?.choices?.[0]?.delta?.content, 0, errorOf(payload)];
  if (error) throw new ChatStreamError('protocol', `Server error: ${error}`);
  return done ? DONE : textOf(text);
}

/**
 * Returns a fresh reader for one reply. With `parseEvent` set, the page's function replaces the
 * protocol's rules; an unknown protocol is a `config` error that names the valid values.
 *
 * Every reader ignores events without data (heartbeats) and ends at `[DONE]` (OpenAI's, accepted by
 * all; proxies that translate to OpenAI conventions add it to Anthropic streams). `text` is the data
 * as it is. `auto` decides per event: OpenAI and Anthropic payloads by their shape or event name,
 * other JSON objects as `json`, anything else (including JSON that is not an object) as `text`.
 */
export function createReader(protocol: string, parseEvent?: ParseEventFunction): ProtocolReader {
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new ChatStreamError('config', `Unknown protocol "${protocol}" (${PROTOCOLS})`);
  }
  // Whether a close before the end marker leaves the reply incomplete: `auto` learns it once it
  // recognises OpenAI or Anthropic events; `text`, `json` and `parseEvent` have no marker to wait for.
  let expectsMarker = !parseEvent && /^(openai|anthropic)$/.test(protocol);
  let ended = false;

  const read = (ev: ChatStreamEvent): ReadResult => {
    const { event, data } = ev;
    if (!data) return IGNORE;
    if (parseEvent) {
      let result: Json;
      try {
        // Each event is a fresh object from the decoder: the page may keep it.
        result = parseEvent(ev);
      } catch (cause) {
        throw new ChatStreamError('handler', `parseEvent threw: ${messageOf(cause)}`, { cause });
      }
      if (typeof result == 'string' || result === null) return textOf(result);
      if (result?.done === true) return DONE;
      throw new ChatStreamError('handler', `parseEvent returned ${JSON.stringify(result)}`);
    }
    if (data.trim() == '[DONE]') return DONE;
    if (protocol == 'text') return textOf(data);
    let payload: Json;
    try {
      payload = JSON.parse(data);
    } catch (cause) {
      if (protocol == 'auto') return textOf(data);
      throw new ChatStreamError('protocol', `Not ${protocol} JSON: ${preview(data)}`, { cause });
    }
    let kind = protocol;
    if (kind == 'auto') {
      const name = event && event != 'error' ? event : payload?.type;
      kind = ANTHROPIC.test(name) ? 'anthropic' : /^response\./.test(event) || Array.isArray(payload?.choices) || /^response\./.test(payload?.type) ? 'openai' : '';
      if (kind) expectsMarker = true;
      // Anthropic's error event, before anything else recognised the stream; then other JSON
      // objects. A token that happens to be valid JSON (`42`, `"hi"`, `[1]`) is text as sent.
      else if (!isRecord(payload)) return textOf(data);
      else kind = event == 'error' ? 'anthropic' : 'json';
    }
    return readPayload(kind, event, payload);
  };

  return {
    read(ev) {
      const result = read(ev);
      ended ||= result == DONE;
      return result;
    },
    completeOnClose: () => ended || !expectsMarker,
  };
}
