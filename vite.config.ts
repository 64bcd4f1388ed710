// Library build of <chat-stream>. `scripts/build.mjs` runs it three times, because `external` and
// the output format apply to a whole build (../shared/TOOLCHAIN.md):
//   mode "cdn":      dist/cdn/chat-stream.js (ES), every dependency bundled, and beside it the lazy
//                    chunks chat-stream.engine.js, chat-stream.highlight.js, chat-stream.math.js;
//   mode "cdn-iife": dist/cdn/chat-stream.iife.js, the same entry as a classic script (it loads the
//                    same chunks);
//   mode "npm":      dist/npm/*.js, one file per source module, dependencies left as imports.
// `CHAT_STREAM_VISUALIZE=1 npm run build` also writes a size treemap per CDN build to stats/.
// The demo has its own config (demo/vite.config.ts).
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { visualizer } from 'rollup-plugin-visualizer';
import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

// Every bare specifier stays an import in the npm build: lit (and lit/*, @lit/*, lit-html), marked,
// dompurify and @microsoft/fetch-event-source. The test run checks that each one is a dependency.
const isBare = (id: string) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:[\\/]/.test(id);

const srcDir = fileURLToPath(new URL('./src/', import.meta.url));

// package.json's `sideEffects` names the dist files that register the element, so the bundler would
// otherwise treat src/define.ts as side-effect free and drop `import './define.js'` from the entry:
// a bundle that never registers <chat-stream>. Our own modules keep their side effects. Rolldown's
// `treeshake.moduleSideEffects` cannot say this: vite's resolver attaches package.json's verdict to
// each module it resolves, and that wins over the option (tried: the bundle registered nothing).
const keepOwnSideEffects: Plugin = {
  name: 'chat-stream:keep-own-side-effects',
  enforce: 'post',
  transform(_code, id) {
    return id.startsWith(srcDir) ? { moduleSideEffects: true } : null;
  },
};

// Lit keeps template whitespace and CSS as written: the Lit team's plugin minifies the HTML of our
// `html` templates (html-minifier-next) and the CSS of our `css` ones (lightningcss).
const minifyTemplates = minifyHtmlLiterals({ include: ['src/**/*.ts'], failOnError: true }) as unknown as Plugin;

export default defineConfig(({ mode }) => {
  if (mode !== 'cdn' && mode !== 'cdn-iife' && mode !== 'npm') {
    throw new Error(`vite.config.ts: build with --mode cdn, cdn-iife or npm (npm run build does all three), not "${mode}"`);
  }
  const shared = {
    // No public/ directory belongs in the package, and nothing is served from here.
    publicDir: false as const,
    plugins: [keepOwnSideEffects, minifyTemplates],
    logLevel: 'warn' as const,
    build: {
      target: 'es2022',
      sourcemap: false,
      emptyOutDir: false, // build.mjs removes dist/ once, before both runs
      reportCompressedSize: false,
      copyPublicDir: false,
    },
  };

  if (mode === 'cdn' || mode === 'cdn-iife') {
    const es = mode === 'cdn';
    return {
      ...shared,
      // Lit and DOMPurify read process.env.NODE_ENV in places; a browser has no `process`.
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      resolve: { conditions: ['production', 'browser', 'module', 'import', 'default'] },
      plugins: [
        ...shared.plugins,
        // `CHAT_STREAM_VISUALIZE=1 npm run build`: a treemap of what each CDN file holds, by module,
        // with gzipped sizes, in stats/ (not shipped).
        ...(process.env.CHAT_STREAM_VISUALIZE ? [visualizer({ filename: `stats/${mode}.html`, template: 'treemap', gzipSize: true }) as unknown as Plugin] : []),
      ],
      build: {
        ...shared.build,
        outDir: 'dist/cdn',
        minify: true,
        // Vite's own list of every bundled dependency with its license text, beside the files (the ES
        // build bundles them all: the entry and the three chunks; the classic script holds a subset).
        license: es ? { fileName: 'chat-stream.js.LICENSE.txt' } : false,
        lib: es
          ? {
              // The bundle, and beside it the lazily loaded chunks, each a self-contained ES module
              // that the bundle (or the engine) fetches from its own folder (src/markdown/load.ts,
              // src/rich/load.ts). They share no module, so no shared chunk is made.
              entry: {
                'chat-stream': src('index.ts'),
                'chat-stream.engine': src('markdown/engine.ts'),
                'chat-stream.highlight': src('rich/highlight-chunk.ts'),
                'chat-stream.math': src('rich/math-chunk.ts'),
              },
              formats: ['es'],
              fileName: (_format: string, name: string) => `${name}.js`,
            }
          : {
              // The classic-script bundle: the same entry; it loads the same ES chunks with import().
              entry: src('index.ts'),
              name: 'ChatStream', // the IIFE's global: window.ChatStream.ChatStreamElement
              formats: ['iife'],
              fileName: () => 'chat-stream.iife.js',
            },
        rolldownOptions: {
          // The classic script's `import.meta.url` is never read: it takes its folder from
          // document.currentScript (src/markdown/load.ts), so rolldown's notice about it is noise.
          onLog(level: string, log: { code?: string }, handler: (level: string, log: unknown) => void) {
            if (!es && log.code === 'EMPTY_IMPORT_META') return;
            handler(level, log);
          },
          // Library mode leaves ES output unminified unless the output asks for it.
          // The dependencies' license notices go to chat-stream.js.LICENSE.txt beside the bundle (every
          // byte of the bundle counts against its budget); one line in the bundle points there.
          output: {
            // After minifying, which would drop it.
            postBanner: '/*! <chat-stream>: licenses in chat-stream.js.LICENSE.txt */',
            minify: true,
            comments: { legal: false, annotation: false, jsdoc: false },
          },
        },
      },
    };
  }

  return {
    ...shared,
    build: {
      ...shared.build,
      outDir: 'dist/npm',
      minify: false, // bundlers downstream minify; readable output helps users debug
      lib: {
        entry: {
          index: src('index.ts'),
          define: src('define.ts'),
          element: src('element.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: {
        external: isBare,
        output: {
          preserveModules: true,
          preserveModulesRoot: fileURLToPath(new URL('./src', import.meta.url)),
          entryFileNames: '[name].js',
        },
      },
    },
  };
});
