// Builds the Vue example from the repository's own node_modules (no install of its own) against
// the built npm entry, as an app that installed the package would: `npm test` runs `npm run build` first.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './', // served from /demo/frameworks/vue/dist/ in the tests
  publicDir: false,
  logLevel: 'warn',
  plugins: [
    vue({
      // Without this Vue tries to resolve <chat-stream> as a Vue component and warns.
      template: { compilerOptions: { isCustomElement: (tag) => tag === 'chat-stream' } },
    }),
  ],
  define: { __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  resolve: { alias: [{ find: /^chat-stream$/, replacement: `${root}dist/npm/index.js` }] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
});
