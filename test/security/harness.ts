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

const SVG_NS = 'http://www.w3.org/2000/svg';
const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

const hasOnly = (el: Element, names: string[]) => dom.getAttributeNames(el).every((a) => names.includes(a));
const parentIs = (el: Element, test: (parent: Element) => boolean) => el.parentElement !== null && test(el.parentElement);
const isHtml = (el: Element, tag: string, className: string) =>
  dom.namespaceURI(el) === HTML_NS && dom.localName(el) === tag && dom.getAttribute(el, 'class') === className;

/** The view's wrapper of a code block: a div holding its header, then one <pre>. */
function isCodeWrapper(el: Element): boolean {
  const kids = [...el.children];
  return isHtml(el, 'div', 'code-block') && hasOnly(el, ['class']) && kids.length === 2 && isCodeHeader(kids[0]!) && dom.localName(kids[1]!) === 'pre';
}

/** A code block's header: its language label (when it has one), then its copy button (once finished). */
function isCodeHeader(el: Element): boolean {
  return (
    isHtml(el, 'div', 'code-header') &&
    hasOnly(el, ['class']) &&
    [...el.children].every((kid) => isLanguageLabel(kid) || isCopyButton(kid))
  );
}

const isLanguageLabel = (el: Element) => isHtml(el, 'span', 'code-language') && hasOnly(el, ['class']) && el.children.length === 0;

/** The copy button: a <button> with part="copy-button" (the sanitizer never lets a reply make one), its icon and label. */
function isCopyButton(el: Element): boolean {
  const kids = [...el.children];
  return (
    dom.localName(el) === 'button' &&
    dom.getAttribute(el, 'part') === 'copy-button' &&
    dom.getAttribute(el, 'type') === 'button' &&
    /^copy-button( copied)?$/.test(dom.getAttribute(el, 'class') ?? '') &&
    hasOnly(el, ['type', 'class', 'part', 'title']) &&
    kids.length === 2 &&
    isCopyIcon(kids[0]!) &&
    isHtml(kids[1]!, 'span', 'copy-label') &&
    hasOnly(kids[1]!, ['class']) &&
    kids[1]!.children.length === 0
  );
}

const ICON_ATTRIBUTES = ['class', 'viewBox', 'width', 'height', 'fill', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'aria-hidden', 'focusable'];
const SHAPE_ATTRIBUTES = ['x', 'y', 'width', 'height', 'rx', 'd'];

/** The copy icon: an inline SVG of one <rect> and one <path>, hidden from assistive technology, with no link or handler. */
function isCopyIcon(el: Element): boolean {
  const kids = [...el.children];
  return (
    dom.namespaceURI(el) === SVG_NS &&
    dom.localName(el) === 'svg' &&
    dom.getAttribute(el, 'aria-hidden') === 'true' &&
    hasOnly(el, ICON_ATTRIBUTES) &&
    kids.length === 2 &&
    kids.every((kid) => dom.namespaceURI(kid) === SVG_NS && ['rect', 'path'].includes(dom.localName(kid)) && hasOnly(kid, SHAPE_ATTRIBUTES) && kid.children.length === 0)
  );
}

/**
 * The view's own decorations of a code block (src/markdown/view.ts), exactly as it makes them — the
 * header, the language label, the copy button, its icon and label — and nothing broader: each is
 * checked with its place in the wrapper.
 */
export function isViewChrome(el: Element): boolean {
  if (isCodeHeader(el)) return parentIs(el, isCodeWrapper);
  if (isLanguageLabel(el)) return parentIs(el, isCodeHeader);
  if (isCopyButton(el)) return parentIs(el, isCodeHeader);
  if (isHtml(el, 'span', 'copy-label') || (dom.namespaceURI(el) === SVG_NS && dom.localName(el) === 'svg')) return parentIs(el, isCopyButton);
  if (dom.namespaceURI(el) === SVG_NS && ['rect', 'path'].includes(dom.localName(el))) return parentIs(el, (svg) => isCopyIcon(svg) && parentIs(svg, isCopyButton));
  return false;
}

/** MathML elements and attributes the math renderer (temml) writes; nothing that links, styles or holds HTML. */
const MATHML_ELEMENTS = new Set('math menclose mfrac mi mmultiscripts mn mo mover mpadded mphantom mprescripts mroot mrow ms mspace msqrt mstyle msub msubsup msup mtable mtd mtext mtr munder munderover none'.split(' '));
const MATHML_ATTRIBUTES = new Set('class accent accentunder columnalign columnlines columnspacing depth display displaystyle fence form height largeop linethickness lspace mathbackground mathcolor mathsize mathvariant maxsize minsize movablelimits notation rowalign rowlines rowspacing rspace scriptlevel separator stretchy symmetric voffset width xmlns'.split(' '));

/** A rendered formula's MathML: inside the renderer's `span.math`, only its elements and attributes. */
function isRenderedMath(el: Element): boolean {
  if (dom.namespaceURI(el) !== MATHML_NS || !MATHML_ELEMENTS.has(dom.localName(el))) return false;
  if (!dom.getAttributeNames(el).every((name) => MATHML_ATTRIBUTES.has(name))) return false;
  const root = dom.localName(el) === 'math' ? el : el.closest('math');
  return root !== null && parentIs(root, (span) => dom.localName(span) === 'span' && /^math math-(inline|display)$/.test(dom.getAttribute(span, 'class') ?? ''));
}

/** Whether class `c` on `el` is one chat-stream writes: marked's, the view's, the highlighter's or the math renderer's. */
function isOwnClass(el: Element, c: string): boolean {
  const tag = dom.localName(el);
  if (/^language-[\w+#.-]+$/.test(c)) return true;
  if (c === 'caret') return tag === 'span' && dom.getAttribute(el, 'part') === 'caret';
  if (c === 'code-block') return isCodeWrapper(el);
  // highlight.js: `hljs` on the <code>, `hljs-…` scopes and their sub-scopes (`function_`) on spans inside it.
  if (c === 'hljs') return tag === 'code' && parentIs(el, (pre) => dom.localName(pre) === 'pre');
  if (/^hljs-[\w-]+$|^[a-z]+_+$/.test(c)) return tag === 'span' && el.closest('pre > code.hljs') !== null;
  if (/^math(-inline|-display|-error)?$/.test(c)) return tag === 'span';
  if (/^tml-[\w-]+$/.test(c)) return isRenderedMath(el);
  return false;
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
    if (isRenderedMath(el)) continue;
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
        for (const c of value.split(/\s+/).filter(Boolean)) {
          if (!isOwnClass(el, c)) problems.push(`${where} class ${c}`);
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
