// What the rich parts share: loading a lazy chunk once, who wants to know when one has arrived, how
// many renders fell back to plain text because one had not, and HTML escaping. Pure: no DOM.

type Listener = () => void;

const listeners = new Set<Listener>();
let fallbacks = 0;

/**
 * Calls `listener` each time a lazy chunk (the highlighter or the math renderer) has loaded, so that
 * a view can redraw what it rendered as plain text before. Returns the function that unsubscribes.
 */
export function onRichReady(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells every listener that a chunk has loaded. */
export function notifyRichReady(): void {
  for (const listener of [...listeners]) listener();
}

/**
 * How many code blocks and formulas have been rendered as plain text because their chunk was still
 * loading, since the page loaded. A view compares it before and after rendering a block to know
 * whether that block must be rendered again when {@link onRichReady} calls.
 */
export const richFallbacks = (): number => fallbacks;

/** Counts one render that fell back to plain text while a chunk loads. */
function countFallback(): void {
  fallbacks++;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` as HTML text (also safe in a quoted attribute value). */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A lazily loaded chunk (the highlighter or the math renderer). */
export interface LazyChunk<T> {
  /**
   * The chunk when it has loaded. Otherwise undefined: the first call starts loading it, and each
   * call while it loads counts as a fallback (see {@link richFallbacks}); after a failed load, none.
   */
  need(): T | undefined;
  /** Whether the chunk has loaded. */
  readonly loaded: boolean;
}

/**
 * A chunk that `load` fetches once, on first need; its arrival is told to {@link onRichReady}
 * listeners. A chunk that cannot load stays away for the page's life, with one console warning that
 * says what the reader misses (`without`) and which file (`file`) to serve.
 */
export function lazyChunk<T>(load: () => Promise<T>, without: string, file: string): LazyChunk<T> {
  let module: T | undefined;
  let loading = false;
  let failed = false;
  return {
    get loaded() {
      return module !== undefined;
    },
    need() {
      if (module || failed) return module;
      countFallback();
      if (!loading) {
        loading = true;
        load().then(
          (loaded) => {
            module = loaded;
            notifyRichReady();
          },
          (error: unknown) => {
            failed = true;
            console.warn(
              `<chat-stream> ${without}: ${String(error)}. ` +
                `With the CDN build, serve ${file} from the same folder as chat-stream.js; under a Content-Security-Policy, allow that folder in script-src.`,
            );
          },
        );
      }
      return undefined;
    },
  };
}
