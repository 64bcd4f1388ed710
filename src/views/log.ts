/**
 * The log's messages, in groups of {@link GROUP_SIZE} by position. Every group but the newest is a
 * box the browser skips while it is off screen (`content-visibility: auto`, class `earlier`), so a
 * long history costs a streaming reply one visibility check per group on each frame, not one per
 * message (a check per box per frame is what content-visibility costs). Groups are keyed by their
 * position: a new message joins the newest group, and no message ever moves to another parent.
 */
import { html, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Entry } from '../controllers/entry.js';

export const GROUP_SIZE = 20;

export function logView(entries: readonly Entry[], message: (entry: Entry) => TemplateResult): TemplateResult[] {
  const groups: Entry[][] = [];
  for (let start = 0; start < entries.length; start += GROUP_SIZE) groups.push(entries.slice(start, start + GROUP_SIZE));
  return groups.map(
    (group, index) => html`<div class=${index < groups.length - 1 ? 'group earlier' : 'group'}>${repeat(group, (e) => e.id, message)}</div>`,
  );
}
