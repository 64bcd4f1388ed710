import { expect } from '@open-wc/testing';
import { loadConversation, saveConversation, STORAGE_VERSION } from '../src/storage.js';

function memory(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('storage', () => {
  let warnings: unknown[][];
  const originalWarn = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => void warnings.push(args);
  });
  afterEach(() => {
    console.warn = originalWarn;
  });

  it('round-trips a conversation in a versioned format', () => {
    const s = memory();
    const messages = [{ role: 'user' as const, content: 'hi' }, { role: 'assistant' as const, content: 'yo' }];
    saveConversation(s, 'k', messages);
    expect(JSON.parse(s.data.get('k')!)).to.deep.equal({ v: STORAGE_VERSION, messages });
    expect(loadConversation(s, 'k')).to.deep.equal(messages);
    expect(warnings).to.have.length(0);
  });

  it('returns undefined without a warning when nothing is stored', () => {
    expect(loadConversation(memory(), 'k')).to.equal(undefined);
    expect(warnings).to.have.length(0);
  });

  const corrupt = {
    'not JSON': '{oops',
    'another version': JSON.stringify({ v: 99, messages: [] }),
    'no version': JSON.stringify([{ role: 'user', content: 'x' }]),
    'bad message': JSON.stringify({ v: STORAGE_VERSION, messages: [{ role: 'robot', content: 'x' }] }),
    'null': 'null',
  };
  for (const [name, raw] of Object.entries(corrupt)) {
    it(`ignores ${name} with a warning`, () => {
      expect(loadConversation(memory({ k: raw }), 'k')).to.equal(undefined);
      expect(warnings).to.have.length(1);
    });
  }

  it('removes the key for an empty conversation and survives a throwing storage', () => {
    const s = memory({ k: 'x' });
    saveConversation(s, 'k', []);
    expect(s.data.has('k')).to.equal(false);
    const broken = { setItem: () => { throw new Error('quota'); }, removeItem: () => {}, getItem: () => { throw new Error('denied'); } };
    expect(() => saveConversation(broken, 'k', [{ role: 'user', content: 'x' }])).not.to.throw();
    expect(loadConversation(broken, 'k')).to.equal(undefined);
    expect(warnings).to.have.length(2);
  });
});
