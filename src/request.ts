import type { ChatMessage, RequestSpec } from './types.js';

/** What the default request is built from. */
export interface RequestConfig {
  endpoint: string;
  method: string;
  protocol: string;
  model?: string | undefined;
  system?: string | undefined;
  headers?: Record<string, string> | undefined;
  body?: Record<string, unknown> | undefined;
  /** The conversation, ending with the newest user message. */
  messages: ChatMessage[];
}

/** The request a transport sends: a string body and plain-object headers. */
export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** The media type of an event stream, asked for with `Accept`. */
export const SSE_TYPE = 'text/event-stream';

/** The default anthropic `max_tokens`, which that API requires. */
export const DEFAULT_MAX_TOKENS = 1024;

const JSON_TYPE = 'application/json';

/** Builds the contract's default request for a run. */
export function buildDefaultRequest({ endpoint: url, method, protocol, model, system, headers, body, messages }: RequestConfig): RequestSpec {
  headers = { Accept: SSE_TYPE, ...headers };
  if (/^get$/i.test(method)) {
    return { url: withQuery(url, 'prompt', messages.findLast((m) => m.role == 'user')?.content ?? ''), method: 'GET', headers };
  }
  // Anthropic takes the system prompt as a top-level field, no system messages, and needs `max_tokens`.
  const anthropic = protocol == 'anthropic';
  return {
    url,
    method: 'POST',
    headers: { 'Content-Type': JSON_TYPE, ...headers },
    body: {
      messages: anthropic ? messages.filter((m) => m.role != 'system') : system ? [{ role: 'system', content: system }, ...messages] : [...messages],
      stream: true,
      ...(model && { model }),
      ...(anthropic && { max_tokens: DEFAULT_MAX_TOKENS, ...(system && { system }) }),
      ...body,
    },
  };
}

/** Turns a `RequestSpec` (from the default or from `prepareRequest`) into what goes on the wire. */
export function toWireRequest(spec: RequestSpec): WireRequest {
  const { url, body } = spec ?? {};
  if (!url || typeof url != 'string') throw new TypeError('prepareRequest must return a non-empty `url`');
  const method = (spec.method ?? (body == null ? 'GET' : 'POST')).toUpperCase();
  const headers = { ...spec.headers };
  const lacks = (name: RegExp) => !Object.keys(headers).some((k) => name.test(k));
  const json = typeof body != 'string';
  if (lacks(/^accept$/i)) headers.Accept = SSE_TYPE;
  if (body == null || /^(GET|HEAD)$/.test(method)) return { url, method, headers };
  if (json && lacks(/^content-type$/i)) headers['Content-Type'] = JSON_TYPE;
  return { url, method, headers, body: json ? JSON.stringify(body) : body };
}

/** Adds a query parameter (`name` is URL-safe) to a possibly relative URL, keeping it relative and dropping any fragment. */
export function withQuery(url: string, name: string, value: string): string {
  const base = url.split('#')[0]!;
  return `${base}${base.includes('?') ? (/[?&]$/.test(base) ? '' : '&') : '?'}${name}=${encodeURIComponent(value)}`;
}
