// Realistic mixed markdown of a given size, and its split into ~4-character tokens.
// The replies are the demo's mock-model answers (headings, nested and loose lists, tables, fenced
// code, links, quotes, CJK, RTL), concatenated in a fixed order until the size is reached; or their
// fenced code blocks alone (BENCH_CORPUS=code).
import { replies } from '../demo/mock/replies.js';

/**
 * A reply of about `kb` kilobytes (UTF-16 code units / 1024), cut at a block boundary. `kind` is
 * `mixed` (the replies as they are) or `code` (a reply full of fenced code: every fenced block of
 * the replies, in its language, each after one sentence, so most of the text is highlighted code).
 */
export function corpus(kb, kind = 'mixed') {
  const replyTexts = replies.map((r) => (typeof r === 'string' ? r : r.text ?? r.reply ?? r.markdown ?? '')).filter(Boolean);
  if (replyTexts.length === 0) throw new Error('no replies found in demo/mock/replies.js');
  const parts =
    kind === 'code'
      ? replyTexts.flatMap((r) => r.match(/^```[^\n]*\n[\s\S]*?\n```$/gm) ?? []).map((block, i) => `Step ${i + 1}: the code for this part.\n\n${block}`)
      : replyTexts;
  const separator = kind === 'code' ? '\n\n' : '\n\n---\n\n';
  let out = '';
  for (let i = 0; out.length < kb * 1024; i++) out += parts[i % parts.length].trimEnd() + separator;
  return out.slice(0, kb * 1024).replace(/\n[^\n]*$/, '\n');
}

/** Tokens of about 4 characters, never splitting a code point (model tokens are whole characters). */
export function tokenize(text) {
  const tokens = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i += 4) tokens.push(chars.slice(i, i + 4).join(''));
  return tokens;
}
