/**
 * The seam to the markdown engine (`./engine.ts`), loaded once, the first time something needs it:
 * a reply or a restored history on screen, a `send()`, the user starting to type. Until it is there
 * (a few milliseconds from the bundle's own folder; usually before the request has its first byte),
 * reply text shows as plain text — never parsed as HTML — and turns into markdown when it arrives.
 */
type Engine = typeof import('./engine.js');

/**
 * Where the bundle was loaded from: in the CDN bundles the engine is `chat-stream.engine.js` beside
 * it. Read while the bundle runs its top level, the one moment a classic script knows its own URL
 * (`document.currentScript`, which is null in a module: there `import.meta.url` says it).
 */
const BASE = (typeof document !== 'undefined' && document.currentScript instanceof HTMLScriptElement && document.currentScript.src) || import.meta.url;
/** The vite build mode (vite.config.ts); undefined under the tests, which load src/ as it is. */
const MODE = (import.meta as { env?: { MODE?: string } }).env?.MODE;
/** Whether the chunks are fetched by URL: in the CDN bundles (modes `cdn` and `cdn-iife`), not in the npm build, whose import() the app's bundler splits. */
const FROM_URL = MODE === 'cdn' || MODE === 'cdn-iife';

const importEngine = (): Promise<Engine> =>
  FROM_URL ? import(/* @vite-ignore */ new URL('./chat-stream.engine.js', BASE).href) : import('./engine.js');

let engine: Engine | undefined;
let loading: Promise<Engine | undefined> | undefined;
const waiting = new Set<() => void>();

/** The engine, when it has loaded. */
export const markdownEngine = (): Engine | undefined => engine;

/**
 * Starts loading the engine (once); resolves when it is there, or to undefined when it could not
 * load (then replies stay plain text, a warning says why, and the next need tries again).
 */
export function loadMarkdownEngine(): Promise<Engine | undefined> {
  loading ??= importEngine().then(
    (module) => {
      engine = module;
      for (const listener of [...waiting]) listener();
      waiting.clear();
      return module;
    },
    (error: unknown) => {
      loading = undefined;
      console.warn(
        `<chat-stream> The markdown renderer could not be loaded, so replies show as plain text: ${String(error)}. ` +
          'With the CDN build, serve the chat-stream.*.js files from the same folder as the bundle; under a Content-Security-Policy, allow that folder in script-src.',
      );
      return undefined;
    },
  );
  return loading;
}

/** Calls `listener` once, when the engine has loaded (at once when it has). Returns the function that cancels. */
export function whenMarkdownEngine(listener: () => void): () => void {
  if (engine) {
    listener();
    return () => {};
  }
  waiting.add(listener);
  void loadMarkdownEngine();
  return () => waiting.delete(listener);
}

/** Settles when the engine is loaded or failed to; at once when nothing is loading. */
export const markdownEngineSettled = (): Promise<unknown> => (engine || !loading ? Promise.resolve() : loading);
