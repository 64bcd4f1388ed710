// Library build of <chat-stream>. `scripts/build.mjs` runs it twice, because `external` applies to a
// whole build (../shared/TOOLCHAIN.md):
//   mode "cdn": dist/cdn/chat-stream.js (ES) and dist/cdn/chat-stream.iife.js, every dependency bundled;
//   mode "npm": dist/npm/*.js, one file per source module, dependencies left as imports.
// The demo has its own config (demo/vite.config.ts).
import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';
import { readFileSync, readdirSync } from 'node:fs';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

// Every bare specifier stays an import in the npm build: lit (and lit/*, @lit/*, lit-html), marked,
// dompurify and @microsoft/fetch-event-source. The test run checks that each one is a dependency.
const isBare = (id: string) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:[\\/]/.test(id);

const srcDir = fileURLToPath(new URL('./src/', import.meta.url));

// package.json's `sideEffects` names the dist files that register the element, so the bundler would
// otherwise treat src/define.ts as side-effect free and drop `import './define.js'` from the entry:
// a bundle that never registers <chat-stream>. Our own modules keep their side effects.
const keepOwnSideEffects: Plugin = {
  name: 'chat-stream:keep-own-side-effects',
  enforce: 'post',
  transform(_code, id) {
    return id.startsWith(srcDir) ? { moduleSideEffects: true } : null;
  },
};

/** Minifies the CSS of `css\`…\`` literals (without `${}`) in our own modules: Lit ships them as written. */
export function minifyCss(text: string): string {
  // Quoted strings are kept as they are; comments go; whitespace collapses around punctuation.
  return text
    .split(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/)
    .map((part, i) =>
      i % 2
        ? part
        : part
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/ ?([{};,>~]) ?/g, '$1')
            .replace(/([\s:,(])0\.(\d)/g, '$1.$2')
            .replace(/=(['"])([\w-]+)\1\]/g, '=$2]')
            .replace(/: /g, ':')
            .replace(/;}/g, '}'),
    )
    .join('')
    .trim();
}

/**
 * Collapses the indentation inside Lit `html` and `svg` templates of our own modules: Lit keeps
 * template whitespace as written. Only whitespace runs that contain a line break change: between two
 * tags they go, elsewhere they become one space. Expressions (`${…}`, which may hold nested templates
 * and strings) are copied as they are and scanned for nested templates.
 */
export function minifyHtmlTemplates(code: string): string {
  let out = '';
  let i = 0;
  const tag = /\b(?:html|svg)`/g;
  // Copies an expression starting after `${` up to its closing brace; returns the index after it.
  const expression = (start: number): number => {
    let depth = 1;
    let j = start;
    while (j < code.length && depth > 0) {
      const c = code[j]!;
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"' || c === "'") {
        const end = code.indexOf(c, j + 1);
        j = end < 0 ? code.length : end;
      } else if (c === '`') {
        j = template(j + 1) - 1;
      }
      j++;
    }
    return j;
  };
  // Scans a template literal body starting after its backtick; returns the index after the closing one.
  const template = (start: number): number => {
    let j = start;
    while (j < code.length && code[j] !== '`') {
      if (code[j] === '\\') j++;
      else if (code[j] === '$' && code[j + 1] === '{') j = expression(j + 2) - 1;
      j++;
    }
    return j + 1;
  };
  // Also unquotes static attribute values that need no quotes (`type="button"` → `type=button`).
  const squeeze = (text: string) =>
    text
      .replace(/>\s*\n\s*</g, '><')
      .replace(/\s*\n\s*/g, ' ')
      .replace(/(\s[\w-]+)="([\w-]+)"(?=[\s>])/g, '$1=$2');
  for (let m = tag.exec(code); m; m = tag.exec(code)) {
    const bodyStart = m.index + m[0].length;
    out += code.slice(i, bodyStart);
    let j = bodyStart;
    let part = '';
    while (j < code.length && code[j] !== '`') {
      if (code[j] === '\\') {
        part += code.slice(j, j + 2);
        j += 2;
      } else if (code[j] === '$' && code[j + 1] === '{') {
        const end = expression(j + 2);
        out += squeeze(part) + '${' + minifyHtmlTemplates(code.slice(j + 2, end - 1)) + '}';
        part = '';
        j = end;
      } else {
        part += code[j++];
      }
    }
    out += squeeze(part) + '`';
    i = j + 1;
    tag.lastIndex = i;
  }
  return out + code.slice(i);
}

const minifyHtmlLiterals: Plugin = {
  name: 'chat-stream:minify-html-literals',
  transform(code, id) {
    if (!id.startsWith(srcDir) || !/\b(?:html|svg)`/.test(code)) return null;
    const out = minifyHtmlTemplates(code);
    return out === code ? null : { code: out, map: null };
  },
};

const minifyCssLiterals: Plugin = {
  name: 'chat-stream:minify-css-literals',
  transform(code, id) {
    if (!id.startsWith(srcDir) || !code.includes('css`')) return null;
    let changed = false;
    const out = code.replace(/\bcss`((?:[^`\\$]|\\.|\$(?!\{))*)`/g, (whole, body: string) => {
      const min = minifyCss(body);
      if (min === body) return whole;
      changed = true;
      return `css\`${min}\``;
    });
    return changed ? { code: out, map: null } : null;
  },
};

/** Writes the licenses of the bundled dependencies next to the CDN bundles. */
const bundledLicenses: Plugin = {
  name: 'chat-stream:bundled-licenses',
  generateBundle(options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type === 'chunk') chunk.code = `/*! <chat-stream>: licenses in chat-stream.js.LICENSE.txt */\n${chunk.code}`;
    }
    // Both bundles share one license file; the ES build writes it.
    if (options.format !== 'es') return;
    const packages = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', 'marked', 'dompurify', '@microsoft/fetch-event-source'];
    const text = packages
      .map((name) => {
        const dir = fileURLToPath(new URL(`./node_modules/${name}/`, import.meta.url));
        const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
        if (!file) throw new Error(`No license file in node_modules/${name}`);
        const { version } = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'));
        return `${name}@${version}\n${'='.repeat(name.length + version.length + 1)}\n\n${readFileSync(dir + file, 'utf8').trim()}\n`;
      })
      .join('\n\n');
    this.emitFile({
      type: 'asset',
      fileName: 'chat-stream.js.LICENSE.txt',
      source: `Licenses of the code bundled in chat-stream.js and chat-stream.iife.js\n\n${text}`,
    });
  },
};

export default defineConfig(({ mode }) => {
  if (mode !== 'cdn' && mode !== 'npm') {
    throw new Error(`vite.config.ts: build with --mode cdn or --mode npm (npm run build does both), not "${mode}"`);
  }
  const shared = {
    // No public/ directory belongs in the package, and nothing is served from here.
    publicDir: false as const,
    plugins: [keepOwnSideEffects, minifyCssLiterals, minifyHtmlLiterals],
    logLevel: 'warn' as const,
    build: {
      target: 'es2022',
      sourcemap: false,
      emptyOutDir: false, // build.mjs removes dist/ once, before both runs
      reportCompressedSize: false,
      copyPublicDir: false,
    },
  };

  if (mode === 'cdn') {
    return {
      ...shared,
      // Lit and DOMPurify read process.env.NODE_ENV in places; a browser has no `process`.
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      resolve: { conditions: ['production', 'browser', 'module', 'import', 'default'] },
      plugins: [...shared.plugins, bundledLicenses],
      build: {
        ...shared.build,
        outDir: 'dist/cdn',
        minify: true,
        lib: {
          entry: src('index.ts'),
          name: 'ChatStream', // the IIFE's global: window.ChatStream.ChatStreamElement
          formats: ['es', 'iife'],
          fileName: (format: string) => (format === 'es' ? 'chat-stream.js' : 'chat-stream.iife.js'),
        },
        rolldownOptions: {
          // Library mode leaves ES output unminified unless the output asks for it.
          // The dependencies' license notices go to chat-stream.js.LICENSE.txt beside the bundle (every
          // byte of the bundle counts against its 45 KB budget); one line in the bundle points there.
          output: {
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
