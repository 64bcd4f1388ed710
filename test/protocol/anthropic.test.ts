import { checkCases, checkThinkReplay, DONE, reasoning, text, unreadable, type Case, type Ev } from './replay.js';

const anth = (type: string, rest: object = {}): Ev => ({ event: type, data: JSON.stringify({ type, ...rest }) });
const delta = (index: number, d: object) => anth('content_block_delta', { index, delta: d });
const textDelta = (t: string) => delta(0, { type: 'text_delta', text: t });
const STOP = anth('message_stop');

const cases: Case[] = [
  {
    name: 'full stream',
    protocol: 'anthropic',
    events: [
      anth('message_start', { message: { id: 'm', content: [] } }),
      anth('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      anth('ping'),
      textDelta('Hello'),
      textDelta('\n\n## x ✓'),
      anth('content_block_stop', { index: 0 }),
      anth('message_delta', { delta: { stop_reason: 'end_turn' } }),
      STOP,
    ],
    parts: [text('Hello'), text('\n\n## x ✓'), DONE],
    complete: true,
  },
  { name: 'before message_stop is incomplete', protocol: 'anthropic', events: [textDelta('a')], parts: [text('a')], complete: false },
  {
    name: 'thinking deltas are reasoning; signature deltas are nothing',
    protocol: 'anthropic',
    events: [
      anth('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }),
      delta(0, { type: 'thinking_delta', thinking: 'Let me ' }),
      delta(0, { type: 'thinking_delta', thinking: 'see.' }),
      delta(0, { type: 'signature_delta', signature: 'EqQB' }),
      anth('content_block_stop', { index: 0 }),
      delta(1, { type: 'text_delta', text: 'Yes.' }),
      STOP,
    ],
    parts: [reasoning('Let me '), reasoning('see.'), text('Yes.'), DONE],
    complete: true,
  },
  {
    name: 'tool_use block: start, input_json_delta pieces, input at content_block_stop',
    protocol: 'anthropic',
    events: [
      textDelta('Checking.'),
      anth('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } }),
      delta(1, { type: 'input_json_delta', partial_json: '' }),
      delta(1, { type: 'input_json_delta', partial_json: '{"location": "San' }),
      delta(1, { type: 'input_json_delta', partial_json: ' Francisco"}' }),
      anth('content_block_stop', { index: 1 }),
      anth('message_delta', { delta: { stop_reason: 'tool_use' } }),
      STOP,
    ],
    parts: [
      text('Checking.'),
      { type: 'tool-input-start', id: 'toolu_1', name: 'get_weather' },
      { type: 'tool-input-delta', id: 'toolu_1', delta: '{"location": "San' },
      { type: 'tool-input-delta', id: 'toolu_1', delta: ' Francisco"}' },
      { type: 'tool-input-available', id: 'toolu_1', name: 'get_weather', input: { location: 'San Francisco' } },
      DONE,
    ],
    complete: true,
  },
  {
    name: 'tool_use block without deltas keeps its start input; an unfinished one completes at the end',
    protocol: 'anthropic',
    events: [
      anth('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 't1', name: 'now', input: { tz: 'UTC' } } }),
      anth('content_block_stop', { index: 0 }),
      anth('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 't2', name: 'f', input: {} } }),
      delta(1, { type: 'input_json_delta', partial_json: '{"a":' }),
    ],
    parts: [
      { type: 'tool-input-start', id: 't1', name: 'now' },
      { type: 'tool-input-available', id: 't1', name: 'now', input: { tz: 'UTC' } },
      { type: 'tool-input-start', id: 't2', name: 'f' },
      { type: 'tool-input-delta', id: 't2', delta: '{"a":' },
      { type: 'tool-input-available', id: 't2', name: 'f', text: '{"a":' },
    ],
    complete: false,
  },
  {
    name: 'error event fails with its message',
    protocol: 'anthropic',
    events: [textDelta('a'), { event: 'error', data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }],
    parts: [text('a')],
    complete: false,
    throws: { code: 'protocol', message: 'Server error: Overloaded' },
  },
  {
    name: 'malformed data',
    protocol: 'anthropic',
    events: [{ event: 'content_block_delta', data: 'not json' }],
    parts: [],
    complete: false,
    throws: { code: 'protocol', message: 'Not anthropic JSON: not json' },
  },
  {
    name: 'types in the data when the event name is generic',
    protocol: 'anthropic',
    events: [{ event: 'message', data: JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'z' } }) }, { data: '{"type":"message_stop"}' }],
    parts: [text('z'), DONE],
    complete: true,
  },
  {
    name: 'unknown types are nothing; JSON with no type is unreadable',
    protocol: 'anthropic',
    events: [anth('content_block_delta', { index: 0, delta: { type: 'citations_delta', citation: {} } }), anth('future_event'), { data: '{"text":"hi"}' }],
    parts: [unreadable('text')],
    complete: false,
  },
  { name: '[DONE] from a proxy ends it too', protocol: 'anthropic', events: [textDelta('a'), { data: '[DONE]' }], parts: [text('a'), DONE], complete: true },
];

describe('anthropic protocol', () => {
  checkCases(cases);
  checkThinkReplay('anthropic', textDelta, { events: [STOP], parts: [DONE] });
});
