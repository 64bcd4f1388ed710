// Prints what each module adds to a minified bundle of an entry (esbuild's attribution, raw bytes) and
// its gzipped size (zlib level 9, as everywhere), so a change can be weighed against its budget
// (scripts/sizes.mjs). The real CDN files are measured by `npm run build` and `npm test`.
// Usage: node scripts/size-report.mjs [entry]   (default src/index.ts)
import { buildSync } from 'esbuild';
import { gzipSync } from 'node:zlib';

const entry = process.argv[2] ?? 'src/index.ts';
const result = buildSync({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  write: false,
  metafile: true,
  logLevel: 'error',
  ignoreAnnotations: true, // package.json's sideEffects would drop ./define.js from the entry
  conditions: ['production'],
  define: { 'process.env.NODE_ENV': '"production"' },
});
const bytes = result.outputFiles[0].contents;
const inputs = Object.values(result.metafile.outputs)[0].inputs;
const groups = new Map();
for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  const key = m ? `[dep] ${m[1]}` : path;
  groups.set(key, (groups.get(key) ?? 0) + bytesInOutput);
}
let ours = 0;
let deps = 0;
for (const [key, n] of [...groups].sort((a, b) => b[1] - a[1])) {
  if (key.startsWith('[dep]')) deps += n;
  else ours += n;
  if (n > 0) console.log(`${String(n).padStart(7)}  ${key}`);
}
console.log(`${String(deps).padStart(7)}  dependencies (raw)\n${String(ours).padStart(7)}  our code (raw)`);
console.log(`${String(bytes.length).padStart(7)}  bundle (raw, esbuild)\n${String(gzipSync(bytes, { level: 9 }).length).padStart(7)}  bundle (gzipped, zlib level 9, esbuild; the real CDN files are measured by npm run build)`);
