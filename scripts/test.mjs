#!/usr/bin/env node
// `npm test` — the README's test command and what CI runs. In order:
//   1. find Chrome or Chromium (installs Debian's chromium when run as root on Debian)
//   2. typecheck:   tsc --noEmit -p tsconfig.json
//   3. build:       scripts/build.mjs (dist/cdn, dist/npm, custom-elements.json)
//   4. Node checks: test/**/*.test.mjs under node --test (SSR import, npm pack contents, size budget)
//   5. examples:    build demo/frameworks/react and demo/frameworks/vue into their dist/
//   6. browser:     web-test-runner, every test/**/*.test.ts in headless Chromium, with the example
//                   servers of examples/servers/ running (scripts/servers.mjs) for test/servers/
// Ends with one line, `N passed, N failed`, counting every test and every step; exits non-zero on
// any failure. Steps after a failed one still run when they can, so one run shows every problem.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { run as runNodeTests } from 'node:test';
import { ensureChrome } from './find-chrome.mjs';
import { build, ROOT } from './build.mjs';
import { freePort, startServers, SERVERS_ENV } from './servers.mjs';

const started = performance.now();
const totals = { passed: 0, failed: 0 };
const failures = [];

const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const heading = (text) => console.log(`\n── ${text} ${'─'.repeat(Math.max(0, 70 - text.length))} [${elapsed()}]`);

function record(name, ok, why = '') {
  if (ok) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(why ? `${name}: ${why}` : name);
  }
}

/** Runs one step counted as a single check; returns whether it passed. */
async function step(name, fn) {
  heading(name);
  try {
    await fn();
    record(name, true);
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`✗ ${name}: ${message}`);
    record(name, false, message.split('\n')[0]);
    return false;
  }
}

function exec(cmd, args, what) {
  try {
    execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  } catch {
    throw new Error(`${what} failed`);
  }
}

function findFiles(dir, pattern) {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** node --test over the given files; counts each test. */
async function nodeTests(files) {
  let passed = 0;
  let failed = 0;
  const stream = runNodeTests({ files, concurrency: true });
  // What a test prints (the size figure, say) arrives as stdout of its file's process.
  stream.on('test:stdout', (d) => process.stdout.write(`  ${String(d.message).replace(/^# /, '')}`));
  stream.on('test:stderr', (d) => process.stderr.write(`  ${d.message}`));
  stream.on('test:pass', (d) => {
    if (d.details?.type === 'suite') return;
    if (d.skip || d.todo) {
      failed += 1;
      record(`${relative(ROOT, d.file ?? '')} > ${d.name}`, false, 'skipped: skips are not allowed');
      return;
    }
    passed += 1;
    record(d.name, true);
    console.log(`  ✓ ${relative(ROOT, d.file ?? '')} > ${d.name}`);
  });
  stream.on('test:fail', (d) => {
    if (d.details?.type === 'suite') return;
    failed += 1;
    const cause = d.details?.error?.cause ?? d.details?.error;
    const message = String(cause?.message ?? cause ?? 'failed').split('\n')[0];
    record(`${relative(ROOT, d.file ?? '')} > ${d.name}`, false, message);
    console.log(`  ✗ ${relative(ROOT, d.file ?? '')} > ${d.name}\n      ${message}`);
  });
  for await (const _ of stream); // drain: the events above do the work
  console.log(`  ${passed} passed, ${failed} failed`);
}

/** Runs web-test-runner in a child process; counts each test through scripts/wtr-summary.mjs. */
async function browserTests(chrome) {
  const dir = mkdtempSync(join(tmpdir(), 'chat-stream-wtr-'));
  const summaryFile = join(dir, 'summary.json');
  // The example servers of examples/servers/ for test/servers/: their CORS allows the test page's origin,
  // so web-test-runner gets a port chosen here. A server that cannot start fails this step (and, under
  // CI, a missing runtime does too); test/servers/ then fails with the reason.
  const port = await freePort();
  let servers = { urls: {}, skipped: [], stop: async () => {} };
  await step('example servers (scripts/servers.mjs)', async () => {
    servers = await startServers({ origin: `http://localhost:${port}` });
  });
  const serversJson = JSON.stringify({ urls: servers.urls, skipped: servers.skipped });
  const code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/@web/test-runner/dist/bin.js'), '--config', join(ROOT, 'scripts/wtr-summary.mjs'), '--port', String(port)],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CHROME_PATH: chrome, WTR_SUMMARY_FILE: summaryFile, [SERVERS_ENV]: serversJson } },
    );
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  await servers.stop();
  let summary;
  try {
    summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  } catch {
    record('browser tests', false, `web-test-runner exited with ${code} before reporting any result`);
    return;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  totals.passed += summary.passed;
  totals.failed += summary.failed + summary.skipped;
  failures.push(...summary.failures.map((f) => `browser: ${f}`));
  if (code !== 0 && summary.failed + summary.skipped === 0) record('browser tests', false, `web-test-runner exited with ${code}`);
}

async function main() {
  heading('Chrome / Chromium');
  const chrome = ensureChrome(); // exits with advice when none can be found or installed
  console.log(`  using ${chrome}`);

  await step('typecheck (tsc --noEmit -p tsconfig.json)', () =>
    exec(process.execPath, [join(ROOT, 'node_modules/.bin/tsc'), '--noEmit', '-p', join(ROOT, 'tsconfig.json')], 'typecheck'),
  );

  const built = await step('build (npm run build)', () => build());

  if (built) {
    heading('Node checks (node --test)');
    await nodeTests(findFiles('test', /\.test\.mjs$/));
  } else {
    record('Node checks', false, 'not run: the build failed');
  }

  let appsBuilt = false;
  if (built) {
    const { build: viteBuild } = await import('vite');
    appsBuilt = await step('example apps (demo/frameworks/react, demo/frameworks/vue)', async () => {
      for (const app of ['react', 'vue']) {
        console.log(`  vite build demo/frameworks/${app}`);
        await viteBuild({ configFile: join(ROOT, 'demo/frameworks', app, 'vite.config.mjs'), mode: 'production', logLevel: 'warn' });
      }
    });
  }

  heading('Browser tests (web-test-runner, headless Chromium)');
  if (!built) console.log('  the build failed: tests that load dist/ will fail too');
  else if (!appsBuilt) console.log('  the example apps did not build: their tests will fail');
  await browserTests(chrome);

  heading(`Summary (${elapsed()})`);
  for (const f of failures) console.log(`  ✗ ${f}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exitCode = totals.failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  console.log(`${totals.passed} passed, ${totals.failed + 1} failed`);
  process.exitCode = 1;
});
