/**
 * The conversation: the log's entries, the public `messages` view of them, and their copy in
 * `localStorage` under `storage-key` (restored once, on the first connection, unless the page set
 * `messages` first). It decides what a request carries: user messages and the replies that produced
 * text, as `{ role, content }` only — reasoning and tool calls are never sent back.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadConversation, saveConversation, isMessage, copyMessage } from '../storage.js';
import type { ChatMessage } from '../types.js';
import { createEntry, toMessage, type Entry } from './entry.js';

/** What the conversation needs from its element. */
export interface ConversationHost extends ReactiveControllerHost {
  storageKey: string | undefined;
}

/** A message of a request, with the id the AI SDK's request body carries. */
export interface HistoryMessage extends ChatMessage {
  id: string;
}

/** The wire id of an entry. */
export const messageId = (entry: Entry): string => `msg-${entry.id}`;

export class ConversationController implements ReactiveController {
  /** The log, oldest first. Replaced (not mutated) when messages are added or removed. */
  entries: Entry[] = [];
  readonly #host: ConversationHost;
  #restored = false;

  constructor(host: ConversationHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    const key = this.#host.storageKey;
    if (this.#restored || !key || !globalThis.localStorage) return;
    this.#restored = true;
    const stored = loadConversation(localStorage, key);
    if (stored && this.entries.length === 0) this.entries = stored.map((m) => createEntry(m));
  }

  /** The public copy of the conversation: replies that produced nothing (no text, reasoning or tool call) are left out. */
  get messages(): ChatMessage[] {
    return this.entries.filter((e) => e.role === 'user' || e.content || e.reasoning || e.toolCalls.length).map(toMessage);
  }

  /** Replaces the conversation; throws a `TypeError` for anything but an array of messages. */
  setMessages(value: ChatMessage[]): void {
    if (!Array.isArray(value) || !value.every(isMessage)) {
      throw new TypeError('messages must be an array of { role, content } (role "user", "assistant" or "system"; content a string)');
    }
    this.entries = value.map((m) => createEntry(copyMessage(m)));
    this.#restored = true;
    this.changed();
  }

  /** The messages a request carries: replies that produced nothing are left out. */
  history(entries: Entry[] = this.entries): HistoryMessage[] {
    return entries
      .filter((e) => e.content || e.role === 'user')
      .map((e) => ({ id: messageId(e), role: e.role, content: e.content }));
  }

  /** Stores the conversation (when it has a key) and asks for a render. */
  changed(): void {
    const key = this.#host.storageKey;
    if (key && globalThis.localStorage) saveConversation(localStorage, key, this.messages);
    this.#host.requestUpdate();
  }
}
