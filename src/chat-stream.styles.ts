import { css } from 'lit';

// Public --chat-stream-* properties are read once into private --_* ones on .root, with the
// attribute-driven value (set by the element through CSSOM) as the fallback. The public names are
// never declared here, so a value set on any ancestor wins. Every byte here ships in the 45 KB
// bundle: rules are few and shared.
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
    --_bg: var(--chat-stream-background, light-dark(#fff, #17181c));
    --_fg: var(--chat-stream-foreground, light-dark(#1b1c1f, #e8e9ec));
    --_muted: var(--chat-stream-muted, light-dark(#5d6169, #a3a7b0));
    --_border: 1px solid var(--chat-stream-border, light-dark(#e2e4e8, #2c2e35));
    --_radius: var(--chat-stream-radius, var(--_radius-attr, 12px));
    --_code: var(--chat-stream-code-background, light-dark(#f4f5f7, #0f1013));
    --_gap: var(--chat-stream-gap, 12px);
    --_mono: var(--chat-stream-code-font-family, ui-monospace, monospace);
    --_error: var(--chat-stream-error, light-dark(#b42318, #ff8a80));
    --_link: var(--chat-stream-accent, var(--_accent-attr, light-dark(#2563eb, #8ab4f8)));
    height: 100%;
    font: var(--chat-stream-font-size, var(--_font-size-attr, 15px)) / 1.55
      var(--chat-stream-font-family, system-ui, sans-serif);
    color: var(--_fg);
  }
  .panel {
    position: relative;
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    height: 100%;
    background: var(--_bg);
    border: var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .log {
    flex: 1;
    overflow-y: auto;
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
  /* The log's groups of messages (src/views/log.ts): all but the newest skip style, layout and
     paint while off screen, so a long history costs a streaming reply little per frame (a group's
     size, once laid out, is remembered). */
  .group {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  .earlier {
    content-visibility: auto;
    contain-intrinsic-size: auto 100em;
  }
  .user,
  .system {
    white-space: pre-wrap;
    align-self: end;
    max-width: 85%;
    padding: calc(var(--_gap) / 2) var(--_gap);
    border-radius: var(--_radius);
    background: var(--chat-stream-user-background, light-dark(#eef2ff, #262a36));
    color: var(--chat-stream-user-foreground, var(--_fg));
  }

  /* Rendered markdown. The view groups finished blocks into bare divs (chunks) that the browser
     may skip while they are off screen. */
  .markdown > div:not([dir], .code-block) {
    content-visibility: auto;
    contain-intrinsic-size: auto 30em;
  }
  .markdown :is(p, ul, ol, blockquote, pre, table, h1, h2, h3, h4) {
    margin: 0.6em 0;
  }
  .markdown :is(h1, h2, h3) {
    font-size: 1.2em;
  }
  ul,
  ol {
    padding-inline-start: 1.5em;
  }
  a {
    color: var(--_link);
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
  }
  code,
  pre {
    font: 0.9em var(--_mono);
    background: var(--_code);
    border-radius: 4px;
  }
  pre {
    padding: var(--_gap);
    overflow-x: auto;
  }
  blockquote {
    margin-inline: 0;
    padding-inline-start: 0.8em;
    border-inline-start: var(--_border);
    color: var(--_muted);
  }
  table {
    display: block;
    overflow-x: auto;
    border-collapse: collapse;
  }
  th,
  td {
    border: var(--_border);
    padding: 0.3em 0.6em;
  }
  img {
    max-width: 100%;
  }
  .caret {
    display: inline-block;
    width: 0.5em;
    height: 1em;
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

  /* Controls */
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
    gap: 0.3em;
    align-items: center;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .error {
    padding: 0.4em 0.7em;
    color: var(--_error);
    border: 1px solid;
  }
  /* A code block: its header (language, copy button) on top of the <pre>. */
  .code-block {
    margin: 0.6em 0;
    border: var(--_border);
    border-radius: 6px;
    overflow: hidden;
  }
  .code-block pre {
    margin: 0;
    border-radius: 0;
  }
  .code-header {
    display: flex;
    align-items: center;
    gap: 0.5em;
    min-height: 1.4em;
    padding: 0.25em 0.5em 0.25em var(--_gap);
    font-size: 0.8em;
    color: var(--_muted);
    background: var(--_code);
    border-bottom: var(--_border);
  }
  .copy-button {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    margin-inline-start: auto;
    padding: 0.1em 0.5em;
    font-size: 1em;
  }
  .copy-button:hover,
  .copy-button.copied {
    color: var(--_fg);
    border: var(--_border);
  }
  .jump {
    position: absolute;
    right: 4px;
    bottom: 76px;
    background: var(--_bg);
    border: var(--_border);
  }

  /* Reasoning, tool calls and sources (version 2's reply parts). */
  .reasoning {
    margin-bottom: 0.4em;
    color: var(--_muted);
    font-size: 0.92em;
  }
  .reasoning > summary {
    cursor: pointer;
    width: fit-content;
  }
  .reasoning-body {
    padding-inline-start: 0.8em;
    border-inline-start: var(--_border);
  }
  .tool-call {
    margin: 0.6em 0;
    padding: 0.5em var(--_gap);
    font-size: 0.9em;
    border: var(--_border);
    border-radius: 6px;
  }
  .tool-header {
    display: flex;
    align-items: center;
    gap: 0.5em;
  }
  .tool-header svg {
    width: 1em;
    height: 1em;
  }
  .tool-name {
    font-family: var(--_mono);
    font-weight: 600;
  }
  .tool-state,
  .tool-label {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .tool-state {
    margin-inline-start: auto;
  }
  .tool-call pre {
    margin: 0.3em 0;
    max-height: 16em;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .tool-error {
    color: var(--_error);
  }
  .sources {
    font-size: 0.88em;
  }
  .sources ol {
    margin: 0.4em 0;
    overflow-wrap: anywhere;
  }
  .composer {
    display: flex;
    gap: calc(var(--_gap) / 2);
    padding: calc(var(--_gap) * 0.75);
    border-top: var(--_border);
  }
  textarea {
    flex: 1;
    max-height: 12em;
    field-sizing: content;
    resize: none;
    padding: 0.5em;
    font: inherit;
    color: inherit;
    background: none;
    border: var(--_border);
    border-radius: 6px;
  }
  .composer button,
  .launcher-button {
    display: grid;
    place-items: center;
    width: 2.6em;
    height: 2.6em;
    color: #fff;
    background: var(--_accent);
  }
  .composer [part='stop-button'] {
    color: var(--_bg);
    background: var(--_fg);
  }
  .header {
    display: flex;
    justify-content: space-between;
    align-items: center;
    padding-inline-start: var(--_gap);
    border-bottom: var(--_border);
  }
  .icon {
    display: grid;
    padding: 0.5em;
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
  :host([launcher$='left']) {
    inset: auto auto 20px 20px;
  }
  :host([launcher^='top']) {
    top: 20px;
    bottom: auto;
  }
  :host([launcher]) .root {
    display: flex;
    flex-direction: column;
    align-items: end;
    gap: 12px;
  }
  :host([launcher^='top']) .root {
    flex-direction: column-reverse;
  }
  :host([launcher$='left']) .root {
    align-items: start;
  }
  :host([launcher]) .panel {
    width: var(--chat-stream-panel-width, 400px);
    height: var(--chat-stream-panel-height, 600px);
    max-width: calc(100vw - 40px);
    max-height: calc(100dvh - 116px);
    box-shadow: 0 8px 32px #0004;
  }
  .launcher-button {
    width: 56px;
    height: 56px;
    border-radius: 50%;
    font-size: 24px;
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
  }
`;
