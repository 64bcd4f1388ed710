/**
 * The `text` wire format: each SSE event's data is reply text as it is (multi-line data joined with
 * `\n` by the SSE decoder), JSON or not. It has no end marker: the stream's close ends the reply
 * (the reader still honours `[DONE]`). `auto` falls back to it for data that is not a JSON object.
 */
import { textPart, type WireFormat } from './format.js';

export const text: WireFormat<null> = {
  name: 'text',
  endMarker: false,
  json: false,
  recognizes: () => false,
  createState: () => null,
  read: (_state, _event, data: string) => textPart(data),
  finish: () => [],
};
