// Streams a payload through MarkdownView the way the element does, checking after every frame.
import { expect } from '@open-wc/testing';
import { MarkdownView } from '../../src/markdown/view.js';
import { Canary, FrameDriver, MutationWatch, findViolations, nextFrame, splits } from './harness.js';

export interface Stage {
  host: HTMLElement;
  container: HTMLElement;
  watch: MutationWatch;
}

/** A container in an open shadow root, as the element renders a reply, watched for mutations. */
export function stage(allowImages: boolean): Stage {
  const host = document.createElement('div');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const container = document.createElement('div');
  container.setAttribute('part', 'content');
  root.append(container);
  const watch = new MutationWatch(root, { allowImages });
  watch.start();
  return { host, container, watch };
}

/**
 * Streams `text` in each split of `splitNames`, one frame per token, then renders every prefix;
 * asserts after every frame and every prefix that nothing forbidden is in the container, and that
 * the canary was not called.
 */
export function streamPayload(
  text: string,
  options: { allowImages: boolean; canary: Canary; frames: FrameDriver; splitNames: string[]; prefixes: boolean },
  onFrame: (container: HTMLElement) => void = () => {},
): void {
  const { allowImages, canary, frames } = options;
  for (const { name, chunks } of splits(text).filter((s) => options.splitNames.includes(s.name))) {
    const { host, container, watch } = stage(allowImages);
    const view = new MarkdownView(container, { allowImages, caret: true });
    try {
      let sofar = '';
      for (const [i, chunk] of chunks.entries()) {
        sofar += chunk;
        view.update(sofar, true);
        frames.frame();
        const at = `${name}, token ${i + 1}/${chunks.length}: ${JSON.stringify(sofar)}`;
        expect(findViolations(container, { allowImages }), at).to.deep.equal([]);
        expect(canary.calls, at).to.deep.equal([]);
        onFrame(container);
      }
      view.update(text, false);
      frames.frame();
      expect(findViolations(container, { allowImages }), `${name}, final`).to.deep.equal([]);
      onFrame(container);
    } finally {
      view.destroy();
      host.remove();
    }
    expect(watch.stop(), name).to.deep.equal([]);
  }
  if (!options.prefixes) return;
  // Each character a token, each prefix a final render.
  const { host, container, watch } = stage(allowImages);
  const view = new MarkdownView(container, { allowImages, caret: true });
  try {
    for (let i = 1; i <= text.length; i++) {
      view.update(text.slice(0, i), false);
      const at = `prefix ${i}: ${JSON.stringify(text.slice(0, i))}`;
      expect(findViolations(container, { allowImages }), at).to.deep.equal([]);
      onFrame(container);
    }
  } finally {
    view.destroy();
    host.remove();
  }
  expect(watch.stop(), 'every prefix').to.deep.equal([]);
}

/** Gives the browser time to send whatever it was going to send and to run any handler. */
export async function settle(): Promise<void> {
  await nextFrame();
  await nextFrame();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
