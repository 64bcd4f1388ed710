// The benchmark page: streams a reply through <chat-stream> (its styles, its scrolling log that
// follows the stream, its own transport and protocol reader) and renders it six ways.
// Built by bench/run.mjs with esbuild; driven through puppeteer. Not part of the library.
//
// The six ways differ only in what `MarkdownView.prototype.update` does (the element calls it on
// every token and once at the end); everything else — fetch, SSE framing, JSON.parse, token events,
// Lit, the log and its scroll-follow — is the element's own code in every mode, driven through its
// public API (`fetch`, `send`, `token` events, the `log` part):
// - ours:  the real view (the element).
// - floor: update does nothing: transport alone, what any renderer pays before it draws.
// - text:  the plain-text renderer: the new text appended once per frame to the last paragraph's text
//          node inside the element's shadow root, a new `<p>` at each blank line, the log following
//          the stream; no markdown, no sanitizing, no caret. The yardstick of issue #15.
// - blocks: the reply's final DOM, drawn before the run by the real view (not measured), put into the
//          log as the text arrives, once per frame: each finished block once as much of the reply has
//          come as precedes its end, and the growing block's characters so far as plain text in a
//          paragraph after them; no caret, no markdown script during the run. The least a markdown
//          renderer that draws every frame pays: the browser laying out and painting its DOM as it grows.
// - naive: update re-renders the whole reply (marked.parse + DOMPurify + innerHTML) on every call.
// - one-shot: ours, but the server sends the whole reply as a single token.
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { ChatStreamElement } from '../src/chat-stream-element.js';
import { MarkdownView } from '../src/markdown/view.js';
import { loadMarkdownEngine } from '../src/markdown/load.js';
import { loadHighlighter, loadMath } from '../src/rich/load.js';
import type { ChatMessage } from '../src/types.js';

type Mode = 'ours' | 'floor' | 'text' | 'blocks' | 'naive';

interface RunResult {
  tokens: number;
  /** Longest animation-frame callback the page saw. */
  longestMs: number;
  longTasks: number[];
  /** Per token: time from its `token` event to the end of the next animation-frame callback. */
  delays: number[];
  /** Whether the log was scrolled to the bottom at the end (the element followed the stream). */
  followed: boolean;
  /** The views' own counts (frames, and how each was drawn), summed over the run's views. */
  stats: Record<string, number>;
}

// The views that drew in the current run, for their stats.
const views = new Set<MarkdownView>();

const longTasks: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push(entry.duration);
}).observe({ type: 'longtask', buffered: true });

let frameHook: ((end: number) => void) | null = null;
let longest = 0;
const nativeRaf = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = (callback) =>
  nativeRaf((time) => {
    const start = performance.now();
    callback(time);
    const end = performance.now();
    longest = Math.max(longest, end - start);
    frameHook?.(end);
  });

ChatStreamElement.define();

type Update = (view: MarkdownView, text: string, streaming: boolean) => void;
const realUpdate = MarkdownView.prototype.update;

/** Routes every view's `update` through the mode: the one place where the modes differ. */
function setMode(mode: Mode): void {
  const update: Update =
    mode === 'ours'
      ? (view, text, streaming) => realUpdate.call(view, text, streaming)
      : mode === 'floor'
        ? () => {}
        : mode === 'text'
          ? plainText
          : mode === 'blocks'
            ? finishedBlocks
            : (view, text) => {
            view.container.innerHTML = DOMPurify.sanitize(marked.parse(text, { async: false }) as string);
          };
  MarkdownView.prototype.update = function (this: MarkdownView, text: string, streaming: boolean) {
    views.add(this);
    update(this, text, streaming);
  };
}

// Plain text: about the least a renderer that draws once per frame can do, in the same DOM shape as
// ours. The text since the last frame is appended to the text node on screen, with a new paragraph
// at each blank line; paragraphs are grouped 16 to a bare div, which the element's styles give
// `content-visibility: auto` as they do our chunks. No markdown, no sanitizing, nothing rebuilt.
const plain = new WeakMap<object, { text: string; shown: number; node: Text; chunk: HTMLElement; frame: number }>();
const plainText: Update = (view, text) => {
  let state = plain.get(view);
  if (!state) plain.set(view, (state = { text, shown: 0, node: new Text(), chunk: document.createElement('div'), frame: 0 }));
  const s = state;
  s.text = text;
  s.frame ||= requestAnimationFrame(() => {
    s.frame = 0;
    const parts = s.text.slice(s.shown).split('\n\n');
    s.shown = s.text.length;
    parts.forEach((part, i) => {
      if (i || !s.node.isConnected) {
        if (s.chunk.childElementCount >= 16 || !s.chunk.isConnected) view.container.append((s.chunk = document.createElement('div')));
        s.chunk.append(document.createElement('p'));
        s.chunk.lastChild!.appendChild((s.node = new Text()));
      }
      s.node.appendData(part);
    });
  });
};

// Blocks: the final DOM of the reply (its chunks and their blocks), drawn by the real view before the
// run, with each block's end as a fraction of the reply's text, measured in rendered characters.
let drawn: { chunk: HTMLElement; blocks: { node: Node; text: string; end: number }[] }[] = [];
let drawnLength = 1;
let replyLength = 1;

/**
 * Not measured: the reply's final DOM, drawn by the real view with its highlighter and math loaded; with
 * `bare` (BENCH_BARE_BLOCKS=1), marked + DOMPurify's DOM instead (no highlighting, math or code
 * headers), its elements grouped 16 to a chunk `div` as the view groups its blocks.
 */
async function prepareBlocks(url: string, bare = false): Promise<{ blocks: number; highlighted: number }> {
  const text = await reply(url);
  const div = document.createElement('div');
  if (bare) {
    let chunk = div;
    for (const node of [...DOMPurify.sanitize(marked.parse(text, { async: false }) as string, { RETURN_DOM_FRAGMENT: true }).childNodes]) {
      if (node instanceof Element && (chunk === div || chunk.childElementCount >= 16)) chunk = div.appendChild(document.createElement('div'));
      chunk.append(node);
    }
  } else {
    await loadMarkdownEngine();
    // The draw asks for the highlighter and math chunks; the view draws its code and formulas again when they arrive.
    const view = new MarkdownView(div, { allowImages: false, caret: false });
    view.update(text, false);
    await Promise.all([loadHighlighter(), loadMath()]);
    for (let i = 0; i < 5; i++) await frame();
    // Its code and formulas are drawn again by now; it must not redraw the blocks while they are on loan to the run.
    view.destroy();
  }
  // BENCH_STRIP=headers: without the code blocks' headers (language label, copy button); =spans: code without its highlighting spans.
  const strip = new URLSearchParams(location.search).get('strip');
  if (strip === 'headers') for (const header of div.querySelectorAll('.code-header')) header.remove();
  if (strip === 'spans') for (const span of div.querySelectorAll('pre span')) span.replaceWith(...span.childNodes);
  let at = 0;
  drawn = [...div.children].map((chunk) => ({
    chunk: chunk as HTMLElement,
    blocks: [...chunk.childNodes].map((node) => {
      const text = node.textContent ?? '';
      return { node, text, end: (at += text.length) };
    }),
  }));
  drawnLength = Math.max(1, at);
  const highlighted = div.querySelectorAll('pre span[class]').length;
  for (const { chunk } of drawn) chunk.replaceChildren();
  replyLength = text.length;
  return { blocks: drawn.reduce((n, c) => n + c.blocks.length, 0), highlighted };
}

const shownBlocks = new WeakMap<object, { text: string; chunk: number; block: number; frame: number; tail: Text }>();
const finishedBlocks: Update = (view, text) => {
  let state = shownBlocks.get(view);
  if (!state) shownBlocks.set(view, (state = { text, chunk: 0, block: 0, frame: 0, tail: new Text() }));
  const s = state;
  s.text = text;
  s.frame ||= requestAnimationFrame(() => {
    s.frame = 0;
    const upTo = (s.text.length / replyLength) * drawnLength;
    let start = 0;
    for (; s.chunk < drawn.length; s.chunk++, s.block = 0) {
      const { chunk, blocks } = drawn[s.chunk]!;
      for (; s.block < blocks.length && blocks[s.block]!.end <= upTo; s.block++) {
        if (!chunk.isConnected) view.container.insertBefore(chunk, s.tail.parentNode);
        chunk.append(blocks[s.block]!.node);
      }
      if (s.block < blocks.length) {
        start = s.block ? blocks[s.block - 1]!.end : s.chunk ? drawn[s.chunk - 1]!.blocks.at(-1)!.end : 0;
        break;
      }
    }
    // The growing block: its characters so far, as plain text in a paragraph after the finished ones.
    const growing = drawn[s.chunk]?.blocks[s.block]?.text ?? '';
    if (!s.tail.parentNode) view.container.appendChild(document.createElement('p')).append(s.tail);
    const shown = growing.slice(0, Math.max(0, Math.round(upTo - start)));
    if (s.tail.data !== shown) s.tail.data = shown;
  });
};

function mount(url: string): ChatStreamElement {
  const el = document.createElement('chat-stream');
  el.setAttribute('no-composer', '');
  if (new URLSearchParams(location.search).has('nocaret')) el.setAttribute('no-caret', '');
  el.endpoint = '/chat';
  el.style.width = '720px';
  // The element's request goes to the bench server's stream; the server paces it.
  el.fetch = (_input, init) => fetch(url, { signal: init?.signal ?? null, headers: { Accept: 'text/event-stream' } });
  document.body.replaceChildren(el);
  return el;
}

const frame = () => new Promise((resolve) => nativeRaf(resolve));

/** A reply of about 1 KB with the usual markdown of a chat: a heading, a list, code, a table, links. */
const historyReply = (i: number): string =>
  `### Step ${i}\n\nTo do **step ${i}**, change the \`config\` as below and run it again ([docs](https://example.com/docs/${i})).\n\n` +
  `1. Open the file.\n2. Set \`retries\` to ${i % 7}.\n3. Save, then *restart* the service.\n\n` +
  '```ts\n' + `export const config = { retries: ${i % 7}, timeout: ${1000 + i}, name: "step-${i}" };\n` + '```\n\n' +
  `| option | value |\n| --- | --- |\n| retries | ${i % 7} |\n| timeout | ${1000 + i} ms |\n\n` +
  `That is all: the next run picks it up. If it does not, check the logs for \`step-${i}\` and try again.`;

/** A restored conversation of `count` messages: short questions and replies of about 1 KB of markdown. */
const conversation = (count: number): ChatMessage[] =>
  Array.from({ length: count }, (_, i) =>
    i % 2 === 0 ? { role: 'user', content: `How do I do step ${i + 1}?` } : { role: 'assistant', content: historyReply(i) },
  );

let prepared: ChatStreamElement | null = null;

/** Not measured: an element whose markdown engine has loaded, with a restored history of `count` messages, drawn. */
async function prepare(url: string, count: number): Promise<void> {
  setMode('ours');
  prepared = mount(url);
  await loadMarkdownEngine();
  prepared.messages = conversation(count);
  await prepared.updateComplete;
  await frame();
  await frame();
}

/** Measured: restoring a history of `count` messages into the prepared (empty) element, until drawn. */
async function restore(count: number): Promise<void> {
  prepared!.messages = conversation(count);
  await prepared!.updateComplete;
  await frame();
  await frame();
}

/**
 * Measured, the yardstick of `restore`: the same messages with no element around them, each reply's
 * markdown rendered once by the markdown view (marked, highlighting, DOMPurify), into one 720 px
 * column of the page, until drawn.
 */
async function renderOnce(count: number): Promise<void> {
  const column = document.createElement('div');
  column.style.width = '720px';
  document.body.replaceChildren(column);
  for (const message of conversation(count)) {
    const div = column.appendChild(document.createElement('div'));
    if (message.role === 'assistant') new MarkdownView(div, { allowImages: false, caret: false }).update(message.content, false);
    else div.textContent = message.content;
  }
  await frame();
  await frame();
}

async function run(mode: Mode, url: string, reusePrepared = false): Promise<RunResult> {
  setMode(mode);
  views.clear();
  const el = reusePrepared ? prepared! : mount(url);
  await el.updateComplete;
  await frame();
  let tokens = 0;
  const delays: number[] = [];
  let pending: number[] = [];
  longest = 0;
  longTasks.length = 0;
  frameHook = (end) => {
    for (const arrival of pending) delays.push(end - arrival);
    pending = [];
  };
  el.addEventListener('token', () => {
    tokens++;
    pending.push(performance.now());
  });
  await el.send('go');
  await frame();
  await frame();
  frameHook = null;
  const log = el.shadowRoot!.querySelector<HTMLElement>('[part="log"]')!;
  const followed = log.scrollHeight - log.scrollTop - log.clientHeight < 2;
  const stats: Record<string, number> = {};
  for (const view of views) for (const [key, value] of Object.entries(view.stats)) stats[key] = (stats[key] ?? 0) + value;
  views.clear();
  return { tokens, longestMs: longest, longTasks: [...longTasks], delays, followed, stats };
}

/** The script cost of one naive redraw of `text`'s first `length` characters, in the element's content box (its layout, once per frame in a real run, is left out). */
async function naiveOnce(text: string, length: number, repeat: number): Promise<number> {
  let content = document.querySelector('chat-stream')?.shadowRoot?.querySelector<HTMLElement>('.markdown');
  if (!content) {
    setMode('ours');
    const el = mount('/sse?kb=0');
    el.messages = [{ role: 'user', content: 'go' }, { role: 'assistant', content: 'x' }];
    await el.updateComplete;
    content = el.shadowRoot!.querySelector<HTMLElement>('.markdown')!;
  }
  const prefix = text.slice(0, length);
  const start = performance.now();
  for (let i = 0; i < repeat; i++) content.innerHTML = DOMPurify.sanitize(marked.parse(prefix, { async: false }) as string);
  return (performance.now() - start) / repeat;
}

async function reply(url: string): Promise<string> {
  return (await fetch(url)).text();
}

/**
 * Lays out every distinct non-ASCII character of the reply once, outside the element (BENCH_WARM_FONTS=1).
 * A fresh renderer on this server can spend 50–600 ms of layout in font fallback (fontconfig) the first
 * time it meets CJK, Arabic, Hebrew or emoji glyphs, the same in every mode.
 */
async function warmFonts(url: string): Promise<void> {
  const text = await reply(url);
  const div = document.createElement('div');
  div.textContent = [...new Set(text.replace(/[\x00-\x7f]/g, ''))].join(' ');
  document.body.append(div);
  void div.offsetHeight;
  div.remove();
  await frame();
}

/** The script of one render of the whole reply by the view (highlighter and math loaded), into a detached div: median of 5, ms. */
async function scriptOnce(url: string): Promise<number> {
  const text = await reply(url);
  await loadMarkdownEngine();
  await Promise.all([loadHighlighter(), loadMath()]);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const view = new MarkdownView(document.createElement('div'), { allowImages: false, caret: false });
    view.update(text, false);
    times.push(performance.now() - start);
    view.destroy();
  }
  return times.sort((a, b) => a - b)[2]!;
}

Object.assign(window, { bench: { scriptOnce, run, naiveOnce, reply, warmFonts, prepare, prepareBlocks, restore, renderOnce } });
