import { expect } from '@open-wc/testing';
import type { ReplyPart } from '../../src/protocol/parts.js';
import { ThinkSplitter } from '../../src/protocol/think.js';
import { merge, reasoning, splits, text, THINKING_PARTS, THINKING_REPLY } from './replay.js';

const cases: { name: string; input: string; parts: ReplyPart[] }[] = [
  { name: 'a reply with a <think> section', input: THINKING_REPLY, parts: THINKING_PARTS },
  { name: 'no <think>: text as it is', input: 'Plain **text** é✓', parts: [text('Plain **text** é✓')] },
  { name: 'leading whitespace is kept for text', input: '\n\n  Hi', parts: [text('\n\n  Hi')] },
  { name: 'leading whitespace before <think>', input: ' \n<think>r</think>t', parts: [reasoning('r'), text('t')] },
  { name: 'whitespace after both tags is dropped', input: '<think>\n\n r \n</think>\n\n t ', parts: [reasoning('r \n'), text('t ')] },
  { name: 'an empty <think> section', input: '<think></think>Answer', parts: [text('Answer')] },
  { name: 'only a <think> section', input: '<think>only thought</think>', parts: [reasoning('only thought')] },
  { name: 'an unclosed <think>: all reasoning, a partial close tag included', input: '<think>a </thin', parts: [reasoning('a </thin')] },
  { name: 'a start that never becomes a tag', input: '<thi', parts: [text('<thi')] },
  { name: '<thinking> is not <think>', input: '<thinking>x</thinking>', parts: [text('<thinking>x</thinking>')] },
  { name: 'uppercase <THINK> is not <think>', input: '<THINK>x</THINK>', parts: [text('<THINK>x</THINK>')] },
  { name: '<think> after other text is text', input: 'a<think>b</think>', parts: [text('a<think>b</think>')] },
  { name: 'a second <think> section is text', input: '<think>a</think>b<think>c</think>', parts: [reasoning('a'), text('b<think>c</think>')] },
  { name: 'a close tag lookalike inside reasoning', input: '<think>x </th y</think>z', parts: [reasoning('x </th y'), text('z')] },
  { name: 'only whitespace', input: ' \n ', parts: [text(' \n ')] },
  { name: 'nothing', input: '', parts: [] },
];

/** Feeds the pieces to a fresh splitter, then flushes it. */
function run(pieces: string[]): ReplyPart[] {
  const splitter = new ThinkSplitter();
  return merge([...pieces.flatMap((piece) => splitter.push(piece)), ...splitter.flush()]);
}

describe('ThinkSplitter', () => {
  for (const { name, input, parts } of cases) {
    it(`${name}, at every cut into three pieces and character by character`, () => {
      for (const pieces of [...splits(input, 3), [...input]]) {
        expect(run(pieces), JSON.stringify(pieces)).to.deep.equal(parts);
      }
    });
  }

  it('passes text through at once when it cannot open with <think>', () => {
    const splitter = new ThinkSplitter();
    expect(splitter.push('H')).to.deep.equal([text('H')]);
    expect(splitter.push('<think>')).to.deep.equal([text('<think>')]);
  });

  it('holds back only what may still be a tag', () => {
    const splitter = new ThinkSplitter();
    expect(splitter.push(' <thi')).to.deep.equal([]);
    expect(splitter.push('nk>abc</th')).to.deep.equal([reasoning('abc')]);
    expect(splitter.push('ink>Hi')).to.deep.equal([text('Hi')]);
    expect(splitter.flush()).to.deep.equal([]);
  });
});
