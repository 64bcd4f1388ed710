/**
 * The mock model server of the demo and of the tests: one implementation, mounted by the demo's
 * vite plugin and by web-test-runner. `createMockServer().handle(req, res, next)` is connect-style:
 * it answers paths under `/mock/` and calls `next()` for anything else.
 *
 * Endpoints (POST with the element's default body `{ messages, stream: true }` — or the body of the
 * protocol: `useChat`'s `{ id, messages: [{ id, role, parts: [{ type: 'text', text }] }], trigger }`,
 * Gemini's `{ contents: [{ role, parts: [{ text }] }], systemInstruction? }`, Ollama's `{ model,
 * messages }` or `{ model, prompt }` — or GET with `?prompt=`); the newest user message picks the reply:
 *
 * | path | reply |
 * | --- | --- |
 * | `/mock/openai` | Chat Completions chunks, then `data: [DONE]` |
 * | `/mock/openai-responses` | Responses API events (`response.output_text.delta` …), ends with `response.completed` |
 * | `/mock/anthropic` | Messages events (`content_block_delta` …), ends with `message_stop` |
 * | `/mock/text` | each token as the event's data (multi-line tokens as several `data:` lines); no end marker |
 * | `/mock/json` | `data: {"delta": token}`; no end marker |
 * | `/mock/plain` | a `text/plain` body, the tokens written as they come |
 * | `/mock/ai-sdk` | the AI SDK UI message stream (header `x-vercel-ai-ui-message-stream: v1`): `start`, `start-step`, `text-start`, `text-delta` (`id`, `delta`) …, `text-end`, `finish-step`, `finish`, then `data: [DONE]` |
 * | `/mock/gemini` | Gemini `streamGenerateContent?alt=sse` chunks `{"candidates":[{"content":{"role":"model","parts":[{"text":…}]}}]}`, the last with `finishReason: "STOP"`; the stream's close ends it |
 * | `/mock/ollama` | NDJSON (`application/x-ndjson`) as Ollama's `/api/chat`: `{"model","message":{"role":"assistant","content"},"done":false}` lines, then `{"done":true,"done_reason":"stop",…}` |
 * | `/mock/ollama-generate` | NDJSON as Ollama's `/api/generate`: `{"response":…,"done":false}` lines, then `{"done":true,…}` |
 * | `POST /mock/seed` | stores the body, answers `{ id, url }`; `GET /mock/stream/:id` then streams its reply (openai) |
 * | `/mock/proxy/openai` | with `OPENAI_BASE_URL` set: forwards to `${OPENAI_BASE_URL}/chat/completions` (adding `model` from `OPENAI_MODEL` and `Authorization: Bearer $OPENAI_API_KEY`) and pipes the stream through; else 501 |
 * | `GET /mock/_requests?key=K` | JSON array of `{ method, url, headers, body, aborted, completed, closed }` of the requests made with `?key=K`; `&count=N` waits until N have arrived, `&settled=1` until all have closed (up to 5 s) |
 *
 * Query parameters of the reply endpoints:
 *
 * - Reply: a realistic markdown reply from `replies.js`, chosen by the newest user message (the
 *   same prompt, the same reply); `text=<literal>` streams exactly that text; `echo=1` the prompt.
 * - Pace: by default about 4 characters a token, 15–60 ms apart (jittered); `delay=N` waits N ms
 *   between tokens (`delay=0`: as fast as possible, still one flushed write per event); `chunk=N`
 *   cuts N characters a token; `eol=crlf|cr` ends SSE lines with CRLF or CR.
 * - `reasoning=1`: the reply is preceded by streamed reasoning (`pickReasoning` of `replies.js`) in
 *   the protocol's own fields: openai `delta.reasoning_content`; openai-responses a `reasoning` item
 *   with `response.reasoning_summary_text.delta`; anthropic a `thinking` block of `thinking_delta`s;
 *   ai-sdk `reasoning-start` / `reasoning-delta` / `reasoning-end`; gemini parts with `thought: true`;
 *   ollama `message.thinking`, ollama-generate `thinking`; text, json and plain a `<think>…</think>`
 *   prefix of the text.
 * - `tools=1`: a `get_weather` call with `{"city":"Paris"}` arguments (`toolCall` of `replies.js`),
 *   streamed in three pieces after the reasoning and before the text: openai `delta.tool_calls`;
 *   openai-responses a `function_call` item (`response.output_item.added`), then
 *   `response.function_call_arguments.delta` / `.done`; anthropic a `tool_use` block of
 *   `input_json_delta`s; ai-sdk `tool-input-start` / `tool-input-delta` / `tool-input-available`, then
 *   its output in `tool-output-available`; gemini one `functionCall` part (whole, as Gemini sends it).
 *   text, json, plain and ollama carry none.
 * - `sources=1`: two sources (`sources` of `replies.js`) after the text: ai-sdk `source-url` parts,
 *   openai-responses `response.output_text.annotation.added` with a `url_citation`; others carry none.
 * - `ids=1`: `id: <n>` on every event; a request with `Last-Event-ID: n` resumes after event n (SSE only).
 * - `key=K` groups requests for `/mock/_requests`; `fail=N` limits the fault to the first N
 *   requests of the key (so a retry or resume succeeds); `faultAfter=N` (default 3) tokens are sent
 *   before a mid-reply fault.
 * - `fault=`: `500`, `503` (`Retry-After` when `retryAfter=S` is given), `429` (`Retry-After:
 *   retryAfter`, default 1 s), `401`, `404` (JSON error bodies), `html` (a 200 `text/html` login
 *   page), `json-error` (a 400 JSON error), `drop` (the socket is destroyed mid-reply), `stall`
 *   (nothing more is sent mid-reply; the socket stays open), `stall-headers` (no headers ever),
 *   `malformed` (JSON cut short mid-reply), `server-error` (the protocol's own error event
 *   mid-reply, then the end of the response), `heartbeat` (`: heartbeat` comments every
 *   `heartbeat=N` ms, default 100, while tokens come slowly: `delay` defaults to 3 heartbeats),
 *   `split-utf8` (every write cut inside each multi-byte character and between `\r` and `\n`, with
 *   CRLF line endings, the pieces 2 ms apart), `long-line` (the reply is one token of `size`
 *   characters, default 1 MiB: `longLineText(size)` of `./wire.js`), `newline-tokens` (tokens cut
 *   before each run of newlines, so each begins with them).
 * - Server mistakes, for the element's doctor: `single-newline` (each event's `data:` lines end with
 *   one newline and no blank line, no `event:` lines, then `data: [DONE]\n\n`; SSE only), `unframed`
 *   (a `text/event-stream` body of bare text chunks, no `data:`), `buffered` (headers at once, the
 *   usual pacing, but the whole body held back and written in one write at the end), `unreadable`
 *   (a `data: {"hello":"world"}` event — a line for NDJSON — per token, then the end of the
 *   response), `no-cors` (a normal reply with no CORS headers, preflight included, on every request:
 *   `fail` does not limit it).
 *
 * Every response but those of `fault=no-cors` carries CORS headers (the request's Origin echoed,
 * credentials allowed), and streams carry `Cache-Control: no-cache` and `X-Accel-Buffering: no`.
 */
import { randomUUID } from 'node:crypto';
import { replies as defaultReplies, pickReasoning, pickReply, sources as mockSources, toolCall } from './replies.js';
import {
  errorEvent,
  hash,
  longLineText,
  malformedEvent,
  ndjsonLine,
  NDJSON_PROTOCOLS,
  promptOf,
  replyEvents,
  singleNewlineBlock,
  splitPoints,
  sseBlock,
  THINK_TAG_PROTOCOLS,
  tokenize,
  UNREADABLE_DATA,
  withThinkTags,
} from './wire.js';

export { longLineText } from './wire.js';

const STREAM_PROTOCOLS = new Set(['openai', 'openai-responses', 'anthropic', 'text', 'json', 'plain', 'ai-sdk', 'gemini', 'ollama', 'ollama-generate']);
/** The header by which the AI SDK's clients recognise a UI message stream. */
const AI_SDK_HEADER = 'x-vercel-ai-ui-message-stream';
const AI_SDK_HEADER_VALUE = 'v1';
const NDJSON_TYPE = 'application/x-ndjson';
const MAX_KEYS = 200;
const MAX_REQUESTS_PER_KEY = 100;
const MAX_SEEDS = 200;
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const WAIT_LIMIT_MS = 5000;

const ERROR_BODIES = {
  500: { status: 500, message: 'Internal server error (mock fault)', type: 'server_error' },
  503: { status: 503, message: 'The model is overloaded, try again later (mock fault)', type: 'server_error' },
  429: { status: 429, message: 'Rate limit reached, slow down (mock fault)', type: 'rate_limit_error' },
  401: { status: 401, message: 'Invalid API key (mock fault)', type: 'authentication_error' },
  404: { status: 404, message: 'No such model endpoint (mock fault)', type: 'not_found_error' },
  'json-error': { status: 400, message: "Invalid request: 'messages' must be a non-empty array (mock fault)", type: 'invalid_request_error' },
};

const LOGIN_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in</title></head>
<body><form method="post" action="/login"><h1>Sign in to continue</h1><input name="user"><input name="password" type="password"><button>Sign in</button></form></body>
</html>
`;

/**
 * @typedef {object} RequestRecord
 * @property {string} method
 * @property {string} url
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {unknown} body the parsed JSON body, the raw text when it is not JSON, or null
 * @property {boolean} aborted the client closed the connection before the reply ended
 * @property {boolean} completed the server sent its whole answer
 * @property {boolean} closed the exchange is over, for whatever reason
 */

/**
 * @typedef {object} MockServerOptions
 * @property {string[]} [replies] the replies to choose from (default: `./replies.js`)
 * @property {Record<string, string | undefined>} [env] where `OPENAI_*` are read (default: `process.env`)
 */

/**
 * Creates the mock model server.
 * @param {MockServerOptions} [options]
 * @returns {{ handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void): void }}
 */
export function createMockServer(options = {}) {
  const replies = options.replies ?? defaultReplies;
  const env = options.env ?? process.env;
  /** @type {Map<string, { records: RequestRecord[], seen: number }>} */
  const keys = new Map();
  /** @type {Map<string, unknown>} */
  const seeds = new Map();
  /** @type {Set<() => void>} */
  const waiters = new Set();
  const changed = () => {
    for (const wake of [...waiters]) wake();
  };

  /** @param {string} key */
  function entryFor(key) {
    let entry = keys.get(key);
    if (!entry) {
      if (keys.size >= MAX_KEYS) keys.delete(/** @type {string} */ (keys.keys().next().value));
      entry = { records: [], seen: 0 };
      keys.set(key, entry);
    }
    return entry;
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {() => void} next
   */
  function handle(req, res, next) {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    if (!url.pathname.startsWith('/mock/')) {
      next();
      return;
    }
    // The `no-cors` fault: a server that forgot CORS, preflight included, so a cross-origin page cannot read it.
    if (url.searchParams.get('fault') !== 'no-cors') setCors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Max-Age': '600', 'Content-Length': '0' });
      res.end();
      return;
    }
    route(req, res, url).catch((error) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `Mock server bug: ${error?.message ?? error}` } });
      else res.destroy();
    });
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URL} url
   */
  async function route(req, res, url) {
    const path = url.pathname;
    if (path === '/mock/_requests') {
      await listRequests(res, url);
      return;
    }
    const raw = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req);
    const body = parseBody(raw);
    const key = url.searchParams.get('key');
    /** @type {RequestRecord | undefined} */
    let record;
    let ordinal = 0;
    if (key !== null) {
      const entry = entryFor(key);
      ordinal = ++entry.seen;
      record = { method: req.method ?? 'GET', url: req.url ?? '', headers: { ...req.headers }, body: raw === '' ? null : body, aborted: false, completed: false, closed: false };
      entry.records.push(record);
      if (entry.records.length > MAX_REQUESTS_PER_KEY) entry.records.shift();
      changed();
    }
    const exchange = new Exchange(req, res, record, changed);

    if (path === '/mock/seed' && req.method === 'POST') {
      if (seeds.size >= MAX_SEEDS) seeds.delete(/** @type {string} */ (seeds.keys().next().value));
      const id = randomUUID();
      seeds.set(id, body);
      exchange.json(200, { id, url: `/mock/stream/${id}` });
      return;
    }
    const seeded = /^\/mock\/stream\/([\w-]+)$/.exec(path);
    if (seeded) {
      if (!seeds.has(seeded[1])) {
        exchange.json(404, { error: { message: `No seeded request ${seeded[1]}: POST /mock/seed first` } });
        return;
      }
      await stream(exchange, 'openai', promptOf(seeds.get(seeded[1])), url, ordinal);
      return;
    }
    if (path === '/mock/proxy/openai') {
      await proxy(exchange, raw, env);
      return;
    }
    const protocol = path.slice('/mock/'.length);
    if (STREAM_PROTOCOLS.has(protocol) && (req.method === 'GET' || req.method === 'POST')) {
      const prompt = req.method === 'GET' ? (url.searchParams.get('prompt') ?? '') : promptOf(body);
      await stream(exchange, protocol, prompt, url, ordinal);
      return;
    }
    exchange.json(404, { error: { message: `Unknown mock endpoint ${req.method} ${path}` } });
  }

  /**
   * @param {Exchange} exchange
   * @param {string} protocol
   * @param {string} prompt
   * @param {URL} url
   * @param {number} ordinal this request's number within its key (1-based)
   */
  async function stream(exchange, protocol, prompt, url, ordinal) {
    const q = url.searchParams;
    const fail = q.has('fail') ? Number(q.get('fail')) : Infinity;
    const fault = ordinal <= fail || ordinal === 0 ? (q.get('fault') ?? '') : '';
    const retryAfter = q.get('retryAfter');

    if (fault in ERROR_BODIES) {
      const { status, message, type } = ERROR_BODIES[/** @type {keyof typeof ERROR_BODIES} */ (fault)];
      /** @type {Record<string, string>} */
      const headers = {};
      if (fault === '429') headers['Retry-After'] = retryAfter ?? '1';
      else if (fault === '503' && retryAfter !== null) headers['Retry-After'] = retryAfter;
      exchange.json(status, { error: { message, type } }, headers);
      return;
    }
    if (fault === 'html') {
      exchange.send(200, 'text/html; charset=utf-8', LOGIN_PAGE);
      return;
    }
    if (fault === 'stall-headers') {
      await exchange.closed;
      return;
    }

    let text = q.get('text') ?? (q.get('echo') === '1' ? prompt : (options.replies ? replies[hash(prompt) % replies.length] : pickReply(prompt)) ?? '');
    const size = q.has('size') ? Number(q.get('size')) : 1024 * 1024;
    if (fault === 'long-line') text = longLineText(size);
    const chunk = q.has('chunk') ? Number(q.get('chunk')) : undefined;
    /** @type {{ newlines: boolean, size?: number }} */
    const cut = { newlines: fault === 'newline-tokens', ...(chunk ? { size: chunk } : {}) };
    let tokens = fault === 'long-line' ? [text] : tokenize(text, cut);
    const reasoning = q.get('reasoning') === '1' ? tokenize(pickReasoning(text), cut) : [];
    /** @type {import('./wire.js').ReplyExtras} */
    const extras = {
      reasoning,
      ...(q.get('tools') === '1' ? { tool: toolCall } : {}),
      ...(q.get('sources') === '1' ? { sources: mockSources } : {}),
    };
    if (THINK_TAG_PROTOCOLS.has(protocol)) tokens = withThinkTags(reasoning, tokens);

    const heartbeat = fault === 'heartbeat' ? Number(q.get('heartbeat') ?? 100) : 0;
    const fixedDelay = q.has('delay') ? Number(q.get('delay')) : heartbeat ? heartbeat * 3 : undefined;
    const pause = () => exchange.sleep(fixedDelay ?? 15 + Math.random() * 45);
    const split = fault === 'split-utf8';
    const eolParam = q.get('eol');
    const eol = split || eolParam === 'crlf' ? '\r\n' : eolParam === 'cr' ? '\r' : '\n';
    const faultAfter = q.has('faultAfter') ? Number(q.get('faultAfter')) : 3;
    const midReplyFault = ['drop', 'stall', 'malformed', 'server-error'].includes(fault) ? fault : '';
    /** @param {string} chunkText */
    const write = (chunkText) => (split ? exchange.writeSplit(chunkText) : exchange.write(chunkText));
    // The `buffered` fault: the pacing is kept, but every write is held back until the end.
    if (fault === 'buffered') exchange.holdWrites();

    if (protocol === 'plain' || (fault === 'unframed' && !NDJSON_PROTOCOLS.has(protocol))) {
      exchange.start(protocol === 'plain' ? 'text/plain; charset=utf-8' : 'text/event-stream; charset=utf-8');
      let sent = 0;
      for (const t of tokens) {
        if (sent > 0) await pause();
        if (exchange.isClosed) return;
        if (midReplyFault && sent === faultAfter) {
          await midReply(exchange, midReplyFault, '');
          return;
        }
        await write(t);
        sent++;
      }
      exchange.end();
      return;
    }

    const unreadable = fault === 'unreadable';
    const events = unreadable ? tokens.map((t) => ({ kind: /** @type {const} */ ('token'), data: UNREADABLE_DATA })) : replyEvents(protocol, tokens, extras);
    const ndjson = NDJSON_PROTOCOLS.has(protocol);
    const singleNewline = fault === 'single-newline' && !ndjson;
    const withIds = q.get('ids') === '1' && !ndjson;
    const lastId = Number.parseInt(String(exchange.req.headers['last-event-id'] ?? ''), 10);
    const from = withIds && Number.isInteger(lastId) ? lastId + 1 : 0;
    /** @param {{ event?: string, data: string }} ev */
    const frame = (ev) => (ndjson ? ndjsonLine(ev) : singleNewline ? singleNewlineBlock(ev) : sseBlock(ev, eol));
    exchange.start(ndjson ? NDJSON_TYPE : 'text/event-stream; charset=utf-8', protocol === 'ai-sdk' ? { [AI_SDK_HEADER]: AI_SDK_HEADER_VALUE } : {});
    if (heartbeat > 0 && !ndjson) exchange.every(heartbeat, () => exchange.write(`: heartbeat${eol}${eol}`));

    let tokensSent = 0;
    let faulted = false;
    for (let i = from; i < events.length; i++) {
      if (exchange.isClosed) return;
      const ev = events[i];
      if (ev.kind === 'token' && tokensSent > 0) await pause();
      if (exchange.isClosed) return;
      if (midReplyFault && !faulted && ((ev.kind === 'token' && tokensSent >= faultAfter) || ev.kind === 'tail')) {
        faulted = true;
        const block = midReplyFault === 'malformed' ? malformedEvent(protocol) : errorEvent(protocol, 'The model is overloaded (mock fault)');
        const stop = await midReply(exchange, midReplyFault, frame(block));
        if (stop) return;
      }
      // The `single-newline` fault ends with one properly framed `[DONE]`, written below.
      if (singleNewline && ev.data === '[DONE]') continue;
      await write((withIds ? `id: ${i}${eol}` : '') + frame(ev));
      if (ev.kind === 'token') tokensSent++;
    }
    if (singleNewline) await write('data: [DONE]\n\n');
    exchange.end();
  }

  /**
   * Acts out a mid-reply fault. Returns true when the reply must not go on.
   * @param {Exchange} exchange
   * @param {string} fault
   * @param {string} block the SSE block of a `malformed` or `server-error` fault
   */
  async function midReply(exchange, fault, block) {
    switch (fault) {
      case 'drop':
        // A moment first, so the bytes already written reach the client: on a reset, Chromium
        // discards what it has received but not yet read, which would make the partial text flaky.
        await new Promise((resolve) => setTimeout(resolve, 50));
        exchange.drop();
        return true;
      case 'stall':
        await exchange.closed;
        return true;
      case 'server-error':
        await exchange.write(block);
        exchange.end();
        return true;
      default:
        await exchange.write(block);
        return false;
    }
  }

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {URL} url
   */
  async function listRequests(res, url) {
    const key = url.searchParams.get('key') ?? '';
    const count = Number(url.searchParams.get('count') ?? 0);
    const settled = url.searchParams.get('settled') === '1';
    const ready = () => {
      const records = keys.get(key)?.records ?? [];
      return records.length >= count && (!settled || records.every((r) => r.closed));
    };
    if (!ready()) {
      await new Promise((resolve) => {
        const timer = setTimeout(done, WAIT_LIMIT_MS);
        function done() {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(undefined);
        }
        function check() {
          if (ready()) done();
        }
        waiters.add(check);
        res.once('close', done);
      });
    }
    sendJson(res, 200, keys.get(key)?.records ?? []);
  }

  return { handle };
}

/** One request and its response, with the bookkeeping every mode needs. */
class Exchange {
  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {RequestRecord | undefined} record
   * @param {() => void} changed
   */
  constructor(req, res, record, changed) {
    this.req = req;
    this.res = res;
    this.record = record;
    this.isClosed = false;
    this.serverClosed = false;
    /** @type {Set<ReturnType<typeof setTimeout>>} */
    this.timers = new Set();
    /** @type {Promise<void>} */
    this.closed = new Promise((resolve) => {
      res.once('close', () => {
        this.isClosed = true;
        for (const t of this.timers) clearTimeout(t);
        for (const t of this.timers) clearInterval(t);
        if (record) {
          record.closed = true;
          if (!record.completed && !this.serverClosed) record.aborted = true;
          changed();
        }
        resolve();
      });
    });
    this.changed = changed;
    /** @type {Buffer[] | null} writes held back by `holdWrites()`, sent in one write by `end()` */
    this.held = null;
  }

  /**
   * @param {string} contentType
   * @param {Record<string, string>} [headers] more headers
   */
  start(contentType, headers = {}) {
    this.res.writeHead(200, {
      'Content-Type': contentType,
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
      ...headers,
    });
    this.res.flushHeaders();
    this.res.socket?.setNoDelay(true);
  }

  /**
   * Writes and waits until the data is handed to the socket.
   * @param {string | Uint8Array} data
   * @returns {Promise<void>}
   */
  write(data) {
    if (this.isClosed) return Promise.resolve();
    if (this.held) {
      this.held.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data));
      return Promise.resolve();
    }
    return new Promise((resolve) => this.res.write(data, () => resolve()));
  }

  /**
   * Writes in pieces cut inside multi-byte characters and CRLFs, 2 ms apart, so they reach the
   * client as separate network chunks.
   * @param {string} text
   */
  async writeSplit(text) {
    const bytes = Buffer.from(text, 'utf8');
    let start = 0;
    for (const point of [...splitPoints(bytes), bytes.length]) {
      if (this.isClosed) return;
      await this.write(bytes.subarray(start, point));
      start = point;
      if (point < bytes.length) await this.sleep(2);
    }
  }

  /** @param {number} ms */
  sleep(ms) {
    if (this.isClosed) return Promise.resolve();
    if (!(ms > 0)) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve(undefined);
      }, ms);
      this.timers.add(timer);
    });
  }

  /**
   * @param {number} ms
   * @param {() => void} fn
   */
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    this.timers.add(timer);
  }

  /** Holds every later write back, as a buffering proxy does, until `end()` sends them in one write. */
  holdWrites() {
    this.held = [];
  }

  end() {
    if (this.isClosed) return;
    for (const t of this.timers) clearInterval(t);
    if (this.record) {
      this.record.completed = true;
      this.changed();
    }
    if (this.held) {
      const burst = Buffer.concat(this.held);
      this.held = null;
      this.res.end(burst);
      return;
    }
    this.res.end();
  }

  /** Closes the socket with no end marker and no final chunk, as a failing proxy does. */
  drop() {
    this.serverClosed = true;
    this.res.destroy();
  }

  /**
   * @param {number} status
   * @param {string} contentType
   * @param {string} body
   * @param {Record<string, string>} [headers]
   */
  send(status, contentType, body, headers = {}) {
    if (this.record) this.record.completed = true;
    this.res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-cache', ...headers });
    this.res.end(body);
  }

  /**
   * @param {number} status
   * @param {unknown} value
   * @param {Record<string, string>} [headers]
   */
  json(status, value, headers = {}) {
    this.send(status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
  }
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function setCors(req, res) {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  } else {
    res.setHeader('Access-Control-Allow-Origin', '*');
  }
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] ?? 'authorization, content-type, accept, last-event-id, x-api-key, anthropic-version',
  );
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} value
 */
function sendJson(res, status, value) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.end(JSON.stringify(value));
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string>}
 */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** @param {string} raw */
function parseBody(raw) {
  if (raw === '') return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Forwards a Chat Completions request to an OpenAI-compatible server and pipes its stream through.
 * @param {Exchange} exchange
 * @param {string} raw the request body
 * @param {Record<string, string | undefined>} env
 */
async function proxy(exchange, raw, env) {
  const base = env.OPENAI_BASE_URL;
  if (!base) {
    exchange.json(501, {
      error: { message: 'The OpenAI proxy is off: start the demo with OPENAI_BASE_URL (and OPENAI_API_KEY, OPENAI_MODEL when needed) set' },
    });
    return;
  }
  let body;
  try {
    body = JSON.parse(raw || '{}');
  } catch {
    exchange.json(400, { error: { message: 'The proxy expects a JSON body' } });
    return;
  }
  if (!body.model && env.OPENAI_MODEL) body.model = env.OPENAI_MODEL;
  if (body.stream === undefined) body.stream = true;
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream' };
  if (env.OPENAI_API_KEY) headers.Authorization = `Bearer ${env.OPENAI_API_KEY}`;
  const abort = new AbortController();
  exchange.closed.then(() => abort.abort());
  let upstream;
  try {
    upstream = await fetch(`${base.replace(/\/+$/, '')}/chat/completions`, { method: 'POST', headers, body: JSON.stringify(body), signal: abort.signal });
  } catch (error) {
    if (!exchange.isClosed) exchange.json(502, { error: { message: `Could not reach ${base}: ${error instanceof Error ? error.message : String(error)}` } });
    return;
  }
  exchange.res.writeHead(upstream.status, {
    'Content-Type': upstream.headers.get('content-type') ?? 'text/event-stream',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
  });
  exchange.res.flushHeaders();
  try {
    if (upstream.body) for await (const chunk of upstream.body) await exchange.write(chunk);
    exchange.end();
  } catch {
    if (!exchange.isClosed) exchange.drop();
  }
}
