import { DONE, IGNORE, errorMessageOf, isDoneSentinel, isRecord, parseJson, serverError, textOf } from './reader.js';
import type { ProtocolReader, ReadResult } from './reader.js';
import type { ChatStreamEvent } from '../types.js';

/** Responses API events that end the reply (it sends no `[DONE]`). */
const RESPONSES_END = new Set(['response.completed', 'response.incomplete']);
/** Responses API events that fail the run. */
const RESPONSES_FAILED = new Set(['response.failed', 'error']);

/** Reads one parsed OpenAI payload: Chat Completions chunks and Responses API events. */
export function readOpenAiPayload(ev: ChatStreamEvent, payload: unknown): ReadResult {
  const type = ev.event || (isRecord(payload) && typeof payload.type === 'string' ? payload.type : '');
  if (type.startsWith('response.') || type === 'error') {
    if (type === 'response.output_text.delta') return textOf(isRecord(payload) ? payload.delta : undefined);
    if (RESPONSES_END.has(type)) return DONE;
    if (RESPONSES_FAILED.has(type)) {
      const response = isRecord(payload) ? payload.response : undefined;
      throw serverError(errorMessageOf(response) ?? errorMessageOf(payload) ?? type, ev.data);
    }
    return IGNORE;
  }
  const message = errorMessageOf(payload);
  if (message !== undefined) throw serverError(message, ev.data);
  if (!isRecord(payload) || !Array.isArray(payload.choices)) return IGNORE;
  const choice: unknown = payload.choices[0];
  if (!isRecord(choice) || !isRecord(choice.delta)) return IGNORE;
  return textOf(choice.delta.content);
}

/** Whether a payload is recognisably OpenAI's (used by `auto`). */
export function looksLikeOpenAi(ev: ChatStreamEvent, payload: unknown): boolean {
  if (ev.event.startsWith('response.')) return true;
  if (!isRecord(payload)) return false;
  if (Array.isArray(payload.choices)) return true;
  return typeof payload.type === 'string' && payload.type.startsWith('response.');
}

/** OpenAI Chat Completions (`choices[0].delta.content`) and Responses (`response.output_text.delta`). */
export function createOpenAiReader(): ProtocolReader {
  let ended = false;
  return {
    read(ev) {
      if (ev.data === '') return IGNORE;
      if (isDoneSentinel(ev.data)) {
        ended = true;
        return DONE;
      }
      const result = readOpenAiPayload(ev, parseJson(ev.data, 'openai'));
      if (result.type === 'done') ended = true;
      return result;
    },
    completeOnClose: () => ended,
  };
}
