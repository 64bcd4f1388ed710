import type { ChatStreamEvent } from '../types.js';

/** What an event stream's reader keeps across reconnections (the spec's last event ID buffer and reconnection time). */
export interface SseState {
  /** The last event ID. */
  lastEventId: string;
  /** The server's `retry:` field, in milliseconds, once it has sent one. */
  reconnectionTime?: number | undefined;
}

/**
 * A spec-exact Server-Sent Events decoder (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * feed it the byte stream's chunks, then nothing to end it. Lines end in CRLF, LF or CR (also when
 * split across chunks), UTF-8 may split anywhere, a field-only line (`data`) has an empty value, and
 * every `data:` line counts — also the empty leading ones that fetch-event-source drops. A long line
 * costs linear time: its pieces are joined once, at its end. An event without its closing blank line
 * at the end is discarded, as the spec says.
 *
 * `onBlock` runs at each blank line: `dispatched` is true for an event (the block had data) and false
 * otherwise (comments, `id`, `event` or `retry` fields only). `ev.event` is `''` when the server sent
 * no `event:` field; `ev.id` is the last event ID. `state` is updated as `id:` and `retry:` arrive.
 */
export function createSseDecoder(state: SseState, onBlock: (ev: ChatStreamEvent, dispatched: boolean) => void): (bytes?: Uint8Array) => void {
  const decoder = new TextDecoder();
  let pending = '';
  let afterCR = false;
  let data: string[] = [];
  let event = '';

  const line = (line: string) => {
    if (!line) {
      onBlock({ event, data: data.join('\n'), id: state.lastEventId }, data.length > 0);
      data = [];
      event = '';
      return;
    }
    // A comment has the empty field name; a line without a colon is a field with an empty value.
    const [prefix, field] = /^([^:]*):? ?/.exec(line)!;
    const value = line.slice(prefix.length);
    if (field == 'data') data.push(value);
    if (field == 'event') event = value;
    if (field == 'id' && !value.includes('\0')) state.lastEventId = value;
    if (field == 'retry' && /^\d+$/.test(value)) state.reconnectionTime = +value;
  };

  return (bytes) => {
    let text = decoder.decode(bytes, { stream: !!bytes });
    if (text) {
      // A CRLF split across chunks is one line end.
      if (afterCR && text[0] == '\n') text = text.slice(1);
      afterCR = text.endsWith('\r');
    }
    const lines = text.split(/\r\n?|\n/);
    const rest = lines.pop()!;
    for (const piece of lines) {
      line(pending + piece);
      pending = '';
    }
    pending += rest;
  };
}
