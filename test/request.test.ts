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
      name: 'ai-sdk: the useChat body, with generated message ids, system first, model and body fields',
      config: { protocol: 'ai-sdk', chatId: 'chat-1', system: 'Be brief', model: 'gpt-x', body: { temperature: 0.2 } },
      expected: {
        url: '/api/chat',
        method: 'POST',
        body: {
          id: 'chat-1',
          messages: [
            { id: 'message-system', role: 'system', parts: [{ type: 'text', text: 'Be brief' }] },
            { id: 'message-0', role: 'user', parts: [{ type: 'text', text: 'Hi' }] },
            { id: 'message-1', role: 'assistant', parts: [{ type: 'text', text: 'Hello!' }] },
            { id: 'message-2', role: 'user', parts: [{ type: 'text', text: 'Tell me a joke' }] },
          ],
          trigger: 'submit-message',
          model: 'gpt-x',
          temperature: 0.2,
        },
      },
    },
    {
      name: 'ai-sdk: a regenerate keeps the given ids and names the replaced message',
      config: { protocol: 'ai-sdk', chatId: 'c', trigger: 'regenerate-message', messageId: 'msg-9', messages: [{ id: 'msg-7', role: 'user', content: 'Hi' }] },
      expected: {
        url: '/api/chat',
        method: 'POST',
        body: { id: 'c', messages: [{ id: 'msg-7', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }], trigger: 'regenerate-message', messageId: 'msg-9' },
      },
    },
    {
      name: 'gemini: contents with user and model roles, systemInstruction, body fields; no model, messages or stream',
      config: { protocol: 'gemini', system: 'Be brief', model: 'gemini-2.5-flash', body: { generationConfig: { temperature: 0 } } },
      expected: {
        url: '/api/chat',
        method: 'POST',
        body: {
          contents: [
            { role: 'user', parts: [{ text: 'Hi' }] },
            { role: 'model', parts: [{ text: 'Hello!' }] },
            { role: 'user', parts: [{ text: 'Tell me a joke' }] },
          ],
          systemInstruction: { parts: [{ text: 'Be brief' }] },
          generationConfig: { temperature: 0 },
        },
      },
    },
    {
      name: 'gemini: no systemInstruction without system; system messages are left out',
      config: { protocol: 'gemini', messages: [{ role: 'system', content: 'old' }, { role: 'user', content: 'Hi' }] },
      expected: { url: '/api/chat', method: 'POST', body: { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] } },
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

  const rich = [
    { id: 'm1', role: 'user' as const, content: 'Hi' },
    { id: 'm2', role: 'assistant' as const, content: 'Hello!', reasoning: 'The user greets me.', toolCalls: [{ id: 't', name: 'f', input: {} }] },
  ];
  for (const protocol of ['auto', 'openai', 'anthropic', 'json', 'text', 'ai-sdk', 'gemini']) {
    it(`${protocol}: sends back only role and content, never reasoning or tool calls`, () => {
      const body = JSON.stringify(buildDefaultRequest({ ...base, protocol, messages: rich, chatId: 'c' }).body);
      expect(body).not.to.match(/reasoning|toolCalls|greets/);
      expect(body).to.include('Hello!');
    });
  }

  it('keeps the openai and anthropic bodies byte for byte', () => {
    const openai = buildDefaultRequest({ ...base, protocol: 'openai', model: 'm', system: 'S', body: { x: 1 } }).body;
    expect(JSON.stringify(openai)).to.equal(
      '{"messages":[{"role":"system","content":"S"},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"},{"role":"user","content":"Tell me a joke"}],"stream":true,"model":"m","x":1}',
    );
    const anthropic = buildDefaultRequest({ ...base, protocol: 'anthropic', model: 'm', system: 'S', messages: rich }).body;
    expect(JSON.stringify(anthropic)).to.equal('{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"}],"stream":true,"model":"m","max_tokens":1024,"system":"S"}');
  });

  it('ai-sdk: a chat id is made when none is given', () => {
    const { id } = buildDefaultRequest({ ...base, protocol: 'ai-sdk' }).body as { id: unknown };
    expect(id).to.be.a('string').and.not.equal('');
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
