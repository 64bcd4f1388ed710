/**
 * The `gemini` wire format: `streamGenerateContent?alt=sse`, each event a `GenerateContentResponse`
 * whose `candidates[0].content.parts[]` hold `text` (reply text, or reasoning with `thought: true`)
 * and `functionCall` (`name`, `args`: a whole tool call, given the id `call-<n>` when it has none).
 * It has no end marker: the stream's close ends the reply. An `error` object fails the run with its
 * `message`. An object with no `candidates`, `usageMetadata`, `promptFeedback` or `modelVersion` is
 * `unreadable`.
 * https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
import { isRecord, reasoningPart, str, textPart, throwIfError, ToolCalls, unreadable, type Json, type WireFormat } from './format.js';
import type { ReplyPart } from './parts.js';

/** The fields of a `GenerateContentResponse` besides `candidates`. */
const KNOWN = ['usageMetadata', 'promptFeedback', 'modelVersion', 'responseId'];

/** What a Gemini reply remembers: how many tool calls it has numbered. */
export interface GeminiState {
  calls: ToolCalls;
}

export const gemini: WireFormat<GeminiState> = {
  name: 'gemini',
  endMarker: false,
  json: true,
  recognizes: (_event, payload) => Array.isArray(payload?.candidates),
  createState: () => ({ calls: new ToolCalls() }),
  read(state, _event, payload) {
    throwIfError(payload);
    if (!isRecord(payload)) return [];
    if (!Array.isArray(payload.candidates)) return KNOWN.some((key) => key in payload) ? [] : unreadable(payload);
    const items: Json[] = payload.candidates[0]?.content?.parts;
    if (!Array.isArray(items)) return [];
    return items.flatMap((item): ReplyPart[] => {
      if (typeof item?.text === 'string') return item.thought === true ? reasoningPart(item.text) : textPart(item.text);
      const call = item?.functionCall;
      if (!isRecord(call)) return [];
      const id = str(call.id) || state.calls.nextId();
      const name = str(call.name) ?? '';
      return [
        { type: 'tool-input-start', id, name },
        { type: 'tool-input-available', id, name, input: call.args ?? {} },
      ];
    });
  },
  finish: () => [],
};
