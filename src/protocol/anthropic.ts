import { DONE, IGNORE, errorMessageOf, isDoneSentinel, isRecord, parseJson, serverError, textOf } from './reader.js';
import type { ProtocolReader, ReadResult } from './reader.js';
import type { ChatStreamEvent } from '../types.js';

/** The event types of Anthropic's Messages stream. */
export const ANTHROPIC_EVENTS: ReadonlySet<string> = new Set([
  'message_start',
  'message_delta',
  'message_stop',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'ping',
  'error',
]);

/** Reads one parsed Anthropic payload. */
export function readAnthropicPayload(ev: ChatStreamEvent, payload: unknown): ReadResult {
  const type = ev.event || (isRecord(payload) && typeof payload.type === 'string' ? payload.type : '');
  switch (type) {
    case 'content_block_delta': {
      const delta = isRecord(payload) ? payload.delta : undefined;
      // Only text deltas are reply text: `input_json_delta` and `thinking_delta` are not.
      return isRecord(delta) && (delta.type === undefined || delta.type === 'text_delta') ? textOf(delta.text) : IGNORE;
    }
    case 'message_stop':
      return DONE;
    case 'error':
      throw serverError(errorMessageOf(payload) ?? 'error', ev.data);
    default:
      return IGNORE;
  }
}

/** Whether a payload is recognisably Anthropic's (used by `auto`). */
export function looksLikeAnthropic(ev: ChatStreamEvent, payload: unknown): boolean {
  if (ev.event !== '' && ev.event !== 'error') return ANTHROPIC_EVENTS.has(ev.event);
  return isRecord(payload) && typeof payload.type === 'string' && payload.type !== 'error' && ANTHROPIC_EVENTS.has(payload.type);
}

/** Anthropic Messages: `content_block_delta` text until `message_stop`. */
export function createAnthropicReader(): ProtocolReader {
  let ended = false;
  return {
    read(ev) {
      if (ev.data === '') return IGNORE;
      // Not Anthropic's, but proxies that translate to OpenAI conventions add it.
      if (isDoneSentinel(ev.data)) {
        ended = true;
        return DONE;
      }
      const result = readAnthropicPayload(ev, parseJson(ev.data, 'anthropic'));
      if (result.type === 'done') ended = true;
      return result;
    },
    completeOnClose: () => ended,
  };
}
