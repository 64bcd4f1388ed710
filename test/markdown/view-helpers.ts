// Helpers shared by the view tests: a mounted view, and the one-shot render a streamed one must equal.
import { MarkdownView } from '../../src/markdown/view.js';
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
