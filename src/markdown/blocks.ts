import { Lexer, getDefaults } from 'marked';
import type { Links, MarkedOptions, Token, TokensList } from 'marked';

/** Fresh marked options (GitHub-flavoured, synchronous): Lexer and Parser store their state on them. */
export const markedOptions = (): MarkedOptions => getDefaults();

/** Lexes `src` completely (blocks, then inline) with `links` as the known reference definitions. */
export function lex(src: string, links: Links): TokensList {
  const lexer = new Lexer(getDefaults());
  // marked keeps the first definition of a label.
  Object.assign(lexer.tokens.links, links);
  return lexer.lex(src);
}

/** A run of top-level tokens that is finished: it renders the same whatever text follows. */
export interface Block {
  /** Position among the committed blocks, from 0. */
  index: number;
  /** Offset of the block's source in the normalised reply. */
  start: number;
  /** The block's markdown source (newlines normalised to `\n`). */
  source: string;
  /** Its top-level tokens, lexed with every committed definition known so far. */
  tokens: Token[];
  /** Folded inline text, when the block has a `[`: a later definition can change such a block. */
  ref: string | null;
}

/** What a step of the splitter changed. */
export interface SplitStep {
  /** Committed blocks from this index on were dropped (a new reply, or a repair); `-1` when none. */
  truncatedFrom: number;
  /** Blocks committed by this step, in order. */
  added: Block[];
  /** Earlier blocks whose tokens changed because a definition they may use was committed. */
  relinked: Block[];
  /** The tokens of the unfinished rest (healed, unless the reply is final). */
  tail: Token[];
}

/** Options of a block splitter. */
export interface BlockSplitterOptions {
  /**
   * Says whether the HTML of `tokens`, parsed on its own, leaves the HTML parser as it found it.
   * Raw HTML that leaves an element open changes where the following blocks land in the DOM, so such a
   * block is kept with its followers until they close it. Asked only about blocks with raw HTML.
   */
  isClosed?: (tokens: Token[]) => boolean;
  /** Rewrites the unfinished tail before it is lexed for display (healing). */
  heal?: (tail: string) => string;
}

interface Group {
  source: string;
  tokens: Token[];
  open: boolean;
}

// Endings that complete each part of a link reference definition that may still be open: the label,
// the colon, the destination (plain or `<…>`), and a title in each of its three quote styles. marked's
// titles may span lines (a double-quoted one even blank lines), so a definition can swallow text that
// already looked like the following paragraphs.
const DEF_PROBES = `,a]: x, ]: x,: x, x,x,>, >, ", ', ), ",',), "x",\n"x"`.split(',');

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
  /** Committed reference definitions (the first definition of a label wins, as in marked). */
  links: Links = Object.create(null) as Links;
  /** The committed blocks, in order. */
  readonly blocks: Block[] = [];
  /** The reply so far, newlines normalised. */
  text = '';
  /** Offset where the tail begins. */
  committed = 0;
  /** End-of-reply checks that found a wrong boundary and re-rendered the reply (0 when the rule was right). */
  repairs = 0;

  #raw = '';
  #cr = false;
  #cut = -1;
  #closed: (tokens: Token[]) => boolean;
  #heal: (tail: string) => string;

  constructor({ isClosed = () => true, heal = (t) => t }: BlockSplitterOptions = {}) {
    this.#closed = isClosed;
    this.#heal = heal;
  }

  /**
   * Takes the whole reply so far. Returns false when `text` does not continue the previous text
   * (the splitter then starts over and the next step truncates from 0).
   */
  setText(text: string): boolean {
    const prev = this.#raw;
    const n = prev.length;
    // Compares only the end of the previous text: comparing whole strings each frame would be quadratic.
    const continues = text.length >= n && text[0] === prev[0] && text.slice(n - 256 > 0 ? n - 256 : 0, n) === prev.slice(-256);
    if (!continues) this.reset();
    let added = (this.#cr ? '\r' : '') + text.slice(this.#raw.length);
    this.#raw = text;
    // marked turns \r\n and \r into \n; a \r at the very end may be the first half of a \r\n.
    this.#cr = added.endsWith('\r');
    if (this.#cr) added = added.slice(0, -1);
    this.text += added.replace(/\r\n?/g, '\n');
    return continues;
  }

  /** Forgets everything. */
  reset(): void {
    this.#raw = this.text = '';
    this.#cr = false;
    this.committed = this.blocks.length = this.#cut = 0;
    this.links = Object.create(null) as Links;
  }

  /**
   * Commits what is finished and lexes the rest. With `final`, the reply is complete: everything is
   * committed and checked against a block lex of the whole reply.
   */
  step(final: boolean): SplitStep {
    if (final && this.#cr) {
      this.#cr = false;
      this.text += '\n';
    }
    const out: SplitStep = { truncatedFrom: this.#cut, added: [], relinked: [], tail: [] };
    this.#cut = -1;
    const tail = this.text.slice(this.committed);
    const end = final ? tail.length : this.#boundary(tail);
    if (end) this.#commit(tail.slice(0, end), final, out);
    if (final) this.#verify(out);
    const rest = this.text.slice(this.committed);
    const shown = final ? rest : this.#heal(rest);
    if (shown) out.tail = lex(shown, this.links);
    return out;
  }

  /** The offset in `tail` up to which blocks are finished. */
  #boundary(tail: string): number {
    if (!tail.includes('\n')) return 0;
    const top = new Lexer(getDefaults()).blockTokens(tail, []);
    const starts: number[] = [];
    let best = 0;
    let at = 0;
    for (let j = 0; j < top.length; at += top[j++]!.raw.length) {
      starts.push(at);
      if (j && top[j]!.type !== 'space') {
        const nl = tail.indexOf('\n', at);
        if (nl < 0 || tail.indexOf('\n', nl + 1) < 0) break;
        best = j;
      }
    }
    for (let k = 0; k < best; k++) {
      if (/^ {0,3}\[/.test(top[k]!.raw) && mayGrowDefinition(tail.slice(starts[k]), top[k]!)) best = k;
    }
    return best && starts[best]!;
  }

  #commit(source: string, final: boolean, out: SplitStep): void {
    let tokens = lex(source, this.links);
    let groups = this.#group(tokens, final);
    const used = groups.reduce((n, g) => n + g.source.length, 0);
    if (used < source.length) {
      // An open raw-HTML element holds the end back: lex again without it, so that its definitions
      // stay out of the committed map.
      if (!used) return;
      tokens = lex(source.slice(0, used), this.links);
      groups = this.#group(tokens, true);
    }
    const fresh = Object.keys(tokens.links).filter((label) => !(label in this.links));
    for (const label of fresh) this.links[label] = tokens.links[label]!;
    for (const block of fresh.length ? this.blocks : []) {
      if (block.ref && fresh.some((label) => block.ref!.includes(label))) {
        block.tokens = lex(block.source, this.links);
        out.relinked.push(block);
      }
    }
    for (const { source, tokens } of groups) {
      const block: Block = { index: this.blocks.length, start: this.committed, source, tokens, ref: null };
      if (source.includes('[')) {
        const text: string[] = [];
        // Cells have no type; paragraphs, headings, text and cells hold the inline text.
        walk(tokens, (t) => /^(paragraph|heading|text|)$/.test(t.type ?? '') && text.push(t.text!));
        block.ref = fold(text.join('\n'));
      }
      this.committed += source.length;
      this.blocks.push(block);
      out.added.push(block);
    }
  }

  /** Cuts lexed tokens into blocks: one per non-blank top-level token, raw HTML kept until closed. */
  #group(tokens: Token[], final: boolean): Group[] {
    const groups: Group[] = [];
    for (const token of tokens) {
      const last = groups.at(-1);
      const blank = token.type === 'space';
      if (last && (blank || last.open)) {
        last.source += token.raw;
        last.tokens.push(token);
        if (last.open && !blank) last.open = !this.#closed(last.tokens);
      } else {
        let html = false;
        if (!blank && token.raw.includes('<')) walk([token], (t) => (html ||= t.type === 'html'));
        groups.push({ source: token.raw, tokens: [token], open: html && !this.#closed([token]) });
      }
    }
    const open = groups.findIndex((g) => g.open);
    if (!final && open >= 0) groups.length = open;
    return groups;
  }

  /** Compares the committed blocks with a block lex of the whole reply; on any difference re-commits it all. */
  #verify(out: SplitStep): void {
    const lexer = new Lexer(getDefaults());
    // The non-blank top-level tokens, in order: the same sources mean the same block boundaries.
    const sources = (tokens: Token[]) => tokens.flatMap((t) => (t.type === 'space' ? [] : [t.raw])).join('\0');
    const whole = sources(lexer.blockTokens(this.text, lexer.tokens));
    if (whole === sources(this.blocks.flatMap((b) => b.tokens)) && JSON.stringify(lexer.tokens.links) === JSON.stringify(this.links)) return;
    this.repairs++;
    this.blocks.length = this.committed = 0;
    this.links = Object.create(null) as Links;
    Object.assign(out, { truncatedFrom: 0, added: [], relinked: [] });
    this.#commit(this.text, true, out);
  }
}

/** Whether text appended to `from` could make the definition-like token at its start longer. */
function mayGrowDefinition(from: string, token: Token): boolean {
  const length = (s: string) => s.replace(/\n+$/, '').length;
  const current = token.type === 'def' ? length(token.raw) : -1;
  return DEF_PROBES.some((probe) => {
    const match = Lexer.rules.block.gfm.def.exec(from + probe + '\n');
    const grown = match ? length(match[0]) : -1;
    // A match that ends inside the known text is what the lexer sees already.
    return grown > current && (grown > from.length || current >= 0);
  });
}

type AnyToken = { type?: string; text?: string; tokens?: AnyToken[]; items?: AnyToken[]; header?: unknown; rows?: AnyToken[][] };

/** Calls `visit` for every token (and table cell), depth first. */
function walk(tokens: readonly unknown[], visit: (token: AnyToken) => unknown): void {
  for (const t of tokens as AnyToken[]) {
    visit(t);
    walk(t.tokens ?? t.items ?? (t.rows ? [...(t.header as AnyToken[]), ...t.rows.flat()] : []), visit);
  }
}

/** marked's label normalisation (trim aside), applied to running text: a label found in it stays found. */
const fold = (text: string) => text.replace(/\s+/g, ' ').toLowerCase().toUpperCase().toLowerCase();
