/**
 * Binds a text segment of the log to the markdown view that renders it: `<div ${markdown(segment,
 * streaming, options)}>`. Lit never renders inside that element — the view owns it — and finds its
 * view through the directive's part, so a render costs the same whatever the log's length (no
 * search by id). Between renders a streaming run updates the view directly with `redraw(segment)`.
 */
import { nothing } from 'lit';
import { AsyncDirective, directive, PartType, type ElementPart, type PartInfo } from 'lit/async-directive.js';
import { markdownEngine, whenMarkdownEngine } from '../markdown/load.js';
import type { MarkdownViewOptions } from '../markdown/view.js';
import type { TextSegment } from '../controllers/entry.js';

/** What the directive needs of a view: the markdown view, or the plain text shown until it loads. */
interface SegmentView {
  readonly container: HTMLElement;
  update(text: string, streaming: boolean): void;
  setOptions(options: MarkdownViewOptions): void;
  destroy(): void;
}

/**
 * The segment's text as one text node (never parsed as HTML), with the caret while it streams: what
 * a reply shows in the moments before the markdown engine (src/markdown/load.ts) has loaded.
 */
class PlainView implements SegmentView {
  readonly container: HTMLElement;
  readonly #text = new Text();
  readonly #caret = document.createElement('span');
  #options: MarkdownViewOptions;

  constructor(container: HTMLElement, options: MarkdownViewOptions) {
    this.container = container;
    this.#options = options;
    this.#caret.className = 'caret';
    this.#caret.setAttribute('part', 'caret');
    this.#caret.ariaHidden = 'true';
    container.replaceChildren(this.#text);
  }

  update(text: string, streaming: boolean): void {
    // appendData keeps a reader's selection when the text only grew.
    if (text.startsWith(this.#text.data)) this.#text.appendData(text.slice(this.#text.data.length));
    else this.#text.data = text;
    if (streaming && this.#options.caret) this.container.append(this.#caret);
    else this.#caret.remove();
  }

  setOptions(options: MarkdownViewOptions): void {
    this.#options = options;
  }

  destroy(): void {}
}

const views = new WeakMap<TextSegment, SegmentView>();

/** What the view adds around the content, left out of the text a reply announces. */
const CHROME = 'button, .code-header, .caret, [aria-hidden="true"]';

/** Redraws a segment's view, if it is on screen: the streaming path, with no Lit render. */
export function redraw(segment: TextSegment, streaming: boolean): void {
  views.get(segment)?.update(segment.text, streaming);
}

/** The text a segment shows, without the view's chrome (copy buttons, language labels, the caret). */
export function shownText(segment: TextSegment): string {
  const view = views.get(segment);
  if (!view) return segment.text;
  const shown = view.container.cloneNode(true) as HTMLElement;
  for (const chrome of shown.querySelectorAll(CHROME)) chrome.remove();
  return shown.textContent ?? '';
}

class MarkdownDirective extends AsyncDirective {
  #view: SegmentView | undefined;
  #cancelWait: (() => void) | undefined;
  #element: HTMLElement | undefined;
  #segment: TextSegment | undefined;
  #options: MarkdownViewOptions | undefined;
  #streaming = false;

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('markdown() belongs on an element: <div ${markdown(…)}>');
  }

  render(_segment: TextSegment, _streaming: boolean, _options: MarkdownViewOptions): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [segment, streaming, options]: Parameters<this['render']>): typeof nothing {
    const element = part.element as HTMLElement;
    if (!this.#view || this.#element !== element) {
      this.#element = element;
      this.#options = options;
      this.#create(segment, streaming);
      return nothing;
    }
    if (segment !== this.#segment) {
      views.delete(this.#segment!);
      views.set(segment, this.#view);
      this.#segment = segment;
    }
    if (options !== this.#options) {
      this.#options = options;
      this.#view.setOptions(options);
    }
    this.#streaming = streaming;
    this.#view.update(segment.text, streaming);
    return nothing;
  }

  #create(segment: TextSegment, streaming: boolean): void {
    this.#cancelWait?.();
    this.#view?.destroy();
    const engine = markdownEngine();
    if (engine) {
      this.#element!.replaceChildren();
      this.#view = new engine.MarkdownView(this.#element!, this.#options!);
    } else {
      this.#view = new PlainView(this.#element!, this.#options!);
      // The markdown view takes over the same element, with the text as it is by then.
      this.#cancelWait = whenMarkdownEngine(() => {
        this.#cancelWait = undefined;
        if (this.#segment && this.isConnected) this.#create(this.#segment, this.#streaming);
      });
    }
    this.#segment = segment;
    this.#streaming = streaming;
    views.set(segment, this.#view);
    this.#view.update(segment.text, streaming);
  }

  protected override disconnected(): void {
    this.#cancelWait?.();
    this.#cancelWait = undefined;
    this.#view?.destroy();
    if (this.#segment) views.delete(this.#segment);
    this.#view = undefined;
  }

  protected override reconnected(): void {
    // A moved element keeps its run: a fresh view takes over the same element.
    if (this.#segment && this.#element) this.#create(this.#segment, this.#streaming);
  }
}

/** Renders a text segment as streaming markdown into the element it sits on. */
export const markdown = directive(MarkdownDirective);
