import { Lexer, getDefaults } from 'marked';
import type { Links, MarkedOptions, Token, Tokens, TokensList } from 'marked';

/** The marked options every part of the pipeline shares: GitHub-flavoured, synchronous. */
export function markedOptions(): MarkedOptions {
  // A fresh object each time: Lexer and Parser store their tokenizer and renderer on it.
  return { ...getDefaults(), gfm: true, breaks: false, async: false };
}

/** Lexes `src` completely (blocks, then inline) with `links` as the known reference definitions. */
export function lex(src: string, links: Links): TokensList {
  const lexer = new Lexer(markedOptions());
  // marked stores definitions on the token list and keeps the first one of a label.
  Object.assign(lexer.tokens.links, links);
  return lexer.lex(src);
}

/** A run of top-level tokens that is finished: it renders the same whatever text follows. */
export interface Block {
  /** Position among the committed blocks, from 0. */
  readonly index: number;
  /** Offset of the block's source in the normalised reply. */
  readonly start: number;
  /** The block's markdown source (newlines normalised to `\n`). */
  readonly source: string;
  /** Its top-level tokens, lexed with every committed definition known so far. */
  tokens: Token[];
  /** Folded inline text, when the block has a `[`: a later definition can change such a block. */
  readonly refText: string | null;
  /** Whether it holds raw HTML (block or inline). */
  readonly hasHtml: boolean;
}

/** What a step of the splitter changed. */
export interface SplitStep {
  /** Committed blocks from this index on were dropped (a new reply, or a repair); `-1` when none. */
  truncatedFrom: number;
  /** Blocks committed by this step, in order. */
  added: Block[];
  /** Earlier blocks whose tokens changed because a definition they may use was committed. */
  relinked: Block[];
  /** The unfinished rest: its source and its (healed, when asked) tokens. */
  tail: { start: number; source: string; tokens: Token[] };
}

/** Options of a block splitter. */
export interface BlockSplitterOptions {
  /**
   * Says whether the HTML of `tokens`, parsed on its own, leaves the HTML parser as it found it
   * (no element left open, no raw-text state). Raw HTML that leaves an element open changes where the
   * following blocks land in the DOM, so such a block is kept with its followers until they close it.
   * Only asked about blocks that contain raw HTML; defaults to "always closed".
   */
  isClosed?: (tokens: Token[]) => boolean;
  /** Rewrites the unfinished tail before it is lexed for display (healing); identity by default. */
  heal?: (tail: string) => string;
}

const DEF_START = /^ {0,3}\[/;
// Endings that complete each part of a link reference definition that may still be open: the label,
// the colon, the destination (plain or `<…>`), and a title in each of its three quote styles. marked's
// titles may span lines (a double-quoted one even blank lines), so a definition can swallow
// text that already looked like the following paragraphs.
const DEF_PROBES = [
  '\n', 'a]: x\n', ' ]: x\n', ': x\n', ' x\n', 'x\n', '>\n', ' >\n',
  ' "\n', " '\n", ' )\n', '"\n', "'\n", ')\n', ' "x"\n', '\n"x"\n',
];

/**
 * Splits a growing markdown reply into finished blocks and a live tail, on marked's lexer.
 *
 * Each step lexes only the unfinished tail. A boundary between two top-level tokens is final when
 * the lexer has already started a later, non-blank token and the first two lines of that token are
 * complete: marked decides where a block ends from whole lines, and the longest look-ahead that can
 * undo a split (a GFM table interrupting a paragraph) is two lines. Link reference definitions look
 * further (their labels and titles may span lines), so a top-level token that may still become or
 * grow a definition holds every boundary after it back.
 */
export class BlockSplitter {
  /** Committed reference definitions (first definition of a label wins, as in marked). */
  readonly links: Links = Object.create(null) as Links;
  /** The committed blocks, in order. */
  readonly blocks: Block[] = [];
  /** The reply so far, newlines normalised. */
  text = '';
  /** Offset where the tail begins. */
  committed = 0;
  /** How many times the end-of-reply check found a wrong boundary and re-rendered (0 when correct). */
  repairs = 0;

  private raw = '';
  private pendingCR = false;
  private readonly isClosed: (tokens: Token[]) => boolean;
  private readonly heal: (tail: string) => string;

  constructor(options: BlockSplitterOptions = {}) {
    this.isClosed = options.isClosed ?? (() => true);
    this.heal = options.heal ?? ((tail) => tail);
  }

  /**
   * Takes the whole reply so far. Returns false when `text` does not continue the previous text
   * (the splitter then starts over and the next step truncates from 0).
   */
  setText(text: string): boolean {
    const prev = this.raw;
    // Cheap continuation check: comparing whole strings on every token would be quadratic.
    const tailLen = Math.min(prev.length, 256);
    const continues =
      text.length >= prev.length &&
      (tailLen === 0 || text.slice(prev.length - tailLen, prev.length) === prev.slice(prev.length - tailLen)) &&
      text.charCodeAt(0) === prev.charCodeAt(0);
    if (!continues) this.reset();
    let added = text.slice(this.raw.length);
    this.raw = text;
    if (!added) return continues;
    // marked turns \r\n and \r into \n; a \r at the very end may be the first half of a \r\n.
    if (this.pendingCR) added = '\r' + added;
    this.pendingCR = added.endsWith('\r');
    if (this.pendingCR) added = added.slice(0, -1);
    this.text += added.replace(/\r\n?/g, '\n');
    return continues;
  }

  /** Forgets everything. */
  reset(): void {
    this.raw = '';
    this.text = '';
    this.pendingCR = false;
    this.committed = 0;
    this.blocks.length = 0;
    this.truncated = 0;
    for (const key of Object.keys(this.links)) delete this.links[key];
  }

  private truncated = -1;

  /**
   * Commits what is finished and lexes the rest. With `final`, the reply is complete: everything is
   * committed and checked against a lex of the whole reply.
   */
  step(final: boolean): SplitStep {
    if (final && this.pendingCR) {
      this.pendingCR = false;
      this.text += '\n';
    }
    const out: SplitStep = {
      truncatedFrom: this.truncated,
      added: [],
      relinked: [],
      tail: { start: 0, source: '', tokens: [] },
    };
    this.truncated = -1;
    const tail = this.text.slice(this.committed);
    const end = final ? tail.length : this.boundary(tail);
    if (end > 0) this.commit(tail.slice(0, end), final, out);
    if (final) this.verify(out);
    const rest = this.text.slice(this.committed);
    out.tail = { start: this.committed, source: rest, tokens: [] };
    if (rest) {
      const healed = final ? rest : this.heal(rest);
      out.tail.tokens = healed ? lex(healed, this.links) : [];
    }
    return out;
  }

  /** The offset in `tail` up to which blocks are finished. */
  private boundary(tail: string): number {
    if (!tail.includes('\n')) return 0;
    const lexer = new Lexer(markedOptions());
    const top = lexer.blockTokens(tail, []);
    let best = 0;
    let offset = 0;
    const starts: number[] = [];
    for (let j = 0; j < top.length; j++) {
      starts.push(offset);
      if (j > 0 && top[j]!.type !== 'space') {
        const nl = tail.indexOf('\n', offset);
        if (nl < 0 || tail.indexOf('\n', nl + 1) < 0) break;
        best = j;
      }
      offset += top[j]!.raw.length;
    }
    for (let k = 0; k < best; k++) {
      if (DEF_START.test(top[k]!.raw) && mayGrowDefinition(tail, starts[k]!, top[k]!)) {
        best = k;
        break;
      }
    }
    return best > 0 ? starts[best]! : 0;
  }

  private commit(source: string, final: boolean, out: SplitStep): void {
    let links: Links = Object.assign(Object.create(null) as Links, this.links);
    let tokens = lex(source, links);
    let groups = this.group(tokens, final);
    let used = groups.reduce((n, g) => n + g.source.length, 0);
    if (used < source.length) {
      // An open raw-HTML element holds the end back: lex again without the text not committed, so that
      // its definitions stay out of the committed map.
      if (used === 0) return;
      source = source.slice(0, used);
      links = Object.assign(Object.create(null) as Links, this.links);
      tokens = lex(source, links);
      groups = this.group(tokens, true);
    }
    const fresh: string[] = [];
    for (const label of Object.keys(tokens.links)) {
      if (!(label in this.links)) {
        this.links[label] = tokens.links[label]!;
        fresh.push(label);
      }
    }
    if (fresh.length > 0) {
      for (const block of this.blocks) {
        if (block.refText !== null && fresh.some((label) => block.refText!.includes(label))) {
          block.tokens = lex(block.source, this.links).slice();
          out.relinked.push(block);
        }
      }
    }
    let start = this.committed;
    for (const group of groups) {
      const block: Block = {
        index: this.blocks.length,
        start,
        source: group.source,
        tokens: group.tokens,
        refText: group.source.includes('[') ? fold(inlineSources(group.tokens).join('\n')) : null,
        hasHtml: group.hasHtml,
      };
      start += group.source.length;
      this.blocks.push(block);
      out.added.push(block);
    }
    this.committed = start;
  }

  /** Cuts lexed tokens into blocks: one per non-blank top-level token, raw HTML kept until closed. */
  private group(tokens: Token[], final: boolean): { source: string; tokens: Token[]; hasHtml: boolean }[] {
    const groups: { source: string; tokens: Token[]; hasHtml: boolean; open: boolean }[] = [];
    for (const token of tokens) {
      const last = groups.at(-1);
      if (last && (token.type === 'space' || last.open)) {
        last.source += token.raw;
        last.tokens.push(token);
        if (last.open && token.type !== 'space' && containsHtml(token)) last.hasHtml = true;
        if (last.open && token.type !== 'space') last.open = !this.isClosed(last.tokens);
        continue;
      }
      const hasHtml = token.type !== 'space' && containsHtml(token);
      groups.push({
        source: token.raw,
        tokens: [token],
        hasHtml,
        open: hasHtml && !this.isClosed([token]),
      });
    }
    if (!final) {
      const open = groups.findIndex((g) => g.open);
      if (open >= 0) groups.length = open;
    }
    return groups;
  }

  /** Compares the committed blocks with a lex of the whole reply; re-commits from the first mismatch. */
  private verify(out: SplitStep): void {
    const whole = new Lexer(markedOptions());
    const top = whole.blockTokens(this.text, whole.tokens);
    const expected = new Set<number>();
    let offset = 0;
    for (const token of top) {
      if (token.type !== 'space') expected.add(offset);
      offset += token.raw.length;
    }
    const sameLinks = sameDefinitions(whole.tokens.links, this.links);
    let bad = sameLinks ? -1 : 0;
    if (bad < 0) {
      const actual = new Set<number>();
      for (const block of this.blocks) {
        let at = block.start;
        for (const token of block.tokens) {
          if (token.type !== 'space') {
            actual.add(at);
            if (!expected.has(at)) {
              bad = block.index;
              break;
            }
          }
          at += token.raw.length;
        }
        if (bad >= 0) break;
      }
      if (bad < 0 && actual.size !== expected.size) bad = this.blocks.findIndex((b) => !expected.has(b.start));
      if (bad < 0 && actual.size !== expected.size) bad = 0;
    }
    if (bad < 0) return;
    this.repairs++;
    // Re-render from the first wrong block; if that still disagrees, from the start.
    const from = sameLinks ? bad : 0;
    this.truncateTo(from, out);
    const tail = this.text.slice(this.committed);
    if (tail) this.commit(tail, true, out);
  }

  private truncateTo(index: number, out: SplitStep): void {
    const block = this.blocks[index];
    if (!block) return;
    this.committed = block.start;
    this.blocks.length = index;
    out.truncatedFrom = out.truncatedFrom < 0 ? index : Math.min(out.truncatedFrom, index);
    out.added = out.added.filter((b) => b.index < index);
    out.relinked = out.relinked.filter((b) => b.index < index);
    if (index === 0) for (const key of Object.keys(this.links)) delete this.links[key];
    else {
      // Definitions are re-derived from the kept blocks.
      for (const key of Object.keys(this.links)) delete this.links[key];
      for (const kept of this.blocks) collectDefinitions(kept.tokens, this.links);
    }
  }
}

/** Whether text appended to `tail` could make the definition-like token at `start` longer. */
function mayGrowDefinition(tail: string, start: number, token: Token): boolean {
  const rule = Lexer.rules.block.gfm.def;
  const from = tail.slice(start);
  const current = token.type === 'def' ? token.raw.replace(/\n+$/, '').length : -1;
  for (const probe of DEF_PROBES) {
    const match = rule.exec(from + probe);
    if (match && match[0].replace(/\n+$/, '').length > current) {
      // A match that ends inside the known text is what the lexer sees already.
      if (match[0].replace(/\n+$/, '').length > from.length || current >= 0) return true;
    }
  }
  return false;
}

/** Whether a token holds raw HTML, as a block or inline. */
export function containsHtml(token: Token): boolean {
  if (!token.raw.includes('<')) return false;
  let found = false;
  walk([token], (t) => {
    if (t.type === 'html') found = true;
  });
  return found;
}

/** Calls `visit` for every token, depth first. */
export function walk(tokens: readonly Token[], visit: (token: Token) => void): void {
  for (const token of tokens) {
    visit(token);
    switch (token.type) {
      case 'list':
        for (const item of (token as Tokens.List).items) walk([item], visit);
        break;
      case 'table': {
        const table = token as Tokens.Table;
        for (const cell of table.header) walk(cell.tokens, visit);
        for (const row of table.rows) for (const cell of row) walk(cell.tokens, visit);
        break;
      }
      default:
        if ('tokens' in token && Array.isArray(token.tokens)) walk(token.tokens, visit);
    }
  }
}

/** The strings marked lexes as inline text: where references to definitions can appear. */
function inlineSources(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  walk(tokens, (t) => {
    if (t.type === 'paragraph' || t.type === 'heading' || t.type === 'text') out.push((t as Tokens.Text).text);
    else if (t.type === 'table') {
      const table = t as Tokens.Table;
      for (const cell of table.header) out.push(cell.text);
      for (const row of table.rows) for (const cell of row) out.push(cell.text);
    }
  });
  return out;
}

/** marked's label normalisation (trim aside), applied to running text: a label found in it stays found. */
function fold(text: string): string {
  return text.replace(/\s+/g, ' ').toLowerCase().toUpperCase().toLowerCase();
}

function collectDefinitions(tokens: readonly Token[], links: Links): void {
  walk(tokens, (t) => {
    if (t.type === 'def') {
      const def = t as Tokens.Def;
      if (!(def.tag in links)) links[def.tag] = { href: def.href, title: def.title };
    }
  });
}

function sameDefinitions(a: Links, b: Links): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && b[k]!.href === a[k]!.href && b[k]!.title === a[k]!.title);
}
