/**
 * One message of the log. A user's message is its text; a reply is its reasoning, then its text
 * segments and tool-call cards in the order they came, its sources, and under it either its error
 * (with Retry on the last reply) or its actions (Copy, Regenerate on the last reply).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Entry, Segment } from '../controllers/entry.js';
import type { MarkdownViewOptions } from '../markdown/view.js';
import type { ChatStreamStrings } from '../strings.js';
import { checkIcon, copyIcon, regenerateIcon } from './icons.js';
import { markdown } from './markdown-directive.js';
import { reasoningView } from './reasoning.js';
import { sourcesView } from './sources.js';
import { toolCallView } from './tool-call.js';

/** What a message's buttons do, and what they need to know. */
export interface MessageContext {
  strings: ChatStreamStrings;
  options: MarkdownViewOptions;
  /** Whether this is the conversation's last message (Retry and Regenerate sit there only). */
  last: boolean;
  /** Whether this reply's copy button says "Copied". */
  copied: boolean;
  onCopy(entry: Entry): void;
  onRegenerate(): void;
  /** Asks the element to render again (when a lazily loaded part has arrived). */
  requestUpdate(): void;
}

/** A stable key per segment object, for `repeat`. */
const keys = new WeakMap<Segment, number>();
let nextKey = 1;
const keyOf = (segment: Segment): number => {
  let key = keys.get(segment);
  if (key === undefined) keys.set(segment, (key = nextKey++));
  return key;
};

function actions(entry: Entry, c: MessageContext): TemplateResult | typeof nothing {
  const s = c.strings;
  if (entry.error) {
    return html`<div part="error" class="error" role="alert">
      ${s.errorPrefix} ${entry.error}
      ${c.last
        ? html`<button part="action-button retry-button" type="button" title=${s.retry} @click=${c.onRegenerate}>${regenerateIcon}<span>${s.retry}</span></button>`
        : nothing}
    </div>`;
  }
  if (entry.state === 'streaming' || !(entry.content || entry.toolCalls.length)) return nothing;
  const copyLabel = c.copied ? s.copied : s.copy;
  return html`<div part="actions" class="actions">
    ${entry.state === 'aborted' ? html`<i>${s.stopped}</i>` : nothing}
    ${entry.content
      ? html`<button part="action-button copy-reply-button" type="button" title=${copyLabel} @click=${() => c.onCopy(entry)}>${c.copied ? checkIcon : copyIcon}<span>${copyLabel}</span></button>`
      : nothing}
    ${c.last
      ? html`<button part="action-button regenerate-button" type="button" title=${s.regenerate} @click=${c.onRegenerate}>${regenerateIcon}<span>${s.regenerate}</span></button>`
      : nothing}
  </div>`;
}

export function messageView(entry: Entry, c: MessageContext): TemplateResult {
  const s = c.strings;
  if (entry.role !== 'assistant') {
    return html`<div part="message ${entry.role}" class="message ${entry.role}" dir="auto">
      <span class="sr" dir="auto">${entry.role === 'user' ? s.user : entry.role}:</span>
      <div part="content" class="content">${entry.content}</div>
    </div>`;
  }
  const streaming = entry.state === 'streaming';
  const lastSegment = entry.segments.at(-1);
  return html`<div part="message assistant" class="message assistant" dir="auto">
    <span class="sr" dir="auto">${s.assistant}:</span>
    ${reasoningView(entry, s, c.options)}
    ${repeat(entry.segments, keyOf, (segment) =>
      segment.kind === 'text'
        ? html`<div part="content" class="content markdown" ${markdown(segment, streaming && segment === lastSegment, c.options)}></div>`
        : toolCallView(segment.call, s),
    )}
    ${sourcesView(entry, s, c.requestUpdate)}
    ${actions(entry, c)}
  </div>`;
}
