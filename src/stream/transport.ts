import { fetchEventSource } from '@microsoft/fetch-event-source';
import type { EventSourceMessage } from '@microsoft/fetch-event-source';
import { ChatStreamError, preview } from '../errors.js';
import type { ChatStreamEvent } from '../types.js';
import { DEFAULT_BACKOFF, decideRetry, parseRetryAfter } from './retry.js';
import type { BackoffOptions } from './retry.js';
import { SseDecoder, encodeCanonical } from './sse.js';

/** What one reply needs from its caller. */
export interface TransportOptions {
  request: { url: string; method: string; headers: Record<string, string>; body?: string };
  credentials?: RequestCredentials;
  signal: AbortSignal;
  /** Milliseconds with no byte from the server (before the headers or mid-reply) before the run fails; heartbeats count. */
  timeout: number;
  /** Retries before the first text; also the cap on `Last-Event-ID` resumes. */
  maxRetries: number;
  /** Defaults to `globalThis.fetch`, looked up at call time. */
  fetch?: typeof fetch;
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

/** How much of an unexpected answer's body is read to explain it. */
const EXPLAIN_BYTES = 4096;

/** A failure that must end the run at once, carried through fetch-event-source's error path. */
class Fatal {
  readonly error: ChatStreamError;
  constructor(error: ChatStreamError) {
    this.error = error;
  }
}

function handlerError(cause: unknown): ChatStreamError {
  if (cause instanceof ChatStreamError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new ChatStreamError('handler', `A reply handler threw: ${message}`, { cause });
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** The media type of a `Content-Type` value, lower-cased, without parameters. */
function mediaType(value: string | null): string {
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The most useful line of an error body: a JSON error's message, else the start of the text. */
function explain(text: string): string {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null) {
      const { error, message } = json as { error?: unknown; message?: unknown };
      if (typeof error === 'string' && error) return preview(error);
      if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
        return preview((error as { message: string }).message);
      }
      if (typeof message === 'string' && message) return preview(message);
    }
  } catch {
    // Not JSON: quote it.
  }
  return preview(text);
}

/** Reads the start of a body (enough to explain a failure) and releases the connection. */
async function readStart(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXPLAIN_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // What arrived before the failure still explains it.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes.subarray(0, EXPLAIN_BYTES));
}

/** Header names are case-insensitive; fetch-event-source only knows the lower-case `accept`. */
function normalizeHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[lower === 'accept' || lower === 'last-event-id' ? lower : name] = value;
  }
  return out;
}

/** Fires when no byte has arrived for `ms` (disabled for a non-positive or non-finite `ms`). */
class IdleTimer {
  private handle: ReturnType<typeof setTimeout> | undefined;
  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}
  reset(): void {
    this.stop();
    if (this.ms > 0 && Number.isFinite(this.ms)) this.handle = setTimeout(this.onIdle, this.ms);
  }
  stop(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }
}

/**
 * Streams one reply through fetch-event-source, wrapped so none of its defaults can hurt: it keeps
 * streaming in hidden tabs, checks status and content type, never retries on its own, never sends
 * again when a handler throws, and sends nothing for an already-aborted signal. Its `fetch` seam
 * watches for idle time, reads `text/plain` bodies, and re-frames the event stream spec-exactly.
 * Resolves when the reply is complete or the signal aborts; rejects with a `ChatStreamError`.
 */
export function streamReply(options: TransportOptions): Promise<void> {
  const { signal, request } = options;
  if (signal.aborted) return Promise.resolve();

  const method = (request.method || 'GET').toUpperCase();
  const body = method === 'GET' || method === 'HEAD' ? undefined : request.body;
  const headers = normalizeHeaders(request.headers);
  try {
    // A bad URL or header would otherwise surface as a fetch TypeError, which looks like a network error.
    new Request(request.url, { method, headers, body: body ?? null });
  } catch (cause) {
    return Promise.reject(new ChatStreamError('config', `Invalid request: ${messageOf(cause)}`, { cause }));
  }

  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const maxRetries = Number.isFinite(options.maxRetries) ? Math.max(0, Math.floor(options.maxRetries)) : 0;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const timeoutError = () => new ChatStreamError('timeout', `No response from the server for ${options.timeout} ms`);

  // fetch-event-source's own signal: aborted when the caller stops or when the reply has ended.
  const stopper = new AbortController();
  const onAbort = () => stopper.abort();
  signal.addEventListener('abort', onAbort, { once: true });

  let finished = false;
  let mode: 'sse' | 'plain' | 'other' = 'other';
  let lastEventId = '';
  let reconnectionTime: number | undefined;
  let retryAfterMs: number | undefined;
  let retries = 0;
  let resumes = 0;

  const seam = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const outer = init?.signal;
    const controller = new AbortController();
    if (outer?.aborted) controller.abort();
    else outer?.addEventListener('abort', () => controller.abort(), { once: true });
    let timedOut = false;
    const idle = new IdleTimer(options.timeout, () => {
      timedOut = true;
      controller.abort();
    });
    controller.signal.addEventListener('abort', () => idle.stop(), { once: true });
    mode = 'other';
    retryAfterMs = undefined;

    idle.reset();
    let response: Response;
    try {
      response = await fetchImpl(input, { ...init, signal: controller.signal });
    } catch (cause) {
      idle.stop();
      if (timedOut) throw timeoutError();
      if (controller.signal.aborted) throw cause;
      throw new ChatStreamError('network', `Could not reach ${request.url}: ${messageOf(cause)}`, { cause });
    }
    idle.reset();

    /** Wraps the body: `transform` turns each chunk into what fetch-event-source reads (maybe nothing). */
    const wrap = (source: ReadableStream<Uint8Array>, transform: (bytes: Uint8Array | undefined) => string | Uint8Array | undefined) => {
      const reader = source.getReader();
      const encoder = new TextEncoder();
      return new ReadableStream<Uint8Array>(
        {
          async pull(out) {
            for (;;) {
              let result: ReadableStreamReadResult<Uint8Array>;
              try {
                result = await reader.read();
              } catch (cause) {
                idle.stop();
                if (timedOut) throw timeoutError();
                if (controller.signal.aborted) throw cause;
                throw new ChatStreamError('network', `The connection broke mid-reply: ${messageOf(cause)}`, { cause });
              }
              if (!result.done) idle.reset();
              else idle.stop();
              let chunk;
              try {
                chunk = transform(result.done ? undefined : result.value);
              } catch (cause) {
                controller.abort();
                throw cause instanceof Fatal ? cause : new Fatal(handlerError(cause));
              }
              if (chunk !== undefined && chunk.length > 0) out.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
              if (result.done) {
                out.close();
                return;
              }
              if (chunk !== undefined && chunk.length > 0) return;
            }
          },
          cancel(reason) {
            idle.stop();
            return reader.cancel(reason);
          },
        },
        { highWaterMark: 0 },
      );
    };

    const type = mediaType(response.headers.get('content-type'));
    let wrapped: ReadableStream<Uint8Array> | null = null;
    if (!response.body) {
      idle.stop();
    } else if (response.ok && type === 'text/event-stream') {
      mode = 'sse';
      let emittedId = lastEventId;
      let output = '';
      const decoder = new SseDecoder((ev, dispatched) => {
        if (!dispatched && ev.id === emittedId) return;
        emittedId = ev.id;
        output += encodeCanonical(ev, dispatched);
      }, lastEventId);
      wrapped = wrap(response.body, (bytes) => {
        if (bytes) decoder.push(bytes);
        else decoder.end();
        reconnectionTime = decoder.reconnectionTime ?? reconnectionTime;
        const chunk = output;
        output = '';
        return chunk;
      });
    } else if (response.ok && type === 'text/plain') {
      mode = 'plain';
      const decoder = new TextDecoder();
      wrapped = wrap(response.body, (bytes) => {
        const text = bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
        if (text !== '' && !signal.aborted) options.onText(text);
        return undefined;
      });
    } else {
      wrapped = wrap(response.body, (bytes) => bytes);
    }
    // Statuses whose responses cannot have a body (the Response constructor refuses one).
    const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
    return new Response(nullBody ? null : wrapped, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  return fetchEventSource(request.url, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    signal: stopper.signal,
    // Its default aborts in a hidden tab and sends the whole request again when the tab is shown.
    openWhenHidden: true,
    fetch: seam,
    async onopen(response) {
      if (response.ok && mode !== 'other') return;
      const text = await readStart(response);
      if (!response.ok) {
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
        const reason = explain(text);
        throw new ChatStreamError(
          'http',
          `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${reason ? `: ${reason}` : ''}`,
          { status: response.status, body: preview(text, 500) },
        );
      }
      const type = mediaType(response.headers.get('content-type')) || 'no content type';
      throw new Fatal(
        new ChatStreamError('content-type', `Expected text/event-stream, got ${type} (${response.status})${text ? `: ${preview(text)}` : ''}`, {
          status: response.status,
          body: preview(text, 500),
        }),
      );
    },
    onmessage(message: EventSourceMessage) {
      lastEventId = message.id;
      // Blocks without data only carry an id for Last-Event-ID.
      if (finished || signal.aborted || message.data === '') return;
      const ev: ChatStreamEvent = { event: message.event, data: JSON.parse(message.data) as string, id: message.id };
      let ended: boolean;
      try {
        ended = options.onEvent(ev);
      } catch (cause) {
        throw new Fatal(handlerError(cause));
      }
      if (ended) {
        finished = true;
        stopper.abort();
      }
    },
    onclose() {
      if (finished || signal.aborted || mode === 'plain' || options.completeOnClose()) return;
      throw new ChatStreamError('incomplete', 'The stream closed before the end of the reply');
    },
    onerror(err: unknown): number {
      if (err instanceof Fatal) throw err.error;
      const error = err instanceof ChatStreamError ? err : new ChatStreamError('network', messageOf(err), { cause: err });
      const decision = decideRetry(error, {
        retries,
        resumes,
        maxRetries,
        hasText: options.hasText(),
        lastEventId,
        retryAfterMs,
        reconnectionTime,
      }, backoff);
      if (decision.action === 'fail') throw decision.error;
      if (decision.action === 'resume') resumes++;
      else retries++;
      options.onRetry?.({ attempt: decision.attempt, delayMs: decision.delayMs, error, resume: decision.action === 'resume' });
      return decision.delayMs;
    },
  }).finally(() => signal.removeEventListener('abort', onAbort));
}
