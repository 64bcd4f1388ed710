import { checkCases, checkThinkReplay, reasoning, text, unreadable, type Case } from './replay.js';

const chunk = (parts: unknown[], rest: object = {}) => ({ data: JSON.stringify({ candidates: [{ content: { role: 'model', parts }, index: 0 }], modelVersion: 'gemini-2.5-flash', ...rest }) });

const cases: Case[] = [
  {
    name: 'text, thought parts as reasoning, close ends',
    protocol: 'gemini',
    events: [
      chunk([{ text: 'Considering the ', thought: true }]),
      chunk([{ text: 'question.', thought: true }, { text: 'Paris ' }]),
      chunk([{ text: 'it is ✓' }], { usageMetadata: { totalTokenCount: 9 } }),
      { data: JSON.stringify({ candidates: [{ content: { parts: [{ text: '' }] }, finishReason: 'STOP' }] }) },
    ],
    parts: [reasoning('Considering the '), reasoning('question.'), text('Paris '), text('it is ✓')],
    complete: true,
  },
  {
    name: 'functionCall: a whole call, numbered call-<n> unless it has an id',
    protocol: 'gemini',
    events: [chunk([{ functionCall: { name: 'get_weather', args: { city: 'Rome' } } }, { functionCall: { name: 'now' } }]), chunk([{ functionCall: { id: 'fc9', name: 'f', args: {} } }])],
    parts: [
      { type: 'tool-input-start', id: 'call-1', name: 'get_weather' },
      { type: 'tool-input-available', id: 'call-1', name: 'get_weather', input: { city: 'Rome' } },
      { type: 'tool-input-start', id: 'call-2', name: 'now' },
      { type: 'tool-input-available', id: 'call-2', name: 'now', input: {} },
      { type: 'tool-input-start', id: 'fc9', name: 'f' },
      { type: 'tool-input-available', id: 'fc9', name: 'f', input: {} },
    ],
    complete: true,
  },
  {
    name: 'error object fails the run with its message',
    protocol: 'gemini',
    events: [chunk([{ text: 'a' }]), { data: '{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}' }],
    parts: [text('a')],
    complete: true,
    throws: { code: 'protocol', message: 'Server error: The model is overloaded.' },
  },
  {
    name: 'usage-only and blocked-prompt chunks are nothing; other objects are unreadable',
    protocol: 'gemini',
    events: [{ data: '{"usageMetadata":{"promptTokenCount":3}}' }, { data: '{"promptFeedback":{"blockReason":"SAFETY"}}' }, { data: '{"output":"x"}' }, { data: '{"candidates":[]}' }],
    parts: [unreadable('output')],
    complete: true,
  },
  {
    name: 'auto recognises candidates',
    protocol: 'auto',
    events: [chunk([{ text: 'Hi', thought: true }, { text: 'there' }])],
    parts: [reasoning('Hi'), text('there')],
    complete: true,
  },
];

describe('gemini protocol', () => {
  checkCases(cases);
  checkThinkReplay('gemini', (piece) => chunk([{ text: piece }]), { events: [], parts: [] });
});
