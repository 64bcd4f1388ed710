import { expect } from '@open-wc/testing';
import { contentHTML } from '../../src/markdown/view.js';
import { chunk } from './fixtures.js';
import { freshFrame, mount, reference } from './view-helpers.js';



describe('MarkdownView behaviour', () => {
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

  it('redraws at most once per animation frame, however many tokens arrive', async () => {
    const { view, container } = mount();
    let text = '';
    for (let i = 0; i < 50; i++) view.update((text += 'word '), true);
    expect(view.stats.frames).to.equal(0);
    await nextFrame();
    await nextFrame();
    expect(view.stats.frames).to.equal(1);
    expect(container.textContent).to.contain('word word');
    view.destroy();
    container.remove();
  });

  it('falls back to a timer when no animation frame comes (a hidden tab)', async () => {
    const { view, container } = mount();
    const raf = window.requestAnimationFrame;
    const hidden = Object.getOwnPropertyDescriptor(Document.prototype, 'hidden')!;
    window.requestAnimationFrame = () => 1;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    try {
      view.update('in the background', true);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(container.textContent).to.contain('in the background');
    } finally {
      window.requestAnimationFrame = raf;
      delete (document as { hidden?: boolean }).hidden;
      expect(Object.getOwnPropertyDescriptor(Document.prototype, 'hidden')).to.deep.equal(hidden);
      view.destroy();
      container.remove();
    }
  });

  it('renders the final update at once, without the caret', () => {
    const { view, container } = mount();
    view.update('# Title\n\nbody', true);
    view.update('# Title\n\nbody text', false);
    expect(contentHTML(container)).to.equal(reference('# Title\n\nbody text'));
    expect(container.querySelector('.caret')).to.equal(null);
    view.destroy();
    container.remove();
  });

  it('never rebuilds a finished block, and keeps a selection inside it', () => {
    const { view, container } = mount();
    const first = 'A first paragraph that the reader selects.\n\n';
    view.update(first + 'Second paragraph\nand more\n', true);
    view.flush();
    const paragraph = container.querySelector('p')!;
    expect(paragraph.textContent).to.equal('A first paragraph that the reader selects.');
    const range = document.createRange();
    range.setStart(paragraph.firstChild!, 2);
    range.setEnd(paragraph.firstChild!, 7);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    const inserted = view.stats.blocksInserted;
    let text = first + 'Second paragraph\nand more\n';
    for (const piece of chunk('\n## Heading\n\n- a list\n- of items\n\n```js\nconst x = 1;\n```\n\nThe end.\n', 5, 4)) {
      view.update((text += piece), true);
      view.flush();
    }
    view.update(text, false);
    // Identity checks compare booleans: chai would walk a whole DOM node to print a failure.
    expect(container.querySelector('p') === paragraph).to.equal(true);
    expect(paragraph.isConnected).to.equal(true);
    expect(getSelection()!.toString()).to.equal('first');
    // Five blocks: two paragraphs, the heading, the list, the code block; the last one on the final render.
    expect(view.stats.blocksInserted - inserted).to.equal(5);
    getSelection()!.removeAllRanges();
    view.destroy();
    container.remove();
  });

  it('keeps a selection in the growing tail while words, emphasis and code arrive', () => {
    const { view, container } = mount();
    let text = 'The tail paragraph that the reader selects';
    view.update(text, true);
    view.flush();
    const words = container.querySelector('p')!.firstChild as Text;
    const range = document.createRange();
    range.setStart(words, 4);
    range.setEnd(words, 8);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    for (const piece of chunk(' while it grows, with **bold** and `code`,\nand a lazy line', 3, 2)) {
      view.update((text += piece), true);
      view.flush();
      expect(words.isConnected, JSON.stringify(text)).to.equal(true);
      expect(getSelection()!.toString(), JSON.stringify(text)).to.equal('tail');
    }
    getSelection()!.removeAllRanges();
    view.destroy();
    container.remove();
  });

  it('puts the caret at the very end of the text: in the last paragraph, list item or code line', () => {
    const { view, container } = mount();
    const caretParent = (text: string) => {
      view.update(text, true);
      view.flush();
      const caret = container.querySelector('span.caret')!;
      expect(caret.getAttribute('part')).to.equal('caret');
      expect(caret.getAttribute('aria-hidden')).to.equal('true');
      // Nothing after the caret but, in code, the block's final newline.
      expect(caret.nextSibling?.textContent ?? '').to.match(/^\n?$/);
      return caret.parentElement!;
    };
    expect(caretParent('Hello **wor').tagName).to.equal('P');
    expect(caretParent('Hello **world** and more\n\n- one\n- tw').tagName).to.equal('LI');
    const code = caretParent('Hello **world** and more\n\n- one\n- two\n\n```js\nlet a = 1;\nlet b');
    expect(code.tagName).to.equal('CODE');
    expect(code.textContent).to.equal('let a = 1;\nlet b\n');
    expect(code.querySelector('.caret')!.previousSibling!.textContent).to.equal('let a = 1;\nlet b');
    view.update('Hello **world** and more\n\n- one\n- two\n\n```js\nlet a = 1;\nlet b\n```\n', false);
    expect(container.querySelector('.caret')).to.equal(null);
    view.destroy();
    container.remove();
  });

  it('shows no caret when the caret option is off', () => {
    const { view, container } = mount({ allowImages: false, caret: false });
    view.update('text', true);
    view.flush();
    expect(container.querySelector('.caret')).to.equal(null);
    view.destroy();
    container.remove();
  });

  it('gives every top-level block dir="auto"', () => {
    const { view, container } = mount();
    view.update('שלום עולם\n\n# عنوان\n\n- a\n\n> quote\n\n```\ncode\n```\n', false);
    // Finished blocks sit in the view's chunks.
    const top = [...container.children].flatMap((el) => (el.hasAttribute('dir') || el.className ? [el] : [...el.children]));
    const blocks = top.map((el) => (el.classList.contains('code-block') ? el.querySelector('pre')! : el));
    expect(blocks.length).to.equal(5);
    for (const block of blocks) expect(block.getAttribute('dir')).to.equal('auto');
    view.destroy();
    container.remove();
  });

  it('adds one copy button per finished code block; it survives later frames and copies the code', async () => {
    const copies: { text: string; ok: boolean }[] = [];
    const { view, container } = mount({ allowImages: false, caret: true, onCopy: (d) => copies.push(d) });
    const written: string[] = [];
    const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void written.push(text) },
    });
    try {
      // The code block is finished once the paragraph after it has two complete lines.
      let text = 'Code:\n\n```ts\nconst a = 1;\nconst b = 2;\n```\n\nAfter the code block\nthere is more\n';
      view.update(text, true);
      view.flush();
      const buttons = container.querySelectorAll('button');
      expect(buttons.length).to.equal(1);
      const button = buttons[0]!;
      expect(button.type).to.equal('button');
      expect(button.getAttribute('part')).to.equal('copy-button');
      expect(button.textContent).to.equal('Copy code');
      for (const piece of [' text', ' here.\n\nAnd a new', ' paragraph']) {
        view.update((text += piece), true);
        view.flush();
      }
      expect(container.querySelector('button') === button).to.equal(true);
      button.click();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(written).to.deep.equal(['const a = 1;\nconst b = 2;']);
      expect(copies).to.deep.equal([{ text: 'const a = 1;\nconst b = 2;', ok: true }]);
      expect(button.textContent).to.equal('Copied');
      view.update(text, false);
      expect(container.querySelector('button') === button).to.equal(true);
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
      expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')).to.deep.equal(clipboard);
      view.destroy();
      container.remove();
    }
  });

  it('uses the strings it is given for the copy button', () => {
    const { view, container } = mount({ allowImages: false, caret: false, strings: { copyCode: 'Code kopieren' } });
    view.update('```\nx\n```\n', false);
    expect(container.querySelector('button')!.textContent).to.equal('Code kopieren');
    view.setOptions({ allowImages: false, caret: false, strings: { copyCode: 'Copier' } });
    expect(container.querySelector('button')!.textContent).to.equal('Copier');
    view.destroy();
    container.remove();
  });

  it('re-renders an earlier block when its reference definition arrives later', () => {
    const { view, container } = mount();
    let text = '';
    for (const piece of chunk('See [the docs].\n\nMore text here.\n\n[the docs]: https://example.com/docs\n\nEnd of\nthe reply.\n', 8, 3)) {
      view.update((text += piece), true);
      view.flush();
    }
    expect(container.querySelector('a')?.getAttribute('href')).to.equal('https://example.com/docs');
    view.update(text, false);
    expect(contentHTML(container)).to.equal(reference(text));
    view.destroy();
    container.remove();
  });

  it('starts over when handed a different reply', () => {
    const { view, container } = mount();
    view.update('first reply\n\nwith two paragraphs\n', false);
    view.update('another', false);
    expect(contentHTML(container)).to.equal(reference('another'));
    view.destroy();
    container.remove();
  });

  it('re-renders finished blocks when images are allowed or forbidden', () => {
    const { view, container } = mount();
    const text = 'An image: ![alt text](https://example.com/a.png)\n\nmore\n';
    view.update(text, false);
    expect(contentHTML(container)).to.equal(reference(text, false));
    view.setOptions({ allowImages: true, caret: true });
    expect(contentHTML(container)).to.equal(reference(text, true));
    expect(reference(text, true)).to.not.equal(reference(text, false));
    view.destroy();
    container.remove();
  });

  it('groups finished blocks into chunks that start with a block without a top margin', () => {
    const { view, container } = mount();
    let text = '';
    for (let i = 0; i < 60; i++) text += i % 3 ? `Paragraph ${i}.\n\n` : `## Heading ${i}\n\n`;
    view.update(text, false);
    const chunks = [...container.children];
    expect(chunks.length).to.be.greaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.tagName).to.equal('DIV');
      // A bare div: no class, no dir (what the styles select it by).
      expect(chunk.attributes.length).to.equal(0);
      expect(chunk.matches(':not([dir], .code-block)')).to.equal(true);
    }
    for (const chunk of chunks.slice(1)) expect(chunk.firstElementChild!.tagName).to.equal('P');
    expect(contentHTML(container)).to.equal(reference(text));
    view.destroy();
    container.remove();
  });

  it('keeps the tail nodes that did not change, and shows what a full redraw would', () => {
    const { view, container } = mount();
    // The growing paragraph's and the open code block's nodes are kept, not rebuilt, while they grow.
    const reply = 'Finished first paragraph.\n\nA growing paragraph with plain words & a quote "here", then **bold** and more words.\n\n```js\nconst a = 1; // <b>not markup</b>\nconst b = 2;\n';
    let text = '';
    const first = new Map<string, Node>();
    let checks = 0;
    for (const piece of chunk(reply, 21, 5)) {
      view.update((text += piece), true);
      view.flush();
      expect(contentHTML(container), JSON.stringify(text)).to.equal(freshFrame(text));
      const growing = text.includes('```') ? null : [...container.querySelectorAll('p')].find((p) => p.textContent!.startsWith('A growing'));
      const code = container.querySelector('code.language-js');
      for (const [key, node] of [['p', growing], ['text', growing?.firstChild], ['code', code]] as const) {
        if (!node) continue;
        if (first.has(key)) checks++;
        expect(node, `${key} after ${JSON.stringify(text)}`).to.equal(first.get(key) ?? first.set(key, node).get(key));
      }
    }
    expect(checks).to.be.greaterThan(8);
    view.destroy();
    container.remove();
  });

  it('draws plain prose by appending to its text node, and every frame equals a fresh render', () => {
    // Prose the fast path takes, and the text that must leave it: autolinks forming (www., a scheme,
    // an address), white space at the end of a line, hard and soft breaks, a paragraph that becomes a
    // setext heading, a list or a table, a line that starts with a digit, emphasis, Unicode.
    const reply =
      'Plain words stream in, one after another, with commas; and "quotes" too.  Then more.\n\n' +
      'Visit www.example.com or https://example.org or write to me@example.net today.\n\n' +
      'A soft\nbreak and a hard  \nbreak, then Über café naïve 日本語 عربي.\n\n' +
      'Title\n=====\n\nIntro line\n- item one\n- item two\n\nname | value\n--- | ---\nx | 1\n\n' +
      'Year\n2024 was good and *this* is **bold** text.\n\nThe end.';
    const { view, container } = mount();
    let text = '';
    for (const piece of chunk(reply, 3, 7)) {
      view.update((text += piece), true);
      view.flush();
      expect(contentHTML(container), JSON.stringify(text)).to.equal(freshFrame(text));
    }
    expect(view.stats.plainAppends, 'frames drawn by appending plain text').to.be.greaterThan(view.stats.frames / 5);
    view.update(reply, false);
    expect(contentHTML(container)).to.equal(reference(reply));
    view.destroy();
    container.remove();
  });
});
