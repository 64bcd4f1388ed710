import { expect } from '@open-wc/testing';
import { ChatStreamError } from '../../src/errors.js';
import { DEFAULT_BACKOFF, backoffDelay, decideRetry, isRetryableStatus, parseRetryAfter } from '../../src/stream/retry.js';
import type { RetryState } from '../../src/stream/retry.js';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const backoff = { baseMs: 100, factor: 2, maxMs: 1000, maxRetryAfterMs: 10_000 };

describe('isRetryableStatus', () => {
  const cases = [
    { input: 408, expected: true },
    { input: 429, expected: true },
    { input: 500, expected: true },
    { input: 502, expected: true },
    { input: 503, expected: true },
    { input: 599, expected: true },
    { input: 400, expected: false },
    { input: 401, expected: false },
    { input: 403, expected: false },
    { input: 404, expected: false },
    { input: 409, expected: false },
    { input: 422, expected: false },
  ];
  for (const { input, expected } of cases) it(`${input} → ${expected}`, () => expect(isRetryableStatus(input)).to.equal(expected));
});

describe('parseRetryAfter', () => {
  const cases = [
    { input: '3', expected: 3000 },
    { input: ' 0 ', expected: 0 },
    { input: '120', expected: 120_000 },
    { input: new Date(NOW + 5000).toUTCString(), expected: 5000 },
    { input: new Date(NOW - 5000).toUTCString(), expected: 0 },
    { input: 'soon', expected: undefined },
    { input: '', expected: undefined },
    { input: '-1', expected: undefined },
    { input: '1.5', expected: undefined },
    { input: null, expected: undefined },
  ];
  for (const { input, expected } of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => expect(parseRetryAfter(input, NOW)).to.equal(expected));
  }
});

describe('backoffDelay', () => {
  const cases = [
    { attempt: 1, random: 0, expected: 50 },
    { attempt: 1, random: 1, expected: 100 },
    { attempt: 2, random: 0, expected: 100 },
    { attempt: 2, random: 1, expected: 200 },
    { attempt: 3, random: 0.5, expected: 300 },
    { attempt: 4, random: 1, expected: 800 },
    { attempt: 5, random: 1, expected: 1000 },
    { attempt: 9, random: 0, expected: 500 },
  ];
  for (const { attempt, random, expected } of cases) {
    it(`attempt ${attempt}, random ${random} → ${expected}`, () => expect(backoffDelay(attempt, backoff, () => random)).to.equal(expected));
  }

  it('grows: the least delay of each attempt is at least the largest of the one before, up to the cap', () => {
    for (let attempt = 1; attempt < 10; attempt++) {
      const largest = backoffDelay(attempt, DEFAULT_BACKOFF, () => 1);
      const next = backoffDelay(attempt + 1, DEFAULT_BACKOFF, () => 0);
      if (largest < DEFAULT_BACKOFF.maxMs) expect(next).to.be.at.least(largest);
      expect(largest).to.be.at.most(DEFAULT_BACKOFF.maxMs);
    }
  });
});

describe('decideRetry', () => {
  const http = (status: number) => new ChatStreamError('http', `HTTP ${status}`, { status });
  const network = new ChatStreamError('network', 'Could not reach /x: Failed to fetch');
  const incomplete = new ChatStreamError('incomplete', 'The stream closed before the end of the reply');
  const fresh: RetryState = { retries: 0, resumes: 0, maxRetries: 2, hasText: false, lastEventId: '' };
  const decide = (error: ChatStreamError, state: Partial<RetryState> = {}) => {
    const d = decideRetry(error, { ...fresh, ...state }, backoff, () => 1);
    return d.action === 'fail' ? { action: 'fail', code: d.error.code, status: d.error.status, message: d.error.message } : d;
  };

  const cases: { name: string; error: ChatStreamError; state?: Partial<RetryState>; expected: unknown }[] = [
    { name: 'network error before text', error: network, expected: { action: 'retry', attempt: 1, delayMs: 100 } },
    { name: 'second retry backs off', error: network, state: { retries: 1 }, expected: { action: 'retry', attempt: 2, delayMs: 200 } },
    {
      name: 'retries exhausted',
      error: http(503),
      state: { retries: 2 },
      expected: { action: 'fail', code: 'http', status: 503, message: 'HTTP 503' },
    },
    { name: 'no retries allowed', error: http(503), state: { maxRetries: 0 }, expected: { action: 'fail', code: 'http', status: 503, message: 'HTTP 503' } },
    { name: '408', error: http(408), expected: { action: 'retry', attempt: 1, delayMs: 100 } },
    { name: '429 honours Retry-After', error: http(429), state: { retryAfterMs: 3000 }, expected: { action: 'retry', attempt: 1, delayMs: 3000 } },
    { name: 'Retry-After: 0', error: http(503), state: { retryAfterMs: 0 }, expected: { action: 'retry', attempt: 1, delayMs: 0 } },
    { name: 'a Retry-After too long is not waited for', error: http(429), state: { retryAfterMs: 60_000 }, expected: { action: 'fail', code: 'http', status: 429, message: 'HTTP 429' } },
    { name: '401 fails at once', error: http(401), expected: { action: 'fail', code: 'http', status: 401, message: 'HTTP 401' } },
    { name: '404 fails at once', error: http(404), expected: { action: 'fail', code: 'http', status: 404, message: 'HTTP 404' } },
    {
      name: 'wrong content type fails at once',
      error: new ChatStreamError('content-type', 'Expected text/event-stream, got text/html (200): <!doctype html>', { status: 200 }),
      expected: { action: 'fail', code: 'content-type', status: 200, message: 'Expected text/event-stream, got text/html (200): <!doctype html>' },
    },
    { name: 'timeout fails at once', error: new ChatStreamError('timeout', 'No response'), expected: { action: 'fail', code: 'timeout', status: undefined, message: 'No response' } },
    { name: 'protocol error fails at once', error: new ChatStreamError('protocol', 'bad'), expected: { action: 'fail', code: 'protocol', status: undefined, message: 'bad' } },
    { name: 'a clean close before the end marker, no ids', error: incomplete, expected: { action: 'fail', code: 'incomplete', status: undefined, message: incomplete.message } },
    {
      name: 'a break after text, no ids: incomplete, never a re-send',
      error: new ChatStreamError('network', 'The connection broke mid-reply: network error'),
      state: { hasText: true },
      expected: { action: 'fail', code: 'incomplete', status: undefined, message: 'The connection broke mid-reply: network error' },
    },
    { name: '5xx after text, no ids', error: http(503), state: { hasText: true }, expected: { action: 'fail', code: 'http', status: 503, message: 'HTTP 503' } },
    { name: 'a break with ids resumes', error: network, state: { hasText: true, lastEventId: '4' }, expected: { action: 'resume', attempt: 1, delayMs: 100 } },
    { name: 'a close with ids resumes', error: incomplete, state: { hasText: true, lastEventId: '4', resumes: 1 }, expected: { action: 'resume', attempt: 2, delayMs: 200 } },
    { name: 'a resume honours the server retry field', error: incomplete, state: { lastEventId: '4', reconnectionTime: 40 }, expected: { action: 'resume', attempt: 1, delayMs: 40 } },
    {
      name: 'resumes are capped by maxRetries',
      error: incomplete,
      state: { hasText: true, lastEventId: '4', resumes: 2 },
      expected: { action: 'fail', code: 'incomplete', status: undefined, message: incomplete.message },
    },
    { name: 'a resume answered 503 resumes again', error: http(503), state: { hasText: true, lastEventId: '4', resumes: 1 }, expected: { action: 'resume', attempt: 2, delayMs: 200 } },
    { name: 'a resume answered 404 fails', error: http(404), state: { hasText: true, lastEventId: '4' }, expected: { action: 'fail', code: 'http', status: 404, message: 'HTTP 404' } },
    { name: 'retries and resumes count apart', error: incomplete, state: { retries: 2, lastEventId: '1' }, expected: { action: 'resume', attempt: 1, delayMs: 100 } },
  ];
  for (const { name, error, state, expected } of cases) {
    it(name, () => expect(decide(error, state)).to.deep.equal(expected));
  }

  it('keeps status and body on the error it gives up with', () => {
    const error = new ChatStreamError('http', 'HTTP 500', { status: 500, body: '{"error":1}' });
    const d = decideRetry(error, { ...fresh, retries: 2 }, backoff, () => 0);
    expect(d.action).to.equal('fail');
    if (d.action !== 'fail') return;
    // Nothing to add: the error itself, status and body included.
    expect(d.error).to.equal(error);
    expect(d.error.status).to.equal(500);
    expect(d.error.body).to.equal('{"error":1}');
  });

  it('jitter comes from the random source', () => {
    const lo = decideRetry(network, fresh, backoff, () => 0);
    const hi = decideRetry(network, fresh, backoff, () => 0.999);
    expect(lo).to.deep.equal({ action: 'retry', attempt: 1, delayMs: 50 });
    expect(hi).to.deep.equal({ action: 'retry', attempt: 1, delayMs: 100 });
  });
});
