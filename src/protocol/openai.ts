/**
 * The `openai` wire format: Chat Completions chunks (`choices[0].delta`: `content` text,
 * `reasoning_content` or `reasoning` reasoning, `tool_calls[]` pieces by `index`) until `data:
 * [DONE]`, and Responses API events (`response.output_text.delta` text, reasoning summary and
 * reasoning text deltas, `function_call` output items and their argument deltas, `url_citation`
 * annotations as sources) until `response.completed`. A Chat tool call's input is complete when its
 * choice finishes (`finish_reason`) or the reply ends. Errors (`{ error }`, `response.failed`, the
 * Responses `error` event) fail the run with the server's message. Conservative about `unreadable`:
 * only an object with no `choices`, no `usage` and no `type` is.
 */
import { DONE, isRecord, reasoningPart, serverError, errorOf, str, textPart, throwIfError, ToolCalls, unreadable, type Json, type WireFormat } from './format.js';
import type { ReplyPart } from './parts.js';

const RESPONSES = /^response\./;
const RESPONSES_OR_ERROR = /^(response\.|error$)/;
const RESPONSES_END = /^response\.(completed|incomplete)$/;
const RESPONSES_FAILURE = /^(response\.failed|error)$/;

/** What an OpenAI reply remembers: its tool calls in progress (Chat by index, Responses by item). */
export interface OpenAiState {
  calls: ToolCalls;
}

/** The handle of a Responses output item: its id, or its position when it has none. */
const itemKey = (itemId: Json, outputIndex: Json): string => str(itemId) ?? `output-${outputIndex}`;

function readChat(state: OpenAiState, payload: Json): ReplyPart[] {
  throwIfError(payload);
  if (!isRecord(payload)) return [];
  if (!Array.isArray(payload.choices) && !('usage' in payload) && typeof payload.type !== 'string') return unreadable(payload);
  const choice = payload.choices?.[0];
  const delta = choice?.delta;
  const { calls } = state;
  const parts = [...reasoningPart(str(delta?.reasoning_content) ?? delta?.reasoning), ...textPart(delta?.content)];
  const toolCalls: Json[] = Array.isArray(delta?.tool_calls) ? delta.tool_calls : [];
  toolCalls.forEach((call, position) => {
    const key = typeof call?.index === 'number' ? call.index : position;
    const fn = call?.function;
    // Some servers reuse index 0 for each new call: a new id at a known index is a new call.
    if (calls.has(key) && typeof call?.id === 'string' && call.id !== calls.idOf(key)) parts.push(...calls.complete(key));
    parts.push(...(calls.has(key) ? calls.delta(key, fn?.arguments) : calls.start(key, call?.id, fn?.name, str(fn?.arguments))));
  });
  if (typeof choice?.finish_reason === 'string' && choice.finish_reason) parts.push(...calls.completeAll());
  return parts;
}

function readResponses(state: OpenAiState, type: string, payload: Json): ReplyPart[] {
  const { calls } = state;
  const item = payload?.item;
  switch (type) {
    case 'response.output_text.delta':
      return textPart(payload?.delta);
    case 'response.reasoning_summary_text.delta':
    case 'response.reasoning_text.delta':
      return reasoningPart(payload?.delta);
    case 'response.output_item.added':
      return item?.type === 'function_call' ? calls.start(itemKey(item.id, payload.output_index), str(item.call_id) ?? item.id, item.name, str(item.arguments)) : [];
    case 'response.function_call_arguments.delta':
      return calls.delta(itemKey(payload?.item_id, payload?.output_index), payload?.delta);
    case 'response.function_call_arguments.done':
      return calls.complete(itemKey(payload?.item_id, payload?.output_index), payload?.arguments);
    case 'response.output_item.done':
      return item?.type === 'function_call' ? calls.complete(itemKey(item.id, payload.output_index), item.arguments) : [];
    case 'response.output_text.annotation.added': {
      const annotation = payload?.annotation;
      if (annotation?.type !== 'url_citation' || typeof annotation.url !== 'string') return [];
      return [{ type: 'source', url: annotation.url, ...(typeof annotation.title === 'string' && { title: annotation.title }) }];
    }
  }
  if (RESPONSES_FAILURE.test(type)) throw serverError(errorOf(payload?.response) || errorOf(payload) || type);
  return RESPONSES_END.test(type) ? [DONE] : [];
}

export const openai: WireFormat<OpenAiState> = {
  name: 'openai',
  endMarker: true,
  json: true,
  recognizes: (event, payload) => RESPONSES.test(event) || Array.isArray(payload?.choices) || RESPONSES.test(payload?.type),
  createState: () => ({ calls: new ToolCalls() }),
  read(state, event, payload) {
    const type = event || payload?.type;
    return typeof type === 'string' && RESPONSES_OR_ERROR.test(type) ? readResponses(state, type, payload) : readChat(state, payload);
  },
  finish: (state) => state.calls.completeAll(),
};
