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
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = { baseMs: 500, factor: 2, maxMs: 8000, maxRetryAfterMs: 60_000 };

/** Statuses that are worth another try (408, 429, 5xx): the server may answer differently in a moment. */
export const isRetryableStatus = (status: number | undefined): boolean => /^(408|429|5\d\d)$/.test(String(status));

/** Milliseconds to wait from a `Retry-After` value (delay-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  value = value?.trim();
  if (/^\d+$/.test(value!)) return +value! * 1000;
  // An HTTP date names its day and month; Date.parse alone would also accept "-1" or "1.5".
  const date = /[a-z]{3}/i.test(value!) ? Date.parse(value!) : NaN;
  return isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The delay before retry number `attempt` (1-based): exponential, capped at `maxMs`, with "equal
 * jitter" — a random point in the upper half — so delays spread out yet still grow.
 */
export function backoffDelay(attempt: number, { baseMs, factor, maxMs }: BackoffOptions, random: () => number): number {
  return Math.round((Math.min(maxMs, baseMs * factor ** (attempt - 1)) * (1 + random())) / 2);
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
  /** The server's last event id: a broken stream is resumed from it; empty when there is none. */
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

/**
 * The retry policy of the contract: before the first text, network errors, 408, 429 and 5xx are
 * re-sent up to `maxRetries` times; a stream that breaks or closes early is resumed with
 * `Last-Event-ID` (up to `maxRetries` times) when the server gave ids, and otherwise fails as
 * `incomplete`. Everything else fails at once.
 */
export function decideRetry(error: ChatStreamError, state: RetryState, backoff: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): RetryDecision {
  const { code, status } = error;
  const { retryAfterMs } = state;
  const resume = !!state.lastEventId;
  const attempt = (resume ? state.resumes : state.retries) + 1;
  /** Fails with the error itself, or with the same failure under another code. */
  const fail = (as = code): RetryDecision => ({
    action: 'fail',
    error: as == code ? error : new ChatStreamError(as, error.message, { status, body: error.body, cause: error.cause ?? error }),
  });
  // Another attempt could get a different answer only after these.
  if (!(code == 'network' || code == 'incomplete' || (code == 'http' && isRetryableStatus(status)))) return fail();
  if (!resume && state.hasText) return fail(code == 'network' ? 'incomplete' : code);
  // A clean close before the end marker (without ids) is the server's own doing: sending again would not help.
  if ((!resume && code == 'incomplete') || retryAfterMs! > backoff.maxRetryAfterMs) return fail();
  if (attempt > state.maxRetries) return fail(resume && code != 'http' ? 'incomplete' : code);
  return {
    action: resume ? 'resume' : 'retry',
    attempt,
    delayMs: retryAfterMs ?? (resume ? state.reconnectionTime : undefined) ?? backoffDelay(attempt, backoff, random),
  };
}
