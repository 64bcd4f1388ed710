import { checkCases, checkThinkReplay, DONE, reasoning, text, unreadable, type Case } from './replay.js';

const NDJSON = { format: 'ndjson' as const };
const line = (value: object) => ({ data: JSON.stringify(value) });
const chat = (content: string, rest: object = {}) => line({ model: 'qwen3', created_at: '2026-12-06T10:00:00Z', message: { role: 'assistant', content, ...rest }, done: false });

const cases: Case[] = [
  {
    name: 'Ollama /api/chat: message.content, message.thinking, done ends',
    protocol: 'auto',
    info: NDJSON,
    events: [
      chat('', { thinking: 'The user ' }),
      chat('', { thinking: 'says hi.' }),
      chat('Hello'),
      chat(' there ✓'),
      line({ model: 'qwen3', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', eval_count: 9 }),
    ],
    parts: [reasoning('The user '), reasoning('says hi.'), text('Hello'), text(' there ✓'), DONE],
    complete: true,
  },
  {
    name: 'Ollama /api/generate: response and thinking',
    protocol: 'json',
    info: NDJSON,
    events: [line({ thinking: 'Hm.', response: '', done: false }), line({ response: 'Yes', done: false }), line({ response: '.', done: true })],
    parts: [reasoning('Hm.'), text('Yes'), text('.'), DONE],
    complete: true,
  },
  {
    name: 'the json fields come first; a close without done is complete',
    protocol: 'auto',
    info: NDJSON,
    events: [line({ token: 'a', response: 'no' }), line({ delta: 'b' }), line({ content: null })],
    parts: [text('a'), text('b')],
    complete: true,
  },
  {
    name: 'error lines fail the run',
    protocol: 'auto',
    info: NDJSON,
    events: [line({ error: 'model "x" not found, try pulling it first' })],
    parts: [],
    complete: true,
    throws: { code: 'protocol', message: 'Server error: model "x" not found, try pulling it first' },
  },
  {
    name: 'lines with none of the known fields are unreadable',
    protocol: 'auto',
    info: NDJSON,
    events: [line({ status: 'pulling manifest' }), line({ done: false })],
    parts: [unreadable('status')],
    complete: true,
  },
  {
    name: 'an SSE body keeps the json rules (no response, no message.content)',
    protocol: 'json',
    events: [line({ response: 'x' })],
    parts: [unreadable('response')],
    complete: true,
  },
  {
    name: 'OpenAI chunks sent as NDJSON are still OpenAI under auto',
    protocol: 'auto',
    info: NDJSON,
    events: [line({ choices: [{ delta: { content: 'o' } }] }), { data: '[DONE]' }],
    parts: [text('o'), DONE],
    complete: true,
  },
];

describe('ndjson bodies', () => {
  checkCases(cases);
  checkThinkReplay('auto', (piece) => chat(piece), { events: [line({ message: { content: '' }, done: true })], parts: [DONE] }, NDJSON);
});
