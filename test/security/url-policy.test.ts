import { expect } from '@open-wc/testing';
import { sanitize } from '../../src/markdown/sanitize.js';

// The URL policy, checked through sanitize(), the public seam: DOMPurify's URI check, then the
// browser's own resolution of each href and src against the page (src only on images, with images on). Each URL is written into an attribute with the
// characters that would end it escaped, so the sanitizer sees exactly this value once the parser
// has decoded the entities; except NUL, which no attribute can hold: the parser makes it U+FFFD.
const escape = (url: string) => url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The fragment sanitize() makes of `html`, in an inert template (an <img> in it is not fetched). */
function sanitized(html: string, allowImages = false): DocumentFragment {
  const t = document.createElement('template');
  t.content.append(sanitize(html, { allowImages }));
  return t.content;
}

/** Whether a link keeps this href. */
function isSafeUrl(url: string): boolean {
  return sanitized(`<a href="${escape(url)}">x</a>`).querySelector('a')!.hasAttribute('href');
}

/** Whether an image with this src stays an image when images are allowed. */
function isSafeImageUrl(url: string, after = ''): boolean {
  return sanitized(`<img src="${escape(url)}" alt="i">${after}`, true).querySelector('img') !== null;
}

/** The label of the link or text that an image with this alt and src becomes when images are off. */
function imageLinkLabel(alt: string, url: string | null): string {
  const src = url === null ? '' : ` src="${escape(url)}"`;
  return sanitized(`<img alt="${escape(alt)}"${src}>`).textContent!;
}

// Values as the sanitizer sees them: attribute values after the HTML parser decoded entities.
const cases: { url: string; safe: boolean }[] = [
  { url: 'https://example.com/a?b=c#d', safe: true },
  { url: 'http://example.com', safe: true },
  { url: 'HTTPS://EXAMPLE.COM', safe: true },
  { url: 'mailto:someone@example.com', safe: true },
  { url: 'MailTo:someone@example.com', safe: true },
  { url: '/relative/path', safe: true },
  { url: 'relative/path', safe: true },
  { url: './x', safe: true },
  { url: '../x', safe: true },
  { url: '#fragment', safe: true },
  { url: '?query=1', safe: true },
  { url: '//example.com/protocol-relative', safe: true },
  { url: '', safe: true },
  { url: 'javascript%3Aalert(1)', safe: true }, // a relative path, also for the browser
  { url: 'ｊａｖａｓｃｒｉｐｔ:alert(1)', safe: true }, // fullwidth letters are no scheme: a relative path
  { url: 'javascript:alert(1)', safe: false },
  { url: 'JAVASCRIPT:alert(1)', safe: false },
  { url: 'JaVaScRiPt:alert(1)', safe: false },
  { url: ' javascript:alert(1)', safe: false },
  { url: '\t\n javascript:alert(1)', safe: false },
  { url: 'java\tscript:alert(1)', safe: false },
  { url: 'java\nscript:alert(1)', safe: false },
  { url: 'java\rscript:alert(1)', safe: false },
  { url: '\u0001javascript:alert(1)', safe: false },
  // NUL reaches no attribute: the parser makes it U+FFFD, which is no scheme character, so both
  // are relative paths, also for the browser (the check below confirms it).
  { url: '\u0000javascript:alert(1)', safe: true },
  { url: 'javascript\u0000:alert(1)', safe: true },
  { url: '\ufffdjavascript:alert(1)', safe: true },
  { url: '\u001fjavascript:alert(1)', safe: false },
  // A space ends the scheme, so the browser reads a relative path; DOMPurify removes every space
  // and control character before it matches, and refuses it: stricter than needed, never looser.
  { url: 'javascript :alert(1)', safe: false },
  { url: 'h323:x', safe: false }, // digits in a scheme
  { url: 'web+evil:x', safe: false },
  { url: '\u00a0javascript:alert(1)', safe: false },
  { url: 'vbscript:msgbox(1)', safe: false },
  { url: 'data:text/html,<script>alert(1)</script>', safe: false },
  { url: 'data:image/png;base64,iVBORw0KGgo=', safe: false },
  { url: 'DATA:image/svg+xml,<svg onload=alert(1)>', safe: false },
  { url: 'file:///etc/passwd', safe: false },
  { url: 'blob:https://example.com/uuid', safe: false },
  { url: 'ftp://example.com/', safe: false },
  { url: 'tel:+15555555', safe: false },
  { url: 'intent://x#Intent;scheme=http;end', safe: false },
  { url: 'about:blank', safe: false },
  { url: 'chrome://settings', safe: false },
  { url: 'view-source:https://example.com', safe: false },
  { url: 'ws://example.com', safe: false },
  { url: 'x-custom:foo', safe: false },
  // Unparsable: the browser would not follow them (a mid-stream prefix of a URL, say).
  { url: 'http://', safe: false },
  { url: 'https://example.com%22%3E', safe: false },
  { url: 'http://[::1', safe: false },
];

describe('isSafeUrl', () => {
  for (const { url, safe } of cases) {
    it(`${safe ? 'allows' : 'refuses'} ${JSON.stringify(url)}`, () => {
      expect(isSafeUrl(url)).to.equal(safe);
    });
  }

  it('agrees with the browser: what it allows resolves to http:, https: or mailto: on an <a>', () => {
    for (const { url, safe } of cases) {
      // The href as it leaves the sanitizer (after the parser, so a NUL is U+FFFD by now).
      const href = sanitized(`<a href="${escape(url)}">x</a>`).querySelector('a')!.getAttribute('href');
      const a = document.createElement('a');
      if (href !== null) a.setAttribute('href', href);
      // Only this direction matters: the policy may refuse more than the browser would resolve
      // dangerously (a space inside a would-be scheme, say).
      if (safe) expect(['http:', 'https:', 'mailto:'], JSON.stringify(url)).to.include(a.protocol);
    }
  });
});

describe('isSafeImageUrl', () => {
  const images: { url: string; safe: boolean }[] = [
    { url: 'https://example.com/a.png', safe: true },
    { url: 'http://example.com/a.png', safe: true },
    { url: '/local.png', safe: true },
    { url: 'mailto:x@example.com', safe: false },
    { url: 'data:image/png;base64,iVBORw0KGgo=', safe: false },
    { url: 'javascript:alert(1)', safe: false },
    { url: 'blob:https://example.com/uuid', safe: false },
    { url: 'http://', safe: false },
    { url: ' https://example.com/a.png ', safe: true },
  ];
  for (const { url, safe } of images) {
    it(`${safe ? 'allows' : 'refuses'} ${url}`, () => {
      expect(isSafeImageUrl(url)).to.equal(safe);
    });
  }

  it('refuses a relative URL on a page whose base is not http(s)', () => {
    // URLs are resolved against the page's own base, which a <base> of the page sets (one in the
    // reply is removed and has no say).
    const base = document.createElement('base');
    base.href = 'file:///home/user/page.html';
    document.head.prepend(base);
    try {
      expect(isSafeImageUrl('x.png')).to.equal(false);
      expect(isSafeImageUrl('https://example.com/x.png')).to.equal(true);
    } finally {
      base.remove();
    }
    expect(isSafeImageUrl('x.png')).to.equal(true);
    expect(isSafeImageUrl('x.png', '<base href="file:///home/user/page.html">')).to.equal(true);
  });
});

describe('imageLinkLabel', () => {
  const labels: { alt: string; url: string | null; expected: string }[] = [
    { alt: 'a cat', url: 'https://cats.example/c.png', expected: 'Image: a cat (cats.example)' },
    { alt: '', url: 'https://cats.example:8080/c.png', expected: 'Image (cats.example:8080)' },
    // A relative URL is the page's: its host.
    { alt: '  two\n lines ', url: '/x.png', expected: `Image: two lines (${location.host})` },
    { alt: 'no url', url: null, expected: 'Image: no url' },
    { alt: 'mail', url: 'mailto:a@b.example', expected: 'Image: mail' },
  ];
  for (const { alt, url, expected } of labels) {
    it(`labels ${JSON.stringify(alt)} ${url}`, () => {
      expect(imageLinkLabel(alt, url)).to.equal(expected);
    });
  }
});
