import { DONE, IGNORE, isDoneSentinel } from './reader.js';
import type { ProtocolReader } from './reader.js';

/** Each event's data is reply text as it is; `[DONE]` or the stream's close ends the reply. */
export function createTextReader(): ProtocolReader {
  return {
    read(ev) {
      if (ev.data === '') return IGNORE;
      if (isDoneSentinel(ev.data)) return DONE;
      return { type: 'text', text: ev.data };
    },
    completeOnClose: () => true,
  };
}
