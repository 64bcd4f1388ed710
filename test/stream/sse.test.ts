import { expect } from '@open-wc/testing';
import { createSseDecoder } from '../../src/stream/sse.js';
import type { SseState } from '../../src/stream/sse.js';
import type { ChatStreamEvent } from '../../src/types.js';

type Block = ChatStreamEvent & { dispatched: boolean };

function decode(chunks: Uint8Array[], lastEventId = ''): { blocks: Block[]; decoder: SseState } {
  const blocks: Block[] = [];
  const decoder: SseState = { lastEventId };
  const push = createSseDecoder(decoder, (ev, dispatched) => blocks.push({ ...ev, dispatched }));
  for (const chunk of chunks) push(chunk);
  push();
  return { blocks, decoder };
}

const bytes = (text: string) => new TextEncoder().encode(text);
const events = (blocks: Block[]) => blocks.filter((b) => b.dispatched).map(({ event, data, id }) => ({ event, data, id }));
const ev = (data: string, event = '', id = '') => ({ event, data, id });

const cases: { name: string; input: string; expected: ChatStreamEvent[] }[] = [
  { name: 'one event', input: 'data: hello\n\n', expected: [ev('hello')] },
  { name: 'multi-line data', input: 'data: a\ndata: b\n\n', expected: [ev('a\nb')] },
  { name: 'empty leading data lines keep their newlines', input: 'data: \ndata: \ndata: ## Title\n\n', expected: [ev('\n\n## Title')] },
  { name: 'data lines with no space', input: 'data:\ndata:x\n\n', expected: [ev('\nx')] },
  { name: 'a lone empty data line is an event with empty data', input: 'data:\n\n', expected: [ev('')] },
  { name: 'trailing empty data line', input: 'data: a\ndata:\n\n', expected: [ev('a\n')] },
  { name: 'only one space is stripped', input: 'data:  two spaces\n\n', expected: [ev(' two spaces')] },
  { name: 'a field with no colon has an empty value', input: 'data\ndata\n\n', expected: [ev('\n')] },
  { name: 'CRLF line endings', input: 'event: x\r\ndata: a\r\ndata: b\r\n\r\n', expected: [ev('a\nb', 'x')] },
  { name: 'CR line endings', input: 'data: a\rdata: b\r\r', expected: [ev('a\nb')] },
  { name: 'mixed line endings', input: 'data: a\r\ndata: b\rdata: c\n\r\n', expected: [ev('a\nb\nc')] },
  { name: 'comments are not events', input: ': ping\n\n:\n\ndata: x\n\n', expected: [ev('x')] },
  { name: 'a block with no data is not an event', input: 'event: e\n\ndata: x\n\n', expected: [ev('x')] },
  { name: 'ids persist until changed', input: 'id: 1\ndata: a\n\ndata: b\n\nid:\ndata: c\n\n', expected: [ev('a', '', '1'), ev('b', '', '1'), ev('c')] },
  { name: 'an id with NUL is ignored', input: 'id: 1\ndata: a\n\nid: 2\0\ndata: b\n\n', expected: [ev('a', '', '1'), ev('b', '', '1')] },
  { name: 'the event type resets per event', input: 'event: x\ndata: a\n\ndata: b\n\n', expected: [ev('a', 'x'), ev('b')] },
  { name: 'unknown fields are ignored', input: 'foo: bar\ndata: a\n\n', expected: [ev('a')] },
  { name: 'a leading BOM is stripped', input: '\uFEFFdata: a\n\n', expected: [ev('a')] },
  { name: 'a BOM inside data is kept', input: 'data: \uFEFFa\n\n', expected: [ev('\uFEFFa')] },
  { name: 'an unterminated event at the end is discarded', input: 'data: a\n\ndata: b\n', expected: [ev('a')] },
  { name: 'UTF-8 text', input: 'data: 日本語 😀 café\n\n', expected: [ev('日本語 😀 café')] },
  { name: 'colons in the value', input: 'data: a: b: c\n\n', expected: [ev('a: b: c')] },
];

describe('createSseDecoder', () => {
  for (const { name, input, expected } of cases) {
    it(name, () => {
      expect(events(decode([bytes(input)]).blocks)).to.deep.equal(expected);
    });
    it(`${name}, split at every byte`, () => {
      const all = bytes(input);
      for (let i = 0; i <= all.length; i++) {
        const got = events(decode([all.subarray(0, i), all.subarray(i)]).blocks);
        expect(got, `split at ${i}`).to.deep.equal(expected);
      }
    });
  }

  it('is right when every byte is its own chunk', () => {
    const input = 'id: 7\r\nevent: t\r\ndata: \r\ndata: ## 日本 😀\r\n\r\n: c\r\n\r\n';
    const all = bytes(input);
    const chunks = Array.from(all, (_, i) => all.subarray(i, i + 1));
    expect(events(decode(chunks).blocks)).to.deep.equal([ev('\n## 日本 😀', 't', '7')]);
  });

  it('reports id-only blocks and the retry field', () => {
    const { blocks, decoder } = decode([bytes('retry: 1500\nid: 4\n\nretry: x\n\n')]);
    expect(blocks).to.deep.equal([
      { event: '', data: '', id: '4', dispatched: false },
      { event: '', data: '', id: '4', dispatched: false },
    ]);
    expect(decoder.reconnectionTime).to.equal(1500);
    expect(decoder.lastEventId).to.equal('4');
  });

  it('starts from a given last event id (a resumed stream)', () => {
    expect(events(decode([bytes('data: a\n\n')], '9').blocks)).to.deep.equal([ev('a', '', '9')]);
  });

  describe('single-newline framing', () => {
    /** Decodes `chunks` (text, arrival time in ms) with that clock; returns the events and the warnings. */
    function timed(chunks: Array<[string, number]>) {
      const blocks: Block[] = [];
      const samples: string[] = [];
      let time = 0;
      const push = createSseDecoder({ lastEventId: '' }, (ev, dispatched) => blocks.push({ ...ev, dispatched }), { now: () => time, onSingleNewline: (s) => samples.push(s) });
      for (const [text, at] of chunks) {
        time = at;
        push(bytes(text));
      }
      push();
      return { events: events(blocks).map((e) => e.data), samples };
    }
    const cases: { name: string; chunks: Array<[string, number]>; expected: string[]; warned: boolean }[] = [
      { name: 'text lines 40 ms apart', chunks: [['data: a\n', 0], ['data: b\n', 40], ['\n', 41]], expected: ['a', 'b'], warned: true },
      { name: 'text lines 10 ms apart stay one event', chunks: [['data: a\n', 0], ['data: b\n', 10], ['\n', 11]], expected: ['a\nb'], warned: false },
      { name: 'JSON lines in two chunks, no gap', chunks: [['data: {"a":1}\n', 0], ['data: {"b":2}\n\n', 0]], expected: ['{"a":1}', '{"b":2}'], warned: true },
      { name: 'JSON lines in one chunk stay one event', chunks: [['data: {"a":1}\ndata: {"b":2}\n\n', 0]], expected: ['{"a":1}\n{"b":2}'], warned: false },
      { name: 'a multi-line block ending in [DONE]', chunks: [['data: a\ndata: b\ndata: [DONE]\n\n', 0]], expected: ['a', 'b', '[DONE]'], warned: true },
      { name: 'a body with no blank line at all', chunks: [['data: a\ndata: b\n', 0]], expected: ['a', 'b'], warned: true },
      { name: 'an unterminated event after a blank line is still discarded', chunks: [['data: a\n\ndata: b\n', 0]], expected: ['a'], warned: false },
      { name: 'lines after the switch go out one by one, blank lines or not', chunks: [['data: {"a":1}\n', 0], ['data: {"b":2}\n', 1], ['data: c\ndata: d\n\ndata: e\n', 2]], expected: ['{"a":1}', '{"b":2}', 'c', 'd', 'e'], warned: true },
    ];
    for (const { name, chunks, expected, warned } of cases) {
      it(name, () => {
        const { events: got, samples } = timed(chunks);
        expect(got).to.deep.equal(expected);
        expect(samples.length).to.equal(warned ? 1 : 0);
      });
    }
  });

  it('reads a 4 MB line in 1 KB chunks in linear time', () => {
    const size = 4 * 1024 * 1024;
    const line = 'x'.repeat(size);
    const all = bytes(`data: ${line}\n\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < all.length; i += 1024) chunks.push(all.subarray(i, i + 1024));
    const start = performance.now();
    const got = events(decode(chunks).blocks);
    const elapsed = performance.now() - start;
    expect(got.length).to.equal(1);
    expect(got[0]!.data.length).to.equal(size);
    // Quadratic re-scanning of 4096 chunks would copy about 8 GB; linear work is a few ms.
    expect(elapsed).to.be.lessThan(1000);
  });
});
