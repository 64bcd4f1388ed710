import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { styles } from './chat-stream.styles.js';
import { AnnouncerController } from './controllers/announcer.js';
import { ComposerController } from './controllers/composer.js';
import { ConversationController } from './controllers/conversation.js';
import { CopyController } from './controllers/copy.js';
import type { Entry } from './controllers/entry.js';
import { LauncherController } from './controllers/launcher.js';
import { RunController } from './controllers/run.js';
import { ScrollFollowController } from './controllers/scroll-follow.js';
import { ChatStreamError } from './errors.js';
import type { ChatStreamElementEventMap } from './events.js';
import { loadMarkdownEngine, markdownEngine, markdownEngineSettled } from './markdown/load.js';
import type { MarkdownViewOptions } from './markdown/view.js';
import { richStyles } from './rich/rich.styles.js';
import { DEFAULT_STRINGS, type ChatStreamStrings } from './strings.js';
import type { ChatMessage, ChatStreamProtocol, ChatStreamStatus, ParseEventFunction, PrepareRequestFunction } from './types.js';
import { arrowDownIcon, chatIcon, closeIcon, sendIcon, stopIcon } from './views/icons.js';
import { redraw, shownText } from './views/markdown-directive.js';
import { logView } from './views/log.js';
import { messageView } from './views/message.js';

/** A user about to write a message will soon need the markdown engine for its reply. */
const prefetchMarkdown = (): void => void loadMarkdownEngine();

/** An announced reply is cut to its first this-many characters, at a word: the log holds the rest. */
const ANNOUNCE_MAX_CHARS = 2000;
/** CSS custom properties set from attributes, read by the styles under the public ones. */
const STYLE_ATTRIBUTES = [['accent', '--_accent-attr'], ['radius', '--_radius-attr'], ['fontSize', '--_font-size-attr']] as const;

/**
 * A chat panel whose replies stream in token by token as sanitized markdown.
 *
 * @tag chat-stream
 *
 * @fires start - A run is about to send its request; cancelable. `detail`: `{ messages, request: { url, method } }`.
 * @fires token - A piece of reply text arrived. `detail`: `{ token, text }`.
 * @fires reasoning - A piece of the model's reasoning arrived. `detail`: `{ token, text }`.
 * @fires tool-call - A tool call started, its input completed or its output arrived. `detail`: `{ id, name, state, arguments, input?, output?, errorText? }`.
 * @fires done - The run ended without error. `detail`: `{ text, reason, durationMs, firstTokenMs, reasoning, sources }`.
 * @fires error - The run failed. `detail`: `{ error, status?, text, reasoning }`.
 *
 * @csspart panel - The chat panel (in launcher mode, the popup).
 * @csspart log - The scrolling message list.
 * @csspart message - Every message, together with `user` or `assistant`.
 * @csspart user - A message the user wrote.
 * @csspart assistant - A reply.
 * @csspart content - A message's rendered body.
 * @csspart caret - The blinking caret at the end of a streaming reply.
 * @csspart reasoning - The collapsible reasoning of a reply (a `<details>`).
 * @csspart tool-call - A tool call's card.
 * @csspart sources - The list of sources under a reply.
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
 * @cssprop [--chat-stream-code-keyword=light-dark(#cf222e, #ff7b72)] - Keywords in highlighted code.
 * @cssprop [--chat-stream-code-string=light-dark(#0a3069, #a5d6ff)] - Strings in highlighted code.
 * @cssprop [--chat-stream-code-comment=light-dark(#59636e, #9198a1)] - Comments in highlighted code.
 * @cssprop [--chat-stream-code-number=light-dark(#0550ae, #79c0ff)] - Numbers and literals in highlighted code.
 * @cssprop [--chat-stream-code-function=light-dark(#6639ba, #d2a8ff)] - Function names in highlighted code.
 * @cssprop [--chat-stream-code-title=light-dark(#116329, #7ee787)] - Titles (class and function definitions) in highlighted code.
 * @cssprop [--chat-stream-code-type=light-dark(#953800, #ffa657)] - Types and built-ins in highlighted code.
 * @cssprop [--chat-stream-code-attribute=light-dark(#0550ae, #79c0ff)] - Attributes and properties in highlighted code.
 * @cssprop [--chat-stream-code-variable=light-dark(#953800, #ffa657)] - Variables and template variables in highlighted code.
 * @cssprop [--chat-stream-code-meta=light-dark(#0550ae, #79c0ff)] - Preprocessor and meta in highlighted code.
 * @cssprop [--chat-stream-code-addition=light-dark(#116329, #7ee787)] - Added lines in diffs in highlighted code.
 * @cssprop [--chat-stream-code-deletion=light-dark(#82071e, #ffa198)] - Deleted lines in diffs in highlighted code.
 * @cssprop [--chat-stream-math-error=light-dark(#82071e, #ffa198)] - Color of a formula that does not parse.
 */
export class ChatStreamElement extends LitElement {
  static override styles = [styles, richStyles];

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
    noHighlight: { type: Boolean, attribute: 'no-highlight' },
    math: {},
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

  /** Where each request is sent. */
  declare endpoint: string | undefined;
  /** `POST` (default) or `GET`; with `GET` the newest user message goes in the `prompt` query parameter. */
  declare method: 'POST' | 'GET';
  /** How the reply is read: `auto`, `openai`, `anthropic`, `text`, `json`, `ai-sdk` or `gemini`. */
  declare protocol: ChatStreamProtocol;
  /** Sent as `model` in the request body when set. */
  declare model: string | undefined;
  /** A system prompt sent ahead of the conversation. */
  declare system: string | undefined;
  /** The input's placeholder. */
  declare placeholder: string;
  /** `auto` (follows `prefers-color-scheme`), `light` or `dark`. */
  declare theme: 'auto' | 'light' | 'dark';
  /** Accent color of buttons, links, focus ring and caret (behind `--chat-stream-accent`). */
  declare accent: string | undefined;
  /** Corner radius, any CSS length (behind `--chat-stream-radius`). */
  declare radius: string | undefined;
  /** Base font size, any CSS length (behind `--chat-stream-font-size`). */
  declare fontSize: string | undefined;
  /** Connection attempts retried, with backoff, before the first token. */
  declare maxRetries: number;
  /** Milliseconds with no byte from the server after which a run fails. */
  declare timeout: number;
  /** Passed to fetch: `same-origin`, `include` or `omit`. */
  declare credentials: RequestCredentials;
  /** Hides the blinking caret. */
  declare noCaret: boolean;
  /** Hides the built-in composer; the page drives the element with `send()`. */
  declare noComposer: boolean;
  /** Loads images in replies; off, they render as links with their alt text. */
  declare allowImages: boolean;
  /** Turns off syntax highlighting of code blocks. */
  declare noHighlight: boolean;
  /** Which math renders: `auto` (`\( \)`, `\[ \]`, `$$ $$`), `dollars` (also `$ $`) or `off`. */
  declare math: 'auto' | 'dollars' | 'off';
  /** Turns the element into a floating button at a corner (`bottom-right` when empty, `bottom-left`, `top-right`, `top-left`) that opens the panel. */
  declare launcher: string | null | undefined;
  /** In launcher mode, whether the panel is open. */
  declare open: boolean;
  /** Keeps the conversation in `localStorage` under this key. */
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

  readonly #conversation = new ConversationController(this);
  readonly #announcer = new AnnouncerController(this);
  readonly #scroll = new ScrollFollowController(this);
  readonly #launcher = new LauncherController(this, { busy: () => this.#run.busy, stop: () => this.stop() });
  readonly #copy = new CopyController(this, (ok) => this.#announcer.announce(ok ? this.#strings.copied : this.#strings.copyFailed));
  readonly #composer = new ComposerController(this, {
    busy: () => this.#run.busy,
    submit: (text) => this.#submit(text),
    stop: () => this.stop(),
  });
  readonly #run = new RunController(this, this.#conversation, {
    text: redraw,
    ended: (entry, reason) => reason === 'complete' && this.#announceReply(entry),
  });
  #strings = DEFAULT_STRINGS;
  #viewOptions!: MarkdownViewOptions;
  #notice = '';

  constructor() {
    super();
    this.method = 'POST';
    this.protocol = 'auto';
    this.placeholder = 'Ask anything…';
    this.theme = 'auto';
    this.maxRetries = 2;
    this.timeout = 30000;
    this.credentials = 'same-origin';
    this.math = 'auto';
    this.noCaret = this.noComposer = this.allowImages = this.noHighlight = this.open = false;
  }

  /** Registers the class as `tag` unless that tag is taken; returns the class. A class backs one tag: for a second tag, define a subclass (`class extends ChatStreamElement {}`). */
  static define(tag = 'chat-stream', registry: CustomElementRegistry | undefined = globalThis.customElements): typeof ChatStreamElement {
    if (registry && !registry.get(tag)) registry.define(tag, this);
    return this;
  }

  /** The run state: `idle`, `streaming` or `error` (after a failed run, until the next one). */
  get status(): ChatStreamStatus {
    return this.#run.status;
  }

  /** The conversation; setting it stops any run and restores a history. */
  get messages(): ChatMessage[] {
    return this.#conversation.messages;
  }

  set messages(value: ChatMessage[]) {
    this.#conversation.setMessages(value);
    this.#run.reset();
    this.#notice = '';
  }

  /** Appends a user message and streams the reply; resolves to the final reply text. */
  send(text: string): Promise<string> {
    // The reply will need the markdown engine: fetched alongside the request.
    void loadMarkdownEngine();
    if (typeof text !== 'string' || !text.trim()) {
      return Promise.reject(new ChatStreamError('config', 'send() needs a non-empty string message'));
    }
    return this.#started(this.#run.start(text));
  }

  /** Aborts the run in flight; the partial reply stays. */
  stop(): void {
    this.#run.stop();
  }

  /** Stops any run and empties the conversation. */
  clear(): void {
    this.messages = [];
  }

  /** Runs the last turn again: retries a failed reply or regenerates the last finished one. */
  regenerate(): Promise<string> {
    return this.#conversation.entries.at(-1)?.role === 'assistant'
      ? this.#started(this.#run.start())
      : Promise.reject(new ChatStreamError('config', 'There is no reply to regenerate'));
  }

  /** The composer's send: starts a run, or shows why it cannot start; true when it started. */
  #submit(text: string): boolean {
    const problem = this.#run.check();
    if (problem instanceof Error) {
      this.#notice = problem.message;
      this.requestUpdate();
      return false;
    }
    // A canceled start or a failed run settles here: the reply shows its own error, with Retry.
    this.send(text).catch(() => {});
    return this.#run.busy;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move (disconnect then connect in one task) keeps the run; a removal aborts it.
    queueMicrotask(() => this.isConnected || this.stop());
  }

  /**
   * Also waits for the markdown engine while a reply on screen shows as plain text (the first reply or
   * a restored history, in the moments before the engine has loaded): then the DOM is what it will stay.
  */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    if (markdownEngine() || !this.#conversation.entries.some((entry) => entry.role === 'assistant')) return complete;
    await markdownEngineSettled();
    return super.getUpdateComplete();
  }

  #started(run: Promise<string>): Promise<string> {
    if (this.#run.busy) {
      this.#notice = '';
      this.#scroll.follow();
    }
    return run;
  }

  #announceReply(entry: Entry): void {
    const text = entry.segments.map((segment) => (segment.kind === 'text' ? shownText(segment) : '')).join('\n').trim();
    if (!text) return;
    // At most its first characters, ending at a word: laying out (and reading out) a reply of 100 KB
    // in the status region would be a long task of its own.
    const cut = text.length > ANNOUNCE_MAX_CHARS ? text.slice(0, ANNOUNCE_MAX_CHARS).replace(/\s\S*$|[\ud800-\udbff]$/, '') + '…' : text;
    this.#announcer.announce(cut);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('strings')) this.#strings = { ...DEFAULT_STRINGS, ...this.strings };
    const keys = ['allowImages', 'noCaret', 'strings', 'noHighlight', 'math'] as const;
    if (!this.#viewOptions || keys.some((key) => changed.has(key))) {
      this.#viewOptions = {
        allowImages: this.allowImages,
        caret: !this.noCaret,
        highlight: !this.noHighlight,
        math: this.math,
        strings: this.#strings,
        onCopy: ({ ok }) => this.#announcer.announce(ok ? this.#strings.copied : this.#strings.copyFailed),
      };
    }
  }

  protected override updated(): void {
    const style = this.renderRoot.querySelector<HTMLElement>('.root')!.style;
    for (const [property, custom] of STYLE_ATTRIBUTES) {
      // Through CSSOM, which a strict CSP allows, unlike a style attribute.
      const value = this[property];
      if (value) style.setProperty(custom, value);
      else style.removeProperty(custom);
    }
  }

  override render(): TemplateResult {
    const s = this.#strings;
    const streaming = this.#run.busy;
    const launcher = this.#launcher.active;
    const entries = this.#conversation.entries;
    const last = entries.at(-1);
    const context = { strings: s, options: this.#viewOptions, onCopy: (e: Entry) => this.#copy.copy(e), onRegenerate: () => void this.regenerate().catch(() => {}), requestUpdate: () => this.requestUpdate() };
    const panel = html`<div part="panel" class="panel" id="panel" role=${launcher ? 'dialog' : nothing} aria-label=${launcher ? s.title : nothing}
      ?hidden=${launcher && !this.open} @keydown=${this.#launcher.onPanelKeydown}>
      ${launcher
        ? html`<div class="header">${s.title}<button type="button" class="icon" aria-label=${s.closeChat} title=${s.closeChat} @click=${this.#launcher.close}>${closeIcon}</button></div>`
        : nothing}
      <div part="log" class="log" role="log" aria-live="off" aria-label=${s.logLabel} aria-busy=${streaming} tabindex="0"
        @scroll=${this.#scroll.onScroll} @wheel=${this.#scroll.onWheel}>
        <div class="inner">
          ${logView(entries, (e) => messageView(e, { ...context, last: e === last, copied: this.#copy.copiedId === e.id }))}
          ${this.#notice ? html`<div part="error" class="error" role="alert">${s.errorPrefix} ${this.#notice}</div>` : nothing}
        </div>
      </div>
      ${this.#scroll.following
        ? nothing
        : html`<button part="jump-button" class="jump" type="button" title=${s.jumpToLatest} @click=${this.#scroll.jump}>${arrowDownIcon}<span>${s.jumpToLatest}</span></button>`}
      ${this.noComposer
        ? nothing
        : html`<form part="composer" class="composer" @submit=${this.#composer.onSubmit}>
            <textarea part="input" rows="1" aria-label=${s.inputLabel} placeholder=${this.placeholder ?? ''}
              @keydown=${this.#composer.onKeydown} @input=${this.#composer.grow} @focus=${prefetchMarkdown}></textarea>
            <button part="send-button" type="submit" aria-label=${s.send} title=${s.send} ?disabled=${streaming} ?hidden=${streaming}>${sendIcon}</button>
            <button part="stop-button" type="button" aria-label=${s.stop} title=${s.stop} ?hidden=${!streaming} @click=${this.#composer.onStop}>${stopIcon}</button>
          </form>`}
    </div>`;
    // The live region stays outside the panel, so a closed launcher still announces.
    return html`<div class="root">
      ${panel}
      <div class="sr" role="status">${this.#announcer.text}</div>
      ${launcher
        ? html`<button part="launcher-button" class="launcher-button" type="button" aria-controls="panel" aria-haspopup="dialog"
            aria-expanded=${this.open} aria-label=${this.open ? s.closeChat : s.openChat} title=${this.open ? s.closeChat : s.openChat}
            @click=${this.#launcher.toggle}>${this.open ? closeIcon : chatIcon}</button>`
        : nothing}
    </div>`;
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
