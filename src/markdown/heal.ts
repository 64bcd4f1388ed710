// 2 for white space (and the ends of the text), 1 for punctuation (and the rest of non-ASCII), 0 for
// letters and digits.
const kind = (c = ' ') => (/\s/.test(c) ? 2 : +/\W/.test(c));

/**
 * Heals the unfinished tail of a streaming markdown reply for display: it hides or closes syntax that
 * is only half there, so that a reader never sees a raw `**`, half a link, half an HTML tag or a bare
 * fence marker. Pure; it looks at the tail's last paragraph and is never applied to a finished reply.
 */
export function heal(tail: string): string {
  // Fence lines (also in list items and quotes) open and close code blocks; the last line is
  // incomplete, so it neither opens nor closes one. A backtick fence's info string has no backtick.
  let fence = '';
  for (const [, run, rest] of tail.matchAll(/^[ \t>*+\d.)-]*(`{3,}(?!.*`)|~{3,})(.*)\n/gm))
    fence = !fence ? run! : run!.startsWith(fence) && !rest!.trim() ? '' : fence;
  // A last line that is only a fence marker being typed (an opening fence with its info string, a
  // closing fence, or one or two backticks or tildes) is hidden.
  tail = tail.replace(/(^|\n)[ \t>*+\d.)-]*(`{3,}[^`\n]*|~{3,}.*|[`~]{1,2})$/, '$1');
  // Inside a code block nothing is markdown (marked shows an unclosed fence as code).
  if (fence) return tail;
  // Inline syntax lives in the last paragraph: the text after the last blank line.
  const from = /^[\s\S]*\n\s*\n/.exec(tail)?.[0].length ?? 0;
  return tail.slice(0, from) + inline(tail.slice(from));
}

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
    const left = after < 2 && (!after || before > 0);
    const right = before < 2 && (!before || after > 0);
    let len = run.length;
    if (right && (c !== '_' || !left))
      for (; len && open.includes(c); len--) open = open.slice(0, open.lastIndexOf(c));
    if (len && end === text.length) {
      text = text.slice(0, end - len);
      break;
    }
    if (left && (c !== '_' || !right)) open += c.repeat(len);
  }
  return text.replace(/\s*$/, (s) => [...open].reverse().join('') + s);
}
