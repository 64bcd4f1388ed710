// The server doctor against real, "tutorial-style wrong" servers (test/servers/fixtures/, started by
// scripts/servers.mjs): for each known mistake, what CONTRACT.md ("Server mistakes") says the element
// does — the text still shows where it can, and one console.warn per element names the fix.
//   single newline between events (Go `data: %s\n`)   → text shows; warns of the blank line
//   no SSE framing at all (FastAPI bare chunks)        → shown as plain text; warns of the framing
//   JSON with no field a protocol reads ({"hello"…})   → warns with the keys seen and parseEvent
//   a buffering proxy (nginx defaults)                 → text shows; warns proxy_buffering / X-Accel-Buffering
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { ChatStreamElement } from '../../src/index.js';
import { recordEvents } from '../helpers/events.js';
import { urlOf, watchWarnings } from './helpers.js';

interface Mistake {
  server: string;
  what: string;
  /** The reply text the element shows, or null where the contract promises none. */
  text: string | null;
  /** What the warning must say. */
  warning: RegExp[];
}

/** A burst: every token of the reply within this long (the upstream spreads them over ~640 ms). */
const BURST_SPAN_MS = 100;

const MISTAKES: Mistake[] = [
  {
    server: 'fixture-go-single-newline',
    what: 'events separated by a single newline',
    text: 'Hello from a single-newline server.',
    warning: [/\\n\\n|blank line/],
  },
  {
    server: 'fixture-fastapi-unframed',
    what: 'a text/event-stream body with no SSE framing',
    text: 'Hello from an unframed server. ',
    warning: [/data:|\\n\\n|blank line/],
  },
  {
    server: 'fixture-node-unreadable',
    what: 'events whose JSON has no field the protocol reads',
    text: null,
    warning: [/parseEvent/, /hello/],
  },
  {
    server: 'fixture-nginx-buffered',
    what: 'a reply held back by a buffering proxy',
    text: 'Hello from fastapi! You said: ping. This canned reply streams one word at a time.',
    warning: [/proxy_buffering|X-Accel-Buffering/],
  },
];

describe('server mistakes: the doctor against tutorial-style servers', () => {
  let warnings: ReturnType<typeof watchWarnings>;
  beforeEach(() => {
    warnings = watchWarnings();
  });
  afterEach(() => warnings.restore());

  for (const mistake of MISTAKES) {
    it(`${mistake.server}: ${mistake.what} — ${mistake.text === null ? 'no text' : 'the text shows'}, and one warning names the fix`, async () => {
      const base = await urlOf(mistake.server);
      const el = await fixture<ChatStreamElement>(html`<chat-stream .endpoint=${`${base}/api/chat`}></chat-stream>`);
      const events = recordEvents(el);
      // A failed run is allowed (the error then names the fix too); what it showed is in the last event.
      await el.send('ping').catch(() => undefined);
      const last = events.events.at(-1)!;
      expect(['done', 'error']).to.include(last.type);
      if (mistake.text !== null) {
        expect(last.type).to.equal('done');
        expect(last.detail.text).to.equal(mistake.text);
      }
      const matching = warnings.calls.filter((w) => mistake.warning.every((re) => re.test(w)));
      expect(matching, `a console.warn matching ${mistake.warning.join(' and ')}; got ${JSON.stringify(warnings.calls)}`).to.have.length(1);

      // Once per element: a second run with the same mistake adds no second warning.
      await el.send('ping').catch(() => undefined);
      expect(warnings.calls.filter((w) => mistake.warning.every((re) => re.test(w)))).to.have.length(1);
    });
  }

  it('fixture-nginx-buffered really buffers: the whole reply arrives in one burst', async () => {
    // Guards the fixture: if nginx streamed here, the buffering test above would prove nothing.
    const base = await urlOf('fixture-nginx-buffered');
    const el = await fixture<ChatStreamElement>(html`<chat-stream .endpoint=${`${base}/api/chat`}></chat-stream>`);
    const arrivals: number[] = [];
    el.addEventListener('token', () => arrivals.push(performance.now()));
    await el.send('ping');
    expect(arrivals.length).to.be.greaterThan(1);
    expect(arrivals.at(-1)! - arrivals[0]!).to.be.lessThan(BURST_SPAN_MS);
  });
});
