import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ControlledStream } from '../helpers/controlled-fetch.js';
import { DONE, frames, openai, q, setup, type Setup, has } from './helpers.js';

const distanceFromBottom = (log: HTMLElement) => log.scrollHeight - log.scrollTop - log.clientHeight;

/** A token of several lines, so every token makes the reply taller. */
const lines = (i: number) => `Paragraph ${i}: line one\nline two\n\n`;

async function startLong(): Promise<Setup & { log: HTMLElement; stream: ControlledStream; sent: Promise<string> }> {
  const s = await setup(html`<chat-stream endpoint="/api/chat" style="height: 320px"></chat-stream>`);
  const log = q(s.el, '[part="log"]');
  const sent = s.el.send('write a lot');
  const stream = await s.server.nextRequest();
  return { ...s, log, stream, sent };
}

/** Pushes one token and waits until it has been drawn and laid out. */
async function token(s: Setup, stream: ControlledStream, text: string) {
  stream.pushEvent(openai(text));
  await s.events.next('token');
  await frames(2);
}

/** Scrolls up the way a wheel does: the scroll position moves and a wheel event with deltaY < 0 fires. */
function wheelUp(log: HTMLElement, to: number) {
  log.dispatchEvent(new WheelEvent('wheel', { deltaY: -120, bubbles: true, cancelable: true }));
  log.scrollTop = to;
}

describe('scroll-follow', () => {
  it('while at the bottom, the log follows a long reply frame after frame', async () => {
    const s = await startLong();
    const { log, stream } = s;
    for (let i = 0; i < 40; i++) {
      await token(s, stream, lines(i));
      expect(distanceFromBottom(log), `after token ${i}`).to.be.lessThan(2);
    }
    expect(log.scrollHeight).to.be.greaterThan(log.clientHeight * 3);
    expect(has(s.el, '[part="jump-button"]'), '[part="jump-button"]').to.equal(false);
    stream.pushEvent(DONE);
    await s.sent;
  });

  it('follows tokens that arrive several per frame', async () => {
    const s = await startLong();
    const { log, stream } = s;
    for (let i = 0; i < 60; i++) {
      stream.pushEvent(openai(lines(i)));
      await s.events.next('token');
      if (i % 7 === 0) await frames(1);
    }
    await frames(2);
    expect(distanceFromBottom(log)).to.be.lessThan(2);
    expect(has(s.el, '[part="jump-button"]'), '[part="jump-button"]').to.equal(false);
    stream.pushEvent(DONE);
    await s.sent;
  });

  it('stays at the bottom when the reply ends (actions row included), without showing "jump to latest"', async () => {
    const s = await startLong();
    const { log, stream } = s;
    for (let i = 0; i < 20; i++) await token(s, stream, lines(i));
    // The end arrives between two frames, after the last follow-scroll and before its scroll event.
    await frames(1);
    await new Promise((r) => setTimeout(r));
    stream.pushEvent(openai('A last long paragraph that is\n\n```\nfinished\nonly\nat\nthe\nend\n```'));
    stream.pushEvent(DONE);
    await s.sent;
    await s.el.updateComplete;
    await frames(3);
    expect(q(s.el, '[part~="actions"]')).to.not.equal(null);
    expect(distanceFromBottom(log)).to.be.lessThan(2);
    expect(has(s.el, '[part="jump-button"]'), '[part="jump-button"]').to.equal(false);
  });

  it('after the user scrolls up it stops following, keeps the view still, and offers "jump to latest"; jumping resumes following', async () => {
    const s = await startLong();
    const { log, stream } = s;
    for (let i = 0; i < 20; i++) await token(s, stream, lines(i));
    expect(has(s.el, '[part="jump-button"]'), '[part="jump-button"]').to.equal(false);
    wheelUp(log, 40);
    await frames(2);
    await s.el.updateComplete;
    const jump = q<HTMLButtonElement>(s.el, '[part="jump-button"]');
    expect(jump.getBoundingClientRect().height).to.be.greaterThan(0);
    expect(jump.textContent).to.match(/latest/i);
    // Tokens keep coming, some re-rendering the unfinished tail: the view does not move.
    for (let i = 20; i < 40; i++) {
      await token(s, stream, i % 2 ? lines(i) : `**unfinished bold ${i}`);
      expect(log.scrollTop, `after token ${i}`).to.equal(40);
    }
    expect(distanceFromBottom(log)).to.be.greaterThan(log.clientHeight);
    jump.click();
    await s.el.updateComplete;
    await frames(2);
    expect(distanceFromBottom(log)).to.be.lessThan(2);
    expect(has(s.el, '[part="jump-button"]'), '[part="jump-button"]').to.equal(false);
    for (let i = 40; i < 50; i++) {
      await token(s, stream, lines(i));
      expect(distanceFromBottom(log), `following again, token ${i}`).to.be.lessThan(2);
    }
    stream.pushEvent(DONE);
    await s.sent;
  });

  it('a finished reply does not pull a reader who scrolled up back to the bottom', async () => {
    const s = await startLong();
    const { log, stream } = s;
    for (let i = 0; i < 20; i++) await token(s, stream, lines(i));
    wheelUp(log, 100);
    await frames(2);
    stream.pushEvent(openai('last\n\n```\ncode\n```'));
    stream.pushEvent(DONE);
    await s.sent;
    await s.el.updateComplete;
    await frames(2);
    expect(log.scrollTop).to.equal(100);
    expect(q(s.el, '[part="jump-button"]')).to.not.equal(null);
  });

  it('scrolling up without a wheel (scrollbar, keyboard) also stops following', async () => {
    const s = await startLong();
    const { log, stream } = s;
    for (let i = 0; i < 20; i++) await token(s, stream, lines(i));
    log.focus();
    await sendKeys({ press: 'Home' });
    // Keyboard scrolling may animate: wait until it has left the bottom.
    for (let i = 0; i < 60 && distanceFromBottom(log) < 100; i++) await frames(1);
    await frames(2);
    await s.el.updateComplete;
    expect(q(s.el, '[part="jump-button"]')).to.not.equal(null);
    for (let i = 20; i < 30; i++) await token(s, stream, lines(i));
    expect(distanceFromBottom(log)).to.be.greaterThan(log.clientHeight);
    // End at the bottom with the keyboard: following resumes.
    await sendKeys({ press: 'End' });
    for (let i = 0; i < 60 && distanceFromBottom(log) > 2; i++) await frames(1);
    await frames(2);
    await s.el.updateComplete;
    expect(has(s.el, '[part="jump-button"]'), '[part="jump-button"]').to.equal(false);
    await token(s, stream, lines(99));
    expect(distanceFromBottom(log)).to.be.lessThan(2);
    stream.pushEvent(DONE);
    await s.sent;
  });

  it('a new message from the user scrolls to the bottom and follows again', async () => {
    const s = await startLong();
    const { log, stream } = s;
    for (let i = 0; i < 20; i++) await token(s, stream, lines(i));
    stream.pushEvent(DONE);
    await s.sent;
    wheelUp(log, 0);
    await frames(2);
    await s.el.updateComplete;
    expect(q(s.el, '[part="jump-button"]')).to.not.equal(null);
    const next = s.el.send('more');
    const stream2 = await s.server.nextRequest();
    await s.el.updateComplete;
    await token(s, stream2, lines(1));
    await token(s, stream2, lines(2));
    expect(distanceFromBottom(log)).to.be.lessThan(2);
    expect(has(s.el, '[part="jump-button"]'), '[part="jump-button"]').to.equal(false);
    stream2.pushEvent(DONE);
    await next;
  });

  it('a long history is drawn in groups: the ones off screen are skipped, and drawn when scrolled to', async () => {
    const s = await setup(html`<chat-stream endpoint="/api/chat" style="height: 320px"></chat-stream>`);
    s.el.messages = Array.from({ length: 100 }, (_, i) =>
      i % 2 ? { role: 'assistant' as const, content: `Reply ${i} with **markdown**.\n\n- a\n- b` } : { role: 'user' as const, content: `Question ${i}` },
    );
    await s.el.updateComplete;
    await frames(3);
    const log = q(s.el, '[part="log"]');
    const groups = [...log.querySelectorAll('.group')];
    expect(groups.map((g) => g.querySelectorAll('[part~="message"]').length)).to.deep.equal([20, 20, 20, 20, 20]);
    expect(groups.map((g) => g.classList.contains('earlier'))).to.deep.equal([true, true, true, true, false]);
    const first = log.querySelector('[part~="message"]')!;
    expect(distanceFromBottom(log), 'the log starts at the latest message').to.be.lessThan(2);
    expect(first.checkVisibility({ contentVisibilityAuto: true }), 'the first message is skipped while far off screen').to.equal(false);
    wheelUp(log, 0);
    await frames(3);
    expect(first.checkVisibility({ contentVisibilityAuto: true }), 'and drawn once scrolled to').to.equal(true);
    expect(first.textContent).to.contain('Question 0');
  });
});
