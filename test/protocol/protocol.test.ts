import { expect } from '@open-wc/testing';
import { ChatStreamError } from '../../src/errors.js';
import { createReader } from '../../src/protocol/index.js';
import type { ReadResult } from '../../src/protocol/index.js';
import type { ChatStreamEvent, ParseEventFunction } from '../../src/types.js';

type Ev = Partial<ChatStreamEvent> & { data: string };
const ev = ({ event = '', data, id = '' }: Ev): ChatStreamEvent => ({ event, data, id });
const text = (t: string): ReadResult => ({ type: 'text', text: t });
const DONE: ReadResult = { type: 'done' };
const IGNORE: ReadResult = { type: 'ignore' };

const chat = (delta: unknown) => JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] });
const anth = (type: string, rest: object = {}) => ({ event: type, data: JSON.stringify({ type, ...rest }) });
const anthDelta = (t: string) => anth('content_block_delta', { index: 0, delta: { type: 'text_delta', text: t } });

/** Runs a sequence of events through a fresh reader; a thrown error becomes `{ throws: code, message }`. */
function run(protocol: string, events: Ev[], parseEvent?: ParseEventFunction) {
  const reader = createReader(protocol, parseEvent);
  const results: unknown[] = [];
  for (const e of events) {
    try {
      results.push(reader.read(ev(e)));
    } catch (error) {
      const err = error as ChatStreamError;
      results.push({ throws: err.code, message: err.message });
      break;
    }
  }
  return { results, complete: reader.completeOnClose() };
}

interface Case {
  name: string;
  protocol: string;
  input: Ev[];
  expected: unknown[];
  /** `completeOnClose()` after the input. */
  complete: boolean;
  parseEvent?: ParseEventFunction;
}

const cases: Case[] = [
  // openai: Chat Completions
  {
    name: 'openai chat completions up to [DONE]',
    protocol: 'openai',
    input: [{ data: chat({ role: 'assistant', content: '' }) }, { data: chat({ content: 'Hel' }) }, { data: chat({ content: 'lo\n\n#' }) }, { data: chat({}) }, { data: '[DONE]' }],
    expected: [IGNORE, text('Hel'), text('lo\n\n#'), IGNORE, DONE],
    complete: true,
  },
  { name: 'openai before [DONE] is incomplete', protocol: 'openai', input: [{ data: chat({ content: 'a' }) }], expected: [text('a')], complete: false },
  { name: 'openai null content and empty choices', protocol: 'openai', input: [{ data: chat({ content: null }) }, { data: '{"choices":[],"usage":{"total_tokens":3}}' }], expected: [IGNORE, IGNORE], complete: false },
  { name: 'openai heartbeat (empty data)', protocol: 'openai', input: [{ data: '' }], expected: [IGNORE], complete: false },
  {
    name: 'openai malformed data quotes its start',
    protocol: 'openai',
    input: [{ data: '{"choices":[{"delta":{"content":"oops' }],
    expected: [{ throws: 'protocol', message: 'Not openai JSON: {"choices":[{"delta":{"content":"oops' }],
    complete: false,
  },
  {
    name: 'openai error payload',
    protocol: 'openai',
    input: [{ data: chat({ content: 'a' }) }, { data: '{"error":{"message":"The model is overloaded","type":"server_error"}}' }],
    expected: [text('a'), { throws: 'protocol', message: 'Server error: The model is overloaded' }],
    complete: false,
  },
  // openai: Responses API
  {
    name: 'openai responses API',
    protocol: 'openai',
    input: [
      { event: 'response.created', data: '{"type":"response.created","response":{}}' },
      { event: 'response.output_text.delta', data: '{"type":"response.output_text.delta","delta":"Hi"}' },
      { event: 'response.output_text.delta', data: '{"type":"response.output_text.delta","delta":""}' },
      { event: 'response.output_text.done', data: '{"type":"response.output_text.done","text":"Hi"}' },
      { event: 'response.completed', data: '{"type":"response.completed","response":{}}' },
    ],
    expected: [IGNORE, text('Hi'), IGNORE, IGNORE, DONE],
    complete: true,
  },
  {
    name: 'openai responses API typed by data only',
    protocol: 'openai',
    input: [{ data: '{"type":"response.output_text.delta","delta":"x"}' }],
    expected: [text('x')],
    complete: false,
  },
  {
    name: 'openai responses API failure',
    protocol: 'openai',
    input: [{ event: 'response.failed', data: '{"type":"response.failed","response":{"error":{"message":"quota"}}}' }],
    expected: [{ throws: 'protocol', message: 'Server error: quota' }],
    complete: false,
  },
  {
    name: 'openai responses API error event',
    protocol: 'openai',
    input: [{ event: 'error', data: '{"type":"error","code":"server_error","message":"boom"}' }],
    expected: [{ throws: 'protocol', message: 'Server error: boom' }],
    complete: false,
  },
  // anthropic
  {
    name: 'anthropic full stream',
    protocol: 'anthropic',
    input: [
      anth('message_start', { message: { id: 'm', content: [] } }),
      anth('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      anth('ping'),
      anthDelta('Hello'),
      anthDelta('\n\n## x'),
      anth('content_block_stop', { index: 0 }),
      anth('message_delta', { delta: { stop_reason: 'end_turn' } }),
      anth('message_stop'),
    ],
    expected: [IGNORE, IGNORE, IGNORE, text('Hello'), text('\n\n## x'), IGNORE, IGNORE, DONE],
    complete: true,
  },
  { name: 'anthropic before message_stop is incomplete', protocol: 'anthropic', input: [anthDelta('a')], expected: [text('a')], complete: false },
  {
    name: 'anthropic non-text deltas are not reply text',
    protocol: 'anthropic',
    input: [
      anth('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"a"' } }),
      anth('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } }),
    ],
    expected: [IGNORE, IGNORE],
    complete: false,
  },
  {
    name: 'anthropic error event fails with its message',
    protocol: 'anthropic',
    input: [anthDelta('a'), { event: 'error', data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }],
    expected: [text('a'), { throws: 'protocol', message: 'Server error: Overloaded' }],
    complete: false,
  },
  {
    name: 'anthropic malformed data',
    protocol: 'anthropic',
    input: [{ event: 'content_block_delta', data: 'not json' }],
    expected: [{ throws: 'protocol', message: 'Not anthropic JSON: not json' }],
    complete: false,
  },
  // text
  {
    name: 'text: data as it is',
    protocol: 'text',
    input: [{ data: 'Hello' }, { data: '\n\n## Title' }, { data: ' {"not":"parsed"}' }, { data: '' }],
    expected: [text('Hello'), text('\n\n## Title'), text(' {"not":"parsed"}'), IGNORE],
    complete: true,
  },
  { name: 'text: [DONE] ends', protocol: 'text', input: [{ data: 'a' }, { data: '[DONE]' }], expected: [text('a'), DONE], complete: true },
  // json
  {
    name: 'json: first string among delta, token, text, content',
    protocol: 'json',
    input: [
      { data: '{"delta":"a"}' },
      { data: '{"token":"b"}' },
      { data: '{"text":"c","content":"no"}' },
      { data: '{"content":"d"}' },
      { data: '{"delta":1,"token":"e"}' },
      { data: '{"other":"x"}' },
      { data: '"f"' },
      { data: '{"delta":""}' },
    ],
    expected: [text('a'), text('b'), text('c'), text('d'), text('e'), IGNORE, text('f'), IGNORE],
    complete: true,
  },
  { name: 'json: {done:true} ends', protocol: 'json', input: [{ data: '{"done":true}' }], expected: [DONE], complete: true },
  { name: 'json: [DONE] ends', protocol: 'json', input: [{ data: '[DONE]' }], expected: [DONE], complete: true },
  {
    name: 'json: malformed',
    protocol: 'json',
    input: [{ data: '{"delta": "a' }],
    expected: [{ throws: 'protocol', message: 'Not json JSON: {"delta": "a' }],
    complete: true,
  },
  {
    name: 'json: error payload',
    protocol: 'json',
    input: [{ data: '{"error":"rate limited"}' }],
    expected: [{ throws: 'protocol', message: 'Server error: rate limited' }],
    complete: true,
  },
  // auto
  {
    name: 'auto: openai chat, expects [DONE]',
    protocol: 'auto',
    input: [{ data: chat({ role: 'assistant' }) }, { data: chat({ content: 'x' }) }],
    expected: [IGNORE, text('x')],
    complete: false,
  },
  { name: 'auto: openai chat with [DONE]', protocol: 'auto', input: [{ data: chat({ content: 'x' }) }, { data: '[DONE]' }], expected: [text('x'), DONE], complete: true },
  {
    name: 'auto: openai responses',
    protocol: 'auto',
    input: [
      { event: 'response.output_text.delta', data: '{"type":"response.output_text.delta","delta":"r"}' },
      { event: 'response.completed', data: '{"type":"response.completed"}' },
    ],
    expected: [text('r'), DONE],
    complete: true,
  },
  { name: 'auto: anthropic, expects message_stop', protocol: 'auto', input: [anth('message_start', { message: {} }), anthDelta('y')], expected: [IGNORE, text('y')], complete: false },
  { name: 'auto: anthropic by data type alone', protocol: 'auto', input: [{ data: JSON.stringify({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'z' } }) }, { data: '{"type":"message_stop"}' }], expected: [text('z'), DONE], complete: true },
  {
    name: 'auto: anthropic error event',
    protocol: 'auto',
    input: [{ event: 'error', data: '{"type":"error","error":{"message":"Overloaded"}}' }],
    expected: [{ throws: 'protocol', message: 'Server error: Overloaded' }],
    complete: true,
  },
  {
    name: 'auto: openai error payload',
    protocol: 'auto',
    input: [{ data: '{"error":{"message":"bad key"}}' }],
    expected: [{ throws: 'protocol', message: 'Server error: bad key' }],
    complete: true,
  },
  { name: 'auto: json objects', protocol: 'auto', input: [{ data: '{"token":"t"}' }, { data: '{"status":"thinking"}' }], expected: [text('t'), IGNORE], complete: true },
  {
    name: 'auto: text, including text that is valid JSON but not an object',
    protocol: 'auto',
    input: [{ data: 'plain words' }, { data: '{not json' }, { data: '42' }, { data: '"quoted"' }, { data: '\n\n## T' }],
    expected: [text('plain words'), text('{not json'), text('42'), text('"quoted"'), text('\n\n## T')],
    complete: true,
  },
  { name: 'auto: [DONE] ends text', protocol: 'auto', input: [{ data: 'a' }, { data: '[DONE]' }], expected: [text('a'), DONE], complete: true },
  { name: 'auto: heartbeats', protocol: 'auto', input: [{ data: '' }], expected: [IGNORE], complete: true },
  // parseEvent
  {
    name: 'parseEvent: string, null, done',
    protocol: 'openai',
    parseEvent: (e) => (e.event === 'end' ? { done: true } : e.event === 'skip' ? null : `${e.data}/${e.id}`),
    input: [{ data: 'a', id: '1' }, { event: 'skip', data: 'b' }, { data: '' }, { event: 'end', data: 'x' }],
    expected: [text('a/1'), IGNORE, IGNORE, DONE],
    complete: true,
  },
  {
    name: 'parseEvent: a throw is a handler error',
    protocol: 'auto',
    parseEvent: () => {
      throw new Error('nope');
    },
    input: [{ data: 'a' }],
    expected: [{ throws: 'handler', message: 'parseEvent threw: nope' }],
    complete: true,
  },
  {
    name: 'parseEvent: anything else is a handler error',
    protocol: 'auto',
    parseEvent: (() => 42) as unknown as ParseEventFunction,
    input: [{ data: 'a' }],
    expected: [{ throws: 'handler', message: 'parseEvent returned 42' }],
    complete: true,
  },
  {
    name: 'parseEvent: undefined is a handler error',
    protocol: 'auto',
    parseEvent: (() => undefined) as unknown as ParseEventFunction,
    input: [{ data: 'a' }],
    expected: [{ throws: 'handler', message: 'parseEvent returned undefined' }],
    complete: true,
  },
  {
    name: 'parseEvent: {done:false} is a handler error',
    protocol: 'auto',
    parseEvent: (() => ({ done: false })) as unknown as ParseEventFunction,
    input: [{ data: 'a' }],
    expected: [{ throws: 'handler', message: 'parseEvent returned {"done":false}' }],
    complete: true,
  },
];

describe('protocol readers', () => {
  for (const { name, protocol, input, expected, complete, parseEvent } of cases) {
    it(name, () => {
      const { results, complete: actual } = run(protocol, input, parseEvent);
      expect(results).to.deep.equal(expected);
      expect(actual, 'completeOnClose').to.equal(complete);
    });
  }

  it('errors are ChatStreamErrors whose body previews the data', () => {
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

  for (const { input, expected } of [
    { input: 'openai-chat', expected: 'Unknown protocol "openai-chat" (auto,openai,anthropic,text,json)' },
    { input: '', expected: 'Unknown protocol "" (auto,openai,anthropic,text,json)' },
  ]) {
    it(`rejects the unknown protocol ${JSON.stringify(input)}`, () => {
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
});
