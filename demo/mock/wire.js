// Pure helpers of the mock model server: choosing a reply, cutting it into tokens, and writing each
// protocol's events. No Node APIs, so they are easy to reason about and to test.

/** The characters of the `long-line` fault's single token: this pattern, repeated, cut to `size`. */
export const LONG_LINE_PATTERN = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The text of the `long-line` fault.
 * @param {number} size characters (all ASCII, so also bytes)
 * @returns {string}
 */
export function longLineText(size) {
  return LONG_LINE_PATTERN.repeat(Math.ceil(size / LONG_LINE_PATTERN.length)).slice(0, size);
}

/**
 * A stable 32-bit hash (FNV-1a), so a prompt always gets the same reply.
 * @param {string} text
 * @returns {number}
 */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The text of a message's `content`: a string, or OpenAI/Anthropic content parts.
 * @param {unknown} content
 * @returns {string}
 */
function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'string' ? part : part && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return '';
}

/**
 * The newest user message of a request body (`{ messages }`, or `{ input }` of the Responses API).
 * @param {unknown} body
 * @returns {string}
 */
export function promptOf(body) {
  if (!body || typeof body !== 'object') return '';
  const b = /** @type {Record<string, unknown>} */ (body);
  if (typeof b.prompt === 'string') return b.prompt;
  if (typeof b.input === 'string') return b.input;
  const messages = Array.isArray(b.messages) ? b.messages : Array.isArray(b.input) ? b.input : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.role === 'user') return contentText(m.content);
  }
  return '';
}

/**
 * Cuts a reply into tokens. With `size`, exactly `size` code points each. Otherwise like a model's
 * tokens, about 4 characters: a token carries the whitespace and newlines before it, so tokens
 * such as "\n\n## Ti" are common (the `text` protocol must send them as several `data:` lines).
 * @param {string} text
 * @param {{ size?: number, newlines?: boolean }} [options] `newlines`: cut only before each run of newlines
 * @returns {string[]}
 */
export function tokenize(text, options = {}) {
  if (text === '') return [];
  if (options.newlines) return text.split(/(?<=[^\n])(?=\n)/u);
  if (options.size && options.size > 0) {
    const chars = Array.from(text);
    const tokens = [];
    for (let i = 0; i < chars.length; i += options.size) tokens.push(chars.slice(i, i + options.size).join(''));
    return tokens;
  }
  return text.match(/\n*[^\S\n]*\S{1,4}|\s+/gu) ?? [text];
}

/**
 * One SSE block (without its `id:` line), ending with the blank line. Multi-line data is sent as
 * one `data:` line per line, as the SSE spec says.
 * @param {{ event?: string, data: string }} ev
 * @param {string} [eol] the line ending to use
 * @returns {string}
 */
export function sseBlock(ev, eol = '\n') {
  let out = ev.event ? `event: ${ev.event}${eol}` : '';
  for (const line of ev.data.split(/\r\n|\r|\n/)) out += `data: ${line}${eol}`;
  return out + eol;
}

/** @typedef {{ kind: 'lead' | 'token' | 'tail', event?: string, data: string }} MockEvent */

const CREATED = 1_700_000_000;

/**
 * The events of a reply in one protocol. `lead` events come before the tokens, `tail` events (the
 * end marker among them) after.
 * @param {string} protocol openai, openai-responses, anthropic, text or json
 * @param {string[]} tokens
 * @returns {MockEvent[]}
 */
export function replyEvents(protocol, tokens) {
  /** @type {MockEvent[]} */
  const events = [];
  /** @type {(data: unknown, event?: string) => void} */
  const lead = (data, event) => events.push({ kind: 'lead', data: JSON.stringify(data), ...(event ? { event } : {}) });
  /** @type {(data: unknown, event?: string) => void} */
  const tail = (data, event) =>
    events.push({ kind: 'tail', data: typeof data === 'string' ? data : JSON.stringify(data), ...(event ? { event } : {}) });
  /** @type {(data: string, event?: string) => void} */
  const token = (data, event) => events.push({ kind: 'token', data, ...(event ? { event } : {}) });
  const text = tokens.join('');
  switch (protocol) {
    case 'openai': {
      /** @type {(delta: object, finish?: string | null) => object} */
      const chunk = (delta, finish = null) => ({
        id: 'chatcmpl-mock',
        object: 'chat.completion.chunk',
        created: CREATED,
        model: 'mock',
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
      lead(chunk({ role: 'assistant', content: '' }));
      for (const t of tokens) token(JSON.stringify(chunk({ content: t })));
      tail(chunk({}, 'stop'));
      tail('[DONE]');
      break;
    }
    case 'openai-responses': {
      const item = { id: 'msg_mock', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
      lead({ type: 'response.created', response: { id: 'resp_mock', status: 'in_progress', model: 'mock' } }, 'response.created');
      lead({ type: 'response.output_item.added', output_index: 0, item }, 'response.output_item.added');
      for (const t of tokens) {
        const delta = { type: 'response.output_text.delta', item_id: 'msg_mock', output_index: 0, content_index: 0, delta: t };
        token(JSON.stringify(delta), 'response.output_text.delta');
      }
      tail({ type: 'response.output_text.done', item_id: 'msg_mock', output_index: 0, content_index: 0, text }, 'response.output_text.done');
      tail({ type: 'response.completed', response: { id: 'resp_mock', status: 'completed', model: 'mock' } }, 'response.completed');
      break;
    }
    case 'anthropic': {
      lead(
        {
          type: 'message_start',
          message: { id: 'msg_mock', type: 'message', role: 'assistant', model: 'mock', content: [], stop_reason: null, usage: { input_tokens: 1, output_tokens: 0 } },
        },
        'message_start',
      );
      lead({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start');
      lead({ type: 'ping' }, 'ping');
      for (const t of tokens) {
        token(JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } }), 'content_block_delta');
      }
      tail({ type: 'content_block_stop', index: 0 }, 'content_block_stop');
      tail({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: tokens.length } }, 'message_delta');
      tail({ type: 'message_stop' }, 'message_stop');
      break;
    }
    case 'text':
      for (const t of tokens) token(t);
      break;
    case 'json':
      for (const t of tokens) token(JSON.stringify({ delta: t }));
      break;
    default:
      throw new Error(`Unknown mock protocol ${protocol}`);
  }
  return events;
}

/**
 * The protocol's own error event, for the `server-error` fault.
 * @param {string} protocol
 * @param {string} message
 * @returns {{ event?: string, data: string }}
 */
export function errorEvent(protocol, message) {
  switch (protocol) {
    case 'anthropic':
      return { event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message } }) };
    case 'openai-responses':
      return { event: 'error', data: JSON.stringify({ type: 'error', code: 'server_error', message }) };
    case 'text':
      return { event: 'error', data: message };
    default:
      return { data: JSON.stringify({ error: { message, type: 'server_error' } }) };
  }
}

/**
 * Invalid data for the `malformed` fault: JSON cut short.
 * @param {string} protocol
 * @returns {{ event?: string, data: string }}
 */
export function malformedEvent(protocol) {
  if (protocol === 'anthropic') return { event: 'content_block_delta', data: '{"type":"content_block_delta","delta":{"text":"oops' };
  if (protocol === 'openai-responses') return { event: 'response.output_text.delta', data: '{"type":"response.output_text.delta","delta":"oops' };
  return { data: '{"choices":[{"delta":{"content":"oops' };
}

/**
 * Byte offsets at which the `split-utf8` fault cuts a write: inside every multi-byte character and
 * between every `\r` and `\n`.
 * @param {Uint8Array} bytes
 * @returns {number[]}
 */
export function splitPoints(bytes) {
  const points = [];
  for (let i = 1; i < bytes.length; i++) {
    const continuation = (bytes[i] & 0xc0) === 0x80;
    if (continuation || (bytes[i - 1] === 13 && bytes[i] === 10)) points.push(i);
  }
  return points;
}
