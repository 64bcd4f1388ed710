import { LitElement, html, svg, nothing, type PropertyValues, type SVGTemplateResult, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ref } from 'lit/directives/ref.js';
import { styleMap } from 'lit/directives/style-map.js';
import { live } from 'lit/directives/live.js';
import { styles } from './chat-stream.styles.js';
import { ChatStreamError } from './errors.js';
import type {
  ChatStreamDoneDetail,
  ChatStreamElementEventMap,
  ChatStreamErrorDetail,
  ChatStreamStartDetail,
  ChatStreamTokenDetail,
} from './events.js';
import { MarkdownView } from './markdown/view.js';
import { createReader, type ProtocolReader } from './protocol/index.js';
import { buildDefaultRequest, toWireRequest } from './request.js';
import { loadConversation, saveConversation, isMessage } from './storage.js';
import { streamReply } from './stream/transport.js';
import { DEFAULT_STRINGS, type ChatStreamStrings } from './strings.js';
import type {
  ChatMessage,
  ChatRole,
  ChatStreamProtocol,
  ChatStreamStatus,
  ParseEventFunction,
  PrepareRequestFunction,
  RequestSpec,
} from './types.js';

/** One message in the log, with what the UI needs beyond `ChatMessage`. */
interface Entry {
  id: number;
  role: ChatRole;
  content: string;
  state: 'done' | 'streaming' | 'error' | 'aborted';
  error?: { message: string; status?: number };
}

/** One run: a request and its reply. */
interface Run {
  id: number;
  entry: Entry;
  controller: AbortController;
  startedAt: number;
  firstTokenAt: number | null;
  ended: boolean;
  resolve: (text: string) => void;
  reject: (error: unknown) => void;
}

type LauncherPosition = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

let nextEntryId = 1;
let nextRunId = 1;

/**
 * A chat panel whose replies stream in token by token as sanitized markdown.
 *
 * @tag chat-stream
 *
 * @fires start - A run is about to send its request; cancelable. `detail`: `{ messages, request: { url, method } }`.
 * @fires token - A piece of reply text arrived. `detail`: `{ token, text }`.
 * @fires done - The run ended without error. `detail`: `{ text, reason, durationMs, firstTokenMs }`.
 * @fires error - The run failed. `detail`: `{ error, status?, text }`.
 *
 * @csspart panel - The chat panel (in launcher mode, the popup).
 * @csspart log - The scrolling message list.
 * @csspart message - Every message, together with `user` or `assistant`.
 * @csspart user - A message the user wrote.
 * @csspart assistant - A reply.
 * @csspart content - A message's rendered body.
 * @csspart caret - The blinking caret at the end of a streaming reply.
 * @csspart copy-button - The copy button of a code block.
 * @csspart actions - The buttons under a finished reply.
 * @csspart action-button - Copy, Regenerate and Retry buttons.
 * @csspart error - The error notice of a failed run.
 * @csspart composer - The form holding the input and buttons.
 * @csspart input - The message textarea.
 * @csspart send-button - The send button.
 * @csspart stop-button - The stop button.
 * @csspart jump-button - The "jump to latest" button shown when scrolled up.
 * @csspart launcher-button - The floating button of launcher mode.
 *
 * @cssprop [--chat-stream-accent=#2563eb] - Accent of buttons, links, focus ring and caret.
 * @cssprop [--chat-stream-background=light-dark(#ffffff, #17181c)] - Panel background.
 * @cssprop [--chat-stream-foreground=light-dark(#1b1c1f, #e8e9ec)] - Text color.
 * @cssprop [--chat-stream-muted=light-dark(#5d6169, #a3a7b0)] - Secondary text.
 * @cssprop [--chat-stream-border=light-dark(#e2e4e8, #2c2e35)] - Borders and separators.
 * @cssprop [--chat-stream-font-family=system-ui, sans-serif] - Font of the panel.
 * @cssprop [--chat-stream-font-size=15px] - Base font size.
 * @cssprop [--chat-stream-radius=12px] - Corner radius of the panel, bubbles and buttons.
 * @cssprop [--chat-stream-caret-color=var(--chat-stream-accent)] - Caret color.
 * @cssprop [--chat-stream-code-background=light-dark(#f4f5f7, #0f1013)] - Background of code.
 * @cssprop [--chat-stream-user-background=light-dark(#eef2ff, #262a36)] - Background of user messages.
 * @cssprop [--chat-stream-error=light-dark(#b42318, #ff8a80)] - Color of error notices.
 * @cssprop [--chat-stream-gap=12px] - Spacing unit (set by `density`).
 * @cssprop [--chat-stream-panel-width=400px] - Width of the launcher panel.
 * @cssprop [--chat-stream-panel-height=600px] - Height of the launcher panel.
 * @cssprop [--chat-stream-z-index=2147483000] - Stacking order of the launcher.
 */
export class ChatStreamElement extends LitElement {
  static override styles = styles;

  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: false };

  static override properties = {
    endpoint: { type: String },
    method: { type: String },
    protocol: { type: String },
    model: { type: String },
    system: { type: String },
    placeholder: { type: String },
    theme: { type: String, reflect: true },
    accent: { type: String },
    radius: { type: String },
    fontSize: { type: String, attribute: 'font-size' },
    density: { type: String, reflect: true },
    maxRetries: { type: Number, attribute: 'max-retries' },
    timeout: { type: Number },
    credentials: { type: String },
    noCaret: { type: Boolean, attribute: 'no-caret' },
    noComposer: { type: Boolean, attribute: 'no-composer' },
    allowImages: { type: Boolean, attribute: 'allow-images' },
    launcher: { type: String, reflect: true },
    open: { type: Boolean, reflect: true },
    storageKey: { type: String, attribute: 'storage-key' },
    headers: { attribute: false },
    body: { attribute: false },
    prepareRequest: { attribute: false },
    parseEvent: { attribute: false },
    fetch: { attribute: false },
    strings: { attribute: false },
    _entries: { state: true },
    _status: { state: true },
    _draft: { state: true },
    _following: { state: true },
    _announcement: { state: true },
    _notice: { state: true },
  };

  /** Where each request is sent. @attr endpoint */
  declare endpoint: string | undefined;
  /** `POST` (default) or `GET`; with `GET` the newest user message goes in the `prompt` query parameter. @attr method */
  declare method: 'POST' | 'GET';
  /** How the reply's SSE events are read: `auto`, `openai`, `anthropic`, `text` or `json`. @attr protocol */
  declare protocol: ChatStreamProtocol;
  /** Sent as `model` in the request body when set. @attr model */
  declare model: string | undefined;
  /** A system prompt sent ahead of the conversation. @attr system */
  declare system: string | undefined;
  /** The input's placeholder. @attr placeholder */
  declare placeholder: string;
  /** `auto` (follows `prefers-color-scheme`), `light` or `dark`. @attr theme */
  declare theme: 'auto' | 'light' | 'dark';
  /** Accent color of buttons, links, focus ring and caret (behind `--chat-stream-accent`). @attr accent */
  declare accent: string | undefined;
  /** Corner radius, any CSS length (behind `--chat-stream-radius`). @attr radius */
  declare radius: string | undefined;
  /** Base font size, any CSS length (behind `--chat-stream-font-size`). @attr font-size */
  declare fontSize: string | undefined;
  /** `comfortable` (default) or `compact` spacing (behind `--chat-stream-gap`). @attr density */
  declare density: 'comfortable' | 'compact' | undefined;
  /** Connection attempts retried, with backoff, before the first token. @attr max-retries */
  declare maxRetries: number;
  /** Milliseconds with no byte from the server after which a run fails. @attr timeout */
  declare timeout: number;
  /** Passed to fetch: `same-origin`, `include` or `omit`. @attr credentials */
  declare credentials: RequestCredentials;
  /** Hides the blinking caret. @attr no-caret */
  declare noCaret: boolean;
  /** Hides the built-in composer; the page drives the element with `send()`. @attr no-composer */
  declare noComposer: boolean;
  /** Loads images in replies; off, they render as links with their alt text. @attr allow-images */
  declare allowImages: boolean;
  /** Turns the element into a floating button at a corner (`bottom-right` when empty) that opens the panel. @attr launcher */
  declare launcher: LauncherPosition | '' | undefined;
  /** In launcher mode, whether the panel is open. @attr open */
  declare open: boolean;
  /** Keeps the conversation in `localStorage` under this key. @attr storage-key */
  declare storageKey: string | undefined;
  /** Extra request headers, for example `Authorization`. */
  declare headers: Record<string, string> | undefined;
  /** Extra fields merged into the default request body. */
  declare body: Record<string, unknown> | undefined;
  /** Full control of `{ url, method, headers, body }` for a run. */
  declare prepareRequest: PrepareRequestFunction | undefined;
  /** Reads a custom wire format: a string is appended, `null` ignored, `{ done: true }` ends the reply. */
  declare parseEvent: ParseEventFunction | undefined;
  /** The fetch function requests go through (defaults to the global `fetch`). */
  declare fetch: typeof globalThis.fetch | undefined;
  /** Replacements for any visible or announced UI string. */
  declare strings: Partial<ChatStreamStrings> | undefined;

  declare private _entries: Entry[];
  declare private _status: ChatStreamStatus;
  declare private _draft: string;
  declare private _following: boolean;
  declare private _announcement: string;
  declare private _notice: string;

  private _run: Run | undefined;
  private readonly _views = new Map<number, MarkdownView>();
  private readonly _refs = new Map<number, (el: Element | undefined) => void>();
  private _resizeObserver: ResizeObserver | undefined;
  private _restored = false;
  private _copiedId = 0;
  private _copiedTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.method = 'POST';
    this.protocol = 'auto';
    this.placeholder = 'Ask anything…';
    this.theme = 'auto';
    this.maxRetries = 2;
    this.timeout = 30000;
    this.credentials = 'same-origin';
    this.noCaret = false;
    this.noComposer = false;
    this.allowImages = false;
    this.open = false;
    this._entries = [];
    this._status = 'idle';
    this._draft = '';
    this._following = true;
    this._announcement = '';
    this._notice = '';
  }

  /** Registers the class as `tag` unless that tag is taken; returns the class. */
  static define(tag = 'chat-stream', registry: CustomElementRegistry | undefined = globalThis.customElements): typeof ChatStreamElement {
    if (!registry || registry.get(tag)) return this;
    try {
      registry.define(tag, this);
    } catch {
      // A constructor can back only one tag: a second tag name gets a subclass.
      registry.define(tag, class extends this {});
    }
    return this;
  }

  /** The run state: `idle`, `streaming` or `error` (after a failed run, until the next one). */
  get status(): ChatStreamStatus {
    return this._status;
  }

  /** The conversation; setting it stops any run and restores a history. */
  get messages(): ChatMessage[] {
    return this._entries.filter((e) => e.content !== '' || e.role === 'user').map((e) => ({ role: e.role, content: e.content }));
  }

  set messages(value: ChatMessage[]) {
    if (!Array.isArray(value) || !value.every(isMessage)) {
      throw new TypeError('messages must be an array of { role: "user" | "assistant" | "system", content: string }');
    }
    this.stop();
    this._entries = value.map((m) => ({ id: nextEntryId++, role: m.role, content: m.content, state: 'done' }));
    this._restored = true;
    this._notice = '';
    this._status = 'idle';
    this._save();
  }

  /** Appends a user message and streams the reply; resolves to the final reply text. */
  send(text: string): Promise<string> {
    if (typeof text !== 'string' || text.trim() === '') {
      return Promise.reject(new ChatStreamError('config', 'send() needs a non-empty string message'));
    }
    return this._start(text);
  }

  /** Aborts the run in flight; the partial reply stays. */
  stop(): void {
    const run = this._run;
    if (!run) return;
    run.controller.abort();
    this._finish(run, 'abort');
  }

  /** Stops any run and empties the conversation. */
  clear(): void {
    this.stop();
    this._entries = [];
    this._notice = '';
    this._status = 'idle';
    this._save();
  }

  /** Runs the last turn again: retries a failed reply or regenerates the last finished one. */
  regenerate(): Promise<string> {
    const last = this._entries.at(-1);
    if (!last || last.role !== 'assistant') {
      return Promise.reject(new ChatStreamError('config', 'There is no reply to regenerate'));
    }
    return this._start(undefined);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this._resizeObserver) this._observeLog();
    if (!this._restored && this.storageKey && typeof localStorage !== 'undefined') {
      this._restored = true;
      const stored = loadConversation(localStorage, this.storageKey);
      if (stored && this._entries.length === 0) {
        this._entries = stored.map((m) => ({ id: nextEntryId++, role: m.role, content: m.content, state: 'done' }));
      }
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resizeObserver?.disconnect();
    this._resizeObserver = undefined;
    // A move (disconnect then connect in one task) keeps the run; a removal aborts it.
    queueMicrotask(() => {
      if (!this.isConnected) this.stop();
    });
  }

  private get _strings(): ChatStreamStrings {
    return { ...DEFAULT_STRINGS, ...this.strings };
  }

  private get _viewOptions() {
    const s = this._strings;
    return {
      allowImages: this.allowImages,
      caret: !this.noCaret,
      strings: { copyCode: s.copyCode, copied: s.copied },
      onCopy: () => this._announce(s.copied),
    };
  }

  /** A reader for the next run, or the configuration error that stops it from starting. */
  private _readerOrError(): ProtocolReader | ChatStreamError {
    if (this._run) {
      return new ChatStreamError('config', 'A reply is already streaming: wait for it to end or call stop() first');
    }
    if (!this.endpoint && !this.prepareRequest) {
      return new ChatStreamError('config', 'No endpoint: set the endpoint attribute (or a prepareRequest function) before sending');
    }
    try {
      return createReader(this.protocol ?? 'auto', this.parseEvent);
    } catch (error) {
      return error as ChatStreamError;
    }
  }

  private _start(newUserText: string | undefined): Promise<string> {
    const reader = this._readerOrError();
    if (reader instanceof Error) return Promise.reject(reader);

    // The turn to send: the history (without a reply being replaced) plus the new message.
    let base = this._entries;
    if (newUserText === undefined) {
      const lastUser = base.findLastIndex((e) => e.role === 'user');
      base = base.slice(0, lastUser + 1);
    }
    const history = base.filter((e) => e.content !== '').map((e) => ({ role: e.role, content: e.content }));
    const messages = newUserText === undefined ? history : [...history, { role: 'user' as const, content: newUserText }];

    const defaults = buildDefaultRequest({
      endpoint: this.endpoint ?? '',
      method: this.method ?? 'POST',
      protocol: this.protocol ?? 'auto',
      model: this.model,
      system: this.system,
      headers: this.headers,
      body: this.body,
      messages,
    });
    const start = new CustomEvent<ChatStreamStartDetail>('start', {
      cancelable: true,
      detail: { messages: messages.map((m) => ({ ...m })), request: { url: defaults.url, method: defaults.method ?? 'POST' } },
    });
    if (!this.dispatchEvent(start)) {
      return Promise.reject(new DOMException('The start event was canceled', 'AbortError'));
    }

    const entry: Entry = { id: nextEntryId++, role: 'assistant', content: '', state: 'streaming' };
    const entries = base.slice();
    if (newUserText !== undefined) entries.push({ id: nextEntryId++, role: 'user', content: newUserText, state: 'done' });
    entries.push(entry);
    this._entries = entries;
    this._status = 'streaming';
    this._notice = '';
    this._following = true;

    return new Promise<string>((resolve, reject) => {
      const run: Run = {
        id: nextRunId++,
        entry,
        controller: new AbortController(),
        startedAt: performance.now(),
        firstTokenAt: null,
        ended: false,
        resolve,
        reject,
      };
      this._run = run;
      this._stream(run, reader, messages, defaults).then(
        () => this._finish(run, 'complete'),
        (error: unknown) => this._fail(run, error),
      );
    });
  }

  private async _stream(run: Run, reader: ProtocolReader, messages: ChatMessage[], defaults: RequestSpec): Promise<void> {
    const { signal } = run.controller;
    const fetchImpl = this.fetch ?? globalThis.fetch.bind(globalThis);
    let spec = defaults;
    if (this.prepareRequest) {
      const boundFetch: typeof fetch = (input, init) => fetchImpl(input, { credentials: this.credentials, signal, ...init });
      try {
        spec = await this.prepareRequest({ messages: messages.map((m) => ({ ...m })), request: defaults, signal, fetch: boundFetch });
      } catch (error) {
        if (signal.aborted) return;
        throw new ChatStreamError('handler', `prepareRequest failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
      }
      if (signal.aborted) return;
    }
    let request;
    try {
      request = toWireRequest(spec);
    } catch (error) {
      throw new ChatStreamError('handler', (error as Error).message, { cause: error });
    }
    await streamReply({
      request,
      credentials: this.credentials ?? 'same-origin',
      signal,
      timeout: positive(this.timeout, 30000),
      maxRetries: nonNegativeInt(this.maxRetries, 2),
      fetch: fetchImpl,
      onEvent: (ev) => {
        const result = reader.read(ev);
        if (result.type === 'text') this._append(run, result.text);
        return result.type === 'done';
      },
      onText: (chunk) => this._append(run, chunk),
      completeOnClose: () => reader.completeOnClose(),
      hasText: () => run.firstTokenAt !== null,
    });
  }

  private _append(run: Run, token: string): void {
    if (run.ended || token === '') return;
    run.entry.content += token;
    run.firstTokenAt ??= performance.now();
    this._views.get(run.entry.id)?.update(run.entry.content, true);
    this.dispatchEvent(new CustomEvent<ChatStreamTokenDetail>('token', { detail: { token, text: run.entry.content } }));
  }

  private _finish(run: Run, reason: 'complete' | 'abort'): void {
    if (run.ended) return;
    if (reason === 'complete' && run.controller.signal.aborted) return;
    this._end(run, reason === 'abort' ? 'aborted' : 'done');
    const detail: ChatStreamDoneDetail = {
      text: run.entry.content,
      reason,
      durationMs: performance.now() - run.startedAt,
      firstTokenMs: run.firstTokenAt === null ? null : run.firstTokenAt - run.startedAt,
    };
    this._status = 'idle';
    if (reason === 'complete') this._announceReply(run.entry);
    this.dispatchEvent(new CustomEvent<ChatStreamDoneDetail>('done', { detail }));
    run.resolve(run.entry.content);
  }

  private _fail(run: Run, cause: unknown): void {
    if (run.ended || run.controller.signal.aborted) {
      // A superseded or stopped run: its late failure is not reported.
      if (!run.ended) this._finish(run, 'abort');
      return;
    }
    const error = cause instanceof Error ? cause : new Error(String(cause));
    const status = (error as ChatStreamError).status;
    run.entry.error = status === undefined ? { message: error.message } : { message: error.message, status };
    this._end(run, 'error');
    this._status = 'error';
    const detail: ChatStreamErrorDetail = { error, text: run.entry.content };
    if (status !== undefined) detail.status = status;
    this.dispatchEvent(new CustomEvent<ChatStreamErrorDetail>('error', { detail }));
    run.reject(error);
  }

  private _end(run: Run, state: Entry['state']): void {
    run.ended = true;
    if (this._run === run) this._run = undefined;
    run.entry.state = state;
    this._views.get(run.entry.id)?.update(run.entry.content, false);
    this._entries = this._entries.slice();
    this._save();
  }

  private _save(): void {
    if (this.storageKey && typeof localStorage !== 'undefined') saveConversation(localStorage, this.storageKey, this.messages);
  }

  private _announce(text: string): void {
    // Clearing first makes a repeated message count as a change for screen readers.
    this._announcement = '';
    requestAnimationFrame(() => (this._announcement = text));
  }

  private _announceReply(entry: Entry): void {
    const view = this._views.get(entry.id);
    const text = (view?.container.textContent ?? entry.content).trim();
    if (text) this._announce(this._strings.replyAnnouncement.replace('{text}', text));
  }

  // ---- rendering ---------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('allowImages') || changed.has('noCaret') || changed.has('strings')) {
      for (const view of this._views.values()) view.setOptions(this._viewOptions);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.launcher !== undefined && this.launcher !== null) {
      if (this.open) this._input?.focus();
      else if (changed.get('open') === true) this._launcherButton?.focus();
    }
  }

  protected override firstUpdated(): void {
    this._observeLog();
  }

  override render(): TemplateResult {
    const s = this._strings;
    const streaming = this._status === 'streaming';
    const panel = html`
      <div part="log" class="log" role="log" aria-live="off" aria-label=${s.logLabel} aria-busy=${streaming ? 'true' : 'false'}
        tabindex="0" @scroll=${this._onScroll} @wheel=${this._onWheel}>
        <div class="log-inner">
          ${repeat(this._entries, (e) => e.id, (e) => this._renderEntry(e, s))}
          ${this._notice ? html`<div part="error" class="error notice" role="alert">${s.errorPrefix} ${this._notice}</div>` : nothing}
        </div>
      </div>
      ${this._following ? nothing : html`<button part="jump-button" class="jump" type="button" @click=${this._jumpToLatest}>↓ ${s.jumpToLatest}</button>`}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this._announcement}</div>
      ${this.noComposer ? nothing : this._renderComposer(s, streaming)}
    `;
    const root = html`<div class="root" style=${styleMap(this._tokenStyles())}>${this._isLauncher ? this._renderLauncher(s, panel) : html`<div part="panel" class="panel">${panel}</div>`}</div>`;
    return root;
  }

  private get _isLauncher(): boolean {
    return this.launcher !== undefined && this.launcher !== null;
  }

  private _tokenStyles(): Record<string, string | undefined> {
    return {
      '--_accent-attr': this.accent || undefined,
      '--_radius-attr': this.radius || undefined,
      '--_font-size-attr': this.fontSize || undefined,
    };
  }

  private _renderLauncher(s: ChatStreamStrings, panel: TemplateResult): TemplateResult {
    return html`
      <div part="panel" class="panel popup" id="panel" role="dialog" aria-label=${s.title} ?hidden=${!this.open} @keydown=${this._onPanelKeydown}>
        <div class="popup-header">
          <span class="popup-title">${s.title}</span>
          <button type="button" class="icon-button" aria-label=${s.closeChat} @click=${this._close}>${closeIcon}</button>
        </div>
        ${panel}
      </div>
      <button part="launcher-button" class="launcher-button" type="button" aria-haspopup="dialog" aria-controls="panel"
        aria-expanded=${this.open ? 'true' : 'false'} aria-label=${this.open ? s.closeChat : s.openChat} @click=${this._toggle}>
        ${this.open ? closeIcon : chatIcon}
      </button>`;
  }

  private _renderEntry(entry: Entry, s: ChatStreamStrings): TemplateResult {
    if (entry.role !== 'assistant') {
      return html`<div part="message ${entry.role}" class="message ${entry.role}" dir="auto">
        <span class="visually-hidden">${entry.role === 'user' ? s.user : entry.role}:</span>
        <div part="content" class="content plain">${entry.content}</div>
      </div>`;
    }
    const isLast = entry === this._entries.at(-1);
    const streaming = entry.state === 'streaming';
    return html`<div part="message assistant" class="message assistant ${entry.state}" dir="auto">
      <span class="visually-hidden">${s.assistant}:</span>
      <div part="content" class="content markdown" ${ref(this._refFor(entry))}></div>
      ${entry.error
        ? html`<div part="error" class="error" role="alert">
            <span>${s.errorPrefix} ${entry.error.message}</span>
            ${isLast ? html`<button part="action-button retry-button" class="action" type="button" @click=${this._onRegenerate}>${retryIcon} ${s.retry}</button>` : nothing}
          </div>`
        : nothing}
      ${!streaming && !entry.error && entry.content
        ? html`<div part="actions" class="actions">
            ${entry.state === 'aborted' ? html`<span class="stopped">${s.stopped}</span>` : nothing}
            <button part="action-button copy-reply-button" class="action" type="button" @click=${() => this._copyReply(entry)}>
              ${copyIcon} ${this._copiedId === entry.id ? s.copied : s.copy}
            </button>
            ${isLast ? html`<button part="action-button regenerate-button" class="action" type="button" @click=${this._onRegenerate}>${retryIcon} ${s.regenerate}</button>` : nothing}
          </div>`
        : nothing}
    </div>`;
  }

  private _renderComposer(s: ChatStreamStrings, streaming: boolean): TemplateResult {
    return html`<form part="composer" class="composer" @submit=${this._onSubmit}>
      <textarea part="input" class="input" rows="1" aria-label=${s.inputLabel} placeholder=${this.placeholder ?? ''}
        .value=${live(this._draft)} @input=${this._onInput} @keydown=${this._onKeydown}></textarea>
      <button part="send-button" class="send" type="submit" aria-label=${s.send} title=${s.send} ?disabled=${streaming} ?hidden=${streaming}>${sendIcon}</button>
      <button part="stop-button" class="stop" type="button" aria-label=${s.stop} title=${s.stop} ?hidden=${!streaming} @click=${this._onStopClick}>${stopIcon}</button>
    </form>`;
  }

  private _refFor(entry: Entry): (el: Element | undefined) => void {
    let callback = this._refs.get(entry.id);
    if (!callback) {
      callback = (el) => {
        const current = this._views.get(entry.id);
        if (el && current?.container === el) return;
        current?.destroy();
        this._views.delete(entry.id);
        if (!el) {
          this._refs.delete(entry.id);
          return;
        }
        const view = new MarkdownView(el as HTMLElement, this._viewOptions);
        this._views.set(entry.id, view);
        view.update(entry.content, entry.state === 'streaming');
      };
      this._refs.set(entry.id, callback);
    }
    return callback;
  }

  // ---- composer ----------------------------------------------------------------------------

  private get _input(): HTMLTextAreaElement | null {
    return this.renderRoot?.querySelector('textarea') ?? null;
  }

  private get _launcherButton(): HTMLButtonElement | null {
    return this.renderRoot?.querySelector('.launcher-button') ?? null;
  }

  private _onInput(e: InputEvent): void {
    const input = e.target as HTMLTextAreaElement;
    this._draft = input.value;
    autoGrow(input);
  }

  private _onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      // While an input method composes, Enter confirms the composition; Safari reports keyCode 229 then.
      if (e.isComposing || e.keyCode === 229) return;
      e.preventDefault();
      this._submitDraft();
    } else if (e.key === 'Escape' && this._status === 'streaming') {
      e.preventDefault();
      e.stopPropagation();
      this.stop();
    }
  }

  private _onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    this._submitDraft();
    this._input?.focus();
  }

  private _submitDraft(): void {
    const text = this._draft;
    if (this._run || text.trim() === '') return;
    const problem = this._readerOrError();
    if (problem instanceof Error) {
      this._notice = problem.message;
      return;
    }
    const sent = this._start(text);
    // A canceled start keeps the draft; a run that started clears the input.
    if (this._run) {
      this._draft = '';
      const input = this._input;
      if (input) {
        input.value = '';
        autoGrow(input);
      }
    }
    sent.catch(() => {
      // A canceled start needs no notice; a failed run shows its error on the reply, with Retry.
    });
  }

  private _onStopClick(): void {
    this.stop();
    this._input?.focus();
  }

  private _onRegenerate(): void {
    this.regenerate().catch(() => {
      // The failure is shown on the reply, with a Retry button.
    });
  }

  private async _copyReply(entry: Entry): Promise<void> {
    try {
      await navigator.clipboard.writeText(entry.content);
    } catch {
      return;
    }
    this._copiedId = entry.id;
    this.requestUpdate();
    this._announce(this._strings.copied);
    clearTimeout(this._copiedTimer);
    this._copiedTimer = setTimeout(() => {
      this._copiedId = 0;
      this.requestUpdate();
    }, 2000);
  }

  // ---- launcher ----------------------------------------------------------------------------

  private _toggle(): void {
    this.open = !this.open;
  }

  private _close(): void {
    this.open = false;
  }

  private _onPanelKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this._status !== 'streaming' && this.open) {
      e.preventDefault();
      this.open = false;
    }
  }

  // ---- scrolling ---------------------------------------------------------------------------

  private get _log(): HTMLElement | null {
    return this.renderRoot?.querySelector('.log') ?? null;
  }

  private _observeLog(): void {
    const log = this._log;
    const inner = log?.firstElementChild;
    if (!log || !inner || typeof ResizeObserver === 'undefined') return;
    // Runs after layout and before paint, so following the stream never shows a jump.
    this._resizeObserver = new ResizeObserver(() => {
      if (this._following) log.scrollTop = log.scrollHeight;
    });
    this._resizeObserver.observe(inner);
    this._resizeObserver.observe(log);
  }

  private _onScroll(): void {
    const log = this._log;
    if (!log) return;
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    if (atBottom !== this._following) this._following = atBottom;
  }

  private _onWheel(e: WheelEvent): void {
    if (e.deltaY < 0 && this._following) {
      const log = this._log;
      if (log && log.scrollHeight > log.clientHeight) this._following = false;
    }
  }

  private _jumpToLatest(): void {
    const log = this._log;
    this._following = true;
    if (log) log.scrollTop = log.scrollHeight;
  }
}

/** Typed events on the element itself (`el.addEventListener('token', e => e.detail.text)`). */
export interface ChatStreamElement {
  addEventListener<K extends keyof ChatStreamElementEventMap>(
    type: K,
    listener: (this: ChatStreamElement, ev: ChatStreamElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ChatStreamElementEventMap>(
    type: K,
    listener: (this: ChatStreamElement, ev: ChatStreamElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-stream': ChatStreamElement;
  }
}

function positive(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function nonNegativeInt(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
}

const supportsFieldSizing = typeof CSS !== 'undefined' && CSS.supports?.('field-sizing', 'content');

function autoGrow(input: HTMLTextAreaElement): void {
  if (supportsFieldSizing) return;
  // Older engines: size the textarea to its content; CSS caps it with max-height.
  input.style.height = 'auto';
  input.style.height = `${input.scrollHeight}px`;
}

const icon = (path: SVGTemplateResult) => html`<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">${path}</svg>`;
const sendIcon = icon(svg`<path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z"/>`);
const stopIcon = icon(svg`<rect fill="currentColor" x="6" y="6" width="12" height="12" rx="2"/>`);
const copyIcon = icon(svg`<path fill="currentColor" d="M16 1H6a2 2 0 0 0-2 2v12h2V3h10zm3 4H10a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h9a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2m0 16H10V7h9z"/>`);
const retryIcon = icon(svg`<path fill="currentColor" d="M17.65 6.35A7.96 7.96 0 0 0 12 4a8 8 0 1 0 7.73 10h-2.08A6 6 0 1 1 12 6c1.66 0 3.14.69 4.22 1.78L13 11h7V4z"/>`);
const chatIcon = icon(svg`<path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/>`);
const closeIcon = icon(svg`<path fill="currentColor" d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4l5.6 5.6L5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6z"/>`);
