import { ChatStreamError } from '../../src/errors.js';
import { createReader } from '../../src/protocol/index.js';
import type { ResponseInfo } from '../../src/protocol/reader.js';
import type { Diagnosis } from '../../src/stream/doctor.js';
import { streamReply } from '../../src/stream/transport.js';
import type { TransportOptions } from '../../src/stream/transport.js';
import type { ChatStreamEvent } from '../../src/types.js';

/** Short delays between attempts, so retry tests take milliseconds. */
export const FAST_BACKOFF = { baseMs: 20, factor: 2, maxMs: 100 };

export interface Run {
  /** Resolves with the run's outcome: `complete`, `aborted`, or the error. */
  result: Promise<{ outcome: 'complete' | 'aborted' } | { outcome: 'error'; error: ChatStreamError }>;
  controller: AbortController;
  readonly text: string;
  events: ChatStreamEvent[];
  retries: Array<{ attempt: number; delayMs: number; error: ChatStreamError; resume: boolean }>;
  /** Resolves at the first piece of reply text. */
  firstText: Promise<void>;
  /** What `onOpen` was told, per response. */
  opens: ResponseInfo[];
  /** How many times `onClose` ran. */
  closes: number;
  /** The chunks `onText` got. */
  texts: string[];
  /** The server mistakes the transport reported, in order. */
  diagnoses: Diagnosis[];
}

/**
 * A protocol reader as the harness drives it: `read` returns the v2 parts (an array) or the v1
 * result (one object); `open`, `readText` and `flush` are there once the reader speaks v2.
 */
interface AnyReader {
  open?(info: ResponseInfo): void;
  read(ev: ChatStreamEvent): unknown;
  readText?(chunk: string): unknown;
  flush?(): unknown;
  completeOnClose(): boolean;
}

export interface RunOptions extends Partial<Omit<TransportOptions, 'request'>> {
  url: string;
  protocol?: string;
  method?: string;
  prompt?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Streams one reply through the transport with a protocol reader, collecting what arrives. */
export function startRun(options: RunOptions): Run {
  const reader = createReader(options.protocol ?? 'auto') as AnyReader;
  const controller = new AbortController();
  let text = '';
  let onFirst!: () => void;
  const firstText = new Promise<void>((resolve) => (onFirst = resolve));
  const events: ChatStreamEvent[] = [];
  const retries: Run['retries'] = [];
  const opens: ResponseInfo[] = [];
  const texts: string[] = [];
  const diagnoses: Diagnosis[] = [];
  let closes = 0;
  const append = (t: string) => {
    if (t === '') return;
    text += t;
    onFirst();
  };
  /** Applies what the reader made of an event, a chunk or the end; true when it ended the reply. */
  const apply = (result: unknown): boolean => {
    let done = false;
    for (const part of [result].flat() as Array<{ type: string; text?: string }>) {
      if (part.type === 'text') append(part.text!);
      if (part.type === 'done') done = true;
    }
    return done;
  };
  const method = options.method ?? 'POST';
  const request: TransportOptions['request'] = {
    url: options.url,
    method,
    headers: options.headers ?? { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
  };
  if (method !== 'GET') request.body = options.body ?? JSON.stringify({ messages: [{ role: 'user', content: options.prompt ?? 'Hello' }], stream: true });
  const signal = options.signal ?? controller.signal;
  const promise = streamReply({
    timeout: 5000,
    maxRetries: 2,
    backoff: FAST_BACKOFF,
    onOpen: (info) => {
      opens.push(info);
      reader.open?.(info);
    },
    onEvent: (ev) => {
      events.push(ev);
      return apply(reader.read(ev));
    },
    onText: (chunk) => {
      texts.push(chunk);
      if (reader.readText) apply(reader.readText(chunk));
      else append(chunk);
    },
    onClose: () => {
      closes++;
      if (reader.flush) apply(reader.flush());
    },
    completeOnClose: () => reader.completeOnClose(),
    hasText: () => text !== '',
    onRetry: (info) => retries.push(info),
    onDiagnosis: (d) => diagnoses.push(d),
    ...options,
    request,
    signal,
  });
  const result = promise.then(
    () => ({ outcome: signal.aborted ? ('aborted' as const) : ('complete' as const) }),
    (error: unknown) => {
      if (!(error instanceof ChatStreamError)) throw new Error(`rejected with a non-ChatStreamError: ${String(error)}`);
      return { outcome: 'error' as const, error };
    },
  );
  return {
    result,
    controller,
    get text() {
      return text;
    },
    events,
    retries,
    firstText,
    opens,
    get closes() {
      return closes;
    },
    texts,
    diagnoses,
  };
}

/** A key unique to one test, for counting its requests on the mock server. */
export function uniqueKey(): string {
  return `t-${crypto.randomUUID()}`;
}

export interface ServerRecord {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  aborted: boolean;
  completed: boolean;
  closed: boolean;
}

/** The requests the mock server saw for a key, once all of them have closed (and at least `count`). */
export async function serverRequests(key: string, count = 0): Promise<ServerRecord[]> {
  const response = await fetch(`/mock/_requests?key=${encodeURIComponent(key)}&settled=1&count=${count}`);
  return (await response.json()) as ServerRecord[];
}

/** A mock URL with query parameters. */
export function mockUrl(path: string, params: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return `/mock/${path}?${query}`;
}
