import type { ChatMessage } from './types.js';

/** The version of the stored conversation format: `{ v, messages }`. */
export const STORAGE_VERSION = 1;

/** Warns about a storage key without failing the element. */
const warn = (what: string, key: string, error: unknown) => console.warn(`<chat-stream> ${what} "${key}":`, error);

/** Reads a stored conversation; returns undefined (with a console warning) for corrupt or foreign data or a throwing storage. */
export function loadConversation(storage: Pick<Storage, 'getItem'>, key: string): ChatMessage[] | undefined {
  try {
    const raw = storage.getItem(key);
    if (raw == null) return;
    const { v, messages } = JSON.parse(raw) ?? {};
    if (v !== STORAGE_VERSION || !messages?.every?.(isMessage)) throw Error(`bad data`);
    return messages.map(({ role, content }: ChatMessage) => ({ role, content }));
  } catch (error) {
    warn('ignoring', key, error);
  }
}

/** Stores a conversation; storage errors (quota, privacy mode) only warn. */
export function saveConversation(storage: Pick<Storage, 'setItem' | 'removeItem'>, key: string, messages: ChatMessage[]): void {
  try {
    if (messages.length) storage.setItem(key, JSON.stringify({ v: STORAGE_VERSION, messages }));
    else storage.removeItem(key);
  } catch (error) {
    warn('cannot save', key, error);
  }
}

/** Whether a value is a well-formed ChatMessage. */
export const isMessage = (m: unknown): m is ChatMessage =>
  typeof (m as ChatMessage)?.content == 'string' && /^(user|assistant|system)$/.test((m as ChatMessage).role);
