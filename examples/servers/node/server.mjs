// A streaming chat endpoint on node:http alone (no dependencies): POST /api/chat answers the
// <chat-stream> element's default body `{ messages, stream: true }` with an OpenAI-compatible SSE
// stream of a canned reply (a mock model: no API key), one word per event. Each event carries an
// `id:`, so a client that lost the connection reconnects with `Last-Event-ID` and gets the rest; the
// generation stops as soon as the client disconnects; CORS answers one configured origin, preflight
// included. GET /api/stats counts generations started, completed and aborted (the tests read it).
//
//   PORT=3000 CORS_ORIGIN=http://localhost:5173 node server.mjs
import { createServer } from 'node:http';

const PORT = Number(process.env.PORT ?? 3000);
const CORS_ORIGIN = process.env.CORS_ORIGIN ?? 'http://localhost:5173';
const TOKEN_DELAY_MS = Number(process.env.TOKEN_DELAY_MS ?? 40);
const MAX_BODY_BYTES = 1_000_000;

const stats = { started: 0, completed: 0, aborted: 0 };

/** The mock model: a canned reply that quotes the newest user message, split into words. */
function replyTokens(messages) {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const reply = `Hello from node! You said: ${lastUser?.content ?? ''}. This canned reply streams one word at a time.`;
  return reply.match(/\S+\s*/g) ?? [];
}

function corsHeaders(req) {
  if (req.headers.origin !== CORS_ORIGIN) return {};
  return {
    'Access-Control-Allow-Origin': CORS_ORIGIN,
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type, Authorization, Last-Event-ID',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

async function readJson(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
  }
  return JSON.parse(body);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function chat(req, res) {
  let body;
  try {
    body = await readJson(req);
  } catch (error) {
    res.writeHead(400, { 'Content-Type': 'application/json', ...corsHeaders(req) });
    res.end(JSON.stringify({ error: `expected a JSON body { messages: [...] }: ${error.message}` }));
    return;
  }
  const tokens = replyTokens(Array.isArray(body.messages) ? body.messages : []);
  // Resume: ids are token indexes, so carry on after the last one the client saw.
  const lastId = Number.parseInt(req.headers['last-event-id'] ?? '', 10);
  const first = Number.isInteger(lastId) ? lastId + 1 : 0;

  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no', // tells nginx not to buffer this response
    ...corsHeaders(req),
  });
  res.flushHeaders();

  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  stats.started += 1;
  // node:http sends each write() at once (no cork), so every event is flushed as it is written.
  for (let i = first; i < tokens.length; i += 1) {
    await sleep(TOKEN_DELAY_MS);
    if (closed) {
      stats.aborted += 1; // the client went away: stop generating
      return;
    }
    const chunk = { choices: [{ index: 0, delta: { content: tokens[i] } }] };
    // The blank line ("\n\n") ends the event.
    res.write(`id: ${i}\ndata: ${JSON.stringify(chunk)}\n\n`);
  }
  res.end(`id: ${tokens.length}\ndata: [DONE]\n\n`);
  stats.completed += 1;
}

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, corsHeaders(req));
    res.end();
  } else if (req.method === 'POST' && path === '/api/chat') {
    chat(req, res);
  } else if (req.method === 'GET' && path === '/api/stats') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache', ...corsHeaders(req) });
    res.end(JSON.stringify(stats));
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain', ...corsHeaders(req) });
    res.end(`no route for ${req.method} ${path}: try POST /api/chat\n`);
  }
});

server.listen(PORT, '127.0.0.1', () => console.log(`node chat server on http://127.0.0.1:${PORT}/api/chat`));
