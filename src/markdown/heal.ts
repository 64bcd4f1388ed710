// Fence lines, also inside list items and quotes: the run and what follows it.
const FENCE = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*(`{3,}|~{3,})(.*)$/;
// An incomplete last line that would show as something it is not yet: a fence being opened (its info
// string still arriving) or one or two backticks or tildes; a setext underline, a thematic break or a
// list marker with nothing after it yet; an empty heading.
const HIDDEN_LINE = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(?:`{3,}[^`]*|~{3,}.*|`{1,2}|~{1,2})$|^[ \t>]*(?:([-=_*+])(?:[ \t]*\1)*|\d{1,9}[.)]?|#{1,6})[ \t]*$/;
const DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-*:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*$/;
const PUNCT = /[\p{P}\p{S}]/u;
const SPACE = /\s/;

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
  const prev = lines.at(-1);
  if (prev?.includes('|') && !lines.at(-2)?.includes('|')) {
    // The row above is a table header: complete a delimiter row being typed, hide a missing one.
    if (/[-|]/.test(line) && DELIMITER_ROW.test(line)) {
      return head + '|' + ' --- |'.repeat(prev.trim().replace(/^\||(?<!\\)\|$/g, '').split(/(?<!\\)\|/).length);
    }
    if (!line && /^[ \t]*\|/.test(prev)) return head.slice(0, -prev.length - 1);
  }
  // The first row of what may become a table is hidden too.
  const text = HIDDEN_LINE.test(line) || (/^[ \t]*\|/.test(line) && !prev?.includes('|')) ? head : tail;
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

/** Shows a half link as its text, drops a half image, and hides brackets that are not closed yet. */
function links(text: string, inCode: (at: number) => boolean): string {
  const open: number[] = [];
  // The opening bracket of the `]` at each index.
  const pair: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[' && !inCode(i)) open.push(i);
    else if (c === ']' && open.length && !inCode(i)) {
      const at = (pair[i] = open.pop()!);
      const end = text[i + 1] === '(' ? text.indexOf(')', i) : i;
      // A destination still arriving: the link shows as its text, an image not at all.
      if (end < 0) return text[at - 1] === '!' ? text.slice(0, at - 1) : text.slice(0, at) + text.slice(at + 1, i);
      i = end;
    }
  }
  // Unclosed brackets (and the `!` of an image) are hidden until they close; so is the label of a
  // reference being typed (`[text][ref`), and an image that may still get its destination.
  const cuts = new Set<number>();
  for (const at of open) {
    cuts.add(at).add(text[at - 1] === '!' ? at - 1 : at);
    const label = pair[at - 1];
    if (label !== undefined) {
      if (text[label - 1] === '!') return text.slice(0, label - 1);
      text = text.slice(0, at);
      cuts.add(label).add(at - 1);
      break;
    }
  }
  const last = pair[text.length - 1]!;
  return text[last - 1] === '!' ? text.slice(0, last - 1) : text.split('').filter((_, i) => !cuts.has(i)).join('');
}

/** Closes emphasis, strong emphasis and strikethrough left open; hides a delimiter run at the very end. */
function emphasis(text: string, inCode: (at: number) => boolean): string {
  // The runs still open, innermost last.
  const open: string[] = [];
  for (const { 0: run, index: at } of text.matchAll(/(?<!\\)(\*+|_+|~+)/g)) {
    const c = run[0]!;
    const end = at + run.length;
    const before = text[at - 1] ?? '\n';
    const after = text[end] ?? '\n';
    // A list bullet or a thematic break is not emphasis.
    if (inCode(at) || (/^[ \t>]*$/.test(text.slice(text.lastIndexOf('\n', at - 1) + 1, at)) && /^[*_-]+([ \t]|[ \t*_-]*(\n|$))/.test(text.slice(at)))) continue;
    const left = !SPACE.test(after) && (!PUNCT.test(after) || SPACE.test(before) || PUNCT.test(before));
    const right = !SPACE.test(before) && (!PUNCT.test(before) || SPACE.test(after) || PUNCT.test(after));
    let len = run.length;
    if (right && (c !== '_' || !left || PUNCT.test(after))) {
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
    if (len && left && (c !== '_' || !right || PUNCT.test(before))) open.push(c.repeat(len));
  }
  const trimmed = text.trimEnd();
  return trimmed + open.reverse().join('') + text.slice(trimmed.length);
}
