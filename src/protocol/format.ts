/**
 * The one interface every wire format implements, and the small helpers they share. A format is a
 * plain object: it says whether it has an end marker, whether `auto` should read an event as its own,
 * and turns one event's payload (parsed JSON, or the raw data for `text`) into reply parts, keeping
 * what it must remember between events (tool calls in progress) in a state object of its own, made
 * fresh for each reply. Formats are pure: no DOM, no timers. The reader (`./index.ts`) does the rest:
 * heartbeats, `[DONE]`, JSON parsing, `parseEvent`, `<think>` splitting, `auto`.
 */
import { ChatStreamError, preview } from '../errors.js';
import type { ReplyPart, ToolPart } from './parts.js';
import type { ResponseInfo } from './reader.js';

/** Payloads are untrusted JSON: they are read with optional chaining and typeof checks, not types. */
export type Json = any;

/** One wire format. */
export interface WireFormat<State = unknown> {
  /** The `protocol` value that selects it (`ndjson` is chosen by the body's framing instead). */
  readonly name: string;
  /** Whether the format has an end marker: a stream that closes before it is an incomplete reply. */
  readonly endMarker: boolean;
  /** Whether events are JSON (`read` gets the parsed payload) or text (`read` gets the data as it is). */
  readonly json: boolean;
  /** Whether `auto` reads this event (its SSE event name, its parsed payload) as this format. */
  recognizes(event: string, payload: Json, info: ResponseInfo | undefined): boolean;
  /** A fresh state for one reply. */
  createState(): State;
  /** One event's parts. Throws `ChatStreamError('protocol', …)` for the server's own error. */
  read(state: State, event: string, payload: Json): ReplyPart[];
  /** The reply ended (its end marker, or the body's end): parts still held, such as unfinished tool calls. */
  finish(state: State): ReplyPart[];
}

/** The value when it is a string, else `undefined`. */
export const str = (value: Json): string | undefined => (typeof value === 'string' ? value : undefined);

/** A plain object (not an array, not null). */
export const isRecord = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A text part, or none for an empty or missing piece. */
export const textPart = (text: Json): ReplyPart[] => (typeof text === 'string' && text !== '' ? [{ type: 'text', text }] : []);

/** A reasoning part, or none for an empty or missing piece. */
export const reasoningPart = (text: Json): ReplyPart[] => (typeof text === 'string' && text !== '' ? [{ type: 'reasoning', text }] : []);

/** The keys an `unreadable` part lists at most. */
const UNREADABLE_KEYS = 10;

/** The part for a JSON object the format found nothing it knows in; none for other JSON values. */
export const unreadable = (payload: Json): ReplyPart[] => (isRecord(payload) ? [{ type: 'unreadable', keys: Object.keys(payload).slice(0, UNREADABLE_KEYS) }] : []);

/** The end of the reply. */
export const DONE: ReplyPart = { type: 'done' };

/**
 * The message of an error payload: `{ error: { message } }` (OpenAI, Anthropic, Gemini),
 * `{ error: "…" }` (Ollama) or `{ type: 'error', message }` (the Responses API); a preview of the
 * error object when it has no message. `undefined` when the payload is not an error.
 */
export function errorOf(payload: Json): string | undefined {
  const error = payload?.error;
  if (typeof error === 'string' && error) return error;
  const record = isRecord(error) ? error : payload?.type === 'error' && isRecord(payload) ? payload : undefined;
  if (!record) return undefined;
  return (typeof record.message === 'string' && record.message) || preview(JSON.stringify(record));
}

/** The error for the server's own error event. */
export const serverError = (message: string): ChatStreamError => new ChatStreamError('protocol', `Server error: ${message}`);

/** Throws the server's error when the payload is one (`errorOf`). */
export function throwIfError(payload: Json): void {
  const message = errorOf(payload);
  if (message) throw serverError(message);
}

/**
 * The input of a tool call from its argument text: the parsed JSON, `{}` for no text at all (as the
 * AI SDK reads it), or, when the text never parses, no `input` and the raw `text`.
 */
export function parseArguments(text: string): { input: unknown } | { text: string } {
  if (text.trim() === '') return { input: {} };
  try {
    return { input: JSON.parse(text) };
  } catch {
    return { text };
  }
}

/** One tool call in progress. */
interface OpenCall {
  id: string;
  name: string;
  args: string;
}

/**
 * The tool calls of one reply that stream their arguments as text (OpenAI, Anthropic): keyed by the
 * protocol's own handle (an index, an item id), each is started once, grows by deltas, and becomes
 * `tool-input-available` once, when the protocol says it is complete or when the reply ends.
 */
export class ToolCalls {
  readonly #open = new Map<unknown, OpenCall>();
  #count = 0;

  /** A fresh id for a call the wire gave none. */
  nextId(): string {
    this.#count += 1;
    return `call-${this.#count}`;
  }

  /** Whether the call of `key` is in progress. */
  has(key: unknown): boolean {
    return this.#open.has(key);
  }

  /** The id of the call of `key`, when it is in progress. */
  idOf(key: unknown): string | undefined {
    return this.#open.get(key)?.id;
  }

  /** Starts a call (an id or name the wire did not give is made up: `call-<n>`, `''`). */
  start(key: unknown, id: Json, name: Json, args = ''): ToolPart[] {
    const call: OpenCall = { id: str(id) || this.nextId(), name: str(name) ?? '', args: '' };
    this.#open.set(key, call);
    return [{ type: 'tool-input-start', id: call.id, name: call.name }, ...this.delta(key, args)];
  }

  /** A piece of a call's argument text. */
  delta(key: unknown, piece: Json): ToolPart[] {
    const call = this.#open.get(key);
    if (!call || typeof piece !== 'string' || piece === '') return [];
    call.args += piece;
    return [{ type: 'tool-input-delta', id: call.id, delta: piece }];
  }

  /** The call's input is complete: `args`, when given, is its whole argument text. */
  complete(key: unknown, args?: Json, fallback?: unknown): ToolPart[] {
    const call = this.#open.get(key);
    if (!call) return [];
    this.#open.delete(key);
    const text = typeof args === 'string' ? args : call.args;
    const input = text.trim() === '' && fallback !== undefined ? { input: fallback } : parseArguments(text);
    return [{ type: 'tool-input-available', id: call.id, name: call.name, ...input }];
  }

  /** Completes every call in progress, in the order they started. */
  completeAll(): ToolPart[] {
    return [...this.#open.keys()].flatMap((key) => this.complete(key));
  }
}
