import type { ChatMessage } from './types.js';

/** The version of the stored conversation format. */
export const STORAGE_VERSION = 1;

interface Stored {
  v: number;
  messages: ChatMessage[];
}

/** Reads a stored conversation; returns undefined (with a console warning) for corrupt or foreign data. */
export function loadConversation(storage: Pick<Storage, 'getItem'>, key: string): ChatMessage[] | undefined {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch (error) {
    console.warn(`<chat-stream>: cannot read localStorage key "${key}"`, error);
    return undefined;
  }
  if (raw === null) return undefined;
  try {
    const data = JSON.parse(raw) as Partial<Stored>;
    if (data?.v !== STORAGE_VERSION) throw new Error(`version ${String(data?.v)}, expected ${STORAGE_VERSION}`);
    if (!Array.isArray(data.messages) || !data.messages.every(isMessage)) throw new Error('malformed messages');
    return data.messages.map((m) => ({ role: m.role, content: m.content }));
  } catch (error) {
    console.warn(`<chat-stream>: ignoring stored conversation "${key}": ${(error as Error).message}`);
    return undefined;
  }
}

/** Stores a conversation; storage errors (quota, privacy mode) only warn. */
export function saveConversation(storage: Pick<Storage, 'setItem' | 'removeItem'>, key: string, messages: ChatMessage[]): void {
  try {
    if (messages.length === 0) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify({ v: STORAGE_VERSION, messages } satisfies Stored));
  } catch (error) {
    console.warn(`<chat-stream>: cannot save the conversation to localStorage key "${key}"`, error);
  }
}

/** Whether a value is a well-formed ChatMessage. */
export function isMessage(value: unknown): value is ChatMessage {
  const m = value as ChatMessage;
  return (
    typeof m === 'object' && m !== null && typeof m.content === 'string' &&
    (m.role === 'user' || m.role === 'assistant' || m.role === 'system')
  );
}
