import { expect } from '@open-wc/testing';
import { buildDefaultRequest, toWireRequest, withQuery, type RequestConfig } from '../src/request.js';

const conversation = [
  { role: 'user' as const, content: 'Hi' },
  { role: 'assistant' as const, content: 'Hello!' },
  { role: 'user' as const, content: 'Tell me a joke' },
];

const base: RequestConfig = { endpoint: '/api/chat', method: 'POST', protocol: 'auto', messages: conversation };

describe('buildDefaultRequest', () => {
  const cases: { name: string; config: Partial<RequestConfig>; expected: unknown }[] = [
    {
      name: 'plain POST',
      config: {},
      expected: { url: '/api/chat', method: 'POST', body: { messages: conversation, stream: true } },
    },
    {
      name: 'model and body fields',
      config: { model: 'gpt-x', body: { temperature: 0.2 } },
      expected: { url: '/api/chat', method: 'POST', body: { messages: conversation, stream: true, model: 'gpt-x', temperature: 0.2 } },
    },
    {
      name: 'system as a first message',
      config: { system: 'Be brief' },
      expected: { url: '/api/chat', method: 'POST', body: { messages: [{ role: 'system', content: 'Be brief' }, ...conversation], stream: true } },
    },
    {
      name: 'anthropic: top-level system and max_tokens',
      config: { system: 'Be brief', protocol: 'anthropic', model: 'claude' },
      expected: { url: '/api/chat', method: 'POST', body: { system: 'Be brief', messages: conversation, stream: true, model: 'claude', max_tokens: 1024 } },
    },
    {
      name: 'anthropic: body overrides max_tokens',
      config: { protocol: 'anthropic', body: { max_tokens: 50 } },
      expected: { url: '/api/chat', method: 'POST', body: { messages: conversation, stream: true, max_tokens: 50 } },
    },
    {
      name: 'GET puts the newest user message in ?prompt',
      config: { method: 'GET', endpoint: '/api/chat?x=1#frag' },
      expected: { url: '/api/chat?x=1&prompt=Tell%20me%20a%20joke', method: 'GET' },
    },
  ];
  for (const { name, config, expected } of cases) {
    it(name, () => {
      const spec = buildDefaultRequest({ ...base, ...config });
      const { headers, ...rest } = spec;
      expect(rest).to.deep.equal(expected);
      expect(headers?.Accept).to.equal('text/event-stream');
      if (spec.method === 'POST') expect(headers?.['Content-Type']).to.equal('application/json');
      else expect(headers).not.to.have.property('Content-Type');
    });
  }

  it('merges the headers property', () => {
    const spec = buildDefaultRequest({ ...base, headers: { Authorization: 'Bearer t' } });
    expect(spec.headers).to.deep.equal({ 'Content-Type': 'application/json', Accept: 'text/event-stream', Authorization: 'Bearer t' });
  });

  it('does not share the caller’s messages array', () => {
    const messages = conversation.slice();
    const spec = buildDefaultRequest({ ...base, messages, system: 'S' });
    expect(messages.length).to.equal(3);
    expect((spec.body as { messages: unknown[] }).messages.length).to.equal(4);
  });
});

describe('toWireRequest', () => {
  const cases = [
    { spec: { url: '/a', body: { x: 1 } }, expected: { url: '/a', method: 'POST', headers: { Accept: 'text/event-stream', 'Content-Type': 'application/json' }, body: '{"x":1}' } },
    { spec: { url: '/a', method: 'get' }, expected: { url: '/a', method: 'GET', headers: { Accept: 'text/event-stream' } } },
    { spec: { url: '/a', method: 'PUT', body: 'raw', headers: { accept: 'text/plain' } }, expected: { url: '/a', method: 'PUT', headers: { accept: 'text/plain' }, body: 'raw' } },
    { spec: { url: '/a', method: 'GET', body: { ignored: true } }, expected: { url: '/a', method: 'GET', headers: { Accept: 'text/event-stream' } } },
  ];
  for (const { spec, expected } of cases) {
    it(`${spec.method ?? 'default'} ${JSON.stringify(spec.body)}`, () => {
      expect(toWireRequest(spec)).to.deep.equal(expected);
    });
  }
  it('rejects a spec without url', () => {
    expect(() => toWireRequest({ url: '' })).to.throw(/url/);
    expect(() => toWireRequest(undefined as never)).to.throw(/url/);
  });
});

describe('withQuery', () => {
  for (const [url, expected] of [
    ['/x', '/x?prompt=a%20b'],
    ['/x?', '/x?prompt=a%20b'],
    ['/x?y=1', '/x?y=1&prompt=a%20b'],
    ['https://h.example/x#top', 'https://h.example/x?prompt=a%20b'],
  ]) {
    it(url!, () => expect(withQuery(url!, 'prompt', 'a b')).to.equal(expected));
  }
});
