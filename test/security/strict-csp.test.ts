// <chat-stream> on a page served with a strict Content-Security-Policy that enforces Trusted Types
// (test/security/middleware.mjs): it streams and renders replies, hostile ones included, with no
// violation. The page runs in an iframe, since the runner's own page needs inline scripts.
import { expect } from '@open-wc/testing';
import { CORPUS, expand } from './corpus.js';
import { ATTACKER } from './harness.js';
import type { StrictRequest, StrictResult } from './fixtures/strict-page.js';

const PAGE = '/test/security/fixtures/strict.html';

let frame: HTMLIFrameElement;
let ready: { violations: StrictResult['violations'] };
let nextId = 1;

function ask(request: Omit<StrictRequest, 'id'>): Promise<StrictResult> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent<StrictResult>) => {
      if (event.source !== frame.contentWindow || event.data.id !== id) return;
      removeEventListener('message', onMessage);
      resolve(event.data);
    };
    addEventListener('message', onMessage);
    frame.contentWindow!.postMessage({ ...request, id }, location.origin);
  });
}

const REPLIES = [
  '# Title\n\nSome **bold** and `code`, a [link](https://example.com) and a list:\n\n- one\n- two\n\n```js\nconst x = 1 < 2;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
  ...['md image', 'img onerror block', 'js link', 'svg onload', 'style attribute', 'style element', 'iframe srcdoc',
    'noscript', 'math mglyph', 'meta refresh', 'form action', 'picture', 'video poster', 'clobber id', 'autolink js']
    .map((name) => expand(CORPUS.find((p) => p.name === name)!, `${ATTACKER}/csp`)),
];

describe('strict CSP and Trusted Types', function () {
  this.timeout(60000);

  before(async () => {
    const headers = await fetch(PAGE, { cache: 'no-store' }).then((r) => r.headers);
    expect(headers.get('content-security-policy')).to.contain("require-trusted-types-for 'script'");
    frame = document.createElement('iframe');
    frame.style.width = '800px';
    frame.style.height = '600px';
    ready = await new Promise((resolve) => {
      const onMessage = (event: MessageEvent) => {
        if (event.source !== frame.contentWindow || !event.data?.ready) return;
        removeEventListener('message', onMessage);
        resolve(event.data);
      };
      addEventListener('message', onMessage);
      frame.src = PAGE;
      document.body.append(frame);
    });
  });

  after(() => frame.remove());

  it('serves the page with the strict policy', async () => {
    const csp = (await fetch(PAGE, { cache: 'no-store' })).headers.get('content-security-policy')!;
    expect(csp).not.to.contain('unsafe-inline');
    expect(csp).not.to.contain('unsafe-eval');
    expect(csp).to.contain('trusted-types chat-stream lit-html dompurify');
  });

  it('sees violations: the policy is enforced and the page reports them (control)', async () => {
    const result = await ask({ cmd: 'control' });
    expect(result.error).to.equal(undefined);
    expect(result.problems).to.deep.equal([]);
    expect(result.violations.map((v) => v.directive).sort()).to.deep.equal([
      'require-trusted-types-for',
      'style-src-attr',
      'trusted-types',
    ]);
  });

  it('loads the element with no violation', () => {
    expect(ready.violations).to.deep.equal([]);
  });

  it('streams and renders replies through <chat-stream> with no violation', async () => {
    const result = await ask({ cmd: 'element', payloads: REPLIES });
    expect(result.error).to.equal(undefined);
    expect(result.violations).to.deep.equal([]);
    expect(result.problems).to.deep.equal([]);
    expect(result.pwned).to.deep.equal([]);
    // Every reply, in each of the two splits, came through whole.
    expect(result.texts).to.deep.equal(REPLIES.flatMap((r) => [r, r]));
    expect(result.rendered[0]).to.match(/<h1[^>]*>Title<\/h1>/);
    expect(result.rendered[0]).to.contain('<strong>bold</strong>');
  });

  it('highlights code and renders math, loading both chunks, with no violation', async () => {
    const reply = 'Code:\n\n```ts\nconst answer: number = 42; // the answer\n```\n\nand math: \\(\\frac{a}{b}\\) and\n\n$$\\sum_{i=1}^{n} i^2$$\n';
    const result = await ask({ cmd: 'rich', payloads: [reply] });
    expect(result.error).to.equal(undefined);
    expect(result.violations).to.deep.equal([]);
    expect(result.problems).to.deep.equal([]);
    expect(result.pwned).to.deep.equal([]);
    expect(result.rendered[0]).to.match(/<span class="hljs-keyword">const<\/span>/);
    expect(result.rendered[0]).to.match(/<span class="math math-display"><math[^>]*display="block"/);
    expect(result.rendered[0]).not.to.match(/\sstyle=/);
  });

  it('renders through MarkdownView with no violation', async () => {
    const result = await ask({ cmd: 'view', payloads: REPLIES });
    expect(result.error).to.equal(undefined);
    expect(result.violations).to.deep.equal([]);
    expect(result.problems).to.deep.equal([]);
    expect(result.pwned).to.deep.equal([]);
  });
});
