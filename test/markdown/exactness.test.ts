import { expect } from '@open-wc/testing';
// The exactness tests of MarkdownView (its own file: about 80,000 redraws, beyond one file's time budget).
import { contentHTML } from '../../src/markdown/view.js';
import { REPLIES, chunk, loadSpecExamples } from './fixtures.js';
import { freshFrame, mount, reference, stream } from './view-helpers.js';
import type { SpecExample } from './fixtures.js';


const chars = (text: string) => text.split('');

describe('MarkdownView exactness: CommonMark spec examples', () => {
  let examples: SpecExample[] = [];
  before(async () => {
    examples = await loadSpecExamples();
  });

  it('loads every spec example', () => {
    expect(examples.length).to.be.greaterThan(600);
  });

  for (const [name, split] of [
    ['one character at a time', chars],
    ['random chunks (seed 1)', (t: string) => chunk(t, 1, 6)],
    ['random chunks (seed 2)', (t: string) => chunk(t, 2, 6)],
    ['random chunks (seed 3)', (t: string) => chunk(t, 3, 20)],
    ['one-shot (a single update that ends the reply)', (t: string) => [t]],
  ] as const) {
    it(`streamed ${name} equals the one-shot render, with no repair`, function () {
      // About 40,000 redraws for the one-character case: more than mocha's default budget.
      this.timeout(180_000);
      const started = performance.now();
      const failures: string[] = [];
      const repaired: number[] = [];
      for (const example of examples) {
        const expected = reference(example.markdown);
        const result = stream(name.startsWith('one-shot') ? [] : split(example.markdown));
        // The one-shot case: nothing streamed, the reply ends at once.
        const got = name.startsWith('one-shot') ? oneShot(example.markdown) : result.html;
        if (got !== expected) failures.push(`#${example.number} (${example.section}): ${JSON.stringify(example.markdown)}\n  got      ${JSON.stringify(got)}\n  expected ${JSON.stringify(expected)}`);
        if (result.caret) failures.push(`#${example.number}: caret left after the end`);
        if (result.stats.repairs > 0) repaired.push(example.number);
      }
      console.log(`spec examples, ${name}: ${Math.round(performance.now() - started)} ms`);
      expect(failures, failures.slice(0, 5).join('\n')).to.deep.equal([]);
      expect(repaired, 'examples whose streamed boundaries needed the end-of-reply repair').to.deep.equal([]);
    });
  }
});

function oneShot(text: string): string {
  const { view, container } = mount();
  view.update(text, false);
  const html = contentHTML(container);
  view.destroy();
  container.remove();
  return html;
}

describe('MarkdownView exactness: realistic replies', () => {
  for (const [name, reply] of Object.entries(REPLIES)) {
    it(`"${name}" streamed one character at a time equals the one-shot render`, () => {
      const result = stream(chars(reply));
      expect(result.html).to.equal(reference(reply));
      expect(result.caret).to.equal(null);
      expect(result.stats.repairs).to.equal(0);
    });
    for (const seed of [11, 12, 13, 14]) {
      it(`"${name}" streamed in random chunks (seed ${seed}) equals the one-shot render`, () => {
        const result = stream(chunk(reply, seed, seed * 4));
        expect(result.html).to.equal(reference(reply));
        expect(result.stats.repairs).to.equal(0);
      });
    }
    it(`"${name}" with images allowed streams exactly too`, () => {
      const options = { allowImages: true, caret: true };
      const result = stream(chunk(reply, 99, 9), options);
      expect(result.html).to.equal(reference(reply, true));
    });
  }

  // The tail is morphed into each new render rather than rebuilt: every intermediate frame must still
  // show what a view that draws the same text from scratch shows.
  for (const [name, reply] of Object.entries(REPLIES)) {
    it(`"${name}": every frame of a stream equals a fresh view's render of the same text`, () => {
      const { view, container } = mount();
      let text = '';
      const differences: string[] = [];
      for (const piece of chunk(reply, 21, 24)) {
        view.update((text += piece), true);
        view.flush();
        if (contentHTML(container) !== freshFrame(text)) differences.push(JSON.stringify(text.slice(-60)));
      }
      view.destroy();
      container.remove();
      expect(differences, differences.slice(0, 3).join('\n')).to.deep.equal([]);
    });
  }

  it('renders the CRLF reply like its LF twin, even with \\r and \\n in different chunks', () => {
    const result = stream(chars(REPLIES.crlf!));
    expect(result.html).to.equal(reference(REPLIES.guide!));
  });
});

