import { MATH_MARK, MATH_MARK_ATTRIBUTE } from './math-mark.js';
import DOMPurify from 'dompurify';
import type { DOMPurify as Purifier } from 'dompurify';

/** Options of the sanitizer for model output. */
export interface SanitizeOptions {
  /** Off: images are not loaded; they become links carrying their alt text. */
  allowImages: boolean;
}

// A dedicated instance: hooks and configuration stay private to model output. It is created on
// first use, so importing this module where there is no DOM (Node, server rendering) is safe.
let purifier: Purifier | undefined;
// The hooks read the option of the call in progress; sanitize() is synchronous and not reentrant,
// and every call sets it, so nothing carries over to the next call.
let images = false;

/**
 * Turns untrusted HTML (the output of marked on a model's reply) into a sanitized fragment, ready
 * to insert. The fragment belongs to an inert document: nothing in it has loaded anything.
 */
export function sanitize(html: string, options: SanitizeOptions): DocumentFragment {
  purifier ??= createPurifier();
  images = options.allowImages === true;
  return purifier.sanitize(withoutInlineCode(html)) as unknown as DocumentFragment;
}

function createPurifier(): Purifier {
  // DOMPurify makes its own Trusted Types policy, named `dompurify`, on first use where Trusted
  // Types exist; it is the only policy this path needs (the document is parsed through it).
  const purify = DOMPurify(window);
  // One configuration, set once. An allow-list: every element and attribute not named here is
  // removed (the text of most stays; that of <script>, <style>, <svg>, <template> and the like goes
  // too), so SVG, <style>, forms, frames, <meta>, <base>, <link>, custom elements, `style`,
  // `srcset`, `poster`, `on…`, `part`, `slot`, `popover`, `is`, data attributes and whatever the
  // platform adds next never pass. MathML passes as the presentation elements temml writes, with
  // their layout attributes only: no `href` (the last hook), no `style`, no <maction>, <semantics>
  // or <annotation-xml> (which can hold HTML).
  purify.setConfig({
    // <img> is here for allow-images; otherwise the first hook below has replaced it already.
    // <picture>, <video> and <audio> never get this far (the hook turns them into links); <tbody>
    // comes with <table>.
    // Only what marked's GFM output, common inline HTML in replies and temml's MathML use.
    ALLOWED_TAGS: [
      ...'a abbr b bdi bdo blockquote br caption code dd del details div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt ruby s span strong sub summary sup table tfoot td th thead tr u ul wbr'.split(' '),
      ...'math menclose mfrac mi mmultiscripts mn mo mover mpadded mphantom mprescripts mroot mrow ms mspace msqrt mstyle msub msubsup msup mtable mtd mtext mtr munder munderover none'.split(' '),
    ],
    // href and src are the only URL attributes; the last hook keeps them on <a> and <img> only.
    // No id or name: nothing to clobber document properties with. The second line is MathML's.
    ALLOWED_ATTR: [
      ...'href src alt title class start colspan rowspan align open dir lang'.split(' '),
      ...'accent accentunder columnalign columnlines columnspacing depth display displaystyle fence form height largeop linethickness lspace mathbackground mathcolor mathsize mathvariant maxsize minsize movablelimits notation rowalign rowlines rowspacing rspace scriptlevel separator stretchy symmetric voffset width'.split(' '),
    ],
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });

  // URLs: http:, https:, mailto:, relative and fragment. DOMPurify's own URI check comes first: it
  // removes every space and control character from the value (the HTML parser has decoded the
  // entities already) and refuses `javascript:`, `vbscript:`, `data:` (but on media) and unknown
  // schemes. It still lets `tel:`, `ftp:` and a few others through, and unparsable URLs, so each
  // href and src is then resolved the way the browser will follow it, by a link of the page's own
  // document (never inserted, so it loads nothing) against the page's base: its parser drops tabs
  // and newlines anywhere and C0 controls and spaces at either end and ignores the scheme's case;
  // an unparsable URL has the protocol ":".
  const resolver = document.createElement('a');
  const protocol = (url: string): string => ((resolver.href = url), resolver.protocol);
  const LINK = /^(https?|mailto):$/;

  /**
   * Replaces a media element with a link to its first allowed URL, labelled `Image: alt (host)`; with a
   * text label instead when no URL is allowed, or when it sits in a link (links do not nest: a
   * badge's label joins the outer link). Everything runs in DOMPurify's inert document, before the
   * fragment is returned: no element that could fetch reaches a document with a browsing context.
   */
  const toLink = (node: Element, tag: string): void => {
    const img = tag === 'img' ? node : node.querySelector('img');
    // Candidates are not sanitized yet: each one goes through the same check as an href.
    const url = [node, img, ...node.querySelectorAll('source')]
      .map((el) => el?.getAttribute('src'))
      .find((u) => u?.trim() && LINK.test(protocol(u)));
    const alt = (img ?? node).getAttribute('alt') || node.getAttribute('title') || '';
    // Words, not an icon, say what it is: "Video" and "Audio", the rest is an "Image"; then the alt
    // text. The host is empty for mailto: and when there is no URL; the resolver holds the URL found.
    const text = alt.replace(/\s+/g, ' ').trim();
    const kind = tag === 'video' ? 'Video' : tag === 'audio' ? 'Audio' : 'Image';
    const label = (text ? `${kind}: ${text}` : kind) + (url && resolver.host ? ` (${resolver.host})` : '');
    node.replaceWith(
      url && !node.closest('a')
        ? Object.assign(node.ownerDocument.createElement('a'), { href: url, textContent: label })
        : label,
    );
  };

  // Media, before DOMPurify looks at the element. Images when they are off, <video> and <audio>
  // always: a link instead. With images on, a <picture> keeps only its <img>, which the walk
  // reaches next; an <img> stays, for the last hook to check.
  purify.addHook('uponSanitizeElement', (node, { tagName }) => {
    const el = node as Element;
    // MathML only as the math renderer made it (src/markdown/math-mark.ts); raw <math> goes, content and all.
    if (tagName === 'math' && el.getAttribute(MATH_MARK_ATTRIBUTE) !== MATH_MARK) {
      el.remove();
      return;
    }
    if (/^(img|picture|video|audio)$/.test(tagName) && !(images && tagName === 'img')) {
      if (images && tagName === 'picture') el.replaceWith(el.querySelector('img') ?? '');
      else toLink(el, tagName);
    }
  });

  // Only the classes chat-stream itself writes survive; any other would reach the element's own
  // styles. By element: marked's `language-…`; on <code> and <span> the highlighter's `hljs`,
  // `hljs-…` and sub-scopes (`function_`, `inherited__`); on <span> the math wrappers; on MathML
  // temml's `tml-…`.
  purify.addHook('uponSanitizeAttribute', (node, event) => {
    if (event.attrName === 'class') {
      const tag = (node as Element).localName;
      const allowed = tag === 'span' ? SPAN_CLASS : tag === 'code' ? CODE_CLASS : (node as Element).namespaceURI === MATHML ? MATHML_CLASS : LANGUAGE_CLASS;
      event.attrValue = event.attrValue.split(/\s+/).filter((name) => allowed.test(name)).join(' ');
      event.keepAttr = !!event.attrValue;
    }
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as HTMLAnchorElement & HTMLImageElement;
    const tag = el.localName;
    const href = el.getAttribute('href');
    const src = el.getAttribute('src');
    // A link: http:, https:, mailto:, relative or fragment; whatever the reply says, it opens in a
    // new tab, with no opener and no referrer. No other element keeps an href.
    if (tag === 'a' && href !== null && LINK.test(protocol(href))) {
      el.target = '_blank';
      el.rel = 'noopener noreferrer nofollow';
    } else el.removeAttribute('href');
    // An image that may load (images on): only over http(s) once resolved (not data:, mailto: or a
    // relative URL on a page that is not http), lazily and without a referrer; else a link. No
    // other element keeps a src.
    if (tag !== 'img') el.removeAttribute('src');
    else if (images) {
      if (src && /^https?:$/.test(protocol(src))) {
        el.loading = 'lazy';
        el.decoding = 'async';
        el.referrerPolicy = 'no-referrer';
      } else toLink(el, tag);
    }
  });
  return purify;
}

const LANGUAGE_CLASS = /^language-[\w+#.-]+$/;
const CODE_CLASS = /^(hljs|language-[\w+#.-]+)$/;
const SPAN_CLASS = /^(hljs-[\w-]+|[a-z]+_+|language-[\w+#.-]+|math|math-(inline|display|error))$/;
const MATHML_CLASS = /^tml-[\w-]+$/;
const MATHML = 'http://www.w3.org/1998/Math/MathML';

/**
 * Takes `<style>` elements, `style` attributes and `on…` event handler attributes out of HTML
 * before it is parsed.
 *
 * DOMPurify parses with DOMParser, whose document inherits the page's Content-Security-Policy:
 * under `style-src 'self'` and `script-src 'self'` each `<style>`, `style` and `onerror` in a reply
 * is reported as a violation at parse time, although nothing runs and the sanitizer removes it
 * right after (https://github.com/cure53/DOMPurify/issues/900). Every other way to parse HTML in a
 * page reports the attributes too, inert documents included (checked in Chromium 156:
 * `createHTMLDocument` + `innerHTML`, `<template>`, `parseHTMLUnsafe`, `setHTMLUnsafe`,
 * `createContextualFragment`, the Sanitizer API's `setHTML`), so they must not reach a parser.
 * Safety does not rest on this pass: it only keeps the page's violation reports clean.
 * It reads tags the way the HTML tokenizer does, so text that merely looks like an attribute
 * (`style=bold` in prose) is left alone.
 */
export function withoutInlineCode(html: string): string {
  return html.replace(TOKEN, (match, _raw: string | undefined, tag?: string, attributes?: string) =>
    tag
      ? // A <style> becomes an <xmp>: raw text too, and dropped with its content by the sanitizer.
        tag.replace(/^(<\/?)style$/i, '$1xmp') +
        attributes!.replace(ATTRIBUTE, (a) => (/^(on|style(?![^\s=]))/i.test(a) ? '' : a)) +
        match.slice(tag.length + attributes!.length)
      : match,
  );
}

// One attribute, after the HTML tokenizer's states: a name, then maybe `=` and a value, quoted or
// not; an unterminated quote runs to the end of the input (the parser drops such a tag).
const ATTRIBUTE = /[^\s/>][^\s/>=]*(?:\s*=\s*(?:"[^"]*"?|'[^']*'?|[^\s>]*))?/g;

// The tokens of the pass above. A comment ends at `-->`, `--!>`, or at once for `<!-->` and
// `<!--->`; an unterminated one runs to the end. `<!…>` and `<?…>` are bogus comments. A tag is
// `<name` or `</name` (group 2) with its attributes (group 3: ATTRIBUTE, repeated, written out so
// that the literal stays a literal) and `>`. When it opens an element whose content the parser
// reads as text up to its end tag, group 1 holds the name (a lookahead in the first branch of an
// alternation, as a `?` would skip an empty match) and the text is taken with the tag: `(?!\1)`
// fails when group 1 is unset, since an unset backreference matches the empty string. (Only
// `</plaintext` ends <plaintext> here, where nothing does for the parser: what follows is then
// read as tags, which can only take out more.) Every branch after `<` is optional past its first
// characters, so the first path tried matches and nothing backtracks: linear time.
const TOKEN =
  /<!--(?:-?>|[^]*?(?:--!?>|$))|<[!?][^>]*>?|(?:(?=<(script|style|xmp|iframe|noembed|noframes|textarea|title|plaintext)[\s/>])|)(<\/?[a-z][^\s/>]*)((?:[\s/]*[^\s/>][^\s/>=]*(?:\s*=\s*(?:"[^"]*"?|'[^']*'?|[^\s>]*))?)*[\s/]*)(?:(?!\1)>[^]*?(?=<\/\1[\s/>]|$)|>)?/gi;
