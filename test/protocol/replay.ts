/**
 * Shared machinery of the protocol tests: a table case is a list of SSE events, the reply parts they
 * give (fed whole, then `flush()`), `completeOnClose()` after them and the error they end with, if
 * any. `checkCases` checks each case as given, and then replays its wire: the events serialized as an
 * SSE stream, cut at every byte (mid-line, mid-field, mid-UTF-8 sequence) and decoded by the real
 * decoder (`src/stream/sse.ts`), must give exactly the same outcome. `splits` and `merge` serve the
 * `<think>` and plain-text replays, where the pieces of a text cut anywhere must give the same reply
 * once adjacent pieces of one kind are joined.
 */
import { expect } from '@open-wc/testing';
import { ChatStreamError } from '../../src/errors.js';
import { createReader } from '../../src/protocol/index.js';
import type { ReplyPart } from '../../src/protocol/parts.js';
import type { BodyFormat, ResponseInfo } from '../../src/protocol/reader.js';
import { createSseDecoder } from '../../src/stream/sse.js';
import type { ChatStreamEvent, ParseEventFunction } from '../../src/types.js';

export type Ev = Partial<ChatStreamEvent> & { data: string };

export const ev = ({ event = '', data, id = '' }: Ev): ChatStreamEvent => ({ event, data, id });

export const text = (t: string): ReplyPart => ({ type: 'text', text: t });
export const reasoning = (t: string): ReplyPart => ({ type: 'reasoning', text: t });
export const DONE: ReplyPart = { type: 'done' };
export const unreadable = (...keys: string[]): ReplyPart => ({ type: 'unreadable', keys });

/** What the transport would tell the reader about the response. */
export interface InfoInit {
  format?: BodyFormat;
  contentType?: string;
  headers?: Record<string, string>;
}

export const responseInfo = ({ format = 'sse', contentType, headers = {} }: InfoInit = {}): ResponseInfo => ({
  format,
  contentType: contentType ?? (format === 'ndjson' ? 'application/x-ndjson' : format === 'text' ? 'text/plain' : 'text/event-stream'),
  headers: new Headers(headers),
});

export interface Thrown {
  code: string;
  message: string;
}

export interface Case {
  name: string;
  protocol: string;
  events: Ev[];
  /** Every part of the events fed whole, then of `flush()` (none after a throw), in order. */
  parts: ReplyPart[];
  /** `completeOnClose()` after the events. */
  complete: boolean;
  /** The error the events end with. */
  throws?: Thrown;
  parseEvent?: ParseEventFunction;
  info?: InfoInit;
}

export interface Outcome {
  parts: ReplyPart[];
  complete: boolean;
  throws?: Thrown;
}

/** Feeds events to a fresh reader, as the transport does: `open`, each `read`, then `flush`. */
export function feed(protocol: string, events: ChatStreamEvent[], { parseEvent, info }: Pick<Case, 'parseEvent' | 'info'> = {}): Outcome {
  const reader = createReader(protocol, parseEvent);
  reader.open(responseInfo(info));
  const parts: ReplyPart[] = [];
  let throws: Thrown | undefined;
  try {
    for (const e of events) parts.push(...reader.read(e));
    parts.push(...reader.flush());
  } catch (error) {
    if (!(error instanceof ChatStreamError)) throw error;
    throws = { code: error.code, message: error.message };
  }
  return { parts, complete: reader.completeOnClose(), ...(throws && { throws }) };
}

/** The events as an SSE stream on the wire. */
export function serializeSse(events: Ev[]): string {
  return events
    .map(({ event, id, data }) => {
      const lines = data.split('\n').map((line) => `data: ${line}\n`);
      return `${event ? `event: ${event}\n` : ''}${id ? `id: ${id}\n` : ''}${lines.join('')}\n`;
    })
    .join('');
}

/** Decodes `bytes` with the real SSE decoder, fed in the chunks that `cuts` (byte offsets) make. */
export function decodeSse(bytes: Uint8Array, cuts: number[]): ChatStreamEvent[] {
  const events: ChatStreamEvent[] = [];
  const decode = createSseDecoder({ lastEventId: '' }, (e, dispatched) => {
    if (dispatched) events.push(e);
  });
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    decode(bytes.subarray(from, cut));
    from = cut;
  }
  decode();
  return events;
}

/** Joins adjacent text, adjacent reasoning and adjacent argument deltas of one call. */
export function merge(parts: ReplyPart[]): ReplyPart[] {
  const merged: ReplyPart[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (last && (part.type === 'text' || part.type === 'reasoning') && last.type === part.type) {
      merged[merged.length - 1] = { type: part.type, text: last.text + part.text };
    } else if (last?.type === 'tool-input-delta' && part.type === 'tool-input-delta' && last.id === part.id) {
      merged[merged.length - 1] = { ...last, delta: last.delta + part.delta };
    } else {
      merged.push(part);
    }
  }
  return merged;
}

/** Every way to cut `input` into `count` pieces (empty pieces included). */
export function splits(input: string, count: 2 | 3): string[][] {
  const result: string[][] = [];
  for (let i = 0; i <= input.length; i++) {
    if (count === 2) {
      result.push([input.slice(0, i), input.slice(i)]);
      continue;
    }
    for (let j = i; j <= input.length; j++) result.push([input.slice(0, i), input.slice(i, j), input.slice(j)]);
  }
  return result;
}

/** Checks each case fed whole, then replayed through the SSE decoder at every byte split and byte by byte. */
export function checkCases(cases: Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const whole = feed(c.protocol, c.events.map(ev), c);
      expect(whole.parts, 'parts').to.deep.equal(c.parts);
      expect(whole.complete, 'completeOnClose').to.equal(c.complete);
      expect(whole.throws, 'throws').to.deep.equal(c.throws);
      // NDJSON lines reach the reader whole from the transport's line splitter: there is no SSE wire to replay.
      if ((c.info?.format ?? 'sse') !== 'sse') return;
      const bytes = new TextEncoder().encode(serializeSse(c.events));
      const everyByte = Array.from({ length: bytes.length }, (_, i) => i);
      for (const cuts of [...everyByte.map((i) => [i]), everyByte]) {
        const replayed = feed(c.protocol, decodeSse(bytes, cuts), c);
        expect(replayed, `cut at bytes ${cuts.length === 1 ? cuts[0] : 'each'}`).to.deep.equal(whole);
      }
    });
  }
}

/** A reply that opens with a `<think>` section, and the parts it must give however its text is cut. */
export const THINKING_REPLY = '<think>\nThe user greets me; I greet back ✓.\n</think>\n\nHello **there** ✓';
export const THINKING_PARTS: ReplyPart[] = [reasoning('The user greets me; I greet back ✓.\n'), text('Hello **there** ✓')];

/**
 * Checks that a protocol splits `<think>` out of its text at every cut of `THINKING_REPLY` into
 * three text events (`toEvent` wraps a piece in the protocol's event, `end` closes the stream).
 */
export function checkThinkReplay(protocol: string, toEvent: (piece: string) => Ev, end: { events: Ev[]; parts: ReplyPart[] }, info?: InfoInit): void {
  it(`splits <think> out of the text at every cut into three events (${protocol}${info ? `, ${JSON.stringify(info)}` : ''})`, () => {
    for (const pieces of splits(THINKING_REPLY, 3)) {
      const events = [...pieces.map(toEvent), ...end.events].map(ev);
      const outcome = feed(protocol, events, { ...(info && { info }) });
      expect(merge(outcome.parts), JSON.stringify(pieces)).to.deep.equal([...THINKING_PARTS, ...end.parts]);
      expect(outcome.throws).to.equal(undefined);
    }
  });
}
