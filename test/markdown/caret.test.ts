// The caret sits at the end of the text in every frame (issue #15, item 3): after the last visible
// character, with nothing visible after it, also while a reply streams raw HTML blocks (`<details>`,
// `<div>`, CommonMark's HTML-block examples) — replayed character by character.
import { expect } from '@open-wc/testing';
import { contentHTML } from '../../src/markdown/view.js';
import { REPLIES, loadSpecExamples } from './fixtures.js';
import { mount } from './view-helpers.js';

/** What is wrong with the caret in the view's content now, or null when it sits at the end of the text. */
function caretProblem(container: HTMLElement): string | null {
  const div = document.createElement('div');
  div.innerHTML = contentHTML(container);
  const carets = div.querySelectorAll('.caret');
  const visible = div.textContent!.trim() !== '';
  if (carets.length > 1) return `${carets.length} carets`;
  if (!carets.length) return visible ? 'no caret' : null;
  const after = document.createRange();
  after.setStartAfter(carets[0]!);
  after.setEnd(div, div.childNodes.length);
  const text = after.toString().trim();
  return text ? `text after the caret: ${JSON.stringify(text.slice(0, 40))}` : null;
}

/** Streams `text` one character at a time and returns the frames whose caret is wrong. */
function replay(text: string): string[] {
  const { view, container } = mount();
  const problems: string[] = [];
  for (let i = 1; i <= text.length; i++) {
    view.update(text.slice(0, i), true);
    view.flush();
    const problem = caretProblem(container);
    if (problem) problems.push(`after ${JSON.stringify(text.slice(Math.max(0, i - 30), i))}: ${problem}`);
  }
  view.destroy();
  container.remove();
  return problems;
}

describe('the caret at the end of the text, in every frame', () => {
  const documents: Record<string, string> = {
    'a <details> block': 'Before.\n\n<details>\n<summary>More</summary>\n\nHidden **markdown** text.\n\n</details>\n\nAfter.',
    'a <div> block': 'Intro\n\n<div>\nInside the div, *emphasis*.\n</div>\n\nAnd after it.',
    'inline HTML': 'Some <b>bold</b> and <i>italic</i> <span>text</span> here.',
  };
  for (const [name, text] of Object.entries(documents)) {
    it(name, () => {
      expect(replay(text)).to.deep.equal([]);
    });
  }

  for (const [name, text] of Object.entries(REPLIES)) {
    it(`the reply "${name}"`, () => {
      expect(replay(text)).to.deep.equal([]);
    });
  }

  it("CommonMark's HTML-block examples", async () => {
    const examples = (await loadSpecExamples()).filter((e) => e.section === 'HTML blocks');
    expect(examples.length).to.be.greaterThan(40);
    const failures = examples.flatMap((e) => replay(e.markdown).map((p) => `#${e.number}: ${p}`));
    expect(failures).to.deep.equal([]);
  });
});
