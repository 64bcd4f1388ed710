/**
 * The `anthropic` wire format (Messages API streaming): `content_block_delta` events carry
 * `text_delta` text, `thinking_delta` reasoning and `input_json_delta` pieces of a `tool_use` block's
 * input (started by `content_block_start`, complete at its `content_block_stop`); `message_stop`
 * ends the reply; `event: error` fails the run with its message. Other Anthropic events (`ping`,
 * `message_delta`, `signature_delta`…) are known and carry nothing for the reply. Conservative about
 * `unreadable`: only JSON with neither a known event name nor a `type` is.
 */
import { DONE, errorOf, isRecord, reasoningPart, serverError, textPart, ToolCalls, unreadable, type WireFormat } from './format.js';

/** Anthropic's event types (`error` aside, which `auto` leaves to the fallback's error rules). */
export const ANTHROPIC_EVENTS = /^(message_(start|delta|stop)|content_block_(start|delta|stop)|ping)$/;

/** What an Anthropic reply remembers: its `tool_use` blocks in progress, by block index. */
export interface AnthropicState {
  calls: ToolCalls;
  /** The `input` each tool block started with, for a block that streams no `input_json_delta`. */
  startInputs: Map<unknown, unknown>;
}

export const anthropic: WireFormat<AnthropicState> = {
  name: 'anthropic',
  endMarker: true,
  json: true,
  recognizes: (event, payload) => ANTHROPIC_EVENTS.test(event && event !== 'error' ? event : payload?.type),
  createState: () => ({ calls: new ToolCalls(), startInputs: new Map() }),
  read(state, event, payload) {
    // The SSE event name is the type; a proxy that renames events still sends the type in the data.
    const type = ANTHROPIC_EVENTS.test(event) || event === 'error' || typeof payload?.type !== 'string' ? event : payload.type;
    const { calls } = state;
    switch (type) {
      case 'error':
        throw serverError(errorOf(payload) || type);
      case 'message_stop':
        return [DONE];
      case 'content_block_start': {
        const block = payload?.content_block;
        if (block?.type !== 'tool_use') return [];
        state.startInputs.set(payload.index, block.input);
        return calls.start(payload.index, block.id, block.name);
      }
      case 'content_block_delta': {
        const delta = payload?.delta;
        const kind = delta?.type ?? 'text_delta';
        if (kind === 'text_delta') return textPart(delta?.text);
        if (kind === 'thinking_delta') return reasoningPart(delta?.thinking);
        return kind === 'input_json_delta' ? calls.delta(payload.index, delta.partial_json) : [];
      }
      case 'content_block_stop':
        return calls.complete(payload?.index, undefined, state.startInputs.get(payload?.index));
    }
    return ANTHROPIC_EVENTS.test(type) || (isRecord(payload) && typeof payload.type === 'string') ? [] : unreadable(payload);
  },
  finish: (state) => state.calls.completeAll(),
};
