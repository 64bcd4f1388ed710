// What `npm publish` would ship, and the CDN bundle's size budget. Runs under `node --test`
// (scripts/test.mjs) after `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUDGETS, gzipSize } from '../../scripts/sizes.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));


// `--ignore-scripts`: a prepack script must not rebuild while we look at the build.
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
)[0].files.map((f) => f.path);

const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE(\.md|\.txt)?$/,
  /^custom-elements\.json$/,
  /^dist\/npm\/[\w/.-]+\.(js|d\.ts)$/,
  /^dist\/cdn\/chat-stream(\.iife|\.engine|\.highlight|\.math)?\.js$/,
  /^dist\/cdn\/chat-stream\.js\.LICENSE\.txt$/,
];

test('npm pack holds the npm entry, its types, the manifest, the CDN bundles and the README', () => {
  for (const file of [
    'package.json',
    'README.md',
    'custom-elements.json',
    'dist/npm/index.js',
    'dist/npm/index.d.ts',
    'dist/npm/element.js',
    'dist/npm/element.d.ts',
    'dist/npm/define.js',
    'dist/cdn/chat-stream.js',
    'dist/cdn/chat-stream.iife.js',
    'dist/cdn/chat-stream.js.LICENSE.txt',
  ]) {
    assert.ok(packed.includes(file), `${file} is in the package`);
  }
});

test('npm pack holds nothing else (no src, tests, demo, scripts, node_modules, maps)', () => {
  const unexpected = packed.filter((f) => !ALLOWED.some((re) => re.test(f)) || /\.test\.|\.map$|(^|\/)(src|test|demo|node_modules|scripts)\//.test(f));
  assert.deepEqual(unexpected, []);
});

test('every .js module of dist/npm has its .d.ts', () => {
  const js = packed.filter((f) => f.startsWith('dist/npm/') && f.endsWith('.js'));
  const missing = js.filter((f) => !packed.includes(f.replace(/\.js$/, '.d.ts')));
  assert.deepEqual(missing, []);
});

test('"exports" targets are packed, with "types" first where present', () => {
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const conditions = typeof target === 'string' ? { default: target } : target;
    if (typeof target === 'object') {
      assert.equal(Object.keys(target).at(-1), 'default', `${subpath}: "default" comes last`);
      if ('types' in target) assert.equal(Object.keys(target)[0], 'types', `${subpath}: "types" comes first`);
    }
    for (const file of Object.values(conditions)) {
      assert.ok(packed.includes(file.replace(/^\.\//, '')), `${subpath} -> ${file} is packed`);
    }
  }
  assert.equal(pkg.exports['.'].types, './dist/npm/index.d.ts');
  assert.equal(pkg.exports['.'].default, './dist/npm/index.js');
});

test('"sideEffects" names the registering modules and not the class-only entry', () => {
  assert.ok(Array.isArray(pkg.sideEffects), 'sideEffects is a list');
  for (const file of ['./dist/npm/index.js', './dist/npm/define.js']) assert.ok(pkg.sideEffects.includes(file), file);
  assert.ok(!pkg.sideEffects.some((p) => /element/.test(p)), 'element.js registers nothing');
  // The class-only entry must not reach the module that registers.
  const reachable = new Set();
  const visit = (file) => {
    if (reachable.has(file)) return;
    reachable.add(file);
    const source = readFileSync(join(root, 'dist/npm', file), 'utf8');
    for (const [, spec] of source.matchAll(/(?:^|[\s;])(?:import|export)\b[^'"]*?['"](\.[^'"]+)['"]/g)) {
      visit(join(file, '..', spec));
    }
  };
  visit('element.js');
  assert.ok(!reachable.has('define.js'), `dist/npm/element.js imports define.js (${[...reachable].join(', ')})`);
});

test('"customElements" points at the packed manifest', () => {
  assert.equal(pkg.customElements, 'custom-elements.json');
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  assert.ok(manifest.schemaVersion, 'schemaVersion');
  for (const mod of manifest.modules) assert.ok(existsSync(join(root, mod.path)), `manifest module ${mod.path} exists`);
});

test('dist/npm imports only declared dependencies (lit, marked, dompurify, fetch-event-source)', () => {
  const deps = Object.keys(pkg.dependencies ?? {});
  const bare = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) {
        const source = readFileSync(path, 'utf8');
        for (const [, spec] of source.matchAll(/(?:^|[\s;])(?:import|export)\b[^'"]*?['"]([^'".][^'"]*)['"]/g)) bare.add(spec);
        for (const [, spec] of source.matchAll(/\bimport\(\s*['"]([^'".][^'"]*)['"]\s*\)/g)) bare.add(spec);
      }
    }
  };
  walk(join(root, 'dist/npm'));
  const undeclared = [...bare].filter((spec) => !deps.some((d) => spec === d || spec.startsWith(`${d}/`)));
  assert.deepEqual(undeclared, [], `undeclared imports: ${undeclared.join(', ')}`);
  for (const dep of ['lit', 'marked', 'dompurify', '@microsoft/fetch-event-source']) {
    assert.ok([...bare].some((s) => s === dep || s.startsWith(`${dep}/`)), `${dep} stays external`);
  }
});

test('dist/cdn files import nothing but their own lazy chunks, from their own folder (every dependency bundled)', () => {
  const chunks = new Set(['chat-stream.engine.js', 'chat-stream.highlight.js', 'chat-stream.math.js']);
  for (const file of Object.keys(BUDGETS)) {
    const source = readFileSync(join(root, file), 'utf8');
    // A statement `import … from "…"`, `import "…"` or `export … from "…"` (minified: after `;` or `}`), or an import() of a name.
    const imports = /(?:^|[;}])\s*(?:import\s*(?:[\w*{$][^;'"`]*?\bfrom\s*)?|export\s*[^;'"`]*?\bfrom\s*)['"`]|\bimport\(\s*['"`]/m;
    assert.doesNotMatch(source, imports, `${file} has a static import or an import() of a module name`);
    for (const [, target] of source.matchAll(/\bimport\(\s*new URL\(\s*['"`]\.\/([^'"`]+)['"`]/g)) {
      assert.ok(chunks.has(target), `${file} loads ${target}, which is not one of the chunks beside it`);
    }
    assert.doesNotMatch(source, /\bprocess\.env\b/, `${file} reads process.env`);
  }
  // The classic script cannot use import.meta (a syntax error there): it finds its folder through document.currentScript.
  assert.doesNotMatch(readFileSync(join(root, 'dist/cdn/chat-stream.iife.js'), 'utf8'), /\bimport\.meta\b/, 'chat-stream.iife.js uses import.meta');
});

for (const [file, budget] of Object.entries(BUDGETS)) {
  test(`${file} is at most ${budget} bytes gzipped (zlib level 9)`, () => {
    const size = gzipSize(join(root, file));
    console.log(`size: ${file} is ${size} bytes gzipped (budget ${budget}: ${size <= budget ? `${budget - size} left` : `${size - budget} over`})`);
    assert.ok(size <= budget, `${file} is ${size} bytes gzipped, over the ${budget} budget by ${size - budget}`);
  });
}

test("README.md's size table gives each CDN file's measured size and budget (one figure everywhere)", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Size\n'));
  const figure = (n) => n.toLocaleString('en-US');
  for (const [file, budget] of Object.entries(BUDGETS)) {
    const size = gzipSize(join(root, file));
    const row = `| \`${file}\` | ${figure(size)} | ${figure(budget)} |`;
    assert.ok(section.includes(row), `README.md's "Size" table should have the row ${row} (what the build measures now)`);
  }
});

test('the license file beside the CDN files names every bundled dependency', () => {
  const licenses = readFileSync(join(root, 'dist/cdn/chat-stream.js.LICENSE.txt'), 'utf8');
  for (const name of ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', 'marked', 'dompurify', '@microsoft/fetch-event-source', 'highlight.js', 'temml']) {
    assert.match(licenses, new RegExp(`^## ${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} - `, 'm'), `${name} is missing from chat-stream.js.LICENSE.txt`);
  }
  for (const file of Object.keys(BUDGETS)) {
    assert.ok(readFileSync(join(root, file), 'utf8').startsWith('/*! <chat-stream>: licenses in chat-stream.js.LICENSE.txt */'), `${file} points to the license file`);
  }
});
