/**
 * The markdown engine, as one lazily loaded chunk: marked, DOMPurify, the streaming view and the
 * highlight and math glue (whose heavy parts are chunks of their own). Everything that turns reply
 * text into sanitized DOM is behind this module; the element reaches it only through
 * `./load.ts`, so a page pays for it when its first reply (or restored history) is shown, not when
 * the element first paints.
 */
export { MarkdownView } from './view.js';
export { renderHtml } from './render.js';
export { escapeHtml } from '../rich/ready.js';
