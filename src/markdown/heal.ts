// The indentation, quote markers and list markers that may start a line.
const PREFIX = '^[ \\t>]*(?:(?:[-*+]|\\d+[.)])[ \\t]+[ \\t>]*)*';
// Fence lines, also inside list items and quotes: the run and what follows it.
const FENCE = RegExp(PREFIX + '(`{3,}|~{3,})(.*)$');
// An incomplete last line that would show as something it is not yet: a fence being opened (its info
// string still arriving) or one or two backticks or tildes; a setext underline, a thematic break or a
// list marker with nothing after it yet; an empty heading.
const HIDDEN_LINE = RegExp(PREFIX + '(?:`{3,}[^`]*|~{3,}.*|[`~]{1,2})$|^[ \\t>]*(?:([-=_*+])(?:[ \\t]*\\1)*|\\d+[.)]?|#+)[ \\t]*$');
// 2 for white space (and the ends of the text), 1 for punctuation, 0 for anything else.
const kind = (c = '\n') => (/\s/.test(c) ? 2 : +/[\p{P}\p{S}]/u.test(c));

/**
 * Heals the unfinished tail of a streaming markdown reply for display: it hides or closes syntax that
 * is only half there, so that a reader never sees a raw `**`, half a link, half an HTML tag or a bare
 * fence marker. Pure; it looks at the tail's last block and is never applied to a finished reply.
 */
export function heal(tail: string): string {
  const lines = tail.split('\n');
  // The last line is incomplete: a fence opened on it is not open yet, and it cannot close one.
  const line = lines.pop()!;
  const head = tail.slice(0, tail.length - line.length);
  let fence = '';
  for (const l of lines) {
    const m = FENCE.exec(l);
    if (!m) continue;
    const run = m[1]!;
    if (!fence) fence = run[0] === '`' && m[2]!.includes('`') ? '' : run;
    else if (run[0] === fence[0] && run.length >= fence.length && !m[2]!.trim()) fence = '';
  }
  // Inside a code block nothing is markdown; hide only a closing fence that is still being typed.
  if (fence) return /^[ \t>]*(`+|~+)[ \t]*$/.exec(line)?.[1]![0] === fence[0] ? head : tail;
  const text = HIDDEN_LINE.test(line) ? head : tail;
  // Inline syntax lives in the last paragraph: the text after the last blank line.
  const from = /^[\s\S]*\n[ \t]*\n/.exec(text)?.[0].length ?? 0;
  return text.slice(0, from) + inline(text.slice(from));
}

/** Closes or hides half-typed inline syntax in the last paragraph. */
function inline(text: string): string {
  // A half HTML tag, comment or autolink at the end.
  const lt = text.lastIndexOf('<');
  if (lt >= 0 && !text.includes('>', lt) && /^<(\/?[A-Za-z]|[!?]|$)/.test(text.slice(lt))) text = text.slice(0, lt);
  // A lone backslash would escape what comes next.
  if (/(^|[^\\])(\\\\)*\\$/.test(text)) text = text.slice(0, -1);
  // Code spans: [start, end) of each; an open one is closed, or hidden when nothing follows it yet.
  const spans: number[][] = [];
  const runs = [...text.matchAll(/(?<!\\)`+/g)];
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!;
    const close = runs.findIndex((r, j) => j > i && r[0] === open[0]);
    if (close < 0) {
      if (open.index + open[0].length < text.length) return text + open[0];
      text = text.slice(0, open.index);
      break;
    }
    spans.push([open.index, runs[close]!.index + open[0].length]);
    i = close;
  }
  const inCode = (at: number) => spans.some(([a, b]) => at >= a! && at < b!);
  return emphasis(links(text, inCode), inCode);
}

/**
 * Shows a half link as its text, drops a half image (or one that may still get its destination), and
 * hides brackets that are not closed yet.
 */
function links(text: string, inCode: (at: number) => boolean): string {
  const open: number[] = [];
  // The `!` and `]` of the last complete `![alt]`.
  let img: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[' && !inCode(i)) open.push(i);
    else if (c === ']' && open.length && !inCode(i)) {
      const at = open.pop()!;
      const image = text[at - 1] === '!';
      const end = text[i + 1] === '(' ? text.indexOf(')', i) : i;
      // A destination still arriving: the link shows as its text, an image not at all.
      if (end < 0 || (image && i === text.length - 1)) return image ? text.slice(0, at - 1) : text.slice(0, at) + text.slice(at + 1, i);
      if (image) img = [at - 1, i];
      i = end;
    }
  }
  // An image reference whose label is being typed (`![alt][la`) is not shown yet.
  if (open.includes(img[1]! + 1)) return text.slice(0, img[0]);
  // Unclosed brackets (and the `!` of an image) are hidden until they close.
  return text.replace(/./gs, (c, i) => (open.some((at) => i === at || (i === at - 1 && c === '!')) ? '' : c));
}

/** Closes emphasis, strong emphasis and strikethrough left open; hides a delimiter run at the very end. */
function emphasis(text: string, inCode: (at: number) => boolean): string {
  // The runs still open, innermost last.
  const open: string[] = [];
  for (const { 0: run, index: at } of text.matchAll(/(?<!\\)(\*+|_+|~+)/g)) {
    const c = run[0]!;
    const end = at + run.length;
    const before = kind(text[at - 1]);
    const after = kind(text[end]);
    // A list bullet or a thematic break is not emphasis.
    if (inCode(at) || (/(^|\n)[ \t>]*$/.test(text.slice(0, at)) && /^[*_-]+([ \t]|[ \t*_-]*(\n|$))/.test(text.slice(at)))) continue;
    const left = after < 2 && (!after || before > 0);
    const right = before < 2 && (!before || after > 0);
    let len = run.length;
    if (right && (c !== '_' || !left || after == 1)) {
      for (let k = open.length; k-- && len; ) {
        const o = open[k]!;
        if (o[0] !== c || (c === '~' && o.length !== len)) continue;
        const used = Math.min(o.length, len);
        len -= used;
        open.length = k;
        if (o.length > used) open.push(o.slice(used));
      }
    }
    if (len && end === text.length) {
      // A run with nothing after it yet, or the start of a closer still being typed: hidden.
      text = text.slice(0, end - len);
      if (run.length === len) text = text.trimEnd();
      break;
    }
    if (len && left && (c !== '_' || !right || before == 1)) open.push(c.repeat(len));
  }
  const trimmed = text.trimEnd();
  return trimmed + open.reverse().join('') + text.slice(trimmed.length);
}
