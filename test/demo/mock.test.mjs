// Node tests of the mock model server's v2 wire formats (`node --test test/demo/mock.test.mjs`; npm test runs it):
// each new endpoint and each new query parameter is requested from a real server on a free port,
// and the answer is read back the way its protocol's own client would read it — every event valid
// JSON, the end where the protocol puts it, reasoning, tool calls and sources in the protocol's own
// fields — and the server-mistake faults are checked byte for byte.
import assert from 'node:assert/strict';
import { request as httpRequest, createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { replies, pickReasoning, sources as mockSources, toolCall } from '../../demo/mock/replies.js';
import { createMockServer } from '../../demo/mock/server.js';
import { tokenize } from '../../demo/mock/wire.js';

/** The literal reply most cases stream, with a newline run so multi-line tokens are exercised. */
const TEXT = 'Hello from the mock.\n\nIt is *streaming*, token by token — ünïcödé too.';
/** The reasoning that goes with a literal reply (one that is not in `replies`). */
const REASONING = pickReasoning(TEXT);
/** The delay of the `buffered` case: long enough to tell a held-back body from a streamed one. */
const BUFFERED_DELAY_MS = 10;

let base = '';
/** @type {import('node:http').Server} */
let server;

before(async () => {
  const mock = createMockServer();
  server = createServer((req, res) =>
    mock.handle(req, res, () => {
      res.writeHead(404);
      res.end();
    }),
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  base = `http://127.0.0.1:${address.port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

/**
 * @param {string} path with its query
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string> }} [options]
 */
async function fetchMock(path, options = {}) {
  const res = await fetch(base + path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: { 'Content-Type': 'application/json', ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** @param {string} text @param {number} [max] */
function preview(text, max = 200) {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/**
 * Parses an SSE body as the spec's parser does, insisting on proper framing: the body must end
 * with a blank line, so no event is left undispatched.
 * @param {string} body
 * @returns {{ event: string, data: string }[]}
 */
function parseSse(body) {
  assert.ok(/(\r\n|\r|\n)(\r\n|\r|\n)$/.test(body), `the SSE body should end with a blank line, but ends with ${preview(body.slice(-40))}`);
  const events = [];
  let event = '';
  /** @type {string[] | null} */
  let data = null;
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (data) events.push({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = null;
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') (data ??= []).push(value);
  }
  return events;
}

/**
 * @param {string} data
 * @param {string} where
 */
function json(data, where) {
  try {
    return JSON.parse(data);
  } catch (error) {
    assert.fail(`${where}: event data is not valid JSON (${/** @type {Error} */ (error).message}): ${preview(data)}`);
  }
}

/**
 * @typedef {object} ReadReply
 * @property {string} text
 * @property {string} reasoning
 * @property {{ name: string, arguments: string, pieces: string[], input?: unknown, output?: unknown } | null} tool
 * @property {{ url: string, title: string }[]} sources
 */

/**
 * Reads a reply back as the protocol's client would, checking every event is valid JSON and the
 * stream ends where the protocol says it does.
 * @param {string} protocol
 * @param {string} body
 * @returns {ReadReply}
 */
function readReply(protocol, body) {
  /** @type {ReadReply} */
  const out = { text: '', reasoning: '', tool: null, sources: [] };
  const tool = () => (out.tool ??= { name: '', arguments: '', pieces: [] });
  /** @param {string} piece */
  const argumentPiece = (piece) => {
    tool().arguments += piece;
    tool().pieces.push(piece);
  };
  if (protocol === 'ollama' || protocol === 'ollama-generate') {
    assert.ok(body.endsWith('\n'), `NDJSON should end with a newline: ${preview(body.slice(-40))}`);
    const lines = body.slice(0, -1).split('\n');
    lines.forEach((line, i) => {
      const value = json(line, `${protocol} line ${i}`);
      assert.equal(value.done, i === lines.length - 1, `${protocol}: only the last line has done: true (line ${i}: ${preview(line)})`);
      if (protocol === 'ollama') {
        assert.equal(value.message.role, 'assistant');
        out.text += value.message.content;
        out.reasoning += value.message.thinking ?? '';
      } else {
        out.text += value.response;
        out.reasoning += value.thinking ?? '';
      }
    });
    return out;
  }
  if (protocol === 'plain') {
    out.text = body;
    return out;
  }
  const events = parseSse(body);
  assert.ok(events.length > 0, `${protocol}: no events in ${preview(body)}`);
  const last = events[events.length - 1];
  switch (protocol) {
    case 'text':
      for (const ev of events) out.text += ev.data;
      break;
    case 'json':
      for (const ev of events) out.text += json(ev.data, protocol).delta;
      break;
    case 'openai':
      assert.equal(last.data, '[DONE]', 'openai ends with data: [DONE]');
      for (const ev of events.slice(0, -1)) {
        const delta = json(ev.data, protocol).choices[0].delta;
        out.text += delta.content ?? '';
        out.reasoning += delta.reasoning_content ?? '';
        for (const call of delta.tool_calls ?? []) {
          assert.equal(call.index, 0);
          if (call.function.name) tool().name = call.function.name;
          if (call.function.arguments) argumentPiece(call.function.arguments);
        }
      }
      break;
    case 'openai-responses':
      assert.equal(last.event, 'response.completed', 'openai-responses ends with response.completed');
      for (const ev of events) {
        const value = json(ev.data, protocol);
        assert.equal(value.type, ev.event, `the event name is the data's type: ${preview(ev.data)}`);
        if (value.type === 'response.output_text.delta') out.text += value.delta;
        if (value.type === 'response.reasoning_summary_text.delta') out.reasoning += value.delta;
        if (value.type === 'response.output_item.added' && value.item.type === 'function_call') tool().name = value.item.name;
        if (value.type === 'response.function_call_arguments.delta') argumentPiece(value.delta);
        if (value.type === 'response.function_call_arguments.done') tool().input = JSON.parse(value.arguments);
        if (value.type === 'response.output_text.annotation.added') {
          assert.equal(value.annotation.type, 'url_citation');
          out.sources.push({ url: value.annotation.url, title: value.annotation.title });
        }
      }
      break;
    case 'anthropic':
      assert.equal(last.event, 'message_stop', 'anthropic ends with message_stop');
      for (const ev of events) {
        const value = json(ev.data, protocol);
        assert.equal(value.type, ev.event, `the event name is the data's type: ${preview(ev.data)}`);
        if (value.type === 'content_block_start' && value.content_block.type === 'tool_use') tool().name = value.content_block.name;
        if (value.type !== 'content_block_delta') continue;
        if (value.delta.type === 'text_delta') out.text += value.delta.text;
        if (value.delta.type === 'thinking_delta') out.reasoning += value.delta.thinking;
        if (value.delta.type === 'input_json_delta') argumentPiece(value.delta.partial_json);
      }
      break;
    case 'ai-sdk': {
      assert.equal(last.data, '[DONE]', 'ai-sdk ends with data: [DONE]');
      const parts = events.slice(0, -1).map((ev) => json(ev.data, protocol));
      assert.equal(parts[0].type, 'start', 'ai-sdk opens with a start part');
      assert.equal(parts[parts.length - 1].type, 'finish', 'ai-sdk ends with a finish part before [DONE]');
      for (const part of parts) {
        assert.equal(typeof part.type, 'string', `every ai-sdk part has a type: ${JSON.stringify(part)}`);
        if (part.type === 'text-delta') out.text += part.delta;
        if (part.type === 'reasoning-delta') out.reasoning += part.delta;
        if (part.type === 'tool-input-start') tool().name = part.toolName;
        if (part.type === 'tool-input-delta') argumentPiece(part.inputTextDelta);
        if (part.type === 'tool-input-available') tool().input = part.input;
        if (part.type === 'tool-output-available') tool().output = part.output;
        if (part.type === 'source-url') out.sources.push({ url: part.url, title: part.title });
      }
      break;
    }
    case 'gemini': {
      const values = events.map((ev) => json(ev.data, protocol));
      assert.equal(values[values.length - 1].candidates[0].finishReason, 'STOP', 'gemini ends with finishReason STOP');
      for (const value of values) {
        const content = value.candidates[0].content;
        assert.equal(content.role, 'model');
        for (const part of content.parts) {
          if (part.functionCall) {
            tool().name = part.functionCall.name;
            tool().input = part.functionCall.args;
          } else if (part.thought === true) out.reasoning += part.text;
          else out.text += part.text;
        }
      }
      break;
    }
    default:
      assert.fail(`no reader for ${protocol}`);
  }
  return out;
}

/** The text, split into what `<think>…</think>` holds and what follows it. */
function splitThink(/** @type {string} */ text) {
  const match = /^<think>([\s\S]*)<\/think>\n\n/.exec(text);
  return match ? { reasoning: match[1], text: text.slice(match[0].length) } : { reasoning: '', text };
}

const literal = `text=${encodeURIComponent(TEXT)}&delay=0`;
const ALL = ['openai', 'openai-responses', 'anthropic', 'text', 'json', 'plain', 'ai-sdk', 'gemini', 'ollama', 'ollama-generate'];
const NEW = ['ai-sdk', 'gemini', 'ollama', 'ollama-generate'];
const THINK_TAGS = new Set(['text', 'json', 'plain']);
const WITH_TOOLS = ['openai', 'openai-responses', 'anthropic', 'ai-sdk', 'gemini'];
const WITH_SOURCES = ['openai-responses', 'ai-sdk'];
const CONTENT_TYPES = { ollama: 'application/x-ndjson', 'ollama-generate': 'application/x-ndjson', plain: 'text/plain' };

describe('new endpoints stream the reply in their own wire format', () => {
  for (const protocol of NEW) {
    test(protocol, async () => {
      const res = await fetchMock(`/mock/${protocol}?${literal}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type')?.split(';')[0], CONTENT_TYPES[protocol] ?? 'text/event-stream');
      if (protocol === 'ai-sdk') assert.equal(res.headers.get('x-vercel-ai-ui-message-stream'), 'v1');
      const reply = readReply(protocol, res.body);
      assert.equal(reply.text, TEXT);
      assert.equal(reply.reasoning, '', 'no reasoning unless asked');
      assert.equal(reply.tool, null, 'no tool call unless asked');
      assert.deepEqual(reply.sources, [], 'no sources unless asked');
    });
  }
});

describe('reasoning=1 streams reasoning first, in the protocol’s own fields', () => {
  for (const protocol of ALL) {
    test(protocol, async () => {
      const res = await fetchMock(`/mock/${protocol}?${literal}&reasoning=1`);
      const reply = readReply(protocol, res.body);
      const { reasoning, text } = THINK_TAGS.has(protocol) ? splitThink(reply.text) : reply;
      assert.equal(reasoning, REASONING, `${protocol}: the reasoning, whole`);
      assert.equal(text, TEXT, `${protocol}: the reply after the reasoning`);
      assert.ok(tokenize(REASONING).length > 1, 'the reasoning streams in several pieces');
    });
  }

  test('a reply of replies.js comes with its own reasoning', async () => {
    const res = await fetchMock('/mock/anthropic?delay=0&reasoning=1&prompt=' + encodeURIComponent('How can I undo my latest commit in git?'));
    const reply = readReply('anthropic', res.body);
    assert.equal(reply.text, replies[4]);
    assert.equal(reply.reasoning, pickReasoning(replies[4]));
    assert.notEqual(reply.reasoning, REASONING);
  });
});

describe('tools=1 streams a get_weather call in pieces, in the protocol’s own shape', () => {
  for (const protocol of WITH_TOOLS) {
    test(protocol, async () => {
      const res = await fetchMock(`/mock/${protocol}?${literal}&tools=1`);
      const reply = readReply(protocol, res.body);
      assert.equal(reply.text, TEXT);
      assert.ok(reply.tool, `${protocol}: a tool call in ${preview(res.body, 400)}`);
      assert.equal(reply.tool.name, 'get_weather');
      if (protocol === 'gemini') {
        // Gemini sends a functionCall whole, its args already parsed.
        assert.deepEqual(reply.tool.input, { city: 'Paris' });
      } else {
        assert.deepEqual(JSON.parse(reply.tool.arguments), { city: 'Paris' });
        assert.deepEqual(reply.tool.pieces, toolCall.argumentPieces, `${protocol}: the arguments stream in pieces`);
      }
      if (protocol === 'ai-sdk') {
        assert.deepEqual(reply.tool.input, toolCall.input);
        assert.deepEqual(reply.tool.output, toolCall.output);
      }
    });
  }

  test('reasoning, tool call and text come in that order (ai-sdk)', async () => {
    const res = await fetchMock(`/mock/ai-sdk?${literal}&tools=1&reasoning=1&sources=1`);
    const types = parseSse(res.body)
      .slice(0, -1)
      .map((ev) => JSON.parse(ev.data).type)
      .filter((type, i, all) => type !== all[i - 1]);
    assert.deepEqual(types, [
      'start',
      'start-step',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-end',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-available',
      'tool-output-available',
      'text-start',
      'text-delta',
      'text-end',
      'source-url',
      'finish-step',
      'finish',
    ]);
  });

  test('anthropic numbers its content blocks in order', async () => {
    const res = await fetchMock(`/mock/anthropic?${literal}&tools=1&reasoning=1`);
    const starts = parseSse(res.body)
      .map((ev) => JSON.parse(ev.data))
      .filter((value) => value.type === 'content_block_start')
      .map((value) => [value.index, value.content_block.type]);
    assert.deepEqual(starts, [
      [0, 'thinking'],
      [1, 'tool_use'],
      [2, 'text'],
    ]);
  });
});

describe('sources=1 cites sources where the protocol carries them', () => {
  for (const protocol of WITH_SOURCES) {
    test(protocol, async () => {
      const res = await fetchMock(`/mock/${protocol}?${literal}&sources=1`);
      const reply = readReply(protocol, res.body);
      assert.equal(reply.text, TEXT);
      assert.deepEqual(
        reply.sources,
        mockSources.map(({ url, title }) => ({ url, title })),
      );
    });
  }
});

describe('each endpoint reads the prompt from its own request body', () => {
  const prompt = 'How can I undo my latest commit in git?';
  const cases = [
    {
      protocol: 'ai-sdk',
      body: { id: 'chat-1', messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: prompt }] }], trigger: 'submit-message' },
    },
    {
      protocol: 'ai-sdk',
      body: {
        id: 'chat-1',
        messages: [
          { id: 's', role: 'system', parts: [{ type: 'text', text: 'Be brief.' }] },
          { id: 'm1', role: 'user', parts: [{ type: 'text', text: prompt }] },
          { id: 'm2', role: 'assistant', parts: [{ type: 'text', text: 'An older answer.' }] },
        ],
        trigger: 'regenerate-message',
        messageId: 'm2',
      },
    },
    { protocol: 'gemini', body: { contents: [{ role: 'user', parts: [{ text: prompt }] }], systemInstruction: { parts: [{ text: 'Be brief.' }] } } },
    { protocol: 'ollama', body: { model: 'mock', messages: [{ role: 'user', content: prompt }] } },
    { protocol: 'ollama-generate', body: { model: 'mock', prompt } },
  ];
  for (const { protocol, body } of cases) {
    test(`${protocol} ${JSON.stringify(body).slice(0, 60)}…`, async () => {
      const res = await fetchMock(`/mock/${protocol}?delay=0`, { body });
      assert.equal(readReply(protocol, res.body).text, replies[4]);
    });
  }
});

describe('server-mistake faults', () => {
  test('single-newline: one data line per event, no blank lines, then data: [DONE] and a blank line', async () => {
    for (const protocol of ['openai', 'anthropic', 'ai-sdk']) {
      const res = await fetchMock(`/mock/${protocol}?${literal}&fault=single-newline`);
      assert.ok(res.body.endsWith('\ndata: [DONE]\n\n'), `${protocol}: ends with [DONE] and a blank line: ${preview(res.body.slice(-40))}`);
      const lines = res.body.slice(0, -2).split('\n');
      assert.equal(res.body.indexOf('\n\n'), res.body.length - 2, `${protocol}: the only blank line is the last`);
      assert.equal(lines.filter((line) => line === 'data: [DONE]').length, 1, `${protocol}: one [DONE]`);
      for (const line of lines.slice(0, -1)) {
        assert.ok(line.startsWith('data: '), `${protocol}: every line is a data line: ${preview(line)}`);
        json(line.slice('data: '.length), protocol);
      }
    }
  });

  test('unframed: a text/event-stream body of bare text', async () => {
    const res = await fetchMock(`/mock/openai?${literal}&fault=unframed`);
    assert.equal(res.headers.get('content-type')?.split(';')[0], 'text/event-stream');
    assert.equal(res.body, TEXT);
  });

  test('unreadable: events of JSON with no field the protocol reads', async () => {
    for (const protocol of ['openai', 'ai-sdk', 'gemini']) {
      const res = await fetchMock(`/mock/${protocol}?${literal}&fault=unreadable`);
      const events = parseSse(res.body);
      assert.ok(events.length > 1);
      for (const ev of events) assert.equal(ev.data, '{"hello":"world"}');
    }
    const ndjson = await fetchMock(`/mock/ollama?${literal}&fault=unreadable`);
    for (const line of ndjson.body.trimEnd().split('\n')) assert.equal(line, '{"hello":"world"}');
  });

  test('no-cors: no CORS headers on the answer or its preflight; other requests keep them', async () => {
    const origin = { Origin: 'http://elsewhere.example' };
    const faulty = await fetchMock(`/mock/openai?${literal}&fault=no-cors`, { headers: origin });
    assert.equal(faulty.status, 200);
    assert.equal(faulty.headers.get('access-control-allow-origin'), null);
    assert.equal(readReply('openai', faulty.body).text, TEXT, 'the reply itself is whole');
    const preflight = await fetchMock(`/mock/openai?fault=no-cors`, { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const healthy = await fetchMock(`/mock/openai?${literal}`, { headers: origin });
    assert.equal(healthy.headers.get('access-control-allow-origin'), origin.Origin);
  });

  /**
   * Reads a response's body chunks with their arrival times.
   * @param {string} path
   * @returns {Promise<{ chunks: string[], firstChunkMs: number, headersMs: number }>}
   */
  function timedChunks(path) {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = httpRequest(base + path, (res) => {
        const headersMs = performance.now() - started;
        /** @type {string[]} */
        const chunks = [];
        let firstChunkMs = -1;
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          if (firstChunkMs < 0) firstChunkMs = performance.now() - started;
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ chunks, firstChunkMs, headersMs }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  test('buffered: headers at once, the whole body in one write after the usual pacing', async () => {
    const query = `text=${encodeURIComponent(TEXT)}&delay=${BUFFERED_DELAY_MS}`;
    const gaps = tokenize(TEXT).length - 1;
    for (const protocol of ['openai', 'ollama', 'plain']) {
      const held = await timedChunks(`/mock/${protocol}?${query}&fault=buffered`);
      assert.equal(held.chunks.length, 1, `${protocol}: one chunk, got ${held.chunks.length}`);
      assert.ok(held.firstChunkMs - held.headersMs >= (gaps * BUFFERED_DELAY_MS) / 2, `${protocol}: headers came well before the body (${held.headersMs.toFixed(0)} ms, body at ${held.firstChunkMs.toFixed(0)} ms)`);
      assert.ok(held.firstChunkMs >= gaps * BUFFERED_DELAY_MS * 0.9, `${protocol}: the body came after the pacing (${held.firstChunkMs.toFixed(0)} ms)`);
      assert.equal(readReply(protocol, held.chunks[0]).text, TEXT);
    }
    const streamed = await timedChunks(`/mock/openai?${query}`);
    assert.ok(streamed.chunks.length > 1, 'without the fault the same reply streams in several chunks');
  });
});

describe('existing endpoints are unchanged without the new parameters', () => {
  test('no reasoning, tool or source fields appear', async () => {
    for (const protocol of ['openai', 'openai-responses', 'anthropic']) {
      const res = await fetchMock(`/mock/${protocol}?${literal}`);
      assert.doesNotMatch(res.body, /reasoning|thinking|tool|function_call|annotation/, protocol);
      assert.equal(readReply(protocol, res.body).text, TEXT);
    }
  });

  test('text with reasoning=1 keeps multi-line tokens as several data lines', async () => {
    const res = await fetchMock(`/mock/text?${literal}&reasoning=1`);
    assert.match(res.body, /data: <think>\n\n/);
    assert.match(res.body, /data: <\/think>\ndata: \ndata: \n\n/);
  });
});
