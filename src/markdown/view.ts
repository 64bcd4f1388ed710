// The markdown view: owns one container and keeps it showing a growing reply. It decides what to
// redraw each frame (finished blocks once, the unfinished tail as it changes, plain text appended to
// the tail's last text node when nothing else changed), and adds the chrome around the content: the
// chunks that group finished blocks, code blocks' headers (language label, copy button) and the caret.
import type { Token } from 'marked';
import { BlockSplitter } from './blocks.js';
import type { Block } from './blocks.js';
import { heal } from './heal.js';
import { onRichReady, richFallbacks } from '../rich/ready.js';
import { isClosed, renderHtml, toHtml } from './render.js';
import { sanitize } from './sanitize.js';

/** Replaceable strings of a markdown view. */
export interface MarkdownViewStrings {
  /** The copy button's label. */
  copyCode: string;
  /** Shown on the copy button for a moment after a copy. */
  copied: string;
  /** Shown on the copy button when the clipboard refused the text. */
  copyFailed: string;
}

/** Options of a markdown view. */
export interface MarkdownViewOptions {
  /** Off: images are not loaded; they become links carrying their alt text. */
  allowImages: boolean;
  /** Show a blinking caret at the end of the text while streaming. */
  caret: boolean;
  /** Syntax-highlight fenced code blocks that name a language (on unless false). */
  highlight?: boolean;
  /** Which math delimiters render: `auto` (default) `\( \)`, `\[ \]` and `$$ $$`; `dollars` also `$ $`; `off` none. */
  math?: 'auto' | 'dollars' | 'off';
  /** Labels of the copy buttons; English by default. */
  strings?: Partial<MarkdownViewStrings>;
  /** Called after a copy button was used, so that the element can announce it. */
  onCopy?: (detail: { text: string; ok: boolean }) => void;
}

/** Counters for tests and the benchmark. */
export interface MarkdownViewStats {
  /** Redraws done. */
  frames: number;
  /** Finished blocks inserted (each once, unless a later definition or a repair re-rendered it). */
  blocksInserted: number;
  /** End-of-reply checks that found a wrong block boundary (0 when the splitter was right). */
  repairs: number;
  /** Redraws that only appended text to the tail's last text node (no sanitizing, no DOM diff). */
  appends: number;
  /** Frames that drew a growing highlighted code block by its newly finished lines alone. */
  codeAppends: number;
  /** Frames that appended plain text to a plain paragraph with no lexing, rendering or sanitizing at all. */
  plainAppends: number;
  /** Finished code blocks taken over from the tail as it drew them, not rendered a second time. */
  codeAdopted: number;
}

const DEFAULT_STRINGS: MarkdownViewStrings = { copyCode: 'Copy code', copied: 'Copied', copyFailed: 'Copy failed' };
// How long a copy button shows "Copied" (or "Copy failed") before its label comes back.
const COPY_FEEDBACK_MS = 2000;
// When no animation frame comes (a hidden tab, or a busy one), a timer still lets the reply catch up.
const FALLBACK_FRAME_MS = 50;
// Finished blocks are grouped into chunks of about this many elements (see insert()).
const CHUNK_ELEMENTS = 16;
const TEXT_NODE = 3;
const LESS_THAN = 60;
const SVG_NS = 'http://www.w3.org/2000/svg';

// What each element the view adds around the content is. A WeakMap, not a class or attribute, so
// that sanitized content can never pose as one. Wrappers (chunks, code blocks) hold content;
// decorations (code headers, copy buttons) hold none; the caret marks the end of the text.
const WRAPPER = 1;
const DECORATION = 2;
const CARET = 3;
type ChromeKind = typeof WRAPPER | typeof DECORATION | typeof CARET;
const chrome = new WeakMap<Node, ChromeKind>();

// A chunk starts only at a block with no top margin (a code wrapper or a raw `div` included), so that
// margins still collapse.
const CHUNK_START = /^(P|[OU]L|TABLE|BLOCKQUOTE|DIV)$/;
// Inline elements the caret steps out of when the text ends inside them (it goes after `</strong>`,
// not inside it); code inside `pre` is a block's text and keeps it.
const INLINE = /^(a|abbr|b|bdi|bdo|cite|code|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|u|var)$/;
// After the tail's last text: only tags and white space.
const ONLY_MARKUP = /^(?:<[^>]*>|\s)*$/;

// Characters that start or end markdown or HTML syntax inline, or change text as marked reads it:
// emphasis, strike-through, code, links and images, raw HTML, entities, escapes, table pipes, math,
// autolinks (`:` of a scheme, `@` of an address), headings, tabs (expanded) and NUL (replaced).
const SYNTAX = String.raw`\n\r\t\0*_~\x60[\]!<>&\\|$:@#`;
// Text that can be appended to a plain paragraph's last line as it is: none of those characters.
const PLAIN_ADDITION = new RegExp(`^[^${SYNTAX}]*$`);
// A plain paragraph: every line starts with a letter (so no line can become a list, a heading, a
// quote, a fence, a table row, raw HTML or a setext underline) and holds none of those characters;
// no line but the last ends in white space (which would be a hard line break).
const PLAIN_PARAGRAPH = new RegExp(`^\\n*(?:\\p{L}(?:[^${SYNTAX}]*[^\\s${SYNTAX}])?\\n)*\\p{L}[^${SYNTAX}]*$`, 'u');
// GFM's extended autolinks start at `www.` without any of those characters.
const WWW = /www\./i;

/** A tail that is one plain paragraph being typed, drawn by appending to its text node (see `#appendPlain`). */
interface PlainTail {
  /** The paragraph's one text node, before the caret. */
  node: Text;
  /** The length of the reply text drawn so far. */
  length: number;
  /** The last characters of that text, to see that the next text continues it. */
  sample: string;
  /** Whether text was appended since the tail was last rendered (its HTML and tokens are then stale). */
  used: boolean;
}
// The character references marked writes into text (its escape()), and what they stand for.
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const ENTITY = /&(?:amp|lt|gt|quot|#39);/g;

/** One of the view's own elements; `name` is its class, and its part too when `part` is set. */
function make<K extends keyof HTMLElementTagNameMap>(tag: K, name: string, kind: ChromeKind, part = false): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.className = name;
  if (part) element.setAttribute('part', name);
  chrome.set(element, kind);
  return element;
}

/** The blinking caret: hidden from assistive technology. */
function caretElement(): HTMLSpanElement {
  const span = make('span', 'caret', CARET, true);
  span.ariaHidden = 'true';
  return span;
}

/** The copy icon: inline SVG in `currentColor`, hidden from assistive technology (the button has its label). */
function copyIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  for (const [name, value] of Object.entries({
    class: 'icon-svg',
    viewBox: '0 0 24 24',
    width: '16',
    height: '16',
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': '2',
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    'aria-hidden': 'true',
    focusable: 'false',
  })) {
    svg.setAttribute(name, value);
  }
  const rect = svg.appendChild(document.createElementNS(SVG_NS, 'rect'));
  for (const [name, value] of Object.entries({ x: '9', y: '9', width: '11', height: '11', rx: '2' })) rect.setAttribute(name, value);
  svg.appendChild(document.createElementNS(SVG_NS, 'path')).setAttribute('d', 'M5 15V5a2 2 0 0 1 2-2h8');
  return svg;
}

const remove = (nodes: Node[]): void => {
  for (const node of nodes) (node as ChildNode).remove();
};

/** The last text node with visible characters in `node`, view decorations and the caret left out. */
function lastTextIn(node: Node): Text | null {
  if (node.nodeType === TEXT_NODE) return /\S/.test((node as Text).data) ? (node as Text) : null;
  const kind = chrome.get(node);
  if (kind === DECORATION || kind === CARET) return null;
  for (let child = node.lastChild; child; child = child.previousSibling) {
    const found = lastTextIn(child);
    if (found) return found;
  }
  return null;
}

/** The last text node with visible characters among `nodes`. */
function lastText(nodes: ArrayLike<Node>): Text | null {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const found = lastTextIn(nodes[i]!);
    if (found) return found;
  }
  return null;
}

/** Whether nothing but white space follows `node` among its siblings. */
function endsParent(node: Node): boolean {
  for (let next = node.nextSibling; next; next = next.nextSibling) {
    if (next.nodeType !== TEXT_NODE || /\S/.test((next as Text).data)) return false;
  }
  return true;
}

/**
 * Puts `caret` right after the last text of `fragment`: after the inline elements that text ends, or,
 * in a code block, before the block's final newline. Returns the text that follows the caret in the
 * same run of text (`'\n'` in a code block, else `''`).
 */
function placeCaret(fragment: DocumentFragment, caret: HTMLElement): string {
  const end = lastText(fragment.childNodes);
  if (!end) {
    fragment.append(caret);
    return '';
  }
  const parent = end.parentElement;
  if (parent?.localName === 'code' && parent.parentElement?.localName === 'pre' && end.data.endsWith('\n')) {
    end.splitText(end.data.length - 1);
    end.after(caret);
    return '\n';
  }
  let node: Node = end;
  while (node.parentElement && INLINE.test(node.parentElement.localName) && endsParent(node)) node = node.parentElement;
  (node as ChildNode).after(caret);
  return '';
}

interface Walkable {
  type?: string;
  tokens?: Walkable[];
  items?: Walkable[];
  header?: Walkable[];
  rows?: Walkable[][];
}

/** Whether any token in `tokens`, at any depth (list items, table cells included), passes `test`. */
function someToken(tokens: readonly object[], test: (token: Walkable) => boolean): boolean {
  for (const token of tokens as Walkable[]) {
    if (test(token)) return true;
    for (const children of [token.tokens, token.items, token.header, ...(Array.isArray(token.rows) ? token.rows : [])]) {
      if (Array.isArray(children) && someToken(children, test)) return true;
    }
  }
  return false;
}

/** Text that marked escaped, decoded; null when it holds a reference marked does not write itself. */
function decode(html: string): string | null {
  if (!html.includes('&')) return html;
  if (html.replace(ENTITY, '').includes('&')) return null;
  return html.replace(ENTITY, (entity) => ENTITIES[entity]!);
}

/** A tail that is one highlighted fenced code block: its opening tags, its inner HTML, its closing tags. */
const CODE_TAIL = /^(<pre><code class="hljs language-[^"]*">)([\s\S]*)(<\/code><\/pre>\n?)$/;

/**
 * Where the finished part of a highlighted block's inner HTML ends: after its last tag that closes at
 * the top level (the highlighter's segments are whole spans; what follows is the open line's text).
 */
function finishedEnd(inner: string): number {
  let depth = 0;
  let end = 0;
  for (const tag of inner.matchAll(/<(\/?)span\b[^>]*>/g)) {
    depth += tag[1] ? -1 : 1;
    if (depth === 0) end = tag.index + tag[0].length;
  }
  return depth === 0 ? end : -1;
}

/** A growing highlighted code block at the end of the tail, drawn by its finished lines (see `#growCode`). */
interface CodeTail {
  /** Its opening tags (language included): another block when they change. */
  head: string;
  code: HTMLElement;
  /** The inner HTML already in `code`, finished: the highlighter never changes it again. */
  committed: string;
  /** The nodes after it: the open line's text, the caret and the final newline. */
  live: Node[];
}

/**
 * Renders a growing markdown reply into a container it owns.
 * The element hands it the whole reply so far; the view decides what to redraw: finished blocks are
 * sanitized and inserted once, and only the unfinished tail is redrawn, at most once per frame. When
 * the tail's new HTML is its old HTML with text inserted at the end of its last text, that text is
 * appended to the text node on screen; otherwise the new render is sanitized and morphed into place.
 */
export class MarkdownView {
  /** The element the view renders into. */
  readonly container: HTMLElement;
  /** Counters for tests and the benchmark. */
  readonly stats: MarkdownViewStats = { frames: 0, blocksInserted: 0, repairs: 0, appends: 0, codeAppends: 0, plainAppends: 0, codeAdopted: 0 };
  #options: MarkdownViewOptions;
  #splitter: BlockSplitter;
  // Each committed block's top-level nodes, by block index.
  #blocks: Node[][] = [];
  #chunks: HTMLElement[] = [];
  // The tail's top-level nodes: always the container's last nodes.
  #tail: Node[] = [];
  #tailTokens: Token[] = [];
  // The tail's HTML as marked wrote it (before sanitizing), kept equal to what the tail shows.
  #tailHtml = '';
  // The tail's last text node with visible characters, and the text after the caret in its run.
  #end: Text | null = null;
  #afterCaret = '';
  // Whether the tail may be drawn by appending text: it holds no raw HTML, whose DOM need not follow its markup.
  #appendable = false;
  #caretShown = false;
  #streaming = false;
  #frame = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending = '';
  #shownFinal: string | null = null;
  #labels = new WeakMap<HTMLButtonElement, (key: keyof MarkdownViewStrings) => void>();
  readonly #unsubscribe: () => void;
  #codeTail: CodeTail | null = null;
  #plain: PlainTail | null = null;
  // Finished blocks whose code or math was drawn as plain text because its chunk was still loading.
  readonly #plainRich = new Set<Block>();

  constructor(container: HTMLElement, options: MarkdownViewOptions) {
    this.container = container;
    this.#options = options;
    this.#splitter = this.#createSplitter();
    // Code and formulas drawn as plain text while their chunk was loading are drawn again when it arrives.
    this.#unsubscribe = onRichReady(() => this.refresh());
  }

  #createSplitter(): BlockSplitter {
    return new BlockSplitter({ isClosed: (tokens) => isClosed(tokens, this.#options), heal, math: this.#options.math });
  }

  /** Shows `text`; while `streaming`, redraws at most once per frame and shows the caret. */
  update(text: string, streaming: boolean): void {
    this.#streaming = streaming;
    // Read once per frame, not per token: the element builds the text by concatenation, and reading
    // such a string flattens all of it.
    this.#pending = text;
    if (streaming) {
      this.#shownFinal = null;
      if (!this.#frame) {
        this.#frame = requestAnimationFrame(() => this.flush());
        this.#timer = setTimeout(() => this.flush(), FALLBACK_FRAME_MS);
      }
    } else if (text !== this.#shownFinal) {
      this.#cancel();
      this.#draw(true);
      this.#shownFinal = text;
    }
  }

  /** Draws what is pending now instead of at the next frame. */
  flush(): void {
    if (this.#frame) {
      this.#cancel();
      this.#draw(false);
    }
  }

  /** Changes options (caret, images, strings, highlighting, math) and redraws what they affect. */
  setOptions(options: MarkdownViewOptions): void {
    this.#sync();
    const previous = this.#options;
    this.#options = options;
    if (options.math !== previous.math) {
      // The blocks' inline tokens depend on the math delimiters: lex everything again.
      this.#truncate(0);
      remove(this.#tail.splice(0));
      this.#splitter = this.#createSplitter();
      this.#splitter.setText(this.#pending);
      const step = this.#splitter.step(!this.#streaming);
      for (const block of step.added) this.#insert(block);
      this.#tailTokens = step.tail;
    } else if (options.allowImages !== previous.allowImages || options.highlight !== previous.highlight) {
      // Every finished block was rendered under the old options.
      this.#truncate(0);
      for (const block of this.#splitter.blocks) this.#insert(block);
    }
    this.#drawTail(this.#tailTokens, true);
    for (const button of this.container.querySelectorAll<HTMLButtonElement>('button.copy-button')) this.#labels.get(button)?.('copyCode');
  }

  /**
   * Re-renders the finished blocks that hold code or math, and the tail: called once a lazily loaded
   * highlighter or math renderer has arrived, so that blocks drawn before it get its output.
   */
  refresh(): void {
    this.#sync();
    for (const block of [...this.#plainRich]) {
      if (this.#blocks[block.index] && this.#splitter.blocks[block.index] === block) this.#replace(block);
      else this.#plainRich.delete(block);
    }
    this.#drawTail(this.#tailTokens, true);
  }

  /** Stops any pending redraw; the DOM stays as it is. */
  destroy(): void {
    this.#cancel();
    this.#unsubscribe();
  }

  #cancel(): void {
    cancelAnimationFrame(this.#frame);
    clearTimeout(this.#timer);
    this.#frame = 0;
  }

  #strings(): MarkdownViewStrings {
    return { ...DEFAULT_STRINGS, ...this.#options.strings };
  }

  #draw(final: boolean): void {
    this.stats.frames++;
    if (!final && this.#appendPlain()) {
      this.stats.plainAppends++;
      return;
    }
    // Text appended by #appendPlain is on screen but not in the tail's HTML: render the tail afresh.
    const stale = this.#plain?.used === true;
    this.#plain = null;
    this.#splitter.setText(this.#pending);
    const step = this.#splitter.step(final);
    this.stats.repairs = this.#splitter.repairs;
    let changed = false;
    if (step.truncatedFrom >= 0) {
      this.#truncate(step.truncatedFrom);
      changed = true;
    }
    for (const block of step.relinked) {
      this.#replace(block);
      changed = true;
    }
    for (const block of step.added) {
      const adopted = this.#adoptCode(block);
      this.#insert(block, adopted);
      // The tail's first nodes showed this block: they go, so that the rest of the tail lines up with the new render.
      if (!adopted) remove(this.#tail.splice(0, this.#blocks[block.index]!.length));
      changed = true;
    }
    this.#drawTail(step.tail, changed || stale);
    if (!final) this.#plain = step.healed ? null : this.#plainTail(step.tail);
  }

  /**
   * The tail's nodes for `block`, taken off the tail, when the tail shows that very code block drawn
   * by its finished lines (#growCode): brought to the block's final HTML by its new lines alone and
   * given its copy button, so that a long block is not rendered and sanitized a second time when it
   * is finished. Null when the tail shows something else.
   */
  #adoptCode(block: Block): Node[] | null {
    const state = this.#codeTail;
    const [wrapper, after] = this.#tail;
    if (!state || !(wrapper instanceof HTMLElement) || chrome.get(wrapper) !== WRAPPER || !wrapper.contains(state.code)) return null;
    const code = CODE_TAIL.exec(toHtml(block.tokens, this.#options));
    if (!code || code[1] !== state.head || !code[2]!.startsWith(state.committed)) return null;
    // What a render of the block gives after the wrapper: marked's newline after </pre>, or nothing.
    const newline = code[3]!.endsWith('\n');
    if (newline ? !(after instanceof Text) || after.data !== '\n' || this.#tail.length !== 2 : this.#tail.length !== 1) return null;
    this.#fillCode(code[2]!, false);
    state.code.normalize();
    const pre = state.code.parentElement as HTMLPreElement;
    wrapper.firstElementChild!.append(this.#copyButton(pre));
    this.#codeTail = null;
    this.#end = null;
    this.stats.codeAdopted++;
    return this.#tail.splice(0, newline ? 2 : 1);
  }

  /** Brings the tail's tokens and HTML up to date with text that #appendPlain drew. */
  #sync(): void {
    if (this.#plain?.used) this.#draw(!this.#streaming);
  }

  /**
   * The tail as a plain paragraph that later text can be appended to, when it is one (and healing
   * left it as it was): a single paragraph token, every line of its source plain (see PLAIN_PARAGRAPH), shown as one text node
   * (before the caret, if any) holding exactly its text.
   */
  #plainTail(tokens: Token[]): PlainTail | null {
    const pending = this.#pending;
    const blocks = tokens.filter((token) => token.type !== 'space');
    if (!this.#streaming || this.#codeTail || this.#afterCaret || !this.#end || blocks.length !== 1 || blocks[0]!.type !== 'paragraph' || tokens.at(-1) !== blocks[0]) return null;
    const source = this.#splitter.text.slice(this.#splitter.committed);
    if (pending.endsWith('\r') || !PLAIN_PARAGRAPH.test(source) || WWW.test(source)) return null;
    // marked shows a paragraph's text as it is, white space at its end included.
    const node = this.#end;
    const paragraph = node.parentNode as Element | null;
    if (node.data !== source.replace(/^\n+/, '') || node.previousSibling || paragraph?.tagName !== 'P' || paragraph.parentNode !== this.container || !endsParent(paragraph)) return null;
    if (node.nextSibling && chrome.get(node.nextSibling) !== CARET) return null;
    return { node, length: pending.length, sample: pending.slice(-64), used: false };
  }

  /**
   * Draws a frame by appending the new text to the plain paragraph on screen, when the tail is one
   * (see #plainTail) and the new text cannot change its structure: no line break and none of the
   * characters that make syntax. No lexing, no marked, no sanitizing: the text goes into the text
   * node as it is, where a render of the same text would put it. Returns whether it did.
   */
  #appendPlain(): boolean {
    const plain = this.#plain;
    const pending = this.#pending;
    if (!plain || !this.#streaming || pending.length < plain.length || !pending.startsWith(plain.sample, plain.length - plain.sample.length)) return false;
    const added = pending.slice(plain.length);
    if (!PLAIN_ADDITION.test(added) || WWW.test(plain.sample.slice(-3) + added)) return false;
    plain.node.appendData(added);
    plain.length = pending.length;
    plain.sample = pending.slice(-64);
    plain.used = true;
    return true;
  }

  /** Sanitizes marked's HTML into DOM; wraps each code block in `div.code-block` under a header. */
  #render(html: string, finished: boolean): DocumentFragment {
    const fragment = renderHtml(html, this.#options);
    for (const pre of fragment.querySelectorAll('pre')) {
      const wrapper = make('div', 'code-block', WRAPPER);
      pre.replaceWith(wrapper);
      wrapper.append(this.#codeHeader(pre, finished), pre);
    }
    return fragment;
  }

  /** A code block's header: its language, and once the block is finished a copy button. */
  #codeHeader(pre: HTMLPreElement, finished: boolean): HTMLElement {
    const header = make('div', 'code-header', DECORATION);
    const language = /(?:^|\s)language-(\S+)/.exec(pre.querySelector('code')?.className ?? '')?.[1];
    if (language) {
      const label = make('span', 'code-language', DECORATION);
      label.textContent = language;
      header.append(label);
    }
    if (finished) header.append(this.#copyButton(pre));
    return header;
  }

  #copyButton(pre: HTMLPreElement): HTMLButtonElement {
    const button = make('button', 'copy-button', DECORATION, true);
    const label = make('span', 'copy-label', DECORATION);
    button.type = 'button';
    button.append(copyIcon(), label);
    const show = (key: keyof MarkdownViewStrings) => {
      label.textContent = button.title = this.#strings()[key];
      button.classList.toggle('copied', key === 'copied');
    };
    show('copyCode');
    this.#labels.set(button, show);
    let reset: ReturnType<typeof setTimeout> | undefined;
    button.onclick = () => {
      const text = pre.textContent!.replace(/\n$/, '');
      const done = (ok: boolean) => {
        show(ok ? 'copied' : 'copyFailed');
        clearTimeout(reset);
        reset = setTimeout(show, COPY_FEEDBACK_MS, 'copyCode');
        this.#options.onCopy?.({ text, ok });
      };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(() => done(true), () => done(false));
      else done(false);
    };
    return button;
  }

  /** A finished block's DOM, remembered as the block's nodes. */
  #finished(block: Block): DocumentFragment {
    const fallbacks = richFallbacks();
    const fragment = this.#render(toHtml(block.tokens, this.#options), true);
    this.#blocks[block.index] = [...fragment.childNodes];
    // Code or math in it was drawn as plain text while its chunk loads: draw it again when it is there.
    if (richFallbacks() !== fallbacks) this.#plainRich.add(block);
    else this.#plainRich.delete(block);
    return fragment;
  }

  /** Inserts a newly finished block at the end of the finished ones, once. */
  #insert(block: Block, adopted: Node[] | null = null): void {
    this.stats.blocksInserted++;
    let fragment: DocumentFragment;
    if (adopted) {
      fragment = document.createDocumentFragment();
      fragment.append(...adopted);
      this.#blocks[block.index] = adopted;
      this.#plainRich.delete(block);
    } else {
      fragment = this.#finished(block);
    }
    let chunk = this.#chunks.at(-1);
    // A box per block would make the browser check every block's visibility on every frame; chunks
    // (bare divs that the styles give `content-visibility: auto`) keep that, and the layout, small.
    if (!chunk || (chunk.childElementCount >= CHUNK_ELEMENTS && CHUNK_START.test(fragment.firstElementChild?.tagName ?? ''))) {
      chunk = document.createElement('div');
      chrome.set(chunk, WRAPPER);
      // Before the tail, which the view keeps as the container's last nodes.
      this.container.insertBefore(chunk, this.#tail[0] ?? null);
      this.#chunks.push(chunk);
    }
    chunk.append(fragment);
  }

  /** Renders a finished block again in place (a definition it uses arrived, or a lazy chunk did). */
  #replace(block: Block): void {
    const old = this.#blocks[block.index]!;
    (old[0] as ChildNode).before(this.#finished(block));
    remove(old);
  }

  /** Removes the finished blocks from `index` on. */
  #truncate(index: number): void {
    for (const nodes of this.#blocks.splice(index)) remove(nodes);
    this.#chunks = this.#chunks.filter((chunk) => {
      if (chunk.firstChild) return true;
      chunk.remove();
      return false;
    });
  }

  #drawTail(tokens: Token[], force: boolean): void {
    this.#tailTokens = tokens;
    const html = toHtml(tokens, this.#options);
    const caret = this.#streaming && this.#options.caret;
    if (!force && caret === this.#caretShown) {
      // Nothing new to show (what arrived is hidden until it is complete).
      if (html === this.#tailHtml) return;
      if (this.#append(html)) {
        this.stats.appends++;
        return;
      }
      if (this.#growCode(html, caret)) {
        this.stats.codeAppends++;
        return;
      }
    }
    // A highlighted code block alone in the tail is drawn empty here, then filled by #fillCode.
    const code = CODE_TAIL.exec(html);
    const fragment = this.#render(code ? code[1]! + code[3]! : html, false);
    this.#afterCaret = '';
    if (caret && !code) {
      this.#afterCaret = placeCaret(fragment, caretElement());
    }
    // Only what changed is touched: the browser restyles and lays out that alone, and a selection
    // in the rest of the tail survives.
    this.#tail = morph(this.container, this.#tail, [...fragment.childNodes]);
    this.#tailHtml = html;
    this.#caretShown = caret;
    this.#appendable = !someToken(tokens, (token) => token.type === 'html');
    this.#end = this.#appendable ? lastText(this.#tail) : null;
    this.#codeTail = null;
    const codeElement = code && this.#tail.find((node): node is HTMLElement => node instanceof HTMLElement && node.matches('.code-block'))?.querySelector('pre > code');
    if (codeElement) {
      codeElement.replaceChildren();
      this.#codeTail = { head: code[1]!, code: codeElement as HTMLElement, committed: '', live: [] };
      this.#fillCode(code[2]!, caret);
    }
  }

  /**
   * Draws the tail's new `html` when it is the same growing highlighted code block with more text:
   * only its newly finished lines are sanitized and appended, and the open line's text replaced, so
   * that a frame costs what arrived, not the block's length. Returns whether it did.
   */
  #growCode(html: string, caret: boolean): boolean {
    const state = this.#codeTail;
    const code = CODE_TAIL.exec(html);
    if (!state || !code || code[1] !== state.head || !code[2]!.startsWith(state.committed) || !state.code.isConnected) return false;
    this.#fillCode(code[2]!, caret);
    this.#tailHtml = html;
    return true;
  }

  /** Brings the code block of the tail to `inner`, which extends what it has committed. */
  #fillCode(inner: string, caret: boolean): void {
    const state = this.#codeTail!;
    const rest = inner.slice(state.committed.length);
    const finished = finishedEnd(rest);
    if (finished > 0) {
      state.code.insertBefore(sanitize(rest.slice(0, finished), this.#options), state.live[0] ?? null);
      state.committed += rest.slice(0, finished);
    }
    remove(state.live);
    const open = sanitize(rest.slice(Math.max(finished, 0)), this.#options);
    this.#afterCaret = caret ? placeCaret(open, caretElement()) : '';
    state.live = [...open.childNodes];
    state.code.append(open);
    // The #append path extends the open line's text in place while no line finishes.
    this.#end = lastText(state.live);
  }

  /**
   * Draws the tail's new `html` by appending text to its last text node, when `html` is the HTML the
   * tail shows with text inserted at the end of its last text (and nothing else changed); returns
   * whether it did.
   */
  #append(html: string): boolean {
    const old = this.#tailHtml;
    const end = this.#end;
    const added = html.length - old.length;
    if (!this.#appendable || !end || added <= 0) return false;
    let at = 0;
    while (at < old.length && old.charCodeAt(at) === html.charCodeAt(at)) at++;
    // The insertion ends a run of text (a tag follows it), and the rest is unchanged.
    if (old.charCodeAt(at) !== LESS_THAN || !html.endsWith(old.slice(at))) return false;
    const inserted = html.slice(at, at + added);
    const runStart = old.lastIndexOf('>', at - 1) + 1;
    const run = old.slice(runStart, at);
    if (/[<>]/.test(inserted) || run.includes('<') || !ONLY_MARKUP.test(old.slice(at))) return false;
    const text = decode(inserted);
    // The run is the text node on screen (and, in a code block, the newline after the caret).
    if (text === null || decode(run) !== end.data + this.#afterCaret || !text.endsWith(this.#afterCaret)) return false;
    end.appendData(this.#afterCaret + text.slice(0, text.length - this.#afterCaret.length));
    this.#tailHtml = html;
    return true;
  }
}

/**
 * Makes `olds`, the last children of `parent`, equal to `news` (fresh nodes from a render): a node of the
 * same kind with the same attributes is kept and its children are made equal in turn; a text node is
 * extended when it grew. Returns the nodes now in place.
 */
function morph(parent: Node, olds: Node[], news: Node[]): Node[] {
  remove(olds.slice(news.length));
  return news.map((fresh, i) => {
    const old = olds[i];
    if (old && old.nodeType === TEXT_NODE && fresh.nodeType === TEXT_NODE) {
      const data = fresh.nodeValue!;
      const shown = old.nodeValue!;
      if (data.startsWith(shown)) (old as Text).appendData(data.slice(shown.length));
      else old.nodeValue = data;
      return old;
    }
    if (old && chrome.get(old) === chrome.get(fresh) && old.cloneNode().isEqualNode(fresh.cloneNode())) {
      morph(old, [...old.childNodes], [...fresh.childNodes]);
      return old;
    }
    if (old) parent.replaceChild(fresh, old);
    else parent.appendChild(fresh);
    return fresh;
  });
}

/**
 * The HTML of rendered content without the view's chrome: code headers and copy buttons removed,
 * chunks and code wrappers replaced by what they hold. Everything else, the caret included, is kept
 * as it is.
 */
export function contentHTML(root: Element): string {
  const clone = root.cloneNode(true) as Element;
  const source = document.createTreeWalker(root);
  const copy = document.createTreeWalker(clone);
  const wrappers: Element[] = [];
  const decorations: Element[] = [];
  while (source.nextNode() && copy.nextNode()) {
    const kind = chrome.get(source.currentNode);
    if (kind === WRAPPER) wrappers.push(copy.currentNode as Element);
    else if (kind === DECORATION) decorations.push(copy.currentNode as Element);
  }
  for (const element of decorations) element.remove();
  // Nodes keep their identity when a wrapper is unwrapped, so one pass does.
  for (const element of wrappers) element.replaceWith(...element.childNodes);
  return clone.innerHTML;
}
