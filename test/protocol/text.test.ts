import { expect } from '@open-wc/testing';
import { createReader } from '../../src/protocol/index.js';
import type { ReplyPart } from '../../src/protocol/parts.js';
import { checkCases, checkThinkReplay, DONE, merge, reasoning, responseInfo, splits, text, THINKING_PARTS, THINKING_REPLY, type Case } from './replay.js';

const cases: Case[] = [
  {
    name: 'data as it is',
    protocol: 'text',
    events: [{ data: 'Hello' }, { data: '\n\n## Title ✓' }, { data: ' {"not":"parsed"}' }, { data: '' }, { data: 'two\nlines' }],
    parts: [text('Hello'), text('\n\n## Title ✓'), text(' {"not":"parsed"}'), text('two\nlines')],
    complete: true,
  },
  { name: '[DONE] ends', protocol: 'text', events: [{ data: 'a' }, { data: '[DONE]' }], parts: [text('a'), DONE], complete: true },
  { name: 'a <thi that never becomes a tag is text at the end', protocol: 'text', events: [{ data: '<thi' }], parts: [text('<thi')], complete: true },
];

describe('text protocol', () => {
  checkCases(cases);
  checkThinkReplay('text', (piece) => ({ data: piece }), { events: [], parts: [] });
});

/** Plain-text bodies, read with `readText`: each input cut at every pair of points must give `parts`. */
const plain: { name: string; input: string; parts: ReplyPart[] }[] = [
  { name: 'plain text', input: 'Hello\n\n**world** é✓', parts: [text('Hello\n\n**world** é✓')] },
  { name: 'a <think> section', input: THINKING_REPLY, parts: THINKING_PARTS },
  { name: 'leading whitespace before <think>', input: '\n <think>a</think>b', parts: [reasoning('a'), text('b')] },
  { name: 'a tag that is not <think> stays text', input: '<thinking>no</thinking>', parts: [text('<thinking>no</thinking>')] },
  { name: '<think> later in the text stays text', input: 'So <think>x</think>', parts: [text('So <think>x</think>')] },
  { name: 'an unclosed <think> is all reasoning', input: '<think>still going </thi', parts: [reasoning('still going </thi')] },
  { name: 'only whitespace', input: '  \n', parts: [text('  \n')] },
];

describe('plain-text bodies (readText)', () => {
  for (const { name, input, parts } of plain) {
    for (const protocol of ['auto', 'text', 'openai']) {
      it(`${name} at every cut into three chunks (${protocol})`, () => {
        for (const pieces of splits(input, 3)) {
          const reader = createReader(protocol);
          reader.open(responseInfo({ format: 'text' }));
          const got = [...pieces.flatMap((piece) => reader.readText(piece)), ...reader.flush()];
          expect(merge(got), JSON.stringify(pieces)).to.deep.equal(parts);
        }
      });
    }
  }
});
