// The seam to the highlighter and math chunks. In the CDN bundles (vite.config.ts, mode "cdn") each
// chunk is a file beside the bundle, `chat-stream.highlight.js` and `chat-stream.math.js`, loaded from
// this module's own URL: it is inside `chat-stream.engine.js`, itself beside the bundle. In the npm
// build (and under the tests) the import() stays for the host app's bundler, which splits it.
// Nothing else imports the chunks.

/** Where this module was loaded from (a module: `import.meta.url`): the CDN chunks sit beside it. */
const BASE = (typeof document !== 'undefined' && document.currentScript instanceof HTMLScriptElement && document.currentScript.src) || import.meta.url;
/** The vite build mode (vite.config.ts); undefined under the tests, which load src/ as it is. */
const MODE = (import.meta as { env?: { MODE?: string } }).env?.MODE;
/** Whether the chunks are fetched by URL: in the CDN bundles (modes `cdn` and `cdn-iife`), not in the npm build, whose import() the app's bundler splits. */
const FROM_URL = MODE === 'cdn' || MODE === 'cdn-iife';

type HighlightChunk = typeof import('./highlight-chunk.js');
type MathChunk = typeof import('./math-chunk.js');

/** Loads the syntax highlighter (highlight.js core and its languages); fetched once, on first use. */
export const loadHighlighter = (): Promise<HighlightChunk> =>
  FROM_URL ? import(/* @vite-ignore */ new URL('./chat-stream.highlight.js', BASE).href) : import('./highlight-chunk.js');

/** Loads the TeX-to-MathML converter (temml); fetched once, on first use. */
export const loadMath = (): Promise<MathChunk> =>
  FROM_URL ? import(/* @vite-ignore */ new URL('./chat-stream.math.js', BASE).href) : import('./math-chunk.js');
