import type { Token } from 'marked';
import { BlockSplitter } from './blocks.js';
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
  /** End-of-reply checks that found a wrong block boundary (0 when the splitter was right). */
  repairs: number;
}

type Timer = ReturnType<typeof setTimeout>;

/** Renders a growing markdown reply into a container it owns (see {@link MarkdownView}). */
export interface MarkdownView {
  /** The element the view renders into. */
  readonly container: HTMLElement;
  /** Counters for tests and the benchmark. */
  readonly stats: MarkdownViewStats;
  /** Shows `text`; while `streaming`, redraws at most once per frame and shows the caret. */
  update(text: string, streaming: boolean): void;
  /** Draws what is pending now instead of at the next frame. */
  flush(): void;
  /** Changes options (caret, images, strings) and redraws what they affect. */
  setOptions(options: MarkdownViewOptions): void;
  /** Stops any pending redraw; the DOM stays as it is. */
  destroy(): void;
}

// Elements the view adds around the content (chunks, code wrappers, copy buttons, the caret):
// contentHTML() leaves them out. A WeakSet, not a class or attribute, so that sanitized content can
// never pose as one.
const chrome = new WeakSet<Node>();

// Finished blocks are grouped into chunks of about 16 elements: bare divs (no class, so that nothing
// in them looks like sanitized content with a class); the styles give each chunk, the only top-level
// div without `dir` other than a code wrapper, `content-visibility: auto`. A box per block would make
// the browser check every block's visibility on every frame; chunks keep that, and the layout of the
// log, small. A chunk starts only at a block with no top margin (a code wrapper or a raw `div` included),
// so that margins still collapse.
const CHUNK_START = /^(P|[OU]L|TABLE|BLOCKQUOTE|DIV)$/;
// Stands for the caret in the tail's HTML: it goes before the end tags of the blocks that hold the
// end of the text (inside a code block, before its final newline), and after inline end tags.
const CARET = '\uE000';
const BLOCK_END = /(\n<\/code><\/pre>)?(<\/(p|li|h\d|t\w+|[ou]l|blockquote|d(iv|etails|[dlt]))>|\n)*$/;

/** One of the view's own elements; `name` is its class, and its part too when `part` is set. */
const make = <K extends keyof HTMLElementTagNameMap>(tag: K, name?: string, part?: 1): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  if (name) el.className = name;
  if (part) el.setAttribute('part', name!);
  chrome.add(el);
  return el;
};

const remove = (nodes: Node[]) => nodes.forEach((n) => (n as ChildNode).remove());

/** The last text node under `roots` (each included) whose data matches `re`. */
const lastText = (roots: Node[], re: RegExp) => {
  let found: Text | undefined;
  for (const root of roots) {
    const walker = document.createTreeWalker(root, 4);
    for (let n: Node | null = root; n; n = walker.nextNode()) if (re.test(n.nodeValue ?? '')) found = n as Text;
  }
  return found;
};

/**
 * Renders a growing markdown reply into a container it owns.
 * The element hands it the whole reply so far; the view decides what to redraw: finished blocks are
 * sanitized and inserted once, and only the unfinished tail is redrawn, at most once per frame.
 * A closure rather than a class (smaller once minified); call it with `new`.
 */
export const MarkdownView = function (container: HTMLElement, options: MarkdownViewOptions): MarkdownView {
  const stats: MarkdownViewStats = { frames: 0, blocksInserted: 0, repairs: 0 };
  const splitter = new BlockSplitter({ isClosed: (tokens) => isClosed(tokens, options), heal });
  let blocks: Node[][] = [];
  let chunks: HTMLElement[] = [];
  let tail: Node[] = [];
  let tailTokens: Token[] = [];
  let streaming = false;
  let frame = 0;
  let timer: Timer | undefined;
  let pending = '';
  let shownFinal: string | null = null;

  const strings = (): MarkdownViewStrings => ({ copyCode: 'Copy code', copied: 'Copied', copyFailed: 'Copy failed', ...options.strings });

  const cancel = () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
  };

  /** Sanitizes marked's HTML into DOM; wraps each code block in `div.code-block`, finished ones with a copy button. */
  const render = (html: string, finished?: boolean): DocumentFragment => {
    const fragment = renderHtml(html, options);
    for (const pre of fragment.querySelectorAll('pre')) {
      const wrapper = make('div', 'code-block');
      pre.replaceWith(wrapper);
      if (finished) {
        const button = wrapper.appendChild(make('button', 'copy-button', 1));
        let reset: Timer;
        button.type = 'button';
        const label = (key: keyof MarkdownViewStrings, ok?: boolean) => {
          button.textContent = strings()[key];
          button.classList.toggle('copied', !!ok);
        };
        label('copyCode');
        button.onclick = () => {
          const text = pre.textContent!.replace(/\n$/, '');
          const done = (ok: boolean) => {
            label(ok ? 'copied' : 'copyFailed', ok);
            clearTimeout(reset);
            reset = setTimeout(label, 2000, 'copyCode');
            options.onCopy?.({ text, ok });
          };
          navigator.clipboard?.writeText(text).then(() => done(true), () => done(false)) ?? done(false);
        };
      }
      wrapper.append(pre);
    }
    return fragment;
  };

  /** A finished block's DOM, remembered as the block's nodes. */
  const finished = (block: Block) => {
    const fragment = render(toHtml(block.tokens), true);
    blocks[block.index] = [...fragment.childNodes];
    return fragment;
  };

  /** Inserts a newly finished block at the end of the finished ones, once. */
  const insert = (block: Block): void => {
    stats.blocksInserted++;
    const fragment = finished(block);
    let chunk = chunks.at(-1);
    if (!chunk || (chunk.childElementCount > 15 && CHUNK_START.test(fragment.firstElementChild?.tagName as string))) {
      // Before the tail, which the view keeps as the container's last nodes.
      container.insertBefore((chunk = make('div')), tail[0] ?? null);
      chunks.push(chunk);
    }
    chunk.append(fragment);
  };

  /** Removes the finished blocks from `index` on. */
  const truncate = (index: number) => {
    blocks.splice(index).forEach(remove);
    chunks = chunks.filter((chunk) => chunk.firstChild || chunk.remove());
  };

  const drawTail = (tokens: Token[]) => {
    const html = toHtml(tokens);
    const at = html.search(BLOCK_END);
    const caret = streaming && options.caret;
    const fragment = render(caret ? html.slice(0, at) + CARET + html.slice(at) : html);
    if (caret) {
      // Our marker is the last one: whatever the reply holds comes before it.
      const host = lastText([fragment], /\uE000/);
      const span = make('span', 'caret', 1);
      span.ariaHidden = 'true';
      host?.splitText(host.data.lastIndexOf(CARET)).replaceData(0, 1, '');
      host?.after(span);
    }
    // Only what changed is touched: the browser restyles and lays out that alone, and a selection
    // in the rest of the tail survives.
    tail = morph(container, tail, [...fragment.childNodes]);
  };

  const draw = (final: boolean) => {
    stats.frames++;
    // Always set: a draw follows an update.
    splitter.setText(pending);
    const step = splitter.step(final);
    stats.repairs = splitter.repairs;
    if (step.truncatedFrom >= 0) truncate(step.truncatedFrom);
    for (const block of step.relinked) {
      const old = blocks[block.index]!;
      (old[0] as ChildNode).before(finished(block));
      remove(old);
    }
    for (const block of step.added) {
      insert(block);
      // The tail's first nodes showed this block: they go, so that the rest of the tail lines up with the new render.
      remove(tail.splice(0, blocks[block.index]!.length));
    }
    drawTail((tailTokens = step.tail));
  };

  const flush = () => {
    if (frame) {
      cancel();
      draw(false);
    }
  };

  return {
    container,
    stats,
    flush,
    destroy: cancel,
    update(text, live) {
      streaming = live;
      // Read once per frame, not per token: the element builds the text by concatenation, and reading
      // such a string flattens all of it.
      pending = text;
      if (live) {
        shownFinal = null;
        // When no frame comes (a hidden tab, or a busy one), a timer still lets the reply catch up.
        if (!frame) {
          frame = requestAnimationFrame(flush);
          timer = setTimeout(flush, 50);
        }
      } else if (text !== shownFinal) {
        cancel();
        draw(true);
        shownFinal = text;
      }
    },
    setOptions(next) {
      const images = next.allowImages !== options.allowImages;
      options = next;
      if (images) {
        // Every finished block was sanitized under the old image policy.
        truncate(0);
        splitter.blocks.forEach(insert);
      }
      drawTail(tailTokens);
      for (const button of container.querySelectorAll('button')) if (chrome.has(button)) button.textContent = strings().copyCode;
    },
  };
} as unknown as new (container: HTMLElement, options: MarkdownViewOptions) => MarkdownView;

/**
 * Makes `olds`, the last children of `parent`, equal to `news` (fresh nodes from a render): a node of the
 * same kind with the same attributes is kept and its children are made equal in turn; a text node is
 * extended when it grew. Returns the nodes now in place.
 */
const morph = (parent: Node, olds: Node[], news: Node[]): Node[] => {
  remove(olds.slice(news.length));
  return news.map((n, i) => {
    const o = olds[i];
    const data = n.nodeValue;
    if (o && o.nodeType == 3 && n.nodeType == 3) {
      data!.startsWith(o.nodeValue!) ? (o as Text).appendData(data!.slice(o.nodeValue!.length)) : (o.nodeValue = data);
      return o;
    }
    if (o?.cloneNode().isEqualNode(n.cloneNode()) && chrome.has(o) == chrome.has(n)) {
      morph(o, [...o.childNodes], [...n.childNodes]);
      return o;
    }
    o ? parent.replaceChild(n, o) : parent.appendChild(n);
    return n;
  });
};

/**
 * The HTML of rendered content without the view's chrome: copy buttons removed, chunks and code
 * wrappers replaced by what they hold. Everything else, the caret included, is kept as it is.
 */
export function contentHTML(root: Element): string {
  const clone = root.cloneNode(true) as Element;
  const source = document.createTreeWalker(root);
  const copy = document.createTreeWalker(clone);
  const found: Element[] = [];
  while (source.nextNode() && copy.nextNode()) if (chrome.has(source.currentNode) && source.currentNode.nodeName !== 'SPAN') found.push(copy.currentNode as Element);
  // Nodes keep their identity when a wrapper is unwrapped, so one pass does.
  for (const el of found) el.nodeName === 'DIV' ? el.replaceWith(...el.childNodes) : el.remove();
  return clone.innerHTML;
}
