import { expect } from '@open-wc/testing';
import { streamReply } from '../../src/stream/transport.js';
import { mockUrl, serverRequests, startRun, uniqueKey } from './harness.js';

const REPLY = '# Plan\n\nFirst **bold** step, then `code`.\n\n## Title\n\n- one\n- two 日本語 😀 café\n\n```js\nconsole.log("hi")\n```\n\nDone.';
/** Tokens of this reply begin with newlines, as real model tokens do. */
const SSE_PROTOCOLS = [
  { path: 'openai', protocol: 'openai' },
  { path: 'openai-responses', protocol: 'openai' },
  { path: 'anthropic', protocol: 'anthropic' },
  { path: 'text', protocol: 'text' },
  { path: 'json', protocol: 'json' },
  { path: 'openai', protocol: 'auto' },
  { path: 'openai-responses', protocol: 'auto' },
  { path: 'anthropic', protocol: 'auto' },
  { path: 'text', protocol: 'auto' },
  { path: 'json', protocol: 'auto' },
];

function longLine(size: number): string {
  const pattern = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size);
}

describe('transport against the mock server', () => {
  describe('replies', () => {
    for (const { path, protocol } of [...SSE_PROTOCOLS, { path: 'plain', protocol: 'auto' }]) {
      it(`/mock/${path} read as ${protocol} gives exactly the text sent, in one request`, async () => {
        const key = uniqueKey();
        const run = startRun({ url: mockUrl(path, { delay: 0, key, text: REPLY }), protocol });
        expect(await run.result).to.deep.equal({ outcome: 'complete' });
        expect(run.text).to.equal(REPLY);
        expect(run.diagnoses, 'a correct stream gets no diagnosis').to.deep.equal([]);
        const requests = await serverRequests(key, 1);
        expect(requests.length).to.equal(1);
        expect(requests[0]!.completed).to.equal(true);
        expect(requests[0]!.body).to.deep.equal({ messages: [{ role: 'user', content: 'Hello' }], stream: true });
      });
    }

    it('a default reply is chosen by the prompt, the same each time', async () => {
      const a = startRun({ url: mockUrl('openai', { delay: 0 }), protocol: 'openai', prompt: 'What is a monad?' });
      const b = startRun({ url: mockUrl('openai', { delay: 0 }), protocol: 'openai', prompt: 'What is a monad?' });
      expect(await a.result).to.deep.equal({ outcome: 'complete' });
      expect(await b.result).to.deep.equal({ outcome: 'complete' });
      expect(a.text.length).to.be.greaterThan(20);
      expect(a.text).to.equal(b.text);
    });

    it('GET with ?prompt= and echo', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('text', { delay: 0, key, echo: 1, prompt: 'Say\n\nthis' }), method: 'GET', protocol: 'text' });
      expect(await run.result).to.deep.equal({ outcome: 'complete' });
      expect(run.text).to.equal('Say\n\nthis');
      const [request] = await serverRequests(key, 1);
      expect(request!.method).to.equal('GET');
      expect(request!.body).to.equal(null);
    });

    it('the seed flow: POST /mock/seed, then GET /mock/stream/:id', async () => {
      const seed = await fetch('/mock/seed', { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: 'seeded prompt' }], stream: true }) });
      const { id, url } = (await seed.json()) as { id: string; url: string };
      expect(url).to.equal(`/mock/stream/${id}`);
      const run = startRun({ url: `${url}?delay=0&echo=1`, method: 'GET', protocol: 'openai' });
      expect(await run.result).to.deep.equal({ outcome: 'complete' });
      expect(run.text).to.equal('seeded prompt');
    });

    it('sends Accept: text/event-stream and the caller’s headers', async () => {
      const key = uniqueKey();
      const run = startRun({
        url: mockUrl('openai', { delay: 0, key, text: 'x' }),
        protocol: 'openai',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer k', Accept: 'text/event-stream' },
      });
      await run.result;
      const [request] = await serverRequests(key, 1);
      expect(request!.headers.accept).to.equal('text/event-stream');
      expect(request!.headers.authorization).to.equal('Bearer k');
      expect(request!.headers['last-event-id']).to.equal(undefined);
    });
  });

  describe('answers that fail at once', () => {
    const cases = [
      { fault: '401', status: 401, code: 'http', message: 'HTTP 401 Unauthorized: Invalid API key (mock fault)' },
      { fault: '404', status: 404, code: 'http', message: 'HTTP 404 Not Found: No such model endpoint (mock fault)' },
      { fault: 'json-error', status: 400, code: 'http', message: "HTTP 400 Bad Request: Invalid request: 'messages' must be a non-empty array (mock fault)" },
      { fault: 'html', status: 200, code: 'content-type', message: 'HTTP 200 OK, not an event stream: text/html: <!doctype html> <html lang="en"> <head><meta charset="utf-8"><title>Sign in</title></head>' },
    ];
    for (const { fault, status, code, message } of cases) {
      it(`${fault}: ${code} error with status ${status}, one request`, async () => {
        const key = uniqueKey();
        const run = startRun({ url: mockUrl('openai', { delay: 0, key, fault }), protocol: 'openai', maxRetries: 3 });
        const result = await run.result;
        if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
        expect(result.error.code).to.equal(code);
        expect(result.error.status).to.equal(status);
        expect(result.error.message.startsWith(message), result.error.message).to.equal(true);
        expect(result.error.body).to.be.a('string').and.not.equal('');
        expect(run.retries).to.deep.equal([]);
        expect((await serverRequests(key, 1)).length).to.equal(1);
      });
    }
  });

  describe('retries before the first text', () => {
    it('a persistent 500 is sent 1 + maxRetries times, with growing delays', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('openai', { delay: 0, key, fault: '500' }), protocol: 'openai', maxRetries: 2, backoff: { baseMs: 10, factor: 4, maxMs: 1000 } });
      const result = await run.result;
      if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
      expect(result.error.code).to.equal('http');
      expect(result.error.status).to.equal(500);
      expect(result.error.message).to.equal('HTTP 500 Internal Server Error: Internal server error (mock fault)');
      expect(run.retries.map((r) => [r.attempt, r.resume, r.error.status])).to.deep.equal([
        [1, false, 500],
        [2, false, 500],
      ]);
      expect(run.retries[1]!.delayMs).to.be.greaterThan(run.retries[0]!.delayMs);
      expect((await serverRequests(key, 3)).length).to.equal(3);
    });

    it('maxRetries 0 sends once', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('openai', { delay: 0, key, fault: '503' }), protocol: 'openai', maxRetries: 0 });
      const result = await run.result;
      expect(result.outcome).to.equal('error');
      expect((await serverRequests(key, 1)).length).to.equal(1);
    });

    it('a 503 that clears: the retry gets the whole reply', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('anthropic', { delay: 0, key, fault: '503', fail: 1, text: REPLY }), protocol: 'anthropic' });
      expect(await run.result).to.deep.equal({ outcome: 'complete' });
      expect(run.text).to.equal(REPLY);
      expect(run.retries.length).to.equal(1);
      expect((await serverRequests(key, 2)).length).to.equal(2);
    });

    it('429 honours Retry-After', async () => {
      const key = uniqueKey();
      const started = performance.now();
      const run = startRun({ url: mockUrl('openai', { delay: 0, key, fault: '429', fail: 1, retryAfter: 1, text: 'ok' }), protocol: 'openai' });
      expect(await run.result).to.deep.equal({ outcome: 'complete' });
      expect(run.retries.map((r) => [r.delayMs, r.error.status])).to.deep.equal([[1000, 429]]);
      expect(performance.now() - started).to.be.at.least(1000);
      expect((await serverRequests(key, 2)).length).to.equal(2);
    });

    it('a connection dropped before any text is retried', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('openai', { delay: 0, key, fault: 'drop', faultAfter: 0, fail: 1, text: REPLY }), protocol: 'openai' });
      expect(await run.result).to.deep.equal({ outcome: 'complete' });
      expect(run.text).to.equal(REPLY);
      expect(run.retries.map((r) => [r.resume, r.error.code])).to.deep.equal([[false, 'network']]);
      expect((await serverRequests(key, 2)).length).to.equal(2);
    });

    it('a network error (connection refused) is retried, then fails as network; one no-cors probe', async () => {
      let calls = 0;
      let probes = 0;
      const run = startRun({
        url: 'http://127.0.0.1:9/refused',
        protocol: 'openai',
        maxRetries: 2,
        fetch: (input, init) => {
          if (init?.mode === 'no-cors') probes++;
          else calls++;
          return fetch(input, init);
        },
      });
      const result = await run.result;
      if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
      expect(result.error.code).to.equal('network');
      expect(result.error.message).to.match(/^Cannot reach http:\/\/127\.0\.0\.1:9\/refused: .*the server may be down or the URL wrong, or \(for this cross-origin URL\) its CORS headers may be missing/);
      expect(result.error.message).to.include(`"Access-Control-Allow-Origin: ${location.origin}"`);
      expect(calls).to.equal(3);
      // The probe ran once (the page is on another origin than 127.0.0.1:9) and failed too.
      expect(probes).to.equal(1);
      expect(run.diagnoses).to.deep.equal([]);
    });
  });

  describe('breaks mid-reply', () => {
    it('a drop with no ids fails as incomplete and keeps the partial text; one request', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('openai', { delay: 10, key, fault: 'drop', faultAfter: 3, text: REPLY, chunk: 4 }), protocol: 'openai' });
      const result = await run.result;
      if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
      expect(result.error.code).to.equal('incomplete');
      expect(run.text).to.equal(REPLY.slice(0, 12));
      const requests = await serverRequests(key, 1);
      expect(requests.length).to.equal(1);
      expect(requests[0]!.completed).to.equal(false);
    });

    it('a clean close before [DONE] fails as incomplete', async () => {
      const key = uniqueKey();
      // The text endpoint sends the literal data and closes: read as openai, that is a chunk and no [DONE].
      const run = startRun({ url: mockUrl('text', { delay: 0, key, text: '{"choices":[{"delta":{"content":"a"}}]}', chunk: 1000 }), protocol: 'openai' });
      const result = await run.result;
      if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
      expect(result.error.code).to.equal('incomplete');
      expect(result.error.message).to.match(/^The stream closed before the end of the reply \(the protocol's end marker never came: .*Check that the server sends its end marker/);
      expect(run.text).to.equal('a');
      expect((await serverRequests(key, 1)).length).to.equal(1);
    });

    for (const path of ['openai', 'anthropic', 'text', 'json', 'openai-responses']) {
      it(`${path}: a drop with ids resumes once with Last-Event-ID; the text is exactly the full reply`, async () => {
        const key = uniqueKey();
        const protocol = path === 'openai-responses' ? 'openai' : path;
        const run = startRun({ url: mockUrl(path, { delay: 10, key, fault: 'drop', faultAfter: 5, fail: 1, ids: 1, text: REPLY }), protocol });
        expect(await run.result).to.deep.equal({ outcome: 'complete' });
        expect(run.text).to.equal(REPLY);
        expect(run.retries.map((r) => r.resume)).to.deep.equal([true]);
        const requests = await serverRequests(key, 2);
        expect(requests.length).to.equal(2);
        expect(requests[0]!.headers['last-event-id']).to.equal(undefined);
        const resumedFrom = requests[1]!.headers['last-event-id'];
        expect(resumedFrom).to.match(/^\d+$/);
        // The resume carries the id of the last event that arrived before the drop.
        const before = run.events.filter((e) => Number(e.id) <= Number(resumedFrom));
        expect(before.at(-1)!.id).to.equal(resumedFrom);
        expect(requests[1]!.body).to.deep.equal(requests[0]!.body);
      });
    }

    it('resumes are capped at maxRetries; the text so far has no repeats', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('openai', { delay: 10, key, fault: 'drop', faultAfter: 2, ids: 1, text: REPLY, chunk: 3 }), protocol: 'openai', maxRetries: 2 });
      const result = await run.result;
      if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
      expect(result.error.code).to.equal('incomplete');
      expect(result.error.message).to.not.match(/gave up/);
      expect(run.text).to.equal(REPLY.slice(0, 3 * 2 * 3));
      expect(run.retries.map((r) => r.resume)).to.deep.equal([true, true]);
      expect((await serverRequests(key, 3)).length).to.equal(3);
    });

    it('malformed data under an explicit protocol fails at once, quoting it; one request', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('openai', { delay: 10, key, fault: 'malformed', faultAfter: 2, text: REPLY, chunk: 5 }), protocol: 'openai' });
      const result = await run.result;
      if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
      expect(result.error.code).to.equal('protocol');
      expect(result.error.message).to.equal('Not openai JSON: {"choices":[{"delta":{"content":"oops');
      expect(run.text).to.equal(REPLY.slice(0, 10));
      const requests = await serverRequests(key, 1);
      expect(requests.length).to.equal(1);
      expect(requests[0]!.aborted, 'the server saw the client close').to.equal(true);
    });

    for (const { path, protocol } of [
      { path: 'anthropic', protocol: 'anthropic' },
      { path: 'openai', protocol: 'openai' },
      { path: 'openai-responses', protocol: 'auto' },
    ]) {
      it(`${path}: the server's own error event fails with its message`, async () => {
        const key = uniqueKey();
        const run = startRun({ url: mockUrl(path, { delay: 0, key, fault: 'server-error', faultAfter: 2, text: REPLY, chunk: 5 }), protocol });
        const result = await run.result;
        if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
        expect(result.error.code).to.equal('protocol');
        expect(result.error.message).to.equal('Server error: The model is overloaded (mock fault)');
        expect(run.text).to.equal(REPLY.slice(0, 10));
        expect((await serverRequests(key, 1)).length).to.equal(1);
      });
    }
  });

  describe('timeouts', () => {
    it('a stall mid-reply times out, keeps the text, and closes the connection', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('openai', { delay: 0, key, fault: 'stall', faultAfter: 2, text: REPLY, chunk: 5 }), protocol: 'openai', timeout: 300 });
      const result = await run.result;
      if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
      expect(result.error.code).to.equal('timeout');
      expect(result.error.message).to.match(/^No data for 300 ms mid-reply\. The model may have stalled, or a buffering proxy .*X-Accel-Buffering: no/);
      expect(run.text).to.equal(REPLY.slice(0, 10));
      const requests = await serverRequests(key, 1);
      expect(requests.length).to.equal(1);
      expect(requests[0]!.aborted).to.equal(true);
    });

    it('no headers at all times out; one request, closed', async () => {
      const key = uniqueKey();
      const started = performance.now();
      const run = startRun({ url: mockUrl('openai', { key, fault: 'stall-headers' }), protocol: 'openai', timeout: 300 });
      const result = await run.result;
      if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
      expect(result.error.code).to.equal('timeout');
      expect(result.error.message).to.match(/^No data for 300 ms before the server answered \(no response headers\)\. Check that the server is up/);
      expect(performance.now() - started).to.be.within(290, 3000);
      const requests = await serverRequests(key, 1);
      expect(requests.length).to.equal(1);
      expect(requests[0]!.aborted).to.equal(true);
    });

    it('slow tokens without heartbeats time out…', async () => {
      const run = startRun({ url: mockUrl('text', { delay: 450, text: 'ab', chunk: 1 }), protocol: 'text', timeout: 300 });
      const result = await run.result;
      expect(result.outcome === 'error' && result.error.code).to.equal('timeout');
      expect(run.text).to.equal('a');
    });

    it('…and heartbeat comments keep them alive', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('text', { delay: 450, fault: 'heartbeat', heartbeat: 100, key, text: 'ab', chunk: 1 }), protocol: 'text', timeout: 300 });
      expect(await run.result).to.deep.equal({ outcome: 'complete' });
      expect(run.text).to.equal('ab');
      expect((await serverRequests(key, 1)).length).to.equal(1);
    });
  });

  describe('framing on the wire', () => {
    for (const { path, protocol } of [
      { path: 'openai', protocol: 'openai' },
      { path: 'text', protocol: 'text' },
      { path: 'plain', protocol: 'auto' },
    ]) {
      it(`${path}: a 1 MB single line comes out exactly`, async () => {
        const started = performance.now();
        const run = startRun({ url: mockUrl(path, { delay: 0, fault: 'long-line' }), protocol, timeout: 10000 });
        expect(await run.result).to.deep.equal({ outcome: 'complete' });
        const expected = longLine(1024 * 1024);
        expect(run.text.length).to.equal(expected.length);
        expect(run.text === expected).to.equal(true);
        expect(performance.now() - started).to.be.lessThan(5000);
      });
    }

    for (const { path, protocol } of [
      { path: 'openai', protocol: 'openai' },
      { path: 'anthropic', protocol: 'anthropic' },
      { path: 'text', protocol: 'text' },
      { path: 'plain', protocol: 'auto' },
    ]) {
      it(`${path}: UTF-8 and CRLF split across network writes come out exactly`, async () => {
        const text = '日本語のテキスト 😀👍🏽 café — ünïcödé\n\n## 見出し\n\n- 項目';
        const run = startRun({ url: mockUrl(path, { delay: 0, fault: 'split-utf8', text, chunk: 3 }), protocol });
        expect(await run.result).to.deep.equal({ outcome: 'complete' });
        expect(run.text).to.equal(text);
      });
    }

    it('text: tokens that begin with newlines, sent as several data: lines, keep them', async () => {
      const run = startRun({ url: mockUrl('text', { delay: 0, fault: 'newline-tokens', text: REPLY }), protocol: 'text' });
      expect(await run.result).to.deep.equal({ outcome: 'complete' });
      expect(run.text).to.equal(REPLY);
      expect(run.events.map((e) => e.data)).to.include('\n\n## Title');
    });

    it('text: CR-only line endings', async () => {
      const run = startRun({ url: mockUrl('text', { delay: 0, eol: 'cr', text: REPLY }), protocol: 'text' });
      expect(await run.result).to.deep.equal({ outcome: 'complete' });
      expect(run.text).to.equal(REPLY);
    });
  });

  describe('never a duplicate request', () => {
    it('stop() aborts: the promise resolves and the server sees the connection close', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('openai', { delay: 30, key, text: REPLY, chunk: 2 }), protocol: 'openai' });
      await run.firstText;
      run.controller.abort();
      expect(await run.result).to.deep.equal({ outcome: 'aborted' });
      const requests = await serverRequests(key, 1);
      expect(requests.length).to.equal(1);
      expect(requests[0]!.aborted).to.equal(true);
      expect(requests[0]!.completed).to.equal(false);
    });

    it('an already-aborted signal sends nothing', async () => {
      const key = uniqueKey();
      const controller = new AbortController();
      controller.abort();
      let calls = 0;
      await streamReply({
        request: { url: mockUrl('openai', { key }), method: 'POST', headers: {}, body: '{}' },
        signal: controller.signal,
        timeout: 1000,
        maxRetries: 2,
        fetch: (input, init) => {
          calls++;
          return fetch(input, init);
        },
        onOpen: () => {},
        onEvent: () => false,
        onText: () => {},
        onClose: () => {},
        completeOnClose: () => true,
        hasText: () => false,
      });
      expect(calls).to.equal(0);
      // A request sent after it still reaches the server first, so an earlier one would be listed.
      const probe = startRun({ url: mockUrl('text', { key, delay: 0, text: 'x' }), protocol: 'text' });
      await probe.result;
      expect((await serverRequests(key, 1)).map((r) => r.url)).to.deep.equal([mockUrl('text', { key, delay: 0, text: 'x' })]);
    });

    it('hiding and showing the tab does not send again', async () => {
      const key = uniqueKey();
      const run = startRun({ url: mockUrl('openai', { delay: 20, key, text: REPLY, chunk: 8 }), protocol: 'openai' });
      await run.firstText;
      const setHidden = (hidden: boolean) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
        document.dispatchEvent(new Event('visibilitychange'));
      };
      try {
        setHidden(true);
        setHidden(false);
        setHidden(true);
        setHidden(false);
      } finally {
        delete (document as { hidden?: boolean }).hidden;
        delete (document as { visibilityState?: string }).visibilityState;
      }
      expect(await run.result).to.deep.equal({ outcome: 'complete' });
      expect(run.text).to.equal(REPLY);
      expect((await serverRequests(key, 1)).length).to.equal(1);
    });

    it('a handler that throws fails the run at once; one request, connection closed', async () => {
      const key = uniqueKey();
      let seen = 0;
      const run = startRun({
        url: mockUrl('openai', { delay: 20, key, text: REPLY, chunk: 4 }),
        protocol: 'openai',
        onEvent: () => {
          if (++seen === 3) throw new Error('listener bug');
          return false;
        },
      });
      const result = await run.result;
      if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
      expect(result.error.code).to.equal('handler');
      expect(result.error.message).to.equal('Handler threw: listener bug');
      const requests = await serverRequests(key, 1);
      expect(requests.length).to.equal(1);
      expect(requests[0]!.aborted).to.equal(true);
    });

    it('a text/plain handler that throws fails the run at once; one request', async () => {
      const key = uniqueKey();
      const run = startRun({
        url: mockUrl('plain', { delay: 20, key, text: REPLY, chunk: 4 }),
        protocol: 'auto',
        onText: () => {
          throw new Error('plain bug');
        },
      });
      const result = await run.result;
      if (result.outcome !== 'error') throw new Error(`expected an error, got ${result.outcome}`);
      expect(result.error.code).to.equal('handler');
      expect((await serverRequests(key, 1)).length).to.equal(1);
    });
  });
});
