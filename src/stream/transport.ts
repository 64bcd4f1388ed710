import { fetchEventSource } from '@microsoft/fetch-event-source';
import { ChatStreamError, messageOf, preview } from '../errors.js';
import type { ChatStreamEvent } from '../types.js';
import { DEFAULT_BACKOFF, decideRetry, parseRetryAfter } from './retry.js';
import type { BackoffOptions, RetryState } from './retry.js';
import { SSE_TYPE } from '../request.js';
import { createSseDecoder } from './sse.js';

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
  /** One SSE event. Returns true when it ended the reply. Throwing fails the run at once, never a re-send. */
  onEvent(ev: ChatStreamEvent): boolean;
  /** One decoded chunk of a `text/plain` reply (its close ends the reply). */
  onText(chunk: string): void;
  /** Whether the reply is complete if the stream closes now. */
  completeOnClose(): boolean;
  /** Whether any reply text has arrived: after that, no more retries, only `Last-Event-ID` resumes. */
  hasText(): boolean;
  /** Called before each retry or resume. */
  onRetry?(info: { attempt: number; delayMs: number; error: ChatStreamError; resume: boolean }): void;
  /** Overrides the delays between attempts (tests use short ones). */
  backoff?: Partial<BackoffOptions>;
}

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
  return [text, preview([error, error?.message, message].find((m) => typeof m == 'string' && m) ?? text)];
}

/**
 * Streams one reply through fetch-event-source, wrapped so none of its defaults can hurt: it keeps
 * streaming in hidden tabs, checks status and content type, never retries on its own, never sends
 * again when a handler throws, and sends nothing for an already-aborted signal.
 *
 * Its `fetch` seam does the reading: it sends the request with `Last-Event-ID` once the server has
 * given ids, checks the answer, watches for idle time, reads `text/plain` bodies, and decodes the
 * event stream spec-exactly (the library drops empty leading `data:` lines and is quadratic on long
 * lines). The library gets an empty body that ends or fails when the reply does; it waits between
 * attempts and stops on abort. Resolves when the reply is complete or the signal aborts; rejects
 * with a `ChatStreamError`.
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

  // fetch-event-source's own signal: aborted when the caller stops or when the reply has ended.
  const stopper = new AbortController();
  const stop = () => stopper.abort();
  // Left in place after the run: the caller's controller is per run, and a late abort is harmless.
  signal.addEventListener('abort', stop);

  const state: RetryState = { retries: 0, resumes: 0, maxRetries: options.maxRetries, hasText: false, lastEventId: '' };
  let finished = false;
  /** Whether events still count: not after the end marker, not after a stop. */
  const live = () => !finished && !signal.aborted;
  let headersIn = false;
  let timedOut = false;
  // The attempt in flight: aborted by the library (stop, end, or its error path) and by the idle timer.
  let attempt: AbortController;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Restarts the idle timer, or only stops it (disabled for a non-positive or overlong `timeout`). */
  const idle = (restart?: unknown) => {
    clearTimeout(timer);
    if (restart && timeout > 0 && timeout < 2 ** 31) {
      timer = setTimeout(() => {
        timedOut = true;
        attempt.abort();
      }, timeout);
    }
  };

  const seam = async (_: unknown, init?: RequestInit): Promise<Response> => {
    const current = (attempt = new AbortController());
    init!.signal!.addEventListener('abort', () => current.abort());
    headersIn = timedOut = false;
    state.retryAfterMs = undefined;
    idle(1);
    const { lastEventId } = state;
    const response = await (options.fetch ?? fetch)(url, {
      ...request,
      credentials: options.credentials,
      headers: lastEventId ? { ...request.headers, 'Last-Event-ID': lastEventId } : request.headers,
      signal: current.signal,
    });
    headersIn = true;
    idle(1);

    const { ok, status, statusText, headers, body } = response;
    const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const sse = type == SSE_TYPE;
    if (!ok || !(sse || type == 'text/plain')) {
      const [text, reason] = await explain(body);
      idle();
      state.retryAfterMs = parseRetryAfter(headers.get('retry-after'), Date.now());
      throw new ChatStreamError(
        ok ? 'content-type' : 'http',
        `HTTP ${status}${statusText && ` ${statusText}`}${ok ? `, not an event stream: ${type || 'no content type'}` : ''}${reason && `: ${reason}`}`,
        { status, body: preview(text, 500) },
      );
    }

    const plain = new TextDecoder();
    const decode = createSseDecoder(state, (ev, dispatched) => {
      if (dispatched && live() && options.onEvent(ev)) {
        finished = true;
        stop();
      }
    });
    /** Reads one chunk, or the end of the body when `bytes` is undefined. */
    const read = (bytes?: Uint8Array) => {
      idle(bytes);
      try {
        if (sse) decode(bytes);
        else {
          const text = plain.decode(bytes, { stream: !!bytes });
          if (text && live()) options.onText(text);
        }
      } catch (cause) {
        // A reader's own `ChatStreamError` (malformed data) stays as it is.
        throw cause instanceof ChatStreamError ? cause : new ChatStreamError('handler', `Handler threw: ${messageOf(cause)}`, { cause });
      }
      if (!bytes && sse && live() && !options.completeOnClose()) {
        throw new ChatStreamError('incomplete', 'Stream ended early');
      }
    };
    // The library reads nothing from this body: it ends when the reply does, or fails with its error.
    return { body: body!.pipeThrough(new TransformStream({ transform: read, flush: () => read() })) } as Response;
  };

  await fetchEventSource(url, {
    signal: stopper.signal,
    // Its default aborts in a hidden tab and sends the whole request again when the tab is shown.
    openWhenHidden: true,
    fetch: seam,
    // The seam has checked the answer.
    async onopen() {},
    onerror(err: unknown): number {
      const error =
        err instanceof ChatStreamError
          ? err
          : timedOut
            ? new ChatStreamError('timeout', `No data for ${timeout} ms`)
            : new ChatStreamError('network', `${headersIn ? 'Connection lost' : `Cannot reach ${url}`}: ${messageOf(err)}`, { cause: err });
      state.hasText = options.hasText();
      const decision = decideRetry(error, state, { ...DEFAULT_BACKOFF, ...options.backoff });
      if (decision.action == 'fail') throw decision.error;
      const resume = decision.action == 'resume';
      state[resume ? 'resumes' : 'retries']++;
      options.onRetry?.({ ...decision, error, resume });
      return decision.delayMs;
    },
  }).finally(idle);
}
