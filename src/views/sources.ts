/**
 * A reply's sources (part `sources`): numbered links under the reply, in order of arrival. The
 * list is written as HTML and goes through the one sanitizer, so a source link follows exactly the
 * rules of a link in the markdown (allowed schemes, new tab, no opener, no referrer); a URL those
 * rules refuse shows as text.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Entry } from '../controllers/entry.js';
import { markdownEngine, whenMarkdownEngine } from '../markdown/load.js';
import type { ChatStreamStrings } from '../strings.js';

const rendered = new WeakMap<Entry, { count: number; list: Element }>();

/** The sanitized list, made again only when a source was added; undefined until the sanitizer (in the markdown engine) has loaded. */
function sourceList(entry: Entry, requestUpdate: () => void): Element | undefined {
  const cached = rendered.get(entry);
  if (cached?.count === entry.sources.length) return cached.list;
  const engine = markdownEngine();
  if (!engine) {
    whenMarkdownEngine(requestUpdate);
    return undefined;
  }
  const { escapeHtml } = engine;
  const items = entry.sources.map(({ url, title }) => `<li><a href="${escapeHtml(url)}" title="${escapeHtml(url)}">${escapeHtml(title)}</a></li>`);
  const list = engine.renderHtml(`<ol>${items.join('')}</ol>`, { allowImages: false }).firstElementChild!;
  rendered.set(entry, { count: entry.sources.length, list });
  return list;
}

/** The numbered source links under a reply; `requestUpdate` renders again once the sanitizer has loaded. */
export function sourcesView(entry: Entry, s: ChatStreamStrings, requestUpdate: () => void): TemplateResult | typeof nothing {
  if (!entry.sources.length) return nothing;
  return html`<nav part="sources" class="sources" aria-label=${s.sources}>${sourceList(entry, requestUpdate) ?? nothing}</nav>`;
}
