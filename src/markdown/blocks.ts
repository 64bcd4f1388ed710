import { Lexer, getDefaults } from 'marked';
import type { Links, MarkedOptions, Token, TokensList } from 'marked';
import { isClosedFence, richExtensions } from '../rich/index.js';
import type { MathMode, RichOptions } from '../rich/index.js';

/**
 * Fresh marked options (GitHub-flavoured, synchronous) with the code and math extensions that
 * `options` ask for: Lexer and Parser store their state on them.
 */
export const markedOptions = (options?: Partial<RichOptions>): MarkedOptions => ({ ...getDefaults(), extensions: richExtensions(options) });

/** A lexer that knows `links` as the reference definitions committed so far. */
function tailLexer(links: Links, options?: Partial<RichOptions>): Lexer {
  const lexer = new Lexer(markedOptions(options));
  // marked keeps the first definition of a label.
  Object.assign(lexer.tokens.links, links);
  return lexer;
}

/** Lexes `src` completely (blocks, then inline) with `links` as the known reference definitions; `options.math` picks the math delimiters. */
export function lex(src: string, links: Links, options?: Partial<RichOptions>): TokensList {
  return tailLexer(links, options).lex(src);
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
  /** Its folded source (see `fold`), when the block has a `[`: a later definition can change such a block. */
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
  /** Whether healing changed the rest before it was lexed. */
  healed: boolean;
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
  /** Which delimiters make math in the blocks' inline text (default `auto`); block boundaries do not depend on it. */
  math?: MathMode;
}

interface Group {
  source: string;
  tokens: Token[];
  /** Raw HTML in it leaves an element open: the group waits for what closes it. */
  open: boolean;
  /** Only blank lines so far (the tail after a finished code block starts so): they join the next block. */
  blank: boolean;
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
  /** The committed blocks, in order. */
  readonly blocks: Block[] = [];
  readonly #isClosed: (tokens: Token[]) => boolean;
  readonly #heal: (tail: string) => string;
  readonly #rich: Partial<RichOptions>;
  // Committed reference definitions (the first definition of a label wins, as in marked).
  #links = Object.create(null) as Links;
  #text = '';
  #committed = 0;
  #repairs = 0;
  // The reply as given (before newlines are normalised), and whether its last `\r` is held back.
  #raw = '';
  #cr = false;
  // Where the next step's `truncatedFrom` starts (-1: nothing dropped since the last step).
  #cut = -1;

  constructor({ isClosed = () => true, heal = (t) => t, math }: BlockSplitterOptions = {}) {
    this.#isClosed = isClosed;
    this.#heal = heal;
    this.#rich = { math };
  }

  /** The reply so far, newlines normalised. */
  get text(): string {
    return this.#text;
  }

  /** Offset where the tail begins. */
  get committed(): number {
    return this.#committed;
  }

  /** End-of-reply checks that found a wrong boundary and re-rendered the reply (0 when the rule was right). */
  get repairs(): number {
    return this.#repairs;
  }

  /**
   * Takes the whole reply so far. Returns false when `next` does not continue the previous text
   * (the splitter then starts over and the next step truncates from 0).
   */
  setText(next: string): boolean {
    const n = this.#raw.length;
    // Compares only the end of the previous text: comparing whole strings each frame would be quadratic.
    const continues = next.length >= n && next[0] === this.#raw[0] && next.slice(0, n).endsWith(this.#raw.slice(-256));
    if (!continues) {
      this.#raw = this.#text = '';
      this.#cr = false;
      this.#cut = 0;
      this.#clear();
    }
    let added = (this.#cr ? '\r' : '') + next.slice(this.#raw.length);
    this.#raw = next;
    // marked turns \r\n and \r into \n; a \r at the very end may be the first half of a \r\n.
    this.#cr = added.endsWith('\r');
    if (this.#cr) added = added.slice(0, -1);
    this.#text += added.replace(/\r\n?/g, '\n');
    return continues;
  }

  /**
   * Commits what is finished and lexes the rest. With `final`, the reply is complete: everything is
   * committed and checked against a block lex of the whole reply.
   */
  step(final: boolean): SplitStep {
    if (final && this.#cr) {
      this.#cr = false;
      this.#text += '\n';
    }
    const out: SplitStep = { truncatedFrom: this.#cut, added: [], relinked: [], tail: [], healed: false };
    this.#cut = -1;
    const tail = this.#text.slice(this.#committed);
    // The tail's block lex, which finds the boundary, is also the start of its full lex when nothing
    // is committed and healing changes nothing: then only its inline pass is left to do.
    const lexer = final ? null : tailLexer(this.#links, this.#rich);
    const top = lexer?.blockTokens(tail, lexer.tokens);
    const end = final ? tail.length : boundary(tail, top!);
    if (end) this.#commit(tail.slice(0, end), final, out);
    if (final) {
      // Compares the committed blocks with a block lex of the whole reply; on any difference
      // re-commits it all. The non-blank top-level tokens, in order: the same sources mean the same
      // block boundaries.
      const lexer = new Lexer(getDefaults());
      const sources = (tokens: Token[]) => tokens.flatMap((t) => (t.type === 'space' ? [] : [t.raw])).join('\0');
      const whole = lexer.blockTokens(this.#text, lexer.tokens);
      if (sources(whole) !== sources(this.blocks.flatMap((b) => b.tokens)) || JSON.stringify(lexer.tokens.links) !== JSON.stringify(this.#links)) {
        this.#repairs++;
        this.#clear();
        out.truncatedFrom = out.added.length = out.relinked.length = 0;
        this.#commit(this.#text, true, out);
      }
    }
    const rest = this.#text.slice(this.#committed);
    const healed = final ? rest : this.#heal(rest);
    out.healed = healed !== rest;
    if (lexer && !end && !out.healed) {
      for (const { src, tokens } of lexer.inlineQueue) {
        // As marked's own lex() does between the inline runs of its blocks.
        lexer.state.inRawBlock = false;
        lexer.inlineTokens(src, tokens);
      }
      lexer.inlineQueue = [];
      out.tail = lexer.tokens;
    } else {
      out.tail = lex(healed, this.#links, this.#rich);
    }
    return out;
  }

  #clear(): void {
    this.blocks.length = this.#committed = 0;
    this.#links = Object.create(null) as Links;
  }

  #commit(source: string, final: boolean, out: SplitStep): void {
    let tokens = lex(source, this.#links, this.#rich);
    let groups = this.#group(tokens, final);
    const used = groups.reduce((n, g) => n + g.source.length, 0);
    if (used < source.length) {
      // An open raw-HTML element holds the end back: lex again without it, so that its definitions
      // stay out of the committed map.
      if (!used) return;
      tokens = lex(source.slice(0, used), this.#links, this.#rich);
      groups = this.#group(tokens, true);
    }
    const fresh = Object.keys(tokens.links).filter((label) => !(label in this.#links));
    for (const label of fresh) this.#links[label] = tokens.links[label]!;
    for (const block of fresh.length ? this.blocks : []) {
      if (block.ref && fresh.some((label) => block.ref!.includes(fold(label)))) {
        block.tokens = lex(block.source, this.#links, this.#rich);
        out.relinked.push(block);
      }
    }
    for (const { source: blockSource, tokens: blockTokens } of groups) {
      // The folded source of a block with a `[`: a later definition can change such a block.
      const block: Block = {
        index: this.blocks.length,
        start: this.#committed,
        source: blockSource,
        tokens: blockTokens,
        ref: blockSource.includes('[') ? fold(blockSource) : null,
      };
      this.#committed += blockSource.length;
      this.blocks.push(block);
      out.added.push(block);
    }
  }

  /** Cuts lexed tokens into blocks: one per non-blank top-level token, raw HTML kept until closed. */
  #group(tokens: Token[], final: boolean): Group[] {
    const groups: Group[] = [];
    // Only a token with a `<` can hold raw HTML (marked's own HTML is always closed).
    const opens = (token: Token) => token.raw.includes('<') && !this.#isClosed([token]);
    for (const token of tokens) {
      const last = groups.at(-1);
      const blank = token.type === 'space';
      if (last && (blank || last.open || last.blank)) {
        last.source += token.raw;
        last.tokens.push(token);
        if (last.blank && !blank) {
          last.blank = false;
          last.open = opens(token);
        } else if (last.open && !blank) {
          last.open = !this.#isClosed(last.tokens);
        }
      } else {
        groups.push({ source: token.raw, tokens: [token], open: !blank && opens(token), blank });
      }
    }
    // Blank lines alone are no block: they wait for the block they come before.
    if (groups.at(-1)?.blank) groups.pop();
    const open = groups.findIndex((g) => g.open);
    if (!final && open >= 0) groups.length = open;
    return groups;
  }
}

/** The offset in `tail` up to which blocks are finished; `top` is its block lex. */
function boundary(tail: string, top: Token[]): number {
  const starts: number[] = [];
  let best = 0;
  let at = 0;
  // A fenced code block whose closing fence line is complete: nothing after it can change it, so it
  // is finished at once (a long block is then not drawn again with each frame of what follows it).
  let fence = -1;
  for (let j = 0; j < top.length; at += top[j++]!.raw.length) {
    starts.push(at);
    const token = top[j]!;
    if (j && token.type !== 'space') {
      const nl = tail.indexOf('\n', at);
      if (nl < 0 || tail.indexOf('\n', nl + 1) < 0) break;
      best = j;
    }
    if (token.type === 'code' && tail[at + token.raw.length] === '\n' && isClosedFence(token.raw)) fence = j;
  }
  for (let k = 0; k < best; k++) {
    if (/^ {0,3}\[/.test(top[k]!.raw) && mayGrowDefinition(tail.slice(starts[k]), top[k]!)) best = k;
  }
  // (The definitions that hold boundaries back are before it, or it is not reached.)
  if (fence >= 0 && fence === best) return starts[fence]! + top[fence]!.raw.length;
  return best && starts[best]!;
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

/**
 * marked's label normalisation, made coarser: white space, `>` (quote markers) and `\\` (escaped
 * pipes in table cells) are dropped, so that a label folded this way is found in the folded source of
 * every block that can use it (and sometimes of one that cannot, which costs only a re-lex).
 */
const fold = (text: string) => text.replace(/[\s>\\]+/g, '').toLowerCase().toUpperCase().toLowerCase();
