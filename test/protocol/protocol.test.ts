import { expect } from '@open-wc/testing';
import { ChatStreamError } from '../../src/errors.js';
import { createReader, PROTOCOLS } from '../../src/protocol/index.js';
import { FORMATS, RECOGNISED } from '../../src/protocol/registry.js';
import type { ParseEventFunction } from '../../src/types.js';
import { checkCases, DONE, ev, text, type Case } from './replay.js';

const ALL = 'auto,openai,anthropic,text,json,ai-sdk,gemini';

const cases: Case[] = [
  {
    name: 'parseEvent: string, null, done',
    protocol: 'openai',
    parseEvent: (e) => (e.event === 'end' ? { done: true } : e.event === 'skip' ? null : `${e.data}/${e.id}`),
    events: [{ data: 'a', id: '1' }, { event: 'skip', data: 'b' }, { data: '' }, { event: 'end', data: 'x' }],
    parts: [text('a/1'), DONE],
    complete: true,
  },
  {
    name: 'parseEvent: its text is the reply as written (no <think> splitting)',
    protocol: 'auto',
    parseEvent: (e) => e.data,
    events: [{ data: '<think>x</think>y' }],
    parts: [text('<think>x</think>y')],
    complete: true,
  },
  {
    name: 'parseEvent: a throw is a handler error',
    protocol: 'auto',
    parseEvent: () => {
      throw new Error('nope');
    },
    events: [{ data: 'a' }],
    parts: [],
    complete: true,
    throws: { code: 'handler', message: 'parseEvent threw: nope' },
  },
];

for (const [value, shown] of [
  [42, '42'],
  [undefined, 'undefined'],
  [{ done: false }, '{"done":false}'],
  [10n, '10'],
] as const) {
  cases.push({
    name: `parseEvent: returning ${shown} is a handler error that says what is allowed`,
    protocol: 'auto',
    parseEvent: (() => value) as unknown as ParseEventFunction,
    events: [{ data: 'a' }],
    parts: [],
    complete: true,
    throws: { code: 'handler', message: `parseEvent returned ${shown}: it must return a string, null or { done: true }` },
  });
}

for (const protocol of PROTOCOLS) {
  cases.push({ name: `${protocol}: heartbeats are nothing, [DONE] ends`, protocol, events: [{ data: '' }, { data: ' [DONE] ' }], parts: [DONE], complete: true });
}

describe('createReader', () => {
  checkCases(cases);

  it('lists every protocol, and the registry has a format for each explicit one', () => {
    expect(PROTOCOLS.join(',')).to.equal(ALL);
    expect(Object.keys(FORMATS).sort()).to.deep.equal(PROTOCOLS.filter((p) => p !== 'auto').sort());
    expect(RECOGNISED.map((f) => f.name)).to.deep.equal(['ai-sdk', 'openai', 'anthropic', 'gemini']);
  });

  it('errors are ChatStreamErrors whose message previews the data', () => {
    const reader = createReader('openai');
    const long = `{"choices":${'x'.repeat(500)}`;
    try {
      reader.read(ev({ data: long }));
      expect.fail('should throw');
    } catch (error) {
      expect(error).to.be.instanceOf(ChatStreamError);
      expect((error as ChatStreamError).message).to.match(/JSON: \{"choices":x+…$/);
      expect((error as ChatStreamError).message.length).to.be.lessThan(200);
    }
  });

  for (const input of ['openai-chat', '', 'ollama']) {
    it(`rejects the unknown protocol ${JSON.stringify(input)}`, () => {
      const expected = `Unknown protocol "${input}" (${ALL})`;
      expect(() => createReader(input)).to.throw(ChatStreamError, expected);
      expect(() => createReader(input, () => null)).to.throw(ChatStreamError, expected);
      try {
        createReader(input);
      } catch (error) {
        expect((error as ChatStreamError).code).to.equal('config');
      }
    });
  }

  it('gives each reply a fresh reader', () => {
    const a = createReader('openai');
    a.read(ev({ data: '[DONE]' }));
    expect(a.completeOnClose()).to.equal(true);
    expect(createReader('openai').completeOnClose()).to.equal(false);
  });

  it('flushes what it holds once', () => {
    const reader = createReader('openai');
    expect(reader.readText('<th')).to.deep.equal([]);
    reader.read(ev({ data: JSON.stringify({ choices: [{ delta: { tool_calls: [{ index: 0, id: 'a', function: { name: 'f' } }] } }] }) }));
    expect(reader.flush()).to.deep.equal([text('<th'), { type: 'tool-input-available', id: 'a', name: 'f', input: {} }]);
    expect(reader.flush()).to.deep.equal([]);
  });

  it('works without open()', () => {
    expect(createReader('auto').read(ev({ data: '{"token":"t"}' }))).to.deep.equal([text('t')]);
  });
});
