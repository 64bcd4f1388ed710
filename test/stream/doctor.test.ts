import { expect } from '@open-wc/testing';
import {
  BURST_MIN_DURATION_MS,
  Doctor,
  burstDelivery,
  burstSizes,
  buffered,
  connections,
  cors,
  firstLine,
  preflightHeaders,
  singleNewline,
  sniffSse,
  speaksHttp2,
  unframed,
  unreadable,
} from '../../src/stream/doctor.js';
import type { Diagnosis, DiagnosisKind } from '../../src/stream/doctor.js';
import { streamsInFlight } from '../../src/stream/transport.js';
import { createControlledFetch } from '../helpers/controlled-fetch.js';
import type { ControlledFetch, ControlledStream } from '../helpers/controlled-fetch.js';
import { mockUrl, startRun } from './harness.js';
import type { Run } from './harness.js';

const encoder = new TextEncoder();
/** Another origin that reaches the same test server (localhost ↔ 127.0.0.1). */
const OTHER_ORIGIN = `http://${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;

const kinds = (run: Run): DiagnosisKind[] => run.diagnoses.map((d) => d.kind);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds (checked every few ms), failing after two seconds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 2000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(5);
  }
}

async function failure(run: Run) {
  const result = await run.result;
  if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
  return result.error;
}

/** Runs a reply over a controlled fetch: `chunks` are written one by one, then the body closes. */
async function runOver(chunks: Array<string | Uint8Array>, { protocol = 'text', contentType = 'text/event-stream' } = {}) {
  const server = createControlledFetch({ contentType });
  const run = startRun({ url: '/chat', protocol, fetch: server.fetch });
  const stream = await server.nextRequest();
  for (const chunk of chunks) stream.push(chunk);
  stream.close();
  return { run, result: await run.result };
}

/** Every way to cut `wire` in two (at each byte). */
function* splits(wire: string): Generator<[Uint8Array, Uint8Array, number]> {
  const all = encoder.encode(wire);
  for (let i = 0; i <= all.length; i++) yield [all.subarray(0, i), all.subarray(i), i];
}

describe('doctor: warnings', () => {
  const cases: { diagnosis: Diagnosis; kind: DiagnosisKind; names: string[] }[] = [
    { diagnosis: singleNewline('data: a\\ndata: b'), kind: 'single-newline', names: ['"data: a\\ndata: b"', 'data: <payload>\\n\\n', 'fmt.Fprintf(w, "data: %s\\n\\n", chunk)'] },
    { diagnosis: unframed('Hello there'), kind: 'unframed', names: ['"Hello there"', 'data: <chunk>\\n\\n', 'media_type="text/plain; charset=utf-8"'] },
    { diagnosis: buffered(40, 1, 2500), kind: 'buffered', names: ['40 events arrived in 1 burst, 2500 ms', 'X-Accel-Buffering: no', 'proxy_buffering off;', 'gzip off;'] },
    {
      diagnosis: cors({ url: 'https://api.example/chat', origin: 'https://app.example', method: 'post', headers: ['content-type', 'authorization'], credentials: 'include' }),
      kind: 'cors',
      names: ['https://api.example/chat', 'Access-Control-Allow-Origin: https://app.example', 'Access-Control-Allow-Credentials: true', 'Access-Control-Allow-Methods: POST', 'Access-Control-Allow-Headers: content-type, authorization'],
    },
    { diagnosis: connections('http://api.example', 7), kind: 'connections', names: ['7 streams to http://api.example', '6 connections per origin', 'listen 443 ssl http2;'] },
    { diagnosis: unreadable(['id', 'output'], 'openai'), kind: 'unreadable', names: ['"openai" protocol', 'the keys "id", "output"', 'parseEvent', 'protocol'] },
  ];
  for (const { diagnosis, kind, names } of cases) {
    it(`${kind}: names ${names.join(' · ')}`, () => {
      expect(diagnosis.kind).to.equal(kind);
      for (const name of names) expect(diagnosis.message, diagnosis.message).to.include(name);
    });
  }

  it('cors: without credentials says nothing of them; with no preflight headers names content-type', () => {
    const { message } = cors({ url: '/x', origin: 'https://app.example', method: 'POST', headers: [] });
    expect(message).to.not.include('Credentials');
    expect(message).to.include('Access-Control-Allow-Headers: content-type');
  });

  it('server data in a warning is shortened', () => {
    const { message } = unframed('x'.repeat(500));
    expect(message).to.include(`"${'x'.repeat(80)}…"`);
    expect(message).to.not.include('x'.repeat(81));
  });

  it('Doctor warns once per kind, with the prefix; each instance on its own', () => {
    const warned: string[] = [];
    const doctor = new Doctor((m) => warned.push(m));
    const other = new Doctor((m) => warned.push(`other ${m}`));
    doctor.report(unframed('a'));
    doctor.report(unframed('b'));
    doctor.report(connections('http://x', 7));
    other.report(unframed('c'));
    expect(warned).to.deep.equal([`<chat-stream> ${unframed('a').message}`, `<chat-stream> ${connections('http://x', 7).message}`, `other <chat-stream> ${unframed('c').message}`]);
    expect(doctor.has('unframed')).to.equal(true);
    expect(doctor.has('cors')).to.equal(false);
  });

  it('Doctor warns with console.warn by default', () => {
    const original = console.warn;
    const seen: unknown[][] = [];
    console.warn = (...args: unknown[]) => void seen.push(args);
    try {
      new Doctor().report(buffered(9, 1, 1200));
    } finally {
      console.warn = original;
    }
    expect(seen).to.deep.equal([[`<chat-stream> ${buffered(9, 1, 1200).message}`]]);
  });

  it('preflightHeaders lists what a preflight must allow', () => {
    const cases: { headers: Record<string, string>; expected: string[] }[] = [
      { headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' }, expected: ['content-type'] },
      { headers: { 'Content-Type': 'text/plain;charset=utf-8', Authorization: 'Bearer k' }, expected: ['authorization'] },
      { headers: { Accept: 'x', 'Accept-Language': 'en', 'Content-Language': 'en' }, expected: [] },
      { headers: { 'Content-Type': 'application/json', 'Last-Event-ID': '4', 'X-Api-Key': 'k' }, expected: ['content-type', 'last-event-id', 'x-api-key'] },
    ];
    for (const { headers, expected } of cases) expect(preflightHeaders(headers), JSON.stringify(headers)).to.deep.equal(expected);
  });
});

describe('doctor: pure checks', () => {
  describe('sniffSse', () => {
    const cases: { start: string; ended?: boolean; expected: boolean | undefined }[] = [
      { start: '', expected: undefined },
      { start: '', ended: true, expected: true },
      { start: '\n\r\n', expected: undefined },
      { start: '\n\n', ended: true, expected: true },
      { start: 'd', expected: undefined },
      { start: 'dat', expected: undefined },
      { start: 'data', expected: undefined },
      { start: 'data', ended: true, expected: true },
      { start: 'data:', expected: true },
      { start: 'data: x\n\n', expected: true },
      { start: 'data\n', expected: true },
      { start: 'event: delta\n', expected: true },
      { start: 'id: 1', expected: true },
      { start: 'retry: 100\n', expected: true },
      { start: ': ping\n\n', expected: true },
      { start: ':', expected: true },
      { start: '\r\n\r\ndata: x', expected: true },
      { start: 'Hello', expected: false },
      { start: 'database rows', expected: false },
      { start: 'dat\n', expected: false },
      { start: 'ids are', expected: false },
      { start: 'Data: x\n', expected: false },
      { start: ' data: x\n', expected: false },
      { start: '{"delta":"x"}\n', expected: false },
      { start: 'foo: bar\n', expected: false },
      { start: '\n\nHello', expected: false },
      { start: 'retr', ended: true, expected: false },
    ];
    for (const { start, ended = false, expected } of cases) {
      it(`${JSON.stringify(start)}${ended ? ' (ended)' : ''} → ${expected}`, () => expect(sniffSse(start, ended)).to.equal(expected));
    }
    it('firstLine skips blank lines', () => expect(firstLine('\r\n\nHello\nworld')).to.equal('Hello'));
  });

  describe('burstDelivery', () => {
    const at = (start: number, count: number, step: number) => Array.from({ length: count }, (_, i) => start + i * step);
    const cases: { name: string; startedAt: number; times: number[]; endedAt: number; expected: string | undefined }[] = [
      { name: 'all at once after 1.5 s', startedAt: 0, times: at(1500, 40, 0), endedAt: 1501, expected: '40 events arrived in 1 burst' },
      { name: 'two proxy flushes', startedAt: 0, times: [...at(900, 20, 1), ...at(1800, 20, 1)], endedAt: 1820, expected: '40 events arrived in 2 bursts' },
      { name: 'a role chunk at once, the rest held back', startedAt: 0, times: [5, ...at(2000, 30, 0)], endedAt: 2000, expected: '31 events arrived in 2 bursts' },
      { name: 'paced 60 ms apart', startedAt: 0, times: at(100, 40, 60), endedAt: 2500, expected: undefined },
      { name: 'paced 20 ms apart (two or three per window)', startedAt: 0, times: at(100, 100, 20), endedAt: 2200, expected: undefined },
      { name: 'a fast local stream, under a second', startedAt: 0, times: at(50, 200, 1), endedAt: 300, expected: undefined },
      { name: 'too few events', startedAt: 0, times: at(1500, 7, 0), endedAt: 1500, expected: undefined },
      { name: 'exactly the least duration and events', startedAt: 0, times: at(BURST_MIN_DURATION_MS, 8, 0), endedAt: BURST_MIN_DURATION_MS, expected: '8 events arrived in 1 burst' },
      { name: 'half paced, half in one burst', startedAt: 0, times: [...at(100, 20, 60), ...at(2000, 20, 0)], endedAt: 2000, expected: undefined },
    ];
    for (const { name, expected, ...arrivals } of cases) {
      it(`${name} → ${expected ?? 'no diagnosis'}`, () => {
        const diagnosis = burstDelivery(arrivals);
        if (expected === undefined) expect(diagnosis).to.equal(undefined);
        else expect(diagnosis?.message).to.include(expected);
      });
    }
    it('burstSizes groups arrivals within 50 ms of a burst’s first', () => {
      expect(burstSizes([0, 10, 50, 51, 100, 500])).to.deep.equal([3, 2, 1]);
      expect(burstSizes([0, 40, 80, 120])).to.deep.equal([2, 2]);
      expect(burstSizes([])).to.deep.equal([]);
    });
  });

  describe('speaksHttp2', () => {
    const entries = [
      { name: 'https://h2.example/app.js', nextHopProtocol: 'h2' },
      { name: 'https://h3.example/x', nextHopProtocol: 'h3' },
      { name: 'http://old.example/x', nextHopProtocol: 'http/1.1' },
      { name: 'https://hidden.example/x', nextHopProtocol: '' },
    ];
    const cases = [
      { origin: 'https://h2.example', expected: true },
      { origin: 'https://h3.example', expected: true },
      { origin: 'http://old.example', expected: false },
      { origin: 'https://hidden.example', expected: false },
      { origin: 'https://never-seen.example', expected: false },
      { origin: 'http://h2.example', expected: false },
    ];
    for (const { origin, expected } of cases) it(`${origin} → ${expected}`, () => expect(speaksHttp2(origin, entries)).to.equal(expected));
  });
});

describe('doctor: single-newline framing', () => {
  // A Go server writing `data: %s\n` per delta and `data: [DONE]\n\n` at the end.
  const GO_TEXT = 'data: Hel\ndata: lo\ndata:  wor\ndata: ld\ndata: [DONE]\n\n';
  const chunk = (content: string) => JSON.stringify({ choices: [{ delta: { content } }] });
  const GO_OPENAI = `data: ${chunk('Hel')}\ndata: ${chunk('lo')}\ndata: ${chunk(' 日本')}\ndata: [DONE]\n\n`;
  // A Node server writing `data: ${json}\n` and ending the response: no blank line at all.
  const NODE_JSON = 'data: {"delta":"Hel"}\r\ndata: {"delta":"lo"}\r\ndata: {"delta":" 😀"}\r\n';
  const cases = [
    { name: 'text deltas, [DONE] at the end', wire: GO_TEXT, protocol: 'text', events: ['Hel', 'lo', ' wor', 'ld', '[DONE]'], text: 'Hello world' },
    { name: 'openai chunks, [DONE] at the end', wire: GO_OPENAI, protocol: 'openai', events: [chunk('Hel'), chunk('lo'), chunk(' 日本'), '[DONE]'], text: 'Hello 日本' },
    { name: 'json lines and CRLF, no blank line at all', wire: NODE_JSON, protocol: 'json', events: ['{"delta":"Hel"}', '{"delta":"lo"}', '{"delta":" 😀"}'], text: 'Hello 😀' },
  ];
  for (const { name, wire, protocol, events, text } of cases) {
    it(`${name}: each line is an event, at every split point, with one warning`, async () => {
      for (const [a, b, i] of splits(wire)) {
        const { run, result } = await runOver([a, b], { protocol });
        expect(result, `split at ${i}`).to.deep.equal({ outcome: 'complete' });
        expect(run.events.map((e) => e.data), `split at ${i}`).to.deep.equal(events);
        expect(run.text, `split at ${i}`).to.equal(text);
        expect(kinds(run), `split at ${i}`).to.deep.equal(['single-newline']);
      }
    });
  }

  it('json lines in separate writes stream as they arrive, before the end', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', protocol: 'openai', fetch: server.fetch });
    const stream = await server.nextRequest();
    stream.push(`data: ${chunk('Hel')}\n`);
    stream.push(`data: ${chunk('lo')}\n`);
    await until(() => run.text === 'Hello', 'the first two lines');
    stream.push(`data: ${chunk('!')}\n`);
    await until(() => run.text === 'Hello!', 'the third line');
    expect(kinds(run)).to.deep.equal(['single-newline']);
    stream.push('data: [DONE]\n');
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(run.text).to.equal('Hello!');
    expect(run.events.at(-1)!.data).to.equal('[DONE]');
  });

  it('text lines written apart in time stream as they arrive, and [DONE] ends the reply instead of being shown', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', protocol: 'text', fetch: server.fetch });
    const stream = await server.nextRequest();
    stream.push('data: Hel\n');
    await wait(60);
    stream.push('data: lo\n');
    await until(() => run.text === 'Hello', 'the second line');
    await wait(60);
    stream.push('data: [DONE]\n');
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(run.text).to.equal('Hello');
    expect(kinds(run)).to.deep.equal(['single-newline']);
  });

  it('event: fields before each line still apply to it', async () => {
    const { run, result } = await runOver(['event: a\ndata: {"delta":"x"}\n', 'event: b\ndata: {"delta":"y"}\n\n'], { protocol: 'json' });
    expect(result).to.deep.equal({ outcome: 'complete' });
    expect(run.events.map((e) => [e.event, e.data])).to.deep.equal([
      ['a', '{"delta":"x"}'],
      ['b', '{"delta":"y"}'],
    ]);
  });

  const legit = [
    { name: 'multi-line text', wire: 'data: a\ndata: \ndata: b\n\ndata: c\n\n', protocol: 'text', events: ['a\n\nb', 'c'] },
    { name: 'pretty-printed JSON over several lines', wire: 'data: {"delta":\ndata:  "x"}\n\ndata: {"delta": "y"}\n\n', protocol: 'json', events: ['{"delta":\n "x"}', '{"delta": "y"}'] },
    { name: 'one event per blank line, [DONE] alone', wire: `data: ${chunk('a')}\n\ndata: [DONE]\n\n`, protocol: 'openai', events: [chunk('a'), '[DONE]'] },
  ];
  for (const { name, wire, protocol, events } of legit) {
    it(`a correct stream (${name}) keeps its events, at every split point, with no warning`, async () => {
      for (const [a, b, i] of splits(wire)) {
        const { run, result } = await runOver([a, b], { protocol });
        expect(result, `split at ${i}`).to.deep.equal({ outcome: 'complete' });
        expect(run.events.map((e) => e.data), `split at ${i}`).to.deep.equal(events);
        expect(run.diagnoses, `split at ${i}`).to.deep.equal([]);
      }
    });
  }
});

describe('doctor: unframed text/event-stream', () => {
  const cases = [
    { name: 'bare markdown (FastAPI StreamingResponse yielding text)', body: 'Hello **world**\n\n- one\n- two 日本 😀' },
    { name: 'text that starts like a field name', body: 'database rows: 3\ndata follows' },
    { name: 'bare JSON lines', body: '{"delta":"a"}\n{"delta":"b"}\n' },
    { name: 'leading blank lines, then text', body: '\r\n\nHi' },
  ];
  for (const { name, body } of cases) {
    it(`${name}: the whole body, from its first byte, is plain text, at every split point`, async () => {
      for (const [a, b, i] of splits(body)) {
        const { run, result } = await runOver([a, b], { protocol: 'auto' });
        expect(result, `split at ${i}`).to.deep.equal({ outcome: 'complete' });
        expect(run.texts.join(''), `split at ${i}`).to.equal(body);
        expect(run.events, `split at ${i}`).to.deep.equal([]);
        expect(run.opens.map((o) => [o.contentType, o.format]), `split at ${i}`).to.deep.equal([['text/event-stream', 'text']]);
        expect(run.closes).to.equal(1);
        expect(kinds(run), `split at ${i}`).to.deep.equal(['unframed']);
      }
    });
  }

  it('the text streams from the first chunk when it cannot be SSE', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', protocol: 'auto', fetch: server.fetch });
    const stream = await server.nextRequest();
    stream.push('Hel');
    await until(() => run.texts.join('') === 'Hel', 'the first chunk');
    stream.push('lo');
    stream.close();
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(run.texts.join('')).to.equal('Hello');
  });

  for (const wire of [': ping\n\ndata: a\n\n', 'retry: 100\ndata: a\n\n', 'id: 1\ndata: a\n\n', 'event: message\ndata: a\n\n', '\n\ndata: a\n\n', 'data\ndata: a\n\n']) {
    it(`a correct stream starting ${JSON.stringify(wire.slice(0, 8))} is SSE, with no warning`, async () => {
      for (const [a, b, i] of splits(wire)) {
        const { run, result } = await runOver([a, b]);
        expect(result, `split at ${i}`).to.deep.equal({ outcome: 'complete' });
        expect(run.opens.map((o) => o.format), `split at ${i}`).to.deep.equal(['sse']);
        expect(run.events.at(-1)!.data, `split at ${i}`).to.match(/a$/);
        expect(run.diagnoses, `split at ${i}`).to.deep.equal([]);
      }
    });
  }

  it('onOpen comes before any data, once per response', async () => {
    const order: string[] = [];
    const server = createControlledFetch();
    const run = startRun({
      url: '/chat',
      protocol: 'text',
      fetch: server.fetch,
      onOpen: (info) => void order.push(`open ${info.format}`),
      onEvent: (ev) => {
        order.push(`event ${ev.data}`);
        return false;
      },
      onClose: () => void order.push('close'),
    });
    const stream = await server.nextRequest();
    stream.push('dat');
    stream.push('a: x\n\n');
    stream.close();
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(order).to.deep.equal(['open sse', 'event x', 'close']);
  });
});

describe('transport: NDJSON bodies', () => {
  const WIRE = '{"delta":"Hel"}\r\n\n{"delta":"lo 日本"}\r  \n{"delta":" 😀"}\n{"done":true}';
  const LINES = ['{"delta":"Hel"}', '{"delta":"lo 日本"}', '{"delta":" 😀"}', '{"done":true}'];
  for (const contentType of ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/x-ndjson; charset=utf-8']) {
    it(`${contentType}: one event per line, any line end, blank lines skipped, the last line without a newline counts — at every split point`, async () => {
      for (const [a, b, i] of splits(WIRE)) {
        const { run, result } = await runOver([a, b], { protocol: 'json', contentType });
        expect(result, `split at ${i}`).to.deep.equal({ outcome: 'complete' });
        expect(run.events, `split at ${i}`).to.deep.equal(LINES.map((data) => ({ event: '', data, id: '' })));
        expect(run.text, `split at ${i}`).to.equal('Hello 日本 😀');
        expect(run.opens.map((o) => [o.contentType, o.format])).to.deep.equal([[contentType.split(';')[0], 'ndjson']]);
        expect(run.diagnoses).to.deep.equal([]);
      }
    });
  }

  it('one byte at a time', async () => {
    const all = encoder.encode(WIRE);
    const { run } = await runOver(Array.from(all, (_, i) => all.subarray(i, i + 1)), { protocol: 'json', contentType: 'application/x-ndjson' });
    expect(run.events.map((e) => e.data)).to.deep.equal(LINES);
  });

  it('a line that ends the reply stops reading', async () => {
    const server = createControlledFetch({ contentType: 'application/x-ndjson' });
    const run = startRun({ url: '/chat', protocol: 'json', fetch: server.fetch });
    const stream = await server.nextRequest();
    stream.push('{"delta":"a"}\n{"done":true}\n{"delta":"late"}\n');
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(run.text).to.equal('a');
    await stream.whenAborted;
  });

  it('a close before the end marker is incomplete when the reader waits for one', async () => {
    const server = createControlledFetch({ contentType: 'application/x-ndjson' });
    const run = startRun({ url: '/chat', protocol: 'openai', fetch: server.fetch });
    const stream = await server.nextRequest();
    stream.push(`${JSON.stringify({ choices: [{ delta: { content: 'a' } }] })}\n`);
    stream.close();
    const error = await failure(run);
    expect(error.code).to.equal('incomplete');
    expect(run.closes).to.equal(1);
  });
});

describe('doctor: buffered delivery', () => {
  const events = (count: number) => Array.from({ length: count }, (_, i) => `data: t${i}\n\n`).join('');

  it('a reply held back, then delivered at once after a second, warns at the end of the body', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', protocol: 'text', fetch: server.fetch });
    const stream = await server.nextRequest();
    await wait(BURST_MIN_DURATION_MS + 50);
    stream.push(events(12));
    expect(run.diagnoses).to.deep.equal([]);
    stream.close();
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(run.text).to.equal(Array.from({ length: 12 }, (_, i) => `t${i}`).join(''));
    expect(kinds(run)).to.deep.equal(['buffered']);
    expect(run.diagnoses[0]!.message).to.match(/^The reply's 12 events arrived in 1 burst, \d+ ms after the request/);
  });

  it('…also when its end marker ends the reply', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', protocol: 'openai', fetch: server.fetch });
    const stream = await server.nextRequest();
    await wait(BURST_MIN_DURATION_MS + 50);
    stream.push(`${Array.from({ length: 10 }, () => `data: ${JSON.stringify({ choices: [{ delta: { content: 'x' } }] })}\n\n`).join('')}data: [DONE]\n\n`);
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(kinds(run)).to.deep.equal(['buffered']);
  });

  it('a paced stream over more than a second gets no warning', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', protocol: 'text', fetch: server.fetch });
    const stream = await server.nextRequest();
    for (let i = 0; i < 10; i++) {
      stream.pushEvent({ data: `t${i}` });
      await wait(120);
    }
    stream.close();
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(run.diagnoses).to.deep.equal([]);
  });

  it('a fast local stream (all within a second) gets no warning', async () => {
    const { run, result } = await runOver([events(200)]);
    expect(result).to.deep.equal({ outcome: 'complete' });
    expect(run.events.length).to.equal(200);
    expect(run.diagnoses).to.deep.equal([]);
  });

  it('a paced stream from the mock server gets no warning', async () => {
    const run = startRun({ url: mockUrl('openai', { delay: 40, chunk: 2, text: 'Paced over the wire, token by token.' }), protocol: 'openai' });
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(run.events.length).to.be.at.least(8);
    expect(run.diagnoses).to.deep.equal([]);
  });
});

describe('doctor: CORS', () => {
  /** A fetch that acts as a server without CORS headers on another origin: cors requests fail, no-cors ones get through. */
  function corsless(up = true) {
    const calls: RequestInit[] = [];
    const fake = async (_: RequestInfo | URL, init: RequestInit = {}) => {
      calls.push(init);
      if (init.mode === 'no-cors' && up) return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    };
    return { calls, fetch: fake as typeof fetch };
  }

  it('a cross-origin server without CORS headers: the error says so and names the headers; no retries', async () => {
    const server = corsless();
    const url = 'https://api.example/v1/chat';
    const run = startRun({ url, protocol: 'openai', fetch: server.fetch, maxRetries: 2, headers: { 'Content-Type': 'application/json', Authorization: 'Bearer k' } });
    const error = await failure(run);
    expect(error.code).to.equal('network');
    expect(error.message).to.match(/^Cannot reach https:\/\/api\.example\/v1\/chat: Failed to fetch\. The browser blocked the request/);
    expect(error.message).to.include(`Access-Control-Allow-Origin: ${location.origin}`);
    expect(error.message).to.include('Access-Control-Allow-Headers: content-type, authorization');
    expect(kinds(run)).to.deep.equal(['cors']);
    expect(server.calls.map((c) => c.mode ?? 'cors')).to.deep.equal(['cors', 'no-cors']);
    expect(server.calls[1]!.method).to.equal('GET');
    expect(run.retries).to.deep.equal([]);
  });

  it('when the probe fails too, the server may be down: retried, no diagnosis', async () => {
    const server = corsless(false);
    const run = startRun({ url: 'https://api.example/v1/chat', protocol: 'openai', fetch: server.fetch, maxRetries: 1 });
    const error = await failure(run);
    expect(error.message).to.match(/^Cannot reach https:\/\/api\.example\/v1\/chat: Failed to fetch\. Check the endpoint: the server may be down/);
    expect(error.message).to.include('CORS headers may be missing');
    expect(run.diagnoses).to.deep.equal([]);
    expect(server.calls.map((c) => c.mode ?? 'cors')).to.deep.equal(['cors', 'no-cors', 'cors']);
  });

  it('a same-origin failure sends no probe and does not speak of CORS', async () => {
    const server = corsless();
    const run = startRun({ url: '/chat', protocol: 'openai', fetch: server.fetch, maxRetries: 0 });
    const error = await failure(run);
    expect(error.message).to.equal('Cannot reach /chat: Failed to fetch. Check the endpoint: the server may be down, the URL wrong, or the network offline.');
    expect(server.calls.length).to.equal(1);
    expect(run.diagnoses).to.deep.equal([]);
  });

  it(`a real cross-origin endpoint without CORS headers (${OTHER_ORIGIN})`, async () => {
    const url = `${OTHER_ORIGIN}/no-cors-here/chat`;
    const run = startRun({ url, protocol: 'openai', maxRetries: 2 });
    const error = await failure(run);
    expect(error.code).to.equal('network');
    expect(error.message.startsWith(`Cannot reach ${url}: `), error.message).to.equal(true);
    expect(error.message).to.include(`Access-Control-Allow-Origin: ${location.origin}`);
    expect(kinds(run)).to.deep.equal(['cors']);
    expect(run.retries).to.deep.equal([]);
  });

  it('a correct cross-origin stream (the mock server sends CORS headers) gets no warning', async () => {
    const run = startRun({ url: `${OTHER_ORIGIN}${mockUrl('openai', { delay: 0, text: 'Across origins.' })}`, protocol: 'openai' });
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(run.text).to.equal('Across origins.');
    expect(run.diagnoses).to.deep.equal([]);
  });
});

describe('doctor: connections per origin', () => {
  /** Starts `count` runs to one origin and waits until each has sent its request. */
  async function open(server: ControlledFetch, count: number, extra: Parameters<typeof startRun>[0] | object = {}) {
    const runs: Run[] = [];
    const streams: ControlledStream[] = [];
    for (let i = 0; i < count; i++) {
      runs.push(startRun({ url: '/chat', protocol: 'text', fetch: server.fetch, ...extra }));
      streams.push(await server.nextRequest());
    }
    return { runs, streams };
  }
  async function closeAll(runs: Run[], streams: ControlledStream[]) {
    for (const stream of streams) stream.close();
    await Promise.all(runs.map((run) => run.result));
  }

  beforeEach(() => expect(streamsInFlight(location.origin), 'streams left over from an earlier test').to.equal(0));

  it('the 7th concurrent stream to an HTTP/1.1 origin warns; the first six do not', async () => {
    const server = createControlledFetch();
    const { runs, streams } = await open(server, 7);
    try {
      expect(streamsInFlight(location.origin)).to.equal(7);
      expect(runs.slice(0, 6).flatMap(kinds)).to.deep.equal([]);
      expect(kinds(runs[6]!)).to.deep.equal(['connections']);
      expect(runs[6]!.diagnoses[0]!.message).to.include(`7 streams to ${location.origin} are open at once`);
    } finally {
      await closeAll(runs, streams);
    }
    expect(streamsInFlight(location.origin)).to.equal(0);
  });

  it('six concurrent streams, or seven one after another, get no warning', async () => {
    const server = createControlledFetch();
    const { runs, streams } = await open(server, 6);
    await closeAll(runs, streams);
    for (let i = 0; i < 7; i++) {
      const run = startRun({ url: '/chat', protocol: 'text', fetch: server.fetch });
      (await server.nextRequest()).close();
      await run.result;
      runs.push(run);
    }
    expect(runs.flatMap(kinds)).to.deep.equal([]);
  });

  it('every way out counts a stream out: end marker, error status, break, stop, timeout', async () => {
    const server = createControlledFetch();
    const done = startRun({ url: '/chat', protocol: 'openai', fetch: server.fetch });
    (await server.nextRequest()).pushEvent({ data: '[DONE]' });
    await done.result;
    server.enqueue({ status: 404, contentType: 'text/plain', body: 'no' });
    await startRun({ url: '/chat', fetch: server.fetch }).result;
    const broken = startRun({ url: '/chat', protocol: 'text', fetch: server.fetch, maxRetries: 0 });
    (await server.nextRequest()).error();
    await broken.result;
    const stopped = startRun({ url: '/chat', protocol: 'text', fetch: server.fetch });
    await server.nextRequest();
    stopped.controller.abort();
    await stopped.result;
    server.enqueue({ manual: true });
    const slow = startRun({ url: '/chat', protocol: 'text', fetch: server.fetch, timeout: 50, maxRetries: 0 });
    await server.nextRequest();
    await slow.result;
    expect(streamsInFlight(location.origin)).to.equal(0);
  });

  it('a timeout while more than six are open says the stream may be waiting for a connection', async () => {
    const server = createControlledFetch();
    const { runs, streams } = await open(server, 6);
    server.enqueue({ manual: true });
    try {
      const late = startRun({ url: '/chat', protocol: 'text', fetch: server.fetch, timeout: 100, maxRetries: 0 });
      await server.nextRequest();
      const error = await failure(late);
      expect(error.code).to.equal('timeout');
      expect(error.message).to.match(/^No data for 100 ms before the server answered/);
      expect(error.message).to.include(`7 streams to ${location.origin} are open: over HTTP/1.1 the browser allows 6 connections per origin`);
    } finally {
      await closeAll(runs, streams);
    }
  });

  it('a timeout with few streams open does not speak of connections', async () => {
    const server = createControlledFetch({ manual: true });
    const run = startRun({ url: '/chat', protocol: 'text', fetch: server.fetch, timeout: 50, maxRetries: 0 });
    await server.nextRequest();
    const error = await failure(run);
    expect(error.message).to.not.include('connections per origin');
  });
});
