// End-to-end: the element against the mock model server the demo uses (mounted under /mock/).
import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { ChatStreamElement } from '../src/index.js';
import { recordEvents } from './helpers/events.js';

const REPLY = '## Plan\n\nHello **world** — with `code`, a [link](https://example.com) and 你好 😀.\n\n- one\n- two\n\n```js\nconsole.log("hi");\n```\n';

let keyCounter = 0;
const newKey = () => `e2e-${Date.now()}-${keyCounter++}`;

async function requestsOf(key: string, query = '') {
  const res = await fetch(`/mock/_requests?key=${key}${query}`);
  return (await res.json()) as { method: string; url: string; headers: Record<string, string>; body: unknown; aborted: boolean; completed: boolean }[];
}

async function element(endpoint: string, props: Partial<ChatStreamElement> = {}) {
  const el = await fixture<ChatStreamElement>(html`<chat-stream .endpoint=${endpoint}></chat-stream>`);
  Object.assign(el, props);
  return el;
}

describe('end to end against the mock server', () => {
  const formats: [path: string, protocols: string[]][] = [
    ['openai', ['openai', 'auto']],
    ['openai-responses', ['openai', 'auto']],
    ['anthropic', ['anthropic', 'auto']],
    ['text', ['text', 'auto']],
    ['json', ['json', 'auto']],
    ['plain', ['auto', 'text']],
  ];
  for (const [path, protocols] of formats) {
    for (const protocol of protocols) {
      it(`/mock/${path} read as ${protocol} yields exactly the text sent`, async () => {
        const key = newKey();
        const el = await element(`/mock/${path}?delay=0&chunk=3&key=${key}&text=${encodeURIComponent(REPLY)}`, { protocol: protocol as never });
        const events = recordEvents(el);
        expect(await el.send('hi')).to.equal(REPLY);
        expect(events.sequence()).to.deep.equal(['start', `token×${events.count('token')}`, 'done']);
        // SSE events arrive one by one; a text/plain body's chunks may be coalesced by the network.
        expect(events.count('token')).to.be.greaterThan(path === 'plain' ? 0 : 5);
        expect(events.events.at(-1)!.detail.text).to.equal(REPLY);
        const tokens = events.events.filter((e) => e.type === 'token').map((e) => e.detail.token).join('');
        expect(tokens).to.equal(REPLY);
        expect(await requestsOf(key)).to.have.length(1);
      });
    }
  }

  it('streams a realistic reply chosen by the prompt, and renders it', async () => {
    const el = await element('/mock/openai?delay=0');
    const text = await el.send('Show me a table');
    expect(text.length).to.be.greaterThan(50);
    const content = el.shadowRoot!.querySelector('[part~="assistant"] [part~="content"]')!;
    expect(content.textContent!.replace(/\s+/g, '')).to.not.equal('');
    expect(content.querySelector('[part~="caret"]')).to.equal(null);
  });

  it('method GET sends the prompt in the query', async () => {
    const key = newKey();
    const el = await element(`/mock/openai?delay=0&echo=1&key=${key}`, { method: 'GET' });
    expect(await el.send('echo this')).to.equal('echo this');
    const [req] = await requestsOf(key);
    expect(req!.method).to.equal('GET');
    expect(req!.url).to.contain('prompt=echo%20this');
  });

  it('stop() closes the connection: the server sees the abort', async () => {
    const key = newKey();
    const el = await element(`/mock/openai?delay=50&key=${key}`);
    const events = recordEvents(el);
    const sent = el.send('long answer please');
    await events.next('token');
    el.stop();
    const text = await sent;
    expect(events.events.at(-1)!.detail.reason).to.equal('abort');
    expect(el.messages.at(-1)!.content).to.equal(text);
    const [req] = await requestsOf(key, '&settled=1');
    expect(req!.aborted).to.equal(true);
    expect(req!.completed).to.equal(false);
  });

  it('the two-step seed flow through prepareRequest', async () => {
    const el = await element('/mock/seed', {
      prepareRequest: async ({ messages, request, fetch }) => {
        const res = await fetch('/mock/seed', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ messages }) });
        const { id } = (await res.json()) as { id: string };
        return { url: `/mock/stream/${id}?delay=0`, method: 'GET', headers: request.headers };
      },
    });
    const text = await el.send('Seeded prompt');
    expect(text.length).to.be.greaterThan(20);
  });

  it('resumes a dropped stream with Last-Event-ID, without repeating or losing text', async () => {
    const key = newKey();
    const el = await element(`/mock/openai?delay=10&ids=1&fault=drop&fail=1&faultAfter=4&key=${key}&text=${encodeURIComponent(REPLY)}`);
    const events = recordEvents(el);
    expect(await el.send('hi')).to.equal(REPLY);
    const reqs = await requestsOf(key);
    expect(reqs).to.have.length(2);
    expect(reqs[1]!.headers['last-event-id']).to.be.a('string').and.not.equal('');
    expect(events.sequence().at(-1)).to.equal('done');
  });

  it('a persistent 503 is retried max-retries times, then fails with the status', async () => {
    const key = newKey();
    const el = await element(`/mock/openai?fault=503&key=${key}`, { maxRetries: 1 });
    const events = recordEvents(el);
    const error = await el.send('hi').catch((e: unknown) => e);
    expect(events.sequence()).to.deep.equal(['start', 'error']);
    expect(events.events.at(-1)!.detail.status).to.equal(503);
    expect((error as Error).message).to.match(/503/);
    expect(await requestsOf(key)).to.have.length(2);
  });

  it('an HTML login page fails at once with what came back', async () => {
    const key = newKey();
    const el = await element(`/mock/openai?fault=html&key=${key}`);
    const error = await el.send('hi').catch((e: unknown) => e);
    expect((error as Error).message).to.match(/text\/html/).and.match(/200/);
    expect(await requestsOf(key)).to.have.length(1);
  });
  it('eight elements on one page stream independently, and stopping one leaves the others', async () => {
    const key = newKey();
    const els = await Promise.all(
      // The one that is stopped streams slower, so that the server is still sending when the stop comes,
      // however busy the machine is (a fast reply may be wholly in the browser's buffers by then).
      Array.from({ length: 8 }, (_, i) => element(`/mock/openai?delay=${i === 3 ? 40 : 5}&chunk=4&key=${key}&text=${encodeURIComponent(`Reply number ${i}: ${REPLY}`)}`)),
    );
    const runs = els.map((el, i) => el.send(`question ${i}`));
    const stopped = recordEvents(els[3]!);
    await stopped.next('token');
    els[3]!.stop();
    const texts = await Promise.all(runs);
    texts.forEach((text, i) => {
      const full = `Reply number ${i}: ${REPLY}`;
      if (i !== 3) expect(text).to.equal(full);
      else expect(full.startsWith(text) && text.length > 0 && text.length < full.length).to.equal(true);
    });
    expect(stopped.events.at(-1)!.detail.reason).to.equal('abort');
    const reqs = await requestsOf(key, '&count=8&settled=1');
    expect(reqs).to.have.length(8);
    expect(reqs.filter((r) => r.aborted)).to.have.length(1);
  });
});
