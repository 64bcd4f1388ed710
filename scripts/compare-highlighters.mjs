// Prints the gzipped size (zlib level 9, as everywhere) of highlight.js core with the 25 languages
// of src/rich/highlight-chunk.ts and of Prism core with the same 25 languages, each bundled and
// minified by esbuild the same way: the figures behind README.md's "Why highlight.js".
// Usage: node scripts/compare-highlighters.mjs
import { buildSync } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const PRISM_LANGUAGES = ['markup', 'css', 'clike', 'javascript', 'bash', 'c', 'cpp', 'csharp', 'diff', 'docker', 'go', 'ini', 'java',
  'json', 'kotlin', 'lua', 'makefile', 'markdown', 'markup-templating', 'php', 'python', 'ruby', 'rust', 'sql', 'typescript', 'yaml', 'toml'];

function size(contents, resolveDir) {
  const { outputFiles } = buildSync({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'error',
  });
  return gzipSync(outputFiles[0].contents, { level: 9 }).length;
}

const ours = readFileSync(new URL('../src/rich/highlight-chunk.ts', import.meta.url), 'utf8');
const hljsImports = [...ours.matchAll(/^import \w+ from '(highlight\.js\/lib\/[^']+)';$/gm)].map(([, path]) => path);
const hljs = size(hljsImports.map((path, i) => `import m${i} from '${path}'; globalThis.m${i} = m${i};`).join('\n'), process.cwd());
const prism = size(`import Prism from 'prismjs';\n${PRISM_LANGUAGES.map((l) => `import 'prismjs/components/prism-${l}.js';`).join('\n')}\nglobalThis.Prism = Prism;`, process.cwd());
console.log(`highlight.js core + ${hljsImports.length - 1} languages: ${hljs} bytes gzipped`);
console.log(`Prism core + the same languages (${PRISM_LANGUAGES.length} components, with their dependencies clike, markup-templating): ${prism} bytes gzipped`);
