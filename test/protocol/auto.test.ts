import { checkCases, DONE, reasoning, text, unreadable, type Case, type Ev } from './replay.js';

const chat = (delta: unknown) => ({ data: JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] }) });
const anth = (type: string, rest: object = {}): Ev => ({ event: type, data: JSON.stringify({ type, ...rest }) });
const anthDelta = (t: string) => anth('content_block_delta', { index: 0, delta: { type: 'text_delta', text: t } });

const cases: Case[] = [
  { name: 'openai chat, expects [DONE]', protocol: 'auto', events: [chat({ role: 'assistant' }), chat({ content: 'x' })], parts: [text('x')], complete: false },
  { name: 'openai chat with [DONE]', protocol: 'auto', events: [chat({ content: 'x' }), { data: '[DONE]' }], parts: [text('x'), DONE], complete: true },
  {
    name: 'openai chat reasoning and tool calls',
    protocol: 'auto',
    events: [chat({ reasoning_content: 'r' }), chat({ tool_calls: [{ index: 0, id: 'k', function: { name: 'f', arguments: '{}' } }] }), { data: '[DONE]' }],
    parts: [
      reasoning('r'),
      { type: 'tool-input-start', id: 'k', name: 'f' },
      { type: 'tool-input-delta', id: 'k', delta: '{}' },
      { type: 'tool-input-available', id: 'k', name: 'f', input: {} },
      DONE,
    ],
    complete: true,
  },
  {
    name: 'openai responses',
    protocol: 'auto',
    events: [
      { event: 'response.output_text.delta', data: '{"type":"response.output_text.delta","delta":"r"}' },
      { event: 'response.completed', data: '{"type":"response.completed"}' },
    ],
    parts: [text('r'), DONE],
    complete: true,
  },
  { name: 'anthropic, expects message_stop', protocol: 'auto', events: [anth('message_start', { message: {} }), anthDelta('y')], parts: [text('y')], complete: false },
  {
    name: 'anthropic by data type alone',
    protocol: 'auto',
    events: [{ data: JSON.stringify({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'z' } }) }, { data: '{"type":"message_stop"}' }],
    parts: [text('z'), DONE],
    complete: true,
  },
  {
    name: 'anthropic thinking',
    protocol: 'auto',
    events: [anth('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'hm' } }), anth('message_stop')],
    parts: [reasoning('hm'), DONE],
    complete: true,
  },
  {
    name: 'anthropic error event',
    protocol: 'auto',
    events: [{ event: 'error', data: '{"type":"error","error":{"message":"Overloaded"}}' }],
    parts: [],
    complete: true,
    throws: { code: 'protocol', message: 'Server error: Overloaded' },
  },
  {
    name: 'openai error payload',
    protocol: 'auto',
    events: [{ data: '{"error":{"message":"bad key"}}' }],
    parts: [],
    complete: true,
    throws: { code: 'protocol', message: 'Server error: bad key' },
  },
  {
    name: 'json objects; one with no known field is unreadable',
    protocol: 'auto',
    events: [{ data: '{"token":"t"}' }, { data: '{"status":"thinking"}' }],
    parts: [text('t'), unreadable('status')],
    complete: true,
  },
  {
    name: 'text, including text that is valid JSON but not an object',
    protocol: 'auto',
    events: [{ data: 'plain words' }, { data: '{not json' }, { data: '42' }, { data: '"quoted"' }, { data: '\n\n## T ✓' }],
    parts: [text('plain words'), text('{not json'), text('42'), text('"quoted"'), text('\n\n## T ✓')],
    complete: true,
  },
  { name: '[DONE] ends text', protocol: 'auto', events: [{ data: 'a' }, { data: '[DONE]' }], parts: [text('a'), DONE], complete: true },
  { name: 'heartbeats', protocol: 'auto', events: [{ data: '' }], parts: [], complete: true },
  {
    name: '<think> in text events',
    protocol: 'auto',
    events: [{ data: '<think>' }, { data: 'plan' }, { data: '</think>' }, { data: 'Answer' }],
    parts: [reasoning('plan'), text('Answer')],
    complete: true,
  },
];

describe('auto protocol', () => {
  checkCases(cases);
});
