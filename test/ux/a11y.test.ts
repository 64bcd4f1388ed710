import { expect, html } from '@open-wc/testing';
import type { ChatStreamElement } from '../../src/index.js';
import { DONE, RICH_REPLY, axe, describeViolations, frame, frames, openai, q, qq, reply, seriousViolations, setup } from './helpers.js';

async function expectNoSeriousViolations(el: ChatStreamElement, label: string) {
  const violations = await seriousViolations(el);
  expect(violations, `${label}:\n${describeViolations(violations)}`).to.have.length(0);
}

describe('accessibility (axe-core)', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`a finished rich reply in theme="${theme}" has no serious or critical violation`, async () => {
      const s = await setup(html`<chat-stream endpoint="/api/chat" theme=${theme}></chat-stream>`);
      await reply(s, 'Show me everything', RICH_REPLY);
      const content = q(s.el, '[part~="assistant"] [part~="content"]');
      for (const tag of ['table', 'pre', 'a', 'ul ul', 'ol', 'blockquote']) {
        expect(content.querySelector(tag), tag).to.not.equal(null);
      }
      await expectNoSeriousViolations(s.el, `theme=${theme}`);
    });
  }

  it('a streaming reply (caret, stop button) has no serious or critical violation', async () => {
    const s = await setup(html`<chat-stream endpoint="/api/chat" theme="light"></chat-stream>`);
    const sent = s.el.send('go');
    const stream = await s.server.nextRequest();
    stream.pushEvent(openai(RICH_REPLY.slice(0, 4).join('') + '```js\nlet y'));
    await s.events.next('token');
    await frames(2);
    expect(s.el.shadowRoot!.querySelector('[part~="caret"]')).to.not.equal(null);
    await expectNoSeriousViolations(s.el, 'streaming');
    stream.pushEvent(DONE);
    await sent;
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`launcher mode, open, theme="${theme}", has no serious or critical violation`, async () => {
      const s = await setup(html`<chat-stream endpoint="/api/chat" launcher theme=${theme}></chat-stream>`);
      s.el.open = true;
      await s.el.updateComplete;
      await reply(s, 'Show me everything', RICH_REPLY);
      expect(q(s.el, '[part~="panel"]').hidden).to.equal(false);
      await expectNoSeriousViolations(s.el, `launcher theme=${theme}`);
    });
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`an error notice with Retry in theme="${theme}" has no serious or critical violation`, async () => {
      const s = await setup(html`<chat-stream endpoint="/api/chat" theme=${theme} max-retries="0"></chat-stream>`);
      s.server.enqueue({ status: 400, contentType: 'application/json', body: '{"error":"bad request"}' });
      await s.el.send('hi').catch(() => {});
      await s.el.updateComplete;
      expect(q(s.el, '[part~="retry-button"]')).to.not.equal(null);
      await expectNoSeriousViolations(s.el, `error theme=${theme}`);
    });
  }
});

describe('screen readers', () => {
  it('the log has role="log" and aria-busy follows the stream', async () => {
    const s = await setup();
    const log = q(s.el, '[part="log"]');
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-busy')).to.equal('false');
    const sent = s.el.send('hi');
    const stream = await s.server.nextRequest();
    await s.el.updateComplete;
    expect(log.getAttribute('aria-busy')).to.equal('true');
    stream.pushEvent(openai('Hello'));
    await s.events.next('token');
    await frame();
    expect(log.getAttribute('aria-busy')).to.equal('true');
    stream.pushEvent(DONE);
    await sent;
    await s.el.updateComplete;
    expect(log.getAttribute('aria-busy')).to.equal('false');
  });

  it('aria-busy goes back to "false" after a stop and after an error', async () => {
    const s = await setup(undefined, { maxRetries: 0 });
    const log = q(s.el, '[part="log"]');
    const first = s.el.send('a');
    await s.server.nextRequest();
    await s.el.updateComplete;
    expect(log.getAttribute('aria-busy')).to.equal('true');
    s.el.stop();
    await first;
    await s.el.updateComplete;
    expect(log.getAttribute('aria-busy')).to.equal('false');
    const second = s.el.send('b').catch(() => {});
    const stream = await s.server.nextRequest();
    stream.pushEvent(openai('x'));
    stream.error(new TypeError('network down'));
    await second;
    await s.el.updateComplete;
    expect(log.getAttribute('aria-busy')).to.equal('false');
  });

  it('announces a finished reply once through a polite status region, not token by token', async () => {
    const s = await setup();
    const status = q(s.el, '[role="status"]');
    expect(status.getAttribute('aria-live') ?? 'polite').to.equal('polite');
    // The log itself must not be live, or every token would be read out.
    expect(q(s.el, '[part="log"]').getAttribute('aria-live')).to.equal('off');
    const texts: string[] = [];
    const observer = new MutationObserver(() => {
      const text = status.textContent!.trim();
      if (text !== '' && text !== texts.at(-1)) texts.push(text);
    });
    observer.observe(status, { childList: true, characterData: true, subtree: true });
    const sent = s.el.send('count');
    const stream = await s.server.nextRequest();
    for (const word of ['One, ', 'two, ', 'three, ', 'four ', 'and **five**.']) {
      stream.pushEvent(openai(word));
      await s.events.next('token');
      await frames(2);
    }
    observer.takeRecords();
    expect(texts, 'announced while streaming').to.deep.equal([]);
    stream.pushEvent(DONE);
    await sent;
    await frames(3);
    await s.el.updateComplete;
    observer.disconnect();
    expect(texts).to.have.length(1);
    expect(texts[0]).to.contain('One, two, three, four and five.');
  });

  it('the announced reply is the reply’s text, without the copy buttons’ labels', async () => {
    const s = await setup();
    await reply(s, 'code please', ['Run this:\n\n', '```sh\nnpm test\n```\n\n', 'Then relax.']);
    await frames(2);
    const text = q(s.el, '[role="status"]').textContent!;
    expect(text).to.contain('npm test');
    expect(text).to.contain('Then relax.');
    expect(text).to.not.contain('Copy code');
  });

  it('announces at most the first 2,000 characters of a long reply, ending at a word', async () => {
    const s = await setup();
    const words = Array.from({ length: 1500 }, (_, i) => `word${i}`);
    await reply(s, 'long please', [words.slice(0, 700).join(' ') + ' ', words.slice(700).join(' ')]);
    await frames(2);
    const text = q(s.el, '[role="status"]').textContent!.trim();
    expect(text.length).to.be.within(1900, 2001);
    expect(text.endsWith('…')).to.equal(true);
    // Whole words only: the announcement is the reply's first words, then the ellipsis.
    const shown = text.slice(0, -1).split(' ');
    expect(shown).to.deep.equal(words.slice(0, shown.length));
    // The log still shows the whole reply.
    expect(q(s.el, '[part="log"]').textContent).to.contain('word1499');
  });

  it('announces an error with role="alert"', async () => {
    const s = await setup(undefined, { maxRetries: 0 });
    s.server.enqueue({ status: 500, contentType: 'text/plain', body: 'boom' });
    await s.el.send('hi').catch(() => {});
    await s.el.updateComplete;
    const alert = q(s.el, '[role="alert"]');
    expect(alert.getAttribute('part')).to.match(/\berror\b/);
    expect(alert.textContent).to.match(/500|boom/);
  });

  it('every button has an accessible name (axe button-name) in every state', async () => {
    const s = await setup(html`<chat-stream endpoint="/api/chat" launcher></chat-stream>`, { maxRetries: 0 });
    const check = async (label: string) => {
      const results = await axe.run(s.el, { runOnly: ['button-name', 'aria-command-name', 'link-name'] });
      expect(results.violations, `${label}:\n${describeViolations(results.violations)}`).to.have.length(0);
      expect(results.passes.length + results.incomplete.length, `${label}: axe checked the buttons`).to.be.greaterThan(0);
    };
    await check('closed launcher');
    s.el.open = true;
    await s.el.updateComplete;
    await reply(s, 'q', ['Some `code`:\n\n```\nx\n```\n\nend']);
    await check('finished reply');
    const run = s.el.send('again').catch(() => {});
    const stream = await s.server.nextRequest();
    await s.el.updateComplete;
    await check('streaming');
    stream.error(new TypeError('network down'));
    await run;
    await s.el.updateComplete;
    await check('error');
    // Every button, visible or not, is named by text, aria-label or aria-labelledby.
    for (const button of qq<HTMLButtonElement>(s.el, 'button')) {
      const name = (button.getAttribute('aria-label') ?? button.textContent ?? '').trim();
      expect(name, button.outerHTML).to.not.equal('');
    }
  });
});

describe('language', () => {
  it('the strings property replaces the UI strings', async () => {
    const s = await setup(undefined, {
      maxRetries: 0,
      strings: { send: 'Envoyer', stop: 'Arrêter', retry: 'Réessayer', inputLabel: 'Votre message', logLabel: 'Conversation en cours', copy: 'Copier', regenerate: 'Régénérer', copyCode: 'Copier le code' },
    });
    expect(q(s.el, '[part="send-button"]').getAttribute('aria-label')).to.equal('Envoyer');
    expect(q(s.el, '[part="stop-button"]').getAttribute('aria-label')).to.equal('Arrêter');
    expect(q(s.el, '[part="input"]').getAttribute('aria-label')).to.equal('Votre message');
    expect(q(s.el, '[part="log"]').getAttribute('aria-label')).to.equal('Conversation en cours');
    await reply(s, 'q', ['```\nx\n```\n\nok']);
    expect(q(s.el, '[part~="copy-reply-button"]').textContent!.trim()).to.equal('Copier');
    expect(q(s.el, '[part~="regenerate-button"]').textContent!.trim()).to.equal('Régénérer');
    expect(q(s.el, '[part~="copy-button"]').textContent!.trim()).to.equal('Copier le code');
    s.server.enqueue({ status: 500, contentType: 'text/plain', body: 'boom' });
    await s.el.send('again').catch(() => {});
    await s.el.updateComplete;
    expect(q(s.el, '[part~="retry-button"]').textContent!.trim()).to.equal('Réessayer');
    expect(s.el.shadowRoot!.textContent).to.not.match(/\b(Send|Retry|Regenerate)\b/);
  });

  it('changing strings later updates labels already shown', async () => {
    const s = await setup();
    await reply(s, 'q', ['```\nx\n```\n\nok']);
    s.el.strings = { send: 'Senden', copy: 'Kopieren', copyCode: 'Code kopieren' };
    await s.el.updateComplete;
    expect(q(s.el, '[part="send-button"]').getAttribute('aria-label')).to.equal('Senden');
    expect(q(s.el, '[part~="copy-reply-button"]').textContent!.trim()).to.equal('Kopieren');
    expect(q(s.el, '[part~="copy-button"]').textContent!.trim()).to.equal('Code kopieren');
  });

  it('the copy-failed confirmation can be replaced too', async () => {
    const s = await setup(undefined, { strings: { copyFailed: 'Kopieren fehlgeschlagen' } as never });
    await reply(s, 'q', ['```\nx\n```']);
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: () => Promise.reject(new Error('denied')) } });
    try {
      const button = q<HTMLButtonElement>(s.el, '[part~="copy-button"]');
      button.click();
      await frames(2);
      expect(button.textContent).to.equal('Kopieren fehlgeschlagen');
    } finally {
      delete (navigator as unknown as Record<string, unknown>).clipboard;
      if (original) Object.defineProperty(Navigator.prototype, 'clipboard', original);
    }
  });

  it('messages get dir="auto" and CJK and RTL text render', async () => {
    const s = await setup();
    const rtl = 'مرحبا بالعالم، كيف حالك؟';
    const cjk = '你好，世界。日本語のテキストと한국어 텍스트。';
    await reply(s, rtl, [cjk, '\n\n', 'שלום עולם']);
    const messages = qq(s.el, '[part~="message"]');
    expect(messages).to.have.length(2);
    for (const m of messages) expect(m.getAttribute('dir'), m.getAttribute('part')!).to.equal('auto');
    expect(q(s.el, '[part~="user"] [part~="content"]').textContent).to.equal(rtl);
    const assistant = q(s.el, '[part~="assistant"] [part~="content"]');
    expect(assistant.textContent).to.contain(cjk);
    expect(assistant.textContent).to.contain('שלום עולם');
    // dir="auto" resolves the user's Arabic message to right-to-left.
    expect(getComputedStyle(q(s.el, '[part~="user"] [part~="content"]')).direction).to.equal('rtl');
    expect(q(s.el, '[part~="user"]').getBoundingClientRect().width).to.be.greaterThan(0);
  });
});
