#!/usr/bin/env node
// `npm run build`: writes the files of the contract's table and nothing stale.
//   dist/cdn/chat-stream.js       ES module, every dependency bundled and minified; registers <chat-stream>
//   dist/cdn/chat-stream.iife.js  the same as a classic script
//   dist/npm/*.js + *.d.ts        one module per source file; lit, marked, dompurify and
//                                 fetch-event-source stay imports; index.js registers, element.js does not
//   custom-elements.json          the Custom Elements Manifest, from the class JSDoc
// Then prints each bundle's size, raw and gzip -9.
import { rm, readFile, readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { gzipSync, constants as zlib } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, relative } from 'node:path';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

/** The files the contract requires, plus the class-only entry. */
export const REQUIRED = [
  'dist/cdn/chat-stream.js',
  'dist/cdn/chat-stream.iife.js',
  'dist/npm/index.js',
  'dist/npm/index.d.ts',
  'dist/npm/define.js',
  'dist/npm/define.d.ts',
  'dist/npm/element.js',
  'dist/npm/element.d.ts',
  'custom-elements.json',
];

/** Size of `file` compressed as `gzip -9` does (the budget's measure); zlib level 9 where no gzip binary exists. */
export async function gzipSize(file) {
  const probe = spawnSync('gzip', ['-9', '-c', '-n', file], { maxBuffer: 1 << 26 });
  if (probe.status === 0) return probe.stdout.length;
  return gzipSync(await readFile(file), { level: zlib.Z_BEST_COMPRESSION }).length;
}

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
  for (const mode of ['cdn', 'npm']) {
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
    sizes[file] = { raw: (await stat(path)).size, gzip: await gzipSize(path) };
  }
  const npmFiles = (await filesUnder(join(ROOT, 'dist/npm'))).filter((f) => f.endsWith('.js'));
  let npmRaw = 0;
  for (const f of npmFiles) npmRaw += (await stat(join(ROOT, f))).size;

  log(`build: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  log('');
  log('  file                             bytes    gzip -9');
  for (const [file, s] of Object.entries(sizes)) {
    log(`  ${file.padEnd(30)} ${String(s.raw).padStart(8)} ${String(s.gzip).padStart(10)}`);
  }
  log(`  dist/npm/**/*.js (${npmFiles.length} modules)`.padEnd(32) + ` ${String(npmRaw).padStart(8)}   (dependencies external)`);
  return sizes;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  build().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
