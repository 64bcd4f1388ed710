import type { Token } from 'marked';
import { BlockSplitter, lex } from './blocks.js';
import type { Block } from './blocks.js';
import { heal } from './heal.js';
import { isClosed, renderHtml, toHtml } from './render.js';

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
}

type Timer = ReturnType<typeof setTimeout>;

// Elements the view adds around the content (chunks, code wrappers, copy buttons, the caret):
// contentHTML() leaves them out. A WeakSet, not a class or attribute, so that sanitized content can
// never pose as one.
const chrome = new WeakSet<Node>();

// Finished blocks are grouped into chunks of about this many elements: bare divs (no class, so that
// nothing in them looks like sanitized content with a class); the styles give each chunk, the only
// top-level div without `dir` other than a code wrapper, `content-visibility: auto`. A box per block would make the browser check every block's visibility
// on every frame; chunks keep that, and the layout of the log, small.
const CHUNK = 16;
// A chunk starts only at a block with no top margin, so that margins still collapse across chunks.
const CHUNK_START = /^(P|[OU]L|TABLE|BLOCKQUOTE)$/;
// Stands for the caret in the tail's HTML: it goes before the end tags of the blocks that hold the
// end of the text (inside a code block, before its final newline), and after inline end tags.
const CARET = '\uE000';
const BLOCK_END = /(\n<\/code><\/pre>)?(<\/(p|li|h\d|t[dhr]|thead|tbody|table|[ou]l|blockquote|div|details|d[dlt])>|\n)*$/;

const make = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, part?: string): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (part) el.setAttribute('part', part);
  chrome.add(el);
  return el;
};

const remove = (nodes: Node[]) => nodes.forEach((n) => (n as ChildNode).remove());

/**
 * Renders a growing markdown reply into a container it owns.
 * The element hands it the whole reply so far; the view decides what to redraw: finished blocks are
 * sanitized and inserted once, and only the unfinished tail is redrawn, at most once per frame.
 */
export class MarkdownView {
  /** Counters for tests and the benchmark. */
  readonly stats: MarkdownViewStats = { frames: 0, blocksInserted: 0, blocksRelinked: 0, repairs: 0, textAppends: 0 };

  #options: MarkdownViewOptions;
  #splitter: BlockSplitter;
  #blocks: Node[][] = [];
  #chunks: HTMLElement[] = [];
  #tail: Node[] = [];
  #tailTokens: Token[] = [];
  #tailHtml = '';
  #streaming = false;
  #frame = 0;
  #timer: Timer | undefined;
  #pending: string | null = null;
  #final: string | null = null;

  constructor(
    /** The element the view renders into. */
    readonly container: HTMLElement,
    options: MarkdownViewOptions,
  ) {
    this.#options = options;
    this.#splitter = new BlockSplitter({ isClosed: (tokens) => isClosed(tokens, this.#options), heal });
    // Runs the whole pipeline once on a small sample while the request is on its way, so that the first
    // frame of the reply does not also pay for compiling marked's rules, V8's code and the sanitizer.
    setTimeout(() => isClosed(lex(heal('# a\n\n- *b* `c` [d](e) <i>\n\n> f\n\n|g|\n|-|\n\n```\nh'), {}), options));
  }

  /** Shows `text`; while `streaming`, redraws at most once per frame and shows the caret. */
  update(text: string, streaming: boolean): void {
    if (!streaming && text === this.#final) return;
    this.#final = null;
    this.#streaming = streaming;
    // Read once per frame, not per token: the element builds the text by concatenation, and reading
    // such a string flattens all of it.
    this.#pending = text;
    if (!streaming) {
      this.#cancel();
      this.#draw(true);
      this.#final = text;
    } else if (!this.#frame) {
      const run = () => this.flush();
      this.#frame = requestAnimationFrame(run);
      // When no frame comes (a hidden tab), a timer still lets a background reply catch up.
      this.#timer = setTimeout(run, document.hidden ? 50 : 250);
    }
  }

  /** Draws what is pending now instead of at the next frame. */
  flush(): void {
    if (!this.#frame) return;
    this.#cancel();
    this.#draw(false);
  }

  /** Changes options (caret, images, strings) and redraws what they affect. */
  setOptions(options: MarkdownViewOptions): void {
    const images = options.allowImages !== this.#options.allowImages;
    this.#options = options;
    if (images) {
      // Every finished block was sanitized under the old image policy.
      this.#truncate(0);
      this.#splitter.blocks.forEach(this.#insert);
    }
    this.#tailHtml = '';
    this.#drawTail(this.#tailTokens);
    for (const button of this.container.querySelectorAll('button.copy-button')) {
      if (chrome.has(button)) button.textContent = this.#strings.copyCode;
    }
  }

  /** Stops any pending redraw; the DOM stays as it is. */
  destroy(): void {
    this.#cancel();
  }

  get #strings(): MarkdownViewStrings {
    return { copyCode: 'Copy code', copied: 'Copied', copyFailed: 'Copy failed', ...this.#options.strings };
  }

  #cancel(): void {
    cancelAnimationFrame(this.#frame);
    clearTimeout(this.#timer);
    this.#frame = 0;
  }

  #draw(final: boolean): void {
    const { stats } = this;
    const splitter = this.#splitter;
    stats.frames++;
    if (this.#pending !== null) splitter.setText(this.#pending);
    this.#pending = null;
    const step = splitter.step(final);
    stats.repairs = splitter.repairs;
    if (step.truncatedFrom >= 0) this.#truncate(step.truncatedFrom);
    for (const block of step.relinked) {
      stats.blocksRelinked++;
      const old = this.#blocks[block.index]!;
      const fragment = this.#render(toHtml(block.tokens), true);
      this.#blocks[block.index] = [...fragment.childNodes];
      (old[0] as ChildNode).before(fragment);
      remove(old);
    }
    step.added.forEach(this.#insert);
    this.#drawTail((this.#tailTokens = step.tail));
  }

  /** Sanitizes marked's HTML into DOM; wraps each code block in `div.code-block`, finished ones with a copy button. */
  #render(html: string, finished: boolean): DocumentFragment {
    const fragment = renderHtml(html, this.#options);
    for (const pre of fragment.querySelectorAll('pre')) {
      const wrapper = make('div', 'code-block');
      pre.replaceWith(wrapper);
      if (finished) {
        const button = wrapper.appendChild(make('button', 'copy-button', 'copy-button'));
        let timer: Timer;
        button.type = 'button';
        button.textContent = this.#strings.copyCode;
        button.onclick = () => {
          const text = pre.textContent!.replace(/\n$/, '');
          const done = (ok: boolean) => {
            const strings = this.#strings;
            button.textContent = ok ? strings.copied : strings.copyFailed;
            button.classList.toggle('copied', ok);
            clearTimeout(timer);
            timer = setTimeout(() => {
              button.textContent = this.#strings.copyCode;
              button.classList.remove('copied');
            }, 2000);
            this.#options.onCopy?.({ text, ok });
          };
          navigator.clipboard?.writeText(text).then(() => done(true), () => done(false)) ?? done(false);
        };
      }
      wrapper.append(pre);
    }
    return fragment;
  }

  /** Inserts a newly finished block at the end of the finished ones, once. */
  readonly #insert = (block: Block): void => {
    this.stats.blocksInserted++;
    const fragment = this.#render(toHtml(block.tokens), true);
    const first = fragment.firstElementChild;
    let chunk = this.#chunks.at(-1);
    if (!chunk || (chunk.childElementCount >= CHUNK && first && (chrome.has(first) || CHUNK_START.test(first.tagName)))) {
      this.container.insertBefore((chunk = make('div')), this.#tail[0]?.parentNode === this.container ? this.#tail[0]! : null);
      this.#chunks.push(chunk);
    }
    this.#blocks[block.index] = [...fragment.childNodes];
    chunk.append(fragment);
  };

  /** Removes the finished blocks from `index` on. */
  #truncate(index: number): void {
    this.#blocks.splice(index).forEach(remove);
    this.#chunks = this.#chunks.filter((chunk) => chunk.firstChild || chunk.remove());
  }

  #drawTail(tokens: Token[]): void {
    const html = tokens.length ? toHtml(tokens) : '';
    const change = appendedText(this.#tailHtml, html);
    this.#tailHtml = html;
    let text: Text | undefined;
    for (const root of change ? this.#tail : []) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n: Node | null = root; n; n = walker.nextNode()) if (/\S/.test(n.nodeValue ?? '')) text = n as Text;
    }
    // The common frame: the tail's last text grew. Append it to the text node on screen: no markup,
    // nothing to sanitize, and a selection in it survives.
    if (change && text?.data.endsWith(change.before)) {
      text.appendData(change.added);
      this.stats.textAppends++;
      return;
    }
    remove(this.#tail);
    const at = html.search(BLOCK_END);
    const caret = this.#streaming && this.#options.caret;
    const shown = caret ? html.slice(0, at) + CARET + html.slice(at) : html;
    const fragment = shown ? this.#render(shown, false) : new DocumentFragment();
    if (caret) {
      // Our marker is the last one: whatever the reply holds comes before it.
      let host: Text | undefined;
      const walker = document.createTreeWalker(fragment, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) if (walker.currentNode.nodeValue!.includes(CARET)) host = walker.currentNode as Text;
      const span = make('span', 'caret', 'caret');
      span.ariaHidden = 'true';
      host?.splitText(host.data.lastIndexOf(CARET)).replaceData(0, 1, '');
      host?.after(span);
    }
    this.#tail = [...fragment.childNodes];
    this.container.append(fragment);
  }
}

const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

/**
 * When `next` is `previous` with plain text added where its text ends (before its trailing end tags
 * and newlines), returns that text and the text it follows, decoded; otherwise null.
 */
function appendedText(previous: string, next: string): { before: string; added: string } | null {
  const end = previous.search(/(<\/\w+>|\n)*$/);
  const body = previous.slice(0, end);
  const added = next.slice(end, next.length - previous.length + end);
  const before = body.slice(body.lastIndexOf('>') + 1);
  return previous && added && before && next.startsWith(body) && next.endsWith(previous.slice(end)) && !/[<>]|&(?!(amp|lt|gt|quot|#39);)/.test(added)
    ? { before: decode(before), added: decode(added) }
    : null;
}

/**
 * The HTML of rendered content without the view's chrome: copy buttons removed, chunks and code
 * wrappers replaced by what they hold. Everything else, the caret included, is kept as it is.
 */
export function contentHTML(root: Element): string {
  const clone = root.cloneNode(true) as Element;
  const source = document.createTreeWalker(root);
  const copy = document.createTreeWalker(clone);
  const found: Element[] = [];
  for (let a = source.nextNode(), b = copy.nextNode(); a && b; a = source.nextNode(), b = copy.nextNode()) {
    if (chrome.has(a) && a.nodeName !== 'SPAN') found.push(b as Element);
  }
  for (const el of found) if (el.nodeName === 'BUTTON') el.remove();
  for (const el of found) if (el.nodeName === 'DIV') el.replaceWith(...el.childNodes);
  return clone.innerHTML;
}
