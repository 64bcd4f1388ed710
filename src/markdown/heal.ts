/**
 * Heals the unfinished tail of a streaming markdown reply for display: it hides or closes syntax that
 * is only half there, so that a reader never sees a raw `**`, half a link, half an HTML tag or a bare
 * fence marker. Pure; it only looks at the tail's last block and is never applied to a finished reply.
 */
export function heal(tail: string): string {
  let text = tail;
  const fence = openFence(text);
  if (fence) {
    const lastNl = text.lastIndexOf('\n');
    const lastLine = text.slice(lastNl + 1);
    // Inside a code block nothing is markdown; hide only a closing fence that is still being typed.
    const m = /^[ \t>]*(`+|~+)[ \t]*$/.exec(lastLine);
    if (m && m[1]![0] === fence) text = text.slice(0, lastNl + 1);
    return text;
  }
  text = healLines(text);
  // Inline syntax lives in the last paragraph: the text after the last blank line.
  const blank = /\n[ \t]*\n/g;
  let from = 0;
  for (let m = blank.exec(text); m; m = blank.exec(text)) from = m.index + m[0].length;
  return text.slice(0, from) + healInline(text.slice(from));
}

const FENCE_LINE = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*(`{3,}|~{3,})(.*)$/;

/** The fence character of a code block left open at the end of `text`, or ''. */
function openFence(text: string): string {
  let open: { char: string; len: number } | null = null;
  const lines = text.split('\n');
  // The last line is incomplete; a fence opened on it is not open yet, and it cannot close one.
  for (let i = 0; i < lines.length - 1; i++) {
    const m = FENCE_LINE.exec(lines[i]!);
    if (!m) continue;
    const run = m[1]!;
    if (open) {
      if (run[0] === open.char && run.length >= open.len && !m[2]!.trim()) open = null;
    } else if (!(run[0] === '`' && m[2]!.includes('`'))) {
      open = { char: run[0]!, len: run.length };
    }
  }
  return open?.char ?? '';
}

const DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-*:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*$/;
const TABLE_ROW = /^[ \t]*\|/;

/** Hides or completes an incomplete last line that would show as something it is not yet. */
function healLines(text: string): string {
  const lines = text.split('\n');
  const n = lines.length;
  // lines[n - 1] is the incomplete line ('' when the text ends with a newline).
  const line = lines[n - 1]!;
  const prev = n >= 2 ? lines[n - 2]! : undefined;
  const before = n >= 3 ? lines[n - 3]! : undefined;
  const withoutLast = text.slice(0, text.length - line.length);
  const isDelimiter = (l: string | undefined) => l !== undefined && /-/.test(l) && DELIMITER_ROW.test(l);
  if (prev !== undefined && prev.includes('|') && !isDelimiter(before) && !(before ?? '').includes('|')) {
    // The row above is a table header: complete a delimiter row being typed, hide a missing one.
    if (line.trim() && /[-|]/.test(line) && DELIMITER_ROW.test(line)) {
      return withoutLast + '|' + ' --- |'.repeat(cells(prev));
    }
    if (!line && TABLE_ROW.test(prev)) return text.slice(0, text.length - prev.length - 1);
  }
  const drop =
    // A fence being opened (its info string still arriving), or one or two backticks or tildes.
    /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(?:`{3,}[^`]*|~{3,}.*|`{1,2}|~{1,2})$/.test(line) ||
    // A setext underline, a thematic break or a list marker with nothing after it yet; an empty heading.
    /^[ \t>]*([-=_*+])(?:[ \t]*\1)*[ \t]*$/.test(line) ||
    /^[ \t>]*\d{1,9}[.)]?[ \t]*$/.test(line) ||
    /^[ \t>]*#{1,6}[ \t]*$/.test(line) ||
    // The first row of what may become a table.
    (TABLE_ROW.test(line) && !(prev ?? '').includes('|'));
  return drop ? withoutLast : text;
}

/** The number of cells in a table row. */
function cells(row: string): number {
  const inner = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).length;
}

/** Closes or hides half-typed inline syntax in the last paragraph. */
function healInline(para: string): string {
  let text = para;
  // A half HTML tag, comment or autolink at the end.
  const lt = text.lastIndexOf('<');
  if (lt >= 0 && !text.includes('>', lt) && /^<(?:\/?[A-Za-z]|!|\?|$)/.test(text.slice(lt))) text = text.slice(0, lt);
  // A lone backslash would escape what comes next.
  if (/(?:^|[^\\])(?:\\\\)*\\$/.test(text)) text = text.slice(0, -1);
  text = healCode(text);
  if (text.endsWith('`')) return text;
  text = healLinks(text);
  return healEmphasis(text);
}

/** Closes an open code span (or hides a backtick run with nothing after it). */
function healCode(text: string): string {
  const runs = [...text.matchAll(/(?<!\\)`+/g)];
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!;
    const close = runs.findIndex((r, j) => j > i && r[0].length === open[0].length);
    if (close >= 0) {
      i = close;
      continue;
    }
    const end = open.index + open[0].length;
    if (end === text.length) return text.slice(0, open.index);
    return text + open[0];
  }
  return text;
}

/** Spans of code in `text`, as [start, end) pairs. */
function codeSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const runs = [...text.matchAll(/(?<!\\)`+/g)];
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!;
    const close = runs.findIndex((r, j) => j > i && r[0].length === open[0].length);
    if (close < 0) continue;
    spans.push([open.index, runs[close]!.index + runs[close]![0].length]);
    i = close;
  }
  return spans;
}

/** Shows a half link as its text, drops a half image, and hides brackets that are not closed yet. */
function healLinks(text: string): string {
  const spans = codeSpans(text);
  const inCode = (i: number) => spans.some(([a, b]) => i >= a && i < b);
  const open: number[] = [];
  // Where each closing bracket's opening bracket is.
  const closed = new Map<number, number>();
  let dest: { bracket: number; close: number; paren: number } | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inCode(i)) continue;
    if (dest) {
      if (c === ')') dest = null;
      continue;
    }
    if (c === '[') open.push(i);
    else if (c === ']' && open.length > 0) {
      const bracket = open.pop()!;
      closed.set(i, bracket);
      if (text[i + 1] === '(') {
        dest = { bracket, close: i, paren: i + 1 };
        i++;
      }
    }
  }
  if (dest) {
    const image = dest.bracket > 0 && text[dest.bracket - 1] === '!';
    const before = text.slice(0, image ? dest.bracket - 1 : dest.bracket);
    return image ? before : before + text.slice(dest.bracket + 1, dest.close);
  }
  // Unclosed brackets (and the `!` of an image) are hidden until they close; so is the label of a
  // reference being typed (`[text][ref`), and an image that may still get its destination.
  const cuts = new Set<number>();
  for (const at of open) {
    cuts.add(at);
    if (at > 0 && text[at - 1] === '!') cuts.add(at - 1);
    const label = text[at - 1] === ']' ? closed.get(at - 1) : undefined;
    if (label !== undefined) {
      if (label > 0 && text[label - 1] === '!') return text.slice(0, label - 1);
      cuts.add(label).add(at - 1);
      return removeAt(text.slice(0, at), cuts);
    }
  }
  const end = text.length - 1;
  const last = text[end] === ']' ? closed.get(end) : undefined;
  if (last !== undefined && last > 0 && text[last - 1] === '!') return text.slice(0, last - 1);
  return cuts.size > 0 ? removeAt(text, cuts) : text;
}

function removeAt(text: string, cuts: Set<number>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) if (!cuts.has(i)) out += text[i];
  return out;
}

const PUNCT = /[\p{P}\p{S}]/u;
const SPACE = /\s/u;

/** Closes emphasis, strong emphasis and strikethrough left open; hides a delimiter run at the very end. */
function healEmphasis(text: string): string {
  const spans = codeSpans(text);
  const stack: { char: string; len: number; at: number }[] = [];
  const re = /(?<!\\)(\*+|_+|~+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index;
    if (spans.some(([a, b]) => at >= a && at < b)) continue;
    const run = m[1]!;
    const char = run[0]!;
    const before = at === 0 ? '\n' : text[at - 1]!;
    const after = at + run.length >= text.length ? '\n' : text[at + run.length]!;
    // A list bullet or a thematic break is not emphasis.
    const lineStart = /(?:^|\n)[ \t>]*$/.test(text.slice(Math.max(0, at - 8), at)) || at === 0;
    if (lineStart && (after === ' ' || after === '\t' || /^[ \t]*(?:[*_-][ \t]*)*$/.test(text.slice(at).split('\n')[0]!))) continue;
    const leftFlanking = !SPACE.test(after) && (!PUNCT.test(after) || SPACE.test(before) || PUNCT.test(before));
    const rightFlanking = !SPACE.test(before) && (!PUNCT.test(before) || SPACE.test(after) || PUNCT.test(after));
    let canOpen = leftFlanking;
    let canClose = rightFlanking;
    if (char === '_') {
      canOpen = leftFlanking && (!rightFlanking || PUNCT.test(before));
      canClose = rightFlanking && (!leftFlanking || PUNCT.test(after));
    }
    let len = run.length;
    if (canClose) {
      for (let k = stack.length - 1; k >= 0 && len > 0; k--) {
        const opener = stack[k]!;
        if (opener.char !== char) continue;
        if (char === '~' && opener.len !== len) continue;
        const used = Math.min(opener.len, len);
        opener.len -= used;
        len -= used;
        stack.length = opener.len > 0 ? k + 1 : k;
      }
    }
    if (len > 0 && at + run.length === text.length) {
      // A run with nothing after it yet, or the start of a closer still being typed: hidden.
      text = text.slice(0, at + run.length - len);
      if (run.length === len) text = text.trimEnd();
      break;
    }
    if (len > 0 && canOpen) stack.push({ char, len, at: at + run.length - len });
  }
  if (stack.length === 0) return text;
  const trimmed = text.replace(/\s+$/, '');
  const closers = stack
    .reverse()
    .map((o) => o.char.repeat(o.len))
    .join('');
  return trimmed + closers + text.slice(trimmed.length);
}
