/**
 * A fake `fetch` whose responses a test writes byte by byte: for element tests (give it to the
 * element's `fetch`) and for the transport's framing tests.
 *
 * ```ts
 * const server = createControlledFetch();                // 200 text/event-stream by default
 * el.fetch = server.fetch;
 * const stream = await server.nextRequest();             // waits for the element's request
 * stream.request.body.messages;                          // what it sent
 * stream.pushEvent({ data: '{"choices":[{"delta":{"content":"Hi"}}]}' });
 * stream.close();
 * ```
 */

/** What the fake server answers with. */
export interface ControlledResponseInit {
  status?: number;
  statusText?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** A whole body sent at once (then the stream is closed), for error answers. */
  body?: string;
  /** Hold the headers back until `respond()` (for timeouts before the headers). */
  manual?: boolean;
}

/** One request the fake fetch received. */
export interface ControlledRequest {
  url: string;
  method: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body parsed as JSON when it is JSON, else as sent. */
  body: unknown;
  rawBody: string | undefined;
  signal: AbortSignal | null;
}

/** The response stream of one request, driven by the test. */
export interface ControlledStream {
  readonly request: ControlledRequest;
  /** Sends the headers (only needed with `manual`); later calls do nothing. */
  respond(init?: ControlledResponseInit): void;
  /** Writes raw text (UTF-8 encoded) or bytes as one network chunk. */
  push(chunk: string | Uint8Array): void;
  /** Writes one well-formed SSE event (multi-line data as several `data:` lines). */
  pushEvent(ev: { data: string; event?: string; id?: string }): void;
  /** Ends the body normally. */
  close(): void;
  /** Breaks the body, as a dropped connection does. */
  error(reason?: unknown): void;
  /** Whether the client aborted this request. */
  readonly aborted: boolean;
  /** Resolves when the client aborts this request. */
  readonly whenAborted: Promise<void>;
}

export interface ControlledFetch {
  readonly fetch: typeof fetch;
  /** Every request received so far, in order. */
  readonly requests: ControlledRequest[];
  /** Resolves with the stream of the next request not yet taken (already received or still to come). */
  nextRequest(): Promise<ControlledStream>;
  /** Sets how the next request is answered (queued, in order); otherwise the defaults apply. */
  enqueue(init: ControlledResponseInit): void;
}

/** Formats one SSE event as the spec says. */
export function formatEvent(ev: { data: string; event?: string; id?: string }): string {
  let out = '';
  if (ev.event !== undefined) out += `event: ${ev.event}\n`;
  if (ev.id !== undefined) out += `id: ${ev.id}\n`;
  for (const line of ev.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** Creates a fake fetch; `defaults` answer every request that has no queued answer. */
export function createControlledFetch(defaults: ControlledResponseInit = {}): ControlledFetch {
  const requests: ControlledRequest[] = [];
  const ready: ControlledStream[] = [];
  const waiting: Array<(stream: ControlledStream) => void> = [];
  const queue: ControlledResponseInit[] = [];
  const encoder = new TextEncoder();

  const fakeFetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const rawBody = typeof init.body === 'string' ? init.body : undefined;
    let body: unknown = rawBody;
    try {
      if (rawBody !== undefined) body = JSON.parse(rawBody);
    } catch {
      // Not JSON: kept as sent.
    }
    const signal = init.signal ?? null;
    const request: ControlledRequest = { url, method: (init.method ?? 'GET').toUpperCase(), headers, body, rawBody, signal };
    requests.push(request);
    if (signal?.aborted) throw abortError(signal);

    const planned = { ...defaults, ...queue.shift() };
    // An own queue, so a break (`error()`) reaches the reader only after the chunks pushed before
    // it, as on a real connection (erroring a stream controller would discard its queue).
    const chunks: Uint8Array[] = [];
    let ending: { error: boolean; reason?: unknown } | undefined;
    let ended = false;
    let wake: (() => void) | undefined;
    const bodyStream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          while (chunks.length === 0 && !ending) await new Promise<void>((resolve) => (wake = resolve));
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(chunk);
          else if (ending?.error) controller.error(ending.reason);
          else controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const settle = (end: { error: boolean; reason?: unknown }) => {
      ending ??= end;
      ended = true;
      wake?.();
    };
    let aborted = false;
    let resolveAborted!: () => void;
    const whenAborted = new Promise<void>((resolve) => (resolveAborted = resolve));
    let resolveResponse!: (response: Response) => void;
    let rejectResponse!: (reason: unknown) => void;
    const response = new Promise<Response>((resolve, reject) => {
      resolveResponse = resolve;
      rejectResponse = reject;
    });
    let responded = false;

    const stream: ControlledStream = {
      request,
      respond(init = {}) {
        if (responded || aborted) return;
        responded = true;
        const spec = { ...planned, ...init };
        const status = spec.status ?? 200;
        const responseHeaders = new Headers(spec.headers);
        if (!responseHeaders.has('content-type')) responseHeaders.set('content-type', spec.contentType ?? 'text/event-stream');
        const nullBody = status === 204 || status === 205 || status === 304;
        resolveResponse(new Response(nullBody ? null : bodyStream, { status, statusText: spec.statusText ?? '', headers: responseHeaders }));
        if (spec.body !== undefined) {
          stream.push(spec.body);
          stream.close();
        }
      },
      push(chunk) {
        if (ended) return;
        chunks.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
        wake?.();
      },
      pushEvent(ev) {
        stream.push(formatEvent(ev));
      },
      close() {
        if (!ended) settle({ error: false });
      },
      error(reason = new TypeError('network error')) {
        if (!ended) settle({ error: true, reason });
      },
      get aborted() {
        return aborted;
      },
      whenAborted,
    };

    signal?.addEventListener(
      'abort',
      () => {
        aborted = true;
        resolveAborted();
        const reason = abortError(signal);
        if (!responded) rejectResponse(reason);
        // An abort cuts the connection at once: what was not read yet is lost.
        chunks.length = 0;
        ending = { error: true, reason };
        ended = true;
        wake?.();
      },
      { once: true },
    );

    if (!planned.manual) stream.respond();
    const take = waiting.shift();
    if (take) take(stream);
    else ready.push(stream);
    return response;
  };

  return {
    fetch: fakeFetch as typeof fetch,
    requests,
    nextRequest() {
      const stream = ready.shift();
      if (stream) return Promise.resolve(stream);
      return new Promise((resolve) => waiting.push(resolve));
    },
    enqueue(init) {
      queue.push(init);
    },
  };
}
