import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChrome, CHROME_ARGS } from './scripts/find-chrome.mjs';
import { createMockServer } from './demo/mock/server.js';
import { securityMiddleware } from './test/security/middleware.mjs';

const mock = createMockServer();

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: pages that are not in front are hidden, and hidden pages get no animation frames.
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  middleware: [
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
