import { MATH_MARK, MATH_MARK_ATTRIBUTE } from '../markdown/math-mark.js';
import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import { loadMath } from './load.js';
import { escapeHtml, lazyChunk } from './ready.js';

// Math in replies: a marked extension that takes closed formulas out of inline text, and renders
// each as MathML from a cache, synchronously. The math chunk (temml) loads the first time a formula
// is rendered; until then, when it cannot load, and when a formula does not parse, the formula shows
// as its source. Only closed formulas are tokens, so a formula still streaming shows as text until
// its closing delimiter arrives. Code spans and code blocks never hold math: marked takes a code span
// before any delimiter inside it is reached, and code blocks are never lexed as inline text.

/** Which delimiters make math: `auto` takes `\( … \)`, `\[ … \]` and `$$ … $$`; `dollars` also `$ … $`; `off` none. */
export type MathMode = 'auto' | 'dollars' | 'off';

/** A formula found in inline text. */
export interface MathToken extends Tokens.Generic {
  type: 'math';
  raw: string;
  /** The TeX between the delimiters. */
  text: string;
  /** `$$ … $$` and `\[ … \]`: a display formula. */
  display: boolean;
}

// A formula's TeX: at least one character, backslash pairs taken whole (so that `\$` and `\)` do not
// close it), and no backtick (a code span that starts inside a formula would be cut through).
const BODY = String.raw`((?:\\[^]|[^\\\x60])+?)`;
const DISPLAY = [new RegExp(String.raw`^\$\$${BODY}\$\$`), new RegExp(String.raw`^\\\[${BODY}\\\]`)];
const INLINE = new RegExp(String.raw`^\\\(${BODY}\\\)`);
// Pandoc's rule for single dollars, so that prices stay text: no space just inside either
// delimiter, no digit just after the closing one, no dollar inside.
const DOLLAR = /^\$(?![\s$])((?:\\[^]|[^\\`$])+?)(?<!\s)\$(?!\d)/;
const START = { auto: /\\[([]|\$\$/, dollars: /\\[([]|\$/ };

// Rendered formulas kept; the oldest goes first.
const MAX_CACHED = 256;

const renderer = lazyChunk(loadMath, 'The math renderer could not be loaded, so formulas stay as their TeX source', 'chat-stream.math.js');
const cache = new Map<string, string>();

/** Marks temml's `<math>` as chat-stream's own, for the sanitizer (see src/markdown/math-mark.ts). */
const markMath = (mathml: string): string => mathml.replace(/^<math\b/, `<math ${MATH_MARK_ATTRIBUTE}="${MATH_MARK}"`);

/**
 * The HTML of a formula: `<span class="math math-inline">` or `math-display` holding temml's
 * `<math>`; its source (`raw`, delimiters included) while the math chunk loads or when it failed to;
 * `<span class="math-error" title="…">` with the source when the TeX does not parse.
 */
export function mathHtml(tex: string, display: boolean, raw: string): string {
  const chunk = renderer.need();
  if (!chunk) return escapeHtml(raw);
  const key = (display ? 'D' : 'I') + tex;
  let html = cache.get(key);
  if (html === undefined) {
    try {
      html = `<span class="math math-${display ? 'display' : 'inline'}">${markMath(chunk.renderMath(tex, display))}</span>`;
    } catch (error) {
      // temml's message names the problem and its position on its first line; the rest is context.
      const message = (error instanceof Error ? error.message : String(error)).trim().split('\n')[0]!.replace(/:$/, '');
      html = `<span class="math-error" title="${escapeHtml(message)}">${escapeHtml(raw)}</span>`;
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  } else cache.delete(key);
  cache.set(key, html);
  return html;
}

/** The marked extension for `mode` (not `off`): an inline tokenizer of closed formulas and their renderer. */
export function mathExtension(mode: 'auto' | 'dollars'): TokenizerAndRendererExtension {
  const patterns = mode === 'dollars' ? [...DISPLAY, INLINE, DOLLAR] : [...DISPLAY, INLINE];
  return {
    name: 'math',
    level: 'inline',
    start: (src) => {
      const at = src.search(START[mode]);
      return at < 0 ? undefined : at;
    },
    tokenizer(src): MathToken | undefined {
      for (const [i, pattern] of patterns.entries()) {
        const match = pattern.exec(src);
        if (match) return { type: 'math', raw: match[0], text: match[1]!, display: i < DISPLAY.length };
      }
      return undefined;
    },
    renderer: (token) => mathHtml((token as MathToken).text, (token as MathToken).display, token.raw),
  };
}

/** Forgets every rendered formula (tests use it to render from scratch). */
export function clearMathCache(): void {
  cache.clear();
}

/** Whether the math chunk has loaded. */
export const mathReady = (): boolean => renderer.loaded;
