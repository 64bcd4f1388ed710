/**
 * The mark that tells the sanitizer a `<math>` element is chat-stream's own: the math renderer
 * (src/rich/math.ts) puts it on the MathML that temml made from a formula's TeX, and the sanitizer
 * keeps MathML only where the mark is, then drops the attribute. Raw `<math>` that a reply writes as
 * HTML has no mark (the value is random per page and never shown), so it goes with its content, as
 * in every reply before math rendering existed: MathML is a favourite of mutation-XSS payloads.
 */
export const MATH_MARK_ATTRIBUTE = 'data-chat-stream-math';

/** The mark's value: random, chosen when the page loads. */
export const MATH_MARK = Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('');
