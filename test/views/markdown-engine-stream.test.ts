// A page's first reply, streamed while the markdown engine is still on its way: the text shows at
// once as plain text (never parsed as HTML), and `done` comes with the reply as markdown. Its own
// file: each test file runs in a fresh page, where the engine has not loaded yet.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { ChatStreamElement } from '../../src/index.js';
import { markdownEngine } from '../../src/markdown/load.js';
import { createControlledFetch } from '../helpers/controlled-fetch.js';

describe('the first reply, before the markdown engine has loaded', () => {
  it('shows plain text at once, then markdown, and done waits for it', async () => {
    const el = await fixture<ChatStreamElement>(html`<chat-stream endpoint="/api/chat" no-composer></chat-stream>`);
    const server = createControlledFetch();
    el.fetch = server.fetch;
    const content = () => el.shadowRoot!.querySelector('[part~="assistant"] [part~="content"]')!;
    const first = new Promise<{ loaded: boolean; html: string; text: string }>((resolve) =>
      el.addEventListener('token', () => resolve({ loaded: markdownEngine() !== undefined, html: content().innerHTML, text: content().textContent ?? '' }), { once: true }),
    );
    let doneMarkdown: boolean | undefined;
    el.addEventListener('done', () => (doneMarkdown = content().querySelector('strong') !== null));
    const reply = el.send('hi');
    const stream = await server.nextRequest();
    stream.pushEvent({ data: JSON.stringify({ choices: [{ delta: { content: '<img src=x onerror="window.__pwned=1">**bold**' } }] }) });
    const seen = await first;
    expect(seen.loaded, 'the engine was still loading at the first token').to.equal(false);
    expect(seen.text).to.equal('<img src=x onerror="window.__pwned=1">**bold**');
    expect(seen.html).to.not.contain('<img');
    stream.pushEvent({ data: '[DONE]' });
    stream.close();
    await reply;
    expect(doneMarkdown, 'the reply is markdown when done fires').to.equal(true);
    expect(content().querySelector('img')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});
