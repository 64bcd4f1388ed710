import { loadHighlighter } from './load.js';
import { escapeHtml, lazyChunk } from './ready.js';

// Syntax highlighting of fenced code, at the level of HTML strings, synchronously from a cache: the
// highlighter chunk is loaded the first time a block with a language asks for it, and until then (or
// when it cannot load) the block renders as plain text. A block's text is cut into segments that are
// highlighted one at a time and never again: a segment ends at a line end where the highlighter is
// back at its top level (in no string, comment or open construct). A growing block is thus
// highlighted by finished lines; its unfinished last line is plain text until its newline arrives.
// Where a segment ends depends only on the text before that point, so a block streamed in any
// pieces ends with the same HTML as the same block rendered at once.

/** Work done by the highlighter, for tests and the benchmark. */
export interface HighlightStats {
  /** Calls of the highlighter. */
  calls: number;
  /** Characters given to it, in all. */
  chars: number;
}

/** Work done by the highlighter since the page loaded. */
export const highlightStats: HighlightStats = { calls: 0, chars: 0 };

// In its first lines a segment is checked at every line end; after that at line 24, 32, 48, 64, 96,
// … (a power of two or three times one), so that a long comment or string costs linear work in all.
const DENSE_LINES = 16;
// A segment never grows past this many characters: its checked part is kept and the rest starts a new
// segment, and a single longer line stays plain. It bounds one highlight to a few milliseconds.
const MAX_SEGMENT = 16_384;
// Prefix states and finished blocks kept; old ones are dropped first.
const MAX_PROGRESS = 16;
const MAX_DONE = 64;

const highlighter = lazyChunk(loadHighlighter, 'The code highlighter could not be loaded, so code blocks stay plain text', 'chat-stream.highlight.js');

/** Where the segmenting of one text has got to. */
interface Progress {
  language: string;
  /** The finished lines processed, each ending with `\n`. */
  text: string;
  /** Start of the open segment, a line start. */
  start: number;
  /** HTML of `text` up to `start`: the segments closed so far. */
  html: string;
  /** The last line end at which the open segment was highlighted (`start` when not yet). */
  checked: number;
  /** HTML of the open segment up to `checked`. */
  checkedHtml: string;
  /** Lines in the open segment. */
  lines: number;
}

const progresses: Progress[] = [];
const done = new Map<string, string>();

const isCheck = (lines: number): boolean => {
  if (lines <= DENSE_LINES) return true;
  const odd = lines % 3 === 0 ? lines / 3 : lines;
  return (odd & (odd - 1)) === 0;
};

function run(text: string, language: string) {
  highlightStats.calls++;
  highlightStats.chars += text.length;
  return highlighter.need()!.highlight(text, language);
}

/** Segments the finished lines of `text` (which extends `p.text`) into `p`. */
function advance(p: Progress, text: string): void {
  for (let at = p.text.length; at < text.length; ) {
    const end = text.indexOf('\n', at) + 1;
    at = end;
    p.lines++;
    if (end - p.start > MAX_SEGMENT && p.checked > p.start) {
      p.html += p.checkedHtml;
      p.start = p.checked;
      p.checkedHtml = '';
      p.lines = text.slice(p.start, end).split('\n').length - 1;
    }
    if (end - p.start > MAX_SEGMENT) {
      p.html += escapeHtml(text.slice(p.start, end));
      p.start = p.checked = end;
      p.checkedHtml = '';
      p.lines = 0;
    } else if (isCheck(p.lines)) {
      const result = run(text.slice(p.start, end), p.language);
      if (result.top) {
        p.html += result.html;
        p.start = end;
        p.checkedHtml = '';
        p.lines = 0;
      } else p.checkedHtml = result.html;
      p.checked = end;
    }
  }
  p.text = text;
}

/** The prefix state that `text` extends furthest, or a new one; the most recently used comes first. */
function progressFor(language: string, text: string): Progress {
  let best: Progress | undefined;
  for (const p of progresses) {
    if (p.language === language && p.text.length <= text.length && (!best || p.text.length > best.text.length) && text.startsWith(p.text)) best = p;
  }
  if (best) progresses.splice(progresses.indexOf(best), 1);
  else best = { language, text: '', start: 0, html: '', checked: 0, checkedHtml: '', lines: 0 };
  progresses.unshift(best);
  progresses.length = Math.min(progresses.length, MAX_PROGRESS);
  return best;
}

/**
 * The inner HTML of a fenced code block's `<code>`: `content` (exactly the text marked puts there,
 * ending with `\n` unless empty) highlighted as `language`. `complete` says whether the block is
 * finished (closed, or the reply is); while it is not, `lastLineOpen` says whether its last line is
 * still being written (that line stays plain text). Returns undefined when the block is to be plain
 * text: the language is unknown, or the highlighter is not loaded (then it starts loading, and the
 * render counts as a fallback, see `richFallbacks`).
 */
export function highlightCode(content: string, language: string, complete: boolean, lastLineOpen: boolean): string | undefined {
  const chunk = highlighter.need();
  if (!chunk?.supports(language)) return undefined;
  const key = `${language}\n${content}`;
  let html = complete ? done.get(key) : undefined;
  if (html !== undefined) {
    // Most recently used last, so that the oldest goes first.
    done.delete(key);
    done.set(key, html);
    return html;
  }
  // `content` ends with `\n`; the unfinished last line is what follows the line end before it.
  const cut = !lastLineOpen || complete ? content.length : content.length < 2 ? 0 : content.lastIndexOf('\n', content.length - 2) + 1;
  const lines = content.slice(0, cut);
  const p = progressFor(language, lines);
  advance(p, lines);
  if (!complete) return p.html + p.checkedHtml + escapeHtml(content.slice(p.checked));
  // The last segment ends with the block, wherever the highlighter stands.
  html = p.html + (p.start === lines.length ? '' : p.checked === lines.length ? p.checkedHtml : run(lines.slice(p.start), language).html);
  done.set(key, html);
  if (done.size > MAX_DONE) done.delete(done.keys().next().value!);
  return html;
}

/** Forgets every highlighted block and prefix state (tests use it to render from scratch). */
export function clearHighlightCache(): void {
  progresses.length = 0;
  done.clear();
}

/** Whether the highlighter chunk has loaded. */
export const highlighterReady = (): boolean => highlighter.loaded;
