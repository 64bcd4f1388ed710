/**
 * Reads one response body in the format its headers (and, for `text/event-stream`, its first line)
 * say: SSE events, NDJSON lines, or plain text. It decides the format before handing anything on,
 * so a `text/event-stream` body that is not SSE reaches the caller whole, from its first byte, as
 * text; it records when each event arrived for the burst check. Pure: no DOM, no timers; the caller
 * gives the clock.
 */
import type { BodyFormat } from '../protocol/reader.js';
import type { ChatStreamEvent } from '../types.js';
import { firstLine, singleNewline, sniffSse, unframed } from './doctor.js';
import type { Diagnosis } from './doctor.js';
import { createLineDecoder, createSseDecoder } from './sse.js';
import type { SseState } from './sse.js';

/** Media types read as NDJSON: one JSON value per line. */
const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines']);

/** The format of a media type (lower-cased, without parameters), or undefined when the transport does not read it. */
export function formatOf(contentType: string): BodyFormat | undefined {
  if (contentType === 'text/event-stream') return 'sse';
  if (contentType === 'text/plain') return 'text';
  return NDJSON_TYPES.has(contentType) ? 'ndjson' : undefined;
}

/** Where a body's contents go. */
export interface BodySink {
  /** The format is decided: called once, before anything else. */
  open(format: BodyFormat): void;
  /** One SSE event or one NDJSON line (`{ event: '', data: line, id: '' }`). */
  event(ev: ChatStreamEvent): void;
  /** One decoded chunk of a plain-text body. */
  text(chunk: string): void;
  /** A server mistake seen in the body. */
  diagnose(diagnosis: Diagnosis): void;
}

/** One response body, fed chunk by chunk. */
export class BodyReader {
  /** When each event arrived (the clock's time of its chunk). */
  readonly arrivals: number[] = [];
  /** The format, once decided. */
  format: BodyFormat | undefined;

  private feed: ((bytes?: Uint8Array) => void) | undefined;
  /** The chunks of a `text/event-stream` body held until its first line tells whether it is SSE. */
  private held: Uint8Array[] = [];
  private readonly sniffDecoder = new TextDecoder();
  private start = '';
  /** The arrival time of the chunk being read. */
  private time = 0;

  constructor(
    declared: BodyFormat,
    private readonly state: SseState,
    private readonly sink: BodySink,
    private readonly now: () => number,
  ) {
    if (declared !== 'sse') this.begin(declared);
  }

  /** Reads one chunk. */
  push(bytes: Uint8Array): void {
    this.time = this.now();
    if (this.feed) this.feed(bytes);
    else this.sniff(bytes);
  }

  /** Reads the end of the body. */
  end(): void {
    this.time = this.now();
    if (!this.feed) this.sniff();
    this.feed!();
  }

  /** Holds a chunk of a `text/event-stream` body until its first line decides; then replays what was held. */
  private sniff(bytes?: Uint8Array): void {
    if (bytes) {
      this.held.push(bytes);
      this.start += this.sniffDecoder.decode(bytes, { stream: true });
    }
    const sse = sniffSse(this.start, !bytes);
    if (sse === undefined) return;
    if (!sse) this.sink.diagnose(unframed(firstLine(this.start)));
    this.begin(sse ? 'sse' : 'text');
    const held = this.held;
    this.held = [];
    this.start = '';
    for (const chunk of held) this.feed!(chunk);
  }

  private begin(format: BodyFormat): void {
    this.format = format;
    this.sink.open(format);
    const event = (ev: ChatStreamEvent) => {
      this.arrivals.push(this.time);
      this.sink.event(ev);
    };
    if (format === 'sse') {
      this.feed = createSseDecoder(this.state, (ev, dispatched) => dispatched && event(ev), {
        now: () => this.time,
        onSingleNewline: (sample) => this.sink.diagnose(singleNewline(sample)),
      });
    } else if (format === 'ndjson') {
      // Blank lines (and whitespace-only ones) separate nothing in NDJSON: skipped.
      this.feed = createLineDecoder((line) => line.trim() !== '' && event({ event: '', data: line, id: '' }), { flushLast: true });
    } else {
      const decoder = new TextDecoder();
      this.feed = (bytes) => {
        const text = decoder.decode(bytes, { stream: !!bytes });
        if (text) this.sink.text(text);
      };
    }
  }
}
