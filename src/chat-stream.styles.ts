import { css } from 'lit';

// Public --chat-stream-* properties are read once into private --_* ones on .root, with the
// attribute-driven value (set by the element through CSSOM) as the fallback. The public names are
// never declared here, so a value set on any ancestor wins.
export const styles = css`
  :host {
    display: block;
    height: 480px;
    color-scheme: light dark;
    contain: layout style;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  :host([launcher]) {
    position: fixed;
    inset: auto 20px 20px auto;
    height: auto;
    z-index: var(--chat-stream-z-index, 2147483000);
    contain: none;
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

  .root {
    --_accent: var(--chat-stream-accent, var(--_accent-attr, #2563eb));
    --_bg: var(--chat-stream-background, light-dark(#ffffff, #17181c));
    --_fg: var(--chat-stream-foreground, light-dark(#1b1c1f, #e8e9ec));
    --_muted: var(--chat-stream-muted, light-dark(#5d6169, #a3a7b0));
    --_border: var(--chat-stream-border, light-dark(#e2e4e8, #2c2e35));
    --_font: var(--chat-stream-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif);
    --_font-size: var(--chat-stream-font-size, var(--_font-size-attr, 15px));
    --_radius: var(--chat-stream-radius, var(--_radius-attr, 12px));
    --_caret: var(--chat-stream-caret-color, var(--_accent));
    --_code-bg: var(--chat-stream-code-background, light-dark(#f4f5f7, #0f1013));
    --_user-bg: var(--chat-stream-user-background, light-dark(#eef2ff, #262a36));
    --_user-fg: var(--chat-stream-user-foreground, var(--_fg));
    --_error: var(--chat-stream-error, light-dark(#b42318, #ff8a80));
    --_gap: var(--chat-stream-gap, 12px);
    --_mono: var(--chat-stream-code-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    height: 100%;
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.55;
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
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .panel[hidden] {
    display: none;
  }

  .log {
    flex: 1 1 auto;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: calc(var(--_gap) * 1.25);
  }
  .log:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  .log-inner {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }

  .message {
    max-width: 100%;
    overflow-wrap: anywhere;
  }
  .message.user {
    align-self: flex-end;
    max-width: 85%;
    background: var(--_user-bg);
    color: var(--_user-fg);
    padding: calc(var(--_gap) * 0.6) var(--_gap);
    border-radius: var(--_radius);
    border-end-end-radius: calc(var(--_radius) / 3);
  }
  .message.system {
    align-self: center;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .content.plain {
    white-space: pre-wrap;
  }

  /* Rendered markdown */
  .markdown > :first-child,
  .markdown > :first-child > :first-child {
    margin-top: 0;
  }
  .markdown > :last-child {
    margin-bottom: 0;
  }
  .markdown :is(p, ul, ol, blockquote, pre, table, dl, hr, h1, h2, h3, h4, h5, h6) {
    margin: 0 0 0.75em;
  }
  .markdown :is(h1, h2, h3, h4, h5, h6) {
    line-height: 1.25;
    margin-top: 1.1em;
  }
  .markdown h1 {
    font-size: 1.45em;
  }
  .markdown h2 {
    font-size: 1.25em;
  }
  .markdown h3 {
    font-size: 1.1em;
  }
  .markdown :is(h4, h5, h6) {
    font-size: 1em;
  }
  .markdown :is(ul, ol) {
    padding-inline-start: 1.5em;
  }
  .markdown li + li {
    margin-top: 0.2em;
  }
  .markdown li > :is(ul, ol, p) {
    margin-bottom: 0.25em;
  }
  .markdown a {
    color: var(--_accent);
    text-underline-offset: 2px;
  }
  .markdown a:focus-visible,
  button:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .markdown code {
    font-family: var(--_mono);
    font-size: 0.9em;
    background: var(--_code-bg);
    padding: 0.1em 0.35em;
    border-radius: 4px;
  }
  .markdown pre {
    position: relative;
    background: var(--_code-bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
    padding: var(--_gap);
    overflow-x: auto;
    line-height: 1.45;
  }
  .markdown pre code {
    background: none;
    padding: 0;
    font-size: 0.875em;
    white-space: pre;
  }
  .markdown blockquote {
    margin-inline: 0;
    padding-inline-start: 0.9em;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
  .markdown table {
    border-collapse: collapse;
    display: block;
    overflow-x: auto;
    max-width: 100%;
  }
  .markdown :is(th, td) {
    border: 1px solid var(--_border);
    padding: 0.35em 0.65em;
  }
  .markdown th {
    background: var(--_code-bg);
  }
  .markdown hr {
    border: 0;
    border-top: 1px solid var(--_border);
  }
  .markdown img {
    max-width: 100%;
    height: auto;
  }
  .markdown .copy-button,
  .markdown [part~='copy-button'] {
    position: absolute;
    top: 6px;
    inset-inline-end: 6px;
    font: inherit;
    font-size: 0.75em;
    padding: 2px 8px;
    color: var(--_muted);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 6px;
    cursor: pointer;
    opacity: 0.85;
  }
  .markdown .copy-button:hover,
  .markdown [part~='copy-button']:hover {
    opacity: 1;
    color: var(--_fg);
  }

  /* The caret: inline at the end of the text. */
  .caret {
    display: inline-block;
    width: 0.55em;
    height: 1.1em;
    margin-inline-start: 1px;
    vertical-align: text-bottom;
    background: var(--_caret);
    border-radius: 1px;
    animation: chat-stream-blink 1s steps(1, end) infinite;
  }
  @keyframes chat-stream-blink {
    50% {
      opacity: 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .caret {
      animation: none;
    }
    .log {
      scroll-behavior: auto;
    }
  }

  .error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    margin-top: 0.5em;
    padding: 0.5em 0.75em;
    color: var(--_error);
    border: 1px solid currentColor;
    border-radius: calc(var(--_radius) * 0.66);
    font-size: 0.92em;
  }
  .actions {
    display: flex;
    align-items: center;
    gap: 0.25em;
    margin-top: 0.35em;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .stopped {
    margin-inline-end: 0.5em;
    font-style: italic;
  }
  button {
    font: inherit;
    color: inherit;
  }
  .action {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    padding: 0.25em 0.55em;
    background: transparent;
    border: 1px solid transparent;
    border-radius: 6px;
    color: inherit;
    cursor: pointer;
    font-size: inherit;
  }
  .action:hover {
    border-color: var(--_border);
    color: var(--_fg);
  }
  .error .action {
    color: var(--_error);
    border-color: currentColor;
  }

  .jump {
    position: absolute;
    inset-inline: 0;
    margin-inline: auto;
    width: max-content;
    bottom: 72px;
    padding: 0.35em 0.9em;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: 999px;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.15);
    cursor: pointer;
    font-size: 0.85em;
  }
  :host([no-composer]) .jump {
    bottom: 16px;
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: calc(var(--_gap) * 0.5);
    padding: calc(var(--_gap) * 0.75);
    border-top: 1px solid var(--_border);
  }
  .input {
    flex: 1;
    box-sizing: border-box;
    min-height: 2.5em;
    max-height: 12em;
    field-sizing: content;
    resize: none;
    padding: 0.55em 0.75em;
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
  }
  .input::placeholder {
    color: var(--_muted);
  }
  .send,
  .stop {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 2.5em;
    height: 2.5em;
    padding: 0;
    border: 0;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_accent);
    color: #fff;
    cursor: pointer;
  }
  .send:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .stop {
    background: var(--_fg);
    color: var(--_bg);
  }
  [hidden] {
    display: none !important;
  }

  /* Launcher mode */
  .launcher-button {
    display: inline-grid;
    place-items: center;
    width: 56px;
    height: 56px;
    margin-inline-start: auto;
    border: 0;
    border-radius: 50%;
    background: var(--_accent);
    color: #fff;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
    cursor: pointer;
  }
  .launcher-button svg {
    width: 26px;
    height: 26px;
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
  .popup {
    width: var(--chat-stream-panel-width, 400px);
    height: var(--chat-stream-panel-height, 600px);
    max-width: calc(100vw - 40px);
    max-height: calc(100dvh - 116px);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }
  .popup-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: calc(var(--_gap) * 0.5) calc(var(--_gap) * 0.5) calc(var(--_gap) * 0.5) var(--_gap);
    border-bottom: 1px solid var(--_border);
    font-weight: 600;
  }
  .icon-button {
    display: inline-grid;
    place-items: center;
    width: 2.25em;
    height: 2.25em;
    padding: 0;
    background: transparent;
    border: 0;
    border-radius: 6px;
    cursor: pointer;
  }
  .icon-button:hover {
    background: var(--_code-bg);
  }
  @media (max-width: 480px) {
    :host([launcher][open]) {
      inset: 0;
    }
    :host([launcher][open]) .popup {
      position: fixed;
      inset: 0;
      width: 100vw;
      height: 100dvh;
      max-width: none;
      max-height: none;
      border-radius: 0;
    }
    :host([launcher][open]) .launcher-button {
      display: none;
    }
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
