import { ChatStreamError } from '../errors.js';
import { PROTOCOLS } from '../types.js';
import type { ChatStreamProtocol, ParseEventFunction } from '../types.js';
import { createAnthropicReader } from './anthropic.js';
import { createAutoReader } from './auto.js';
import { createCustomReader } from './custom.js';
import { createJsonReader } from './json.js';
import { createOpenAiReader } from './openai.js';
import type { ProtocolReader } from './reader.js';
import { createTextReader } from './text.js';

export type { ProtocolReader, ReadResult } from './reader.js';

const FACTORIES: Record<ChatStreamProtocol, () => ProtocolReader> = {
  auto: createAutoReader,
  openai: createOpenAiReader,
  anthropic: createAnthropicReader,
  text: createTextReader,
  json: createJsonReader,
};

/**
 * Returns a fresh reader for one reply. With `parseEvent` set, the page's function replaces the
 * protocol's rules; an unknown protocol is a `config` error that names the valid values.
 */
export function createReader(protocol: string, parseEvent?: ParseEventFunction): ProtocolReader {
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new ChatStreamError('config', `Unknown protocol "${protocol}": use one of ${PROTOCOLS.join(', ')}`);
  }
  if (typeof parseEvent === 'function') return createCustomReader(parseEvent);
  return FACTORIES[protocol as ChatStreamProtocol]();
}
