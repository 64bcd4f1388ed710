/**
 * Makes the reader of one reply: it takes SSE events (or NDJSON lines, or plain-text chunks) from
 * the transport and gives reply parts (`./parts.ts`), by the rules of the chosen wire format (one
 * file each, listed in `./registry.ts`), or of the page's `parseEvent`. What every format shares is
 * done here: events without data (heartbeats) are nothing, `[DONE]` ends any reply, data that is not
 * JSON is an error for a JSON format (quoting its start), reply text passes through the `<think>`
 * splitter (`./think.ts`), and at the end of the reply each format gives up what it still holds
 * (unfinished tool calls). `auto` decides per event: the first format of the registry that
 * recognises it, else `json` (`ndjson` rules for an NDJSON body) for a JSON object, else `text` —
 * a token that happens to be valid JSON (`42`, `"hi"`, `[1]`) is text as sent.
 */
import { ChatStreamError, messageOf, preview } from '../errors.js';
import type { ChatStreamEvent, ParseEventFunction } from '../types.js';
import { DONE, isRecord, textPart, type Json, type WireFormat } from './format.js';
import { json } from './json.js';
import { ndjson } from './ndjson.js';
import type { ReplyPart } from './parts.js';
import type { ProtocolReader, ResponseInfo } from './reader.js';
import { FORMATS, isProtocol, PROTOCOLS, RECOGNISED } from './registry.js';
import { text } from './text.js';
import { ThinkSplitter } from './think.js';

export type { ReplyPart } from './parts.js';
export type { ProtocolReader, ResponseInfo } from './reader.js';
export { PROTOCOLS } from './registry.js';

/** A value as a page would recognise it in an error message (`undefined`, `42`, `{"done":false}`). */
function describe(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return preview(json);
  } catch {
    // A BigInt or a cyclic object: its string form says enough.
  }
  return preview(String(value));
}

class Reader implements ProtocolReader {
  readonly #protocol: string;
  readonly #parseEvent: ParseEventFunction | undefined;
  readonly #think = new ThinkSplitter();
  /** Each format's state for this reply, made when the format first reads an event. */
  readonly #states = new Map<WireFormat<any>, unknown>();
  #info: ResponseInfo | undefined;
  /**
   * Whether a close before the end marker leaves the reply incomplete: an explicit format says so;
   * `auto` learns it once it recognises a format that has one; `parseEvent` has no marker to wait for.
   */
  #expectsMarker: boolean;
  #ended = false;

  constructor(protocol: string, parseEvent: ParseEventFunction | undefined) {
    this.#protocol = protocol;
    this.#parseEvent = parseEvent;
    this.#expectsMarker = !parseEvent && this.#explicit()?.endMarker === true;
  }

  open(info: ResponseInfo): void {
    this.#info = info;
  }

  read(ev: ChatStreamEvent): ReplyPart[] {
    const parts = this.#read(ev);
    if (parts.at(-1)?.type === 'done') this.#ended = true;
    return parts;
  }

  readText(chunk: string): ReplyPart[] {
    return this.#think.push(chunk);
  }

  flush(): ReplyPart[] {
    const parts = this.#think.flush();
    for (const [format, state] of this.#states) parts.push(...format.finish(state));
    return parts;
  }

  completeOnClose(): boolean {
    return this.#ended || !this.#expectsMarker;
  }

  /** The format an explicit `protocol` names; `undefined` for `auto`. */
  #explicit(): WireFormat<any> | undefined {
    return this.#protocol === 'auto' ? undefined : FORMATS[this.#protocol as keyof typeof FORMATS];
  }

  #read(ev: ChatStreamEvent): ReplyPart[] {
    const { event, data } = ev;
    if (!data) return [];
    if (this.#parseEvent) return this.#readCustom(this.#parseEvent, ev);
    if (data.trim() === '[DONE]') return this.#end();
    const explicit = this.#explicit();
    if (explicit && !explicit.json) return this.#apply(explicit, event, data);
    let payload: Json;
    try {
      payload = JSON.parse(data);
    } catch (cause) {
      if (!explicit) return this.#apply(text, event, data);
      throw new ChatStreamError('protocol', `Not ${this.#protocol} JSON: ${preview(data)}`, { cause });
    }
    if (explicit) return this.#apply(explicit === json && this.#info?.format === 'ndjson' ? ndjson : explicit, event, payload);
    const recognised = RECOGNISED.find((format) => format.recognizes(event, payload, this.#info));
    if (recognised) {
      this.#expectsMarker ||= recognised.endMarker;
      return this.#apply(recognised, event, payload);
    }
    if (!isRecord(payload)) return this.#apply(text, event, data);
    return this.#apply(this.#info?.format === 'ndjson' ? ndjson : json, event, payload);
  }

  /** Reads an event with the page's `parseEvent`, which replaces the protocol's rules. */
  #readCustom(parseEvent: ParseEventFunction, ev: ChatStreamEvent): ReplyPart[] {
    let result: Json;
    try {
      // Each event is a fresh object from the decoder: the page may keep it.
      result = parseEvent(ev);
    } catch (cause) {
      throw new ChatStreamError('handler', `parseEvent threw: ${messageOf(cause)}`, { cause });
    }
    // The page's text is the reply as it wrote it: no `<think>` splitting.
    if (typeof result === 'string') return textPart(result);
    if (result === null) return [];
    if (result?.done === true) return this.#end();
    throw new ChatStreamError('handler', `parseEvent returned ${describe(result)}: it must return a string, null or { done: true }`);
  }

  /** One event read by `format`: its text through the `<think>` splitter, its end with what is still held. */
  #apply(format: WireFormat<any>, event: string, payload: Json): ReplyPart[] {
    if (!this.#states.has(format)) this.#states.set(format, format.createState());
    const parts: ReplyPart[] = [];
    for (const part of format.read(this.#states.get(format), event, payload)) {
      if (part.type === 'text') parts.push(...this.#think.push(part.text));
      else if (part.type === 'done') return [...parts, ...this.#end()];
      else parts.push(part);
    }
    return parts;
  }

  /** The end of the reply: what the splitter and the formats still hold, then `done`. */
  #end(): ReplyPart[] {
    return [...this.flush(), DONE];
  }
}

/**
 * Returns a fresh reader for one reply. With `parseEvent` set, the page's function replaces the
 * protocol's rules; an unknown protocol is a `config` error that names the valid values.
 */
export function createReader(protocol: string, parseEvent?: ParseEventFunction): ProtocolReader {
  if (!isProtocol(protocol)) {
    throw new ChatStreamError('config', `Unknown protocol "${protocol}" (${PROTOCOLS})`);
  }
  return new Reader(protocol, parseEvent);
}
