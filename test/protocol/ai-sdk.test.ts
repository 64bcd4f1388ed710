import { checkCases, checkThinkReplay, DONE, reasoning, text, unreadable, type Case, type Ev } from './replay.js';

const part = (type: string, rest: object = {}): Ev => ({ data: JSON.stringify({ type, ...rest }) });
const HEADER = { headers: { 'x-vercel-ai-ui-message-stream': 'v1' } };

const cases: Case[] = [
  {
    name: 'a whole UI message stream',
    protocol: 'ai-sdk',
    events: [
      part('start', { messageId: 'm1' }),
      part('start-step'),
      part('reasoning-start', { id: 'r' }),
      part('reasoning-delta', { id: 'r', delta: 'Weather needs ' }),
      part('reasoning-delta', { id: 'r', delta: 'a tool.' }),
      part('reasoning-end', { id: 'r' }),
      part('tool-input-start', { toolCallId: 'c1', toolName: 'weather' }),
      part('tool-input-delta', { toolCallId: 'c1', inputTextDelta: '{"city":' }),
      part('tool-input-delta', { toolCallId: 'c1', inputTextDelta: '"Oslo"}' }),
      part('tool-input-available', { toolCallId: 'c1', toolName: 'weather', input: { city: 'Oslo' } }),
      part('tool-output-available', { toolCallId: 'c1', output: { temperature: -3 } }),
      part('finish-step'),
      part('text-start', { id: 't' }),
      part('text-delta', { id: 't', delta: 'It is ' }),
      part('text-delta', { id: 't', delta: '−3 °C ✓' }),
      part('text-end', { id: 't' }),
      part('source-url', { sourceId: 's1', url: 'https://met.no', title: 'MET Norway' }),
      part('source-url', { sourceId: 's2', url: 'https://yr.no' }),
      part('data-weather', { data: { x: 1 } }),
      part('finish'),
      { data: '[DONE]' },
    ],
    parts: [
      reasoning('Weather needs '),
      reasoning('a tool.'),
      { type: 'tool-input-start', id: 'c1', name: 'weather' },
      { type: 'tool-input-delta', id: 'c1', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'c1', delta: '"Oslo"}' },
      { type: 'tool-input-available', id: 'c1', name: 'weather', input: { city: 'Oslo' } },
      { type: 'tool-output-available', id: 'c1', output: { temperature: -3 } },
      text('It is '),
      text('−3 °C ✓'),
      { type: 'source', url: 'https://met.no', title: 'MET Norway' },
      { type: 'source', url: 'https://yr.no' },
      DONE,
      DONE,
    ],
    complete: true,
  },
  {
    name: 'a call that streams no input starts at its input; a failing tool',
    protocol: 'ai-sdk',
    events: [part('tool-input-available', { toolCallId: 'c2', toolName: 'now', input: {} }), part('tool-output-error', { toolCallId: 'c2', errorText: 'clock broke' })],
    parts: [
      { type: 'tool-input-start', id: 'c2', name: 'now' },
      { type: 'tool-input-available', id: 'c2', name: 'now', input: {} },
      { type: 'tool-output-error', id: 'c2', errorText: 'clock broke' },
    ],
    complete: false,
  },
  {
    name: 'tool-input-error shows the input and fails the call',
    protocol: 'ai-sdk',
    events: [part('tool-input-error', { toolCallId: 'c3', toolName: 'f', input: { bad: true }, errorText: 'Invalid input' })],
    parts: [
      { type: 'tool-input-start', id: 'c3', name: 'f' },
      { type: 'tool-input-available', id: 'c3', name: 'f', input: { bad: true } },
      { type: 'tool-output-error', id: 'c3', errorText: 'Invalid input' },
    ],
    complete: false,
  },
  {
    name: 'error fails the run with its errorText',
    protocol: 'ai-sdk',
    events: [part('text-delta', { id: 't', delta: 'a' }), part('error', { errorText: 'Rate limit reached' })],
    parts: [text('a')],
    complete: false,
    throws: { code: 'protocol', message: 'Server error: Rate limit reached' },
  },
  { name: '[DONE] ends', protocol: 'ai-sdk', events: [part('text-delta', { delta: 'a' }), { data: '[DONE]' }], parts: [text('a'), DONE], complete: true },
  { name: 'a close before finish is incomplete', protocol: 'ai-sdk', events: [part('text-delta', { delta: 'a' })], parts: [text('a')], complete: false },
  { name: 'JSON without a type is unreadable; unknown types are nothing', protocol: 'ai-sdk', events: [{ data: '{"delta":"x"}' }, part('future-part')], parts: [unreadable('delta')], complete: false },
  {
    name: 'malformed data',
    protocol: 'ai-sdk',
    events: [{ data: '{"type":"text-delta",' }],
    parts: [],
    complete: false,
    throws: { code: 'protocol', message: 'Not ai-sdk JSON: {"type":"text-delta",' },
  },
  {
    name: 'auto: recognised by the response header',
    protocol: 'auto',
    info: HEADER,
    events: [part('text-delta', { delta: 'a' }), { data: '{"type":"custom"}' }],
    parts: [text('a')],
    complete: false,
  },
  {
    name: 'auto: recognised by its typed parts',
    protocol: 'auto',
    events: [part('start'), part('text-delta', { delta: 'b' }), part('finish')],
    parts: [text('b'), DONE],
    complete: true,
  },
  {
    name: 'auto: its error part',
    protocol: 'auto',
    events: [part('error', { errorText: 'Nope' })],
    parts: [],
    complete: false,
    throws: { code: 'protocol', message: 'Server error: Nope' },
  },
];

describe('ai-sdk protocol', () => {
  checkCases(cases);
  checkThinkReplay('ai-sdk', (piece) => part('text-delta', { id: 't', delta: piece }), { events: [part('finish')], parts: [DONE] });
  checkThinkReplay('auto', (piece) => part('text-delta', { id: 't', delta: piece }), { events: [part('finish')], parts: [DONE] }, HEADER);
});
