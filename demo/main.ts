// The demo page: one <chat-stream>, controls that rewire it, and a live log of its events.
import '../src/index.ts';
import type { ChatMessage, ChatStreamElement, ChatStreamProtocol, RequestContext, RequestSpec } from '../src/index.ts';
import { suggestions } from './mock/replies.js';

/** The element's protocols, with the v2 ones spelled out until the element's own type lists them. */
type DemoProtocol = ChatStreamProtocol | 'ai-sdk' | 'gemini';

/** What a wire format can carry besides text; the toggles say when the chosen one cannot. */
interface Carries {
  reasoning: 'field' | 'think-tag';
  tools: boolean;
  sources: boolean;
}

interface Preset {
  id: string;
  label: string;
  path: string;
  protocol: DemoProtocol;
  carries: Carries;
  method?: 'GET' | 'POST';
  /** Uses `prepareRequest` for the two-step seed flow. */
  seed?: boolean;
  /** Enabled only once the server says it is configured. */
  proxy?: boolean;
}

const FULL: Carries = { reasoning: 'field', tools: true, sources: false };
const WITH_SOURCES: Carries = { reasoning: 'field', tools: true, sources: true };
const THINK_TAG_ONLY: Carries = { reasoning: 'think-tag', tools: false, sources: false };
const REASONING_ONLY: Carries = { reasoning: 'field', tools: false, sources: false };

const PRESETS: Preset[] = [
  { id: 'openai', label: 'OpenAI Chat Completions', path: '/mock/openai', protocol: 'openai', carries: FULL },
  { id: 'openai-responses', label: 'OpenAI Responses API', path: '/mock/openai-responses', protocol: 'openai', carries: WITH_SOURCES },
  { id: 'anthropic', label: 'Anthropic Messages', path: '/mock/anthropic', protocol: 'anthropic', carries: FULL },
  { id: 'ai-sdk', label: 'Vercel AI SDK (useChat’s UI message stream)', path: '/mock/ai-sdk', protocol: 'ai-sdk', carries: WITH_SOURCES },
  { id: 'gemini', label: 'Google Gemini (streamGenerateContent)', path: '/mock/gemini', protocol: 'gemini', carries: FULL },
  { id: 'ollama', label: 'Ollama chat (NDJSON, no SSE)', path: '/mock/ollama', protocol: 'auto', carries: REASONING_ONLY },
  { id: 'ollama-generate', label: 'Ollama generate (NDJSON, no SSE)', path: '/mock/ollama-generate', protocol: 'auto', carries: REASONING_ONLY },
  { id: 'text', label: 'Plain SSE text (protocol="text")', path: '/mock/text', protocol: 'text', carries: THINK_TAG_ONLY },
  { id: 'json', label: 'SSE JSON {delta} (protocol="json")', path: '/mock/json', protocol: 'json', carries: THINK_TAG_ONLY },
  { id: 'plain', label: 'text/plain stream, no SSE', path: '/mock/plain', protocol: 'auto', carries: THINK_TAG_ONLY },
  { id: 'auto', label: 'Auto-detect (Anthropic wire, protocol="auto")', path: '/mock/anthropic', protocol: 'auto', carries: FULL },
  { id: 'auto-ai-sdk', label: 'Auto-detect (AI SDK wire, protocol="auto")', path: '/mock/ai-sdk', protocol: 'auto', carries: WITH_SOURCES },
  { id: 'get', label: 'GET with ?prompt= (method="GET")', path: '/mock/openai', protocol: 'auto', carries: FULL, method: 'GET' },
  { id: 'seed', label: 'Two-step: POST seed → GET stream (prepareRequest)', path: '/mock/seed', protocol: 'auto', carries: FULL, seed: true },
  { id: 'proxy', label: 'Your OpenAI-compatible server (proxy)', path: '/mock/proxy/openai', protocol: 'openai', carries: FULL, proxy: true },
];

/** The toggles of "What the model does": their query parameter on the mock and their label in hints. */
const EXTRAS = [
  { name: 'reasoning', words: 'its reasoning' },
  { name: 'tools', words: 'a tool call' },
  { name: 'sources', words: 'sources' },
] as const;

interface Fault {
  value: string;
  label: string;
  hint: string;
  /** Element timeout for this fault, so a stall fails in seconds rather than the default 30 s. */
  timeout?: number;
  /** Extra query parameters. */
  query?: Record<string, string>;
}

const FAULTS: Fault[] = [
  { value: '', label: 'None — a healthy stream', hint: 'The mock streams a markdown reply chosen by your prompt.' },
  { value: '500', label: 'HTTP 500, then OK (retried)', hint: 'The first attempt answers 500; the element retries with backoff before the first token and the reply streams.', query: { fail: '1' } },
  { value: '429', label: 'HTTP 429 + Retry-After (retried)', hint: 'Rate limited with Retry-After: 1; the element waits as told, retries, and the reply streams.', query: { fail: '1' } },
  { value: '503', label: 'HTTP 503 every time (gives up)', hint: 'Every attempt answers 503: after max-retries="2" retries the run fails with the status.' },
  { value: '401', label: 'HTTP 401 unauthorized (not retried)', hint: 'A 4xx is not retried: the run fails at once with the status and the server’s message.' },
  { value: '404', label: 'HTTP 404 not found (not retried)', hint: 'A wrong endpoint fails at once with a clear error.' },
  { value: 'json-error', label: 'HTTP 400 with a JSON error body', hint: 'An API error as JSON instead of a stream; the server’s message is shown.' },
  { value: 'html', label: 'HTML login page instead of a stream', hint: 'A 200 text/html page, as an auth proxy sends: refused at once, since it is not a stream.' },
  { value: 'server-error', label: 'Error event mid-stream', hint: 'A few tokens, then the protocol’s own error event: the run fails and keeps the partial reply.' },
  { value: 'drop', label: 'Drop mid-stream', hint: 'The socket closes before the end marker: the run fails and keeps the partial reply.' },
  { value: 'drop', label: 'Drop mid-stream + resume (Last-Event-ID)', hint: 'With event ids, the element reconnects with Last-Event-ID and carries on without repeating or losing text.', query: { ids: '1', fail: '1' } },
  { value: 'stall', label: 'Stall mid-stream (timeout)', hint: 'The server goes silent after a few tokens; the element’s timeout (5 s here) fails the run.', timeout: 5000 },
  { value: 'stall-headers', label: 'Stall before headers (timeout)', hint: 'No response at all; the timeout (5 s here) fails the run.', timeout: 5000 },
  { value: 'malformed', label: 'Malformed JSON event', hint: 'An event whose JSON is cut short arrives mid-reply; the log shows how the element reports it.' },
  { value: 'heartbeat', label: 'Heartbeats between slow tokens', hint: 'A `: heartbeat` comment every 50 ms between tokens 150 ms apart; the element ignores them.', query: { heartbeat: '50', delay: '150', chunk: '12' } },
  { value: 'split-utf8', label: 'UTF-8 split across chunks (CRLF)', hint: 'Every write is cut inside multi-byte characters and between \\r and \\n; try the 中文 prompt.' },
  { value: 'long-line', label: 'One 1 MiB line', hint: 'The whole reply is a single 1 MiB event; reading it must stay fast.' },
  { value: 'newline-tokens', label: 'Tokens that begin with newlines', hint: 'Tokens such as "\\n\\n## Title": the rendered markdown must not change.' },
  { value: 'single-newline', label: 'Server mistake: one newline between events', hint: 'Events end with a single newline instead of a blank line, a common bug in hand-written servers. The element still shows the text and warns in the console, naming the fix.' },
  { value: 'unframed', label: 'Server mistake: event stream without “data:” lines', hint: 'Content-Type says text/event-stream, but the body is bare text. The element shows it as plain text and warns in the console.' },
  { value: 'buffered', label: 'Server mistake: reply held back, then sent at once', hint: 'The whole reply arrives in one burst at the end, as behind a buffering proxy or compression. The element warns in the console, naming the fix.' },
  { value: 'unreadable', label: 'Server mistake: events with no text the protocol knows', hint: 'Events keep coming, but each is {"hello":"world"}. The element warns in the console, listing the keys it saw and pointing to parseEvent.' },
  { value: 'no-cors', label: 'Server mistake: no CORS headers', hint: 'The answer carries no CORS headers. On this page (same origin) it still works; from another origin the browser blocks it, and the element says why.' },
];

const $ = <T extends Element = HTMLElement>(selector: string): T => {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`demo: missing ${selector}`);
  return found;
};

const chat = $<ChatStreamElement>('#chat');
const form = $<HTMLFormElement>('#controls');
const presetSelect = $<HTMLSelectElement>('#preset');
const faultSelect = $<HTMLSelectElement>('#fault');
const faultHint = $('#fault-hint');
const endpointOut = $<HTMLOutputElement>('#endpoint');
const extrasHint = $('#extras-hint');
const accentInput = $<HTMLInputElement>('#accent');
const statusBox = $('#status');
const statusText = $('#status-text');
const logList = $<HTMLOListElement>('#log');
const logEmpty = $('#log-empty');
const DEFAULT_ACCENT = accentInput.value;

for (const p of PRESETS) presetSelect.add(new Option(p.label, p.id));
FAULTS.forEach((f, i) => faultSelect.add(new Option(f.label, String(i))));

/** Short chip labels for the suggested prompts of replies.js, in the same order. */
const CHIP_LABELS = ['👋 Hello', 'React debounce', 'SSE vs WebSockets', 'nginx streaming', 'Undo a git commit', 'async/await 中文·日本語', 'العربية · עברית', 'Big CSV in Python', '15 KB guide'];

const suggestionBox = $('#suggestions');
suggestions.forEach((prompt, i) => {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'chip';
  button.textContent = CHIP_LABELS[i] ?? prompt;
  button.title = prompt;
  button.addEventListener('click', () => void send(prompt));
  suggestionBox.append(button);
});

// ---- state <-> URL, so a configuration can be shared and the screenshot script can set one up ----

const params = new URLSearchParams(location.search);
const initialPreset = PRESETS.some((p) => p.id === params.get('preset')) ? params.get('preset')! : 'openai';
presetSelect.value = initialPreset;
const initialFault = FAULTS.findIndex((f) => f.value === (params.get('fault') ?? '') && !!f.query?.ids === (params.get('ids') === '1'));
faultSelect.value = String(Math.max(0, initialFault));
setRadio('speed', params.get('speed') === 'fast' ? 'fast' : 'realistic');
setRadio('theme', ['light', 'dark'].includes(params.get('theme') ?? '') ? params.get('theme')! : 'auto');
if (/^#[0-9a-f]{6}$/i.test(params.get('accent') ?? '')) accentInput.value = params.get('accent')!;
$<HTMLInputElement>('#no-caret').checked = params.has('no-caret');
$<HTMLInputElement>('#allow-images').checked = params.has('allow-images');
for (const { name } of EXTRAS) $<HTMLInputElement>(`#${name}`).checked = params.get(name) === '1';

function setRadio(name: string, value: string): void {
  const input = form.querySelector<HTMLInputElement>(`input[name="${name}"][value="${value}"]`);
  if (input) input.checked = true;
}

function radio(name: string): string {
  return form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? '';
}

function currentPreset(): Preset {
  return PRESETS.find((p) => p.id === presetSelect.value) ?? PRESETS[0];
}

function extraOn(name: (typeof EXTRAS)[number]['name']): boolean {
  return $<HTMLInputElement>(`#${name}`).checked;
}

/** Says, in plain words, which toggles the chosen format carries. */
function extrasHintText(preset: Preset): string {
  const missing = EXTRAS.filter(({ name }) => name !== 'reasoning' && !preset.carries[name]).map(({ words }) => words);
  const reasoning =
    preset.carries.reasoning === 'think-tag'
      ? 'This format has no field for reasoning, so the mock sends it inside <think>…</think> at the start of the text; the element shows it as reasoning all the same.'
      : 'Reasoning comes in this format’s own field and shows in a collapsible section above the reply.';
  const cannot = missing.length > 0 ? ` This format cannot carry ${missing.join(' or ')}.` : '';
  return `${reasoning}${cannot}`;
}

function currentFault(): Fault {
  return FAULTS[Number(faultSelect.value)] ?? FAULTS[0];
}

let runKey = '';

/** A new key per run, so a fault limited with `fail=1` hits the first attempt of every run. */
function nextRunKey(): void {
  runKey = `demo-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** The query every mock request carries: fault, its options, speed. */
function mockQuery(): URLSearchParams {
  const q = new URLSearchParams();
  const fault = currentFault();
  if (fault.value) q.set('fault', fault.value);
  if (radio('speed') === 'fast') q.set('delay', '0');
  for (const { name } of EXTRAS) if (extraOn(name)) q.set(name, '1');
  for (const [k, v] of Object.entries(fault.query ?? {})) q.set(k, v);
  if (fault.query?.fail) q.set('key', runKey);
  return q;
}

function withQuery(path: string, q: URLSearchParams): string {
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** POSTs the conversation to /mock/seed, then streams the reply from GET /mock/stream/:id. */
async function seedThenStream(ctx: RequestContext): Promise<RequestSpec> {
  const res = await ctx.fetch('/mock/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof ctx.request.body === 'string' ? ctx.request.body : JSON.stringify(ctx.request.body ?? { messages: ctx.messages }),
    signal: ctx.signal,
  });
  if (!res.ok) throw new Error(`seed failed: HTTP ${res.status}`);
  const seed = (await res.json()) as { id: string; url?: string };
  return { url: withQuery(seed.url ?? `/mock/stream/${encodeURIComponent(seed.id)}`, mockQuery()), method: 'GET' };
}

function apply(): void {
  const preset = currentPreset();
  const fault = currentFault();
  const theme = radio('theme');
  const noCaret = $<HTMLInputElement>('#no-caret').checked;
  const allowImages = $<HTMLInputElement>('#allow-images').checked;
  const accentChanged = accentInput.value.toLowerCase() !== DEFAULT_ACCENT;

  // The seed flow's URLs come from prepareRequest; the endpoint is only what `start` reports.
  const endpoint = preset.seed ? preset.path : withQuery(preset.path, mockQuery());
  chat.endpoint = endpoint;
  // The cast goes once the element's ChatStreamProtocol lists 'ai-sdk' and 'gemini'.
  chat.protocol = preset.protocol as ChatStreamProtocol;
  chat.method = preset.method ?? 'POST';
  chat.prepareRequest = preset.seed ? seedThenStream : undefined;
  chat.timeout = fault.timeout ?? 30000;
  chat.theme = theme as ChatStreamElement['theme'];
  chat.noCaret = noCaret;
  chat.allowImages = allowImages;
  chat.accent = accentChanged ? accentInput.value : undefined;

  document.documentElement.dataset.theme = theme;
  document.documentElement.style.setProperty('--accent', accentInput.value);
  faultHint.textContent = fault.hint;
  extrasHint.textContent = extrasHintText(preset);

  const request = preset.seed
    ? `POST /mock/seed → GET ${withQuery('/mock/stream/:id', mockQuery())}`
    : `${preset.method ?? 'POST'} ${endpoint}${preset.method === 'GET' ? (endpoint.includes('?') ? '&' : '?') + 'prompt=…' : ''}`;
  const attrs = `protocol="${preset.protocol}"${fault.timeout ? ` timeout="${fault.timeout}"` : ''}`;
  endpointOut.value = `${runKey ? request.replace(runKey, '<per-run>') : request}\n${attrs}`;

  const q = new URLSearchParams();
  if (preset.id !== 'openai') q.set('preset', preset.id);
  if (fault.value) q.set('fault', fault.value);
  if (fault.query?.ids) q.set('ids', '1');
  if (radio('speed') === 'fast') q.set('speed', 'fast');
  if (theme !== 'auto') q.set('theme', theme);
  if (accentChanged) q.set('accent', accentInput.value);
  if (noCaret) q.set('no-caret', '');
  if (allowImages) q.set('allow-images', '');
  for (const { name } of EXTRAS) if (extraOn(name)) q.set(name, '1');
  if (params.has('csp')) q.set('csp', '');
  const search = q.toString().replace(/=(?=&|$)/g, '');
  history.replaceState(null, '', search ? `?${search}` : location.pathname);
}

form.addEventListener('input', apply);
form.addEventListener('change', apply);
form.addEventListener('submit', (e) => e.preventDefault());
$('#accent-reset').addEventListener('click', () => {
  accentInput.value = DEFAULT_ACCENT;
  apply();
});

// ---- actions ----

async function send(prompt: string): Promise<void> {
  if (chat.status === 'streaming') chat.stop();
  try {
    await chat.send(prompt);
  } catch {
    // The error event already tells the log what happened.
  }
}

$('#clear').addEventListener('click', () => chat.clear());
$('#restore').addEventListener('click', () => {
  const history: ChatMessage[] = [
    { role: 'user', content: 'What does `messages` do?' },
    {
      role: 'assistant',
      content:
        'Setting **`messages`** restores a conversation, for example one saved on your server:\n\n```js\nchat.messages = await (await fetch("/api/history")).json();\n```\n\nThe next `send()` continues from it.',
    },
  ];
  chat.messages = history;
  addRow('messages', `restored ${history.length} messages`);
});

// ---- the proxy preset is offered only when the dev server has OPENAI_BASE_URL ----

async function probeProxy(): Promise<void> {
  const option = [...presetSelect.options].find((o) => o.value === 'proxy');
  if (!option) return;
  option.disabled = true;
  option.text = 'Your OpenAI-compatible server (proxy) — set OPENAI_BASE_URL';
  // The demo's vite plugin says whether OPENAI_BASE_URL is set; elsewhere, ask the proxy (501 = off).
  let on = document.querySelector<HTMLMetaElement>('meta[name="chat-stream-demo-proxy"]')?.content;
  if (!on) {
    try {
      const res = await fetch('/mock/proxy/openai', { method: 'HEAD' });
      on = res.status === 501 || res.status === 404 ? 'off' : 'on';
    } catch {
      on = 'off';
    }
  }
  if (on === 'on') {
    option.disabled = false;
    option.text = 'Your OpenAI-compatible server (proxy)';
  } else if (presetSelect.value === 'proxy') {
    presetSelect.value = 'openai';
    apply();
  }
}

// ---- event log ----

const MAX_ROWS = 200;
let runStartedAt = 0;
let tokenRow: { row: HTMLLIElement; count: number; chars: number; detail: HTMLElement } | null = null;
let reasoningRow: { row: HTMLLIElement; count: number; detail: HTMLElement } | null = null;

function time(): string {
  const d = new Date();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function addRow(kind: string, text: string, extra?: string): HTMLLIElement {
  const row = document.createElement('li');
  row.className = `log-row log-${kind}`;
  const stamp = document.createElement('time');
  stamp.textContent = time();
  const name = document.createElement('span');
  name.className = 'log-name';
  name.textContent = kind;
  const detail = document.createElement('span');
  detail.className = 'log-detail';
  detail.textContent = text;
  row.append(stamp, name, detail);
  if (extra) {
    const more = document.createElement('span');
    more.className = 'log-extra';
    more.textContent = extra;
    row.append(more);
  }
  const atBottom = logList.scrollHeight - logList.scrollTop - logList.clientHeight < 24;
  logList.append(row);
  while (logList.children.length > MAX_ROWS) logList.firstElementChild?.remove();
  logEmpty.hidden = true;
  if (atBottom) logList.scrollTop = logList.scrollHeight;
  return row;
}

function ms(n: number | null | undefined): string {
  return n == null ? '—' : n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`;
}

function preview(s: string, max = 48): string {
  const one = JSON.stringify(s);
  return one.length > max ? `${one.slice(0, max - 1)}…"` : one;
}

function setStatus(): void {
  const status = chat.status ?? 'idle';
  statusBox.dataset.status = status;
  statusText.textContent = status;
}

chat.addEventListener('start', (e) => {
  const { request, messages } = e.detail;
  runStartedAt = performance.now();
  tokenRow = null;
  reasoningRow = null;
  addRow('start', `${request.method} ${request.url}`, `${messages.length} message${messages.length === 1 ? '' : 's'}`);
  queueMicrotask(setStatus);
});

chat.addEventListener('token', (e) => {
  const { token, text } = e.detail;
  if (!tokenRow) {
    const row = addRow('token', '');
    tokenRow = { row, count: 0, chars: 0, detail: row.querySelector('.log-detail')! };
    setStatus();
  }
  tokenRow.count++;
  tokenRow.chars = text.length;
  tokenRow.row.querySelector('.log-name')!.textContent = `token ×${tokenRow.count}`;
  tokenRow.detail.textContent = `${tokenRow.chars.toLocaleString()} chars`;
  tokenRow.detail.title = `last token: ${preview(token, 80)}`;
});

// `reasoning` and `tool-call` are v2 events; they are read through a plain Event until the
// element's typed event map declares them.
chat.addEventListener('reasoning', (event: Event) => {
  const { text } = (event as CustomEvent<{ token: string; text: string }>).detail;
  if (!reasoningRow) {
    const row = addRow('reasoning', '');
    reasoningRow = { row, count: 0, detail: row.querySelector('.log-detail')! };
  }
  reasoningRow.count++;
  reasoningRow.row.querySelector('.log-name')!.textContent = `reasoning ×${reasoningRow.count}`;
  reasoningRow.detail.textContent = `${text.length.toLocaleString()} chars`;
});

chat.addEventListener('tool-call', (event: Event) => {
  const { name, state, arguments: args, output } = (event as CustomEvent<{ name: string; state: string; arguments: string; output?: unknown }>).detail;
  tokenRow = null;
  addRow('tool-call', `${name} · ${state}`, output === undefined ? `arguments ${preview(args, 60)}` : `output ${preview(JSON.stringify(output), 60)}`);
});

chat.addEventListener('done', (e) => {
  const { reason, durationMs, firstTokenMs, text } = e.detail;
  tokenRow = null;
  addRow('done', `reason: ${reason}`, `${ms(durationMs)} total · first token ${ms(firstTokenMs)} · ${text.length.toLocaleString()} chars`);
  queueMicrotask(setStatus);
});

chat.addEventListener('error', (e) => {
  const { error, status, text } = e.detail;
  tokenRow = null;
  const elapsed = runStartedAt ? ` after ${ms(performance.now() - runStartedAt)}` : '';
  addRow('error', `${status ? `HTTP ${status} · ` : ''}${error?.message ?? String(error)}`, `partial text: ${text.length.toLocaleString()} chars${elapsed}`);
  queueMicrotask(setStatus);
});

$('#log-clear').addEventListener('click', () => {
  logList.replaceChildren();
  tokenRow = null;
  logEmpty.hidden = false;
});

// A fresh key after every run, so the next run meets the fault again.
for (const type of ['done', 'error'] as const) {
  chat.addEventListener(type, () => {
    nextRunKey();
    apply();
  });
}

nextRunKey();
apply();
setStatus();
void probeProxy();
