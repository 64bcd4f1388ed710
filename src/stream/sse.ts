import type { ChatStreamEvent } from '../types.js';

/**
 * A spec-exact Server-Sent Events decoder (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * bytes in, events out. Lines end in CRLF, LF or CR (also when split across chunks), UTF-8 may split
 * anywhere, a field-only line (`data`) has an empty value, and every `data:` line counts — also the
 * empty leading ones that fetch-event-source drops. A long line costs linear time: its pieces are
 * joined once, at its end.
 */
export class SseDecoder {
  /** The last event ID buffer, which survives reconnections. */
  lastEventId: string;
  /** The server's `retry:` field, in milliseconds, once it has sent one. */
  reconnectionTime: number | undefined;

  private readonly decoder = new TextDecoder();
  private readonly onBlock: (ev: ChatStreamEvent, dispatched: boolean) => void;
  private pending: string[] = [];
  private pendingCR = false;
  private data: string[] = [];
  private hasData = false;
  private eventType = '';
  private sawField = false;

  /**
   * `onBlock` runs at each blank line that ends a block of fields: `dispatched` is true for an event
   * (the block had data) and false for a block of only comments, `id`, `event` or `retry` fields.
   * `ev.event` is `''` when the server sent no `event:` field; `ev.id` is the last event ID.
   */
  constructor(onBlock: (ev: ChatStreamEvent, dispatched: boolean) => void, lastEventId = '') {
    this.onBlock = onBlock;
    this.lastEventId = lastEventId;
  }

  /** Feeds the next chunk of the byte stream. */
  push(bytes: Uint8Array): void {
    this.feed(this.decoder.decode(bytes, { stream: true }));
  }

  /** Ends the stream; an event without its closing blank line is discarded, as the spec says. */
  end(): void {
    this.feed(this.decoder.decode());
    this.pending = [];
    this.pendingCR = false;
  }

  /** Feeds decoded text (the byte-level `push` is the usual entry point). */
  feed(text: string): void {
    const n = text.length;
    let start = 0;
    if (this.pendingCR && n > 0) {
      this.pendingCR = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    for (let i = start; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      let line = text.slice(start, i);
      if (this.pending.length > 0) {
        this.pending.push(line);
        line = this.pending.join('');
        this.pending = [];
      }
      if (c === 13) {
        if (i + 1 < n) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCR = true;
        }
      }
      start = i + 1;
      this.line(line);
    }
    if (start < n) this.pending.push(start === 0 ? text : text.slice(start));
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) {
      this.sawField = true;
      return;
    }
    const colon = line.indexOf(':');
    let field = line;
    let value = '';
    if (colon !== -1) {
      field = line.slice(0, colon);
      value = line.slice(colon + (line.charCodeAt(colon + 1) === 32 ? 2 : 1));
    }
    this.sawField = true;
    switch (field) {
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.reconnectionTime = Number(value);
        break;
    }
  }

  private dispatch(): void {
    if (!this.sawField) return;
    const ev: ChatStreamEvent = { event: this.eventType, data: this.data.join('\n'), id: this.lastEventId };
    const dispatched = this.hasData;
    this.data = [];
    this.hasData = false;
    this.eventType = '';
    this.sawField = false;
    this.onBlock(ev, dispatched);
  }
}

/**
 * Writes one block in a form fetch-event-source's parser reads back losslessly: data as a single
 * JSON string line (its parser drops empty leading `data:` lines), and `id:` on every block so its
 * `Last-Event-ID` header always equals the decoder's last event ID. A block with no data reaches it
 * as an event with empty data, which is never a JSON string.
 */
export function encodeCanonical(ev: ChatStreamEvent, dispatched: boolean): string {
  let out = `id: ${ev.id}\n`;
  if (dispatched) {
    if (ev.event !== '') out += `event: ${ev.event}\n`;
    out += `data: ${JSON.stringify(ev.data)}\n`;
  }
  return `${out}\n`;
}
