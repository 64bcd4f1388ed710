import type { Token } from 'marked';
import { BlockSplitter } from './blocks.js';
import { heal } from './heal.js';
import { appendedText, isClosed, renderHtml, renderTokens, toHtml } from './render.js';

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
  allowImages: boolean;
  /** Show a blinking caret at the end of the text while streaming. */
  caret: boolean;
  /** Labels of the copy buttons; English by default. */
  strings?: Partial<MarkdownViewStrings>;
  /** Called after a copy button was used, so that the element can announce it. */
  onCopy?: (detail: { text: string; ok: boolean }) => void;
  /** Heal half-typed syntax in the unfinished tail (default true); a finished reply is never healed. */
  heal?: boolean;
}

/** Counters for tests and the benchmark. */
export interface MarkdownViewStats {
  /** Redraws done. */
  frames: number;
  /** Finished blocks inserted (each once, unless a later definition or a repair re-rendered it). */
  blocksInserted: number;
  /** Finished blocks re-rendered because a link definition they may use arrived later. */
  blocksRelinked: number;
  /** End-of-reply checks that found a wrong block boundary (0 when the splitter was right). */
  repairs: number;
  /** Frames that only appended text to the tail's last text node (no re-render). */
  textAppends: number;
  /** The longest unfinished tail redrawn, in characters: what one frame re-renders at most. */
  longestTail: number;
}

const DEFAULT_STRINGS: MarkdownViewStrings = { copyCode: 'Copy code', copied: 'Copied', copyFailed: 'Copy failed' };
const CONFIRM_MS = 2000;
// Fallback when no animation frame comes, as in a hidden tab: a background reply still catches up.
const HIDDEN_DELAY_MS = 50;
const FRAME_FALLBACK_MS = 250;

// Elements the view adds around the content (code wrappers and copy buttons): contentHTML() leaves
// them out. A WeakSet, not a class or attribute, so that sanitized content can never pose as one.
const chrome = new WeakSet<Node>();

const BLOCK_HOSTS = new Set([
  'P', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'DIV', 'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'TD', 'TH',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'DETAILS', 'SECTION', 'ARTICLE', 'ASIDE', 'DL', 'DD', 'DT',
  'FIGURE', 'FIGCAPTION', 'HEADER', 'FOOTER', 'MAIN', 'NAV',
]);

/**
 * Renders a growing markdown reply into a container it owns.
 * The element hands it the whole reply so far; the view decides what to redraw: finished blocks are
 * sanitized and inserted once, and only the unfinished tail is redrawn, at most once per frame.
 */
export class MarkdownView {
  /** Counters for tests and the benchmark. */
  readonly stats: MarkdownViewStats = { frames: 0, blocksInserted: 0, blocksRelinked: 0, repairs: 0, textAppends: 0, longestTail: 0 };

  private readonly splitter: BlockSplitter;
  private blockNodes: Node[][] = [];
  private tailNodes: Node[] = [];
  private streaming = false;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private caretEl: HTMLSpanElement | null = null;
  private finalText: string | null = null;
  private readonly resetTimers = new Map<HTMLButtonElement, ReturnType<typeof setTimeout>>();

  constructor(
    readonly container: HTMLElement,
    private options: MarkdownViewOptions,
  ) {
    this.splitter = new BlockSplitter({
      isClosed: (tokens) => isClosed(tokens, { allowImages: this.options.allowImages }),
      heal: (tail) => (this.options.heal === false ? tail : heal(tail)),
    });
    container.addEventListener('click', this.onClick);
  }

  /** Shows `text`; while `streaming`, redraws at most once per frame and shows the caret. */
  update(text: string, streaming: boolean): void {
    if (!streaming && text === this.finalText) return;
    this.finalText = null;
    this.streaming = streaming;
    // Read the text once per frame, not per token: the element builds it by concatenation, and
    // slicing such a string copies all of it.
    this.pendingText = text;
    if (streaming) {
      this.schedule();
    } else {
      this.cancel();
      this.render(true);
      this.finalText = text;
    }
  }

  /** Draws what is pending now instead of at the next frame. */
  flush(): void {
    if (!this.frame && this.timer === undefined) return;
    this.cancel();
    this.render(false);
  }

  /** Changes options (caret, images, strings) and redraws what they affect. */
  setOptions(options: MarkdownViewOptions): void {
    const previous = this.options;
    this.options = options;
    if (previous.allowImages !== options.allowImages) {
      // Every finished block was sanitized under the old image policy.
      for (const nodes of this.blockNodes) for (const node of nodes) node.parentNode?.removeChild(node);
      this.blockNodes = [];
      for (const block of this.splitter.blocks) this.insertBlock(block.index, block.tokens);
      this.tailHtml = '';
      this.renderTail(this.lastTail);
    }
    const strings = this.strings;
    for (const button of this.container.querySelectorAll<HTMLButtonElement>('button.copy-button')) {
      if (chrome.has(button) && !this.resetTimers.has(button)) button.textContent = strings.copyCode;
    }
    this.placeCaret();
  }

  /** Stops any pending redraw and timers; the DOM stays as it is. */
  destroy(): void {
    this.cancel();
    for (const timer of this.resetTimers.values()) clearTimeout(timer);
    this.resetTimers.clear();
    this.container.removeEventListener('click', this.onClick);
  }

  private get strings(): MarkdownViewStrings {
    return { ...DEFAULT_STRINGS, ...this.options.strings };
  }

  private schedule(): void {
    if (this.frame || this.timer !== undefined) return;
    const run = () => {
      this.cancel();
      this.render(false);
    };
    this.frame = requestAnimationFrame(run);
    this.timer = setTimeout(run, document.hidden ? HIDDEN_DELAY_MS : FRAME_FALLBACK_MS);
  }

  private cancel(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.frame = 0;
    this.timer = undefined;
  }

  private lastTail: Token[] = [];

  private pendingText: string | null = null;

  private render(final: boolean): void {
    this.stats.frames++;
    if (this.pendingText !== null) {
      this.splitter.setText(this.pendingText);
      this.pendingText = null;
    }
    const step = this.splitter.step(final);
    this.stats.repairs = this.splitter.repairs;
    if (step.truncatedFrom >= 0) {
      for (const nodes of this.blockNodes.splice(step.truncatedFrom)) {
        for (const node of nodes) node.parentNode?.removeChild(node);
      }
    }
    for (const block of step.relinked) {
      this.stats.blocksRelinked++;
      const old = this.blockNodes[block.index] ?? [];
      this.insertBlock(block.index, block.tokens);
      for (const node of old) node.parentNode?.removeChild(node);
    }
    for (const block of step.added) this.insertBlock(block.index, block.tokens);
    this.stats.longestTail = Math.max(this.stats.longestTail, step.tail.source.length);
    this.lastTail = step.tail.tokens;
    this.renderTail(step.tail.tokens);
  }

  /** Renders a finished block and inserts it at its place; copy buttons are added once, here. */
  private insertBlock(index: number, tokens: Token[]): void {
    this.stats.blocksInserted++;
    const fragment = renderTokens(tokens, { allowImages: this.options.allowImages });
    this.wrapCode(fragment, true);
    const nodes = [...fragment.childNodes];
    this.container.insertBefore(fragment, this.anchorAfter(index));
    this.blockNodes[index] = nodes;
  }

  /** The node before which block `index` goes: the next block's first node, or the tail's. */
  private anchorAfter(index: number): Node | null {
    for (let i = index + 1; i < this.blockNodes.length; i++) {
      const first = this.blockNodes[i]?.[0];
      if (first?.parentNode === this.container) return first;
    }
    const tailFirst = this.tailNodes[0];
    return tailFirst?.parentNode === this.container ? tailFirst : null;
  }

  private tailHtml = '';

  private renderTail(tokens: Token[]): void {
    const html = tokens.length > 0 ? toHtml(tokens) : '';
    const previous = this.tailHtml;
    this.tailHtml = html;
    if (this.appendToTail(previous, html)) return;
    for (const node of this.tailNodes) node.parentNode?.removeChild(node);
    this.caretEl?.remove();
    const fragment = html ? renderHtml(html, { allowImages: this.options.allowImages }) : null;
    if (fragment) this.wrapCode(fragment, false);
    this.tailNodes = fragment ? [...fragment.childNodes] : [];
    if (fragment) this.container.append(fragment);
    this.placeCaret();
  }

  /** The common frame: the tail's last text grew. Appends to the text node on screen; true if done. */
  private appendToTail(previous: string, html: string): boolean {
    if (!previous || this.tailNodes.length === 0) return false;
    const change = appendedText(previous, html);
    if (!change) return false;
    const text = lastText(this.tailNodes);
    if (!text || !text.data.endsWith(change.before)) return false;
    text.appendData(change.added);
    this.stats.textAppends++;
    return true;
  }

  /** Wraps each code block in `div.code-block`; finished ones get a copy button. */
  private wrapCode(fragment: DocumentFragment, finished: boolean): void {
    for (const pre of fragment.querySelectorAll('pre')) {
      const wrapper = document.createElement('div');
      wrapper.className = 'code-block';
      chrome.add(wrapper);
      pre.replaceWith(wrapper);
      if (finished) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'copy-button';
        button.setAttribute('part', 'copy-button');
        button.textContent = this.strings.copyCode;
        chrome.add(button);
        wrapper.append(button);
      }
      wrapper.append(pre);
    }
  }

  private placeCaret(): void {
    const show = this.streaming && this.options.caret;
    if (!show) {
      this.caretEl?.remove();
      return;
    }
    if (!this.caretEl) {
      const caret = document.createElement('span');
      caret.setAttribute('part', 'caret');
      caret.className = 'caret';
      caret.setAttribute('aria-hidden', 'true');
      chrome.add(caret);
      this.caretEl = caret;
    }
    const caret = this.caretEl;
    caret.remove();
    const host = caretHost(this.container);
    if (host.tagName === 'CODE') {
      // Code ends with a newline; the caret belongs on the last line, before it.
      const last = host.lastChild;
      if (last instanceof Text && last.data.endsWith('\n') && this.tailNodes.some((n) => n.contains(host))) {
        last.splitText(last.length - 1);
        host.insertBefore(caret, host.lastChild);
        return;
      }
    }
    host.append(caret);
  }

  private readonly onClick = (event: Event): void => {
    const target = event.target as Element | null;
    const button = target?.closest?.('button.copy-button');
    if (!(button instanceof HTMLButtonElement) || !chrome.has(button)) return;
    const code = button.parentElement?.querySelector('pre');
    const text = (code?.textContent ?? '').replace(/\n$/, '');
    const done = (ok: boolean) => {
      const strings = this.strings;
      button.textContent = ok ? strings.copied : strings.copyFailed;
      button.classList.toggle('copied', ok);
      clearTimeout(this.resetTimers.get(button));
      this.resetTimers.set(
        button,
        setTimeout(() => {
          this.resetTimers.delete(button);
          button.textContent = this.strings.copyCode;
          button.classList.remove('copied');
        }, CONFIRM_MS),
      );
      this.options.onCopy?.({ text, ok });
    };
    const clipboard = globalThis.navigator?.clipboard;
    if (!clipboard) {
      done(false);
      return;
    }
    clipboard.writeText(text).then(
      () => done(true),
      () => done(false),
    );
  };
}

/** The element the caret goes into: the deepest block holding the end of the text. */
function caretHost(container: HTMLElement): Element {
  let host: Element = container;
  for (;;) {
    let child = host.lastChild;
    while (child && (isBlankText(child) || child.nodeType === Node.COMMENT_NODE || (chrome.has(child) && child.nodeName === 'BUTTON'))) {
      child = child.previousSibling;
    }
    if (!(child instanceof Element)) return host;
    if (chrome.has(child)) {
      host = child;
      continue;
    }
    if (child.tagName === 'PRE') {
      const code = child.querySelector(':scope > code');
      return code ?? child;
    }
    if (!BLOCK_HOSTS.has(child.tagName)) return host;
    host = child;
  }
}

/** The last text node with something visible in it among `nodes` (the caret and newlines skipped). */
function lastText(nodes: Node[]): Text | null {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const root = nodes[i]!;
    if (root instanceof Text) {
      if (isBlankText(root)) continue;
      return root;
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let last: Text | null = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!isBlankText(n)) last = n as Text;
    if (last) return last;
  }
  return null;
}

function isBlankText(node: Node): boolean {
  return node.nodeType === Node.TEXT_NODE && !/\S/.test(node.nodeValue ?? '');
}

/**
 * The HTML of rendered content without the view's chrome: copy buttons removed, code wrappers
 * replaced by the code block they hold. Everything else, the caret included, is kept as it is.
 */
export function contentHTML(root: Element): string {
  const clone = root.cloneNode(true) as Element;
  const source = document.createTreeWalker(root);
  const copy = document.createTreeWalker(clone);
  const found: Node[] = [];
  for (let a = source.nextNode(), b = copy.nextNode(); a && b; a = source.nextNode(), b = copy.nextNode()) {
    if (chrome.has(a) && a.nodeName !== 'SPAN') found.push(b);
  }
  for (const node of found) {
    if (node.nodeName === 'BUTTON') (node as Element).remove();
  }
  for (const node of found) {
    if (node.nodeName === 'DIV') (node as Element).replaceWith(...node.childNodes);
  }
  return clone.innerHTML;
}
