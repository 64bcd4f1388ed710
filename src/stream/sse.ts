/**
 * Line framing of response bodies: a line decoder (CRLF, LF or CR, UTF-8 split anywhere) for
 * NDJSON and SSE, and a spec-exact Server-Sent Events decoder on top of it that also recovers from
 * the commonest server mistake, events separated by a single newline. Pure: no DOM, no timers; the
 * caller gives the clock.
 */
import type { ChatStreamEvent } from '../types.js';

/** What an event stream's reader keeps across reconnections (the spec's last event ID buffer and reconnection time). */
export interface SseState {
  /** The last event ID. */
  lastEventId: string;
  /** The server's `retry:` field, in milliseconds, once it has sent one. */
  reconnectionTime?: number | undefined;
}

/**
 * Splits a byte stream into lines: feed it the chunks, then nothing to end it. Lines end in CRLF,
 * LF or CR (also when split across chunks) and UTF-8 may split anywhere; a long line costs linear
 * time (its pieces are joined once, at its end). With `flushLast`, a last line without a line end
 * counts at the end (NDJSON); without, it is dropped (SSE discards it anyway).
 */
export function createLineDecoder(onLine: (line: string) => void, { flushLast = false } = {}): (bytes?: Uint8Array) => void {
  const decoder = new TextDecoder();
  let pending = '';
  let afterCR = false;
  return (bytes) => {
    let text = decoder.decode(bytes, { stream: !!bytes });
    if (text) {
      // A CRLF split across chunks is one line end.
      if (afterCR && text[0] === '\n') text = text.slice(1);
      afterCR = text.endsWith('\r');
    }
    const lines = text.split(/\r\n?|\n/);
    const rest = lines.pop()!;
    for (const piece of lines) {
      const line = pending + piece;
      pending = '';
      onLine(line);
    }
    pending += rest;
    if (!bytes && flushLast && pending !== '') {
      const line = pending;
      pending = '';
      onLine(line);
    }
  };
}

/** How the SSE decoder watches for events separated by single newlines. */
export interface SseFraming {
  /** The arrival time of the chunk being decoded, in ms (the transport passes `performance.now`). */
  now?: () => number;
  /** Called once, when the stream turns out to separate events by single newlines; `sample` is the first lines held. */
  onSingleNewline?(sample: string): void;
}

/**
 * Two data lines of one block that arrived this far apart (in different chunks) were written as two
 * events: a server writes one event's lines together.
 */
export const SINGLE_NEWLINE_GAP_MS = 40;

/** One `data:` line of a block not yet dispatched, with where and when it arrived. */
interface HeldLine {
  value: string;
  event: string;
  id: string;
  chunk: number;
  time: number;
  json?: boolean;
}

/** Whether a data line is by itself a whole JSON object or array (a whole event of a JSON protocol). */
function isJsonValue(line: HeldLine): boolean {
  if (line.json === undefined) {
    const first = line.value.trimStart()[0];
    line.json = false;
    if (first === '{' || first === '[') {
      try {
        JSON.parse(line.value);
        line.json = true;
      } catch {
        // A piece of a larger value, or not JSON.
      }
    }
  }
  return line.json;
}

/**
 * A spec-exact Server-Sent Events decoder (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * feed it the byte stream's chunks, then nothing to end it. A field-only line (`data`) has an empty
 * value, and every `data:` line counts — also the empty leading ones that fetch-event-source drops.
 * An event without its closing blank line at the end is discarded, as the spec says.
 *
 * `onBlock` runs at each blank line: `dispatched` is true for an event (the block had data) and false
 * otherwise (comments, `id`, `event` or `retry` fields only). `ev.event` is `''` when the server sent
 * no `event:` field; `ev.id` is the last event ID. `state` is updated as `id:` and `retry:` arrive.
 *
 * Single-newline framing (`data: a\ndata: b\n…`, each line meant as an event) is recognised when a
 * block's data lines are whole JSON values that arrived in different chunks, or arrived
 * `SINGLE_NEWLINE_GAP_MS` apart, or when a multi-line block ends in `[DONE]`, or when a body with no
 * blank line at all ends; from then on each data line is dispatched as its own event as it arrives
 * (the lines held so far first). Multi-line data written in one chunk stays one event.
 */
export function createSseDecoder(
  state: SseState,
  onBlock: (ev: ChatStreamEvent, dispatched: boolean) => void,
  { now = () => 0, onSingleNewline }: SseFraming = {},
): (bytes?: Uint8Array) => void {
  let held: HeldLine[] = [];
  let event = '';
  let chunk = 0;
  let time = 0;
  let sawBlank = false;
  let single = false;

  /** Switches to one event per data line, dispatching the lines held so far. */
  const splitLines = () => {
    single = true;
    onSingleNewline?.(held.map((line) => `data: ${line.value}`).join('\\n'));
    const lines = held;
    held = [];
    for (const line of lines) onBlock({ event: line.event, data: line.value, id: line.id }, true);
  };

  /** Whether the last two held lines show single-newline framing. */
  const looksSplit = () => {
    const [before, last] = held.slice(-2);
    if (!before || !last || before.chunk === last.chunk) return false;
    return last.time - before.time >= SINGLE_NEWLINE_GAP_MS || (isJsonValue(before) && isJsonValue(last));
  };

  const line = (line: string) => {
    if (!line) {
      sawBlank = true;
      if (!single && held.length > 1 && held.at(-1)!.value.trim() === '[DONE]') splitLines();
      onBlock({ event, data: held.map((l) => l.value).join('\n'), id: state.lastEventId }, held.length > 0);
      held = [];
      event = '';
      return;
    }
    // A comment has the empty field name; a line without a colon is a field with an empty value.
    const [prefix, field] = /^([^:]*):? ?/.exec(line)!;
    const value = line.slice(prefix.length);
    if (field === 'data') {
      if (single) onBlock({ event, data: value, id: state.lastEventId }, true);
      else {
        held.push({ value, event, id: state.lastEventId, chunk, time });
        if (looksSplit()) splitLines();
      }
    }
    if (field === 'event') event = value;
    if (field === 'id' && !value.includes('\0')) state.lastEventId = value;
    if (field === 'retry' && /^\d+$/.test(value)) state.reconnectionTime = +value;
  };

  const lines = createLineDecoder(line);
  return (bytes) => {
    chunk++;
    time = now();
    lines(bytes);
    // A body that never had a blank line: every data line was meant as an event.
    if (!bytes && !single && !sawBlank && held.length > 0) splitLines();
  };
}
