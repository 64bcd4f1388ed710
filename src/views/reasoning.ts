/**
 * A reply's reasoning: a collapsible `<details part="reasoning">` above the reply's text, open
 * while the model thinks and closed once the answer begins, its summary saying for how long.
 * The reasoning is markdown, rendered (and sanitized) like the reply.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Entry } from '../controllers/entry.js';
import type { MarkdownViewOptions } from '../markdown/view.js';
import type { ChatStreamStrings } from '../strings.js';
import { markdown } from './markdown-directive.js';

const MS_PER_SECOND = 1000;

/** The summary of a reasoning section. */
export function reasoningSummary(entry: Entry, s: ChatStreamStrings): string {
  if (entry.thoughtMs !== undefined) {
    return s.thoughtFor.replace('{seconds}', String(Math.max(1, Math.round(entry.thoughtMs / MS_PER_SECOND))));
  }
  return entry.state === 'streaming' ? s.thinking : s.reasoning;
}

export function reasoningView(entry: Entry, s: ChatStreamStrings, options: MarkdownViewOptions): TemplateResult | typeof nothing {
  if (!entry.reasoning) return nothing;
  const thinking = entry.state === 'streaming' && entry.thoughtMs === undefined;
  return html`<details part="reasoning" class="reasoning" ?open=${thinking}>
    <summary>${reasoningSummary(entry, s)}</summary>
    <div class="reasoning-body markdown" ${markdown(entry.reasoningSegment, thinking, options)}></div>
  </details>`;
}
