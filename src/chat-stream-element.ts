import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { styles } from './chat-stream.styles.js';
import { ChatStreamError } from './errors.js';
import type {
  ChatStreamDoneDetail,
  ChatStreamElementEventMap,
  ChatStreamErrorDetail,
  ChatStreamStartDetail,
  ChatStreamTokenDetail,
} from './events.js';
import { MarkdownView, type MarkdownViewOptions } from './markdown/view.js';
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
  error?: string;
}

/** One run: a request and its reply. */
interface Run {
  entry: Entry;
  controller: AbortController;
  startedAt: number;
  firstTokenAt: number | null;
  ended?: boolean;
  resolve: (text: string) => void;
  reject: (error: unknown) => void;
}

let nextId = 1;
const toEntry = (m: ChatMessage): Entry => ({ id: nextId++, role: m.role, content: m.content, state: 'done' });
const event = <T>(type: string, detail: T, cancelable = false) => new CustomEvent<T>(type, { detail, cancelable });

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
 * @csspart copy-reply-button - The button that copies a whole reply.
 * @csspart regenerate-button - The button that regenerates the last reply.
 * @csspart retry-button - The button that retries a failed reply.
 * @csspart error - The error notice of a failed run.
 * @csspart composer - The form holding the input and buttons.
 * @csspart input - The message textarea.
 * @csspart send-button - The send button.
 * @csspart stop-button - The stop button.
 * @csspart jump-button - The "jump to latest" button shown when scrolled up.
 * @csspart launcher-button - The floating button of launcher mode.
 *
 * @cssprop [--chat-stream-accent=#2563eb] - Accent of buttons, links, focus ring and caret.
 * @cssprop [--chat-stream-background=light-dark(#fff, #17181c)] - Panel background.
 * @cssprop [--chat-stream-foreground=light-dark(#1b1c1f, #e8e9ec)] - Text color.
 * @cssprop [--chat-stream-muted=light-dark(#5d6169, #a3a7b0)] - Secondary text.
 * @cssprop [--chat-stream-border=light-dark(#e2e4e8, #2c2e35)] - Borders and separators.
 * @cssprop [--chat-stream-font-family=system-ui, sans-serif] - Font of the panel.
 * @cssprop [--chat-stream-font-size=15px] - Base font size.
 * @cssprop [--chat-stream-radius=12px] - Corner radius of the panel, bubbles and buttons.
 * @cssprop [--chat-stream-caret-color=var(--chat-stream-accent)] - Caret color.
 * @cssprop [--chat-stream-code-background=light-dark(#f4f5f7, #0f1013)] - Background of code.
 * @cssprop [--chat-stream-code-font-family=ui-monospace, monospace] - Font of code.
 * @cssprop [--chat-stream-user-background=light-dark(#eef2ff, #262a36)] - Background of user messages.
 * @cssprop [--chat-stream-user-foreground=var(--chat-stream-foreground)] - Text color of user messages.
 * @cssprop [--chat-stream-error=light-dark(#b42318, #ff8a80)] - Color of error notices.
 * @cssprop [--chat-stream-gap=12px] - Spacing unit.
 * @cssprop [--chat-stream-panel-width=400px] - Width of the launcher panel.
 * @cssprop [--chat-stream-panel-height=600px] - Height of the launcher panel.
 * @cssprop [--chat-stream-z-index=2147483000] - Stacking order of the launcher.
 */
export class ChatStreamElement extends LitElement {
  static override styles = styles;

  static override properties = {
    endpoint: {},
    method: {},
    protocol: {},
    model: {},
    system: {},
    placeholder: {},
    theme: { reflect: true },
    accent: {},
    radius: {},
    fontSize: { attribute: 'font-size' },
    maxRetries: { type: Number, attribute: 'max-retries' },
    timeout: { type: Number },
    credentials: {},
    noCaret: { type: Boolean, attribute: 'no-caret' },
    noComposer: { type: Boolean, attribute: 'no-composer' },
    allowImages: { type: Boolean, attribute: 'allow-images' },
    launcher: { reflect: true },
    open: { type: Boolean, reflect: true },
    storageKey: { attribute: 'storage-key' },
    headers: { attribute: false },
    body: { attribute: false },
    prepareRequest: { attribute: false },
    parseEvent: { attribute: false },
    fetch: { attribute: false },
    strings: { attribute: false },
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
  /** Turns the element into a floating button at a corner (`bottom-right` when empty, `bottom-left`, `top-right`, `top-left`) that opens the panel. @attr launcher */
  declare launcher: string | null | undefined;
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

  #entries: Entry[] = [];
  #status: ChatStreamStatus = 'idle';
  #notice = '';
  #announcement = '';
  #following = true;
  #pinned = 0;
  #copiedId = 0;
  #restored = false;
  #run: Run | undefined;
  #views = new Map<number, MarkdownView>();
  #resizeObserver: ResizeObserver | undefined;

  constructor() {
    super();
    this.method = 'POST';
    this.protocol = 'auto';
    this.placeholder = 'Ask anything…';
    this.theme = 'auto';
    this.maxRetries = 2;
    this.timeout = 30000;
    this.credentials = 'same-origin';
    this.noCaret = this.noComposer = this.allowImages = this.open = false;
  }

  /** Registers the class as `tag` unless that tag is taken; returns the class. A class backs one tag: for a second tag, define a subclass (`class extends ChatStreamElement {}`). */
  static define(tag = 'chat-stream', registry: CustomElementRegistry | undefined = globalThis.customElements): typeof ChatStreamElement {
    if (registry && !registry.get(tag)) registry.define(tag, this);
    return this;
  }

  /** The run state: `idle`, `streaming` or `error` (after a failed run, until the next one). */
  get status(): ChatStreamStatus {
    return this.#status;
  }

  /** The conversation; setting it stops any run and restores a history. */
  get messages(): ChatMessage[] {
    return this.#history(this.#entries);
  }

  set messages(value: ChatMessage[]) {
    if (!Array.isArray(value) || !value.every(isMessage)) {
      throw new TypeError('messages must be an array of { role, content }');
    }
    this.stop();
    this.#entries = value.map(toEntry);
    this.#restored = true;
    this.#notice = '';
    this.#status = 'idle';
    this.#changed();
  }

  /** Appends a user message and streams the reply; resolves to the final reply text. */
  send(text: string): Promise<string> {
    if (typeof text !== 'string' || !text.trim()) {
      return Promise.reject(new ChatStreamError('config', 'send() needs a non-empty string message'));
    }
    return this.#start(text);
  }

  /** Aborts the run in flight; the partial reply stays. */
  stop(): void {
    const run = this.#run;
    if (run) {
      run.controller.abort();
      this.#finish(run, 'abort');
    }
  }

  /** Stops any run and empties the conversation. */
  clear(): void {
    this.messages = [];
  }

  /** Runs the last turn again: retries a failed reply or regenerates the last finished one. */
  regenerate(): Promise<string> {
    return this.#entries.at(-1)?.role === 'assistant'
      ? this.#start()
      : Promise.reject(new ChatStreamError('config', 'There is no reply to regenerate'));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#observe();
    if (!this.#restored && this.storageKey && globalThis.localStorage) {
      this.#restored = true;
      const stored = loadConversation(localStorage, this.storageKey);
      if (stored && !this.#entries.length) this.#entries = stored.map(toEntry);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resizeObserver?.disconnect();
    // A move (disconnect then connect in one task) keeps the run; a removal aborts it.
    queueMicrotask(() => this.isConnected || this.stop());
  }

  get #strings(): ChatStreamStrings {
    return { ...DEFAULT_STRINGS, ...this.strings };
  }

  get #viewOptions(): MarkdownViewOptions {
    const s = this.#strings;
    return {
      allowImages: this.allowImages,
      caret: !this.noCaret,
      strings: s,
      onCopy: ({ ok }) => this.#announce(ok ? s.copied : s.copyFailed),
    };
  }

  /** The messages a request carries: replies that produced nothing are left out. */
  #history(entries: Entry[]): ChatMessage[] {
    return entries.filter((e) => e.content || e.role === 'user').map(({ role, content }) => ({ role, content }));
  }

  #changed(): void {
    if (this.storageKey && globalThis.localStorage) saveConversation(localStorage, this.storageKey, this.messages);
    this.requestUpdate();
  }

  /** A reader for the next run, or the configuration error that keeps it from starting. */
  #check(): ProtocolReader | ChatStreamError {
    if (this.#run) return new ChatStreamError('config', 'A reply is streaming: call stop() first');
    if (!this.endpoint && !this.prepareRequest) {
      return new ChatStreamError('config', 'No endpoint: set endpoint or prepareRequest');
    }
    try {
      return createReader(this.protocol || 'auto', this.parseEvent);
    } catch (error) {
      return error as ChatStreamError;
    }
  }

  /** Starts a run with a new user message, or (without one) re-runs the last turn. */
  #start(text?: string): Promise<string> {
    const reader = this.#check();
    if (reader instanceof Error) return Promise.reject(reader);
    const base = text === undefined ? this.#entries.slice(0, this.#entries.findLastIndex((e) => e.role === 'user') + 1) : this.#entries;
    const messages = this.#history(base);
    if (text !== undefined) messages.push({ role: 'user', content: text });
    const request = buildDefaultRequest({
      endpoint: this.endpoint ?? '',
      method: this.method,
      protocol: this.protocol,
      model: this.model,
      system: this.system,
      headers: this.headers,
      body: this.body,
      messages,
    });
    const detail: ChatStreamStartDetail = { messages: messages.map((m) => ({ ...m })), request: { url: request.url, method: request.method! } };
    if (!this.dispatchEvent(event('start', detail, true))) {
      return Promise.reject(new DOMException('The start event was canceled', 'AbortError'));
    }
    const entry: Entry = { id: nextId++, role: 'assistant', content: '', state: 'streaming' };
    this.#entries = [...base, ...(text === undefined ? [] : [toEntry({ role: 'user', content: text })]), entry];
    this.#status = 'streaming';
    this.#notice = '';
    this.#following = true;
    this.requestUpdate();
    return new Promise<string>((resolve, reject) => {
      const run: Run = { entry, controller: new AbortController(), startedAt: performance.now(), firstTokenAt: null, resolve, reject };
      this.#run = run;
      this.#stream(run, reader, messages, request).then(
        () => this.#finish(run, 'complete'),
        (error: unknown) => this.#fail(run, error),
      );
    });
  }

  async #stream(run: Run, reader: ProtocolReader, messages: ChatMessage[], request: RequestSpec): Promise<void> {
    const { signal } = run.controller;
    const fetch = this.fetch ?? globalThis.fetch.bind(globalThis);
    if (this.prepareRequest) {
      try {
        request = await this.prepareRequest({
          messages,
          request,
          signal,
          fetch: (input, init) => fetch(input, { credentials: this.credentials, signal, ...init }),
        });
      } catch (error) {
        if (signal.aborted) return;
        throw new ChatStreamError('handler', `prepareRequest failed: ${(error as Error)?.message ?? error}`, { cause: error });
      }
      if (signal.aborted) return;
    }
    let wire;
    try {
      wire = toWireRequest(request);
    } catch (error) {
      throw new ChatStreamError('handler', (error as Error).message, { cause: error });
    }
    const timeout = +this.timeout;
    const retries = +this.maxRetries;
    await streamReply({
      request: wire,
      credentials: this.credentials,
      signal,
      timeout: timeout > 0 ? timeout : 30000,
      maxRetries: retries >= 0 ? Math.floor(retries) : 2,
      fetch,
      onEvent: (ev) => {
        const result = reader.read(ev);
        if (result.type === 'text') this.#append(run, result.text);
        return result.type === 'done';
      },
      onText: (chunk) => this.#append(run, chunk),
      completeOnClose: () => reader.completeOnClose(),
      hasText: () => run.firstTokenAt !== null,
    });
  }

  #append(run: Run, token: string): void {
    if (run.ended || !token) return;
    const entry = run.entry;
    entry.content += token;
    run.firstTokenAt ??= performance.now();
    this.#views.get(entry.id)?.update(entry.content, true);
    this.dispatchEvent(event<ChatStreamTokenDetail>('token', { token, text: entry.content }));
  }

  #finish(run: Run, reason: 'complete' | 'abort'): void {
    if (run.ended || (reason === 'complete' && run.controller.signal.aborted)) return;
    const { entry, startedAt, firstTokenAt } = run;
    this.#end(run, reason === 'abort' ? 'aborted' : 'done', 'idle');
    if (reason === 'complete') {
      // The reply as read, without the labels of the copy buttons the view adds to code blocks.
      const shown = this.#views.get(entry.id)?.container.cloneNode(true) as HTMLElement | undefined;
      for (const button of shown?.querySelectorAll('.copy-button') ?? []) button.remove();
      const text = (shown?.textContent ?? entry.content).trim();
      // At most its first 2,000 characters, ending at a word: the log holds the rest, and laying out
      // (and reading out) a reply of 100 KB in the status region would be a long task of its own.
      if (text) this.#announce(text.length > 2000 ? text.slice(0, 2000).replace(/\s\S*$|[\ud800-\udbff]$/, '') + '…' : text);
    }
    this.dispatchEvent(
      event<ChatStreamDoneDetail>('done', {
        text: entry.content,
        reason,
        durationMs: performance.now() - startedAt,
        firstTokenMs: firstTokenAt === null ? null : firstTokenAt - startedAt,
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
    const detail: ChatStreamErrorDetail = { error, text: run.entry.content };
    if (status !== undefined) detail.status = status;
    this.dispatchEvent(event('error', detail));
    run.reject(error);
  }

  #end(run: Run, state: Entry['state'], status: ChatStreamStatus): void {
    run.ended = true;
    this.#run = undefined;
    run.entry.state = state;
    this.#status = status;
    this.#views.get(run.entry.id)?.update(run.entry.content, false);
    this.#changed();
  }

  #announce(text: string): void {
    this.#announcement = text;
    this.requestUpdate();
  }

  // ---- rendering ---------------------------------------------------------------------------

  protected override updated(changed: PropertyValues<this>): void {
    const root = this.renderRoot;
    const style = root.querySelector<HTMLElement>('.root')!.style;
    for (const [name, value] of [['accent', this.accent], ['radius', this.radius], ['font-size', this.fontSize]]) {
      // Through CSSOM, which a strict CSP allows, unlike a style attribute.
      if (value) style.setProperty(`--_${name}-attr`, value);
      else style.removeProperty(`--_${name}-attr`);
    }
    // Each reply's markdown view owns its content element; Lit never renders inside it.
    const options = changed.has('allowImages') || changed.has('noCaret') || changed.has('strings') ? this.#viewOptions : undefined;
    const views = new Map<number, MarkdownView>();
    for (const el of root.querySelectorAll<HTMLElement>('.markdown')) {
      const entry = this.#entries.find((e) => e.id === +el.dataset.id!)!;
      let view = this.#views.get(entry.id);
      if (view?.container !== el) {
        view?.destroy();
        el.replaceChildren();
        view = new MarkdownView(el, this.#viewOptions);
        view.update(entry.content, entry.state === 'streaming');
      } else if (options) {
        view.setOptions(options);
      }
      views.set(entry.id, view);
    }
    for (const [id, view] of this.#views) if (views.get(id) !== view) view.destroy();
    this.#views = views;
    if (changed.has('open') && this.launcher != null && changed.get('open') !== undefined) {
      (root.querySelector<HTMLElement>(this.open ? 'textarea' : '.launcher-button') as HTMLElement | null)?.focus();
    }
    this.#scrollToEnd();
  }

  protected override firstUpdated(): void {
    this.#observe();
  }

  override render(): TemplateResult {
    const s = this.#strings;
    const streaming = this.#status === 'streaming';
    const launcher = this.launcher != null;
    const last = this.#entries.at(-1);
    const panel = html`<div part="panel" class="panel" id="panel" role=${launcher ? 'dialog' : nothing} aria-label=${launcher ? s.title : nothing}
      ?hidden=${launcher && !this.open} @keydown=${this.#onPanelKeydown}>
      ${launcher
        ? html`<div class="header">${s.title}<button type="button" class="icon" aria-label=${s.closeChat} @click=${() => (this.open = false)}>${closeIcon}</button></div>`
        : nothing}
      <div part="log" class="log" role="log" aria-live="off" aria-label=${s.logLabel} aria-busy=${streaming} tabindex="0"
        @scroll=${this.#onScroll} @wheel=${this.#onWheel}>
        <div class="inner">
          ${this.#entries.map((e) =>
            e.role === 'assistant'
              ? html`<div part="message assistant" class="message assistant" dir="auto">
                  <span class="sr" dir="auto">${s.assistant}:</span>
                  <div part="content" class="content markdown" data-id=${e.id}></div>
                  ${e.error
                    ? html`<div part="error" class="error" role="alert">
                        ${s.errorPrefix} ${e.error}
                        ${e === last ? html`<button part="action-button retry-button" type="button" @click=${this.#regenerate}>${s.retry}</button>` : nothing}
                      </div>`
                    : e.state !== 'streaming' && e.content
                      ? html`<div part="actions" class="actions">
                          ${e.state === 'aborted' ? html`<i>${s.stopped}</i>` : nothing}
                          <button part="action-button copy-reply-button" type="button" @click=${() => this.#copy(e)}>
                            ${this.#copiedId === e.id ? s.copied : s.copy}
                          </button>
                          ${e === last ? html`<button part="action-button regenerate-button" type="button" @click=${this.#regenerate}>${s.regenerate}</button>` : nothing}
                        </div>`
                      : nothing}
                </div>`
              : html`<div part="message ${e.role}" class="message ${e.role}" dir="auto">
                  <span class="sr" dir="auto">${e.role === 'user' ? s.user : e.role}:</span>
                  <div part="content" class="content">${e.content}</div>
                </div>`,
          )}
          ${this.#notice ? html`<div part="error" class="error" role="alert">${s.errorPrefix} ${this.#notice}</div>` : nothing}
        </div>
      </div>
      ${this.#following ? nothing : html`<button part="jump-button" class="jump" type="button" @click=${this.#jump}>↓ ${s.jumpToLatest}</button>`}
      ${this.noComposer
        ? nothing
        : html`<form part="composer" class="composer" @submit=${this.#onSubmit}>
            <textarea part="input" rows="1" aria-label=${s.inputLabel} placeholder=${this.placeholder ?? ''}
              @keydown=${this.#onKeydown} @input=${this.#grow}></textarea>
            <button part="send-button" type="submit" aria-label=${s.send} ?disabled=${streaming} ?hidden=${streaming}>${sendIcon}</button>
            <button part="stop-button" type="button" aria-label=${s.stop} ?hidden=${!streaming} @click=${this.#onStop}>${stopIcon}</button>
          </form>`}
    </div>`;
    // The live region stays outside the panel, so a closed launcher still announces.
    return html`<div class="root">
      ${panel}
      <div class="sr" role="status">${this.#announcement}</div>
      ${launcher
        ? html`<button part="launcher-button" class="launcher-button" type="button" aria-controls="panel"
            aria-expanded=${this.open} aria-label=${this.open ? s.closeChat : s.openChat} @click=${() => (this.open = !this.open)}>
            ${this.open ? closeIcon : chatIcon}
          </button>`
        : nothing}
    </div>`;
  }

  // ---- composer ----------------------------------------------------------------------------

  get #input(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !(e.shiftKey || e.altKey || e.ctrlKey || e.metaKey)) {
      // While an input method composes, Enter confirms the composition; Safari reports keyCode 229 then.
      if (e.isComposing || e.keyCode === 229) return;
      e.preventDefault();
      this.#submit();
    } else if (e.key === 'Escape' && this.#run) {
      e.preventDefault();
      e.stopPropagation();
      this.stop();
    }
  }

  #onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    this.#submit();
    this.#input?.focus();
  }

  #submit(): void {
    const input = this.#input!;
    const text = input.value;
    if (this.#run || !text.trim()) return;
    const problem = this.#check();
    if (problem instanceof Error) {
      this.#notice = problem.message;
      this.requestUpdate();
      return;
    }
    // A canceled start or a failed run settles here: the reply shows its own error, with Retry.
    this.#start(text).catch(() => {});
    if (this.#run) {
      input.value = '';
      this.#grow();
    }
  }

  #grow(): void {
    // Sizes the textarea to its content where CSS field-sizing is missing; max-height caps it.
    const input = this.#input!;
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight + 2}px`;
  }

  #onStop(): void {
    this.stop();
    this.#input?.focus();
  }

  #regenerate(): void {
    this.regenerate().catch(() => {});
  }

  #copy(entry: Entry): void {
    navigator.clipboard.writeText(entry.content).then(() => {
      this.#copiedId = entry.id;
      this.#announce(this.#strings.copied);
      setTimeout(() => {
        if (this.#copiedId === entry.id) this.#copiedId = 0;
        this.requestUpdate();
      }, 2000);
    }, () => {});
  }

  #onPanelKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    if (this.#run) {
      e.preventDefault();
      this.stop();
    } else if (this.open) {
      e.preventDefault();
      this.open = false;
    }
  }

  // ---- scrolling ---------------------------------------------------------------------------

  get #log(): HTMLElement {
    return this.renderRoot.querySelector('.log')!;
  }

  #observe(): void {
    // Runs after layout and before paint, so following the stream never shows a jump.
    this.#resizeObserver ??= new ResizeObserver(() => this.#scrollToEnd());
    this.#resizeObserver.observe(this.#log);
    this.#resizeObserver.observe(this.#log.firstElementChild!);
  }

  #scrollToEnd(): void {
    const log = this.#log;
    if (this.#following) {
      log.scrollTop = log.scrollHeight;
      this.#pinned = log.scrollTop;
    }
  }

  #setFollowing(following: boolean): void {
    if (following !== this.#following) {
      this.#following = following;
      this.requestUpdate();
    }
  }

  #onScroll(): void {
    const log = this.#log;
    // Content that grew after our own scroll is not the reader scrolling away: only a move up is.
    if (log.scrollHeight - log.scrollTop - log.clientHeight < 24) this.#setFollowing(true);
    else if (log.scrollTop < this.#pinned - 2) this.#setFollowing(false);
  }

  #onWheel(e: WheelEvent): void {
    // Stop following at once, before a fast stream's next frame scrolls back down.
    if (e.deltaY < 0 && this.#log.scrollHeight > this.#log.clientHeight) this.#setFollowing(false);
  }

  #jump(e: Event): void {
    this.#setFollowing(true);
    this.#scrollToEnd();
    // The button goes away on this update: keep keyboard focus in the log rather than drop it to <body>.
    if (this.shadowRoot?.activeElement === e.currentTarget) this.#log.focus({ preventScroll: true });
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

// Icons are text glyphs (each button's aria-label names it): SVG icons cost 160 bytes of the
// 45 KB budget.
const sendIcon = '➤';
const stopIcon = '■';
const chatIcon = '💬';
const closeIcon = '✕';
