// The state the rich parts share with their callers: who wants to know when a lazy chunk has
// arrived, and how many renders fell back to plain text because one had not. Pure: no DOM.

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
export function countFallback(): void {
  fallbacks++;
}
