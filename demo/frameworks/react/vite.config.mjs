// Builds the React example from the repository's own node_modules (no install of its own) against
// the built npm entry, as an app that installed the package would: `npm test` runs `npm run build` first.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './', // served from /demo/frameworks/react/dist/ in the tests
  publicDir: false,
  logLevel: 'warn',
  // Vite 8 transforms JSX itself (Oxc); React 19's automatic runtime needs no import of React.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  resolve: { alias: [{ find: /^chat-stream$/, replacement: `${root}dist/npm/index.js` }] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
});
