/**
 * The default request of a run, per protocol (OpenAI-style `messages`, Anthropic's top-level
 * `system`, the AI SDK's `useChat` body, Gemini's `contents`), and the step that turns any
 * `RequestSpec` into what the transport sends. Only `role` and `content` of each message go on the
 * wire: reasoning and tool calls stay in the element.
 */
import type { ChatMessage, RequestSpec } from './types.js';

/** A message to send: a `ChatMessage`, with the id the AI SDK body carries when the caller has one. */
export type RequestMessage = ChatMessage & { id?: string | undefined };

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
  messages: RequestMessage[];
  /** The AI SDK body's chat `id` (a fresh one per call when missing). */
  chatId?: string | undefined;
  /** The AI SDK body's `trigger`: a new user message (the default), or a regenerated reply. */
  trigger?: 'submit-message' | 'regenerate-message' | undefined;
  /** The AI SDK body's `messageId`: the assistant message a regenerate replaces. */
  messageId?: string | undefined;
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

/** The prefix of the ids given to messages that come without one (their position follows). */
const MESSAGE_ID_PREFIX = 'message-';

/** A fresh chat id, for an AI SDK body built without one. */
const newChatId = (): string => globalThis.crypto?.randomUUID?.() ?? `chat-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** What goes on the wire of a message: its role and content, nothing the element keeps beside them. */
const wireMessage = ({ role, content }: ChatMessage): ChatMessage => ({ role, content });

/** Builds the contract's default request for a run. */
export function buildDefaultRequest(config: RequestConfig): RequestSpec {
  const { endpoint: url, method, protocol, messages } = config;
  const headers = { Accept: SSE_TYPE, ...config.headers };
  if (/^get$/i.test(method)) {
    return { url: withQuery(url, 'prompt', messages.findLast((m) => m.role == 'user')?.content ?? ''), method: 'GET', headers };
  }
  return { url, method: 'POST', headers: { 'Content-Type': JSON_TYPE, ...headers }, body: defaultBody(protocol, config) };
}

/** The JSON body of the default POST for `protocol`. */
function defaultBody(protocol: string, { model, system, body, messages, chatId, trigger, messageId }: RequestConfig): Record<string, unknown> {
  if (protocol == 'ai-sdk') {
    // What `useChat`'s DefaultChatTransport sends, so that a `toUIMessageStreamResponse()` server reads it unchanged.
    const uiMessages = messages.map((m, index) => ({ id: m.id ?? `${MESSAGE_ID_PREFIX}${index}`, role: m.role, parts: [{ type: 'text', text: m.content }] }));
    const systemMessage = system ? [{ id: `${MESSAGE_ID_PREFIX}system`, role: 'system', parts: [{ type: 'text', text: system }] }] : [];
    return {
      id: chatId ?? newChatId(),
      messages: [...systemMessage, ...uiMessages],
      trigger: trigger ?? 'submit-message',
      ...(messageId !== undefined && { messageId }),
      ...(model && { model }),
      ...body,
    };
  }
  if (protocol == 'gemini') {
    // Gemini's roles are `user` and `model`; its system prompt is `systemInstruction`; the model is in the URL.
    return {
      contents: messages.filter((m) => m.role != 'system').map((m) => ({ role: m.role == 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] })),
      ...(system && { systemInstruction: { parts: [{ text: system }] } }),
      ...body,
    };
  }
  // Anthropic takes the system prompt as a top-level field, no system messages, and needs `max_tokens`.
  const anthropic = protocol == 'anthropic';
  const sent = messages.map(wireMessage);
  return {
    messages: anthropic ? sent.filter((m) => m.role != 'system') : system ? [{ role: 'system', content: system }, ...sent] : sent,
    stream: true,
    ...(model && { model }),
    ...(anthropic && { max_tokens: DEFAULT_MAX_TOKENS, ...(system && { system }) }),
    ...body,
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
