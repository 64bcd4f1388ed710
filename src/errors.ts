/** Why a run failed. */
export type ChatStreamErrorCode =
  | 'config'        // bad input: no endpoint, empty message, unknown protocol, a run in flight
  | 'http'          // a non-2xx answer
  | 'content-type'  // a 2xx answer that is neither text/event-stream nor text/plain
  | 'network'       // fetch rejected
  | 'timeout'       // no byte for `timeout` ms
  | 'incomplete'    // the stream closed or broke before the protocol's end marker
  | 'protocol'      // malformed data, or the server's own error event
  | 'handler';      // prepareRequest or parseEvent threw

/** What a `ChatStreamError` carries besides its message. */
export interface ChatStreamErrorInit {
  status?: number | undefined;
  body?: string | undefined;
  cause?: unknown;
}

/** The error a failed run carries; `status` is the HTTP status when there was one. */
export class ChatStreamError extends Error {
  override name = 'ChatStreamError';
  /** The HTTP status of the answer that failed the run, when there was one. */
  declare readonly status?: number;
  /** The start of what the server sent back, when it explains the failure. */
  declare readonly body?: string;

  constructor(
    readonly code: ChatStreamErrorCode,
    message: string,
    init: ChatStreamErrorInit = {},
  ) {
    // `cause` is set only when `init` has one: Error reads it with a `has` check.
    super(message, init);
    Object.assign(this, init);
  }
}

/** Shortens untrusted text for an error message. */
export function preview(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The message of anything thrown. */
export const messageOf = (cause: unknown): string => String((cause as Error | null)?.message ?? cause);
