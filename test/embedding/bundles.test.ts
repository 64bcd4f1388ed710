// The built files as a site loads them: the CDN bundles by script tag, the npm entry by import, each
// in a fresh page. Contract: each registers <chat-stream>; loading one twice, or the CDN bundle and
// the npm entry on one page, does not throw; the class-only entry registers nothing.
import { expect } from '@open-wc/testing';
import { openPage, until, type Frame } from './frame.js';

const ES = '/dist/cdn/chat-stream.js';
const IIFE = '/dist/cdn/chat-stream.iife.js';
const NPM = '/dist/npm/index.js';
const CLASS_ONLY = '/dist/npm/element.js';

const classic = (src: string) => `<script src="${src}" onerror="__errors.push('load failed: ' + this.src)"></script>`;
const moduleTag = (src: string) => `<script type="module" src="${src}" onerror="__errors.push('load failed: ' + this.src)"></script>`;

type Ctor = abstract new (...args: never[]) => unknown;
type ChatStreamLike = HTMLElement & { updateComplete: Promise<boolean>; send(text: string): Promise<string> };

let frame: Frame | undefined;
afterEach(() => {
  frame?.remove();
  frame = undefined;
});

/** Asserts the page registered <chat-stream> without an error and that an element renders its panel. */
async function expectWorkingElement(f: Frame): Promise<ChatStreamLike> {
  expect(f.errors, 'errors on the page').to.deep.equal([]);
  const ctor = f.win.customElements.get('chat-stream');
  expect(ctor, '<chat-stream> is registered').to.be.a('function');
  const el = f.doc.createElement('chat-stream') as ChatStreamLike;
  el.setAttribute('endpoint', '/mock/openai?delay=0');
  f.doc.body.append(el);
  expect(el).to.be.instanceOf(ctor!);
  await el.updateComplete;
  const root = el.shadowRoot;
  expect(root, 'open shadow root').to.exist;
  for (const part of ['log', 'composer', 'input', 'send-button']) {
    expect(root!.querySelector(`[part~="${part}"]`), `part ${part}`).to.exist;
  }
  expect(f.errors, 'errors after rendering').to.deep.equal([]);
  return el;
}

describe('CDN bundles', () => {
  it('dist/cdn/chat-stream.js registers <chat-stream> and exports the class', async () => {
    frame = await openPage(moduleTag(ES), `window.__mod = await import(${JSON.stringify(ES)});`);
    const el = await expectWorkingElement(frame);
    const mod = (frame.win as unknown as { __mod: { ChatStreamElement: Ctor } }).__mod;
    expect(el, 'an element is an instance of the exported class').to.be.instanceOf(mod.ChatStreamElement);
  });

  it('dist/cdn/chat-stream.iife.js registers <chat-stream> from a classic script', async () => {
    frame = await openPage(classic(IIFE));
    const el = await expectWorkingElement(frame);
    const global = (frame.win as unknown as { ChatStream?: { ChatStreamElement: Ctor } }).ChatStream;
    expect(global?.ChatStreamElement, 'window.ChatStream.ChatStreamElement').to.be.a('function');
    expect(el, 'an element is an instance of window.ChatStream.ChatStreamElement').to.be.instanceOf(global!.ChatStreamElement);
  });

  it('the ES bundle streams a reply from the mock server', async () => {
    frame = await openPage(moduleTag(ES));
    const el = await expectWorkingElement(frame);
    const tokens: string[] = [];
    el.addEventListener('token', (e) => tokens.push((e as CustomEvent<{ token: string }>).detail.token));
    const text = await el.send('Hello');
    expect(text.length, 'reply length').to.be.greaterThan(0);
    expect(tokens.join('')).to.equal(text);
  });

  // The lazy chunks sit beside the bundle, and each bundle fetches them from its own folder, only
  // when a reply needs them: the markdown engine for any reply, the highlighter for fenced code with
  // a language, the math renderer for a formula.
  for (const [name, tag] of [['ES bundle', moduleTag(ES)], ['classic-script bundle', classic(IIFE)]] as const) {
    it(`the ${name} loads the markdown engine, the highlighter and the math chunk from its folder when a reply needs them`, async () => {
      frame = await openPage(tag);
      const f = frame;
      const el = await expectWorkingElement(f);
      const chunks = () =>
        f.win.performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name).pathname)
          .filter((path) => /chat-stream\.(engine|highlight|math)\.js$/.test(path))
          .sort();
      expect(chunks(), 'no chunk before a reply').to.deep.equal([]);
      const reply = 'Plain **text** first.\n\n```js\nconst answer = 42;\n```\n\nAnd \\(x^2\\) too.';
      const body = `data: ${JSON.stringify({ choices: [{ delta: { content: reply } }] })}\n\ndata: [DONE]\n\n`;
      (el as ChatStreamLike & { fetch: typeof fetch }).fetch = async () => new f.win.Response(body, { headers: { 'content-type': 'text/event-stream' } });
      await el.send('Show me');
      const content = el.shadowRoot!.querySelector('[part~="assistant"] [part~="content"]')!;
      expect(content.querySelector('strong')?.textContent).to.equal('text');
      await until(() => content.querySelector('code .hljs-keyword'), 'highlighted code');
      await until(() => content.querySelector('math'), 'a formula as MathML');
      expect(chunks()).to.deep.equal(['/dist/cdn/chat-stream.engine.js', '/dist/cdn/chat-stream.highlight.js', '/dist/cdn/chat-stream.math.js']);
      expect(content.querySelector('[style]'), 'no inline style').to.equal(null);
      expect(f.errors, 'errors on the page').to.deep.equal([]);
    });
  }

  it('loading the ES bundle twice (two evaluations) is harmless', async () => {
    // Distinct URLs: the same URL twice is one module, evaluated once.
    frame = await openPage(moduleTag(`${ES}?copy=1`) + moduleTag(`${ES}?copy=2`), `await import(${JSON.stringify(`${ES}?copy=3`)});`);
    await expectWorkingElement(frame);
  });

  it('loading the IIFE twice is harmless', async () => {
    frame = await openPage(classic(IIFE) + classic(IIFE));
    await expectWorkingElement(frame);
  });

  it('the IIFE then the ES bundle on one page is harmless', async () => {
    frame = await openPage(classic(IIFE) + moduleTag(ES));
    await expectWorkingElement(frame);
  });

  it('the ES bundle then the IIFE on one page is harmless', async () => {
    frame = await openPage('', `await import(${JSON.stringify(ES)});
      const s = document.createElement('script'); s.src = ${JSON.stringify(IIFE)};
      await new Promise((resolve, reject) => { s.onload = resolve; s.onerror = () => reject(new Error('load failed: ' + s.src)); document.head.append(s); });`);
    await expectWorkingElement(frame);
  });
});

describe('npm entries in the browser', () => {
  it('dist/npm/index.js registers <chat-stream>', async () => {
    frame = await openPage(moduleTag(NPM));
    await expectWorkingElement(frame);
  });

  it('the npm entry then the CDN bundle on one page is harmless', async () => {
    frame = await openPage('', `await import(${JSON.stringify(NPM)}); await import(${JSON.stringify(ES)});`);
    await expectWorkingElement(frame);
  });

  it('the CDN bundles then the npm entry on one page is harmless', async () => {
    frame = await openPage(classic(IIFE) + moduleTag(ES), `await import(${JSON.stringify(NPM)});`);
    await expectWorkingElement(frame);
  });

  it('dist/npm/element.js registers nothing; define() picks the tag and is safe to repeat', async () => {
    frame = await openPage('', `window.__mod = await import(${JSON.stringify(CLASS_ONLY)});`);
    expect(frame.errors).to.deep.equal([]);
    expect(frame.win.customElements.get('chat-stream'), 'chat-stream after importing the class-only entry').to.equal(undefined);
    const { ChatStreamElement } = (frame.win as unknown as { __mod: { ChatStreamElement: { define(tag?: string): unknown } } }).__mod;
    expect(ChatStreamElement.define('my-chat')).to.equal(ChatStreamElement);
    expect(ChatStreamElement.define('my-chat')).to.equal(ChatStreamElement);
    expect(frame.win.customElements.get('my-chat')).to.be.a('function');
    expect(frame.win.customElements.get('chat-stream')).to.equal(undefined);
    const el = frame.doc.createElement('my-chat') as ChatStreamLike;
    frame.doc.body.append(el);
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('[part~="log"]')).to.exist;
  });
});
