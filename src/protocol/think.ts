/**
 * Splits a `<think>…</think>` section at the start of a reply's text into reasoning, as DeepSeek R1,
 * QwQ and other reasoning models served without a reasoning field send it. The text arrives in
 * pieces that may cut a tag anywhere (`<th` + `ink>`), so the splitter holds back only what could
 * still be part of a tag: at the start, leading whitespace and a prefix of `<think>`; inside, a
 * prefix of `</think>` at the end of the piece. Text that does not open with `<think>` (after
 * optional whitespace) passes through at once and untouched. Whitespace right after either tag is
 * dropped: it is the models' line break, not content. Pure, one instance per reply.
 */
import type { ReplyPart } from './parts.js';

const CLOSE = '</think>';
/** What the start of a reply may be while it can still open with `<think>`. */
const MAYBE_OPEN = /^\s*(<(t(h(i(n(k(>)?)?)?)?)?)?)?$/;
const OPENS = /^\s*<think>/;
const LEADING_SPACE = /^\s+/;

type Phase = 'start' | 'reasoning' | 'after-reasoning' | 'text';

export class ThinkSplitter {
  #phase: Phase = 'start';
  /** Text held back: the start of the reply (`start`), or a possible `</think>` prefix (`reasoning`). */
  #held = '';
  /** Whether whitespace is still dropped (right after a tag). */
  #trim = false;

  /** One piece of reply text: the parts it gives now. */
  push(piece: string): ReplyPart[] {
    if (piece === '') return [];
    if (this.#phase === 'text') return [{ type: 'text', text: piece }];
    const parts: ReplyPart[] = [];
    let rest = this.#held + piece;
    this.#held = '';
    if (this.#phase === 'start') {
      const opens = OPENS.exec(rest);
      if (!opens) {
        if (MAYBE_OPEN.test(rest)) {
          this.#held = rest;
          return parts;
        }
        this.#phase = 'text';
        return [{ type: 'text', text: rest }];
      }
      rest = rest.slice(opens[0].length);
      this.#phase = 'reasoning';
      this.#trim = true;
    }
    if (this.#phase === 'reasoning') {
      rest = this.#trimmed(rest);
      const end = rest.indexOf(CLOSE);
      if (end < 0) {
        const keep = partialSuffix(rest, CLOSE);
        this.#held = rest.slice(rest.length - keep);
        pushPart(parts, 'reasoning', rest.slice(0, rest.length - keep));
        return parts;
      }
      pushPart(parts, 'reasoning', rest.slice(0, end));
      rest = rest.slice(end + CLOSE.length);
      this.#phase = 'after-reasoning';
      this.#trim = true;
    }
    rest = this.#trimmed(rest);
    if (rest !== '') this.#phase = 'text';
    pushPart(parts, 'text', rest);
    return parts;
  }

  /** The text has ended: what was held back, as what it turned out to be. */
  flush(): ReplyPart[] {
    const held = this.#held;
    this.#held = '';
    const parts: ReplyPart[] = [];
    // A start that never became `<think>` (`<thi`, or only whitespace) is text; a `</thi` is reasoning.
    pushPart(parts, this.#phase === 'reasoning' ? 'reasoning' : 'text', held);
    if (this.#phase === 'start' && held !== '') this.#phase = 'text';
    return parts;
  }

  /** Drops leading whitespace while right after a tag. */
  #trimmed(text: string): string {
    if (!this.#trim) return text;
    const trimmed = text.replace(LEADING_SPACE, '');
    if (trimmed !== '') this.#trim = false;
    return trimmed;
  }
}

function pushPart(parts: ReplyPart[], type: 'text' | 'reasoning', text: string): void {
  if (text !== '') parts.push({ type, text });
}

/** The length of the longest proper prefix of `tag` that `text` ends with. */
function partialSuffix(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}
