import DOMPurify from 'dompurify';
import type { Config, DOMPurify as Purifier, UponSanitizeAttributeHookEvent } from 'dompurify';

/** Options of the sanitizer for model output. */
export interface SanitizeOptions {
  /** Off: images are not loaded; they become links carrying their alt text. */
  allowImages: boolean;
}

/** URL schemes that survive in model output; relative and fragment URLs survive too. */
export const ALLOWED_URL_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];

/** Elements removed from model output (the text of some, a <form>'s say, stays; a <style>'s or an <svg>'s goes too). */
export const FORBIDDEN_TAGS: readonly string[] = [
  'style', 'script', 'noscript', 'template', 'slot', 'shadow', 'content', 'element', 'decorator',
  'form', 'input', 'button', 'textarea', 'select', 'option', 'optgroup', 'datalist', 'output',
  'fieldset', 'legend', 'label',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'portal', 'fencedframe',
  'meta', 'base', 'link', 'title',
  'svg', 'math', 'dialog', 'menuitem', 'map', 'area', 'track', 'canvas', 'marquee', 'blink',
];

/** Attributes removed from every element of model output. */
export const FORBIDDEN_ATTRIBUTES: readonly string[] = [
  'style', 'srcset', 'sizes', 'poster', 'background', 'ping', 'usemap', 'ismap', 'download',
  'action', 'formaction', 'method', 'enctype', 'form', 'target', 'rel', 'rev',
  // Shadow-DOM plumbing: a reply must not style itself through the host page's ::part() rules
  // or move into a slot.
  'part', 'exportparts', 'slot',
  // Top-layer and invoker features let content escape its box or act on other elements.
  'popover', 'popovertarget', 'popovertargetaction', 'command', 'commandfor',
  'autoplay', 'controls', 'crossorigin', 'integrity', 'nonce', 'is', 'xmlns', 'autofocus',
  'contenteditable', 'accesskey',
];

/**
 * Attributes that carry a URL, from the HTML and SVG specifications and legacy browsers.
 * Each one that is left on an element is checked with `isSafeUrl`.
 */
export const URL_ATTRIBUTES: readonly string[] = [
  'href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'cite', 'longdesc', 'poster',
  'srcset', 'data', 'codebase', 'manifest', 'ping', 'usemap', 'lowsrc', 'dynsrc', 'profile',
  'icon', 'itemtype', 'itemid', 'archive', 'classid', 'imagesrcset', 'attributionsrc',
];

// Marked only adds `language-…` classes; any other class would reach the element's own styles.
const SAFE_CLASS = /^language-[\w+#.-]+$/;

// Any http(s) base works here: it only lets relative URLs parse so that their scheme is known.
const RELATIVE_BASE = 'https://relative.invalid/';

/**
 * Tells whether a URL (an attribute value, after entity decoding) is allowed in model output:
 * `http:`, `https:`, `mailto:`, relative or fragment.
 * The WHATWG URL parser decides, as the browser will: it drops tabs and newlines anywhere and
 * C0 controls and spaces at either end, and ignores the scheme's case.
 */
export function isSafeUrl(url: string): boolean {
  // A control character other than those the parser strips has no business in a link.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(url.trim())) return false;
  let parsed: URL;
  try {
    parsed = new URL(url, RELATIVE_BASE);
  } catch {
    return false;
  }
  return ALLOWED_URL_PROTOCOLS.includes(parsed.protocol);
}

/** Tells whether an image URL may be loaded when images are allowed: `http:` or `https:` once resolved. */
export function isSafeImageUrl(url: string, base: string = RELATIVE_BASE): boolean {
  if (!isSafeUrl(url)) return false;
  try {
    const { protocol } = new URL(url, base);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The label of a link that stands for an image: `🖼 alt (host)`. */
export function imageLinkLabel(alt: string, url: string | null, base: string = RELATIVE_BASE): string {
  const text = alt.replace(/\s+/g, ' ').trim() || 'image';
  let host = '';
  if (url !== null) {
    try {
      const resolved = new URL(url, base);
      host = resolved.protocol === 'mailto:' ? '' : resolved.host;
    } catch {
      host = '';
    }
  }
  return host ? `🖼 ${text} (${host})` : `🖼 ${text}`;
}

/** The DOMPurify configuration for model output (images are handled by the hooks). */
export const PURIFY_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: [...FORBIDDEN_TAGS],
  FORBID_ATTR: [...FORBIDDEN_ATTRIBUTES],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Only what `isSafeUrl` allows; the hooks check again after decoding, for every URL attribute.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  SANITIZE_DOM: true,
  SANITIZE_NAMED_PROPS: true,
  KEEP_CONTENT: true,
  WHOLE_DOCUMENT: false,
  RETURN_DOM_FRAGMENT: true,
  RETURN_TRUSTED_TYPE: false,
} satisfies Config;

const MEDIA_TAGS = new Set(['img', 'picture', 'video', 'audio', 'source']);
const NEVER_ALLOWED = [...FORBIDDEN_TAGS, 'picture', 'video', 'audio', 'source', 'image'].join(',');

// A dedicated instance: hooks and configuration stay private to model output. It is created on
// first use, so importing this module where there is no DOM (Node, server rendering) is safe.
let purifier: Purifier | undefined;
// The hooks read the options of the call in progress; sanitize() is synchronous and not reentrant.
let current: SanitizeOptions = { allowImages: false };

/**
 * Turns untrusted HTML (the output of marked on a model's reply) into a sanitized fragment, ready
 * to insert. The fragment belongs to an inert document: nothing in it has loaded anything.
 */
export function sanitize(html: string, options: SanitizeOptions): DocumentFragment {
  purifier ??= createPurifier();
  current = { allowImages: options.allowImages === true };
  try {
    const fragment = purifier.sanitize(withoutInlineCode(html), PURIFY_CONFIG);
    // The hooks have replaced every fetching element already; this pass makes sure of it before the
    // caller adopts the fragment into a live document, where an <img src> would start loading.
    for (const el of fragment.querySelectorAll(current.allowImages ? NEVER_ALLOWED : NEVER_ALLOWED + ',img')) {
      el.remove();
    }
    return fragment;
  } finally {
    current = { allowImages: false };
  }
}

// Elements whose content the HTML parser reads as text up to their end tag.
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'textarea', 'title']);

/**
 * Takes `<style>` elements, `style` attributes and `on…` event handler attributes out of HTML
 * before it is parsed.
 *
 * DOMPurify parses with DOMParser, whose document inherits the page's Content-Security-Policy:
 * under `style-src 'self'` and `script-src 'self'` each `<style>`, `style` and `onerror` in a reply
 * is reported as a violation at parse time, although nothing runs and the sanitizer removes it
 * right after (https://github.com/cure53/DOMPurify/issues/900). Safety does not rest on this pass: it only
 * keeps the page's violation reports clean. It reads tags the way the HTML tokenizer does, so text
 * that merely looks like an attribute (`style=bold` in prose) is left alone.
 */
export function withoutInlineCode(html: string): string {
  if (!/style|on/i.test(html)) return html;
  const at = (re: RegExp, index: number): RegExpExecArray | null => {
    re.lastIndex = index;
    return re.exec(html);
  };
  let out = '';
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    out += html.slice(i, lt);
    i = lt;
    let skip: RegExpExecArray | null;
    if ((skip = at(COMMENT, i)) || (skip = at(BOGUS_COMMENT, i))) {
      const stop = skip[0].length === 0 ? n : i + skip[0].length;
      out += html.slice(i, stop);
      i = stop;
      continue;
    }
    const tag = at(TAG_OPEN, i);
    if (!tag) {
      out += '<';
      i += 1;
      continue;
    }
    const closing = tag[1] === '/';
    const name = tag[2]!.toLowerCase();
    // A <style> becomes an <xmp>: raw text too, and dropped with its content by the sanitizer.
    out += `<${tag[1]}${name === 'style' ? 'xmp' : tag[2]}`;
    i += tag[0].length;
    while (i < n) {
      const ws = at(BETWEEN_ATTRIBUTES, i)![0];
      out += ws;
      i += ws.length;
      if (i >= n || html[i] === '>') break;
      const attr = at(ATTRIBUTE, i)!;
      const stop = attr[0].length === 0 ? n : i + attr[0].length;
      const attrName = (attr[1] ?? '').toLowerCase();
      if (attrName !== 'style' && !attrName.startsWith('on')) out += html.slice(i, stop);
      i = stop;
    }
    if (i < n) {
      out += '>';
      i += 1;
    }
    if (!closing && RAW_TEXT.has(name)) {
      const end = new RegExp(`</${name}[\\s/>]`, 'ig');
      end.lastIndex = i;
      const stop = end.exec(html)?.index ?? n;
      out += html.slice(i, stop);
      i = stop;
    } else if (!closing && name === 'plaintext') {
      break;
    }
  }
  return out + html.slice(i);
}

// Sticky patterns of the pass above, after the HTML tokenizer's states. A comment ends at `-->`,
// `--!>`, or at once for `<!-->` and `<!--->`; an unterminated one runs to the end (empty match).
const COMMENT = /<!--(?:-?>|[\s\S]*?--!?>)|(?=<!--)/y;
const BOGUS_COMMENT = /<[!?][^>]*>|(?=<[!?])/y;
const TAG_OPEN = /<(\/?)([a-zA-Z][^\s/>]*)/y;
const BETWEEN_ATTRIBUTES = /[\s/]*/y;
const ATTRIBUTE = /([^\s/>][^\s/>=]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?|(?=.)/y;

function createPurifier(): Purifier {
  // DOMPurify makes its own Trusted Types policy, named `dompurify`, on first use where Trusted
  // Types exist; it is the only policy this path needs (the document is parsed through it).
  const purify = DOMPurify(window);
  purify.addHook('uponSanitizeAttribute', checkAttribute);
  purify.addHook('afterSanitizeAttributes', finishElement);
  return purify;
}

function checkAttribute(_node: Element, data: UponSanitizeAttributeHookEvent): void {
  const name = data.attrName.toLowerCase();
  // The value is the parsed attribute, so character references are already decoded.
  if (URL_ATTRIBUTES.includes(name) && !isSafeUrl(data.attrValue)) {
    data.keepAttr = false;
    return;
  }
  if (name.startsWith('on')) {
    data.keepAttr = false;
    return;
  }
  if (name === 'class') {
    const classes = data.attrValue.split(/\s+/).filter((c) => SAFE_CLASS.test(c));
    if (classes.length === 0) data.keepAttr = false;
    else data.attrValue = classes.join(' ');
  }
}

function finishElement(node: Element): void {
  const tag = node.localName;
  // Everything below runs in DOMPurify's inert document, before the fragment is returned: no
  // element that could fetch reaches a document with a browsing context.
  for (const name of URL_ATTRIBUTES) {
    const value = node.getAttribute(name);
    if (value !== null && !isSafeUrl(value)) node.removeAttribute(name);
  }
  if (MEDIA_TAGS.has(tag)) {
    finishMedia(node, tag);
    return;
  }
  if (tag === 'a' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
}

function finishMedia(node: Element, tag: string): void {
  const doc = node.ownerDocument;
  if (current.allowImages && tag === 'img') {
    const src = node.getAttribute('src');
    if (src === null || !isSafeImageUrl(src, baseUrl())) {
      node.replaceWith(doc.createTextNode(imageLinkLabel(node.getAttribute('alt') ?? '', null)));
      return;
    }
    for (const attr of [...node.attributes]) {
      if (!['src', 'alt', 'title', 'width', 'height'].includes(attr.name)) node.removeAttribute(attr.name);
    }
    node.setAttribute('loading', 'lazy');
    node.setAttribute('decoding', 'async');
    node.setAttribute('referrerpolicy', 'no-referrer');
    return;
  }
  if (current.allowImages && tag === 'picture') {
    // A <picture> keeps only its <img>, which is sanitized next as the walk reaches it.
    const img = node.querySelector('img');
    if (img) node.replaceWith(img);
    else node.remove();
    return;
  }
  // Images when they are off, and <video>/<audio> always: a link to the media instead.
  const { url, alt } = mediaSource(node, tag);
  // Inside a link (a badge, say) the label joins the outer link: links do not nest.
  node.replaceWith(mediaLink(doc, node.closest('a') ? null : url, alt, url));
}

/** The URL and the description of a media element; the URL is null when there is none or it is unsafe. */
function mediaSource(node: Element, tag: string): { url: string | null; alt: string } {
  const img = tag === 'img' ? node : node.querySelector('img');
  const candidates = [
    node.getAttribute('src'),
    img?.getAttribute('src') ?? null,
    ...[...node.querySelectorAll('source')].map((s) => s.getAttribute('src') ?? firstSrcsetUrl(s.getAttribute('srcset'))),
  ];
  const url = candidates.find((u): u is string => u !== null && u.trim() !== '' && isSafeUrl(u)) ?? null;
  const alt = img?.getAttribute('alt') ?? node.getAttribute('title') ?? node.getAttribute('aria-label') ?? '';
  return { url, alt: alt || (tag === 'video' ? 'video' : tag === 'audio' ? 'audio' : '') };
}

function firstSrcsetUrl(srcset: string | null): string | null {
  const first = srcset?.trim().split(/[\s,]+/)[0];
  return first ? first : null;
}

function mediaLink(doc: Document, url: string | null, alt: string, shown: string | null): Node {
  const label = imageLinkLabel(alt, shown, baseUrl());
  if (url === null) return doc.createTextNode(label);
  const a = doc.createElement('a');
  a.setAttribute('href', url);
  a.setAttribute('target', '_blank');
  a.setAttribute('rel', 'noopener noreferrer nofollow');
  a.textContent = label;
  return a;
}

function baseUrl(): string {
  // The page's own base decides where relative URLs point; an opaque one (about:srcdoc) falls back.
  const base = typeof document === 'undefined' ? '' : document.baseURI;
  return /^https?:/i.test(base) ? base : RELATIVE_BASE;
}
