// What a browser cannot see of the example servers, checked from Node: the response headers a
// cross-origin page may not read (`X-Accel-Buffering: no`), and CORS that allows the configured
// origin only — the preflight from it is answered with that origin and `Last-Event-ID` allowed,
// and a request from another origin is not allowed to read the reply. Starts its own servers
// (scripts/servers.mjs) with a made-up origin.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServers } from '../../scripts/servers.mjs';

const ORIGIN = 'http://app.example:5173';
const OTHER_ORIGIN = 'http://evil.example';
/** The examples that answer directly (nginx strips X-Accel-Buffering: it is an instruction to nginx). */
const DIRECT = ['node', 'fastapi', 'go', 'nestjs'];
const ALL = [...DIRECT, 'nginx'];
const BODY = JSON.stringify({ messages: [{ role: 'user', content: 'ping' }], stream: true });

let servers;
before(async () => {
  servers = await startServers({ origin: ORIGIN, names: ['node', 'fastapi', 'go', 'nestjs', 'nginx'], tokenDelayMs: 1, log: () => {} });
});
after(async () => {
  await servers?.stop();
});

function urlOf(name) {
  const url = servers.urls[name];
  const skipped = servers.skipped.find((s) => s.name === name);
  assert.ok(url, `server ${name} was not started: ${skipped?.why ?? 'not listed'}`);
  return url;
}

describe('example servers: headers and CORS', () => {
  for (const name of ALL) {
    it(`${name}: the preflight from the configured origin allows POST with Content-Type and Last-Event-ID`, async () => {
      const res = await fetch(`${urlOf(name)}/api/chat`, {
        method: 'OPTIONS',
        headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,last-event-id' },
      });
      assert.ok(res.status === 200 || res.status === 204, `preflight status ${res.status}`);
      assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /last-event-id/i);
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /content-type/i);
    });

    it(`${name}: another origin is not allowed`, async () => {
      const res = await fetch(`${urlOf(name)}/api/chat`, { method: 'POST', headers: { Origin: OTHER_ORIGIN, 'Content-Type': 'application/json' }, body: BODY });
      await res.text();
      // No header at all (node, go, fastapi) or the configured origin (the `cors` package under NestJS):
      // either way a browser on the other origin may not read the reply.
      const allowed = res.headers.get('access-control-allow-origin');
      assert.ok(allowed === null || allowed === ORIGIN, `Access-Control-Allow-Origin for ${OTHER_ORIGIN}: ${allowed}`);
    });

    it(`${name}: the stream's headers`, async () => {
      const res = await fetch(`${urlOf(name)}/api/chat`, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/json' }, body: BODY });
      const body = await res.text();
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(res.headers.get('content-encoding'), null);
      if (DIRECT.includes(name)) assert.equal(res.headers.get('x-accel-buffering'), 'no');
      assert.ok(body.endsWith('data: [DONE]\n\n'), `the body ends with [DONE] and a blank line: ${JSON.stringify(body.slice(-40))}`);
    });
  }
});
