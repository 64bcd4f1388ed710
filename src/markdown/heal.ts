// Healing of a streaming reply's unfinished tail: the only place that rewrites markdown for display.
// It hides or closes syntax that is only half there, line syntax on the last (incomplete) line and
// inline syntax in the last paragraph. Pure: strings in, strings out. The view applies it to the tail
// of every intermediate frame and never to a finished reply, so it can change what a frame shows but
// never the final render.

// Indentation, quote markers and list markers that may start a line before a fence.
const LINE_PREFIX = '[ \\t>*+\\d.)-]*';
// A fence line (also in list items and quotes): its run, and what follows the run.
const FENCE_LINE = new RegExp(`^${LINE_PREFIX}(\`{3,}(?!.*\`)|~{3,})(.*)\\n`, 'gm');
// A last line that is only a fence marker being typed: an opening fence with its info string, a
// closing fence, or one or two backticks or tildes.
const FENCE_BEING_TYPED = new RegExp(`(^|\\n)${LINE_PREFIX}(\`{3,}[^\`\\n]*|~{3,}.*|[\`~]{1,2})$`);
// A last line that shows as something it is not yet: a setext underline, a thematic break or a list
// marker with nothing after it (`-`, `==`, `* *`, `+`); an ordered-list marker or a lone number; an
// empty ATX heading.
const BARE_LINE = /^[ \t>]*(?:([-=_*+])(?:[ \t]*\1)*|\d{1,9}[.)]?|#{1,6})[ \t]*$/;
// A GFM table's delimiter row, complete or being typed (at least one `-` is checked apart).
const DELIMITER_ROW = /^[ \t>]*\|?[ \t]*:?-*:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*$/;
// A line that starts like a table row.
const TABLE_ROW = /^[ \t>]*\|/;
// The text before the last paragraph: everything up to the last blank line.
const BEFORE_LAST_PARAGRAPH = /^[\s\S]*\n\s*\n/;

/**
 * Heals the unfinished tail of a streaming markdown reply for display: it hides or closes syntax that
 * is only half there, so that a reader never sees a raw `**`, half a link, half an HTML tag, a bare
 * fence or list marker, a setext underline taking a paragraph for a heading, or a table's header row
 * as a paragraph of pipes. Pure; it looks at the tail's last lines and last paragraph and is never
 * applied to a finished reply.
 */
export function heal(tail: string): string {
  // Fence lines open and close code blocks; the last line is incomplete, so it neither opens nor
  // closes one. A backtick fence's info string has no backtick.
  let fence = '';
  for (const [, run, rest] of tail.matchAll(FENCE_LINE)) {
    if (!fence) fence = run!;
    else if (run!.startsWith(fence) && !rest!.trim()) fence = '';
  }
  tail = tail.replace(FENCE_BEING_TYPED, '$1');
  // Inside a code block nothing is markdown (marked shows an unclosed fence as code).
  if (fence) return tail;
  tail = lines(tail);
  const from = BEFORE_LAST_PARAGRAPH.exec(tail)?.[0].length ?? 0;
  return tail.slice(0, from) + inline(tail.slice(from));
}

/** Hides or completes a last line (and a table's header row) that would show as something it is not yet. */
function lines(text: string): string {
  const lastStart = text.lastIndexOf('\n') + 1;
  const line = text.slice(lastStart);
  const head = text.slice(0, lastStart);
  const previousStart = head.lastIndexOf('\n', head.length - 2) + 1;
  const previous = lastStart ? head.slice(previousStart, -1) : null;
  const beforeStart = previousStart ? head.lastIndexOf('\n', previousStart - 2) + 1 : -1;
  const before = previousStart ? head.slice(beforeStart, previousStart - 1) : null;
  // The row above is a table's header row when it has a pipe and the row above it has none.
  if (previous !== null && previous.includes('|') && !(before ?? '').includes('|')) {
    // A delimiter row being typed is completed, one cell per header cell.
    if (line.includes('-') && DELIMITER_ROW.test(line)) return head + '|' + ' --- |'.repeat(cells(previous));
    // A header row that has no delimiter row yet is hidden: it may still be a paragraph, or a table.
    if (!line && TABLE_ROW.test(previous)) return head.slice(0, previousStart);
  }
  // The first row of what may become a table, still being typed.
  if (TABLE_ROW.test(line) && !(previous ?? '').includes('|')) return head;
  return BARE_LINE.test(line) ? head : text;
}

/** The number of cells in a table row (escaped pipes do not count). */
function cells(row: string): number {
  const inner = row.trim().replace(/^[>\s]*\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).length;
}

// For emphasis: 2 for white space (and the ends of the text), 1 for punctuation (and the rest of
// non-ASCII), 0 for ASCII letters and digits.
const WHITE_SPACE = 2;
const PUNCTUATION = 1;
const kind = (c = ' ') => (/\s/.test(c) ? WHITE_SPACE : /\W/.test(c) ? PUNCTUATION : 0);

/** Closes or hides half-typed inline syntax in the last paragraph. */
function inline(text: string): string {
  text = text
    // A half HTML tag, comment or autolink at the end is hidden; so is a lone backslash, which would
    // escape what comes next.
    .replace(/<(\/?[a-z]|[!?]|$)[^>]*$|(?<!\\)((\\\\)*)\\$/i, '$2')
    // A link whose destination or reference label is still arriving shows as its text; such an image,
    // or one that may still get its destination, not at all.
    .replace(/(?<!\])(!?)\[([^\]]*)\]([([][^)\]]*)?$/, (_, image: string, label: string) => (image ? '' : label))
    // Brackets not closed yet (and the `!` of an image) are hidden.
    .replace(/!?\[(?=[^\]]*$)/g, '');
  // `mask` is `text` with escapes and code spans blanked out, so that they are not taken for syntax.
  let mask = text.replace(/\\[\s\S]|(`+)[\s\S]*?\1(?!`)/g, (s) => '\0'.repeat(s.length));
  // An open code span is closed, or hidden while nothing follows its backticks.
  const tick = /`+/.exec(mask);
  if (tick) {
    text = tick.index + tick[0].length < text.length ? text + tick[0] : text.slice(0, tick.index);
    mask = mask.slice(0, tick.index).padEnd(text.length, '\0');
  }
  // Emphasis, strong emphasis and strikethrough left open are closed; a delimiter run at the very end
  // (nothing after it yet, or a closer still being typed) is hidden. `open` holds the open delimiters.
  let open = '';
  for (const { 0: run, index: at } of mask.matchAll(/\*+|_+|~+/g)) {
    const c = run[0]!;
    const end = at + run.length;
    const before = kind(mask[at - 1]);
    const after = kind(mask[end]);
    const left = after < WHITE_SPACE && (after === 0 || before > 0);
    const right = before < WHITE_SPACE && (before === 0 || after > 0);
    let length = run.length;
    if (right && (c !== '_' || !left)) {
      for (; length && open.includes(c); length--) open = open.slice(0, open.lastIndexOf(c));
    }
    if (length && end === text.length) {
      text = text.slice(0, end - length);
      break;
    }
    if (left && (c !== '_' || !right)) open += c.repeat(length);
  }
  return text.replace(/\s*$/, (space) => [...open].reverse().join('') + space);
}
