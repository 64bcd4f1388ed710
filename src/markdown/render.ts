import { Parser } from 'marked';
import type { Token } from 'marked';
import { lex, markedOptions } from './blocks.js';
import { sanitize } from './sanitize.js';

// The one module that turns markdown into HTML. Every string it makes goes through sanitize()
// and leaves as DOM; nothing here assigns HTML to a live element.

/** Options of a render. */
export interface RenderOptions {
  /** Passed to the sanitizer: off, images become links. */
  allowImages: boolean;
}

const SENTINEL = '\uE000chat-stream-sentinel\uE001';

/** Renders tokens of one or more top-level blocks to sanitized DOM; top-level elements get `dir="auto"`. */
export function renderTokens(tokens: Token[], options: RenderOptions): DocumentFragment {
  return renderHtml(toHtml(tokens), options);
}

/** Sanitizes HTML made by {@link toHtml} into DOM; top-level elements get `dir="auto"`. */
export function renderHtml(html: string, options: RenderOptions): DocumentFragment {
  return decorate(sanitize(html, options));
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);

/**
 * When `next` is `previous` with plain text added at the end of its last text (only end tags and
 * newlines after it), returns that text and the text it follows, decoded; otherwise null. The view then
 * appends the text to the text node already on screen instead of rebuilding the tail: no markup is
 * added, so there is nothing to sanitize, and a selection in that text survives.
 */
export function appendedText(previous: string, next: string): { before: string; added: string } | null {
  if (next.length <= previous.length) return null;
  let p = 0;
  const max = previous.length;
  while (p < max && previous.charCodeAt(p) === next.charCodeAt(p)) p++;
  // Back up out of an entity the common prefix may end inside of.
  const amp = previous.lastIndexOf('&', p - 1);
  if (amp >= 0 && !previous.slice(amp, p).includes(';')) p = amp;
  const suffix = previous.slice(p);
  if (!next.endsWith(suffix) || !/^(?:<\/[a-z0-9]+>|\n)*$/.test(suffix)) return null;
  const added = next.slice(p, next.length - suffix.length);
  if (/[<>]|&(?!(?:amp|lt|gt|quot|#39);)/.test(added)) return null;
  const lastTag = previous.lastIndexOf('>', p - 1);
  const before = previous.slice(lastTag + 1, p);
  if (!before || before.includes('<')) return null;
  return { before: decode(before), added: decode(added) };
}

/** Renders a whole reply at once: the reference that a streamed reply must equal when it ends. */
export function renderMarkdown(text: string, options: RenderOptions): DocumentFragment {
  return renderTokens(lex(text.replace(/\r\n?/g, '\n'), Object.create(null)), options);
}

/**
 * Whether the sanitized HTML of `tokens` leaves the parser as it found it: a paragraph placed after it
 * lands at the top level, holding its own text only. An element left open (a `<div>`, a `<b>` that the
 * parser would re-open, a `<table>` that would foster-parent) or a raw-text state (`<textarea>`, an
 * unclosed comment or attribute) would change how the following blocks parse.
 */
export function isClosed(tokens: Token[], options: RenderOptions): boolean {
  const fragment = sanitize(`${toHtml(tokens)}<p>${SENTINEL}</p>`, options);
  const last = fragment.lastChild;
  return (
    last instanceof HTMLParagraphElement &&
    last.childNodes.length === 1 &&
    last.firstChild?.nodeType === Node.TEXT_NODE &&
    last.textContent === SENTINEL
  );
}

/** marked's HTML for top-level tokens; not sanitized, never put in the DOM as it is. */
export function toHtml(tokens: Token[]): string {
  return new Parser(markedOptions()).parse(tokens);
}

/** Gives every top-level element without a `dir` of its own `dir="auto"`. */
function decorate(fragment: DocumentFragment): DocumentFragment {
  for (let node = fragment.firstElementChild; node; node = node.nextElementSibling) {
    if (!node.hasAttribute('dir')) node.setAttribute('dir', 'auto');
  }
  return fragment;
}
