// Drives a <chat-stream> with a reply stream the test controls, one SSE event per token.
import type { ChatStreamElement } from '../../src/index.js';

const encoder = new TextEncoder();

/** The assistant content containers of the element (where replies are rendered). */
export function replyContainers(el: ChatStreamElement): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message"][part~="assistant"] [part~="content"]')];
}

/** The user message content containers of the element. */
export function userContainers(el: ChatStreamElement): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message"][part~="user"] [part~="content"]')];
}

/** How long a chunk may go without a `token` event: the start of a reply that may still open a `<think>` section (`<`, `<th`) is held back until it cannot. */
const HELD_BACK_MS = 100;

/** Resolves at the next `type` event, or after `ms` when none comes. */
function onceOrAfter(target: EventTarget, type: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    target.addEventListener(type, done, { once: true });
    function done() {
      clearTimeout(timer);
      target.removeEventListener(type, done);
      resolve();
    }
  });
}

/**
 * Sends `prompt` and streams `chunks` as the reply (`protocol="json"`, one event per chunk).
 * After each `token` event (or a chunk the reader holds back) and Lit's update, `afterToken` runs (it may run a frame and check).
 * Resolves to what `send()` resolved to.
 */
export async function streamReply(
  el: ChatStreamElement,
  prompt: string,
  chunks: string[],
  afterToken: () => void | Promise<void>,
): Promise<string> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  el.fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  const result = el.send(prompt);
  for (const chunk of chunks) {
    const token = onceOrAfter(el, 'token', HELD_BACK_MS);
    controller.enqueue(encoder.encode(`data: ${JSON.stringify({ delta: chunk })}\n\n`));
    await token;
    await el.updateComplete;
    await afterToken();
  }
  controller.enqueue(encoder.encode('data: [DONE]\n\n'));
  controller.close();
  const text = await result;
  await el.updateComplete;
  await afterToken();
  return text;
}
