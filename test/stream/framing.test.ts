import { expect } from '@open-wc/testing';
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { ChatStreamError } from '../../src/errors.js';
import { createControlledFetch } from '../helpers/controlled-fetch.js';
import type { ControlledStream } from '../helpers/controlled-fetch.js';
import { startRun } from './harness.js';

const encoder = new TextEncoder();

/**
 * A stream with every framing hazard: CRLF and CR line endings, tokens that begin with newlines
 * (several data: lines, the first ones empty), multi-byte UTF-8, comments, ids and a field-only line.
 */
const WIRE =
  ': hello\r\n\r\n' +
  'id: 1\r\ndata: # Ti\r\n\r\n' +
  'id: 2\r\ndata: tle 日本\r\n\r\n' +
  'data: \r\ndata: \r\ndata: ## 😀 x\r\n\r\n' +
  ': heartbeat\n\n' +
  'event: message\rdata:  café\r\r' +
  'data\ndata: z\n\n' +
  'data: [DONE]\n\n';
const EXPECTED_EVENTS = [
  { event: '', data: '# Ti', id: '1' },
  { event: '', data: 'tle 日本', id: '2' },
  { event: '', data: '\n\n## 😀 x', id: '2' },
  { event: 'message', data: ' café', id: '2' },
  { event: '', data: '\nz', id: '2' },
  { event: '', data: '[DONE]', id: '2' },
];
const EXPECTED_TEXT = '# Title 日本\n\n## 😀 x café\nz';

async function runOver(chunks: Uint8Array[], protocol = 'text') {
  const server = createControlledFetch();
  const run = startRun({ url: '/chat', protocol, fetch: server.fetch });
  const stream = await server.nextRequest();
  for (const chunk of chunks) stream.push(chunk);
  stream.close();
  return { run, result: await run.result, server };
}

describe('transport framing (controlled fetch)', () => {
  it('reads the hazardous stream in one chunk', async () => {
    const { run, result } = await runOver([encoder.encode(WIRE)]);
    expect(result).to.deep.equal({ outcome: 'complete' });
    expect(run.events).to.deep.equal(EXPECTED_EVENTS);
    expect(run.text).to.equal(EXPECTED_TEXT);
  });

  it('reads it split at every byte boundary', async () => {
    const all = encoder.encode(WIRE);
    for (let i = 1; i < all.length; i++) {
      const { run, result } = await runOver([all.subarray(0, i), all.subarray(i)]);
      expect(result, `split at ${i}`).to.deep.equal({ outcome: 'complete' });
      expect(run.events, `split at ${i}`).to.deep.equal(EXPECTED_EVENTS);
      expect(run.diagnoses, `split at ${i}: a correct stream gets no diagnosis`).to.deep.equal([]);
    }
  });

  it('reads it one byte at a time', async () => {
    const all = encoder.encode(WIRE);
    const { run } = await runOver(Array.from(all, (_, i) => all.subarray(i, i + 1)));
    expect(run.events).to.deep.equal(EXPECTED_EVENTS);
    expect(run.text).to.equal(EXPECTED_TEXT);
    expect(run.diagnoses).to.deep.equal([]);
  });

  it('fetch-event-source alone drops the empty leading data lines (why the transport re-frames)', async () => {
    const server = createControlledFetch();
    const seen: string[] = [];
    const done = fetchEventSource('/chat', { fetch: server.fetch, openWhenHidden: true, onmessage: (m) => void seen.push(m.data), onerror: (e) => { throw e; } });
    const stream = await server.nextRequest();
    stream.push('data: \ndata: \ndata: ## Title\n\n');
    stream.close();
    await done;
    // If this starts to fail, the library was fixed and the re-framing could go.
    expect(seen).to.deep.equal(['## Title']);
  });

  it('a 1 MB line in 1 KB chunks is fast (the library alone is quadratic there)', async () => {
    const size = 1024 * 1024;
    const all = encoder.encode(`data: ${'y'.repeat(size)}\n\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < all.length; i += 1024) chunks.push(all.subarray(i, i + 1024));

    const started = performance.now();
    const { run } = await runOver(chunks);
    const ours = performance.now() - started;
    expect(run.text.length).to.equal(size);

    const server = createControlledFetch();
    let length = 0;
    const libraryStarted = performance.now();
    const done = fetchEventSource('/chat', { fetch: server.fetch, openWhenHidden: true, onmessage: (m) => void (length = m.data.length), onerror: (e) => { throw e; } });
    const stream = await server.nextRequest();
    for (const chunk of chunks) stream.push(chunk);
    stream.close();
    await done;
    const library = performance.now() - libraryStarted;
    expect(length).to.equal(size);
    console.log(`1 MB line in 1 KB chunks: transport ${ours.toFixed(0)} ms, fetch-event-source alone ${library.toFixed(0)} ms`);
    expect(ours).to.be.lessThan(1000);
  });

  it('text/plain: UTF-8 split at every byte comes out exactly', async () => {
    const text = 'a日本語😀\r\nb';
    const all = encoder.encode(text);
    for (let i = 1; i < all.length; i++) {
      const server = createControlledFetch({ contentType: 'text/plain; charset=utf-8' });
      const run = startRun({ url: '/chat', fetch: server.fetch });
      const stream = await server.nextRequest();
      stream.push(all.subarray(0, i));
      stream.push(all.subarray(i));
      stream.close();
      expect(await run.result).to.deep.equal({ outcome: 'complete' });
      expect(run.text, `split at ${i}`).to.equal(text);
      expect(run.events).to.deep.equal([]);
    }
  });
});

describe('transport behaviour (controlled fetch)', () => {
  async function failure(run: ReturnType<typeof startRun>): Promise<ChatStreamError> {
    const result = await run.result;
    if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
    return result.error;
  }

  for (const { contentType, ok } of [
    { contentType: 'text/event-stream', ok: true },
    { contentType: 'Text/Event-Stream; charset=UTF-8', ok: true },
    { contentType: 'text/plain;charset=utf-8', ok: true },
    { contentType: 'application/json', ok: false },
    { contentType: 'text/html; charset=utf-8', ok: false },
    { contentType: '', ok: false },
  ]) {
    it(`content type ${JSON.stringify(contentType)} is ${ok ? 'read' : 'refused at once'}`, async () => {
      const server = createControlledFetch({ contentType, body: 'data: {"delta":"x"}\n\n' });
      const run = startRun({ url: '/chat', fetch: server.fetch, protocol: 'json' });
      const result = await run.result;
      if (ok) {
        expect(result).to.deep.equal({ outcome: 'complete' });
      } else {
        const error = await failure(run);
        expect(error.code).to.equal('content-type');
        expect(error.status).to.equal(200);
        const type = contentType.split(';')[0] || 'no content type';
        const start = `HTTP 200, not an event stream: ${type}: data: {"delta":"x"}. `;
        expect(error.message.startsWith(start), error.message).to.equal(true);
        expect(error.message.slice(start.length)).to.match(type === 'application/json' ? /^A JSON answer usually means the server ignored "stream"/ : /^The endpoint must answer text\/event-stream, application\/x-ndjson/);
      }
      expect(server.requests.length).to.equal(1);
    });
  }

  it('a 204 is refused with a clear message', async () => {
    const server = createControlledFetch({ status: 204, contentType: '' });
    const error = await failure(startRun({ url: '/chat', fetch: server.fetch }));
    expect(error.code).to.equal('content-type');
    expect(error.status).to.equal(204);
    expect(error.message).to.equal('HTTP 204, not an event stream: no content type. The server answered with no body: check the endpoint URL and method.');
  });

  it('an error body that is not JSON is quoted', async () => {
    const server = createControlledFetch({ status: 403, statusText: 'Forbidden', contentType: 'text/html', body: '<html><body>Access denied by proxy</body></html>' });
    const error = await failure(startRun({ url: '/chat', fetch: server.fetch }));
    expect(error.code).to.equal('http');
    expect(error.status).to.equal(403);
    expect(error.message).to.equal('HTTP 403 Forbidden: <html><body>Access denied by proxy</body></html>');
    expect(server.requests.length).to.equal(1);
  });

  it('the end marker ends the run even if the server keeps the connection open', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', fetch: server.fetch, protocol: 'openai' });
    const stream = await server.nextRequest();
    stream.pushEvent({ data: '{"choices":[{"delta":{"content":"hi"}}]}' });
    stream.pushEvent({ data: '[DONE]' });
    stream.pushEvent({ data: '{"choices":[{"delta":{"content":"late"}}]}' });
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(run.text).to.equal('hi');
    await stream.whenAborted;
    expect(stream.aborted).to.equal(true);
  });

  it('a handler throw: one request, aborted, the error carries the cause', async () => {
    const server = createControlledFetch();
    const bug = new TypeError('boom');
    const run = startRun({
      url: '/chat',
      fetch: server.fetch,
      onEvent: () => {
        throw bug;
      },
    });
    const stream = await server.nextRequest();
    stream.pushEvent({ data: 'x' });
    const error = await failure(run);
    expect(error.code).to.equal('handler');
    expect(error.cause).to.equal(bug);
    await stream.whenAborted;
    expect(server.requests.length).to.equal(1);
  });

  it('malformed data: one request, aborted', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', fetch: server.fetch, protocol: 'json' });
    const stream = await server.nextRequest();
    stream.pushEvent({ data: '{"delta":"a"}' });
    stream.pushEvent({ data: '{"delta":' });
    const error = await failure(run);
    expect(error.code).to.equal('protocol');
    expect(error.message).to.equal('Not json JSON: {"delta":');
    expect(run.text).to.equal('a');
    await stream.whenAborted;
    expect(server.requests.length).to.equal(1);
  });

  it('times out before the headers', async () => {
    const server = createControlledFetch({ manual: true });
    const run = startRun({ url: '/chat', fetch: server.fetch, timeout: 100 });
    const stream = await server.nextRequest();
    const error = await failure(run);
    expect(error.code).to.equal('timeout');
    expect(stream.aborted).to.equal(true);
    expect(server.requests.length).to.equal(1);
  });

  it('times out mid-reply, keeping the text', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', fetch: server.fetch, timeout: 100, protocol: 'text' });
    const stream = await server.nextRequest();
    stream.pushEvent({ data: 'partial' });
    const error = await failure(run);
    expect(error.code).to.equal('timeout');
    expect(run.text).to.equal('partial');
    expect(stream.aborted).to.equal(true);
  });

  it('bytes of any kind reset the idle timer', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', fetch: server.fetch, timeout: 150, protocol: 'text' });
    const stream = await server.nextRequest();
    // Six comments 60 ms apart: 360 ms in all, never 150 ms without a byte.
    for (let i = 0; i < 6; i++) {
      stream.push(': keep-alive\n\n');
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    stream.pushEvent({ data: 'ok' });
    stream.close();
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(run.text).to.equal('ok');
  });

  it('resumes with the last event id, also one given in an id-only block', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', fetch: server.fetch, protocol: 'openai' });
    const first = await server.nextRequest();
    first.pushEvent({ data: '{"choices":[{"delta":{"content":"a"}}]}', id: '1' });
    first.push('id: 2\n\n');
    first.error();
    const second = await server.nextRequest();
    expect(first.request.headers['last-event-id']).to.equal(undefined);
    expect(second.request.headers['last-event-id']).to.equal('2');
    expect(second.request.rawBody).to.equal(first.request.rawBody);
    second.pushEvent({ data: '{"choices":[{"delta":{"content":"b"}}]}' });
    second.close();
    const third = await server.nextRequest();
    expect(third.request.headers['last-event-id']).to.equal('2');
    third.pushEvent({ data: '[DONE]', id: '3' });
    third.close();
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(run.text).to.equal('ab');
    expect(run.events.map((e) => e.id)).to.deep.equal(['1', '2', '3']);
    expect(run.retries.map((r) => [r.attempt, r.resume])).to.deep.equal([
      [1, true],
      [2, true],
    ]);
  });

  it('a reset id (`id:` empty) means nothing to resume from', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', fetch: server.fetch, protocol: 'openai' });
    const stream = await server.nextRequest();
    stream.pushEvent({ data: '{"choices":[{"delta":{"content":"a"}}]}', id: '1' });
    stream.pushEvent({ data: '{"choices":[{"delta":{"content":"b"}}]}', id: '' });
    stream.close();
    const error = await failure(run);
    expect(error.code).to.equal('incomplete');
    expect(server.requests.length).to.equal(1);
  });

  it('stop() while waiting to retry sends nothing more', async () => {
    const server = createControlledFetch({ status: 503, contentType: 'application/json', body: '{"error":{"message":"busy"}}' });
    const run = startRun({ url: '/chat', fetch: server.fetch, backoff: { baseMs: 10_000, maxMs: 10_000 } });
    await server.nextRequest();
    while (run.retries.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    run.controller.abort();
    expect(await run.result).to.deep.equal({ outcome: 'aborted' });
    expect(server.requests.length).to.equal(1);
  });

  it('stop() before the headers aborts the request', async () => {
    const server = createControlledFetch({ manual: true });
    const run = startRun({ url: '/chat', fetch: server.fetch });
    const stream: ControlledStream = await server.nextRequest();
    run.controller.abort();
    expect(await run.result).to.deep.equal({ outcome: 'aborted' });
    expect(stream.aborted).to.equal(true);
  });

  it('an invalid request is a config error, never sent', async () => {
    const server = createControlledFetch();
    const run = startRun({ url: '/chat', fetch: server.fetch, headers: { 'Bad Name': 'x' } });
    const error = await failure(run);
    expect(error.code).to.equal('config');
    expect(server.requests.length).to.equal(0);
  });

  it('GET sends no body; credentials pass through', async () => {
    const seen: RequestInit[] = [];
    const server = createControlledFetch({ body: 'data: x\n\n' });
    const run = startRun({
      url: '/chat?prompt=hi',
      method: 'GET',
      credentials: 'include',
      fetch: (input, init) => {
        seen.push(init ?? {});
        return server.fetch(input, init);
      },
    });
    expect(await run.result).to.deep.equal({ outcome: 'complete' });
    expect(server.requests[0]!.method).to.equal('GET');
    expect(server.requests[0]!.rawBody).to.equal(undefined);
    expect(seen[0]!.credentials).to.equal('include');
  });
});
