// Every hostile payload, streamed through the markdown view whole, 7 characters at a time and
// cut at every tag and attribute boundary, checked after every frame; then rendered at every prefix.
import { expect } from '@open-wc/testing';
import { CORPUS, INVALID_ORIGIN_CORPUS, expand, slug, type Payload } from './corpus.js';
import { ATTACKER, attackerHits, watchEachTest } from './harness.js';
import { settle, streamPayload } from './streaming.js';

function runCorpus(corpus: readonly Payload[], attacker: string) {
  const { canary, frames, resources } = watchEachTest();

  for (const payload of corpus) {
    it(payload.name, async () => {
      // A path per payload: a request that arrives late is still charged to the payload that made it.
      const base = `${attacker}/${slug(payload)}`;
      const text = expand(payload, base);
      streamPayload(text, {
        allowImages: false,
        canary,
        frames,
        splitNames: ['whole', 'every 7', 'tag boundaries'],
        prefixes: true,
      });
      await settle();
      expect(canary.calls, 'executed').to.deep.equal([]);
      const path = new URL(base).pathname + '/';
      expect((await attackerHits()).filter((h) => h.url.startsWith(path)), 'requests to the attacker').to.deep.equal([]);
      expect(resources.stop().filter((url) => url.startsWith(base + '/')), 'resource entries').to.deep.equal([]);
    });
  }
}

describe('hostile corpus through MarkdownView, images off', () => {
  describe('on a counted attacker origin', () => runCorpus(CORPUS, ATTACKER));
  describe('on attacker.invalid', () => runCorpus(INVALID_ORIGIN_CORPUS, 'http://attacker.invalid'));
});
