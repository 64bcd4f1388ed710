import { expect } from '@open-wc/testing';
import { Lexer, Parser, marked } from 'marked';
import { BlockSplitter, lex, markedOptions } from '../../src/markdown/blocks.js';
import type { Block } from '../../src/markdown/blocks.js';
import { isClosed } from '../../src/markdown/render.js';
import { REPLIES } from './fixtures.js';

const html = (tokens: Parameters<Parser['parse']>[0]) => new Parser(markedOptions()).parse(tokens);

/**
 * Starts of the non-blank top-level tokens of a one-shot lex, and of the blank lines right after a
 * fenced code block (a closed fence is finished at once, so the next block starts with those lines).
 */
function tokenStarts(text: string): Set<number> {
  const starts = new Set<number>();
  let at = 0;
  let previous: { type: string; raw: string } | undefined;
  for (const token of new Lexer(markedOptions()).blockTokens(text, [])) {
    if (token.type !== 'space' || (previous?.type === 'code' && /^ {0,3}(```|~~~)/.test(previous.raw))) starts.add(at);
    at += token.raw.length;
    previous = token;
  }
  return starts;
}

/**
 * Feeds every prefix of `doc` and checks that each committed boundary is a boundary of the finished
 * document; then ends the reply and compares with marked's one-shot HTML.
 */
function feedEveryPrefix(doc: string, splitter = new BlockSplitter({ isClosed: (t) => isClosed(t, { allowImages: false }) })) {
  const normal = doc.replace(/\r\n?/g, '\n');
  const starts = tokenStarts(normal);
  const wrong: string[] = [];
  for (let p = 1; p <= doc.length; p++) {
    splitter.setText(doc.slice(0, p));
    const step = splitter.step(false);
    for (const block of step.added) {
      if (!starts.has(block.start) && block.source.trim()) wrong.push(`prefix ${p}: block at ${block.start} ${JSON.stringify(block.source)}`);
    }
  }
  splitter.step(true);
  const streamed = splitter.blocks.map((b) => html(b.tokens)).join('');
  return { wrong, streamed, expected: marked.parse(normal, { async: false }) as string, splitter };
}

const CASES: { name: string; doc: string }[] = [
  { name: 'a table interrupting a paragraph (two lines of look-ahead)', doc: 'para\n| a | b |\n| - | - |\n| 1 | 2 |\n\nend\n' },
  { name: 'a would-be table whose delimiter row fails', doc: 'para\n| a | b |\n| - | -x |\n\nend\nmore\n' },
  { name: 'a definition whose title spans blank lines', doc: '[a]: /u\n"t\n\nfoo\nbar\n\nbaz"\n\n[a]\n\nx\ny\n' },
  { name: 'a definition whose title never closes', doc: '[a]: /u\n"t\n\nfoo\nbar\n\nbaz\n\n[a]\n\nx\ny\n' },
  { name: 'a definition label spanning a heading line', doc: '[foo\n# x\nbar]: /u\n\n[foo # x bar]\n\nend\nmore\n' },
  { name: 'a parenthesised title spanning lines', doc: '[b]: /v\n(one\n# two\nthree)\n\n[b]\n\nz\nz\n' },
  { name: 'a reference defined late', doc: 'see [x] and [Y]\n\nmore\n\n[x]: /url\n[y]: /why "t"\n\nend\nend\n' },
  { name: 'a list turning loose', doc: '- a\n- b\n\n- c\n\nafter\nmore\n' },
  { name: 'setext headings', doc: 'foo\nbar\n===\n\nnext\n\nfoo\n-\nnext\nmore\n' },
  { name: 'an HTML block leaving a div open', doc: '<div>\n\n*x*\n\n</div>\n\nafter\nmore\n\n<b>open\n\nstill bold</b>\n\nend\nend\n' },
  { name: 'indented code across blank lines', doc: '    a\n\n    b\n\nc\nd\n\n    e\n' },
  { name: 'lazy continuation', doc: '> a\nb\n\nc\nd\n\n- x\ny\n\nz\nz\n' },
  { name: 'fences, closed and not', doc: '```\na\n\nb\n```\nafter\n\nmore\nmore\n\n~~~\nopen\n\n\nstill' },
  { name: 'CRLF line ends', doc: 'a\r\n\r\nb\r\n===\r\n\r\n- c\r\n\r\n- d\r\n\r\ne\r\nf\r\n' },
  ...Object.entries(REPLIES).map(([name, doc]) => ({ name: `reply "${name}"`, doc })),
];

describe('BlockSplitter', () => {
  for (const { name, doc } of CASES) {
    it(`commits only final boundaries, fed every prefix: ${name}`, () => {
      const { wrong, streamed, expected, splitter } = feedEveryPrefix(doc);
      expect(wrong).to.deep.equal([]);
      expect(splitter.repairs).to.equal(0);
      expect(streamed).to.equal(expected);
    });
  }

  it('re-lexes an earlier block when a definition it uses is committed', () => {
    const splitter = new BlockSplitter();
    splitter.setText('see [x]\n\nmore\n\n');
    expect(splitter.step(false).added.map((b) => b.source)).to.deep.equal(['see [x]\n\n']);
    splitter.setText('see [x]\n\nmore\n\n[x]: /url\n\nnext\nline\n');
    const step = splitter.step(false);
    expect(step.relinked.map((b: Block) => b.index)).to.deep.equal([0]);
    expect(html(splitter.blocks[0]!.tokens)).to.equal('<p>see <a href="/url">x</a></p>\n');
  });

  it('does not re-lex blocks that cannot use the new definition', () => {
    const splitter = new BlockSplitter();
    splitter.setText('plain text\n\n[other] text\n\n[x]: /url\n\nnext\nline\n');
    splitter.step(false);
    splitter.setText('plain text\n\n[other] text\n\n[x]: /url\n\nnext\nline\n\n[y]: /y\n\nz\nz\n');
    expect(splitter.step(false).relinked).to.deep.equal([]);
  });

  it('keeps a block that leaves raw HTML open together with the blocks it contains', () => {
    const splitter = new BlockSplitter({ isClosed: (t) => isClosed(t, { allowImages: false }) });
    splitter.setText('<div>\n\ninside\n\nstill\nstill\n');
    expect(splitter.step(false).added).to.deep.equal([]);
    splitter.setText('<div>\n\ninside\n\n</div>\n\nafter\nmore\n');
    expect(splitter.step(false).added.map((b) => b.source)).to.deep.equal(['<div>\n\ninside\n\n</div>\n\n']);
  });

  it('holds a trailing \\r until it knows whether \\n follows', () => {
    const splitter = new BlockSplitter();
    splitter.setText('a\r');
    expect(splitter.text).to.equal('a');
    splitter.setText('a\r\n\r');
    expect(splitter.text).to.equal('a\n');
    splitter.setText('a\r\n\r\nb');
    expect(splitter.text).to.equal('a\n\nb');
    splitter.setText('a\r\n\r\nb\r');
    splitter.step(true);
    expect(splitter.text).to.equal('a\n\nb\n');
  });

  it('starts over when the text does not continue the previous one', () => {
    const splitter = new BlockSplitter();
    splitter.setText('first\n\nreply\nhere\n');
    splitter.step(false);
    expect(splitter.setText('other text that is longer\n\nthan the first')).to.equal(false);
    const step = splitter.step(true);
    expect(step.truncatedFrom).to.equal(0);
    expect(step.added.map((b) => b.source).join('')).to.equal('other text that is longer\n\nthan the first');
  });

  it('lexes only the tail: a long reply commits as it goes', () => {
    const splitter = new BlockSplitter();
    const doc = REPLIES.guide!.repeat(4);
    let maxTail = 0;
    for (let p = 0; p < doc.length; p += 16) {
      splitter.setText(doc.slice(0, p));
      splitter.step(false);
      maxTail = Math.max(maxTail, splitter.text.length - splitter.committed);
    }
    // The longest block of the guide (its code block with what follows) is well under 600 characters.
    expect(maxTail).to.be.lessThan(600);
  });

  it('lexes with the committed definitions', () => {
    const tokens = lex('[a]', { a: { href: '/x', title: null } });
    expect(html(tokens)).to.equal('<p><a href="/x">a</a></p>\n');
  });
});
