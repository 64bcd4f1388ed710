// Helpers shared by the view tests: a mounted view, and the one-shot render a streamed one must equal.
import { MarkdownView, contentHTML } from '../../src/markdown/view.js';
import type { MarkdownViewOptions } from '../../src/markdown/view.js';
import { renderMarkdown } from '../../src/markdown/render.js';

export const OPTIONS: MarkdownViewOptions = { allowImages: false, caret: true };

/** The HTML of rendering `text` at once. */
export function reference(text: string, allowImages = false): string {
  const div = document.createElement('div');
  div.append(renderMarkdown(text, { allowImages }));
  return div.innerHTML;
}

/** A view in a container attached to the document. */
export function mount(options: MarkdownViewOptions = OPTIONS): { view: MarkdownView; container: HTMLDivElement } {
  const container = document.createElement('div');
  document.body.append(container);
  return { view: new MarkdownView(container, options), container };
}

/** Streams `chunks` through a view, drawing after every chunk, then ends the reply. */
export function stream(chunks: string[], options: MarkdownViewOptions = OPTIONS) {
  const { view, container } = mount(options);
  let text = '';
  for (const piece of chunks) {
    text += piece;
    view.update(text, true);
    view.flush();
  }
  view.update(text, false);
  const html = contentHTML(container);
  const caret = container.querySelector('.caret');
  view.destroy();
  container.remove();
  return { html, caret, text, stats: view.stats };
}

/** What a fresh view shows for `text` while it streams: the frame an incrementally drawn view must equal. */
export function freshFrame(text: string): string {
  const { view, container } = mount();
  view.update(text, true);
  view.flush();
  const html = contentHTML(container);
  view.destroy();
  container.remove();
  return html;
}
