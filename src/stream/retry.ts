import { ChatStreamError } from '../errors.js';

/** How long to wait between attempts. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** Growth per retry. */
  factor: number;
  /** The longest delay backoff alone produces. */
  maxMs: number;
  /** A `Retry-After` longer than this is not waited for: the run fails with the server's answer. */
  maxRetryAfterMs: number;
}

/** The delays a run uses unless told otherwise. */
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  baseMs: 500,
  factor: 2,
  maxMs: 8000,
  maxRetryAfterMs: 60_000,
});

/** Statuses that are worth another try: the server may answer differently in a moment. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** Milliseconds to wait from a `Retry-After` value (delay-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day and month; Date.parse alone would also accept "-1" or "1.5".
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The delay before retry number `attempt` (1-based): exponential, capped at `maxMs`, with "equal
 * jitter" — a random point in the upper half — so delays spread out yet still grow.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const exponential = Math.min(options.maxMs, options.baseMs * options.factor ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** Where a run stands when an attempt fails. */
export interface RetryState {
  /** Re-sends made so far (before any text). */
  retries: number;
  /** `Last-Event-ID` resumes made so far. */
  resumes: number;
  maxRetries: number;
  /** Whether reply text has arrived: after that the request is never sent again, only resumed. */
  hasText: boolean;
  /** Whether the server gave an event id to resume from. */
  lastEventId: string;
  /** The failed answer's `Retry-After`, in milliseconds. */
  retryAfterMs?: number | undefined;
  /** The server's `retry:` field, in milliseconds. */
  reconnectionTime?: number | undefined;
}

/** What to do about a failed attempt. */
export type RetryDecision =
  | { action: 'fail'; error: ChatStreamError }
  | { action: 'retry' | 'resume'; attempt: number; delayMs: number };

/** Whether another attempt could get a different answer. */
function isTransient(error: ChatStreamError): boolean {
  if (error.code === 'network' || error.code === 'incomplete') return true;
  return error.code === 'http' && error.status !== undefined && isRetryableStatus(error.status);
}

/** The same failure, with a note on what was tried. */
function gaveUp(error: ChatStreamError, note: string, code = error.code): ChatStreamError {
  const init: { status?: number; body?: string; cause?: unknown } = { cause: error.cause ?? error };
  if (error.status !== undefined) init.status = error.status;
  if (error.body !== undefined) init.body = error.body;
  return new ChatStreamError(code, `${error.message} (${note})`, init);
}

/**
 * The retry policy of the contract: before the first text, network errors, 408, 429 and 5xx are
 * re-sent up to `maxRetries` times; a stream that breaks or closes early is resumed with
 * `Last-Event-ID` (up to `maxRetries` times) when the server gave ids, and otherwise fails as
 * `incomplete`. Everything else fails at once.
 */
export function decideRetry(
  error: ChatStreamError,
  state: RetryState,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): RetryDecision {
  if (!isTransient(error)) return { action: 'fail', error };
  const tooLong = state.retryAfterMs !== undefined && state.retryAfterMs > backoff.maxRetryAfterMs;
  if (state.lastEventId !== '') {
    if (tooLong) return { action: 'fail', error };
    if (state.resumes >= state.maxRetries) {
      const note = `gave up after ${state.resumes} ${state.resumes === 1 ? 'resume' : 'resumes'}`;
      return { action: 'fail', error: gaveUp(error, note, error.code === 'http' ? 'http' : 'incomplete') };
    }
    const attempt = state.resumes + 1;
    const delayMs = state.retryAfterMs ?? state.reconnectionTime ?? backoffDelay(attempt, backoff, random);
    return { action: 'resume', attempt, delayMs };
  }
  if (state.hasText) {
    if (error.code === 'network') {
      return { action: 'fail', error: gaveUp(error, 'no event ids to resume from', 'incomplete') };
    }
    return { action: 'fail', error };
  }
  // A clean close before the end marker is the server's own doing: sending again would not help.
  if (error.code === 'incomplete' || tooLong) return { action: 'fail', error };
  if (state.retries >= state.maxRetries) {
    if (state.retries === 0) return { action: 'fail', error };
    return { action: 'fail', error: gaveUp(error, `gave up after ${state.retries} ${state.retries === 1 ? 'retry' : 'retries'}`) };
  }
  const attempt = state.retries + 1;
  const delayMs = state.retryAfterMs ?? backoffDelay(attempt, backoff, random);
  return { action: 'retry', attempt, delayMs };
}
