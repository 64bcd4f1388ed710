import { checkCases, checkThinkReplay, DONE, reasoning, text, unreadable, type Case, type Ev } from './replay.js';

const chat = (delta: unknown, finish: string | null = null) => ({ data: JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] }) });
const tools = (...calls: unknown[]) => chat({ tool_calls: calls });
const responses = (type: string, rest: object = {}): Ev => ({ event: type, data: JSON.stringify({ type, ...rest }) });
const DONE_EVENT = { data: '[DONE]' };

const cases: Case[] = [
  // Chat Completions
  {
    name: 'chat completions up to [DONE]',
    protocol: 'openai',
    events: [chat({ role: 'assistant', content: '' }), chat({ content: 'Hel' }), chat({ content: 'lo\n\n# é✓' }), chat({}), DONE_EVENT],
    parts: [text('Hel'), text('lo\n\n# é✓'), DONE],
    complete: true,
  },
  { name: 'before [DONE] is incomplete', protocol: 'openai', events: [chat({ content: 'a' })], parts: [text('a')], complete: false },
  {
    name: 'null content, empty choices, usage-only chunks are nothing',
    protocol: 'openai',
    events: [chat({ content: null }), { data: '{"choices":[],"usage":{"total_tokens":3}}' }, { data: '{"usage":{"total_tokens":3}}' }],
    parts: [],
    complete: false,
  },
  { name: 'heartbeat (empty data)', protocol: 'openai', events: [{ data: '' }], parts: [], complete: false },
  {
    name: 'malformed data quotes its start',
    protocol: 'openai',
    events: [{ data: '{"choices":[{"delta":{"content":"oops' }],
    parts: [],
    complete: false,
    throws: { code: 'protocol', message: 'Not openai JSON: {"choices":[{"delta":{"content":"oops' },
  },
  {
    name: 'error payload',
    protocol: 'openai',
    events: [chat({ content: 'a' }), { data: '{"error":{"message":"The model is overloaded","type":"server_error"}}' }],
    parts: [text('a')],
    complete: false,
    throws: { code: 'protocol', message: 'Server error: The model is overloaded' },
  },
  {
    name: 'reasoning_content (DeepSeek) and reasoning (OpenRouter) are reasoning',
    protocol: 'openai',
    events: [chat({ reasoning_content: 'Let me ' }), chat({ reasoning: 'think.' }), chat({ reasoning_content: '', content: 'Answer' }), DONE_EVENT],
    parts: [reasoning('Let me '), reasoning('think.'), text('Answer'), DONE],
    complete: true,
  },
  {
    name: 'tool calls by index: started, argument pieces, input available when the choice finishes',
    protocol: 'openai',
    events: [
      chat({ role: 'assistant', content: 'Let me check.' }),
      tools({ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }),
      tools({ index: 0, function: { arguments: '{"city":' } }),
      tools({ index: 0, function: { arguments: '"Paris"}' } }),
      tools({ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } }),
      chat({}, 'tool_calls'),
      DONE_EVENT,
    ],
    parts: [
      text('Let me check.'),
      { type: 'tool-input-start', id: 'call_a', name: 'get_weather' },
      { type: 'tool-input-delta', id: 'call_a', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'call_a', delta: '"Paris"}' },
      { type: 'tool-input-start', id: 'call_b', name: 'get_time' },
      { type: 'tool-input-delta', id: 'call_b', delta: '{}' },
      { type: 'tool-input-available', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool-input-available', id: 'call_b', name: 'get_time', input: {} },
      DONE,
    ],
    complete: true,
  },
  {
    name: 'tool call whose arguments never parse: no input, the raw text, at [DONE]',
    protocol: 'openai',
    events: [tools({ index: 0, id: 'call_x', function: { name: 'search', arguments: '{"q": "Par' } }), DONE_EVENT],
    parts: [
      { type: 'tool-input-start', id: 'call_x', name: 'search' },
      { type: 'tool-input-delta', id: 'call_x', delta: '{"q": "Par' },
      { type: 'tool-input-available', id: 'call_x', name: 'search', text: '{"q": "Par' },
      DONE,
    ],
    complete: true,
  },
  {
    name: 'tool call without id or arguments gets call-1 and {} at the end of the body',
    protocol: 'openai',
    events: [tools({ index: 0, function: { name: 'now' } })],
    parts: [
      { type: 'tool-input-start', id: 'call-1', name: 'now' },
      { type: 'tool-input-available', id: 'call-1', name: 'now', input: {} },
    ],
    complete: false,
  },
  {
    name: 'a new id at a reused index is a new call',
    protocol: 'openai',
    events: [tools({ index: 0, id: 'a', function: { name: 'f', arguments: '{"n":1}' } }), tools({ index: 0, id: 'b', function: { name: 'f', arguments: '{"n":2}' } }), chat({}, 'tool_calls')],
    parts: [
      { type: 'tool-input-start', id: 'a', name: 'f' },
      { type: 'tool-input-delta', id: 'a', delta: '{"n":1}' },
      { type: 'tool-input-available', id: 'a', name: 'f', input: { n: 1 } },
      { type: 'tool-input-start', id: 'b', name: 'f' },
      { type: 'tool-input-delta', id: 'b', delta: '{"n":2}' },
      { type: 'tool-input-available', id: 'b', name: 'f', input: { n: 2 } },
    ],
    complete: false,
  },
  {
    name: 'an object with no choices, usage or type is unreadable; JSON that is not an object is nothing',
    protocol: 'openai',
    events: [{ data: '{"output":"hi","meta":{}}' }, { data: '42' }, { data: '{"type":"keepalive"}' }],
    parts: [unreadable('output', 'meta')],
    complete: false,
  },
  // Responses API
  {
    name: 'responses API text',
    protocol: 'openai',
    events: [
      responses('response.created', { response: {} }),
      responses('response.output_text.delta', { delta: 'Hi' }),
      responses('response.output_text.delta', { delta: '' }),
      responses('response.output_text.done', { text: 'Hi' }),
      responses('response.completed', { response: {} }),
    ],
    parts: [text('Hi'), DONE],
    complete: true,
  },
  { name: 'responses API typed by data only', protocol: 'openai', events: [{ data: '{"type":"response.output_text.delta","delta":"x"}' }], parts: [text('x')], complete: false },
  {
    name: 'responses API failure',
    protocol: 'openai',
    events: [responses('response.failed', { response: { error: { message: 'quota' } } })],
    parts: [],
    complete: false,
    throws: { code: 'protocol', message: 'Server error: quota' },
  },
  {
    name: 'responses API error event',
    protocol: 'openai',
    events: [{ event: 'error', data: '{"type":"error","code":"server_error","message":"boom"}' }],
    parts: [],
    complete: false,
    throws: { code: 'protocol', message: 'Server error: boom' },
  },
  {
    name: 'responses API reasoning summary and reasoning text',
    protocol: 'openai',
    events: [
      responses('response.reasoning_summary_text.delta', { item_id: 'rs', delta: '**Plan** ' }),
      responses('response.reasoning_text.delta', { item_id: 'rs', delta: 'step one' }),
      responses('response.reasoning_summary_text.done', { text: '**Plan** ' }),
      responses('response.output_text.delta', { delta: 'Done.' }),
      responses('response.incomplete', { response: {} }),
    ],
    parts: [reasoning('**Plan** '), reasoning('step one'), text('Done.'), DONE],
    complete: true,
  },
  {
    name: 'responses API function call',
    protocol: 'openai',
    events: [
      responses('response.output_item.added', { output_index: 0, item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'lookup', arguments: '' } }),
      responses('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 0, delta: '{"q":' }),
      responses('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 0, delta: '"x"}' }),
      responses('response.function_call_arguments.done', { item_id: 'fc_1', output_index: 0, arguments: '{"q":"x"}' }),
      responses('response.output_item.done', { output_index: 0, item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' } }),
      responses('response.completed', { response: {} }),
    ],
    parts: [
      { type: 'tool-input-start', id: 'call_1', name: 'lookup' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"q":' },
      { type: 'tool-input-delta', id: 'call_1', delta: '"x"}' },
      { type: 'tool-input-available', id: 'call_1', name: 'lookup', input: { q: 'x' } },
      DONE,
    ],
    complete: true,
  },
  {
    name: 'responses API function call completed by response.completed',
    protocol: 'openai',
    events: [
      responses('response.output_item.added', { output_index: 1, item: { type: 'function_call', call_id: 'call_2', name: 'f' } }),
      responses('response.function_call_arguments.delta', { output_index: 1, delta: '{"a":1}' }),
      responses('response.completed', { response: {} }),
    ],
    parts: [
      { type: 'tool-input-start', id: 'call_2', name: 'f' },
      { type: 'tool-input-delta', id: 'call_2', delta: '{"a":1}' },
      { type: 'tool-input-available', id: 'call_2', name: 'f', input: { a: 1 } },
      DONE,
    ],
    complete: true,
  },
  {
    name: 'responses API url_citation annotations are sources; other annotations are not',
    protocol: 'openai',
    events: [
      responses('response.output_text.delta', { delta: 'See [1].' }),
      responses('response.output_text.annotation.added', { annotation: { type: 'url_citation', url: 'https://example.com/a', title: 'Example A', start_index: 4, end_index: 7 } }),
      responses('response.output_text.annotation.added', { annotation: { type: 'url_citation', url: 'https://example.com/b' } }),
      responses('response.output_text.annotation.added', { annotation: { type: 'file_citation', file_id: 'f' } }),
      responses('response.completed'),
    ],
    parts: [text('See [1].'), { type: 'source', url: 'https://example.com/a', title: 'Example A' }, { type: 'source', url: 'https://example.com/b' }, DONE],
    complete: true,
  },
  {
    name: '<think> in chat content is reasoning',
    protocol: 'openai',
    events: [chat({ content: '<think>hmm' }), chat({ content: '</think>Hi' }), DONE_EVENT],
    parts: [reasoning('hmm'), text('Hi'), DONE],
    complete: true,
  },
];

describe('openai protocol', () => {
  checkCases(cases);
  checkThinkReplay('openai', (piece) => chat({ content: piece }), { events: [DONE_EVENT], parts: [DONE] });
  checkThinkReplay('openai', (piece) => responses('response.output_text.delta', { delta: piece }), { events: [responses('response.completed')], parts: [DONE] });
});
