/**
 * The conversation in `localStorage`: `{ v, messages }` under the page's `storage-key`. Reading
 * never fails the element: corrupt or foreign data, or a storage that throws, is ignored with a
 * console warning that says what was found.
 */
import { preview } from './errors.js';
import type { ChatMessage, ChatToolCall } from './types.js';

/** The version of the stored conversation format: `{ v, messages }`. */
export const STORAGE_VERSION = 1;

/** Warns about a storage key without failing the element. */
const warn = (what: string, key: string, error: unknown) => console.warn(`<chat-stream> ${what} "${key}":`, error);

/** Reads a stored conversation; returns undefined (with a console warning) for corrupt or foreign data or a throwing storage. */
export function loadConversation(storage: Pick<Storage, 'getItem'>, key: string): ChatMessage[] | undefined {
  try {
    const raw = storage.getItem(key);
    if (raw === null || raw === undefined) return;
    const { v, messages } = JSON.parse(raw) ?? {};
    if (v !== STORAGE_VERSION || !Array.isArray(messages) || !messages.every(isMessage)) {
      throw new Error(
        `bad data: expected { v: ${STORAGE_VERSION}, messages: [{ role, content }] }, found ` +
          (v !== STORAGE_VERSION ? `version ${JSON.stringify(v)}` : `messages ${preview(JSON.stringify(messages) ?? 'undefined')}`),
      );
    }
    return messages.map(copyMessage);
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

const isToolCall = (call: unknown): call is ChatToolCall =>
  typeof (call as ChatToolCall)?.id === 'string' && typeof (call as ChatToolCall).name === 'string';

/** Whether a value is a well-formed ChatMessage (with valid `reasoning` and `toolCalls` when present). */
export const isMessage = (m: unknown): m is ChatMessage => {
  const message = m as ChatMessage;
  return (
    typeof message?.content === 'string' &&
    /^(user|assistant|system)$/.test(message.role) &&
    (message.reasoning === undefined || typeof message.reasoning === 'string') &&
    (message.toolCalls === undefined || (Array.isArray(message.toolCalls) && message.toolCalls.every(isToolCall)))
  );
};

/** A copy holding only the fields the element knows. */
export function copyMessage({ role, content, reasoning, toolCalls }: ChatMessage): ChatMessage {
  const message: ChatMessage = { role, content };
  if (role === 'assistant' && reasoning) message.reasoning = reasoning;
  if (role === 'assistant' && toolCalls?.length) {
    message.toolCalls = toolCalls.map((call) => {
      const { id, name, input } = call;
      return 'output' in call ? { id, name, input, output: call.output } : { id, name, input };
    });
  }
  return message;
}
