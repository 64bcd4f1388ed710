/**
 * The run: one request and its reply, from `start` to exactly one terminal event (`done` or
 * `error`). It builds the request, streams it through the transport, feeds the body to the
 * protocol reader, and applies the reader's parts to the reply's entry — text, reasoning, tool calls,
 * sources — dispatching `token`, `reasoning` and `tool-call` as they come. A stopped or superseded
 * run ends once and then ignores whatever its stream still delivers. The server doctor's findings
 * are warned once per element.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChatStreamError, messageOf } from '../errors.js';
import type {
  ChatStreamDoneDetail,
  ChatStreamErrorDetail,
  ChatStreamReasoningDetail,
  ChatStreamStartDetail,
  ChatStreamTokenDetail,
  ChatStreamToolCallDetail,
} from '../events.js';
import type { ReplyPart } from '../protocol/parts.js';
import { markdownEngineSettled } from '../markdown/load.js';
import { createReader } from '../protocol/index.js';
import type { ProtocolReader } from '../protocol/reader.js';
import { buildDefaultRequest, toWireRequest } from '../request.js';
import { Doctor, unreadable } from '../stream/doctor.js';
import { streamReply } from '../stream/transport.js';
import type { ChatStreamStatus, ParseEventFunction, PrepareRequestFunction, RequestSpec } from '../types.js';
import { messageId, type ConversationController, type HistoryMessage } from './conversation.js';
import { createEntry, type Entry, type TextSegment, type ToolCallView } from './entry.js';

/** The timeout when the `timeout` attribute is not a positive number. */
const DEFAULT_TIMEOUT_MS = 30000;
/** The retries when `max-retries` is not a number ≥ 0. */
const DEFAULT_RETRIES = 2;
/** Unreadable events in a row, with no reply text yet, before the doctor warns. */
const UNREADABLE_WARN_AFTER = 3;

/** The element's settings a run reads. */
export interface RunHost extends ReactiveControllerHost, EventTarget {
  endpoint: string | undefined;
  method: 'POST' | 'GET';
  protocol: string;
  model: string | undefined;
  system: string | undefined;
  headers: Record<string, string> | undefined;
  body: Record<string, unknown> | undefined;
  prepareRequest: PrepareRequestFunction | undefined;
  parseEvent: ParseEventFunction | undefined;
  fetch: typeof globalThis.fetch | undefined;
  credentials: RequestCredentials;
  timeout: number;
  maxRetries: number;
}

/** What the run tells the views. */
export interface RunViews {
  /** A text segment grew (or stopped streaming): redraw its markdown. */
  text(segment: TextSegment, streaming: boolean): void;
  /** The run ended: announce the reply, when it completed. */
  ended(entry: Entry, reason: 'complete' | 'abort' | 'error'): void;
}

/** One run in flight. */
interface Run {
  entry: Entry;
  controller: AbortController;
  startedAt: number;
  firstTokenAt: number | null;
  reasoningAt: number | null;
  ended: boolean;
  unreadableInRow: number;
  unreadableKeys: Set<string>;
  resolve: (text: string) => void;
  reject: (error: unknown) => void;
}

const event = <T>(type: string, detail: T, cancelable = false) => new CustomEvent<T>(type, { detail, cancelable });

/** A chat id for request bodies that carry one (the AI SDK's), stable for the element's life. */
const newChatId = (): string => globalThis.crypto?.randomUUID?.() ?? `chat-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export class RunController implements ReactiveController {
  status: ChatStreamStatus = 'idle';
  readonly #host: RunHost;
  readonly #conversation: ConversationController;
  readonly #views: RunViews;
  readonly #doctor = new Doctor();
  readonly #chatId = newChatId();
  #run: Run | undefined;

  constructor(host: RunHost, conversation: ConversationController, views: RunViews) {
    this.#host = host;
    this.#conversation = conversation;
    this.#views = views;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Whether a reply is streaming. */
  get busy(): boolean {
    return this.#run !== undefined;
  }

  /** A reader for the next run, or the configuration error that keeps it from starting. */
  check(): ProtocolReader | ChatStreamError {
    const host = this.#host;
    if (this.#run) return new ChatStreamError('config', 'A reply is streaming: call stop() first');
    if (!host.endpoint && !host.prepareRequest) {
      return new ChatStreamError('config', 'No endpoint: set the endpoint attribute (or a prepareRequest function) before sending');
    }
    try {
      return createReader(host.protocol || 'auto', host.parseEvent);
    } catch (error) {
      return error as ChatStreamError;
    }
  }

  /** Aborts the run in flight; the partial reply stays. */
  stop(): void {
    const run = this.#run;
    if (run) {
      run.controller.abort();
      this.#finish(run, 'abort');
    }
  }

  /** Ends the run in flight as a `messages` replacement does: silently aborted, as `stop()`. */
  reset(): void {
    this.stop();
    this.status = 'idle';
  }

  /** Starts a run with a new user message, or (without one) runs the last turn again. */
  start(text?: string): Promise<string> {
    const reader = this.check();
    if (reader instanceof Error) return Promise.reject(reader);
    const host = this.#host;
    const conversation = this.#conversation;
    const entries = conversation.entries;
    const regenerating = text === undefined;
    const base = regenerating ? entries.slice(0, entries.findLastIndex((e) => e.role === 'user') + 1) : entries;
    const replaced = regenerating ? entries.at(-1) : undefined;
    const user = regenerating ? undefined : createEntry({ role: 'user', content: text });
    const history = conversation.history(user ? [...base, user] : base);
    const request = buildDefaultRequest({
      endpoint: host.endpoint ?? '',
      method: host.method,
      protocol: host.protocol,
      model: host.model,
      system: host.system,
      headers: host.headers,
      body: host.body,
      messages: history,
      chatId: this.#chatId,
      trigger: regenerating ? 'regenerate-message' : 'submit-message',
      ...(replaced && { messageId: messageId(replaced) }),
    });
    const messages = history.map(({ role, content }) => ({ role, content }));
    const detail: ChatStreamStartDetail = { messages, request: { url: request.url, method: request.method! } };
    if (!host.dispatchEvent(event('start', detail, true))) {
      return Promise.reject(new DOMException('The start event was canceled', 'AbortError'));
    }
    const entry = createEntry({ role: 'assistant', content: '' }, 'streaming');
    conversation.entries = [...base, ...(user ? [user] : []), entry];
    this.status = 'streaming';
    host.requestUpdate();
    return new Promise<string>((resolve, reject) => {
      const run: Run = {
        entry,
        controller: new AbortController(),
        startedAt: performance.now(),
        firstTokenAt: null,
        reasoningAt: null,
        ended: false,
        unreadableInRow: 0,
        unreadableKeys: new Set(),
        resolve,
        reject,
      };
      this.#run = run;
      this.#stream(run, reader, history, request).then(
        () => this.#finish(run, 'complete'),
        (error: unknown) => this.#fail(run, error),
      );
    });
  }

  async #stream(run: Run, reader: ProtocolReader, history: HistoryMessage[], request: RequestSpec): Promise<void> {
    const host = this.#host;
    const { signal } = run.controller;
    const fetch = host.fetch ?? globalThis.fetch.bind(globalThis);
    if (host.prepareRequest) {
      try {
        request = await host.prepareRequest({
          messages: history.map(({ role, content }) => ({ role, content })),
          request,
          signal,
          fetch: (input, init) => fetch(input, { credentials: host.credentials, signal, ...init }),
        });
      } catch (error) {
        if (signal.aborted) return;
        throw new ChatStreamError('handler', `prepareRequest failed: ${messageOf(error)}`, { cause: error });
      }
      if (signal.aborted) return;
    }
    let wire;
    try {
      wire = toWireRequest(request);
    } catch (error) {
      throw new ChatStreamError('handler', messageOf(error), { cause: error });
    }
    const timeout = +host.timeout;
    const retries = +host.maxRetries;
    const apply = (parts: ReplyPart[]): boolean => {
      let done = false;
      for (const part of parts) done = this.#apply(run, part) || done;
      return done;
    };
    await streamReply({
      request: wire,
      credentials: host.credentials,
      signal,
      timeout: timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
      maxRetries: retries >= 0 ? Math.floor(retries) : DEFAULT_RETRIES,
      fetch,
      onOpen: (info) => reader.open(info),
      onEvent: (ev) => apply(reader.read(ev)),
      onText: (chunk) => {
        apply(reader.readText(chunk));
      },
      onClose: () => {
        apply(reader.flush());
      },
      completeOnClose: () => reader.completeOnClose(),
      hasText: () => run.firstTokenAt !== null || run.reasoningAt !== null || run.entry.toolCalls.length > 0,
      onDiagnosis: (diagnosis) => this.#doctor.report(diagnosis),
    });
    if (run.unreadableKeys.size && !run.entry.content && !run.entry.toolCalls.length) this.#warnUnreadable(run);
    // `done` comes when the reply shows as markdown: on a page's first reply the engine may still be on its way.
    await markdownEngineSettled();
  }

  /** Applies one part to the run's entry; true when it ends the reply. */
  #apply(run: Run, part: ReplyPart): boolean {
    if (run.ended) return false;
    if (part.type === 'unreadable') {
      for (const key of part.keys) run.unreadableKeys.add(key);
      if (++run.unreadableInRow >= UNREADABLE_WARN_AFTER && !run.entry.content) this.#warnUnreadable(run);
      return false;
    }
    run.unreadableInRow = 0;
    switch (part.type) {
      case 'done':
        return true;
      case 'text':
        this.#appendText(run, part.text);
        break;
      case 'reasoning':
        this.#appendReasoning(run, part.text);
        break;
      case 'source': {
        const { sources } = run.entry;
        if (!sources.some((s) => s.url === part.url)) sources.push({ url: part.url, title: part.title || part.url });
        this.#host.requestUpdate();
        break;
      }
      default:
        this.#applyTool(run, part);
    }
    return false;
  }

  #warnUnreadable(run: Run): void {
    this.#doctor.report(unreadable([...run.unreadableKeys], this.#host.protocol || 'auto'));
  }

  #appendText(run: Run, token: string): void {
    if (!token) return;
    const { entry } = run;
    const now = performance.now();
    run.firstTokenAt ??= now;
    if (run.reasoningAt !== null && entry.thoughtMs === undefined) {
      // The answer begins: the reasoning closes and says how long it took.
      entry.thoughtMs = now - run.reasoningAt;
      this.#views.text(entry.reasoningSegment, false);
      this.#host.requestUpdate();
    }
    let segment = entry.segments.at(-1);
    if (segment?.kind !== 'text') {
      segment = { kind: 'text', text: '' };
      entry.segments.push(segment);
      this.#host.requestUpdate();
    }
    segment.text += token;
    entry.content += token;
    this.#views.text(segment, true);
    this.#host.dispatchEvent(event<ChatStreamTokenDetail>('token', { token, text: entry.content }));
  }

  #appendReasoning(run: Run, token: string): void {
    if (!token) return;
    const { entry } = run;
    if (run.reasoningAt === null) {
      run.reasoningAt = performance.now();
      this.#host.requestUpdate();
    }
    entry.reasoning += token;
    entry.reasoningSegment.text = entry.reasoning;
    this.#views.text(entry.reasoningSegment, entry.thoughtMs === undefined);
    this.#host.dispatchEvent(event<ChatStreamReasoningDetail>('reasoning', { token, text: entry.reasoning }));
  }

  #applyTool(run: Run, part: Exclude<ReplyPart, { type: 'text' | 'reasoning' | 'source' | 'unreadable' | 'done' }>): void {
    const { entry } = run;
    let call = entry.toolCalls.find((c) => c.id === part.id);
    if (!call) {
      call = { id: part.id, name: ('name' in part && part.name) || 'tool', state: 'input-streaming', arguments: '' };
      entry.toolCalls.push(call);
      const last = entry.segments.at(-1);
      if (last?.kind === 'text' && !last.text) {
        // Nothing written yet: the call goes before the (empty) text segment that keeps the caret.
        entry.segments.splice(-1, 0, { kind: 'tool', call });
      } else {
        // The text before the call stops streaming: the caret moves on to the text after it.
        if (last?.kind === 'text') this.#views.text(last, false);
        entry.segments.push({ kind: 'tool', call }, { kind: 'text', text: '' });
      }
      if (part.type !== 'tool-input-start') this.#dispatchTool(call);
    }
    switch (part.type) {
      case 'tool-input-start':
        call.name = part.name || call.name;
        this.#dispatchTool(call);
        break;
      case 'tool-input-delta':
        call.arguments += part.delta;
        break;
      case 'tool-input-available':
        if (part.name) call.name = part.name;
        call.state = 'input-available';
        if (part.input !== undefined) call.input = part.input;
        if (!call.arguments) call.arguments = part.text ?? (part.input === undefined ? '' : JSON.stringify(part.input));
        this.#dispatchTool(call);
        break;
      case 'tool-output-available':
        call.state = 'output-available';
        call.output = part.output;
        this.#dispatchTool(call);
        break;
      case 'tool-output-error':
        call.state = 'output-error';
        call.errorText = part.errorText;
        this.#dispatchTool(call);
        break;
    }
    this.#host.requestUpdate();
  }

  #dispatchTool(call: ToolCallView): void {
    const detail: ChatStreamToolCallDetail = { id: call.id, name: call.name, state: call.state, arguments: call.arguments };
    if (call.input !== undefined) detail.input = call.input;
    if ('output' in call) detail.output = call.output;
    if (call.errorText !== undefined) detail.errorText = call.errorText;
    this.#host.dispatchEvent(event('tool-call', detail));
  }

  #finish(run: Run, reason: 'complete' | 'abort'): void {
    if (run.ended || (reason === 'complete' && run.controller.signal.aborted)) return;
    const { entry, startedAt, firstTokenAt } = run;
    this.#end(run, reason === 'abort' ? 'aborted' : 'done', 'idle');
    this.#views.ended(entry, reason);
    this.#host.dispatchEvent(
      event<ChatStreamDoneDetail>('done', {
        text: entry.content,
        reason,
        durationMs: performance.now() - startedAt,
        firstTokenMs: firstTokenAt === null ? null : firstTokenAt - startedAt,
        reasoning: entry.reasoning,
        sources: entry.sources.map(({ url, title }) => ({ url, title })),
      }),
    );
    run.resolve(entry.content);
  }

  #fail(run: Run, cause: unknown): void {
    if (run.ended) return;
    const error = cause instanceof Error ? cause : new Error(String(cause));
    const status = (error as ChatStreamError).status;
    run.entry.error = error.message;
    this.#end(run, 'error', 'error');
    this.#views.ended(run.entry, 'error');
    const detail: ChatStreamErrorDetail = { error, text: run.entry.content, reasoning: run.entry.reasoning };
    if (status !== undefined) detail.status = status;
    this.#host.dispatchEvent(event('error', detail));
    run.reject(error);
  }

  #end(run: Run, state: Entry['state'], status: ChatStreamStatus): void {
    run.ended = true;
    this.#run = undefined;
    const { entry } = run;
    entry.state = state;
    if (run.reasoningAt !== null && entry.thoughtMs === undefined) entry.thoughtMs = performance.now() - run.reasoningAt;
    this.status = status;
    // The empty text segment that kept the caret after a tool call goes, unless it is the reply's only text.
    const last = entry.segments.at(-1);
    if (last?.kind === 'text' && !last.text && entry.segments.some((s) => s.kind === 'text' && s !== last)) entry.segments.pop();
    for (const segment of entry.segments) if (segment.kind === 'text') this.#views.text(segment, false);
    if (entry.reasoning) this.#views.text(entry.reasoningSegment, false);
    this.#conversation.changed();
  }
}
