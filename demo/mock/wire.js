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
 * The newest user message of a request body: `{ messages }` (OpenAI, Anthropic, Ollama; the AI
 * SDK's `useChat` with `parts` instead of `content`), `{ input }` of the Responses API, `{ contents }`
 * of Gemini, or `{ prompt }` (Ollama's `/api/generate`).
 * @param {unknown} body
 * @returns {string}
 */
export function promptOf(body) {
  if (!body || typeof body !== 'object') return '';
  const b = /** @type {Record<string, unknown>} */ (body);
  if (typeof b.prompt === 'string') return b.prompt;
  if (typeof b.input === 'string') return b.input;
  const messages = Array.isArray(b.messages) ? b.messages : Array.isArray(b.input) ? b.input : Array.isArray(b.contents) ? b.contents : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.role === 'user') return contentText(m.content ?? m.parts);
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

/**
 * @typedef {object} MockToolCall
 * @property {string} id
 * @property {string} name
 * @property {string[]} argumentPieces the arguments' JSON text, in the pieces it streams in
 * @property {Record<string, unknown>} input the parsed arguments
 * @property {unknown} output what the tool answered (sent only where the protocol carries it)
 */

/**
 * @typedef {object} MockSource
 * @property {string} id
 * @property {string} url
 * @property {string} title
 */

/**
 * @typedef {object} ReplyExtras
 * @property {string[]} [reasoning] reasoning tokens, streamed before the reply in the protocol's own fields
 * @property {MockToolCall} [tool] a tool call, streamed after the reasoning and before the reply
 * @property {MockSource[]} [sources] sources, where the protocol carries them (ai-sdk, openai-responses)
 */

const CREATED = 1_700_000_000;
const CREATED_AT = '2023-11-14T22:13:20Z';

/** The protocols whose replies are SSE events written by `replyEvents`. */
export const SSE_PROTOCOLS = new Set(['openai', 'openai-responses', 'anthropic', 'text', 'json', 'ai-sdk', 'gemini']);

/** The protocols whose replies are NDJSON lines (one `data` of `replyEvents` a line). */
export const NDJSON_PROTOCOLS = new Set(['ollama', 'ollama-generate']);

/** The protocols with no reasoning field of their own: reasoning comes as a `<think>…</think>` prefix of the text. */
export const THINK_TAG_PROTOCOLS = new Set(['text', 'json', 'plain']);

/**
 * Reply tokens preceded by reasoning inside `<think>…</think>`, for protocols with no reasoning field.
 * @param {string[]} reasoning
 * @param {string[]} tokens
 * @returns {string[]}
 */
export function withThinkTags(reasoning, tokens) {
  if (reasoning.length === 0) return tokens;
  return ['<think>', ...reasoning, '</think>\n\n', ...tokens];
}

/**
 * The events of a reply in one protocol. `lead` events come before the tokens (and between the
 * reasoning, tool call and text, unpaced), `token` events are paced, `tail` events (the end marker
 * among them) come after. Reasoning deltas and tool-argument pieces are `token` events too, so
 * they stream at the reply's pace. With no `extras`, the events are what they always were.
 * @param {string} protocol openai, openai-responses, anthropic, text, json, ai-sdk, gemini, ollama or ollama-generate
 * @param {string[]} tokens
 * @param {ReplyExtras} [extras]
 * @returns {MockEvent[]}
 */
export function replyEvents(protocol, tokens, extras = {}) {
  /** @type {MockEvent[]} */
  const events = [];
  /** @type {(data: unknown, event?: string) => void} */
  const lead = (data, event) => events.push({ kind: 'lead', data: JSON.stringify(data), ...(event ? { event } : {}) });
  /** @type {(data: unknown, event?: string) => void} */
  const tail = (data, event) =>
    events.push({ kind: 'tail', data: typeof data === 'string' ? data : JSON.stringify(data), ...(event ? { event } : {}) });
  /** @type {(data: string, event?: string) => void} */
  const token = (data, event) => events.push({ kind: 'token', data, ...(event ? { event } : {}) });
  /** @type {(data: unknown, event?: string) => void} */
  const jsonToken = (data, event) => token(JSON.stringify(data), event);
  const text = tokens.join('');
  const reasoning = extras.reasoning ?? [];
  const tool = extras.tool;
  const sources = extras.sources ?? [];
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
      for (const r of reasoning) jsonToken(chunk({ reasoning_content: r }));
      if (tool) {
        lead(chunk({ tool_calls: [{ index: 0, id: tool.id, type: 'function', function: { name: tool.name, arguments: '' } }] }));
        for (const piece of tool.argumentPieces) jsonToken(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
      }
      for (const t of tokens) token(JSON.stringify(chunk({ content: t })));
      tail(chunk({}, 'stop'));
      tail('[DONE]');
      break;
    }
    case 'openai-responses': {
      let outputIndex = 0;
      lead({ type: 'response.created', response: { id: 'resp_mock', status: 'in_progress', model: 'mock' } }, 'response.created');
      if (reasoning.length > 0) {
        const index = outputIndex++;
        const summary = reasoning.join('');
        const part = { item_id: 'rs_mock', output_index: index, summary_index: 0 };
        lead({ type: 'response.output_item.added', output_index: index, item: { id: 'rs_mock', type: 'reasoning', summary: [] } }, 'response.output_item.added');
        lead({ type: 'response.reasoning_summary_part.added', ...part, part: { type: 'summary_text', text: '' } }, 'response.reasoning_summary_part.added');
        for (const r of reasoning) jsonToken({ type: 'response.reasoning_summary_text.delta', ...part, delta: r }, 'response.reasoning_summary_text.delta');
        lead({ type: 'response.reasoning_summary_text.done', ...part, text: summary }, 'response.reasoning_summary_text.done');
        lead({ type: 'response.reasoning_summary_part.done', ...part, part: { type: 'summary_text', text: summary } }, 'response.reasoning_summary_part.done');
        const done = { id: 'rs_mock', type: 'reasoning', summary: [{ type: 'summary_text', text: summary }] };
        lead({ type: 'response.output_item.done', output_index: index, item: done }, 'response.output_item.done');
      }
      if (tool) {
        const index = outputIndex++;
        const item = { id: 'fc_mock', type: 'function_call', status: 'in_progress', call_id: tool.id, name: tool.name, arguments: '' };
        const args = tool.argumentPieces.join('');
        lead({ type: 'response.output_item.added', output_index: index, item }, 'response.output_item.added');
        for (const piece of tool.argumentPieces) {
          jsonToken({ type: 'response.function_call_arguments.delta', item_id: 'fc_mock', output_index: index, delta: piece }, 'response.function_call_arguments.delta');
        }
        lead({ type: 'response.function_call_arguments.done', item_id: 'fc_mock', output_index: index, arguments: args }, 'response.function_call_arguments.done');
        lead({ type: 'response.output_item.done', output_index: index, item: { ...item, status: 'completed', arguments: args } }, 'response.output_item.done');
      }
      const messageIndex = outputIndex;
      const item = { id: 'msg_mock', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
      lead({ type: 'response.output_item.added', output_index: messageIndex, item }, 'response.output_item.added');
      for (const t of tokens) {
        const delta = { type: 'response.output_text.delta', item_id: 'msg_mock', output_index: messageIndex, content_index: 0, delta: t };
        token(JSON.stringify(delta), 'response.output_text.delta');
      }
      sources.forEach((source, annotationIndex) => {
        const annotation = { type: 'url_citation', url: source.url, title: source.title, start_index: text.length, end_index: text.length };
        tail(
          { type: 'response.output_text.annotation.added', item_id: 'msg_mock', output_index: messageIndex, content_index: 0, annotation_index: annotationIndex, annotation },
          'response.output_text.annotation.added',
        );
      });
      tail({ type: 'response.output_text.done', item_id: 'msg_mock', output_index: messageIndex, content_index: 0, text }, 'response.output_text.done');
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
      let blockIndex = 0;
      if (reasoning.length > 0 || tool) lead({ type: 'ping' }, 'ping');
      if (reasoning.length > 0) {
        const index = blockIndex++;
        lead({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '' } }, 'content_block_start');
        for (const r of reasoning) jsonToken({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: r } }, 'content_block_delta');
        lead({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: 'bW9jay1zaWduYXR1cmU=' } }, 'content_block_delta');
        lead({ type: 'content_block_stop', index }, 'content_block_stop');
      }
      if (tool) {
        const index = blockIndex++;
        lead({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: 'toolu_mock_weather', name: tool.name, input: {} } }, 'content_block_start');
        for (const piece of tool.argumentPieces) {
          jsonToken({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } }, 'content_block_delta');
        }
        lead({ type: 'content_block_stop', index }, 'content_block_stop');
      }
      const textIndex = blockIndex;
      lead({ type: 'content_block_start', index: textIndex, content_block: { type: 'text', text: '' } }, 'content_block_start');
      if (textIndex === 0) lead({ type: 'ping' }, 'ping');
      for (const t of tokens) {
        token(JSON.stringify({ type: 'content_block_delta', index: textIndex, delta: { type: 'text_delta', text: t } }), 'content_block_delta');
      }
      tail({ type: 'content_block_stop', index: textIndex }, 'content_block_stop');
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
    case 'ai-sdk': {
      lead({ type: 'start', messageId: 'msg-mock' });
      lead({ type: 'start-step' });
      if (reasoning.length > 0) {
        lead({ type: 'reasoning-start', id: 'reasoning-1' });
        for (const r of reasoning) jsonToken({ type: 'reasoning-delta', id: 'reasoning-1', delta: r });
        lead({ type: 'reasoning-end', id: 'reasoning-1' });
      }
      if (tool) {
        lead({ type: 'tool-input-start', toolCallId: tool.id, toolName: tool.name });
        for (const piece of tool.argumentPieces) jsonToken({ type: 'tool-input-delta', toolCallId: tool.id, inputTextDelta: piece });
        lead({ type: 'tool-input-available', toolCallId: tool.id, toolName: tool.name, input: tool.input });
        lead({ type: 'tool-output-available', toolCallId: tool.id, output: tool.output });
      }
      lead({ type: 'text-start', id: 'text-1' });
      for (const t of tokens) jsonToken({ type: 'text-delta', id: 'text-1', delta: t });
      tail({ type: 'text-end', id: 'text-1' });
      for (const source of sources) tail({ type: 'source-url', sourceId: source.id, url: source.url, title: source.title });
      tail({ type: 'finish-step' });
      tail({ type: 'finish' });
      tail('[DONE]');
      break;
    }
    case 'gemini': {
      /** @type {(parts: object[], more?: object) => object} */
      const chunk = (parts, more = {}) => ({ candidates: [{ content: { role: 'model', parts }, index: 0, ...more }], modelVersion: 'mock' });
      for (const r of reasoning) jsonToken(chunk([{ text: r, thought: true }]));
      if (tool) lead(chunk([{ functionCall: { name: tool.name, args: tool.input } }]));
      for (const t of tokens) jsonToken(chunk([{ text: t }]));
      tail({ ...chunk([{ text: '' }], { finishReason: 'STOP' }), usageMetadata: { promptTokenCount: 1, candidatesTokenCount: tokens.length, totalTokenCount: tokens.length + 1 } });
      break;
    }
    case 'ollama': {
      /** @type {(message: object, more?: object) => object} */
      const line = (message, more = { done: false }) => ({ model: 'mock', created_at: CREATED_AT, message: { role: 'assistant', ...message }, ...more });
      for (const r of reasoning) jsonToken(line({ content: '', thinking: r }));
      for (const t of tokens) jsonToken(line({ content: t }));
      tail(line({ content: '' }, { done: true, done_reason: 'stop', total_duration: 1_000_000, eval_count: tokens.length }));
      break;
    }
    case 'ollama-generate': {
      for (const r of reasoning) jsonToken({ model: 'mock', created_at: CREATED_AT, response: '', thinking: r, done: false });
      for (const t of tokens) jsonToken({ model: 'mock', created_at: CREATED_AT, response: t, done: false });
      tail({ model: 'mock', created_at: CREATED_AT, response: '', done: true, done_reason: 'stop', total_duration: 1_000_000, eval_count: tokens.length });
      break;
    }
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
    case 'ai-sdk':
      return { data: JSON.stringify({ type: 'error', errorText: message }) };
    case 'gemini':
      return { data: JSON.stringify({ error: { code: 503, message, status: 'UNAVAILABLE' } }) };
    case 'ollama':
    case 'ollama-generate':
      return { data: JSON.stringify({ error: message }) };
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
  if (protocol === 'ai-sdk') return { data: '{"type":"text-delta","id":"text-1","delta":"oops' };
  if (protocol === 'gemini') return { data: '{"candidates":[{"content":{"role":"model","parts":[{"text":"oops' };
  if (protocol === 'ollama') return { data: '{"model":"mock","message":{"role":"assistant","content":"oops' };
  if (protocol === 'ollama-generate') return { data: '{"model":"mock","response":"oops' };
  return { data: '{"choices":[{"delta":{"content":"oops' };
}

/**
 * One NDJSON line: the event's data and a newline.
 * @param {{ data: string }} ev
 * @returns {string}
 */
export function ndjsonLine(ev) {
  return `${ev.data}\n`;
}

/**
 * One event as a server that separates events with a single newline writes it (the
 * `single-newline` fault): its `data:` lines, no `event:` line, no blank line.
 * @param {{ data: string }} ev
 * @returns {string}
 */
export function singleNewlineBlock(ev) {
  return ev.data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
}

/** The one event of the `unreadable` fault: JSON none of the protocols can read text from. */
export const UNREADABLE_DATA = '{"hello":"world"}';

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
