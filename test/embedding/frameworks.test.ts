// The React 19 and Vue 3 example apps (demo/frameworks/*, built by `npm test` into their dist/)
// in Chromium: the properties the app sets reach the element, and the element's events reach the
// app's handlers, which render what they received.
import { expect } from '@open-wc/testing';
import { openUrl, until, type Frame } from './frame.js';

interface ChatStreamLike extends HTMLElement {
  updateComplete: Promise<boolean>;
  headers: Record<string, string> | undefined;
  messages: { role: string; content: string }[];
  fetch: typeof fetch | undefined;
  send(text: string): Promise<string>;
}

interface Recorded {
  url: string;
  headers: Record<string, string>;
  body: { messages?: { role: string; content: string }[] };
}

const APPS = [
  { name: 'React 19', url: '/demo/frameworks/react/dist/index.html', header: 'react', greeting: 'Hello from React' },
  { name: 'Vue 3', url: '/demo/frameworks/vue/dist/index.html', header: 'vue', greeting: 'Hello from Vue' },
];

for (const app of APPS) {
  describe(`${app.name} example app`, () => {
    let frame: Frame;
    let el: ChatStreamLike;
    const text = (id: string) => frame.doc.getElementById(id)?.textContent ?? '';

    beforeEach(async () => {
      const res = await fetch(app.url);
      expect(res.ok, `${app.url} exists (npm test builds the example apps)`).to.equal(true);
      frame = await openUrl(app.url);
      el = await until(() => frame.doc.querySelector('chat-stream') as ChatStreamLike | null, 'the app to render <chat-stream>');
      await until(() => frame.doc.getElementById('outcome'), 'the app to render its outputs');
      await el.updateComplete;
    });

    afterEach(() => frame.remove());

    it('registers <chat-stream> and renders the element', () => {
      expect(frame.win.customElements.get('chat-stream')).to.be.a('function');
      expect(el.shadowRoot?.querySelector('[part~="log"]')).to.exist;
      expect(frame.errors).to.deep.equal([]);
    });

    it('sets headers and messages as properties', async () => {
      expect(el.hasAttribute('headers'), 'headers must not become an attribute').to.equal(false);
      expect(el.hasAttribute('messages'), 'messages must not become an attribute').to.equal(false);
      expect(el.headers).to.deep.equal({ 'X-Chat-Demo': app.header });
      expect(el.messages).to.deep.equal([
        { role: 'user', content: app.greeting },
        { role: 'assistant', content: 'Hello! Ask me anything.' },
      ]);
      // The restored history is on screen.
      const shown = [...el.shadowRoot!.querySelectorAll('[part~="message"]')].map((m) => m.textContent ?? '');
      expect(shown.some((t) => t.includes(app.greeting)), 'the history is rendered').to.equal(true);
    });

    it('sends the properties and delivers token and done to the app', async () => {
      const requests: Recorded[] = [];
      const realFetch = frame.win.fetch.bind(frame.win);
      el.fetch = (input, init) => {
        requests.push({
          url: String(input instanceof Request ? input.url : input),
          headers: Object.fromEntries(new Headers(init?.headers).entries()),
          body: typeof init?.body === 'string' ? JSON.parse(init.body) : {},
        });
        return realFetch(input, init);
      };
      const tokens: string[] = [];
      el.addEventListener('token', (e) => tokens.push((e as CustomEvent<{ token: string }>).detail.token));

      const reply = await el.send('Ping');

      expect(requests.length, 'requests sent').to.equal(1);
      expect(requests[0]!.url).to.contain('/mock/openai');
      expect(requests[0]!.headers['x-chat-demo'], 'the headers property reaches the request').to.equal(app.header);
      expect(requests[0]!.body.messages?.map((m) => m.content), 'the messages property reaches the request').to.deep.equal([app.greeting, 'Hello! Ask me anything.', 'Ping']);

      expect(reply.length, 'reply length').to.be.greaterThan(0);
      await until(() => text('outcome').startsWith('done:'), `the app's done handler (outcome: "${text('outcome')}")`);
      expect(text('outcome')).to.equal(`done:complete:${reply}`);
      expect(text('reply'), "the app's token handler saw the whole reply").to.equal(reply);
      expect(Number(text('tokens')), "tokens the app's handler counted").to.equal(tokens.length);
      expect(tokens.length).to.be.greaterThan(0);
      expect(frame.errors).to.deep.equal([]);
    });

    it('delivers error to the app', async () => {
      el.fetch = async () => new Response('{"error":{"message":"no such model"}}', { status: 404, headers: { 'content-type': 'application/json' } });
      const failure = await el.send('Ping').then(
        () => expect.fail('a 404 answer must fail the run'),
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(frame.win.Error);
      await until(() => text('outcome').startsWith('error:'), `the app's error handler (outcome: "${text('outcome')}")`);
      expect(text('outcome')).to.match(/^error:404:.+/);
    });
  });
}
