/**
 * The wire formats the element reads: the `protocol` values, the format each names, and the order
 * in which `auto` asks formats whether an event is theirs. `text` and `json` (or `ndjson` for an
 * NDJSON body) recognise nothing: they are what `auto` falls back to.
 */
import type { ChatStreamProtocol } from '../types.js';
import { aiSdk } from './ai-sdk.js';
import { anthropic } from './anthropic.js';
import type { WireFormat } from './format.js';
import { gemini } from './gemini.js';
import { json } from './json.js';
import { openai } from './openai.js';
import { text } from './text.js';

/** Every valid `protocol` value. */
export const PROTOCOLS: readonly ChatStreamProtocol[] = ['auto', 'openai', 'anthropic', 'text', 'json', 'ai-sdk', 'gemini'];

/** The format each explicit `protocol` value names. */
export const FORMATS: Readonly<Record<Exclude<ChatStreamProtocol, 'auto'>, WireFormat<any>>> = {
  openai,
  anthropic,
  text,
  json,
  'ai-sdk': aiSdk,
  gemini,
};

/**
 * The formats `auto` recognises, asked in this order. The AI SDK comes first so that its response
 * header claims every event; the shapes of the others do not overlap (`choices` or `response.*`,
 * Anthropic's event names, `candidates`).
 */
export const RECOGNISED: readonly WireFormat<any>[] = [aiSdk, openai, anthropic, gemini];

/** Whether a string is a valid `protocol` value. */
export const isProtocol = (value: string): value is ChatStreamProtocol => (PROTOCOLS as readonly string[]).includes(value);
