import { checkCases, checkThinkReplay, DONE, text, unreadable, type Case } from './replay.js';

const cases: Case[] = [
  {
    name: 'first string among delta, token, text, content',
    protocol: 'json',
    events: [
      { data: '{"delta":"a"}' },
      { data: '{"token":"b"}' },
      { data: '{"text":"c","content":"no"}' },
      { data: '{"content":"d ✓"}' },
      { data: '{"delta":1,"token":"e"}' },
      { data: '"f"' },
      { data: '{"delta":""}' },
      { data: '{"content":null}' },
      { data: '{"done":false}' },
      { data: '[1,2]' },
    ],
    parts: [text('a'), text('b'), text('c'), text('d ✓'), text('e'), text('f')],
    complete: true,
  },
  { name: 'an object with none of the known fields is unreadable', protocol: 'json', events: [{ data: '{"other":"x","status":1}' }], parts: [unreadable('other', 'status')], complete: true },
  {
    name: 'unreadable lists at most 10 keys',
    protocol: 'json',
    events: [{ data: JSON.stringify(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]))) }],
    parts: [unreadable(...Array.from({ length: 10 }, (_, i) => `k${i}`))],
    complete: true,
  },
  { name: '{done:true} ends', protocol: 'json', events: [{ data: '{"done":true}' }], parts: [DONE], complete: true },
  { name: '{done:true} with text is text', protocol: 'json', events: [{ data: '{"done":true,"text":"t"}' }], parts: [text('t')], complete: true },
  { name: '[DONE] ends', protocol: 'json', events: [{ data: '[DONE]' }], parts: [DONE], complete: true },
  {
    name: 'malformed',
    protocol: 'json',
    events: [{ data: '{"delta": "a' }],
    parts: [],
    complete: true,
    throws: { code: 'protocol', message: 'Not json JSON: {"delta": "a' },
  },
  {
    name: 'error payload',
    protocol: 'json',
    events: [{ data: '{"error":"rate limited"}' }],
    parts: [],
    complete: true,
    throws: { code: 'protocol', message: 'Server error: rate limited' },
  },
  {
    name: 'error object without a message is previewed',
    protocol: 'json',
    events: [{ data: '{"error":{"code":429}}' }],
    parts: [],
    complete: true,
    throws: { code: 'protocol', message: 'Server error: {"code":429}' },
  },
];

describe('json protocol', () => {
  checkCases(cases);
  checkThinkReplay('json', (piece) => ({ data: JSON.stringify({ token: piece }) }), { events: [{ data: '{"done":true}' }], parts: [DONE] });
});
