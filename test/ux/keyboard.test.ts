import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { DONE, deepActiveElement, frames, openai, q, qq, reply, setup, has, nameOf } from './helpers.js';

type Req = { messages: { role: string; content: string }[] };

/** Presses `key` with Shift held (Puppeteer's `press` takes no combinations). */
async function shift(key: string): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: key });
  await sendKeys({ up: 'Shift' });
}

/** Presses Tab until focus lands on `stop` (or `limit` presses), recording what had focus. */
async function tabUntil(stop: Element, limit = 20, backwards = false): Promise<Element[]> {
  const seen: Element[] = [];
  for (let i = 0; i < limit; i++) {
    if (backwards) await shift('Tab');
    else await sendKeys({ press: 'Tab' });
    const active = deepActiveElement();
    if (active) seen.push(active);
    if (active === stop) break;
  }
  return seen;
}

const page = (attrs = html``) => html`<div>
  <button id="before">before</button>
  <chat-stream endpoint="/api/chat" style="height: 360px" ${attrs}></chat-stream>
  <button id="after">after</button>
</div>`;

describe('keyboard', () => {
  it('Tab reaches the log, the input and the send button, in that order, and then leaves', async () => {
    const s = await setup(page());
    const before = document.getElementById('before')!;
    const after = document.getElementById('after')!;
    before.focus();
    const seen = await tabUntil(after);
    const log = q(s.el, '[part="log"]');
    const input = q(s.el, '[part="input"]');
    const send = q(s.el, '[part="send-button"]');
    expect(seen.map(nameOf)).to.deep.equal([log, input, send, after].map(nameOf));
    // And back.
    const back = await tabUntil(before, 20, true);
    expect(back.map(nameOf)).to.deep.equal([send, input, log, before].map(nameOf));
  });

  it('Tab reaches the buttons and links of a finished reply before the composer', async () => {
    const s = await setup(page());
    await reply(s, 'q', ['See [docs](https://example.com).\n\n', '```\nx\n```\n\nend']);
    document.getElementById('before')!.focus();
    const seen = await tabUntil(q(s.el, '[part="send-button"]'));
    const names = seen.map((e) => e.getAttribute('part') ?? e.localName);
    expect(names).to.deep.equal(['log', 'a', 'copy-button', 'action-button copy-reply-button', 'action-button regenerate-button', 'input', 'send-button']);
  });

  it('typing and Enter send; focus stays in the input; Shift+Enter adds a line', async () => {
    const s = await setup(page());
    const input = q<HTMLTextAreaElement>(s.el, '[part="input"]');
    input.focus();
    await sendKeys({ type: 'first line' });
    await shift('Enter');
    await sendKeys({ type: 'second line' });
    await s.el.updateComplete;
    expect(s.server.requests).to.have.length(0);
    expect(input.value).to.equal('first line\nsecond line');
    await sendKeys({ press: 'Enter' });
    const stream = await s.server.nextRequest();
    expect((stream.request.body as Req).messages).to.deep.equal([{ role: 'user', content: 'first line\nsecond line' }]);
    await s.el.updateComplete;
    expect(input.value).to.equal('');
    expect(nameOf(deepActiveElement()), 'focus').to.equal(nameOf(input));
    stream.pushEvent(DONE);
  });

  it('Escape stops a streaming reply and keeps the partial text', async () => {
    const s = await setup(page());
    const input = q<HTMLTextAreaElement>(s.el, '[part="input"]');
    input.focus();
    await sendKeys({ type: 'tell me' });
    await sendKeys({ press: 'Enter' });
    const stream = await s.server.nextRequest();
    stream.pushEvent(openai('Once upon'));
    await s.events.next('token');
    await sendKeys({ press: 'Escape' });
    await stream.whenAborted;
    expect(s.el.status).to.equal('idle');
    expect(s.el.messages.at(-1)).to.deep.equal({ role: 'assistant', content: 'Once upon' });
    expect(s.events.events.at(-1)!.detail.reason).to.equal('abort');
  });

  it('the send button, pressed from the keyboard, sends and returns focus to the input', async () => {
    const s = await setup(page());
    const input = q<HTMLTextAreaElement>(s.el, '[part="input"]');
    input.focus();
    await sendKeys({ type: 'by button' });
    await sendKeys({ press: 'Tab' });
    expect(nameOf(deepActiveElement()), 'focus').to.equal(nameOf(q(s.el, '[part="send-button"]')));
    await sendKeys({ press: 'Enter' });
    const stream = await s.server.nextRequest();
    expect((stream.request.body as Req).messages.at(-1)!.content).to.equal('by button');
    await s.el.updateComplete;
    expect(nameOf(deepActiveElement()), 'focus').to.equal(nameOf(input));
    // While streaming, Tab from the input reaches the stop button; Space stops; focus returns to the input.
    await sendKeys({ press: 'Tab' });
    expect(nameOf(deepActiveElement()), 'focus').to.equal(nameOf(q(s.el, '[part="stop-button"]')));
    await sendKeys({ press: 'Space' });
    await stream.whenAborted;
    await s.el.updateComplete;
    expect(nameOf(deepActiveElement()), 'focus').to.equal(nameOf(input));
  });

  it('the send button, clicked, returns focus to the input', async () => {
    const s = await setup(page());
    const input = q<HTMLTextAreaElement>(s.el, '[part="input"]');
    input.focus();
    await sendKeys({ type: 'by click' });
    const send = q<HTMLButtonElement>(s.el, '[part="send-button"]');
    send.focus();
    send.click();
    const stream = await s.server.nextRequest();
    await s.el.updateComplete;
    expect(nameOf(deepActiveElement()), 'focus').to.equal(nameOf(input));
    stream.pushEvent(DONE);
  });

  it('the textarea grows with its content up to a maximum height', async () => {
    const s = await setup(page());
    const input = q<HTMLTextAreaElement>(s.el, '[part="input"]');
    input.focus();
    const h0 = input.getBoundingClientRect().height;
    await sendKeys({ type: 'a' });
    for (let i = 0; i < 3; i++) await shift('Enter');
    await s.el.updateComplete;
    const h1 = input.getBoundingClientRect().height;
    expect(h1).to.be.greaterThan(h0);
    for (let i = 0; i < 30; i++) await shift('Enter');
    await s.el.updateComplete;
    const h2 = input.getBoundingClientRect().height;
    expect(h2).to.be.greaterThan(h1);
    expect(h2).to.be.lessThan(300);
    expect(input.scrollHeight).to.be.greaterThan(input.clientHeight);
  });

  it('activating "jump to latest" from the keyboard keeps focus in the element', async () => {
    const s = await setup(page());
    const log = q(s.el, '[part="log"]');
    const sent = s.el.send('long');
    const stream = await s.server.nextRequest();
    for (let i = 0; i < 30; i++) stream.pushEvent(openai(`Line ${i}\n\n`));
    await frames(3);
    log.scrollTop = 0;
    log.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true }));
    await frames(2);
    await s.el.updateComplete;
    const jump = q<HTMLButtonElement>(s.el, '[part="jump-button"]');
    jump.focus();
    await sendKeys({ press: 'Enter' });
    await s.el.updateComplete;
    await frames(2);
    expect(has(s.el, '[part="jump-button"]'), '[part="jump-button"]').to.equal(false);
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.lessThan(2);
    const active = deepActiveElement();
    expect(active === document.body || active === null, `focus fell to ${active?.localName}`).to.equal(false);
    expect(s.el.shadowRoot!.contains(active)).to.equal(true);
    stream.pushEvent(DONE);
    await sent;
  });
});

describe('IME composition', () => {
  const enter = (init: KeyboardEventInit & { keyCode?: number } = {}) =>
    new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, composed: true, cancelable: true, ...init });

  it('Enter while composing (isComposing, or keyCode 229) does not send; after compositionend it does', async () => {
    const s = await setup();
    const input = q<HTMLTextAreaElement>(s.el, '[part="input"]');
    input.focus();
    input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, composed: true, data: '' }));
    input.value = 'にほんご';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, isComposing: true, data: 'にほんご', inputType: 'insertCompositionText' }));
    const composing = enter({ isComposing: true });
    input.dispatchEvent(composing);
    // Safari sends the confirming Enter after compositionend, with keyCode 229.
    const safari = enter({ keyCode: 229 });
    input.dispatchEvent(safari);
    await s.el.updateComplete;
    expect(s.server.requests).to.have.length(0);
    expect(composing.defaultPrevented, 'the IME must get its Enter').to.equal(false);
    expect(safari.defaultPrevented).to.equal(false);
    expect(input.value).to.equal('にほんご');
    input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, composed: true, data: '日本語' }));
    input.value = '日本語';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: '日本語', inputType: 'insertFromComposition' }));
    const send = enter({ keyCode: 13 });
    input.dispatchEvent(send);
    expect(send.defaultPrevented).to.equal(true);
    const stream = await s.server.nextRequest();
    expect((stream.request.body as Req).messages.at(-1)!.content).to.equal('日本語');
    stream.pushEvent(DONE);
  });

  it('Shift+Enter does not send', async () => {
    const s = await setup();
    const input = q<HTMLTextAreaElement>(s.el, '[part="input"]');
    input.value = 'x';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    input.dispatchEvent(enter({ shiftKey: true }));
    await s.el.updateComplete;
    expect(s.server.requests).to.have.length(0);
  });
});

describe('launcher mode from the keyboard', () => {
  const launcherPage = html`<div>
    <button id="before">before</button>
    <chat-stream endpoint="/api/chat" launcher></chat-stream>
  </div>`;

  for (const key of ['Enter', 'Space']) {
    it(`Tab reaches the launcher button, ${key} opens, focus moves into the panel, Escape closes and focus returns`, async () => {
      const s = await setup(launcherPage);
      const button = q<HTMLButtonElement>(s.el, '[part="launcher-button"]');
      const panel = q(s.el, '[part~="panel"]');
      document.getElementById('before')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(nameOf(deepActiveElement()), 'focus').to.equal(nameOf(button));
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      await sendKeys({ press: key });
      await s.el.updateComplete;
      expect(s.el.open).to.equal(true);
      expect(panel.hidden).to.equal(false);
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(panel.contains(deepActiveElement())).to.equal(true);
      await sendKeys({ press: 'Escape' });
      await s.el.updateComplete;
      expect(s.el.open).to.equal(false);
      expect(panel.hidden).to.equal(true);
      expect(nameOf(deepActiveElement()), 'focus').to.equal(nameOf(button));
    });
  }

  it('Escape while a reply streams stops it and keeps the panel open; the next Escape closes', async () => {
    const s = await setup(launcherPage);
    const button = q<HTMLButtonElement>(s.el, '[part="launcher-button"]');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await s.el.updateComplete;
    await sendKeys({ type: 'hello' });
    await sendKeys({ press: 'Enter' });
    const stream = await s.server.nextRequest();
    stream.pushEvent(openai('Hi'));
    await s.events.next('token');
    await sendKeys({ press: 'Escape' });
    await stream.whenAborted;
    await s.el.updateComplete;
    expect(s.el.status).to.equal('idle');
    expect(s.el.open).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await s.el.updateComplete;
    expect(s.el.open).to.equal(false);
    expect(nameOf(deepActiveElement()), 'focus').to.equal(nameOf(button));
  });

  it('Escape while a reply streams, with focus elsewhere in the panel, stops it and keeps the panel open', async () => {
    const s = await setup(launcherPage);
    s.el.open = true;
    await s.el.updateComplete;
    const sent = s.el.send('hello');
    const stream = await s.server.nextRequest();
    stream.pushEvent(openai('Hi'));
    await s.events.next('token');
    await s.el.updateComplete;
    q(s.el, '[part="log"]').focus();
    await sendKeys({ press: 'Escape' });
    await s.el.updateComplete;
    expect(s.el.open, 'the panel stays open while streaming').to.equal(true);
    expect(s.el.status, 'Escape stops the reply').to.equal('idle');
    expect(stream.aborted).to.equal(true);
    await sent;
  });

  it('the close button in the panel header closes and returns focus to the launcher button', async () => {
    const s = await setup(launcherPage);
    const button = q<HTMLButtonElement>(s.el, '[part="launcher-button"]');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await s.el.updateComplete;
    const close = qq<HTMLButtonElement>(s.el, '[part~="panel"] button').find((b) => b.getAttribute('aria-label') === 'Close chat')!;
    expect(close, 'a close button in the panel').to.not.equal(undefined);
    close.focus();
    await sendKeys({ press: 'Enter' });
    await s.el.updateComplete;
    expect(s.el.open).to.equal(false);
    expect(nameOf(deepActiveElement()), 'focus').to.equal(nameOf(button));
  });
});
