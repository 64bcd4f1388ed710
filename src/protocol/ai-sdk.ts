/**
 * The `ai-sdk` wire format: the AI SDK's UI message stream (`toUIMessageStreamResponse()`), SSE
 * whose data are JSON parts with a `type`: `text-delta` text, `reasoning-delta` reasoning, the tool
 * parts (`tool-input-start`/`-delta`/`-available`, `tool-input-error`, `tool-output-available`/
 * `-error`), `source-url` sources; `error` fails the run with its `errorText`; `finish` (or `data:
 * [DONE]`) ends the reply; the other types (`start`, `start-step`, `text-start`, `data-*`…) carry
 * nothing to show. `auto` recognises it by the `x-vercel-ai-ui-message-stream` response header, or
 * by a part of one of these types sent without an SSE event name.
 * https://ai-sdk.dev/docs/ai-sdk-ui/stream-protocol
 */
import { preview } from '../errors.js';
import { DONE, isRecord, reasoningPart, serverError, str, textPart, unreadable, type Json, type WireFormat } from './format.js';
import type { ReplyPart, ToolPart } from './parts.js';

/** The header the AI SDK's UI message stream responses carry (`v1`). */
export const AI_SDK_HEADER = 'x-vercel-ai-ui-message-stream';

/** The part types of the UI message stream (`error` aside: it is recognised by its `errorText`). */
const PART_TYPES =
  /^(start|finish|abort|start-step|finish-step|message-metadata|(text|reasoning)-(start|delta|end)|tool-input-(start|delta|available|error)|tool-output-(available|error)|source-(url|document)|file|data-.+)$/;

/** What an AI SDK reply remembers: the tool calls it has started. */
export interface AiSdkState {
  started: Set<string>;
}

/** Whether a payload is a UI message stream part. */
const isPart = (payload: Json): boolean => isRecord(payload) && typeof payload.type === 'string' && (PART_TYPES.test(payload.type) || (payload.type === 'error' && typeof payload.errorText === 'string'));

/** A `tool-input-start` for a call whose first part is not one (a call that streams no input). */
function startOnce(state: AiSdkState, id: string, name: Json): ToolPart[] {
  if (state.started.has(id)) return [];
  state.started.add(id);
  return [{ type: 'tool-input-start', id, name: str(name) ?? '' }];
}

export const aiSdk: WireFormat<AiSdkState> = {
  name: 'ai-sdk',
  endMarker: true,
  json: true,
  recognizes: (event, payload, info) => info?.headers?.get(AI_SDK_HEADER) != null || ((event === '' || event === 'message') && isPart(payload)),
  createState: () => ({ started: new Set() }),
  read(state, _event, payload): ReplyPart[] {
    if (!isRecord(payload) || typeof payload.type !== 'string') return unreadable(payload);
    const id = String(payload.toolCallId ?? '');
    const name = str(payload.toolName);
    switch (payload.type) {
      case 'text-delta':
        return textPart(payload.delta);
      case 'reasoning-delta':
        return reasoningPart(payload.delta);
      case 'tool-input-start':
        return startOnce(state, id, name);
      case 'tool-input-delta':
        return typeof payload.inputTextDelta === 'string' && payload.inputTextDelta !== '' ? [{ type: 'tool-input-delta', id, delta: payload.inputTextDelta }] : [];
      case 'tool-input-available':
        return [...startOnce(state, id, name), { type: 'tool-input-available', id, ...(name !== undefined && { name }), input: payload.input }];
      case 'tool-input-error':
        // The model produced input the tool rejects: the call shows that input and fails with the reason.
        return [
          ...startOnce(state, id, name),
          { type: 'tool-input-available', id, ...(name !== undefined && { name }), input: payload.input },
          { type: 'tool-output-error', id, errorText: String(payload.errorText ?? '') },
        ];
      case 'tool-output-available':
        return [{ type: 'tool-output-available', id, output: payload.output }];
      case 'tool-output-error':
        return [{ type: 'tool-output-error', id, errorText: String(payload.errorText ?? '') }];
      case 'source-url':
        return typeof payload.url === 'string' ? [{ type: 'source', url: payload.url, ...(typeof payload.title === 'string' && { title: payload.title }) }] : [];
      case 'error':
        throw serverError(str(payload.errorText) || preview(JSON.stringify(payload)));
      case 'finish':
        return [DONE];
    }
    return [];
  },
  finish: () => [],
};
