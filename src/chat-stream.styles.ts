import { css } from 'lit';

// Public --chat-stream-* properties are read once into private --_* ones on .root, with the
// attribute-driven value (set by the element through CSSOM) as the fallback. The public names are
// never declared here, so a value set on any ancestor wins.
export const styles = css`
  :host {
    display: block;
    height: 480px;
    color-scheme: light dark;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  .root {
    --_accent: var(--chat-stream-accent, var(--_accent-attr, #2563eb));
    /* Links are text: the default blue reads at 3.4:1 on the dark background, under WCAG's 4.5:1. */
    --_link: var(--chat-stream-accent, var(--_accent-attr, light-dark(#2563eb, #8ab4f8)));
    --_bg: var(--chat-stream-background, light-dark(#fff, #17181c));
    --_fg: var(--chat-stream-foreground, light-dark(#1b1c1f, #e8e9ec));
    --_muted: var(--chat-stream-muted, light-dark(#5d6169, #a3a7b0));
    --_border: var(--chat-stream-border, light-dark(#e2e4e8, #2c2e35));
    --_radius: var(--chat-stream-radius, var(--_radius-attr, 12px));
    --_code-bg: var(--chat-stream-code-background, light-dark(#f4f5f7, #0f1013));
    --_gap: var(--chat-stream-gap, 12px);
    height: 100%;
    font: var(--chat-stream-font-size, var(--_font-size-attr, 15px)) / 1.55
      var(--chat-stream-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--_fg);
  }
  :host([density='compact']) .root {
    --_gap: var(--chat-stream-gap, 6px);
    line-height: 1.4;
  }
  .panel {
    position: relative;
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    height: 100%;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .log {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_gap);
  }
  .inner {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  .message {
    overflow-wrap: anywhere;
  }
  .user,
  .system {
    white-space: pre-wrap;
    align-self: flex-end;
    max-width: 85%;
    padding: calc(var(--_gap) / 2) var(--_gap);
    border-radius: var(--_radius);
    background: var(--chat-stream-user-background, light-dark(#eef2ff, #262a36));
    color: var(--chat-stream-user-foreground, var(--_fg));
  }
  .system {
    align-self: center;
    background: none;
    color: var(--_muted);
  }
  .markdown > :first-child {
    margin-top: 0;
  }
  .markdown > :last-child {
    margin-bottom: 0;
  }
  /* A long reply is mostly off screen: the view groups finished blocks into chunks that skip style,
     layout and paint there, so a frame costs the same at 160 KB as at 20 KB; auto remembers a chunk's
     size once drawn. A chunk never starts with a top margin, so margins collapse as without chunks.
     Chunks are the view's bare divs: every top-level block of a reply has dir, a code wrapper its class. */
  .markdown > div:not([dir], .code-block) {
    content-visibility: auto;
    contain-intrinsic-size: auto 30em;
  }
  .markdown > div:not([dir], .code-block):first-child > :first-child {
    margin-top: 0;
  }
  .markdown > div:not([dir], .code-block):last-child > :last-child {
    margin-bottom: 0;
  }
  /* A heading in the tail: its 1em top margin cannot collapse into the chunk above (0.75em + 0.25em). */
  .markdown > div:not([dir], .code-block) + :is(h1, h2, h3, h4) {
    margin-top: 0.25em;
  }
  .markdown :is(p, ul, ol, blockquote, pre, table, h1, h2, h3, h4, h5, h6) {
    margin: 0 0 0.75em;
  }
  .markdown :is(h1, h2, h3, h4) {
    line-height: 1.25;
    margin-top: 1em;
  }
  h1 {
    font-size: 1.4em;
  }
  h2 {
    font-size: 1.2em;
  }
  h3,
  h4 {
    font-size: 1.05em;
  }
  ul,
  ol {
    padding-inline-start: 1.5em;
  }
  li > :is(ul, ol, p) {
    margin-bottom: 0.25em !important;
  }
  a {
    color: var(--_link);
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  code,
  pre {
    font-family: var(--chat-stream-code-font-family, ui-monospace, Menlo, Consolas, monospace);
    font-size: 0.9em;
    background: var(--_code-bg);
    border-radius: 4px;
  }
  code {
    padding: 0.1em 0.3em;
  }
  pre {
    padding: var(--_gap);
    overflow-x: auto;
    border: 1px solid var(--_border);
    line-height: 1.45;
  }
  pre code {
    padding: 0;
    background: none;
  }
  blockquote {
    margin-inline: 0;
    padding-inline-start: 0.9em;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
  table {
    display: block;
    overflow-x: auto;
    border-collapse: collapse;
  }
  th,
  td {
    border: 1px solid var(--_border);
    padding: 0.3em 0.6em;
  }
  th {
    background: var(--_code-bg);
  }
  hr {
    border: 0;
    border-top: 1px solid var(--_border);
  }
  img {
    max-width: 100%;
  }
  .caret {
    display: inline-block;
    width: 0.5em;
    height: 1.1em;
    vertical-align: text-bottom;
    background: var(--chat-stream-caret-color, var(--_accent));
    animation: blink 1s steps(1) infinite;
  }
  @keyframes blink {
    50% {
      opacity: 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .caret {
      animation: none;
    }
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid transparent;
    border-radius: 6px;
    cursor: pointer;
  }
  .actions,
  .error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.3em;
    margin-top: 0.3em;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .actions button:hover,
  .copy-button:hover {
    border-color: var(--_border);
    color: var(--_fg);
  }
  .error {
    padding: 0.4em 0.7em;
    color: var(--chat-stream-error, light-dark(#b42318, #ff8a80));
    border: 1px solid;
    border-radius: 6px;
  }
  .error button {
    border-color: currentColor;
  }
  .code-block {
    position: relative;
  }
  .copy-button {
    position: absolute;
    top: 4px;
    inset-inline-end: 4px;
    font-size: 0.8em;
    color: var(--_muted);
    background: var(--_bg);
    border-color: var(--_border);
  }
  .jump {
    position: absolute;
    bottom: 76px;
    left: 50%;
    transform: translateX(-50%);
    padding: 0.3em 0.9em;
    background: var(--_bg);
    border-color: var(--_border);
    border-radius: 99px;
    box-shadow: 0 2px 8px #0003;
  }
  .composer {
    display: flex;
    align-items: flex-end;
    gap: calc(var(--_gap) / 2);
    padding: calc(var(--_gap) * 0.75);
    border-top: 1px solid var(--_border);
  }
  textarea {
    flex: 1;
    box-sizing: border-box;
    max-height: 12em;
    field-sizing: content;
    resize: none;
    padding: 0.5em 0.75em;
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
  }
  textarea::placeholder {
    color: var(--_muted);
  }
  .composer button,
  .launcher-button {
    display: grid;
    place-items: center;
    width: 2.6em;
    height: 2.6em;
    color: #fff;
    background: var(--_accent);
    border-radius: calc(var(--_radius) * 0.75);
  }
  .composer button:disabled {
    opacity: 0.5;
  }
  .composer [part='stop-button'] {
    color: var(--_bg);
    background: var(--_fg);
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 0.4em 0.4em 0.4em var(--_gap);
    border-bottom: 1px solid var(--_border);
    font-weight: 600;
  }
  .icon {
    display: grid;
    padding: 0.4em;
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* Launcher mode: a floating button at a corner that opens the panel. */
  :host([launcher]) {
    position: fixed;
    inset: auto 20px 20px auto;
    height: auto;
    z-index: var(--chat-stream-z-index, 2147483000);
  }
  :host([launcher='bottom-left']) {
    inset: auto auto 20px 20px;
  }
  :host([launcher='top-right']) {
    inset: 20px 20px auto auto;
  }
  :host([launcher='top-left']) {
    inset: 20px auto auto 20px;
  }
  :host([launcher]) .root {
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 12px;
  }
  :host([launcher^='top']) .root {
    flex-direction: column-reverse;
  }
  :host([launcher$='left']) .root {
    align-items: flex-start;
  }
  :host([launcher]) .panel {
    width: var(--chat-stream-panel-width, 400px);
    height: var(--chat-stream-panel-height, 600px);
    max-width: calc(100vw - 40px);
    max-height: calc(100dvh - 116px);
    box-shadow: 0 12px 40px #0004;
  }
  .launcher-button {
    width: 56px;
    height: 56px;
    border-radius: 50%;
    box-shadow: 0 4px 16px #0004;
  }
  @media (max-width: 480px) {
    :host([launcher][open]) .panel {
      position: fixed;
      inset: 0;
      width: auto;
      height: auto;
      max-width: none;
      max-height: none;
      border-radius: 0;
    }
    :host([launcher][open]) .launcher-button {
      display: none;
    }
  }
`;
