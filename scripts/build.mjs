#!/usr/bin/env node
// `npm run build`: writes the files of the contract's table and nothing stale.
//   dist/cdn/chat-stream.js       ES module, every dependency bundled and minified; registers <chat-stream>
//   dist/cdn/chat-stream.iife.js  the same as a classic script
//   dist/cdn/chat-stream.{engine,highlight,math}.js  lazy chunks both bundles fetch from their folder:
//                                 the markdown engine, the code highlighter, the math renderer
//   dist/cdn/chat-stream.js.LICENSE.txt  the licenses of everything bundled (vite's build.license)
//   dist/npm/*.js + *.d.ts        one module per source file; lit, marked, dompurify and
//                                 fetch-event-source stay imports; index.js registers, element.js does not
//   custom-elements.json          the Custom Elements Manifest, from the class JSDoc
// Then prints each CDN file's size, raw and gzipped (zlib level 9, scripts/sizes.mjs), and fails over budget.
import { rm, readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { BUDGETS, gzipSize } from './sizes.mjs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, relative } from 'node:path';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

/** The files the contract requires, plus the class-only entry. */
export const REQUIRED = [
  'dist/cdn/chat-stream.js',
  'dist/cdn/chat-stream.iife.js',
  'dist/cdn/chat-stream.engine.js',
  'dist/cdn/chat-stream.highlight.js',
  'dist/cdn/chat-stream.math.js',
  'dist/npm/index.js',
  'dist/npm/index.d.ts',
  'dist/npm/define.js',
  'dist/npm/define.d.ts',
  'dist/npm/element.js',
  'dist/npm/element.d.ts',
  'custom-elements.json',
];


function run(cmd, args, label) {
  try {
    execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  } catch {
    throw new Error(`build: ${label} failed (${[cmd, ...args].map((a) => relative(ROOT, a) || a).join(' ')})`);
  }
}

async function filesUnder(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(ROOT, join(entry.parentPath ?? entry.path, entry.name)));
  }
  return out.sort();
}

/** Runs the whole build; returns the sizes it printed. */
export async function build({ quiet = false } = {}) {
  const log = quiet ? () => {} : (...a) => console.log(...a);
  const t0 = performance.now();
  await rm(join(ROOT, 'dist'), { recursive: true, force: true });
  await rm(join(ROOT, 'custom-elements.json'), { force: true });

  // Two vite runs: `external` applies to a whole build (see vite.config.ts).
  const { build: viteBuild } = await import('vite');
  const configFile = join(ROOT, 'vite.config.ts');
  for (const mode of ['cdn', 'cdn-iife', 'npm']) {
    log(`build: vite --mode ${mode}`);
    await viteBuild({ root: ROOT, configFile, mode, logLevel: 'warn' });
  }

  log('build: tsc -p tsconfig.build.json (declarations)');
  run(process.execPath, [bin('tsc'), '-p', join(ROOT, 'tsconfig.build.json')], 'declarations');

  log('build: custom-elements.json');
  run(process.execPath, [join(ROOT, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--config', join(ROOT, 'custom-elements-manifest.config.mjs')], 'custom elements manifest');

  const missing = REQUIRED.filter((f) => !existsSync(join(ROOT, f)));
  if (missing.length) throw new Error(`build: missing ${missing.join(', ')}`);
  const cdn = await filesUnder(join(ROOT, 'dist/cdn'));
  // Beside the bundles: the licenses of the dependencies they contain.
  const extra = cdn.filter((f) => !REQUIRED.includes(f) && f !== 'dist/cdn/chat-stream.js.LICENSE.txt');
  if (extra.length) throw new Error(`build: unexpected files in dist/cdn: ${extra.join(', ')}`);

  const sizes = {};
  for (const file of [...cdn, 'dist/npm/index.js']) {
    const path = join(ROOT, file);
    sizes[file] = { raw: (await stat(path)).size, gzip: gzipSize(path), budget: BUDGETS[file] };
  }
  const npmFiles = (await filesUnder(join(ROOT, 'dist/npm'))).filter((f) => f.endsWith('.js'));
  let npmRaw = 0;
  for (const f of npmFiles) npmRaw += (await stat(join(ROOT, f))).size;

  log(`build: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  log('');
  log('  file                                 bytes   gzipped   budget   (zlib.gzipSync, level 9)');
  for (const [file, s] of Object.entries(sizes)) {
    const budget = s.budget === undefined ? '' : `${String(s.budget).padStart(8)}${s.gzip > s.budget ? `  OVER by ${s.gzip - s.budget}` : ''}`;
    log(`  ${file.padEnd(34)} ${String(s.raw).padStart(8)} ${String(s.gzip).padStart(9)} ${budget}`);
  }
  log(`  dist/npm/**/*.js (${npmFiles.length} modules)`.padEnd(36) + ` ${String(npmRaw).padStart(8)}   (dependencies external)`);
  const over = Object.entries(sizes).filter(([, s]) => s.budget !== undefined && s.gzip > s.budget);
  if (over.length) {
    throw new Error(`build: over budget: ${over.map(([file, s]) => `${file} is ${s.gzip} bytes gzipped, budget ${s.budget}`).join('; ')}`);
  }
  return sizes;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  build().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
