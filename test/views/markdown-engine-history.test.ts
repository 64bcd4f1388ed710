// The markdown engine (src/markdown/engine.ts) is a lazy chunk: an element that shows no reply never
// loads it, and a restored history is markdown by the time `updateComplete` resolves. Its own file:
// each test file runs in a fresh page, where the engine has not loaded yet.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { ChatStreamElement } from '../../src/index.js';
import { markdownEngine } from '../../src/markdown/load.js';

const engineRequests = () => performance.getEntriesByType('resource').filter((e) => /\/src\/markdown\/engine\b/.test(e.name));

describe('the markdown engine, lazily loaded', () => {
  it('is not loaded by an element that shows no reply', async () => {
    const el = await fixture<ChatStreamElement>(html`<chat-stream endpoint="/api/chat"></chat-stream>`);
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(markdownEngine()).to.equal(undefined);
    expect(engineRequests()).to.have.length(0);
  });

  it('renders a restored history as markdown by the time updateComplete resolves', async () => {
    const el = await fixture<ChatStreamElement>(html`<chat-stream endpoint="/api/chat"></chat-stream>`);
    el.messages = [
      { role: 'user', content: 'Say **hi**' },
      { role: 'assistant', content: 'Hi in **bold** and `code`.' },
    ];
    await el.updateComplete;
    expect(markdownEngine()).to.not.equal(undefined);
    expect(engineRequests()).to.have.length(1);
    const reply = el.shadowRoot!.querySelector('[part~="assistant"] [part~="content"]')!;
    expect(reply.querySelector('strong')?.textContent).to.equal('bold');
    expect(reply.querySelector('code')?.textContent).to.equal('code');
    // The user's message is never markdown.
    expect(el.shadowRoot!.querySelector('[part~="user"] [part~="content"]')!.textContent).to.equal('Say **hi**');
  });
});
