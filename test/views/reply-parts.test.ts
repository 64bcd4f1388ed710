// Reasoning, tool calls and sources through <chat-stream>: what a user sees (the collapsible
// reasoning section, tool-call cards where the call happened, numbered source links), the events a
// page gets (`reasoning`, `tool-call`, `done.detail`), what `messages` keeps, and what is never sent
// back. The wire formats' own readers are table-tested in test/protocol/; these drive the element
// with a stream the test writes.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { ChatStreamElement } from '../../src/index.js';
import { createControlledFetch } from '../helpers/controlled-fetch.js';
import { recordEvents } from '../helpers/events.js';

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  data: JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] }),
});
const aiSdk = (part: Record<string, unknown>) => ({ data: JSON.stringify(part) });
const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

async function setup(attributes: Partial<ChatStreamElement> = {}) {
  const el = await fixture<ChatStreamElement>(html`<chat-stream endpoint="/api/chat"></chat-stream>`);
  const server = createControlledFetch();
  el.fetch = server.fetch;
  Object.assign(el, attributes);
  await el.updateComplete;
  return { el, server, events: recordEvents(el, ['start', 'token', 'reasoning', 'tool-call', 'done', 'error']) };
}

const lastEvent = (events: { events: CustomEvent[] }, type: string) => events.events.filter((e) => e.type === type).at(-1)!;
const lastReply = (el: ChatStreamElement) => [...el.shadowRoot!.querySelectorAll('[part~="message"][part~="assistant"]')].at(-1)!;

async function until(check: () => unknown, what: string): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > 3000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('<chat-stream> reasoning', () => {
  it('streams reasoning into an open section above the reply, closes it when the answer begins, and says how long', async () => {
    const { el, server, events } = await setup();
    const reply = el.send('Why is the sky blue?');
    const stream = await server.nextRequest();
    stream.pushEvent(chunk({ reasoning_content: 'Rayleigh **scattering**' }));
    stream.pushEvent(chunk({ reasoning_content: ' favours short waves.' }));
    await until(() => lastReply(el)?.querySelector('[part~="reasoning"]')?.textContent?.includes('short waves'), 'the reasoning on screen');
    const details = lastReply(el).querySelector('details[part~="reasoning"]') as HTMLDetailsElement;
    expect(details.open, 'open while the model thinks').to.equal(true);
    expect(details.querySelector('summary')!.textContent!.trim()).to.equal('Thinking…');
    await until(() => details.querySelector('strong'), 'the reasoning rendered as markdown');
    expect(details.querySelector('strong')!.textContent).to.equal('scattering');
    expect(details.closest('[part~="content"]'), 'outside the content part').to.equal(null);
    expect(events.count('reasoning')).to.equal(2);
    expect(events.events.filter((e) => e.type === 'reasoning').map((e) => e.detail)).to.deep.equal([
      { token: 'Rayleigh **scattering**', text: 'Rayleigh **scattering**' },
      { token: ' favours short waves.', text: 'Rayleigh **scattering** favours short waves.' },
    ]);

    stream.pushEvent(chunk({ content: 'Because of Rayleigh scattering.' }));
    await until(() => !details.open, 'the section to close');
    expect(details.querySelector('summary')!.textContent!.trim()).to.match(/^Thought for \d+ s$/);
    stream.pushEvent({ data: '[DONE]' });
    stream.close();
    expect(await reply).to.equal('Because of Rayleigh scattering.');
    const done = lastEvent(events, 'done');
    expect(done.detail.reasoning).to.equal('Rayleigh **scattering** favours short waves.');
    expect(lastReply(el).querySelector('[part~="content"]')!.textContent).to.contain('Because of Rayleigh scattering.');
    expect(lastReply(el).querySelector('[part~="content"]')!.textContent).not.to.contain('favours');
    expect(el.messages.at(-1)).to.deep.include({ role: 'assistant', content: 'Because of Rayleigh scattering.', reasoning: 'Rayleigh **scattering** favours short waves.' });

    // The next request carries the answer, never the reasoning.
    const next = el.send('And at sunset?');
    const second = await server.nextRequest();
    expect(second.request.rawBody).not.to.contain('Rayleigh **scattering**');
    expect(second.request.rawBody).not.to.contain('reasoning');
    second.pushEvent(chunk({ content: 'Red.' }));
    second.pushEvent({ data: '[DONE]' });
    second.close();
    await next;
  });

  it('reads <think>…</think> at the start of a text reply as reasoning', async () => {
    const { el, server, events } = await setup({ protocol: 'text' });
    const reply = el.send('hi');
    const stream = await server.nextRequest();
    for (const piece of ['<th', 'ink>Let me ', 'think.</thi', 'nk>\n\nHello', ' there.']) stream.pushEvent({ data: piece });
    stream.close();
    expect(await reply).to.equal('Hello there.');
    const done = lastEvent(events, 'done');
    expect(done.detail.reasoning).to.equal('Let me think.');
    await el.updateComplete;
    const details = lastReply(el).querySelector('details[part~="reasoning"]') as HTMLDetailsElement;
    expect(details.open).to.equal(false);
    expect(details.textContent).to.contain('Let me think.');
    expect(lastReply(el).querySelector('[part~="content"]')!.textContent).not.to.contain('think');
  });

  it('shows the reasoning of a restored history again, closed', async () => {
    const { el } = await setup();
    el.messages = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'Hello!', reasoning: 'The user *greets* me.' },
    ];
    await el.updateComplete;
    const details = lastReply(el).querySelector('details[part~="reasoning"]') as HTMLDetailsElement;
    expect(details.open).to.equal(false);
    expect(details.querySelector('summary')!.textContent!.trim()).to.equal('Reasoning');
    expect(details.querySelector('em')?.textContent).to.equal('greets');
    expect(el.messages[1]).to.deep.equal({ role: 'assistant', content: 'Hello!', reasoning: 'The user *greets* me.' });
  });

  it('sanitizes reasoning like the reply', async () => {
    const { el, server } = await setup();
    const reply = el.send('hi');
    const stream = await server.nextRequest();
    stream.pushEvent(chunk({ reasoning_content: 'Plan: <img src=x onerror="window.__pwnedReasoning=1"><script>window.__pwnedReasoning=1</script> [x](javascript:alert(1))' }));
    stream.pushEvent(chunk({ content: 'ok' }));
    stream.pushEvent({ data: '[DONE]' });
    stream.close();
    await reply;
    await el.updateComplete;
    const details = lastReply(el).querySelector('[part~="reasoning"]')!;
    expect(details.querySelector('img, script, [onerror], a[href^="javascript"]')).to.equal(null);
    expect((window as { __pwnedReasoning?: number }).__pwnedReasoning).to.equal(undefined);
  });
});

describe('<chat-stream> tool calls', () => {
  it('shows a card where the call happened: arguments streaming, then formatted; tool-call events; messages[].toolCalls', async () => {
    const { el, server, events } = await setup();
    const reply = el.send('Weather in Paris?');
    const stream = await server.nextRequest();
    stream.pushEvent(chunk({ content: 'Let me check.' }));
    stream.pushEvent(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"ci' } }] }));
    await until(() => lastReply(el).querySelector('[part~="tool-call"]'), 'the card');
    const card = () => lastReply(el).querySelector('[part~="tool-call"]')!;
    expect(card().querySelector('.tool-name')!.textContent).to.equal('get_weather');
    expect(card().querySelector('.tool-state')!.textContent).to.equal('Preparing');
    stream.pushEvent(chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Par' } }] }));
    await until(() => card().querySelector('.tool-arguments')?.textContent === '{"city":"Par', 'the raw arguments so far');
    stream.pushEvent(chunk({ tool_calls: [{ index: 0, function: { arguments: 'is"}' } }] }));
    stream.pushEvent(chunk({}, 'tool_calls'));
    await until(() => card().querySelector('.tool-state')!.textContent === 'Called', 'the input to be complete');
    expect(card().querySelector('.tool-arguments')!.textContent).to.equal('{\n  "city": "Paris"\n}');
    stream.pushEvent({ data: '[DONE]' });
    stream.close();
    expect(await reply).to.equal('Let me check.');
    expect(events.count('done')).to.equal(1);

    // The card sits after the text that came before it, outside the text's content part.
    const children = [...lastReply(el).querySelectorAll('[part~="content"], [part~="tool-call"]')];
    expect(children.map((c) => c.getAttribute('part'))).to.deep.equal(['content', 'tool-call']);
    const calls = events.events.filter((e) => e.type === 'tool-call').map((e) => e.detail);
    expect(calls[0]).to.deep.include({ id: 'call_1', name: 'get_weather', state: 'input-streaming' });
    expect(calls.at(-1)).to.deep.equal({ id: 'call_1', name: 'get_weather', state: 'input-available', arguments: '{"city":"Paris"}', input: { city: 'Paris' } });
    expect(el.messages.at(-1)!.toolCalls).to.deep.equal([{ id: 'call_1', name: 'get_weather', input: { city: 'Paris' } }]);
  });

  it('shows output and errors (AI SDK), keeps arguments that never parse as text, shows hostile arguments as text, and goes on', async () => {
    const { el, server, events } = await setup({ protocol: 'ai-sdk' });
    const reply = el.send('go');
    const stream = await server.nextRequest();
    stream.pushEvent(aiSdk({ type: 'tool-input-start', toolCallId: 'a', toolName: 'lookup' }));
    stream.pushEvent(aiSdk({ type: 'tool-input-delta', toolCallId: 'a', inputTextDelta: '{"q":"<img src=x onerror=window.__pwnedTool=1>"}' }));
    stream.pushEvent(aiSdk({ type: 'tool-input-available', toolCallId: 'a', toolName: 'lookup', input: { q: '<img src=x onerror=window.__pwnedTool=1>' } }));
    stream.pushEvent(aiSdk({ type: 'tool-output-available', toolCallId: 'a', output: { answer: 42 } }));
    stream.pushEvent(aiSdk({ type: 'tool-input-start', toolCallId: 'b', toolName: 'broken' }));
    stream.pushEvent(aiSdk({ type: 'tool-input-delta', toolCallId: 'b', inputTextDelta: '{"unclosed": ' }));
    stream.pushEvent(aiSdk({ type: 'tool-output-error', toolCallId: 'b', errorText: 'The tool failed: timeout' }));
    stream.pushEvent(aiSdk({ type: 'text-delta', id: 't', delta: 'Done.' }));
    stream.pushEvent(aiSdk({ type: 'finish' }));
    stream.close();
    expect(await reply).to.equal('Done.');
    await el.updateComplete;
    const [first, second] = [...lastReply(el).querySelectorAll('[part~="tool-call"]')];
    expect(first!.querySelector('.tool-state')!.textContent).to.equal('Done');
    expect(first!.querySelector('.tool-output')!.textContent).to.equal('{\n  "answer": 42\n}');
    expect(first!.querySelector('.tool-arguments')!.textContent).to.contain('<img src=x onerror=window.__pwnedTool=1>');
    expect(lastReply(el).querySelector('img, [onerror]')).to.equal(null);
    expect(second!.querySelector('.tool-state')!.textContent).to.equal('Failed');
    expect(second!.querySelector('.tool-arguments')!.textContent, 'unparsed arguments stay visible').to.equal('{"unclosed": ');
    expect(second!.querySelector('.tool-error')!.textContent).to.equal('The tool failed: timeout');
    expect((window as { __pwnedTool?: number }).__pwnedTool).to.equal(undefined);
    const states = events.events.filter((e) => e.type === 'tool-call').map((e) => `${e.detail.id}:${e.detail.state}`);
    expect(states).to.include.members(['a:input-streaming', 'a:input-available', 'a:output-available', 'b:input-streaming', 'b:output-error']);
    expect(events.count('done')).to.equal(1);
    expect(events.count('error')).to.equal(0);
    expect(el.messages.at(-1)!.toolCalls![0]).to.deep.equal({ id: 'a', name: 'lookup', input: { q: '<img src=x onerror=window.__pwnedTool=1>' }, output: { answer: 42 } });
  });

  it('a reply that is only a tool call ends with done', async () => {
    const { el, server, events } = await setup({ protocol: 'gemini' });
    const reply = el.send('weather?');
    const stream = await server.nextRequest();
    stream.pushEvent({ data: JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } } }] }, finishReason: 'STOP' }] }) });
    stream.close();
    expect(await reply).to.equal('');
    const done = lastEvent(events, 'done');
    expect(done.detail.reason).to.equal('complete');
    await el.updateComplete;
    expect(lastReply(el).querySelector('[part~="tool-call"] .tool-name')!.textContent).to.equal('get_weather');
    expect(el.messages.at(-1)!.toolCalls).to.deep.equal([{ id: 'call-1', name: 'get_weather', input: { city: 'Oslo' } }]);
  });
});

describe('<chat-stream> sources', () => {
  it('lists sources under the reply as numbered links with the markdown link rules, once each, in done.detail.sources', async () => {
    const { el, server, events } = await setup({ protocol: 'ai-sdk' });
    const reply = el.send('cite');
    const stream = await server.nextRequest();
    stream.pushEvent(aiSdk({ type: 'text-delta', id: 't', delta: 'See the sources.' }));
    stream.pushEvent(aiSdk({ type: 'source-url', sourceId: 's1', url: 'https://example.com/a', title: 'First <b>source</b>' }));
    stream.pushEvent(aiSdk({ type: 'source-url', sourceId: 's2', url: 'javascript:alert(1)', title: 'Evil' }));
    stream.pushEvent(aiSdk({ type: 'source-url', sourceId: 's3', url: 'https://example.com/a', title: 'Again' }));
    stream.pushEvent(aiSdk({ type: 'source-url', sourceId: 's4', url: 'https://example.org/b' }));
    stream.pushEvent(aiSdk({ type: 'finish' }));
    stream.close();
    await reply;
    const done = lastEvent(events, 'done');
    expect(done.detail.sources).to.deep.equal([
      { url: 'https://example.com/a', title: 'First <b>source</b>' },
      { url: 'javascript:alert(1)', title: 'Evil' },
      { url: 'https://example.org/b', title: 'https://example.org/b' },
    ]);
    await until(() => lastReply(el).querySelector('[part~="sources"] li'), 'the list');
    const nav = lastReply(el).querySelector('[part~="sources"]')!;
    expect(nav.closest('[part~="content"]')).to.equal(null);
    expect(nav.getAttribute('aria-label')).to.equal('Sources');
    const items = [...nav.querySelectorAll('ol > li')];
    expect(items.map((li) => li.textContent)).to.deep.equal(['First <b>source</b>', 'Evil', 'https://example.org/b']);
    const link = items[0]!.querySelector('a')!;
    expect(link.href).to.equal('https://example.com/a');
    expect(link.target).to.equal('_blank');
    expect(link.rel.split(' ')).to.include.members(['noopener', 'noreferrer']);
    expect(items[1]!.querySelector('a[href]'), 'a javascript: source is no link').to.equal(null);
    expect(nav.querySelector('b')).to.equal(null);
  });
});

describe('<chat-stream> reply parts on screen while streaming', () => {
  it('draws the reasoning and the card in the frame after their bytes', async () => {
    const { el, server } = await setup();
    const reply = el.send('x');
    const stream = await server.nextRequest();
    stream.pushEvent(chunk({ reasoning: 'Hmm.' }));
    await until(() => lastReply(el)?.querySelector('[part~="reasoning"]'), 'reasoning');
    stream.pushEvent(chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] }));
    await frame();
    await frame();
    expect(lastReply(el).querySelector('[part~="tool-call"]')).to.not.equal(null);
    stream.pushEvent({ data: '[DONE]' });
    stream.close();
    await reply;
  });
});
