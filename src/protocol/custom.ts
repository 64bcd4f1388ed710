import { ChatStreamError } from '../errors.js';
import type { ParseEventFunction } from '../types.js';
import { DONE, IGNORE, isRecord } from './reader.js';
import type { ProtocolReader } from './reader.js';

/** Wraps a page's `parseEvent`: a string is text, `null` is ignored, `{ done: true }` ends the reply. */
export function createCustomReader(parseEvent: ParseEventFunction): ProtocolReader {
  return {
    read(ev) {
      // Heartbeats carry no data; a parser written for real events should never see them.
      if (ev.data === '') return IGNORE;
      let result: unknown;
      try {
        result = parseEvent({ event: ev.event, data: ev.data, id: ev.id });
      } catch (cause) {
        throw new ChatStreamError('handler', `parseEvent threw: ${(cause as Error)?.message ?? String(cause)}`, { cause });
      }
      if (typeof result === 'string') return result === '' ? IGNORE : { type: 'text', text: result };
      if (result === null) return IGNORE;
      if (isRecord(result) && result.done === true) return DONE;
      const got = result === undefined ? 'undefined' : JSON.stringify(result) ?? String(result);
      throw new ChatStreamError('handler', `parseEvent must return a string, null or { done: true }; it returned ${got}`);
    },
    // A custom format has no end marker this module knows of: its close ends the reply.
    completeOnClose: () => true,
  };
}
