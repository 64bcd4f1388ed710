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

/** The error a failed run carries; `status` is the HTTP status when there was one. */
export class ChatStreamError extends Error {
  override name = 'ChatStreamError';
  readonly code: ChatStreamErrorCode;
  readonly status?: number;
  /** The start of what the server sent back, when it explains the failure. */
  readonly body?: string;

  constructor(code: ChatStreamErrorCode, message: string, init: { status?: number; body?: string; cause?: unknown } = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    if (init.status !== undefined) this.status = init.status;
    if (init.body !== undefined) this.body = init.body;
  }
}

/** Shortens untrusted text for an error message. */
export function preview(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
