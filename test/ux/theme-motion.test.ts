import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import type { ChatStreamElement } from '../../src/index.js';
import { DONE, describeViolations, frames, openai, q, qq, reply, seriousViolations, setup } from './helpers.js';

/** Relative luminance of an `rgb()`/`rgba()` color, 0 (black) to 1 (white). */
function luminance(color: string): number {
  const [r, g, b] = color.match(/[\d.]+/g)!.slice(0, 3).map(Number).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const bg = (el: ChatStreamElement, part: string) => getComputedStyle(q(el, `[part~="${part}"]`)).backgroundColor;

describe('reduced motion', () => {
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

  async function streamingCaret() {
    const s = await setup();
    const sent = s.el.send('hi');
    const stream = await s.server.nextRequest();
    stream.pushEvent(openai('Hello'));
    await s.events.next('token');
    await frames(2);
    const caret = q(s.el, '[part~="caret"]');
    return { caret, finish: async () => { stream.pushEvent(DONE); await sent; } };
  }

  it('the caret blinks by default', async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    const { caret, finish } = await streamingCaret();
    expect(getComputedStyle(caret).animationName).to.not.equal('none');
    expect(caret.getAnimations().some((a) => a.playState === 'running')).to.equal(true);
    await finish();
  });

  it('under prefers-reduced-motion: reduce the caret does not animate', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(matchMedia('(prefers-reduced-motion: reduce)').matches).to.equal(true);
    const { caret, finish } = await streamingCaret();
    expect(getComputedStyle(caret).animationName).to.equal('none');
    expect(caret.getAnimations().filter((a) => a.playState === 'running')).to.have.length(0);
    // Still visible: the caret marks the stream, it just does not blink.
    expect(getComputedStyle(caret).opacity).to.equal('1');
    expect(caret.getBoundingClientRect().width).to.be.greaterThan(0);
    await finish();
  });

  it('switching to reduced motion mid-stream stops the blinking', async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    const { caret, finish } = await streamingCaret();
    expect(caret.getAnimations().length).to.be.greaterThan(0);
    await emulateMedia({ reducedMotion: 'reduce' });
    await frames(1);
    expect(getComputedStyle(caret).animationName).to.equal('none');
    await finish();
  });
});

describe('themes', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('theme="dark" and theme="light" give different panel backgrounds, dark being dark', async () => {
    const light = await fixture<ChatStreamElement>(html`<chat-stream theme="light"></chat-stream>`);
    const dark = await fixture<ChatStreamElement>(html`<chat-stream theme="dark"></chat-stream>`);
    expect(bg(light, 'panel')).to.not.equal(bg(dark, 'panel'));
    expect(luminance(bg(light, 'panel'))).to.be.greaterThan(0.8);
    expect(luminance(bg(dark, 'panel'))).to.be.lessThan(0.1);
    expect(luminance(getComputedStyle(q(dark, '[part~="panel"]')).color)).to.be.greaterThan(0.6);
  });

  it('theme="auto" follows prefers-color-scheme', async () => {
    const el = await fixture<ChatStreamElement>(html`<chat-stream></chat-stream>`);
    await emulateMedia({ colorScheme: 'dark' });
    expect(luminance(bg(el, 'panel'))).to.be.lessThan(0.1);
    await emulateMedia({ colorScheme: 'light' });
    expect(luminance(bg(el, 'panel'))).to.be.greaterThan(0.8);
  });

  it('theme="light" stays light on a dark-scheme page', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await fixture<ChatStreamElement>(html`<chat-stream theme="light"></chat-stream>`);
    expect(luminance(bg(el, 'panel'))).to.be.greaterThan(0.8);
  });

  it('the accent attribute changes the send button', async () => {
    const plain = await fixture<ChatStreamElement>(html`<chat-stream></chat-stream>`);
    const el = await fixture<ChatStreamElement>(html`<chat-stream accent="rgb(200, 0, 100)"></chat-stream>`);
    expect(bg(el, 'send-button')).to.equal('rgb(200, 0, 100)');
    expect(bg(plain, 'send-button')).to.not.equal('rgb(200, 0, 100)');
    el.accent = 'rgb(0, 90, 0)';
    await el.updateComplete;
    expect(bg(el, 'send-button')).to.equal('rgb(0, 90, 0)');
  });

  it('--chat-stream-accent on an ancestor changes the send button, and wins over the attribute', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div style="--chat-stream-accent: rgb(10, 120, 30)">
      <chat-stream></chat-stream><chat-stream accent="rgb(200, 0, 100)"></chat-stream>
    </div>`);
    const [a, b] = [...wrapper.querySelectorAll('chat-stream')] as ChatStreamElement[];
    await a!.updateComplete;
    await b!.updateComplete;
    expect(bg(a!, 'send-button')).to.equal('rgb(10, 120, 30)');
    expect(bg(b!, 'send-button')).to.equal('rgb(10, 120, 30)');
  });

  it('--chat-stream-background and --chat-stream-foreground on an ancestor change the panel', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div style="--chat-stream-background: rgb(1, 2, 3); --chat-stream-foreground: rgb(250, 240, 230)">
      <chat-stream theme="light"></chat-stream>
    </div>`);
    const el = wrapper.querySelector('chat-stream') as ChatStreamElement;
    await el.updateComplete;
    expect(bg(el, 'panel')).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(q(el, '[part~="panel"]')).color).to.equal('rgb(250, 240, 230)');
  });

  it('::part(message) styles from the page apply', async () => {
    const style = document.createElement('style');
    style.textContent = 'chat-stream.part-test::part(message) { outline: 3px solid red } chat-stream.part-test::part(message user) { background: rgb(1, 100, 2) }';
    document.head.append(style);
    try {
      const el = await fixture<ChatStreamElement>(html`<chat-stream class="part-test"></chat-stream>`);
      el.messages = [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }];
      await el.updateComplete;
      for (const m of el.shadowRoot!.querySelectorAll('[part~="message"]')) {
        const cs = getComputedStyle(m);
        expect([cs.outlineStyle, cs.outlineWidth, cs.outlineColor]).to.deep.equal(['solid', '3px', 'rgb(255, 0, 0)']);
      }
      expect(bg(el, 'user')).to.equal('rgb(1, 100, 2)');
    } finally {
      style.remove();
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`muted text, links, a stopped reply and the jump button pass color-contrast in theme="${theme}"`, async () => {
      const s = await setup(html`<chat-stream endpoint="/api/chat" theme=${theme} style="height: 300px"></chat-stream>`);
      await reply(s, 'q', ['A [link](https://example.com/a) in text.\n\n> Quoted, muted, with a [link](https://example.com/b).\n\n| a | b |\n|---|---|\n| [c](https://example.com/c) | `d` |\n\n', '```\ncode\n```\n']);
      const sent = s.el.send('more');
      const stream = await s.server.nextRequest();
      for (let i = 0; i < 20; i++) stream.pushEvent(openai(`Line ${i}\n\n`));
      await frames(2);
      const log = q(s.el, '[part="log"]');
      log.dispatchEvent(new WheelEvent('wheel', { deltaY: -100 }));
      log.scrollTop = 0;
      await frames(2);
      s.el.stop();
      await sent;
      await s.el.updateComplete;
      expect(qq(s.el, '[part~="actions"]').at(-1)!.textContent).to.match(/stopped/i);
      expect(q(s.el, '[part="jump-button"]')).to.not.equal(null);
      const results = await seriousViolations(s.el, { runOnly: ['color-contrast'] });
      expect(results, describeViolations(results)).to.have.length(0);
    });
  }

  it('a code block’s copy button sits on its code block', async () => {
    const s = await setup(html`<chat-stream endpoint="/api/chat" style="height: 600px"></chat-stream>`);
    await reply(s, 'q', ['Intro paragraph.\n\n', '```\none\n```\n\n', 'Between.\n\n', '```\ntwo\nlines\n```\n\nEnd.']);
    // A block is its header (language, copy button) and its <pre>.
    const blocks = [...s.el.shadowRoot!.querySelectorAll('[part~="assistant"] .code-block')];
    const buttons = [...s.el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="copy-button"]')];
    expect(buttons).to.have.length(2);
    buttons.forEach((button, i) => {
      const b = button.getBoundingClientRect();
      const p = blocks[i]!.getBoundingClientRect();
      expect(b.top >= p.top - 1 && b.bottom <= p.bottom + 1 && b.left >= p.left - 1 && b.right <= p.right + 1, `copy button ${i} at ${JSON.stringify(b)} outside its block ${JSON.stringify(p)}`).to.equal(true);
    });
  });

  it('the open launcher panel fits a phone screen', async () => {
    const { innerWidth: width, innerHeight: height } = window;
    await setViewport({ width: 360, height: 640 });
    try {
      const el = await fixture<ChatStreamElement>(html`<chat-stream launcher open endpoint="/api/chat"></chat-stream>`);
      await el.updateComplete;
      const panel = q(el, '[part~="panel"]').getBoundingClientRect();
      expect(panel.width).to.be.greaterThan(300);
      expect(panel.left >= 0 && panel.top >= 0 && panel.right <= 360 && panel.bottom <= 640, JSON.stringify(panel)).to.equal(true);
      const input = q(el, '[part="input"]').getBoundingClientRect();
      expect(input.bottom <= 640 && input.top >= 0, 'the input is on screen').to.equal(true);
    } finally {
      await setViewport({ width, height });
    }
  });
});
