/**
 * The element's icons: inline SVG in `currentColor`, hidden from assistive technology (each button
 * carries its own accessible name and a tooltip). 24×24 strokes in the style of common icon sets.
 */
import { svg, html, type TemplateResult } from 'lit';

const icon = (body: ReturnType<typeof svg>): TemplateResult =>
  html`<svg class="icon-svg" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2"
    stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

export const sendIcon = icon(svg`<path d="M12 19V5M5 12l7-7 7 7"/>`);
export const stopIcon = icon(svg`<rect x="6" y="6" width="12" height="12" rx="2" fill="currentColor"/>`);
export const chatIcon = icon(svg`<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/>`);
export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`);
export const copyIcon = icon(svg`<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a2 2 0 0 1 2-2h8"/>`);
export const checkIcon = icon(svg`<path d="M5 12l5 5 9-10"/>`);
export const regenerateIcon = icon(svg`<path d="M20 11a8 8 0 1 0-2.3 5.7"/><path d="M20 4v7h-7"/>`);
export const arrowDownIcon = icon(svg`<path d="M12 5v14M5 12l7 7 7-7"/>`);
export const toolIcon = icon(svg`<path d="M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.4-.6-.6-2.4z"/>`);
