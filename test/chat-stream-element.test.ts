import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { ChatStreamElement } from '../src/index.js';
import { ChatStreamError } from '../src/errors.js';
import { createControlledFetch } from './helpers/controlled-fetch.js';
import { recordEvents } from './helpers/events.js';

const openai = (content: string) => ({ data: JSON.stringify({ choices: [{ delta: { content } }] }) });
const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

async function setup(attrs: Partial<ChatStreamElement> = {}) {
  const el = await fixture<ChatStreamElement>(html`<chat-stream endpoint="/api/chat"></chat-stream>`);
  const server = createControlledFetch();
  el.fetch = server.fetch;
  Object.assign(el, attrs);
  await el.updateComplete;
  return { el, server, events: recordEvents(el) };
}

function shadow(el: ChatStreamElement, selector: string): HTMLElement | null {
  return el.shadowRoot!.querySelector(selector);
}

describe('<chat-stream>', () => {
  describe('attributes and properties', () => {
    const cases: [attr: string, value: string, prop: keyof ChatStreamElement, expected: unknown][] = [
      ['endpoint', '/x', 'endpoint', '/x'],
      ['method', 'GET', 'method', 'GET'],
      ['protocol', 'anthropic', 'protocol', 'anthropic'],
      ['model', 'm1', 'model', 'm1'],
      ['system', 'be nice', 'system', 'be nice'],
      ['placeholder', 'Type…', 'placeholder', 'Type…'],
      ['theme', 'dark', 'theme', 'dark'],
      ['accent', 'rebeccapurple', 'accent', 'rebeccapurple'],
      ['max-retries', '5', 'maxRetries', 5],
      ['timeout', '1500', 'timeout', 1500],
      ['credentials', 'include', 'credentials', 'include'],
      ['no-caret', '', 'noCaret', true],
      ['no-composer', '', 'noComposer', true],
      ['allow-images', '', 'allowImages', true],
      ['storage-key', 'k', 'storageKey', 'k'],
    ];
    for (const [attr, value, prop, expected] of cases) {
      it(`${attr} → ${String(prop)}`, async () => {
        const el = await fixture<ChatStreamElement>(html`<chat-stream></chat-stream>`);
        el.setAttribute(attr, value);
        expect(el[prop]).to.equal(expected);
      });
    }

    it('has the contract defaults', async () => {
      const el = await fixture<ChatStreamElement>(html`<chat-stream></chat-stream>`);
      expect({
        method: el.method, protocol: el.protocol, theme: el.theme, maxRetries: el.maxRetries, timeout: el.timeout,
        credentials: el.credentials, noCaret: el.noCaret, noComposer: el.noComposer, allowImages: el.allowImages, status: el.status,
      }).to.deep.equal({
        method: 'POST', protocol: 'auto', theme: 'auto', maxRetries: 2, timeout: 30000,
        credentials: 'same-origin', noCaret: false, noComposer: false, allowImages: false, status: 'idle',
      });
      expect(el.placeholder).to.be.a('string').and.not.equal('');
      expect(shadow(el, 'textarea')!.getAttribute('placeholder')).to.equal(el.placeholder);
    });

    it('uses an open shadow root and is an instance of ChatStreamElement', async () => {
      const el = await fixture<ChatStreamElement>(html`<chat-stream></chat-stream>`);
      expect(el.shadowRoot).to.not.equal(null);
      expect(el.constructor.name).to.match(/ChatStreamElement/);
    });
  });

  describe('a run', () => {
    it('sends the default request and dispatches start, token…, done with their details', async () => {
      const { el, server, events } = await setup({ model: 'gpt-test', headers: { Authorization: 'Bearer t' }, body: { temperature: 0 } });
      const sent = el.send('Hello');
      const stream = await server.nextRequest();
      expect(stream.request.method).to.equal('POST');
      expect(stream.request.url).to.equal('/api/chat');
      expect(stream.request.headers['content-type']).to.equal('application/json');
      expect(stream.request.headers.accept).to.equal('text/event-stream');
      expect(stream.request.headers.authorization).to.equal('Bearer t');
      expect(stream.request.body).to.deep.equal({
        messages: [{ role: 'user', content: 'Hello' }], stream: true, model: 'gpt-test', temperature: 0,
      });
      expect(el.status).to.equal('streaming');
      stream.pushEvent(openai('Hi'));
      stream.pushEvent(openai(' there'));
      stream.pushEvent({ data: '[DONE]' });
      expect(await sent).to.equal('Hi there');
      expect(events.sequence()).to.deep.equal(['start', 'token×2', 'done']);
      const [start, t1, t2, done] = events.events;
      expect(start!.detail).to.deep.equal({ messages: [{ role: 'user', content: 'Hello' }], request: { url: '/api/chat', method: 'POST' } });
      expect(start!.cancelable).to.equal(true);
      expect(start!.bubbles).to.equal(false);
      expect(t1!.detail).to.deep.equal({ token: 'Hi', text: 'Hi' });
      expect(t2!.detail).to.deep.equal({ token: ' there', text: 'Hi there' });
      expect(done!.detail.text).to.equal('Hi there');
      expect(done!.detail.reason).to.equal('complete');
      expect(done!.detail.durationMs).to.be.a('number').at.least(0);
      expect(done!.detail.firstTokenMs).to.be.a('number').at.least(0).and.at.most(done!.detail.durationMs);
      expect(el.status).to.equal('idle');
      expect(el.messages).to.deep.equal([{ role: 'user', content: 'Hello' }, { role: 'assistant', content: 'Hi there' }]);
    });

    it('sends the history on the next turn, with the system prompt first', async () => {
      const { el, server } = await setup({ system: 'Be brief' });
      el.messages = [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }];
      const sent = el.send('c');
      const stream = await server.nextRequest();
      expect((stream.request.body as { messages: unknown }).messages).to.deep.equal([
        { role: 'system', content: 'Be brief' }, { role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' },
      ]);
      stream.pushEvent(openai('d'));
      stream.pushEvent({ data: '[DONE]' });
      await sent;
      expect(el.messages.map((m) => m.content)).to.deep.equal(['a', 'b', 'c', 'd']);
    });

    it('with method GET sends no body and puts the prompt in the query', async () => {
      const { el, server } = await setup({ method: 'GET', protocol: 'text' });
      const sent = el.send('why is the sky blue?');
      const stream = await server.nextRequest();
      expect(stream.request.method).to.equal('GET');
      expect(stream.request.url).to.equal('/api/chat?prompt=why%20is%20the%20sky%20blue%3F');
      expect(stream.request.rawBody).to.equal(undefined);
      stream.pushEvent({ data: 'Rayleigh' });
      stream.close();
      expect(await sent).to.equal('Rayleigh');
    });

    it('a canceled start sends nothing, adds no message and rejects with AbortError', async () => {
      const { el, server, events } = await setup();
      el.addEventListener('start', (e) => e.preventDefault());
      const error = await el.send('nope').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DOMException);
      expect((error as DOMException).name).to.equal('AbortError');
      expect(server.requests).to.have.length(0);
      expect(el.messages).to.deep.equal([]);
      expect(events.sequence()).to.deep.equal(['start']);
      expect(el.status).to.equal('idle');
    });

    it('stop() aborts the request, keeps the partial reply and ends with done(abort)', async () => {
      const { el, server, events } = await setup();
      const sent = el.send('Hello');
      const stream = await server.nextRequest();
      stream.pushEvent(openai('Part'));
      await events.next('token');
      el.stop();
      expect(await sent).to.equal('Part');
      await stream.whenAborted;
      expect(stream.aborted).to.equal(true);
      expect(events.sequence()).to.deep.equal(['start', 'token×1', 'done']);
      expect(events.events.at(-1)!.detail.reason).to.equal('abort');
      expect(el.messages.at(-1)).to.deep.equal({ role: 'assistant', content: 'Part' });
      stream.pushEvent(openai(' late'));
      await frame();
      expect(events.count('token')).to.equal(1);
      expect(el.status).to.equal('idle');
    });

    it('a stop before any token gives done with firstTokenMs null', async () => {
      const { el, server, events } = await setup();
      const sent = el.send('Hello');
      await server.nextRequest();
      el.stop();
      expect(await sent).to.equal('');
      expect(events.events.at(-1)!.detail).to.include({ reason: 'abort', firstTokenMs: null, text: '' });
    });

    it('removing the element aborts its run like stop()', async () => {
      const { el, server, events } = await setup();
      const sent = el.send('Hello');
      const stream = await server.nextRequest();
      el.remove();
      await stream.whenAborted;
      expect(await sent).to.equal('');
      expect(events.sequence()).to.deep.equal(['start', 'done']);
    });

    it('moving the element keeps its run', async () => {
      const { el, server, events } = await setup();
      const sent = el.send('Hello');
      const stream = await server.nextRequest();
      document.body.append(el);
      await Promise.resolve();
      await Promise.resolve();
      expect(stream.aborted).to.equal(false);
      stream.pushEvent(openai('ok'));
      stream.pushEvent({ data: '[DONE]' });
      expect(await sent).to.equal('ok');
      expect(events.sequence()).to.deep.equal(['start', 'token×1', 'done']);
      el.remove();
    });

    it('clear() stops the run and empties the conversation', async () => {
      const { el, server, events } = await setup();
      const sent = el.send('Hello');
      await server.nextRequest();
      el.clear();
      await sent;
      expect(el.messages).to.deep.equal([]);
      expect(events.sequence()).to.deep.equal(['start', 'done']);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('[part~="message"]')).to.have.length(0);
    });
  });

  describe('bad input', () => {
    const cases: { name: string; props?: Partial<ChatStreamElement>; text: unknown; match: RegExp }[] = [
      { name: 'an empty message', text: '   ', match: /non-empty string/ },
      { name: 'a non-string message', text: 42, match: /non-empty string/ },
      { name: 'no endpoint', props: { endpoint: undefined }, text: 'hi', match: /endpoint/ },
      { name: 'an unknown protocol', props: { protocol: 'smoke-signals' as never }, text: 'hi', match: /Unknown protocol "smoke-signals".*openai/ },
    ];
    for (const { name, props, text, match } of cases) {
      it(`rejects ${name} at once and sends nothing`, async () => {
        const { el, server, events } = await setup(props);
        const error = await el.send(text as string).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(ChatStreamError);
        expect((error as Error).message).to.match(match);
        expect(server.requests).to.have.length(0);
        expect(events.events).to.have.length(0);
        expect(el.messages).to.deep.equal([]);
      });
    }

    it('rejects send() while a run is in flight, without touching the run', async () => {
      const { el, server, events } = await setup();
      const first = el.send('one');
      const stream = await server.nextRequest();
      const error = await el.send('two').catch((e: unknown) => e);
      expect((error as Error).message).to.match(/A reply is streaming/);
      expect(server.requests).to.have.length(1);
      stream.pushEvent(openai('1'));
      stream.pushEvent({ data: '[DONE]' });
      expect(await first).to.equal('1');
      expect(events.sequence()).to.deep.equal(['start', 'token×1', 'done']);
      expect(el.messages.map((m) => m.content)).to.deep.equal(['one', '1']);
    });

    it('rejects a malformed messages value with a TypeError', async () => {
      const { el } = await setup();
      expect(() => (el.messages = [{ role: 'robot', content: 'x' }] as never)).to.throw(TypeError);
      expect(() => (el.messages = 'nope' as never)).to.throw(TypeError);
    });
  });

  describe('failures', () => {
    it('an HTTP error ends with one error event carrying the status and keeps the user message', async () => {
      const { el, server, events } = await setup({ maxRetries: 0 });
      server.enqueue({ status: 401, contentType: 'application/json', body: '{"error":{"message":"Invalid API key"}}' });
      const error = await el.send('hi').catch((e: unknown) => e);
      expect(events.sequence()).to.deep.equal(['start', 'error']);
      const detail = events.events.at(-1)!.detail;
      expect(detail.status).to.equal(401);
      expect(detail.error).to.equal(error);
      expect(detail.error.message).to.match(/401/).and.match(/Invalid API key/);
      expect(detail.text).to.equal('');
      expect(el.status).to.equal('error');
      expect(el.messages).to.deep.equal([{ role: 'user', content: 'hi' }]);
      await el.updateComplete;
      const notice = shadow(el, '[part~="error"]')!;
      expect(notice.textContent).to.match(/Invalid API key/);
      expect(notice.getAttribute('role')).to.equal('alert');
    });

    it('a broken stream keeps the partial reply, and Retry re-runs the turn without duplicating the user message', async () => {
      const { el, server, events } = await setup({ maxRetries: 0 });
      const first = el.send('tell me');
      const s1 = await server.nextRequest();
      s1.pushEvent(openai('Once upon'));
      await events.next('token');
      s1.close(); // no [DONE]: not a complete reply
      const error = await first.catch((e: unknown) => e);
      expect((error as ChatStreamError).code).to.equal('incomplete');
      expect(events.events.at(-1)!.detail.text).to.equal('Once upon');
      expect(el.messages).to.deep.equal([{ role: 'user', content: 'tell me' }, { role: 'assistant', content: 'Once upon' }]);
      await el.updateComplete;
      expect(shadow(el, '[part~="assistant"] [part~="content"]')!.textContent).to.contain('Once upon');
      const retry = shadow(el, '[part~="error"] button')!;
      expect(retry.textContent).to.match(/Retry/);
      retry.click();
      const s2 = await server.nextRequest();
      expect((s2.request.body as { messages: unknown }).messages).to.deep.equal([{ role: 'user', content: 'tell me' }]);
      s2.pushEvent(openai('Once upon a time.'));
      s2.pushEvent({ data: '[DONE]' });
      await events.next('done');
      expect(el.messages).to.deep.equal([{ role: 'user', content: 'tell me' }, { role: 'assistant', content: 'Once upon a time.' }]);
      expect(el.status).to.equal('idle');
      await el.updateComplete;
      expect(shadow(el, '[part~="error"]')).to.equal(null);
    });

    it('a token listener that throws breaks neither the run nor the request count', async () => {
      const { el, server, events } = await setup();
      const onerror = window.onerror;
      window.onerror = () => true; // the listener's own exception is reported, not ours
      el.addEventListener('token', () => {
        throw new Error('buggy listener');
      });
      try {
        const sent = el.send('hi');
        const stream = await server.nextRequest();
        stream.pushEvent(openai('a'));
        stream.pushEvent(openai('b'));
        stream.pushEvent({ data: '[DONE]' });
        expect(await sent).to.equal('ab');
      } finally {
        window.onerror = onerror;
      }
      expect(server.requests).to.have.length(1);
      expect(events.sequence()).to.deep.equal(['start', 'token×2', 'done']);
    });
  });

  describe('custom wire formats', () => {
    it('parseEvent replaces the protocol readers', async () => {
      const { el, server } = await setup({
        parseEvent: (ev) => (ev.event === 'end' ? { done: true } : ev.event === 'say' ? ev.data.toUpperCase() : null),
      });
      const sent = el.send('hi');
      const stream = await server.nextRequest();
      stream.pushEvent({ event: 'say', data: 'abc' });
      stream.pushEvent({ event: 'noise', data: 'zzz' });
      stream.pushEvent({ event: 'say', data: 'def' });
      stream.pushEvent({ event: 'end', data: '' + 'x' });
      expect(await sent).to.equal('ABCDEF');
    });

    it('prepareRequest controls the request and can make its own requests first (seed pattern)', async () => {
      const { el, server, events } = await setup({
        prepareRequest: async ({ messages, request, fetch }) => {
          const seed = await fetch('/seed', { method: 'POST', body: JSON.stringify({ messages }) });
          const { id } = (await seed.json()) as { id: string };
          return { url: `/stream/${id}`, method: 'GET', headers: { ...request.headers, 'X-Seed': id } };
        },
      });
      server.enqueue({ contentType: 'application/json', body: '{"id":"abc"}' });
      const sent = el.send('hi');
      const seed = await server.nextRequest();
      expect(seed.request).to.include({ url: '/seed', method: 'POST' });
      expect(events.sequence()).to.deep.equal(['start']);
      const stream = await server.nextRequest();
      expect(stream.request).to.include({ url: '/stream/abc', method: 'GET' });
      expect(stream.request.headers['x-seed']).to.equal('abc');
      stream.pushEvent(openai('seeded'));
      stream.pushEvent({ data: '[DONE]' });
      expect(await sent).to.equal('seeded');
    });

    it('a throwing prepareRequest fails the run with a clear error', async () => {
      const { el, server, events } = await setup({
        prepareRequest: () => {
          throw new Error('no token');
        },
      });
      const error = await el.send('hi').catch((e: unknown) => e);
      expect((error as Error).message).to.match(/prepareRequest failed: no token/);
      expect(server.requests).to.have.length(0);
      expect(events.sequence()).to.deep.equal(['start', 'error']);
    });
  });

  describe('rendering', () => {
    it('renders user text as text and replies as sanitized markdown with a caret while streaming', async () => {
      const { el, server, events } = await setup();
      const sent = el.send('<b>not bold</b> **not md**');
      const stream = await server.nextRequest();
      await el.updateComplete;
      const user = shadow(el, '[part~="message"][part~="user"] [part~="content"]')!;
      expect(user.textContent).to.equal('<b>not bold</b> **not md**');
      expect(user.children).to.have.length(0);
      stream.pushEvent(openai('# Title\n\nSome **bold** <img src=x onerror="window.__pwned=1"> text'));
      await events.next('token');
      await frame();
      await frame();
      const content = shadow(el, '[part~="assistant"] [part~="content"]')!;
      expect(content.querySelector('h1')!.textContent).to.equal('Title');
      expect(content.querySelector('strong')!.textContent).to.equal('bold');
      expect(content.querySelector('[onerror]')).to.equal(null);
      expect(content.querySelector('[part~="caret"]')).to.not.equal(null);
      stream.pushEvent({ data: '[DONE]' });
      await sent;
      expect(content.querySelector('[part~="caret"]')).to.equal(null);
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    });

    it('no-caret hides the caret', async () => {
      const { el, server, events } = await setup({ noCaret: true });
      el.send('hi').catch(() => {});
      const stream = await server.nextRequest();
      stream.pushEvent(openai('Hello'));
      await events.next('token');
      await frame();
      await frame();
      expect(el.shadowRoot!.querySelector('[part~="caret"]')).to.equal(null);
      el.stop();
    });

    it('restores a history set through messages', async () => {
      const { el } = await setup();
      el.messages = [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: '**a**' },
      ];
      await el.updateComplete;
      const parts = [...el.shadowRoot!.querySelectorAll('[part~="message"]')].map((m) => m.getAttribute('part'));
      expect(parts).to.deep.equal(['message user', 'message assistant']);
      expect(shadow(el, '[part~="assistant"] strong')!.textContent).to.equal('a');
    });

    it('exposes the contract’s parts', async () => {
      const { el, server, events } = await setup({ maxRetries: 0 });
      el.messages = [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }];
      const run = el.send('next').catch(() => {});
      const stream = await server.nextRequest();
      stream.pushEvent(openai('x'));
      await events.next('token');
      await frame();
      await frame();
      for (const part of ['log', 'message', 'user', 'assistant', 'content', 'caret', 'composer', 'input', 'send-button', 'stop-button']) {
        expect(el.shadowRoot!.querySelector(`[part~="${part}"]`), part).to.not.equal(null);
      }
      stream.error(new TypeError('network down'));
      await run;
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="error"]')).to.not.equal(null);
    });
  });

  describe('composer', () => {
    async function type(el: ChatStreamElement, text: string) {
      const input = shadow(el, 'textarea') as HTMLTextAreaElement;
      input.focus();
      input.value = text;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await el.updateComplete;
      return input;
    }
    const enter = (init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true, ...init });

    it('Enter sends, clears the input and keeps focus; Shift+Enter and IME composition do not send', async () => {
      const { el, server } = await setup();
      const input = await type(el, '你好');
      input.dispatchEvent(enter({ isComposing: true }));
      input.dispatchEvent(enter({ keyCode: 229 } as KeyboardEventInit));
      input.dispatchEvent(enter({ shiftKey: true }));
      await el.updateComplete;
      expect(server.requests).to.have.length(0);
      const ev = enter();
      input.dispatchEvent(ev);
      expect(ev.defaultPrevented).to.equal(true);
      const stream = await server.nextRequest();
      expect((stream.request.body as { messages: { content: string }[] }).messages.at(-1)!.content).to.equal('你好');
      await el.updateComplete;
      expect(input.value).to.equal('');
      expect(el.shadowRoot!.activeElement).to.equal(input);
      // No second send while streaming.
      await type(el, 'again');
      input.dispatchEvent(enter());
      await el.updateComplete;
      expect(server.requests).to.have.length(1);
      expect(shadow(el, '[part="send-button"]')!.hasAttribute('disabled')).to.equal(true);
      expect(shadow(el, '[part="stop-button"]')!.hidden).to.equal(false);
      // Escape stops.
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
      await stream.whenAborted;
      expect(el.status).to.equal('idle');
    });

    it('the send and stop buttons work', async () => {
      const { el, server, events } = await setup();
      await type(el, 'hello');
      shadow(el, '[part="send-button"]')!.click();
      const stream = await server.nextRequest();
      await el.updateComplete;
      shadow(el, '[part="stop-button"]')!.click();
      await stream.whenAborted;
      expect(events.sequence()).to.deep.equal(['start', 'done']);
    });

    it('shows a configuration error from the composer instead of failing silently', async () => {
      const { el, server } = await setup({ protocol: 'carrier-pigeon' as never });
      const input = await type(el, 'hi');
      input.dispatchEvent(enter());
      await el.updateComplete;
      expect(server.requests).to.have.length(0);
      expect(shadow(el, '[part~="error"]')!.textContent).to.match(/Unknown protocol/);
      expect(input.value).to.equal('hi');
    });

    it('no-composer hides the composer; send() still works', async () => {
      const { el, server } = await setup({ noComposer: true });
      expect(shadow(el, '[part~="composer"]')).to.equal(null);
      const sent = el.send('x');
      const stream = await server.nextRequest();
      stream.pushEvent(openai('y'));
      stream.pushEvent({ data: '[DONE]' });
      expect(await sent).to.equal('y');
    });
  });

  describe('persistence', () => {
    afterEach(() => localStorage.removeItem('chat-test'));

    it('storage-key keeps the conversation across instances', async () => {
      const { el, server } = await setup({ storageKey: 'chat-test' });
      const sent = el.send('remember me');
      const stream = await server.nextRequest();
      stream.pushEvent(openai('ok'));
      stream.pushEvent({ data: '[DONE]' });
      await sent;
      const again = await fixture<ChatStreamElement>(html`<chat-stream storage-key="chat-test"></chat-stream>`);
      expect(again.messages).to.deep.equal([{ role: 'user', content: 'remember me' }, { role: 'assistant', content: 'ok' }]);
    });

    it('ignores corrupt stored data with a warning', async () => {
      localStorage.setItem('chat-test', '{"v":1,"messages":[{"role":"x"}]}');
      const warn = console.warn;
      const warnings: unknown[] = [];
      console.warn = (...a: unknown[]) => void warnings.push(a);
      try {
        const el = await fixture<ChatStreamElement>(html`<chat-stream storage-key="chat-test"></chat-stream>`);
        expect(el.messages).to.deep.equal([]);
      } finally {
        console.warn = warn;
      }
      expect(warnings).to.have.length(1);
    });
  });

  describe('launcher mode', () => {
    it('opens from a button, closes on Escape and returns focus to the button', async () => {
      const el = await fixture<ChatStreamElement>(html`<chat-stream launcher endpoint="/x"></chat-stream>`);
      const button = shadow(el, '[part="launcher-button"]') as HTMLButtonElement;
      const panel = shadow(el, '[part~="panel"]') as HTMLElement;
      expect(panel.hidden).to.equal(true);
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      button.focus();
      button.click();
      await el.updateComplete;
      expect(el.open).to.equal(true);
      expect(panel.hidden).to.equal(false);
      expect(el.shadowRoot!.activeElement).to.equal(shadow(el, 'textarea'));
      shadow(el, 'textarea')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
      await el.updateComplete;
      expect(el.open).to.equal(false);
      expect(panel.hidden).to.equal(true);
      expect(el.shadowRoot!.activeElement).to.equal(button);
      expect(getComputedStyle(el).position).to.equal('fixed');
    });
  });

  describe('define', () => {
    it('is safe to call twice, and a subclass can take another tag', async () => {
      const Ctor = customElements.get('chat-stream') as typeof ChatStreamElement;
      expect(Ctor.define()).to.equal(Ctor);
      expect(customElements.get('chat-stream')).to.equal(Ctor);
      const Sub = class extends Ctor {};
      expect(Sub.define('my-chat-test')).to.equal(Sub);
      expect(Sub.define('my-chat-test')).to.equal(Sub);
      expect(document.createElement('my-chat-test')).to.be.instanceOf(Ctor);
    });
  });
});
