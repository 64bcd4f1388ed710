// Dev-server middleware for the security tests (web-test-runner / @web/dev-server, Koa style).
//
// - Pages under /test/security/fixtures/ are served with a strict Content-Security-Policy that
//   enforces Trusted Types; the strict-CSP test loads them in an iframe (the runner's own test
//   page needs inline scripts, so it cannot carry that policy itself).
// - /__attacker__/… stands for the attacker's server. The tests reach it through a second origin
//   (127.0.0.1 when the page is on localhost, and the other way round), so every request a payload
//   causes is counted here, whatever the browser reports.
// - /test/security/__attacker-log__ returns the requests counted so far; ?reset=1 empties the log.

/** The policy of the strict pages: no 'unsafe-inline', no 'unsafe-eval', Trusted Types enforced. */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "media-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types chat-stream lit-html dompurify',
].join('; ');

const FIXTURES = '/test/security/fixtures/';
const ATTACKER = '/__attacker__/';
const LOG = '/test/security/__attacker-log__';

// A 1×1 transparent GIF, so that an image that does load really loads.
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Creates the middleware; each call has its own request log. */
export function securityMiddleware() {
  /** @type {{ host: string, url: string, referer: string | null }[]} */
  let hits = [];
  return async function security(ctx, next) {
    if (ctx.path.startsWith(ATTACKER)) {
      hits.push({ host: ctx.get('host'), url: ctx.url, referer: ctx.get('referer') || null });
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'image/gif';
      ctx.body = GIF;
      return;
    }
    if (ctx.path === LOG) {
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ hits });
      if (ctx.query.reset) hits = [];
      return;
    }
    await next();
    if (ctx.path.startsWith(FIXTURES)) {
      ctx.set('Content-Security-Policy', STRICT_CSP);
      ctx.set('Cache-Control', 'no-store');
    }
  };
}
