import { Parser } from 'marked';
import type { Token } from 'marked';
import { lex, markedOptions } from './blocks.js';
import { sanitize } from './sanitize.js';
import type { MathMode } from '../rich/index.js';

// The one module that turns markdown into HTML. Every string it makes goes through sanitize()
// and leaves as DOM; nothing here assigns HTML to a live element.

/** Options of a render. */
export interface RenderOptions {
  /** Passed to the sanitizer: off, images become links. */
  allowImages: boolean;
  /** Syntax-highlight fenced code that names a language (default true). */
  highlight?: boolean;
  /** Which delimiters make math: `auto` (default), `dollars` or `off`. */
  math?: MathMode;
}

const SENTINEL = '\uE000\uE001';

/**
 * marked's HTML for top-level tokens, code highlighted unless `options.highlight` is false; not
 * sanitized, never put in the DOM as it is.
 */
export const toHtml = (tokens: Token[], options?: Pick<RenderOptions, 'highlight'>): string =>
  new Parser(markedOptions({ highlight: options?.highlight })).parse(tokens);

/** Sanitizes HTML made by {@link toHtml} into DOM; top-level elements without a valid `dir` get `dir="auto"`. */
export function renderHtml(html: string, options: RenderOptions): DocumentFragment {
  const fragment = sanitize(html, options);
  for (const el of fragment.children as HTMLCollectionOf<HTMLElement>) el.dir ||= 'auto';
  return fragment;
}

/** Renders a whole reply at once: the reference that a streamed reply must equal when it ends. */
export const renderMarkdown = (text: string, options: RenderOptions): DocumentFragment =>
  renderHtml(toHtml(lex(text.replace(/\r\n?/g, '\n'), {}, options), options), options);

/**
 * Whether the sanitized HTML of `tokens` leaves the parser as it found it: a paragraph placed after it
 * lands at the top level, holding its own text only. An element left open (a `<div>`, a `<b>` that the
 * parser would re-open, a `<table>` that would foster-parent) or a raw-text state (`<textarea>`, an
 * unclosed comment or attribute) would change how the following blocks parse.
 */
export function isClosed(tokens: Token[], options: RenderOptions): boolean {
  const p = `<p>${SENTINEL}</p>`;
  // A `p` holding only our text serialises back to exactly what we wrote.
  return (sanitize(toHtml(tokens, { highlight: false }) + p, options).lastChild as Element | null)?.outerHTML === p;
}
