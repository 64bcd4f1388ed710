// The benchmark page: consumes an SSE stream the way the element does and renders it four ways.
// Built by bench/run.mjs with esbuild; driven through puppeteer. Not part of the library.
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { MarkdownView } from '../src/markdown/view.js';

type Mode = 'ours' | 'floor' | 'naive';

interface RunResult {
  tokens: number;
  chars: number;
  frames: number;
  /** Longest single piece of main-thread work the page saw (a network chunk's handling, or a frame). */
  longestMs: number;
  longTasks: number[];
  /** Per token: time from its arrival (its event) to the end of the frame that drew it. */
  delays: number[];
  stats: unknown;
}

const longTasks: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push(entry.duration);
}).observe({ type: 'longtask', buffered: true });

// Times every animation-frame callback, so that the page can tell how long each frame's work took
// and when a token became visible.
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

function container(): HTMLElement {
  const div = document.createElement('div');
  document.body.replaceChildren(div);
  return div;
}

/** Reads an SSE response: framing, JSON.parse, one `token` event per token — what any renderer pays. */
async function consume(url: string, target: EventTarget): Promise<void> {
  const response = await fetch(url, { headers: { Accept: 'text/event-stream' } });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const start = performance.now();
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data) continue;
      if (data === '[DONE]') {
        target.dispatchEvent(new CustomEvent('done', { detail: { text } }));
        continue;
      }
      const token = JSON.parse(data).choices[0].delta.content as string;
      text += token;
      target.dispatchEvent(new CustomEvent('token', { detail: { token, text } }));
    }
    longest = Math.max(longest, performance.now() - start);
  }
}

async function run(mode: Mode, url: string): Promise<RunResult> {
  const div = container();
  const target = new EventTarget();
  const view = mode === 'ours' ? new MarkdownView(div, { allowImages: false, caret: true }) : null;
  let tokens = 0;
  let chars = 0;
  const delays: number[] = [];
  let pending: number[] = [];
  longest = 0;
  longTasks.length = 0;
  if (view) {
    let drawn = 0;
    frameHook = (end) => {
      if (view.stats.frames === drawn) return;
      drawn = view.stats.frames;
      for (const arrival of pending) delays.push(end - arrival);
      pending = [];
    };
  }
  target.addEventListener('token', (event) => {
    const { text } = (event as CustomEvent<{ token: string; text: string }>).detail;
    tokens++;
    chars = text.length;
    if (mode === 'ours') {
      pending.push(performance.now());
      view!.update(text, true);
    } else if (mode === 'naive') {
      div.innerHTML = DOMPurify.sanitize(marked.parse(text, { async: false }) as string);
    }
  });
  target.addEventListener('done', (event) => {
    if (view) view.update((event as CustomEvent<{ text: string }>).detail.text, false);
  });
  await consume(url, target);
  await new Promise((resolve) => nativeRaf(() => nativeRaf(resolve)));
  frameHook = null;
  const frames = view?.stats.frames ?? 0;
  view?.destroy();
  return { tokens, chars, frames, longestMs: longest, longTasks: [...longTasks], delays, stats: view ? { ...view.stats } : null };
}

/** Renders the whole reply at once through the same pipeline, and lets it paint. */
async function oneShot(url: string): Promise<{ ms: number }> {
  const text = await (await fetch(url)).text();
  const div = container();
  await new Promise((resolve) => nativeRaf(resolve));
  const start = performance.now();
  const view = new MarkdownView(div, { allowImages: false, caret: true });
  view.update(text, false);
  void div.offsetHeight;
  const ms = performance.now() - start;
  view.destroy();
  await new Promise((resolve) => nativeRaf(() => nativeRaf(resolve)));
  return { ms };
}

/** The script cost of one naive redraw (marked.parse + DOMPurify + innerHTML) of `text`'s first `length` characters. */
function naiveOnce(text: string, length: number, repeat: number): number {
  const div = container();
  const prefix = text.slice(0, length);
  const start = performance.now();
  for (let i = 0; i < repeat; i++) {
    div.innerHTML = DOMPurify.sanitize(marked.parse(prefix, { async: false }) as string);
  }
  return (performance.now() - start) / repeat;
}

async function reply(url: string): Promise<string> {
  return (await fetch(url)).text();
}

Object.assign(window, { bench: { run, oneShot, naiveOnce, reply } });
