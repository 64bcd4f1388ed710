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

/** The default anthropic `max_tokens`, which that API requires. */
export const DEFAULT_MAX_TOKENS = 1024;

/** Builds the contract's default request for a run. */
export function buildDefaultRequest(config: RequestConfig): RequestSpec {
  const method = config.method.toUpperCase() === 'GET' ? 'GET' : 'POST';
  const headers: Record<string, string> = { Accept: 'text/event-stream', ...config.headers };
  if (method === 'GET') {
    const prompt = lastUserText(config.messages);
    return { url: withQuery(config.endpoint, 'prompt', prompt), method, headers };
  }
  const anthropic = config.protocol === 'anthropic';
  const messages = config.messages.filter((m) => m.role !== 'system' || !anthropic);
  const body: Record<string, unknown> = {};
  if (config.system) {
    if (anthropic) body.system = config.system;
    else messages.unshift({ role: 'system', content: config.system });
  }
  body.messages = messages;
  body.stream = true;
  if (config.model) body.model = config.model;
  if (anthropic) body.max_tokens = DEFAULT_MAX_TOKENS;
  Object.assign(body, config.body);
  return { url: config.endpoint, method, headers: { 'Content-Type': 'application/json', ...headers }, body };
}

/** Turns a `RequestSpec` (from the default or from `prepareRequest`) into what goes on the wire. */
export function toWireRequest(spec: RequestSpec): WireRequest {
  if (!spec || typeof spec.url !== 'string' || !spec.url) {
    throw new TypeError('prepareRequest must return an object with a non-empty `url`');
  }
  const hasBody = spec.body !== undefined && spec.body !== null;
  const method = (spec.method ?? (hasBody ? 'POST' : 'GET')).toUpperCase();
  const headers: Record<string, string> = { ...spec.headers };
  if (!hasHeader(headers, 'accept')) headers.Accept = 'text/event-stream';
  const wire: WireRequest = { url: spec.url, method, headers };
  if (hasBody && method !== 'GET' && method !== 'HEAD') {
    if (typeof spec.body === 'string') {
      wire.body = spec.body;
    } else {
      wire.body = JSON.stringify(spec.body);
      if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
    }
  }
  return wire;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

function lastUserText(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') return messages[i]!.content;
  return '';
}

/** Adds a query parameter to a possibly relative URL, keeping it relative and dropping any fragment. */
export function withQuery(url: string, name: string, value: string): string {
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}
