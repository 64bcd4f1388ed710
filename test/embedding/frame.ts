// Fresh pages for embedding tests: each iframe is its own realm, with its own customElements
// registry, so a test can load bundles the way a site would without touching the test page.
// These tests read the build output (dist/, demo/frameworks/*/dist): `npm test` builds it first.

export interface Frame {
  win: Window & typeof globalThis;
  doc: Document;
  /** Uncaught errors, unhandled rejections and failed script loads seen in the frame. */
  errors: string[];
  remove(): void;
}

type FrameWindow = Window & typeof globalThis & { __errors: string[] };

let nextId = 0;

const RECORD_ERRORS = `<script>
  window.__errors = [];
  addEventListener('error', (e) => __errors.push('error: ' + (e.error && e.error.stack || e.message)));
  addEventListener('unhandledrejection', (e) => __errors.push('unhandled rejection: ' + (e.reason && e.reason.stack || e.reason)));
</script>`;

/**
 * Opens a page whose body is `body`, then runs `steps` (module source with top-level await,
 * after every script in `body` has run) and resolves once they are done.
 * A script in `body` should carry `onerror="__errors.push('load failed: ' + this.src)"`.
 */
export async function openPage(body: string, steps = ''): Promise<Frame> {
  const id = `frame-${++nextId}`;
  const iframe = document.createElement('iframe');
  iframe.name = id;
  iframe.style.cssText = 'width: 800px; height: 600px; border: 0';
  // Module scripts run in document order after parsing, so this one runs after those in `body`.
  const done = `<script type="module">
    try { ${steps} } catch (e) { __errors.push('steps: ' + (e && e.stack || e)); }
    finally { parent.postMessage({ frameReady: ${JSON.stringify(id)} }, '*'); }
  </script>`;
  iframe.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">${RECORD_ERRORS}</head><body>${body}${done}</body></html>`;
  const ready = waitForMessage((data) => (data as { frameReady?: string })?.frameReady === id, `page ${id}`);
  document.body.append(iframe);
  await ready;
  return frameOf(iframe);
}

/** Opens `url` (same origin) in an iframe and resolves once it has loaded. */
export async function openUrl(url: string): Promise<Frame> {
  const iframe = document.createElement('iframe');
  iframe.style.cssText = 'width: 800px; height: 600px; border: 0';
  const loaded = new Promise<void>((resolve) => iframe.addEventListener('load', () => resolve(), { once: true }));
  iframe.src = url;
  document.body.append(iframe);
  await loaded;
  const frame = frameOf(iframe);
  // Errors after load still count; the page itself cannot record earlier ones for us.
  frame.win.addEventListener('error', (e) => frame.errors.push(`error: ${e.error?.stack ?? e.message}`));
  frame.win.addEventListener('unhandledrejection', (e) => frame.errors.push(`unhandled rejection: ${e.reason}`));
  return frame;
}

function frameOf(iframe: HTMLIFrameElement): Frame {
  const win = iframe.contentWindow as FrameWindow;
  win.__errors ??= [];
  return {
    win,
    doc: iframe.contentDocument!,
    errors: win.__errors,
    remove: () => iframe.remove(),
  };
}

function waitForMessage(match: (data: unknown) => boolean, what: string, timeout = 10000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      removeEventListener('message', onMessage);
      reject(new Error(`${what} did not finish loading within ${timeout} ms`));
    }, timeout);
    function onMessage(e: MessageEvent) {
      if (!match(e.data)) return;
      clearTimeout(timer);
      removeEventListener('message', onMessage);
      resolve();
    }
    addEventListener('message', onMessage);
  });
}

/** Resolves when `check` returns a truthy value; fails with `what` after `timeout` ms. */
export async function until<T>(check: () => T | undefined | null | false, what: string, timeout = 5000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The space-separated names of every `part` in `root` (not in nested shadow roots). */
export function partsIn(root: ParentNode): Set<string> {
  const names = new Set<string>();
  for (const el of root.querySelectorAll('[part]')) {
    for (const name of el.getAttribute('part')!.split(/\s+/)) if (name) names.add(name);
  }
  return names;
}

/** A `text/event-stream` Response whose events the test writes. */
export function controlledSse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    /** Sends one OpenAI Chat Completions chunk carrying `text`. */
    token(text: string) {
      controller.enqueue(encoder.encode(`data: ${JSON.stringify({ choices: [{ delta: { content: text } }] })}\n\n`));
    },
    finish() {
      controller.enqueue(encoder.encode('data: [DONE]\n\n'));
      controller.close();
    },
  };
}
