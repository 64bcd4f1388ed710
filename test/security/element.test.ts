// The hostile corpus streamed through <chat-stream> itself, checked after every token; and user
// text, which is never parsed.
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import type { ChatStreamElement } from '../../src/index.js';
import { CORPUS, INVALID_ORIGIN_CORPUS, expand, slug } from './corpus.js';
import { replyContainers, streamReply, userContainers } from './element-driver.js';
import {
  ATTACKER,
  MutationWatch,
  attackerHits,
  findViolations,
  splits,
  watchEachTest,
} from './harness.js';
import { settle } from './streaming.js';

const isReplyContainer = (el: Element) => el.matches('[part~="content"]') && el.closest('[part~="assistant"]') !== null;

function createElement(allowImages: boolean): ChatStreamElement {
  const el = document.createElement('chat-stream') as ChatStreamElement;
  el.setAttribute('endpoint', '/test/security/unused');
  el.setAttribute('protocol', 'json');
  el.toggleAttribute('no-composer', true);
  el.toggleAttribute('allow-images', allowImages);
  document.body.append(el);
  return el;
}

describe('<chat-stream> with hostile replies', () => {
  const { canary, frames, resources } = watchEachTest();

  for (const [origin, corpus] of [[ATTACKER, CORPUS], ['http://attacker.invalid', INVALID_ORIGIN_CORPUS]] as const) {
    for (const payload of corpus) {
      it(`${payload.name} (${new URL(origin).host})`, async () => {
        const base = `${origin}/element-${slug(payload)}`;
        const text = expand(payload, base);
        for (const { name, chunks } of splits(text).filter((s) => s.name === 'whole' || s.name === 'tag boundaries')) {
          const el = createElement(false);
          await el.updateComplete;
          const watch = new MutationWatch(el.shadowRoot!, { allowImages: false }, isReplyContainer);
          watch.start();
          try {
            let tokens = 0;
            const final = await streamReply(el, 'hi', chunks, () => {
              frames.frame();
              const at = `${name}, token ${++tokens}`;
              const containers = replyContainers(el);
              expect(containers.length, at).to.equal(1);
              expect(findViolations(containers[0]!, { allowImages: false }), at).to.deep.equal([]);
              expect(canary.calls, at).to.deep.equal([]);
            });
            expect(final).to.equal(text);
          } finally {
            el.remove();
          }
          expect(watch.stop(), name).to.deep.equal([]);
        }
        await settle();
        expect(canary.calls, 'executed').to.deep.equal([]);
        const path = new URL(base).pathname + '/';
        expect((await attackerHits()).filter((h) => h.url.startsWith(path)), 'requests').to.deep.equal([]);
        expect(resources.stop().filter((u) => u.startsWith(base + '/')), 'resource entries').to.deep.equal([]);
      });
    }
  }

  it('loads images only with allow-images, lazily and without a referrer', async () => {
    const text = `![ok](${ATTACKER}/element-allowed/ok.png) <img src="${ATTACKER}/element-allowed/raw.png" onerror="__pwned()" srcset="${ATTACKER}/element-allowed/s.png 2x">`;
    const el = createElement(true);
    try {
      await streamReply(el, 'hi', splits(text).find((s) => s.name === 'tag boundaries')!.chunks, () => {
        frames.frame();
        expect(findViolations(replyContainers(el)[0]!, { allowImages: true })).to.deep.equal([]);
      });
      const imgs = [...replyContainers(el)[0]!.querySelectorAll('img')];
      expect(imgs.map((i) => i.getAttribute('src'))).to.deep.equal([`${ATTACKER}/element-allowed/ok.png`, `${ATTACKER}/element-allowed/raw.png`]);
      await Promise.all(imgs.map((img) => img.complete || new Promise((resolve) => { img.onload = img.onerror = resolve; })));
      await settle();
      const hits = (await attackerHits()).filter((h) => h.url.startsWith('/__attacker__/element-allowed/'));
      expect(hits.map((h) => h.url).sort()).to.deep.equal(['/__attacker__/element-allowed/ok.png', '/__attacker__/element-allowed/raw.png']);
      // referrerpolicy="no-referrer" on each image.
      expect(hits.map((h) => h.referer)).to.deep.equal([null, null]);
      expect(canary.calls).to.deep.equal([]);
    } finally {
      el.remove();
    }
  });

  it('never parses user text as HTML or markdown', async () => {
    const userText = `<img src="${ATTACKER}/user/img.png" onerror="__pwned()"> **bold** [x](javascript:__pwned()) <script>__pwned()</script> ![i](${ATTACKER}/user/md.png) &lt;b&gt;`;
    const el = createElement(false);
    try {
      await streamReply(el, userText, ['ok'], () => {
        frames.frame();
      });
      const [user] = userContainers(el);
      expect(user, 'user message').to.exist;
      expect(user!.textContent).to.equal(userText);
      expect(user!.children.length).to.equal(0);
      expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
      el.messages = [{ role: 'user', content: userText }, { role: 'assistant', content: 'restored' }];
      await el.updateComplete;
      frames.frame();
      expect(userContainers(el)[0]!.textContent).to.equal(userText);
      expect(userContainers(el)[0]!.children.length).to.equal(0);
      await settle();
      expect((await attackerHits()).filter((h) => h.url.startsWith('/__attacker__/user/'))).to.deep.equal([]);
      expect(canary.calls).to.deep.equal([]);
    } finally {
      el.remove();
    }
  });
});
