// `npm run demo`: vite's dev server for the demo page, with the built-in mock model mounted at /mock/*.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { createMockServer } from './mock/server.js';

const demoDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * A policy as strict as a careful embedding site would set; `/?csp` serves the page under it.
 * `connect-src` allows the HMR websocket; `trusted-types` names what the contract says the element needs.
 */
const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types chat-stream lit-html dompurify',
].join('; ');

function mockModel(): Plugin {
  return {
    name: 'chat-stream-mock-model',
    // Tells the page whether the proxy is on, so it needs no probe request (and logs no 501).
    transformIndexHtml() {
      const content = process.env.OPENAI_BASE_URL ? 'on' : 'off';
      return [{ tag: 'meta', attrs: { name: 'chat-stream-demo-proxy', content }, injectTo: 'head' }];
    },
    configureServer(server) {
      const mock = createMockServer();
      server.middlewares.use((req, res, next) => {
        const url = req.url ?? '';
        // Only the page itself gets the policy: vite's own modules are unaffected by a CSP header anyway.
        if (/^\/(index\.html)?\?(.*&)?csp\b/.test(url)) res.setHeader('Content-Security-Policy', STRICT_CSP);
        next();
      });
      server.middlewares.use((req, res, next) => {
        // The page imports demo/mock/replies.js, which lives under the mock's URL prefix: vite serves
        // the mock's source files, the mock answers everything else under /mock/.
        if (/^\/mock\/[\w.-]+\.js(\?|$)/.test(req.url ?? '')) next();
        else mock.handle(req, res, next);
      });
      const base = process.env.OPENAI_BASE_URL;
      if (base) {
        // After vite's own URL lines, which printUrls writes once the server listens.
        const printUrls = server.printUrls.bind(server);
        server.printUrls = () => {
          printUrls();
          const model = process.env.OPENAI_MODEL ? ` (model ${process.env.OPENAI_MODEL})` : '';
          server.config.logger.info(`  ➜  Proxy:   /mock/proxy/openai → ${base}${model}`);
        };
      }
    },
  };
}

export default defineConfig({
  root: demoDir,
  clearScreen: false,
  plugins: [mockModel()],
  optimizeDeps: {
    // Only the demo page; the framework examples under demo/frameworks have their own builds.
    entries: ['index.html'],
    // Pre-bundled at start, so the first page load is not reloaded when vite discovers them.
    include: ['lit', 'lit/directives/live.js', 'lit/directives/ref.js', 'lit/directives/repeat.js', 'lit/directives/style-map.js', 'marked', 'dompurify', '@microsoft/fetch-event-source'],
  },
  server: {
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT) || 5173,
    strictPort: false,
    fs: { allow: [repoRoot] },
  },
});
