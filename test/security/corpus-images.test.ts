// The corpus with allow-images on, and the controls that show the corpus checks can fail.
import { expect } from '@open-wc/testing';
import { Marked } from 'marked';
import { MarkdownView } from '../../src/markdown/view.js';
import { CORPUS, INVALID_ORIGIN_CORPUS, expand, slug } from './corpus.js';
import { ATTACKER, Canary, FrameDriver, ResourceWatch, attackerHits, findViolations, nextFrame } from './harness.js';
import { settle, stage, streamPayload } from './streaming.js';

const rawMarked = new Marked({ gfm: true, async: false });

describe('hostile corpus through MarkdownView, images on', () => {
  const canary = new Canary();
  const frames = new FrameDriver();
  beforeEach(async () => {
    await attackerHits(true);
    canary.install();
    frames.install();
  });
  afterEach(() => {
    frames.uninstall();
    canary.uninstall();
  });

  for (const payload of CORPUS) {
    it(payload.name, async () => {
      const shown = new Set<string>();
      const base = `${ATTACKER}/${slug(payload)}`;
      streamPayload(
        expand(payload, base),
        { allowImages: true, canary, frames, splitNames: ['every 7', 'tag boundaries'], prefixes: false },
        (container) => {
          for (const img of container.querySelectorAll('img')) shown.add(new URL(img.src).pathname + new URL(img.src).search);
        },
      );
      await settle();
      expect(canary.calls, 'executed').to.deep.equal([]);
      // Only what was shown as an <img> may have loaded anything.
      const mine = (await attackerHits()).filter((h) => h.url.startsWith(new URL(base).pathname + '/'));
      for (const hit of mine) expect([...shown], 'request').to.include(hit.url);
    });
  }
});

describe('the checks of the corpus suites', () => {
  it('see every payload as hostile before sanitizing (each payload tests something)', () => {
    for (const payload of [...CORPUS, ...INVALID_ORIGIN_CORPUS]) {
      const html = rawMarked.parse(expand(payload, ATTACKER)) as string;
      const template = document.createElement('template');
      template.innerHTML = html;
      // marked's own links lack target and rel; that alone does not make a payload hostile.
      for (const a of template.content.querySelectorAll('a[href]')) {
        if (!a.hasAttribute('target')) a.setAttribute('target', '_blank');
        if (!a.hasAttribute('rel')) a.setAttribute('rel', 'noopener noreferrer nofollow');
      }
      const problems = findViolations(template.content, { allowImages: false });
      // Parsed as a whole document (as DOMPurify does), <body onload> lands on the body itself.
      const doc = new DOMParser().parseFromString(html, 'text/html');
      for (const attr of doc.body.attributes) problems.push(`<body ${attr.name}>`);
      expect(problems, payload.name).not.to.deep.equal([]);
    }
  });

  it('count a request to the attacker, as a loaded image makes it', async () => {
    await attackerHits(true);
    const resources = new ResourceWatch();
    resources.start();
    const { host, container, watch } = stage(true);
    const view = new MarkdownView(container, { allowImages: true, caret: false });
    view.update(`![x](${ATTACKER}/control.png) ![y](http://attacker.invalid/control.png)`, false);
    const imgs = [...container.querySelectorAll('img')];
    expect(imgs.length).to.equal(2);
    // Lazy images load once laid out in the viewport, which the container is.
    await Promise.all(imgs.map((img) => new Promise((resolve) => { img.onload = img.onerror = resolve; })));
    await settle();
    view.destroy();
    host.remove();
    watch.stop();
    expect((await attackerHits()).map((h) => h.url)).to.deep.equal(['/__attacker__/control.png']);
    expect(resources.stop()).to.have.members([`${ATTACKER}/control.png`, 'http://attacker.invalid/control.png']);
  });

  it('see a forbidden node that exists only inside one render', async () => {
    const { host, container, watch } = stage(false);
    const template = document.createElement('template');
    template.innerHTML = '<p><svg></svg></p>';
    container.append(template.content);
    container.replaceChildren();
    await nextFrame();
    host.remove();
    expect(watch.stop()).to.deep.equal(['mutation: <svg> in namespace http://www.w3.org/2000/svg', 'mutation: forbidden element <svg>']);
  });

  it('count a call of the canary', () => {
    const canary = new Canary();
    canary.install();
    window.__pwned!('x');
    window.alert('y');
    canary.uninstall();
    expect(canary.calls).to.deep.equal(['__pwned(x)', 'alert(y)']);
  });

  it('drive the view frame by frame', () => {
    const frames = new FrameDriver();
    frames.install();
    const { host, container, watch } = stage(false);
    const view = new MarkdownView(container, { allowImages: false, caret: false });
    try {
      view.update('**bold**', true);
      expect(container.textContent).to.equal('');
      expect(frames.frame()).to.equal(1);
      expect(container.querySelector('strong')?.textContent).to.equal('bold');
    } finally {
      view.destroy();
      frames.uninstall();
      host.remove();
      watch.stop();
    }
  });
});
