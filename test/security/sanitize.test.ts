import { expect } from '@open-wc/testing';
import { Marked } from 'marked';
import { sanitize } from '../../src/markdown/sanitize.js';
import { ATTACKER, Canary, attackerHits, findViolations, nextFrame } from './harness.js';

const marked = new Marked({ gfm: true, async: false });
const md = (text: string) => marked.parse(text) as string;

/** Sanitizes into a detached container and returns it. */
function render(html: string, allowImages = false): HTMLDivElement {
  const div = document.createElement('div');
  div.append(sanitize(html, { allowImages }));
  return div;
}

describe('sanitize', () => {
  const canary = new Canary();
  beforeEach(async () => {
    canary.install();
    await attackerHits(true);
  });
  afterEach(() => canary.uninstall());

  it('returns a fragment of an inert document, never a string', () => {
    const fragment = sanitize('<p>hi <b>there</b></p>', { allowImages: false });
    expect(fragment).to.be.instanceOf(DocumentFragment);
    // Elements of the inert document cannot load anything until adopted.
    expect(fragment.ownerDocument).not.to.equal(document);
    expect(fragment.ownerDocument.defaultView).to.equal(null);
  });

  it('keeps ordinary markdown', () => {
    const div = render(md('# Title\n\n*a* **b** `c`\n\n```js\nx < 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote\n\n1. one\n2. two\n\n~~s~~'));
    expect(div.querySelector('h1')?.textContent).to.equal('Title');
    expect(div.querySelector('em')?.textContent).to.equal('a');
    expect(div.querySelector('strong')?.textContent).to.equal('b');
    expect(div.querySelector('pre code')?.className).to.equal('language-js');
    expect(div.querySelector('pre code')?.textContent).to.equal('x < 1\n');
    expect(div.querySelectorAll('td').length).to.equal(2);
    expect(div.querySelector('blockquote')).to.exist;
    expect(div.querySelectorAll('ol li').length).to.equal(2);
    expect(div.querySelector('del')?.textContent).to.equal('s');
    expect(findViolations(div, { allowImages: false })).to.deep.equal([]);
  });

  it('opens links in a new tab without opener or referrer, whatever the reply says', () => {
    const div = render('<a href="https://example.com" target="_self" rel="opener">x</a> <a href="mailto:a@example.com">m</a>');
    const [a, m] = div.querySelectorAll('a');
    expect(a!.getAttribute('href')).to.equal('https://example.com');
    expect(a!.getAttribute('target')).to.equal('_blank');
    expect(a!.getAttribute('rel')).to.equal('noopener noreferrer nofollow');
    expect(m!.getAttribute('rel')).to.equal('noopener noreferrer nofollow');
  });

  it('drops the href of a link whose URL is refused, and keeps its text', () => {
    const div = render(md('[one](javascript:alert(1)) [two](java&#x09;script:alert(1)) [three](&#1;javascript:alert(1)) [four](data:text/html,x)'));
    expect(div.textContent).to.equal('one two three four\n');
    for (const a of div.querySelectorAll('a')) {
      expect(a.hasAttribute('href'), a.outerHTML).to.equal(false);
      expect(a.hasAttribute('target')).to.equal(false);
    }
  });

  it('turns a markdown image into a link that shows its alt text and host, without loading it', async () => {
    const div = render(md(`![a secret](${ATTACKER}/sanitize-md.png?q=1)`));
    document.body.append(div);
    try {
      expect(div.querySelector('img')).to.equal(null);
      const a = div.querySelector('a')!;
      expect(a.getAttribute('href')).to.equal(`${ATTACKER}/sanitize-md.png?q=1`);
      expect(a.textContent).to.equal(`Image: a secret (${new URL(ATTACKER).host})`);
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer nofollow');
      await nextFrame();
      expect(await attackerHits()).to.deep.equal([]);
    } finally {
      div.remove();
    }
  });

  it('turns reference-style images, raw <img>, <picture>, <video> and <audio> into links', () => {
    const div = render(md([
      `![ref][i]`,
      '',
      `<img src="${ATTACKER}/raw.png" alt="raw" onerror="__pwned()">`,
      '',
      `<picture><source srcset="${ATTACKER}/p.webp"><img src="${ATTACKER}/p.png" alt="pic"></picture>`,
      '',
      `<video poster="${ATTACKER}/poster.png"><source src="${ATTACKER}/v.mp4"></video>`,
      '',
      `<audio src="${ATTACKER}/a.mp3" autoplay></audio>`,
      '',
      `[i]: ${ATTACKER}/ref.png`,
    ].join('\n')));
    const host = new URL(ATTACKER).host;
    expect([...div.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent])).to.deep.equal([
      [`${ATTACKER}/ref.png`, `Image: ref (${host})`],
      [`${ATTACKER}/raw.png`, `Image: raw (${host})`],
      [`${ATTACKER}/p.png`, `Image: pic (${host})`],
      [`${ATTACKER}/v.mp4`, `Video (${host})`],
      [`${ATTACKER}/a.mp3`, `Audio (${host})`],
    ]);
    expect(findViolations(div, { allowImages: false })).to.deep.equal([]);
  });

  it('shows an image with a refused URL as plain text', () => {
    const div = render(md('![x](javascript:alert(1)) ![y](data:image/png;base64,iVBORw0KGgo=)'));
    expect(div.querySelector('a')).to.equal(null);
    expect(div.textContent).to.equal('Image: x Image: y\n');
  });

  it('does not nest a link in a link for an image inside one', () => {
    const div = render(md(`[![badge](${ATTACKER}/b.png)](https://example.com)`));
    expect(div.querySelectorAll('a').length).to.equal(1);
    expect(div.querySelector('a')!.getAttribute('href')).to.equal('https://example.com');
    expect(div.querySelector('a')!.textContent).to.equal(`Image: badge (${new URL(ATTACKER).host})`);
  });

  it('with images allowed, keeps http(s) images only, lazy and without referrer', () => {
    const html = md([
      `![ok](https://images.example/ok.png)`,
      '',
      `<img src="https://images.example/raw.png" srcset="${ATTACKER}/s.png 2x" style="x" onerror="__pwned()" crossorigin="use-credentials" alt="raw">`,
      '',
      `![data](data:image/png;base64,iVBORw0KGgo=)`,
      '',
      `<picture><source srcset="${ATTACKER}/p.webp"><img src="https://images.example/p.png" alt="p"></picture>`,
      '',
      `<video src="https://images.example/v.mp4"></video>`,
    ].join('\n'));
    // A <template> keeps the images inert: they are checked, not fetched.
    const t = document.createElement('template');
    t.content.append(sanitize(html, { allowImages: true }));
    const imgs = [...t.content.querySelectorAll('img')];
    expect(imgs.map((i) => i.getAttribute('src'))).to.deep.equal([
      'https://images.example/ok.png',
      'https://images.example/raw.png',
      'https://images.example/p.png',
    ]);
    for (const img of imgs) {
      expect([...img.attributes].map((a) => a.name).sort()).to.deep.equal(
        ['alt', 'decoding', 'loading', 'referrerpolicy', 'src'],
      );
      expect(img.getAttribute('loading')).to.equal('lazy');
      expect(img.getAttribute('referrerpolicy')).to.equal('no-referrer');
    }
    expect(t.content.querySelector('picture, source, video')).to.equal(null);
    expect(t.content.textContent).to.contain('Image: data');
    expect(t.content.querySelector('a[href="https://images.example/v.mp4"]')).to.exist;
    expect(findViolations(t.content, { allowImages: true })).to.deep.equal([]);
  });

  it('does not carry allowImages over to the next call', () => {
    const t = document.createElement('template');
    t.content.append(sanitize('<img src="https://images.example/a.png">', { allowImages: true }));
    expect(t.content.querySelector('img')).to.exist;
    const div = render('<img src="https://images.example/a.png">');
    expect(div.querySelector('img')).to.equal(null);
  });

  it('drops id and name against DOM clobbering', () => {
    const div = render('<a id="x" href="#y">a</a><span name="cookie">b</span>');
    expect(div.querySelector('a')!.hasAttribute('id')).to.equal(false);
    expect(div.querySelector('span')!.hasAttribute('name')).to.equal(false);
  });

  it('removes SVG, MathML, styles, forms, frames and data attributes', () => {
    const div = render('<svg><circle r="1"/></svg><math><mi>x</mi></math><style>*{}</style><p style="color:red" data-x="1">p</p>' +
      '<form action="/f"><input name="q"><button>b</button></form><iframe src="/"></iframe><object data="/o"></object><embed src="/e">');
    expect(div.querySelector('svg, math, style, form, input, button, iframe, object, embed')).to.equal(null);
    expect(div.querySelector('p')!.attributes.length).to.equal(0);
    expect(findViolations(div, { allowImages: false })).to.deep.equal([]);
  });

  it('keeps only language-* classes, which marked writes, so a reply cannot reach the element\'s own styles', () => {
    const div = render('<p class="caret error language-js">x</p><span class="message">y</span>');
    expect(div.querySelector('p')!.className).to.equal('language-js');
    expect(div.querySelector('span')!.hasAttribute('class')).to.equal(false);
  });

  it('removes parts, slots, popovers and custom elements', () => {
    const div = render('<span part="send-button" slot="s" exportparts="a">a</span><div popover>b</div><chat-stream endpoint="/x">c</chat-stream>');
    expect(div.innerHTML).to.equal('<span>a</span><div>b</div>c');
  });

  it('never runs a handler, also once the fragment is in the document', async () => {
    const div = render('<img src="x" onerror="__pwned()"><svg onload="__pwned()"></svg><details open ontoggle="__pwned()">d</details>');
    document.body.append(div);
    await nextFrame();
    await nextFrame();
    div.remove();
    expect(canary.calls).to.deep.equal([]);
  });
});
