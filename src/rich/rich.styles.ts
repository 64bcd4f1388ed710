import { css } from 'lit';

// The look of highlighted code and of math. Token colours are custom properties with a light and a
// dark default (GitHub's Primer palette, each at least 4.5:1 on its background); each public
// `--chat-stream-code-…` is read once into a private `--_code-…` on :host, so a value set on any
// ancestor wins. Only class names are styled: the highlighter writes no inline style.

/** Styles for highlighted code (`.hljs-…`) and rendered math (`.math`, `.math-error`, temml's MathML). */
export const richStyles = css`
  :host {
    --_code-keyword: var(--chat-stream-code-keyword, light-dark(#cf222e, #ff7b72));
    --_code-string: var(--chat-stream-code-string, light-dark(#0a3069, #a5d6ff));
    --_code-comment: var(--chat-stream-code-comment, light-dark(#59636e, #9198a1));
    --_code-number: var(--chat-stream-code-number, light-dark(#0550ae, #79c0ff));
    --_code-function: var(--chat-stream-code-function, light-dark(#6639ba, #d2a8ff));
    --_code-title: var(--chat-stream-code-title, light-dark(#116329, #7ee787));
    --_code-type: var(--chat-stream-code-type, light-dark(#953800, #ffa657));
    --_code-attribute: var(--chat-stream-code-attribute, light-dark(#0550ae, #79c0ff));
    --_code-variable: var(--chat-stream-code-variable, light-dark(#953800, #ffa657));
    --_code-meta: var(--chat-stream-code-meta, light-dark(#0550ae, #79c0ff));
    --_code-addition: var(--chat-stream-code-addition, light-dark(#116329, #7ee787));
    --_code-deletion: var(--chat-stream-code-deletion, light-dark(#82071e, #ffa198));
    --_math-error: var(--chat-stream-math-error, light-dark(#82071e, #ffa198));
  }

  .hljs-keyword,
  .hljs-selector-tag,
  .hljs-doctag,
  .hljs-template-tag,
  .hljs-meta .hljs-keyword {
    color: var(--_code-keyword);
  }
  .hljs-string,
  .hljs-regexp,
  .hljs-char,
  .hljs-meta .hljs-string {
    color: var(--_code-string);
  }
  .hljs-comment,
  .hljs-quote {
    color: var(--_code-comment);
    font-style: italic;
  }
  .hljs-number,
  .hljs-literal,
  .hljs-symbol,
  .hljs-bullet {
    color: var(--_code-number);
  }
  .hljs-title,
  .hljs-section,
  .hljs-name {
    color: var(--_code-title);
  }
  .hljs-title.function_ {
    color: var(--_code-function);
  }
  .hljs-type,
  .hljs-built_in,
  .hljs-title.class_ {
    color: var(--_code-type);
  }
  .hljs-attr,
  .hljs-attribute,
  .hljs-property,
  .hljs-selector-id,
  .hljs-selector-class,
  .hljs-selector-attr,
  .hljs-selector-pseudo {
    color: var(--_code-attribute);
  }
  .hljs-variable,
  .hljs-template-variable,
  .hljs-params {
    color: var(--_code-variable);
  }
  .hljs-meta {
    color: var(--_code-meta);
  }
  .hljs-addition {
    color: var(--_code-addition);
  }
  .hljs-deletion {
    color: var(--_code-deletion);
  }
  .hljs-emphasis {
    font-style: italic;
  }
  .hljs-strong {
    font-weight: bold;
  }

  /* A display formula is a block of its own, scrolled sideways when wider than the reply. */
  .math-display {
    display: block;
    overflow-x: auto;
    overflow-y: hidden;
    margin-block: 0.5em;
  }
  .math-error {
    color: var(--_math-error);
    font-family: ui-monospace, monospace;
    font-size: 0.9em;
  }
  /* temml's column alignment in aligned environments (from its own stylesheet). */
  mtd.tml-right {
    text-align: right;
  }
  mtd.tml-left {
    text-align: left;
  }
`;
