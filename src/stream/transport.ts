/**
 * The transport: sends one reply's request and reads its answer — SSE, NDJSON or plain text —
 * through fetch-event-source, wrapped so none of its defaults can hurt, with the contract's retry,
 * resume and idle-timeout policy. It runs the server doctor's checks on what it sees (single-newline
 * framing, an unframed event stream, burst delivery, CORS, too many HTTP/1.1 streams) and reports
 * them through `onDiagnosis`; its error messages say what came back and what to check.
 */
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { ChatStreamError, messageOf, preview } from '../errors.js';
import type { BodyFormat, ResponseInfo } from '../protocol/reader.js';
import type { ChatStreamEvent } from '../types.js';
import { BodyReader, formatOf } from './body.js';
import { MAX_HTTP1_CONNECTIONS, burstDelivery, connections, cors, originOf, preflightHeaders, speaksHttp2 } from './doctor.js';
import type { Diagnosis } from './doctor.js';
import { DEFAULT_BACKOFF, decideRetry, parseRetryAfter } from './retry.js';
import type { BackoffOptions, RetryState } from './retry.js';
import type { SseState } from './sse.js';

/** What one reply needs from its caller. */
export interface TransportOptions {
  request: { url: string; method: string; headers: Record<string, string>; body?: string };
  credentials?: RequestCredentials | undefined;
  signal: AbortSignal;
  /** Milliseconds with no byte from the server (before the headers or mid-reply) before the run fails; heartbeats count. */
  timeout: number;
  /** Retries before the first text; also the cap on `Last-Event-ID` resumes. */
  maxRetries: number;
  /** Defaults to `globalThis.fetch`, looked up at call time. */
  fetch?: typeof fetch | undefined;
  /** Called once per response (each attempt) that is read, before any of its data: its media type, format and headers. */
  onOpen(info: ResponseInfo): void;
  /** One SSE event, or one NDJSON line as `{ event: '', data: line, id: '' }`. Returns true when it ended the reply. Throwing fails the run at once, never a re-send. */
  onEvent(ev: ChatStreamEvent): boolean;
  /** One decoded chunk of a plain-text body (`text/plain`, or a `text/event-stream` body with no SSE framing); its close ends the reply. */
  onText(chunk: string): void;
  /** The body ended (not called when an event already ended the reply): the caller flushes its reader, before `completeOnClose()` is asked. */
  onClose(): void;
  /** Whether the reply is complete if an SSE or NDJSON body closes now. */
  completeOnClose(): boolean;
  /** Whether any reply text has arrived: after that, no more retries, only `Last-Event-ID` resumes. */
  hasText(): boolean;
  /** Called before each retry or resume. */
  onRetry?(info: { attempt: number; delayMs: number; error: ChatStreamError; resume: boolean }): void;
  /** Overrides the delays between attempts (tests use short ones). */
  backoff?: Partial<BackoffOptions>;
  /** A server mistake seen in this reply (the element's `Doctor` warns once per kind). */
  onDiagnosis?(diagnosis: Diagnosis): void;
}

/** Streams in flight per origin, across every element of the page: the browser's connection limit is per origin. */
const inFlight = new Map<string, number>();

/** How many of this page's streams to `origin` are in flight now. */
export const streamsInFlight = (origin: string): number => inFlight.get(origin) ?? 0;

/** Counts one stream to `origin` in; returns the count and the function that counts it out (once). */
function countIn(origin: string): [open: number, release: () => void] {
  const open = streamsInFlight(origin) + 1;
  inFlight.set(origin, open);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    const left = streamsInFlight(origin) - 1;
    if (left > 0) inFlight.set(origin, left);
    else inFlight.delete(origin);
  };
  return [open, release];
}

/** Whether the page has loaded anything from `origin` over HTTP/2 or later (unknown counts as HTTP/1.1). */
function knownHttp2(origin: string): boolean {
  const entries = globalThis.performance?.getEntriesByType?.('resource') as PerformanceResourceTiming[] | undefined;
  return speaksHttp2(origin, entries ?? []);
}

/** The page's origin, when there is a page. */
const pageOrigin = (): string | undefined => {
  const origin = globalThis.location?.origin;
  return origin && origin !== 'null' ? origin : undefined;
};

/** Media types the transport reads, for error messages. */
const READABLE_TYPES = 'text/event-stream, application/x-ndjson (or application/jsonl) or text/plain';

/**
 * The start of a failed answer's body (its first chunk, enough to explain the failure), releasing the
 * connection, and its most useful line: a JSON error's message, else the start of the text.
 */
async function explain(body: ReadableStream<Uint8Array> | null): Promise<[text: string, reason: string]> {
  const reader = body?.getReader();
  const text = new TextDecoder().decode((await reader?.read().catch(() => undefined))?.value);
  reader?.cancel().catch(() => {});
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: quote it.
  }
  const { error, message } = json ?? {};
  return [text, preview([error, error?.message, message].find((m) => typeof m === 'string' && m) ?? text)];
}

/** What to check for a 2xx answer of a type the transport does not read. */
function contentTypeAdvice(type: string, status: number): string {
  if (status === 204) return 'The server answered with no body: check the endpoint URL and method.';
  const json = type === 'application/json' || type.endsWith('+json');
  return json
    ? `A JSON answer usually means the server ignored "stream": the endpoint must answer ${READABLE_TYPES}; check that the request asks for streaming and that protocol matches the server.`
    : `The endpoint must answer ${READABLE_TYPES}: check the URL (a login page or a proxy's error page answers 200 text/html).`;
}

/**
 * Streams one reply through fetch-event-source, wrapped so none of its defaults can hurt: it keeps
 * streaming in hidden tabs, checks status and content type, never retries on its own, never sends
 * again when a handler throws, and sends nothing for an already-aborted signal.
 *
 * Its `fetch` seam does the reading: it sends the request with `Last-Event-ID` once the server has
 * given ids, checks the answer, watches for idle time, and reads the body (`./body.ts`): the event
 * stream spec-exactly (the library drops empty leading `data:` lines and is quadratic on long
 * lines), NDJSON by lines, plain text as it comes. The library gets an empty body that ends or
 * fails when the reply does; it waits between attempts and stops on abort. Resolves when the reply
 * is complete or the signal aborts; rejects with a `ChatStreamError`.
 */
export async function streamReply(options: TransportOptions): Promise<void> {
  const { signal, request, timeout } = options;
  const { url } = request;
  // The library would send a request for an already-aborted signal (its issue #98).
  if (signal.aborted) return;
  try {
    // A bad URL or header would otherwise surface as a fetch TypeError, which looks like a network error.
    new Request(url, request);
  } catch (cause) {
    throw new ChatStreamError('config', `Invalid request: ${messageOf(cause)}`, { cause });
  }
  const page = pageOrigin();
  const origin = originOf(url, globalThis.location?.href);
  const diagnose = (diagnosis: Diagnosis) => options.onDiagnosis?.(diagnosis);

  // fetch-event-source's own signal: aborted when the caller stops or when the reply has ended.
  const stopper = new AbortController();
  const stop = () => stopper.abort();
  // Left in place after the run: the caller's controller is per run, and a late abort is harmless.
  signal.addEventListener('abort', stop);

  const state: RetryState & SseState = { retries: 0, resumes: 0, maxRetries: options.maxRetries, hasText: false, lastEventId: '' };
  let finished = false;
  /** Whether events still count: not after the end marker, not after a stop. */
  const live = () => !finished && !signal.aborted;
  let headersIn = false;
  let timedOut = false;
  /** The streams to this origin in flight when the idle timer fired (this one included). */
  let openAtTimeout = 0;
  /** Set when a no-cors probe showed the server up behind missing CORS headers: sending again would not help. */
  let corsBlocked = false;
  /** The no-cors probe's answer: whether the server is up. */
  let probe: Promise<boolean> | undefined;
  /** Counts the attempt in flight out of `inFlight`. */
  let release = () => {};
  // The attempt in flight: aborted by the library (stop, end, or its error path) and by the idle timer.
  let attempt: AbortController;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Restarts the idle timer, or only stops it (disabled for a non-positive or overlong `timeout`). */
  const idle = (restart?: unknown) => {
    clearTimeout(timer);
    if (restart && timeout > 0 && timeout < 2 ** 31) {
      timer = setTimeout(() => {
        timedOut = true;
        openAtTimeout = streamsInFlight(origin);
        attempt.abort();
      }, timeout);
    }
  };
  const fetchFn = (input: string, init: RequestInit) => (options.fetch ?? fetch)(input, init);

  /** The error for a fetch that rejected before any answer: CORS (after a probe), or a server out of reach. */
  const unreachable = async (err: unknown, init: RequestInit): Promise<ChatStreamError> => {
    const crossOrigin = !!page && !!origin && origin !== page;
    if (crossOrigin && err instanceof TypeError) {
      // An opaque GET gets through without CORS headers: if it resolves, the server is up and CORS is
      // what failed. Once per run: a retry that fails the same way learns nothing new from another.
      probe ??= fetchFn(url, { mode: 'no-cors', method: 'GET', credentials: options.credentials, signal: init.signal ?? null }).then(
        () => true,
        () => false,
      );
      const up = await probe;
      if (up) {
        corsBlocked = true;
        const diagnosis = cors({ url, origin: page, method: request.method, headers: preflightHeaders(init.headers as Record<string, string>), credentials: options.credentials });
        diagnose(diagnosis);
        return new ChatStreamError('network', `Cannot reach ${url}: ${messageOf(err)}. ${diagnosis.message}`, { cause: err });
      }
    }
    const check = crossOrigin
      ? `the server may be down or the URL wrong, or (for this cross-origin URL) its CORS headers may be missing — it must answer with "Access-Control-Allow-Origin: ${page}".`
      : 'the server may be down, the URL wrong, or the network offline.';
    return new ChatStreamError('network', `Cannot reach ${url}: ${messageOf(err)}. Check the endpoint: ${check}`, { cause: err });
  };

  const seam = async (_: unknown, init?: RequestInit): Promise<Response> => {
    const current = (attempt = new AbortController());
    init!.signal!.addEventListener('abort', () => current.abort());
    headersIn = timedOut = false;
    state.retryAfterMs = undefined;
    idle(1);
    const { lastEventId } = state;
    const sent: RequestInit = {
      ...request,
      credentials: options.credentials,
      headers: lastEventId ? { ...request.headers, 'Last-Event-ID': lastEventId } : request.headers,
      signal: current.signal,
    };
    release();
    const [open, releaseThis] = countIn(origin);
    release = releaseThis;
    current.signal.addEventListener('abort', releaseThis);
    if (open > MAX_HTTP1_CONNECTIONS && !knownHttp2(origin)) diagnose(connections(origin, open));
    const startedAt = performance.now();
    let response: Response;
    try {
      response = await fetchFn(url, sent);
    } catch (err) {
      // A stop or the idle timer: the library's error path tells them apart.
      if (current.signal.aborted) throw err;
      throw await unreachable(err, sent);
    }
    headersIn = true;
    idle(1);

    const { ok, status, statusText, headers, body } = response;
    const contentType = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const declared = formatOf(contentType);
    if (!ok || !declared || !body) {
      const [text, reason] = await explain(body);
      idle();
      state.retryAfterMs = parseRetryAfter(headers.get('retry-after'), Date.now());
      const advice = ok ? ` ${contentTypeAdvice(contentType, status)}` : '';
      throw new ChatStreamError(
        ok ? 'content-type' : 'http',
        `HTTP ${status}${statusText && ` ${statusText}`}${ok ? `, not an event stream: ${contentType || 'no content type'}` : ''}${reason && `: ${reason}`}${ok ? '.' : ''}${advice}`,
        { status, body: preview(text, 500) },
      );
    }

    /** Reports a burst delivery of this response (once, at its end). */
    let checked = false;
    const checkBurst = () => {
      if (checked) return;
      checked = true;
      const diagnosis = burstDelivery({ startedAt, times: reader.arrivals, endedAt: performance.now() });
      if (diagnosis) diagnose(diagnosis);
    };
    const reader = new BodyReader(
      declared,
      state,
      {
        open: (format: BodyFormat) => live() && options.onOpen({ contentType, format, headers }),
        event: (ev) => {
          if (live() && options.onEvent(ev)) {
            finished = true;
            checkBurst();
            stop();
          }
        },
        text: (chunk) => live() && options.onText(chunk),
        diagnose,
      },
      () => performance.now(),
    );
    /** Reads one chunk, or the end of the body when `bytes` is undefined. */
    const read = (bytes?: Uint8Array) => {
      idle(bytes);
      try {
        if (bytes) reader.push(bytes);
        else {
          reader.end();
          if (live()) {
            options.onClose();
            checkBurst();
          }
        }
      } catch (cause) {
        // A reader's own `ChatStreamError` (malformed data, a server's error event) stays as it is.
        throw cause instanceof ChatStreamError ? cause : new ChatStreamError('handler', `Handler threw: ${messageOf(cause)}`, { cause });
      }
      if (!bytes) release();
      if (!bytes && reader.format !== 'text' && live() && !options.completeOnClose()) {
        throw new ChatStreamError(
          'incomplete',
          "The stream closed before the end of the reply (the protocol's end marker never came: data: [DONE], message_stop, finish, \"done\": true…). " +
            'Check that the server sends its end marker before closing, that protocol matches the server, and that no proxy cuts long responses (nginx proxy_read_timeout); a server that sends id: fields lets the element resume.',
        );
      }
    };
    // The library reads nothing from this body: it ends when the reply does, or fails with its error.
    return { body: body.pipeThrough(new TransformStream({ transform: read, flush: () => read() })) } as Response;
  };

  /** The error of a failed attempt that is not yet a `ChatStreamError`. */
  const failure = (err: unknown): ChatStreamError => {
    if (timedOut) {
      const open = openAtTimeout;
      const waiting =
        open > MAX_HTTP1_CONNECTIONS && !knownHttp2(origin)
          ? ` ${open} streams to ${origin} are open: over HTTP/1.1 the browser allows ${MAX_HTTP1_CONNECTIONS} connections per origin, so this one may be waiting for a free connection — serve the endpoint over HTTP/2 or share one stream.`
          : '';
      const what = headersIn
        ? 'mid-reply. The model may have stalled, or a buffering proxy (nginx proxy_buffering) or compression middleware is holding the reply back: send "X-Accel-Buffering: no" or set "proxy_buffering off;", have the server send a heartbeat comment (": ping\\n\\n") every few seconds while the model thinks, or raise timeout.'
        : 'before the server answered (no response headers). Check that the server is up and the endpoint right, or raise timeout for a model that takes long to start.';
      return new ChatStreamError('timeout', `No data for ${timeout} ms ${what}${waiting}`);
    }
    if (headersIn) {
      return new ChatStreamError(
        'network',
        `Connection lost: ${messageOf(err)}. The connection broke mid-reply (a server restart, a proxy or load-balancer timeout, or the network); a server that sends id: fields lets the element resume with Last-Event-ID.`,
        { cause: err },
      );
    }
    return new ChatStreamError('network', `Cannot reach ${url}: ${messageOf(err)}`, { cause: err });
  };

  await fetchEventSource(url, {
    signal: stopper.signal,
    // Its default aborts in a hidden tab and sends the whole request again when the tab is shown.
    openWhenHidden: true,
    fetch: seam,
    // The seam has checked the answer.
    async onopen() {},
    onerror(err: unknown): number {
      // Counted out after the timeout's message has counted the streams open with it.
      const error = err instanceof ChatStreamError ? err : failure(err);
      release();
      if (corsBlocked) throw error;
      state.hasText = options.hasText();
      const decision = decideRetry(error, state, { ...DEFAULT_BACKOFF, ...options.backoff });
      if (decision.action === 'fail') throw decision.error;
      const resume = decision.action === 'resume';
      state[resume ? 'resumes' : 'retries']++;
      options.onRetry?.({ ...decision, error, resume });
      return decision.delayMs;
    },
  }).finally(() => {
    idle();
    release();
  });
}
