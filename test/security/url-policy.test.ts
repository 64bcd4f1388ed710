import { expect } from '@open-wc/testing';
import { imageLinkLabel, isSafeImageUrl, isSafeUrl } from '../../src/markdown/sanitize.js';

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
  { url: '\u0000javascript:alert(1)', safe: false },
  { url: 'javascript\u0000:alert(1)', safe: false },
  { url: '\u001fjavascript:alert(1)', safe: false },
  { url: 'javascript :alert(1)', safe: true }, // a space ends the scheme: a relative path, also for the browser
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
];

describe('isSafeUrl', () => {
  for (const { url, safe } of cases) {
    it(`${safe ? 'allows' : 'refuses'} ${JSON.stringify(url)}`, () => {
      expect(isSafeUrl(url)).to.equal(safe);
    });
  }

  it('agrees with the browser: what it allows resolves to http:, https: or mailto: on an <a>', () => {
    for (const { url, safe } of cases) {
      const a = document.createElement('a');
      a.setAttribute('href', url);
      // Only this direction matters: the policy may refuse more than the browser would resolve
      // dangerously (a NUL inside a would-be scheme, say).
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
  ];
  for (const { url, safe } of images) {
    it(`${safe ? 'allows' : 'refuses'} ${url}`, () => {
      expect(isSafeImageUrl(url, 'https://site.example/page')).to.equal(safe);
    });
  }

  it('refuses a relative URL on a page whose base is not http(s)', () => {
    expect(isSafeImageUrl('x.png', 'file:///home/user/page.html')).to.equal(false);
  });
});

describe('imageLinkLabel', () => {
  const labels: { alt: string; url: string | null; expected: string }[] = [
    { alt: 'a cat', url: 'https://cats.example/c.png', expected: '🖼 a cat (cats.example)' },
    { alt: '', url: 'https://cats.example:8080/c.png', expected: '🖼 image (cats.example:8080)' },
    { alt: '  two\n lines ', url: '/x.png', expected: '🖼 two lines (site.example)' },
    { alt: 'no url', url: null, expected: '🖼 no url' },
    { alt: 'mail', url: 'mailto:a@b.example', expected: '🖼 mail' },
  ];
  for (const { alt, url, expected } of labels) {
    it(`labels ${JSON.stringify(alt)} ${url}`, () => {
      expect(imageLinkLabel(alt, url, 'https://site.example/page')).to.equal(expected);
    });
  }
});
