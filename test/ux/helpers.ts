/**
 * Shared set-up for the UX and accessibility tests: an element wired to a controlled stream,
 * frame waits, and axe-core loaded into the page.
 */
import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type * as Axe from 'axe-core';
// axe-core is a UMD script: importing it runs it, and it puts itself on `window.axe`.
import 'axe-core';
import '../../src/index.js';
import type { ChatStreamElement } from '../../src/index.js';
import { createControlledFetch, type ControlledFetch, type ControlledStream } from '../helpers/controlled-fetch.js';
import { recordEvents, type EventRecorder } from '../helpers/events.js';

export const axe = (window as unknown as { axe: typeof Axe }).axe;

export const openai = (content: string) => ({ data: JSON.stringify({ choices: [{ delta: { content } }] }) });
export const DONE = { data: '[DONE]' };

/** Resolves at the next animation frame. */
export const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

/** Resolves after the next frame has been rendered (the callback of the frame after it). */
export const frames = async (n = 2) => {
  for (let i = 0; i < n; i++) await frame();
};

export interface Setup {
  el: ChatStreamElement;
  server: ControlledFetch;
  events: EventRecorder;
}

/** Renders `<chat-stream>` (or `template`, which holds one) with a controlled fetch. */
export async function setup(template: TemplateResult = html`<chat-stream endpoint="/api/chat"></chat-stream>`, props: Partial<ChatStreamElement> = {}): Promise<Setup> {
  const root = await fixture<HTMLElement>(template);
  const el = (root.localName === 'chat-stream' ? root : root.querySelector('chat-stream')) as ChatStreamElement;
  await el.updateComplete;
  const server = createControlledFetch();
  el.fetch = server.fetch;
  Object.assign(el, props);
  await el.updateComplete;
  return { el, server, events: recordEvents(el) };
}

/** Sends `prompt` and streams `tokens` as a complete OpenAI-style reply; resolves when it is done and rendered. */
export async function reply({ el, server }: Setup, prompt: string, tokens: string[]): Promise<ControlledStream> {
  const sent = el.send(prompt);
  const stream = await server.nextRequest();
  for (const t of tokens) stream.pushEvent(openai(t));
  stream.pushEvent(DONE);
  await sent;
  await el.updateComplete;
  await frame();
  return stream;
}

export function q<T extends Element = HTMLElement>(el: ChatStreamElement, selector: string): T {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in the shadow root`);
  return found;
}

export function qq<T extends Element = HTMLElement>(el: ChatStreamElement, selector: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(selector)];
}

/** A reply with every kind of block a chat model commonly writes. */
export const RICH_REPLY = [
  '## Results\n\n',
  'Here is a [link to the docs](https://example.com/docs) and some `inline code`.\n\n',
  '| Name | Score |\n| --- | ---: |\n| Ada | 10 |\n| Linus | 9 |\n\n',
  '```ts\nconst x: number = 1;\nconsole.log(x);\n```\n\n',
  '- one\n- two\n  - nested *a*\n  - nested **b**\n- three\n\n',
  '1. first\n2. second\n\n',
  '> A quote with a [second link](https://example.com/q).\n\n',
  'Done.',
];

/** Runs axe over `el` and returns the violations with impact serious or critical. */
export async function seriousViolations(el: Element, options: Axe.RunOptions = {}): Promise<Axe.Result[]> {
  const results = await axe.run(el, { resultTypes: ['violations'], ...options });
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A readable list of violations for a failure message. */
export function describeViolations(violations: Axe.Result[]): string {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n')}`)
    .join('\n');
}

/** The element that has focus, looking through open shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * A short name for an element, for assertions: chai is never handed DOM nodes to compare, since
 * the runner serializes a failure's actual and expected values and can hang on a node.
 */
export function nameOf(el: Element | null | undefined): string {
  if (!el) return String(el);
  const part = el.getAttribute('part');
  return `${el.localName}${el.id ? `#${el.id}` : ''}${part ? `[part="${part}"]` : ''}`;
}

/** Whether the element's shadow root holds a match for `selector`. */
export function has(el: ChatStreamElement, selector: string): boolean {
  return el.shadowRoot!.querySelector(selector) !== null;
}
