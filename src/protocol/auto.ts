import { looksLikeAnthropic, readAnthropicPayload } from './anthropic.js';
import { readJsonPayload } from './json.js';
import { looksLikeOpenAi, readOpenAiPayload } from './openai.js';
import { DONE, IGNORE, isDoneSentinel, isRecord } from './reader.js';
import type { ProtocolReader } from './reader.js';

/**
 * Decides per event: OpenAI and Anthropic payloads by their shape or event name, other JSON objects
 * as `json`, anything else (including JSON that is not an object) as `text`. Once it has recognised
 * OpenAI or Anthropic events it expects their end marker.
 */
export function createAutoReader(): ProtocolReader {
  let expectsMarker = false;
  let ended = false;
  return {
    read(ev) {
      if (ev.data === '') return IGNORE;
      if (isDoneSentinel(ev.data)) {
        ended = true;
        return DONE;
      }
      let payload: unknown;
      try {
        payload = JSON.parse(ev.data);
      } catch {
        return { type: 'text', text: ev.data };
      }
      let result;
      if (looksLikeAnthropic(ev, payload)) {
        expectsMarker = true;
        result = readAnthropicPayload(ev, payload);
      } else if (looksLikeOpenAi(ev, payload)) {
        expectsMarker = true;
        result = readOpenAiPayload(ev, payload);
      } else if (ev.event === 'error' && isRecord(payload)) {
        // Anthropic's error event, before anything else recognised the stream.
        result = readAnthropicPayload(ev, payload);
      } else if (isRecord(payload)) {
        result = readJsonPayload(ev, payload);
      } else {
        // A token that happens to be valid JSON (`42`, `"hi"`, `[1]`) is text as sent.
        result = { type: 'text' as const, text: ev.data };
      }
      if (result.type === 'done') ended = true;
      return result;
    },
    completeOnClose: () => ended || !expectsMarker,
  };
}
