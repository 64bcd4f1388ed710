import { expect } from '@open-wc/testing';
import { DONE, frames, openai, q, qq, reply, setup, has } from './helpers.js';

type Req = { messages: { role: string; content: string }[] };

/** Replaces `navigator.clipboard` for one test. */
function stubClipboard(writeText: (text: string) => Promise<void>) {
  const written: string[] = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: (text: string) => (written.push(text), writeText(text)) },
  });
  return { written, restore: () => delete (navigator as unknown as Record<string, unknown>).clipboard };
}

/** Records the distinct non-empty texts the status live region shows. */
function watchStatus(status: HTMLElement) {
  const texts: string[] = [];
  const observer = new MutationObserver(() => {
    const text = status.textContent!.trim();
    if (text !== '' && text !== texts.at(-1)) texts.push(text);
  });
  observer.observe(status, { childList: true, characterData: true, subtree: true });
  return { texts, stop: () => observer.disconnect() };
}

describe('copy', () => {
  let clipboard: ReturnType<typeof stubClipboard> | undefined;
  afterEach(() => clipboard?.restore());

  it('the reply’s copy button writes the reply’s markdown to the clipboard, shows and announces "Copied"', async () => {
    clipboard = stubClipboard(() => Promise.resolve());
    const s = await setup();
    await reply(s, 'q', ['**Bold** answer\n\n', '- item']);
    const status = watchStatus(q(s.el, '[role="status"]'));
    const button = q<HTMLButtonElement>(s.el, '[part~="copy-reply-button"]');
    expect(button.getAttribute('part')).to.equal('action-button copy-reply-button');
    button.click();
    await s.el.updateComplete;
    await frames(2);
    await s.el.updateComplete;
    status.stop();
    expect(clipboard.written).to.deep.equal(['**Bold** answer\n\n- item']);
    expect(q(s.el, '[part~="copy-reply-button"]').textContent!.trim()).to.equal('Copied');
    expect(status.texts).to.deep.equal(['Copied']);
  });

  it('copying twice is announced twice: the status region is emptied, then set again', async () => {
    clipboard = stubClipboard(() => Promise.resolve());
    const s = await setup();
    await reply(s, 'q', ['An answer']);
    const status = q(s.el, '[role="status"]');
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(status.textContent!.trim()));
    observer.observe(status, { childList: true, characterData: true, subtree: true });
    for (let i = 0; i < 2; i++) {
      q<HTMLButtonElement>(s.el, '[part~="copy-reply-button"]').click();
      await s.el.updateComplete;
      await frames(2);
      await s.el.updateComplete;
    }
    observer.disconnect();
    // A screen reader hears a change of the region's text: "Copied" twice needs an empty text between.
    const copied = seen.flatMap((text, i) => (text === 'Copied' && seen[i - 1] !== 'Copied' ? [i] : []));
    expect(copied, JSON.stringify(seen)).to.have.length(2);
    expect(seen.slice(copied[0], copied[1]), 'emptied in between').to.include('');
  });

  it('buttons show SVG icons hidden from assistive technology, a tooltip, and a name in words', async () => {
    const s = await setup();
    await reply(s, 'q', ['Code:\n\n```js\nx\n```\n\nand text']);
    const buttons = [...qq<HTMLButtonElement>(s.el, 'button')].filter((b) => !b.hidden && b.getClientRects().length);
    expect(buttons.length).to.be.greaterThan(2);
    for (const button of buttons) {
      const name = (button.getAttribute('aria-label') ?? button.textContent!).trim();
      expect(name, button.outerHTML).to.match(/^[\p{L} ]+$/u);
      expect(button.title, `tooltip of "${name}"`).to.not.equal('');
      for (const svg of button.querySelectorAll('svg')) {
        expect(svg.getAttribute('aria-hidden'), `icon of "${name}"`).to.equal('true');
        expect(svg.innerHTML + (svg.getAttribute('fill') ?? '') + (svg.getAttribute('stroke') ?? ''), `icon of "${name}" in currentColor`).to.contain('currentColor');
      }
    }
  });

  it('a code block’s copy button copies the code and announces "Copied"', async () => {
    clipboard = stubClipboard(() => Promise.resolve());
    const s = await setup();
    await reply(s, 'q', ['Try:\n\n```sh\nnpm test\nnpm run build\n```\n\nok']);
    const status = watchStatus(q(s.el, '[role="status"]'));
    const button = q<HTMLButtonElement>(s.el, '[part~="copy-button"]');
    button.click();
    await frames(3);
    status.stop();
    expect(clipboard.written).to.deep.equal(['npm test\nnpm run build']);
    expect(button.textContent).to.equal('Copied');
    expect(status.texts).to.deep.equal(['Copied']);
  });

  it('a copy the clipboard refuses is not announced as "Copied"', async () => {
    clipboard = stubClipboard(() => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    const s = await setup();
    await reply(s, 'q', ['```\nx\n```']);
    const status = watchStatus(q(s.el, '[role="status"]'));
    const button = q<HTMLButtonElement>(s.el, '[part~="copy-button"]');
    button.click();
    await frames(3);
    status.stop();
    expect(button.textContent).to.not.equal('Copied');
    expect(status.texts).to.not.include('Copied');
  });

  it('copy buttons of finished code blocks survive the rest of the stream', async () => {
    const s = await setup();
    const sent = s.el.send('q');
    const stream = await s.server.nextRequest();
    stream.pushEvent(openai('```\none\n```\n\nafter\n\nnext'));
    await s.events.next('token');
    await frames(2);
    const button = q(s.el, '[part~="copy-button"]');
    for (const t of [' more', ' and more\n\n', 'a new paragraph\n\n', '```\ntwo']) {
      stream.pushEvent(openai(t));
      await s.events.next('token');
      await frames(2);
    }
    stream.pushEvent(DONE);
    await sent;
    await s.el.updateComplete;
    expect(qq(s.el, '[part~="copy-button"]')).to.have.length(2);
    expect(q(s.el, '[part~="copy-button"]') === button, 'the same button').to.equal(true);
    expect(button.isConnected).to.equal(true);
  });
});

describe('regenerate and retry', () => {
  it('Regenerate on the last finished reply replaces it without duplicating the user message', async () => {
    const s = await setup();
    s.el.messages = [{ role: 'user', content: 'earlier' }, { role: 'assistant', content: 'old answer' }];
    await reply(s, 'question', ['first answer']);
    // Only the last reply offers Regenerate.
    expect(qq(s.el, '[part~="regenerate-button"]')).to.have.length(1);
    expect(q(s.el, '[part~="message"]:last-of-type [part~="regenerate-button"]')).to.not.equal(null);
    q<HTMLButtonElement>(s.el, '[part~="regenerate-button"]').click();
    const stream = await s.server.nextRequest();
    expect((stream.request.body as Req).messages).to.deep.equal([
      { role: 'user', content: 'earlier' },
      { role: 'assistant', content: 'old answer' },
      { role: 'user', content: 'question' },
    ]);
    await s.el.updateComplete;
    expect(qq(s.el, '[part~="message"]').map((m) => m.textContent!.includes('first answer'))).to.not.include(true);
    stream.pushEvent(openai('second answer'));
    stream.pushEvent(DONE);
    await s.events.next('done');
    await s.el.updateComplete;
    expect(s.el.messages).to.deep.equal([
      { role: 'user', content: 'earlier' },
      { role: 'assistant', content: 'old answer' },
      { role: 'user', content: 'question' },
      { role: 'assistant', content: 'second answer' },
    ]);
    expect(qq(s.el, '[part~="user"] [part~="content"]').map((m) => m.textContent)).to.deep.equal(['earlier', 'question']);
    expect(qq(s.el, '[part~="assistant"]')).to.have.length(2);
  });

  it('Retry on a failed reply runs the turn again without duplicating the user message', async () => {
    const s = await setup(undefined, { maxRetries: 0 });
    s.server.enqueue({ status: 503, contentType: 'text/plain', body: 'busy' });
    await s.el.send('hello').catch(() => {});
    await s.el.updateComplete;
    expect(s.el.status).to.equal('error');
    q<HTMLButtonElement>(s.el, '[part~="retry-button"]').click();
    await s.server.nextRequest(); // the failed one
    const stream = await s.server.nextRequest();
    expect((stream.request.body as Req).messages).to.deep.equal([{ role: 'user', content: 'hello' }]);
    stream.pushEvent(openai('hi'));
    stream.pushEvent(DONE);
    await s.events.next('done');
    await s.el.updateComplete;
    expect(s.el.messages).to.deep.equal([{ role: 'user', content: 'hello' }, { role: 'assistant', content: 'hi' }]);
    expect(has(s.el, '[part~="error"]'), '[part~="error"]').to.equal(false);
    expect(qq(s.el, '[part~="message"]')).to.have.length(2);
  });
});
