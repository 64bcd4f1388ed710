import { expect } from '@open-wc/testing';
import { marked } from 'marked';
import { heal } from '../../src/markdown/heal.js';
import { REPLIES } from './fixtures.js';

const CASES: { input: string; expected: string }[] = [
  { input: 'Hello **wor', expected: 'Hello **wor**' },
  { input: 'Hello **', expected: 'Hello ' },
  { input: 'Hello **world** and *it', expected: 'Hello **world** and *it*' },
  { input: 'a ***both', expected: 'a ***both***' },
  { input: 'a __strong', expected: 'a __strong__' },
  { input: 'snake_case_word', expected: 'snake_case_word' },
  { input: '2 * 3 * 4', expected: '2 * 3 * 4' },
  { input: 'a ~~strike', expected: 'a ~~strike~~' },
  { input: '**bold ', expected: '**bold** ' },
  { input: 'a `code', expected: 'a `code`' },
  { input: 'a `', expected: 'a ' },
  { input: 'a `code **not bold', expected: 'a `code **not bold`' },
  { input: 'see [link](https://exa', expected: 'see link' },
  { input: 'see [**bold** link](https://exa', expected: 'see **bold** link' },
  { input: 'see [link', expected: 'see link' },
  { input: 'see [link](https://example.com) done', expected: 'see [link](https://example.com) done' },
  { input: 'img ![alt](http://x', expected: 'img ' },
  { input: 'img ![alt', expected: 'img alt' },
  { input: 'img ![alt]', expected: 'img ' },
  { input: 'a ~~wrong~', expected: 'a ~~wrong~~' },
  { input: '中文**', expected: '中文' },
  { input: '**bold**', expected: '**bold**' },
  { input: 'ref ![alt][la', expected: 'ref ' },
  { input: 'ref [text][la', expected: 'ref text' },
  { input: '**bold `code', expected: '**bold `code`**' },
  { input: 'x <https://exa', expected: 'x ' },
  { input: 'trailing \\\\', expected: 'trailing \\\\' },
  { input: 'x <div cla', expected: 'x ' },
  { input: 'x </sp', expected: 'x ' },
  { input: 'x <!-- comm', expected: 'x ' },
  { input: 'a < b', expected: 'a < b' },
  { input: 'trailing \\', expected: 'trailing ' },
  { input: '```py', expected: '' },
  { input: 'text\n``', expected: 'text\n' },
  { input: '```py\ncode\n``', expected: '```py\ncode\n' },
  { input: '```py\ncode **not healed', expected: '```py\ncode **not healed' },
  { input: '~~~\ncode\n~', expected: '~~~\ncode\n' },
  { input: '```\ncode\n```\nafter **b', expected: '```\ncode\n```\nafter **b**' },
  { input: '- item **b', expected: '- item **b**' },
  { input: '* item', expected: '* item' },
  { input: '## Title', expected: '## Title' },
  { input: '| a | b |\n| - | - |\n| 1 | 2', expected: '| a | b |\n| - | - |\n| 1 | 2' },
  { input: 'first **para\n\nsecond', expected: 'first **para\n\nsecond' },
  { input: 'done.', expected: 'done.' },
];

describe('heal', () => {
  for (const { input, expected } of CASES) {
    it(`heals ${JSON.stringify(input)}`, () => {
      expect(heal(input)).to.equal(expected);
    });
  }

  // Text that must never show outside code while a reply streams, unless the finished reply shows it too.
  // (Table rows are not healed: a table may show as a paragraph of pipes until its delimiter row is complete.)
  const MARKERS = ['**', '](', '``', '~~', '<d', '<b', '<s', '<k', '<p', '<t', '<!', '!['];

  for (const [name, reply] of Object.entries(REPLIES)) {
    it(`never shows half syntax in any prefix of "${name}"`, () => {
      const visible = (md: string) => {
        const div = document.createElement('div');
        const doc = new DOMParser().parseFromString(marked.parse(md, { async: false }) as string, 'text/html');
        for (const code of doc.querySelectorAll('code, pre, script, style')) code.remove();
        div.textContent = doc.body.textContent;
        return div.textContent ?? '';
      };
      const finalText = visible(reply);
      const markers = MARKERS.filter((m) => !finalText.includes(m));
      // References resolve once their definition arrives (the view re-renders them then); a complete
      // `[text][ref]` before that is what a one-shot render of the prefix shows too. Give the
      // prefixes the reply's definitions so that only half syntax counts.
      const definitions = reply.split('\n').filter((line) => /^\[[^\]]+\]:/.test(line)).join('\n');
      const bad: string[] = [];
      for (let p = 1; p < reply.length; p++) {
        const text = visible(heal(reply.slice(0, p)) + '\n\n' + definitions);
        for (const m of markers) if (text.includes(m)) bad.push(`prefix ${p} shows ${JSON.stringify(m)}: …${JSON.stringify(reply.slice(Math.max(0, p - 30), p))}`);
      }
      expect(bad.slice(0, 5)).to.deep.equal([]);
    });
  }
});
