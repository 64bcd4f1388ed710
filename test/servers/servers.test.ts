// The example servers of examples/servers/ (Node, FastAPI, Go, NestJS, and FastAPI behind nginx),
// each a real process started by scripts/servers.mjs on another port, so every request here is
// cross-origin and goes through the server's CORS preflight. For each server: <chat-stream> streams
// the canned reply token by token over time, `done` carries the whole text, the server doctor finds
// nothing to warn about, stop() makes the server stop generating (its /api/stats counts the abort),
// a connection broken mid-reply (test/servers/fixtures/drop-proxy.mjs) is resumed by the element with
// `Last-Event-ID` and the reply comes out whole, and the wire itself is checked: headers, blank-line
// framing, an `id:` on every event, [DONE] last, and a resume that carries on exactly where it left off.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { ChatStreamElement } from '../../src/index.js';
import { recordEvents } from '../helpers/events.js';
import { urlOf, watchWarnings } from './helpers.js';

interface Stats {
  started: number;
  completed: number;
  aborted: number;
}

/** Each example server and the implementation that writes its reply (nginx fronts the FastAPI app). */
const SERVERS: [name: string, replier: string][] = [
  ['node', 'node'],
  ['fastapi', 'fastapi'],
  ['go', 'go'],
  ['nestjs', 'nestjs'],
  ['nginx', 'fastapi'],
];
const PROMPT = 'ping';
const replyOf = (replier: string, prompt = PROMPT) => `Hello from ${replier}! You said: ${prompt}. This canned reply streams one word at a time.`;
const tokensOf = (text: string) => text.match(/\S+\s*/g) ?? [];
/** The servers wait 40 ms before each word: a streamed reply of 16 words spreads over about 640 ms. */
const MIN_STREAM_SPAN_MS = 250;
const STATS_POLL_MS = 50;
const STATS_TIMEOUT_MS = 3000;
/** Where the resume test says it left off. */
const RESUME_AFTER_ID = 5;

async function statsOf(base: string): Promise<Stats> {
  const res = await fetch(`${base}/api/stats`, { cache: 'no-store' });
  return (await res.json()) as Stats;
}

/** Polls /api/stats until `ok` holds; fails with the last counts seen. */
async function statsUntil(base: string, ok: (s: Stats) => boolean, what: string): Promise<Stats> {
  const deadline = performance.now() + STATS_TIMEOUT_MS;
  let last = await statsOf(base);
  while (!ok(last)) {
    if (performance.now() > deadline) throw new Error(`${base}/api/stats never showed ${what} within ${STATS_TIMEOUT_MS} ms; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, STATS_POLL_MS));
    last = await statsOf(base);
  }
  return last;
}

/** Records console.warn calls (the server doctor's voice) while a test runs. */
/** Splits a raw SSE body into its blank-line-delimited events, as field → value. */
function sseEvents(body: string) {
  expect(body.endsWith('\n\n'), `the body ends with a blank line: ${JSON.stringify(body.slice(-40))}`).to.equal(true);
  return body
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
      }
      return fields;
    });
}

async function postChat(base: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: PROMPT }], stream: true }),
  });
}

for (const [name, replier] of SERVERS) {
  describe(`examples/servers: ${name}`, () => {
    let warnings: ReturnType<typeof watchWarnings>;
    beforeEach(() => {
      warnings = watchWarnings();
    });
    afterEach(() => warnings.restore());

    it('<chat-stream> streams the reply token by token, done has the whole text, and the doctor stays quiet', async () => {
      const base = await urlOf(name);
      const el = await fixture<ChatStreamElement>(html`<chat-stream .endpoint=${`${base}/api/chat`}></chat-stream>`);
      const events = recordEvents(el);
      const arrivals: number[] = [];
      el.addEventListener('token', () => arrivals.push(performance.now()));
      const expected = replyOf(replier);

      expect(await el.send(PROMPT)).to.equal(expected);

      expect(events.sequence()).to.deep.equal(['start', `token×${tokensOf(expected).length}`, 'done']);
      const tokens = events.events.filter((e) => e.type === 'token').map((e) => e.detail.token as string);
      expect(tokens).to.deep.equal(tokensOf(expected));
      const done = events.events.at(-1)!;
      expect(done.detail.text).to.equal(expected);
      expect(done.detail.reason).to.equal('complete');
      // Token by token over time, not one burst at the end (what a buffering proxy would cause).
      expect(arrivals.at(-1)! - arrivals[0]!).to.be.greaterThan(MIN_STREAM_SPAN_MS);
      expect(warnings.calls, 'console.warn calls').to.deep.equal([]);
    });

    it('stop() closes the connection and the server stops generating', async () => {
      const base = await urlOf(name);
      const before = await statsOf(base);
      const el = await fixture<ChatStreamElement>(html`<chat-stream .endpoint=${`${base}/api/chat`}></chat-stream>`);
      const events = recordEvents(el);
      const sent = el.send(PROMPT);
      await events.next('token');
      el.stop();
      const partial = await sent;

      expect(events.events.at(-1)!.detail.reason).to.equal('abort');
      expect(replyOf(replier).startsWith(partial)).to.equal(true);
      expect(partial.length).to.be.lessThan(replyOf(replier).length);
      const after = await statsUntil(base, (s) => s.aborted === before.aborted + 1, `one more aborted generation than ${JSON.stringify(before)}`);
      expect(after.started).to.equal(before.started + 1);
      expect(after.completed).to.equal(before.completed);
      expect(warnings.calls, 'console.warn calls').to.deep.equal([]);
    });

    it('the wire: event-stream headers, blank-line framing, an id on every event, [DONE] last', async () => {
      const base = await urlOf(name);
      const res = await postChat(base);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
      expect(res.headers.get('cache-control')).to.equal('no-cache');
      const events = sseEvents(await res.text());
      const tokens = tokensOf(replyOf(replier));
      expect(events.map((e) => e.id)).to.deep.equal([...tokens.keys(), tokens.length].map(String));
      expect(events.at(-1)!.data).to.equal('[DONE]');
      const text = events.slice(0, -1).map((e) => JSON.parse(e.data!).choices[0].delta.content as string);
      expect(text).to.deep.equal(tokens);
    });

    it('a connection broken mid-reply: <chat-stream> resumes with Last-Event-ID and the reply is whole, no word lost or repeated', async () => {
      const base = await urlOf(name);
      const proxy = await urlOf('fixture-drop-proxy');
      const before = await statsOf(base);
      const endpoint = `${proxy}/api/chat?upstream=${encodeURIComponent(base)}`;
      const el = await fixture<ChatStreamElement>(html`<chat-stream .endpoint=${endpoint}></chat-stream>`);
      const events = recordEvents(el);
      const expected = replyOf(replier);

      expect(await el.send(PROMPT)).to.equal(expected);

      const tokens = events.events.filter((e) => e.type === 'token').map((e) => e.detail.token as string);
      expect(tokens).to.deep.equal(tokensOf(expected));
      expect(events.sequence()).to.deep.equal(['start', `token×${tokensOf(expected).length}`, 'done']);
      // The first generation was cut off (the proxy hung up on both sides), the resumed one completed.
      const after = await statsUntil(base, (s) => s.started === before.started + 2 && s.aborted === before.aborted + 1, 'a broken and a resumed generation');
      expect(after.completed).to.equal(before.completed + 1);
    });

    it(`a request with Last-Event-ID: ${RESUME_AFTER_ID} resumes right after that event`, async () => {
      const base = await urlOf(name);
      const res = await postChat(base, { 'Last-Event-ID': String(RESUME_AFTER_ID) });
      expect(res.status).to.equal(200);
      const events = sseEvents(await res.text());
      const tokens = tokensOf(replyOf(replier));
      expect(events[0]!.id).to.equal(String(RESUME_AFTER_ID + 1));
      expect(events.at(-1)!.data).to.equal('[DONE]');
      const text = events.slice(0, -1).map((e) => JSON.parse(e.data!).choices[0].delta.content as string);
      expect(text).to.deep.equal(tokens.slice(RESUME_AFTER_ID + 1));
    });
  });
}
