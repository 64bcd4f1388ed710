// Shared checks of the security tests. They re-implement the policy on purpose instead of importing
// it from src/, so that a mistake in the sanitizer is not repeated by the test that checks it.

/** The origin the tests use as the attacker's: the test server under another host name. */
export const ATTACKER_ORIGIN = `http://${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;
/** A URL prefix on the attacker's origin; every request under it is counted by the middleware. */
export const ATTACKER = `${ATTACKER_ORIGIN}/__attacker__`;
/** An attacker origin that never resolves, as an outside corpus would use. */
export const INVALID_ATTACKER = 'http://attacker.invalid';

const LOG = '/test/security/__attacker-log__';

declare global {
  interface Window {
    __pwned?: (...args: unknown[]) => void;
  }
}

/** Counts calls of the canary that payloads try to reach (`__pwned()`, `alert()` and friends). */
export class Canary {
  calls: string[] = [];
  private saved: Partial<Record<'alert' | 'confirm' | 'prompt' | 'print', unknown>> = {};

  install(win: Window = window): void {
    win.__pwned = (...args: unknown[]) => {
      this.calls.push(`__pwned(${args.map(String).join(',')})`);
    };
    for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) {
      this.saved[name] = win[name];
      Object.defineProperty(win, name, {
        configurable: true,
        writable: true,
        value: (...args: unknown[]) => {
          this.calls.push(`${name}(${args.map(String).join(',')})`);
          return null;
        },
      });
    }
  }

  uninstall(win: Window = window): void {
    delete win.__pwned;
    for (const [name, value] of Object.entries(this.saved)) {
      Object.defineProperty(win, name, { configurable: true, writable: true, value });
    }
  }
}

/** A request the attacker's origin received. */
export interface AttackerHit {
  host: string;
  url: string;
  referer: string | null;
}

/** Returns the requests the attacker's origin received since the last reset. */
export async function attackerHits(reset = false): Promise<AttackerHit[]> {
  const res = await fetch(`${LOG}${reset ? '?reset=1' : ''}`, { cache: 'no-store' });
  const json = (await res.json()) as { hits: AttackerHit[] };
  return json.hits;
}

/** Watches resource timing entries for URLs of the attacker's origins. */
export class ResourceWatch {
  entries: string[] = [];
  private observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (isAttackerUrl(e.name)) this.entries.push(e.name);
  });

  start(): void {
    this.observer.observe({ type: 'resource', buffered: false });
  }

  stop(): string[] {
    for (const e of this.observer.takeRecords()) if (isAttackerUrl(e.name)) this.entries.push(e.name);
    this.observer.disconnect();
    return this.entries;
  }
}

export function isAttackerUrl(url: string): boolean {
  return url.startsWith(ATTACKER_ORIGIN) || /^https?:\/\/([^/]*\.)?attacker\.(invalid|example)/i.test(url) || url.includes('/__attacker__/');
}

const FORBIDDEN_ELEMENTS = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'param', 'form', 'input', 'button', 'textarea', 'select', 'option', 'datalist', 'output', 'meta',
  'base', 'link', 'title', 'svg', 'math', 'image', 'portal', 'fencedframe', 'dialog', 'slot',
  'xmp', 'plaintext', 'noembed', 'noframes', 'track', 'video', 'audio', 'source', 'picture',
  'map', 'area', 'canvas', 'marquee', 'html', 'head', 'body',
]);

const FORBIDDEN_ATTRIBUTES = new Set([
  'style', 'srcset', 'imagesrcset', 'sizes', 'poster', 'background', 'ping', 'action', 'formaction',
  'srcdoc', 'data', 'codebase', 'classid', 'archive', 'usemap', 'lowsrc', 'dynsrc', 'xlink:href',
  'xmlns:xlink', 'part', 'exportparts', 'slot', 'popover', 'popovertarget', 'commandfor', 'command',
  'is', 'contenteditable', 'autofocus', 'http-equiv', 'nonce', 'download', 'attributionsrc',
]);

const URL_ATTRIBUTES = ['href', 'src', 'cite', 'longdesc', 'action', 'formaction', 'itemtype', 'itemid', 'manifest', 'profile', 'icon'];

const HTML_NS = 'http://www.w3.org/1999/xhtml';

const getter = (proto: object, name: string) => Object.getOwnPropertyDescriptor(proto, name)!.get!;
const elementProto = Element.prototype;
/** DOM reads that a clobbering <form> cannot intercept. */
const dom = {
  localName: (el: Element) => getter(elementProto, 'localName').call(el) as string,
  namespaceURI: (el: Element) => getter(elementProto, 'namespaceURI').call(el) as string | null,
  shadowRoot: (el: Element) => getter(elementProto, 'shadowRoot').call(el) as ShadowRoot | null,
  childCount: (el: Element) => (getter(Node.prototype, 'childNodes').call(el) as NodeList).length,
  getAttributeNames: (el: Element) => elementProto.getAttributeNames.call(el),
  getAttribute: (el: Element, name: string) => elementProto.getAttribute.call(el, name),
};

/** Protocol of a URL as the browser resolves it, after its own whitespace and case handling. */
function protocolOf(url: string): string | null {
  try {
    return new URL(url, document.baseURI).protocol;
  } catch {
    return null;
  }
}

export interface CheckOptions {
  allowImages: boolean;
}

/**
 * The view's own copy button on a finished code block (src/markdown/view.ts): a <button> with
 * part="copy-button", as the sanitizer never lets a reply make one (no <button>, no part).
 */
export function isViewChrome(el: Element): boolean {
  return (
    el.localName === 'button' &&
    el.getAttribute('part') === 'copy-button' &&
    el.getAttribute('type') === 'button' &&
    el.children.length === 0 &&
    [...el.attributes].every((a) => ['type', 'class', 'part'].includes(a.name)) &&
    el.parentElement?.localName === 'div' &&
    el.parentElement.classList.contains('code-block')
  );
}

/** The view's wrapper of a code block: a div around one <pre> and, once finished, its copy button. */
function isCodeWrapper(el: Element): boolean {
  const kids = [...el.children].filter((k) => !isViewChrome(k));
  return el.localName === 'div' && kids.length === 1 && kids[0]!.localName === 'pre';
}

/** Lists everything forbidden under `root` (and in any shadow root or template inside it). */
export function findViolations(root: ParentNode, options: CheckOptions): string[] {
  const problems: string[] = [];
  const elements = [...root.querySelectorAll('*')];
  for (const el of elements) {
    if (isViewChrome(el)) continue;
    // Read through the prototypes: a <form> in unsanitized input can clobber any of its properties
    // (<input name="attributes">), and the checks also run on unsanitized controls.
    const tag = dom.localName(el);
    const where = `<${tag}>`;
    const attr = (name: string) => dom.getAttribute(el, name);
    if (dom.namespaceURI(el) !== HTML_NS) problems.push(`${where} in namespace ${dom.namespaceURI(el)}`);
    if (tag === 'img') {
      if (!options.allowImages) problems.push(`${where} while images are off`);
    } else if (FORBIDDEN_ELEMENTS.has(tag)) {
      problems.push(`forbidden element ${where}`);
    }
    if (tag.includes('-')) problems.push(`custom element ${where}`);
    const shadow = dom.shadowRoot(el);
    if (shadow) problems.push(...findViolations(shadow, options).map((p) => `${where} shadow: ${p}`));
    if (el instanceof HTMLTemplateElement) problems.push(...findViolations(el.content, options));
    for (const rawName of dom.getAttributeNames(el)) {
      const name = rawName.toLowerCase();
      const value = attr(rawName) ?? '';
      if (name.startsWith('on')) problems.push(`${where} event handler ${name}`);
      // The view's own caret is the one element that carries a part.
      const isCaret = tag === 'span' && name === 'part' && value === 'caret' && dom.childCount(el) === 0;
      if (FORBIDDEN_ATTRIBUTES.has(name) && !isCaret) problems.push(`${where} forbidden attribute ${name}`);
      if (name.startsWith('data-')) problems.push(`${where} data attribute ${name}`);
      if (name.includes(':')) problems.push(`${where} namespaced attribute ${name}`);
      if ((name === 'id' || name === 'name') && !value.startsWith('user-content-')) {
        problems.push(`${where} unprefixed ${name}="${value}"`);
      }
      if (URL_ATTRIBUTES.includes(name)) {
        const protocol = protocolOf(value);
        if (protocol === null || !['http:', 'https:', 'mailto:'].includes(protocol)) {
          problems.push(`${where} ${name}="${value}" (${protocol})`);
        }
      }
      if (name === 'src' && tag !== 'img') problems.push(`${where} has src`);
      if (name === 'http-equiv') problems.push(`${where} http-equiv`);
      if (name === 'class') {
        // Only marked's language-* classes come from a reply; the view adds `caret` and `code-block`.
        for (const c of value.split(/\s+/).filter(Boolean)) {
          const own = (c === 'caret' && tag === 'span' && attr('part') === 'caret') || (c === 'code-block' && isCodeWrapper(el));
          if (!own && !/^language-[\w+#.-]+$/.test(c)) problems.push(`${where} class ${c}`);
        }
      }
    }
    if (tag === 'img') {
      const src = attr('src');
      if (src === null || !['http:', 'https:'].includes(protocolOf(src) ?? '')) problems.push(`<img> src ${src}`);
      if (attr('loading') !== 'lazy') problems.push('<img> not lazy');
      if (attr('referrerpolicy') !== 'no-referrer') problems.push('<img> sends a referrer');
    }
    if (tag === 'a' && attr('href') !== null) {
      const rel = (attr('rel') ?? '').split(/\s+/);
      if (attr('target') !== '_blank') problems.push(`<a> target=${attr('target')}`);
      for (const r of ['noopener', 'noreferrer', 'nofollow']) if (!rel.includes(r)) problems.push(`<a> rel lacks ${r}`);
    }
  }
  return problems;
}

/**
 * Watches a root for every node ever inserted or attribute ever set, so that a forbidden state
 * that exists only between two checks (inside one render) is still seen. With `scope`, only what
 * is inside an element that `scope` accepts is checked (the reply containers of the element, whose
 * own UI has buttons and a form).
 */
export class MutationWatch {
  problems: string[] = [];
  private observer: MutationObserver;

  constructor(
    private root: Node,
    private options: CheckOptions,
    private scope?: (el: Element) => boolean,
  ) {
    this.observer = new MutationObserver((records) => this.inspect(records));
  }

  start(): void {
    this.observer.observe(this.root, { subtree: true, childList: true, attributes: true, characterData: false });
  }

  stop(): string[] {
    this.inspect(this.observer.takeRecords());
    this.observer.disconnect();
    return this.problems;
  }

  private inScope(node: Node | null): boolean {
    for (let n = node; n; n = n.parentNode) {
      if (n instanceof Element && this.scope!(n)) return true;
    }
    return false;
  }

  private inspect(records: MutationRecord[]): void {
    for (const r of records) {
      const nodes = r.type === 'childList' ? [...r.addedNodes] : [r.target];
      for (const node of nodes) {
        if (!(node instanceof Element)) continue;
        if (!this.scope || this.inScope(r.type === 'childList' ? r.target : node)) {
          this.check(node);
        } else {
          // A subtree inserted at once (Lit commits a message with its content already rendered).
          for (const el of [node, ...node.querySelectorAll('*')]) if (this.scope(el)) for (const c of el.children) this.check(c);
        }
      }
    }
  }

  private check(node: Element): void {
    // The node may have been moved or removed since: check a copy of it as it is now, wrapped so
    // that the node itself is checked with its descendants, in an inert template (a copy made in
    // a live document would start fetching an <img>).
    const inert = document.createElement('template');
    const box = inert.content.ownerDocument.createElement('div');
    box.append(inert.content.ownerDocument.importNode(node, true));
    inert.content.append(box);
    for (const p of findViolations(inert.content, this.options)) this.problems.push(`mutation: ${p}`);
  }
}

/** Resolves after the next animation frame (after the frame callbacks registered before it). */
export function nextFrame(): Promise<void> {
  return realFrame();
}

/** Splits a payload into chunks: whole, fixed sizes, and cut at every tag or attribute boundary. */
export function splits(text: string): { name: string; chunks: string[] }[] {
  const result: { name: string; chunks: string[] }[] = [{ name: 'whole', chunks: [text] }];
  for (const size of [1, 3, 7]) {
    if (size === 1 && text.length > 160) continue;
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
    result.push({ name: `every ${size}`, chunks });
  }
  // Cut before and after each character that matters inside a tag: the stream stops mid-tag,
  // mid-attribute-name, right after `=`, inside a quoted value and inside a URL scheme.
  const cuts = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    if ('<>="\'=:&;/ ()[]!'.includes(text[i]!)) {
      cuts.add(i);
      cuts.add(i + 1);
    }
  }
  const points = [...cuts].filter((p) => p > 0 && p < text.length).sort((a, b) => a - b);
  const boundary: string[] = [];
  let last = 0;
  for (const p of points) {
    boundary.push(text.slice(last, p));
    last = p;
  }
  boundary.push(text.slice(last));
  result.push({ name: 'tag boundaries', chunks: boundary });
  return result;
}

const realRequestAnimationFrame = window.requestAnimationFrame.bind(window);

/** Resolves after the next real animation frame. */
export function realFrame(): Promise<void> {
  return new Promise((resolve) => realRequestAnimationFrame(() => resolve()));
}

/**
 * Takes over requestAnimationFrame, so that a test decides when a frame happens and checks the DOM
 * after each one, without waiting 16 ms per token.
 */
export class FrameDriver {
  private queue = new Map<number, FrameRequestCallback>();
  private next = 1;
  private saved: { raf: typeof requestAnimationFrame; caf: typeof cancelAnimationFrame } | undefined;

  install(): void {
    this.saved = { raf: window.requestAnimationFrame, caf: window.cancelAnimationFrame };
    window.requestAnimationFrame = (cb) => {
      const id = this.next++;
      this.queue.set(id, cb);
      return id;
    };
    window.cancelAnimationFrame = (id) => {
      this.queue.delete(id);
    };
  }

  uninstall(): void {
    if (!this.saved) return;
    window.requestAnimationFrame = this.saved.raf;
    window.cancelAnimationFrame = this.saved.caf;
    this.saved = undefined;
    this.queue.clear();
  }

  /** Runs the callbacks of one frame; returns how many ran. */
  frame(): number {
    const callbacks = [...this.queue.values()];
    this.queue.clear();
    const now = performance.now();
    for (const cb of callbacks) cb(now);
    return callbacks.length;
  }
}

/**
 * Watches every test of the calling suite: resets the attacker's hit counter, installs the canary and
 * the frame driver, and records resource requests; undoes it all after each test.
 */
export function watchEachTest(): { canary: Canary; frames: FrameDriver; resources: ResourceWatch } {
  const canary = new Canary();
  const frames = new FrameDriver();
  const resources = new ResourceWatch();
  beforeEach(async () => {
    await attackerHits(true);
    canary.install();
    frames.install();
    resources.entries = [];
    resources.start();
  });
  afterEach(() => {
    resources.stop();
    frames.uninstall();
    canary.uninstall();
  });
  return { canary, frames, resources };
}
