/**
 * The server doctor: names the six server mistakes of the contract ("Server mistakes") — events
 * separated by a single newline, a `text/event-stream` body with no SSE framing, a reply held back
 * and delivered in bursts, a cross-origin request without CORS headers, more than six streams to
 * one HTTP/1.1 origin, and events with no text the protocol can read. It owns the warning texts
 * (each names the exact fix), the pure checks the transport runs on what it saw (the first line of a
 * body, arrival times, the protocols in the page's resource timings), and `Doctor`, which warns once
 * per kind per element. It watches and explains; recovering is the transport's part.
 */
import { preview } from '../errors.js';

/** The server mistakes the doctor names. */
export type DiagnosisKind = 'single-newline' | 'unframed' | 'buffered' | 'cors' | 'connections' | 'unreadable';

/** One named server mistake: `message` is the whole warning, fix included (without the `<chat-stream>` prefix). */
export interface Diagnosis {
  kind: DiagnosisKind;
  message: string;
}

/** What starts every warning on the console. */
export const WARNING_PREFIX = '<chat-stream>';

/** The browser's limit of concurrent HTTP/1.1 connections per origin (Chromium, Firefox, Safari). */
export const MAX_HTTP1_CONNECTIONS = 6;

/** Events (or NDJSON lines) fewer than this are too few to call a delivery bursty. */
export const BURST_MIN_EVENTS = 8;
/**
 * A reply that took less than this from request to end is fast, never buffered. Half a second: a
 * short reply that FastAPI streams word by word behind a buffering nginx (15 words at 40 ms) arrives
 * in one piece after about 600 ms, and a user sees nothing, then everything.
 */
export const BURST_MIN_DURATION_MS = 500;
/** Arrivals within this of a burst's first arrival belong to that burst. */
export const BURST_WINDOW_MS = 50;
/** At most this many bursts… */
export const BURST_MAX_BURSTS = 3;
/** …holding at least this share of the events make a burst delivery. */
export const BURST_SHARE = 0.9;

/** Longest preview of server data quoted in a warning. */
const SAMPLE_CHARS = 80;

/**
 * Events separated by a single newline: `data: a\ndata: b\n…` with no blank line between events,
 * which the SSE rules join into one event. `sample` is the start of what arrived.
 */
export function singleNewline(sample: string): Diagnosis {
  return {
    kind: 'single-newline',
    message:
      `The server separates its events with a single newline ("${preview(sample, SAMPLE_CHARS)}"): by the SSE rules, ` +
      'data: lines with no blank line between them are one event, so the reply would arrive all at once and its end marker would be shown as text. ' +
      'Each data: line is read as its own event for now. ' +
      'Fix the server: end every event with a blank line, "data: <payload>\\n\\n" ' +
      '(Go: fmt.Fprintf(w, "data: %s\\n\\n", chunk) then flusher.Flush(); Node: res.write(`data: ${chunk}\\n\\n`); Python: yield f"data: {chunk}\\n\\n").',
  };
}

/**
 * A `text/event-stream` body that is not SSE: `firstLine` has none of the `data:`, `event:`,
 * `id:`, `retry:` or `:` fields (a framework streaming bare text under the SSE media type).
 */
export function unframed(firstLine: string): Diagnosis {
  return {
    kind: 'unframed',
    message:
      `The reply is served as text/event-stream but is not framed as SSE: its first line, "${preview(firstLine, SAMPLE_CHARS)}", ` +
      'has no data:, event:, id:, retry: or ":" field. It is shown as plain text. ' +
      'Fix the server: frame each chunk as an event, "data: <chunk>\\n\\n" (one data: line per line of a chunk that holds newlines; ' +
      'FastAPI: yield f"data: {chunk}\\n\\n" from the StreamingResponse generator), ' +
      'or serve bare text as text/plain: StreamingResponse(gen(), media_type="text/plain; charset=utf-8").',
  };
}

/** A reply held back and delivered at once: `events` arrived in `bursts` bursts, `durationMs` after the request. */
export function buffered(events: number, bursts: number, durationMs: number): Diagnosis {
  return {
    kind: 'buffered',
    message:
      `The reply's ${events} events arrived in ${bursts} burst${bursts === 1 ? '' : 's'}, ${Math.round(durationMs)} ms after the request, instead of one by one: ` +
      'something between the model and the browser holds the stream back — a buffering proxy (nginx buffers by default) or compression middleware. ' +
      'Fix: send the response header "X-Accel-Buffering: no", or put "proxy_buffering off;" (and "gzip off;") in the nginx location that proxies the stream; ' +
      'leave text/event-stream out of compression (Express compression() filter, Next.js compress: false); and flush after each event. ' +
      '(A model that is silent for a long time and then answers in a rush looks the same; if that is yours, ignore this.)',
  };
}

/** What the CORS warning needs to name the exact headers. */
export interface CorsRequest {
  /** The request's URL, as given. */
  url: string;
  /** The page's origin, which `Access-Control-Allow-Origin` must name. */
  origin: string;
  method: string;
  /** The request's header names (any case). */
  headers: string[];
  credentials?: RequestCredentials | undefined;
}

/** Header names a cross-origin request may send without a preflight allowing them. */
const SAFELISTED_HEADERS = /^(accept|accept-language|content-language)$/i;
/** `Content-Type` values that need no preflight. */
const SIMPLE_CONTENT_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\s*(;|$)/i;

/**
 * The request headers a preflight must allow (lower-cased, in order): all but the safelisted ones,
 * and `content-type` unless its value is one of the three simple types.
 */
export function preflightHeaders(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name, value]) => !SAFELISTED_HEADERS.test(name) && !(/^content-type$/i.test(name) && SIMPLE_CONTENT_TYPE.test(value)))
    .map(([name]) => name.toLowerCase());
}

/** A cross-origin request the browser blocked for want of CORS headers, while the server was up (a no-cors probe got through). */
export function cors({ url, origin, method, headers, credentials }: CorsRequest): Diagnosis {
  const allowHeaders = headers.length > 0 ? headers.join(', ') : 'content-type';
  const withCredentials = credentials === 'include';
  return {
    kind: 'cors',
    message:
      `The browser blocked the request to ${url}: the server is up (a no-cors probe reached it) but its answer has no CORS headers for this page's origin, ${origin}. ` +
      `Fix the server: answer with "Access-Control-Allow-Origin: ${origin}"` +
      (withCredentials ? ' and "Access-Control-Allow-Credentials: true" (credentials are sent, so not "*")' : '') +
      `, and answer the preflight OPTIONS request with 204, "Access-Control-Allow-Methods: ${method.toUpperCase()}" and "Access-Control-Allow-Headers: ${allowHeaders}". ` +
      "Or serve the endpoint from the page's own origin (a same-origin proxy).",
  };
}

/** More than six streams open at once to an origin not known to speak HTTP/2. */
export function connections(origin: string, open: number): Diagnosis {
  return {
    kind: 'connections',
    message:
      `${open} streams to ${origin} are open at once, and it is not known to speak HTTP/2: over HTTP/1.1 the browser opens at most ${MAX_HTTP1_CONNECTIONS} connections per origin, ` +
      `so a stream beyond the ${MAX_HTTP1_CONNECTIONS}th waits until another ends (and may time out). ` +
      'Fix: serve the endpoint over HTTP/2 (nginx: "listen 443 ssl http2;", or "http2 on;" from nginx 1.25.1), or share one stream between the elements.',
  };
}

/** Events that keep coming but carry nothing `protocol` reads: `keys` are the JSON keys seen. */
export function unreadable(keys: string[], protocol: string): Diagnosis {
  const seen = keys.length > 0 ? keys.map((key) => `"${key}"`).join(', ') : 'none';
  return {
    kind: 'unreadable',
    message:
      `Events keep arriving but none has text the "${protocol}" protocol can read: their JSON has the keys ${seen} and none of the fields it knows. ` +
      'Set protocol to the server\'s format (openai, anthropic, ai-sdk, gemini, json, text or auto), ' +
      'or give the element a parseEvent function that returns each event\'s text, e.g. el.parseEvent = (ev) => JSON.parse(ev.data).yourField ?? null.',
  };
}

/** Warns once per kind: one instance per element, so a page with two elements hears of each. */
export class Doctor {
  private readonly reported = new Set<DiagnosisKind>();

  constructor(private readonly warn: (message: string) => void = (message) => console.warn(message)) {}

  /** Warns with the diagnosis (prefixed `<chat-stream>`) unless this kind was reported before. */
  report(diagnosis: Diagnosis): void {
    if (this.reported.has(diagnosis.kind)) return;
    this.reported.add(diagnosis.kind);
    this.warn(`${WARNING_PREFIX} ${diagnosis.message}`);
  }

  /** Whether this kind has been reported. */
  has(kind: DiagnosisKind): boolean {
    return this.reported.has(kind);
  }
}

/** An SSE field line: `data`, `event`, `id` or `retry` (with a value or none), or a comment. */
const SSE_LINE = /^(?:(?:data|event|id|retry)(?::|$)|:)/;
const FIELD_NAMES = ['data', 'event', 'id', 'retry'];
/** The start of a field line that no further character can unmake. */
const SSE_FIELD_START = /^(?:(?:data|event|id|retry):|:)/;

/**
 * Whether a `text/event-stream` body is SSE, from its decoded start: true or false once its first
 * non-blank line tells, `undefined` while that line could still become a field (`da`, `ret`…).
 * `ended` says the body is complete. An empty or blank body counts as SSE (there is nothing to show).
 */
export function sniffSse(start: string, ended: boolean): boolean | undefined {
  const rest = start.replace(/^[\r\n]+/, '');
  const end = rest.search(/[\r\n]/);
  const line = end < 0 ? rest : rest.slice(0, end);
  if (end >= 0 || ended) return rest === '' || SSE_LINE.test(line);
  if (line === '') return undefined;
  // Unfinished, `data` could still become `database`: only a colon makes it a field.
  if (SSE_FIELD_START.test(line)) return true;
  return FIELD_NAMES.some((name) => name.startsWith(line)) ? undefined : false;
}

/** The first non-blank line of a body's start (for the unframed warning). */
export const firstLine = (start: string): string => start.replace(/^[\r\n]+/, '').split(/[\r\n]/, 1)[0]!;

/** What the burst check needs: when the request was sent, when each event arrived, when the body ended (ms, one clock). */
export interface Arrivals {
  startedAt: number;
  times: readonly number[];
  endedAt: number;
}

/** Groups arrival times into bursts: each burst holds the arrivals within `BURST_WINDOW_MS` of its first. Returns the sizes. */
export function burstSizes(times: readonly number[]): number[] {
  const sizes: number[] = [];
  let burstStart = -Infinity;
  for (const time of times) {
    if (time - burstStart > BURST_WINDOW_MS) {
      burstStart = time;
      sizes.push(0);
    }
    sizes[sizes.length - 1]!++;
  }
  return sizes;
}

/**
 * The `buffered` diagnosis when a reply was held back and delivered at once: at least
 * `BURST_MIN_EVENTS` events, at least `BURST_MIN_DURATION_MS` from request to end, and at most
 * `BURST_MAX_BURSTS` bursts holding `BURST_SHARE` of the events. Undefined for a paced stream and
 * for a fast one.
 */
export function burstDelivery({ startedAt, times, endedAt }: Arrivals): Diagnosis | undefined {
  const duration = endedAt - startedAt;
  if (times.length < BURST_MIN_EVENTS || duration < BURST_MIN_DURATION_MS) return undefined;
  const sizes = burstSizes(times).sort((a, b) => b - a);
  const top = sizes.slice(0, BURST_MAX_BURSTS);
  const held = top.reduce((sum, size) => sum + size, 0);
  if (held < BURST_SHARE * times.length) return undefined;
  // Bursts beyond the few that hold the reply are stragglers: name the ones that count.
  return buffered(times.length, top.length, duration);
}

/** A resource timing's URL and protocol (`PerformanceResourceTiming` has both). */
export interface ProtocolEntry {
  name: string;
  nextHopProtocol?: string;
}

/** ALPN ids of HTTP/2 and HTTP/3 (`h2`, `h2c`, `h3`, `h3-29`, `hq…`). */
const MULTIPLEXED = /^(h2|h3|hq)/i;

/** Whether any resource of `origin` in `entries` came over HTTP/2 or later; unknown counts as HTTP/1.1. */
export function speaksHttp2(origin: string, entries: readonly ProtocolEntry[]): boolean {
  return entries.some((entry) => MULTIPLEXED.test(entry.nextHopProtocol ?? '') && originOf(entry.name) === origin);
}

/** The origin of a URL, resolved against `base`; `''` when it does not parse. */
export function originOf(url: string, base?: string): string {
  try {
    return new URL(url, base).origin;
  } catch {
    return '';
  }
}
