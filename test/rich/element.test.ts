// Highlighting and math through <chat-stream>: on by default, `no-highlight` and `math="off"` turn
// them off, `math="dollars"` adds `$ … $`, and the highlighter loads only once a reply has a fenced
// block with a language (its own file: a fresh page, where nothing has loaded it yet).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { ChatStreamElement } from '../../src/index.js';
import { highlighterReady, mathReady } from '../../src/rich/index.js';

const REPLY = 'Look:\n\n```js\nconst x = 1;\n```\n\nand \\(x^2\\), $y$.';

async function reply(el: ChatStreamElement, text: string): Promise<Element> {
  el.fetch = async () =>
    new Response(`data: ${JSON.stringify({ choices: [{ delta: { content: text } }] })}\n\ndata: [DONE]\n\n`, { headers: { 'content-type': 'text/event-stream' } });
  await el.send('hi');
  await el.updateComplete;
  return [...el.shadowRoot!.querySelectorAll('[part~="assistant"] [part~="content"]')].at(-1)!;
}

async function until(check: () => unknown, what: string): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('<chat-stream> code and math', () => {
  it('loads neither chunk for a reply without code or math', async () => {
    const el = await fixture<ChatStreamElement>(html`<chat-stream endpoint="/api/chat"></chat-stream>`);
    await reply(el, 'Just **words**, and a price: $5.');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(highlighterReady(), 'highlighter').to.equal(false);
    expect(mathReady(), 'math renderer').to.equal(false);
  });

  it('highlights and renders math by default, keeping the language label and copy button', async () => {
    const el = await fixture<ChatStreamElement>(html`<chat-stream endpoint="/api/chat"></chat-stream>`);
    const content = await reply(el, REPLY);
    await until(() => content.querySelector('code.hljs .hljs-keyword') && content.querySelector('.math math'), 'highlighted code and math');
    expect(content.querySelector('.code-language')?.textContent).to.equal('js');
    expect(content.querySelector('[part~="copy-button"]')).to.not.equal(null);
    expect(content.querySelectorAll('math')).to.have.length(1);
    expect(content.textContent).to.contain('$y$');
  });

  it('no-highlight leaves code plain; math="off" leaves formulas as text', async () => {
    const el = await fixture<ChatStreamElement>(html`<chat-stream endpoint="/api/chat" no-highlight math="off"></chat-stream>`);
    const content = await reply(el, REPLY);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(content.querySelector('[class*="hljs"]')).to.equal(null);
    expect(content.querySelector('code')!.className).to.equal('language-js');
    expect(content.querySelector('math, .math')).to.equal(null);
  });

  it('math="dollars" also renders $ … $', async () => {
    const el = await fixture<ChatStreamElement>(html`<chat-stream endpoint="/api/chat" math="dollars"></chat-stream>`);
    const content = await reply(el, REPLY);
    await until(() => content.querySelectorAll('.math math').length === 2, 'two formulas');
  });
});
