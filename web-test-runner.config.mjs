import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChrome, CHROME_ARGS } from './scripts/find-chrome.mjs';
import { createMockServer } from './demo/mock/server.js';
import { securityMiddleware } from './test/security/middleware.mjs';

const mock = createMockServer();
// highlight.js ships its languages and core as CommonJS behind thin ES wrappers; the browser needs ES modules.
const commonjs = fromRollup(rollupCommonjs);

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: pages that are not in front are hidden, and hidden pages get no animation frames.
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), commonjs({ include: /node_modules\/highlight\.js\/lib\//, strictRequires: false })],
  middleware: [
    // The URLs of the example servers (examples/servers/) that scripts/servers.mjs started, for test/servers/.
    (ctx, next) => {
      if (ctx.path !== '/__servers.json') return next();
      ctx.type = 'application/json';
      ctx.body = process.env.CHAT_STREAM_SERVERS ?? JSON.stringify({ urls: {}, skipped: [], missing: 'CHAT_STREAM_SERVERS is not set: run the tests through scripts/servers.mjs or npm test' });
    },
    // Strict-CSP fixture pages and the counted attacker origin of the security tests.
    securityMiddleware(),
    // The mock model server (the same module the demo uses) under /mock/.
    async (ctx, next) => {
      if (!ctx.path.startsWith('/mock/')) return next();
      ctx.respond = false;
      await new Promise((resolve) => {
        ctx.res.once('close', resolve);
        mock.handle(ctx.req, ctx.res, () => {
          ctx.respond = true;
          resolve(next());
        });
      });
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: findChrome(), headless: true, args: CHROME_ARGS },
    }),
  ],
};
