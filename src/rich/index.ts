import { Marked } from 'marked';
import type { MarkedExtension, MarkedOptions, RendererExtension, Tokens } from 'marked';
import { highlightCode } from './highlight.js';
import { mathExtension } from './math.js';
import { escapeHtml } from './ready.js';
import type { MathMode } from './math.js';

// Code highlighting and math for the markdown pipeline, as marked extensions: both make HTML
// strings (from a cache, synchronously) that the one sanitizer then turns into DOM. The heavy parts
// are lazy chunks behind src/rich/load.ts; without them, code and formulas render as plain text.

export type { MathMode } from './math.js';
export { onRichReady, richFallbacks } from './ready.js';
export { clearHighlightCache, highlightStats, highlighterReady } from './highlight.js';
export type { HighlightStats } from './highlight.js';
export { clearMathCache, mathReady } from './math.js';

/** What the rich parts render. */
export interface RichOptions {
  /** Syntax-highlight fenced code blocks that name a language (default true). */
  highlight: boolean;
  /** Which delimiters make math (default `auto`). */
  math: MathMode;
}

// A language as a class name can hold it; anything else (`js"`, `<script>`) is not highlighted.
const LANGUAGE = /^[\w+#.-]+$/;
const NO_HIGHLIGHT = /^no-?highlight$/i;

/** Whether a fenced block's source ends with its closing fence (marked's rule: the opening run, then fence characters). */
export function isClosedFence(raw: string): boolean {
  const lines = raw.replace(/\n$/, '').split('\n');
  const open = /^ {0,3}(`{3,}|~{3,})/.exec(lines[0]!);
  const close = /^ {0,3}([`~]+) *$/.exec(lines.at(-1)!);
  return lines.length > 1 && !!open && !!close && close[1]!.startsWith(open[1]!);
}

/**
 * Renders a fenced block with a language as marked does, its text highlighted: `<pre><code
 * class="hljs language-…">`. Returns false (marked's own renderer then runs) for indented code, a
 * block with no or an odd language, and while the highlighter is not there.
 */
function renderCode(token: Tokens.Code): string | false {
  const language = (token.lang ?? '').match(/^\S*/)![0];
  if (token.codeBlockStyle === 'indented' || token.escaped || !LANGUAGE.test(language) || NO_HIGHLIGHT.test(language)) return false;
  // Exactly what marked puts in the <code>: the text with one final newline.
  const content = token.text ? token.text.replace(/\n$/, '') + '\n' : '';
  const html = highlightCode(content, language, isClosedFence(token.raw), !token.raw.endsWith('\n'));
  return html === undefined ? false : `<pre><code class="hljs language-${escapeHtml(language)}">${html}</code></pre>\n`;
}

const CODE: RendererExtension = { name: 'code', renderer: (token) => renderCode(token as Tokens.Code) };

const extensions = new Map<string, MarkedOptions['extensions']>();

/**
 * marked's `extensions` option for `options`: the code renderer when highlighting is on, the math
 * tokenizer and renderer unless math is off (an unknown mode counts as `auto`). Built once per
 * combination; marked keeps no state in it.
 */
export function richExtensions(options: Partial<RichOptions> = {}): MarkedOptions['extensions'] {
  const highlight = options.highlight !== false;
  const math: MathMode = options.math === 'off' || options.math === 'dollars' ? options.math : 'auto';
  const key = `${highlight} ${math}`;
  if (!extensions.has(key)) {
    const list: MarkedExtension['extensions'] = [];
    if (highlight) list.push(CODE);
    if (math !== 'off') list.push(mathExtension(math));
    extensions.set(key, list.length ? new Marked({ extensions: list }).defaults.extensions : null);
  }
  return extensions.get(key)!;
}
