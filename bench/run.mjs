// npm run bench: streams replies of 20, 40, 80 and 160 KB through <chat-stream> in headless Chromium
// at about 8 KB/s (32 tokens of ~4 characters every 16 ms) and measures main-thread CPU time for six
// renderers: transport alone, the plain-text renderer (the yardstick), the finished DOM alone (blocks: a lower bound), one-shot, the element, naive. Self-contained: builds bench/page.ts with esbuild, serves it and the SSE stream from a
// tiny local server, drives Chromium with puppeteer-core. Writes bench/results.md.
// Environment: BENCH_CORPUS=code streams replies full of fenced code; BENCH_SIZES=20,80 runs some sizes only (results.md is then not written); BENCH_REPEAT=5
// runs each mode five times (default 3);
// BENCH_NAIVE=0 skips the naive renderer; BENCH_HISTORY=400 measures only a reply after a restored history of 400 messages; BENCH_WARM_FONTS=1 lays out the reply's non-ASCII characters
// before each run (font fallback paid outside the measurement); BENCH_PROFILE=80 prints a CPU profile (inclusive and self time per function); BENCH_TRACE=80 records a CDP trace of "ours"
// (or of BENCH_TRACE_MODE=text, floor, blocks) at that size into .bench/trace-80.json and prints the longest main-thread events; BENCH_NO_CARET=1 runs the element with no-caret;
// BENCH_BARE_BLOCKS=1 gives the blocks mode marked + DOMPurify's DOM (no highlighting, math or code headers; results.md is then not written);
// BENCH_STRIP=headers or spans gives it the view's DOM without code headers, or without highlighting spans (results.md not written either).
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { ensureChrome, CHROME_ARGS } from '../scripts/find-chrome.mjs';
import { corpus, tokenize } from './corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ALL_SIZES = [20, 40, 80, 160];
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : ALL_SIZES;
const RUN_NAIVE = process.env.BENCH_NAIVE !== '0';
const REPEAT = Number(process.env.BENCH_REPEAT) || 3;
const TRACE_KB = Number(process.env.BENCH_TRACE) || 0;
// BENCH_BARE_BLOCKS=1: the blocks mode draws marked + DOMPurify's DOM (no highlighting, math or code headers) instead of the view's.
const BARE_BLOCKS = process.env.BENCH_BARE_BLOCKS === '1';
const PROFILE_KB = Number(process.env.BENCH_PROFILE) || 0;
const WARM_FONTS = process.env.BENCH_WARM_FONTS === '1';
// BENCH_HISTORY=400: only the long-conversation figures (a 20 KB reply after 400 restored messages).
const HISTORY = Number(process.env.BENCH_HISTORY) || 0;
// BENCH_PACE=2: tokens per 16 ms tick (default 32, about 8 KB/s; 2 is about 500 characters a second, a fast model's pace).
const TOKENS_PER_TICK = Number(process.env.BENCH_PACE) || 32;
const TICK_MS = 16;
// A full naive run re-renders the whole reply for every one of its ~20,000 tokens at 80 KB (minutes
// of main-thread time); it is run in full at the smallest size and estimated from sampled prefixes.
const NAIVE_FULL_SIZES = [20];
const NAIVE_SAMPLES = 24;

const out = join(here, '..', '.bench');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'page.ts')],
  bundle: true,
  format: 'esm',
  // Readable function names in a profile.
  minify: !PROFILE_KB,
  target: 'es2022',
  outfile: join(out, 'page.js'),
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const pageJs = readFileSync(join(out, 'page.js'));

// BENCH_CORPUS=code: replies full of fenced code (highlighted as they stream) instead of mixed markdown.
const CORPUS = process.env.BENCH_CORPUS === 'code' ? 'code' : 'mixed';
const replies = new Map(SIZES.map((kb) => [kb, corpus(kb, CORPUS)]));

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/page.js"></script></head><body></body></html>');
  } else if (url.pathname === '/page.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(pageJs);
  } else if (url.pathname === '/reply') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(replies.get(Number(url.searchParams.get('kb'))));
  } else if (url.pathname === '/sse') {
    const text = replies.get(Number(url.searchParams.get('kb'))) ?? '';
    // One-shot: the same reply as a single token.
    const tokens = url.searchParams.has('oneshot') ? [text] : tokenize(text);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    let i = 0;
    const started = Date.now();
    const tick = () => {
      if (res.destroyed) return;
      let chunk = '';
      for (let n = 0; n < TOKENS_PER_TICK && i < tokens.length; n++, i++) {
        chunk += `data: ${JSON.stringify({ choices: [{ delta: { content: tokens[i] } }] })}\n\n`;
      }
      if (i >= tokens.length) chunk += 'data: [DONE]\n\n';
      res.write(chunk);
      if (i >= tokens.length) return res.end();
      // Scheduled against the start time, so that timer drift does not slow the stream down.
      const ticks = Math.ceil(i / TOKENS_PER_TICK);
      setTimeout(tick, Math.max(0, started + ticks * TICK_MS - Date.now()));
    };
    tick();
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({ executablePath: ensureChrome(), headless: true, args: CHROME_ARGS });
const version = await browser.version();

async function freshPage() {
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 800 });
  await page.goto(origin + (process.env.BENCH_NO_CARET ? '/?nocaret' : '/') + (process.env.BENCH_STRIP ? `${process.env.BENCH_NO_CARET ? '&' : '?'}strip=${process.env.BENCH_STRIP}` : ''));
  await page.waitForFunction(() => 'bench' in window);
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const metrics = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  return { page, metrics };
}

/** Runs `fn` in a fresh page and returns the main thread's CPU time (CDP) around it. */
async function measure(fn, kb, setup = null) {
  const { page, metrics } = await freshPage();
  if (WARM_FONTS) await page.evaluate((u) => window.bench.warmFonts(u), `/reply?kb=${kb}`);
  // Not measured: what the run needs in place first (BENCH_HISTORY's restored conversation).
  if (setup) await setup(page);
  const before = await metrics();
  const result = await fn(page);
  const after = await metrics();
  await page.close();
  return {
    // CPU time of the renderer's main thread: script, style, layout, paint, GC. Unlike the wall time
    // of its tasks (TaskDuration), it does not count time the thread waits for one of this machine's
    // two shared cores.
    cpuMs: (after.ThreadTime - before.ThreadTime) * 1000,
    result,
  };
}

const quantile = (xs, q) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const keyOf = (f) => `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '—');

const median = (xs) => quantile(xs, 0.5);
// A warm-up run, not measured: the first page of a fresh browser pays one-time costs (code caches,
// the first font lookups) that would otherwise fall on whichever mode runs first.
await measure((page) => page.evaluate((u) => window.bench.run('ours', u), `/sse?kb=${SIZES[0]}`), SIZES[0]);
if (HISTORY) {
  // A long conversation must cost no more per update than a short one (issue #12): the same 20 KB
  // reply streamed into an empty log and after a restored history, and restoring that history
  // against rendering its markdown once. Printed, not written to results.md.
  const url = '/sse?kb=20';
  const runs = { empty: [], long: [], restore: [], once: [] };
  const prepare = (u, n) => (page) => page.evaluate((u, n) => window.bench.prepare(u, n), u, n);
  for (let r = 1; r <= REPEAT; r++) {
    process.stdout.write(`history of ${HISTORY}, run ${r}/${REPEAT}: `);
    runs.empty.push(await measure((page) => page.evaluate((u) => window.bench.run('ours', u, true), url), 20, prepare(url, 0)));
    runs.long.push(await measure((page) => page.evaluate((u) => window.bench.run('ours', u, true), url), 20, prepare(url, HISTORY)));
    runs.restore.push(await measure((page) => page.evaluate((n) => window.bench.restore(n), HISTORY), 20, prepare(url, 0)));
    runs.once.push(await measure((page) => page.evaluate((n) => window.bench.renderOnce(n), HISTORY), 20, prepare(url, 0)));
    console.log(Object.entries(runs).map(([k, v]) => `${k} ${fmt(v.at(-1).cpuMs)}`).join(', '));
  }
  if (TRACE_KB) {
    // BENCH_TRACE=1 with BENCH_HISTORY: a trace of the reply after the history, and of it in an empty log.
    for (const [name, count] of [['history', HISTORY], ['empty', 0]]) {
      const { page } = await freshPage();
      await prepare(url, count)(page);
      const path = join(out, `trace-${name}.json`);
      await page.tracing.start({ path, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      await page.evaluate((u) => window.bench.run('ours', u, true), url);
      await page.tracing.stop();
      await page.close();
      console.log(`trace of the reply ${count ? `after ${count} messages` : 'in an empty log'}:`);
      summarizeTrace(path);
    }
  }
  const cpu = (k) => median(runs[k].map((m) => m.cpuMs));
  console.log(`\nMeasured ${new Date().toISOString().slice(0, 10)} in ${version}, main-thread CPU time (ms), median of ${REPEAT}:`);
  console.log(`  20 KB reply streamed into an empty log: ${fmt(cpu('empty'))}; after a restored history of ${HISTORY} messages: ${fmt(cpu('long'))}` +
    ` → ${fmt(cpu('long') / cpu('empty'), 2)}× (target ≤ 1.25)`);
  console.log(`  restoring the ${HISTORY} messages: ${fmt(cpu('restore'))}; rendering their markdown once: ${fmt(cpu('once'))}` +
    ` → ${fmt(cpu('restore') / cpu('once'), 2)}× (target ≤ 2)`);
  await browser.close();
  server.close();
  process.exit(0);
}

const rows = [];
const scriptOnceMs = new Map();
for (const kb of SIZES) {
  const url = `/sse?kb=${kb}`;
  // Each mode REPEAT times, interleaved, each in a fresh page; the median is reported.
  const runs = { ours: [], floor: [], text: [], blocks: [], shot: [] };
  let drawnBlocks = null;
  const prepareBlocks = async (page) => (drawnBlocks = await page.evaluate((u, b) => window.bench.prepareBlocks(u, b), `/reply?kb=${kb}`, BARE_BLOCKS));
  for (let r = 1; r <= REPEAT; r++) {
    process.stdout.write(`${kb} KB, run ${r}/${REPEAT}: ours… `);
    runs.ours.push(await measure((page) => page.evaluate((u) => window.bench.run('ours', u), url), kb));
    process.stdout.write('floor… ');
    runs.floor.push(await measure((page) => page.evaluate((u) => window.bench.run('floor', u), url), kb));
    process.stdout.write('plain text… ');
    runs.text.push(await measure((page) => page.evaluate((u) => window.bench.run('text', u), url), kb));
    process.stdout.write('blocks… ');
    runs.blocks.push(await measure((page) => page.evaluate((u) => window.bench.run('blocks', u), url), kb, prepareBlocks));
    process.stdout.write('one-shot… ');
    runs.shot.push(await measure((page) => page.evaluate((u) => window.bench.run('ours', u), `${url}&oneshot=1`), kb));
    if (r === 1) {
      console.log(`\n  blocks: ${drawnBlocks.blocks} finished blocks drawn before the run, ${drawnBlocks.highlighted} highlighted spans in their code`);
      const { page } = await freshPage();
      scriptOnceMs.set(kb, await page.evaluate((u) => window.bench.scriptOnce(u), `/reply?kb=${kb}`));
      await page.close();
      console.log(`  script of one render of the whole reply (marked, highlighting, math, DOMPurify, the view's chrome; no layout): ${fmt(scriptOnceMs.get(kb))} ms`);
    }
    console.log(['ours', 'floor', 'text', 'blocks', 'shot'].map((m) => `${m} ${fmt(runs[m].at(-1).cpuMs)}`).join(', '));
    // How the element's views drew their frames (MarkdownViewStats), summed.
    console.log(`  views: ${Object.entries(runs.ours.at(-1).result.stats).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  const cpu = (mode) => median(runs[mode].map((m) => m.cpuMs));
  let est = NaN;
  let naiveFull = null;
  if (RUN_NAIVE) {
    process.stdout.write('naive… ');
    // Naive, estimated: the script cost of one redraw at evenly spaced prefix lengths,
    // integrated over every token of the reply (trapezoid rule), plus the transport floor.
    const text = replies.get(kb);
    const tokens = tokenize(text);
    const lengths = [];
    let acc = 0;
    for (const t of tokens) lengths.push((acc += t.length));
    est = await (async () => {
      const { page } = await freshPage();
      await page.evaluate((u) => window.bench.reply(u).then((t) => (window.__text = t)), `/reply?kb=${kb}`);
      const pts = [];
      for (let s = 0; s <= NAIVE_SAMPLES; s++) {
        const index = Math.min(tokens.length - 1, Math.round((s / NAIVE_SAMPLES) * (tokens.length - 1)));
        const ms = await page.evaluate((len) => window.bench.naiveOnce(window.__text, len, 2), lengths[index]);
        pts.push({ index, ms });
      }
      await page.close();
      let total = 0;
      for (let k = 1; k < pts.length; k++) total += ((pts[k].ms + pts[k - 1].ms) / 2) * (pts[k].index - pts[k - 1].index);
      return total + pts[0].ms;
    })();
    if (NAIVE_FULL_SIZES.includes(kb)) {
      process.stdout.write('naive (full run)… ');
      naiveFull = await measure((page) => page.evaluate((u) => window.bench.run('naive', u), url), kb);
    }
  }
  if (PROFILE_KB === kb) {
    process.stdout.write('profile… ');
    const { page } = await freshPage();
    const cdp = await page.createCDPSession();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.evaluate((u) => window.bench.run('ours', u), url);
    const { profile } = await cdp.send('Profiler.stop');
    await page.close();
    const dt = new Map();
    for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
    const self = new Map();
    for (const node of profile.nodes) {
      const key = keyOf(node.callFrame);
      self.set(key, (self.get(key) ?? 0) + (dt.get(node.id) ?? 0));
    }
    {
      // Inclusive time per function (recursion counted once).
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const incl = new Map();
      const total = (node, stack) => {
        let t = dt.get(node.id) ?? 0;
        for (const c of node.children ?? []) t += total(byId.get(c), [...stack, node]);
        const key = keyOf(node.callFrame);
        if (!stack.some((s) => keyOf(s.callFrame) === key)) incl.set(key, (incl.get(key) ?? 0) + t);
        return t;
      };
      total(profile.nodes[0], []);
      console.log('\n  inclusive (ms): ' + [...incl].sort((a, b) => b[1] - a[1]).slice(0, 60).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`).join('\n    '));
    }
    console.log('\n  self time (ms): ' + [...self].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`).join('\n    '));
  }
  if (TRACE_KB === kb) {
    process.stdout.write('trace… ');
    const { page } = await freshPage();
    if (WARM_FONTS) await page.evaluate((u) => window.bench.warmFonts(u), `/reply?kb=${kb}`);
    const path = join(out, `trace-${kb}.json`);
    if (process.env.BENCH_TRACE_MODE === 'blocks') await page.evaluate((u, b) => window.bench.prepareBlocks(u, b), `/reply?kb=${kb}`, BARE_BLOCKS);
    await page.tracing.start({ path, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
    await page.evaluate((u, m) => window.bench.run(m, u), url, process.env.BENCH_TRACE_MODE ?? 'ours');
    await page.tracing.stop();
    await page.close();
    summarizeTrace(path);
  }
  const results = runs.ours.map((m) => m.result);
  const delays = results.flatMap((r) => r.delays);
  rows.push({
    kb,
    tokens: results[0].tokens,
    ours: cpu('ours'),
    floor: cpu('floor'),
    text: cpu('text'),
    blocks: cpu('blocks'),
    oneShot: cpu('shot'),
    naiveEst: est + cpu('floor'),
    naiveFull: naiveFull?.cpuMs ?? null,
    scriptOnce: scriptOnceMs.get(kb),
    followed: results.every((r) => r.followed) && runs.shot.every((m) => m.result.followed) && runs.blocks.every((m) => m.result.followed),
    longestMs: Math.max(...results.map((r) => r.longestMs)),
    longTasks: results.map((r) => r.longTasks),
    textLongTasks: runs.text.map((m) => m.result.longTasks),
    delayP50: quantile(delays, 0.5),
    delayP95: quantile(delays, 0.95),
    delayMax: Math.max(...delays),
    firstTokenMax: Math.max(...results.map((r) => r.delays[0] ?? NaN)),
  });
  console.log('done');
}

/** Prints the longest main-thread tasks of a trace and what took the time inside them. */
function summarizeTrace(path) {
  const events = JSON.parse(readFileSync(path, 'utf8')).traceEvents ?? [];
  // The page's main thread: the renderer main thread with the most events.
  const count = new Map();
  for (const e of events) if (e.ph === 'X') count.set(`${e.pid}:${e.tid}`, (count.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const main = mains.sort((a, b) => (count.get(`${b.pid}:${b.tid}`) ?? 0) - (count.get(`${a.pid}:${a.tid}`) ?? 0))[0];
  const onMain = events.filter((e) => e.ph === 'X' && main && e.pid === main.pid && e.tid === main.tid);
  const all = onMain.filter((e) => e.name === 'RunTask');
  const t0 = Math.min(...all.map((e) => e.ts));
  const tasks = all.sort((a, b) => b.dur - a.dur).slice(0, 8);
  console.log(`\n  longest tasks in ${path}:`);
  for (const task of tasks) {
    const inside = new Map();
    for (const e of onMain) {
      if (e === task || e.ts < task.ts || e.ts + e.dur > task.ts + task.dur) continue;
      inside.set(e.name, (inside.get(e.name) ?? 0) + e.dur);
    }
    const top = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`).join(', ');
    console.log(`  ${(task.dur / 1000).toFixed(1)} ms at ${((task.ts - t0) / 1e6).toFixed(2)} s: ${top}`);
  }
  const byName = new Map();
  for (const e of onMain) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur);
  console.log('  total by event (nested events overlap): ' + [...byName].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}`).join(', '));
}
await browser.close();
server.close();

// Growth exponent: least-squares slope of log(time) against log(size).
const slope = (xs, ys) => {
  const lx = xs.map(Math.log), ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length, my = ly.reduce((a, b) => a + b) / ly.length;
  let num = 0, den = 0;
  for (let i = 0; i < lx.length; i++) { num += (lx[i] - mx) * (ly[i] - my); den += (lx[i] - mx) ** 2; }
  return num / den;
};
const many = rows.length > 1;
const exponent = many ? slope(rows.map((r) => r.kb), rows.map((r) => r.ours)) : NaN;
const overheadExponent = many ? slope(rows.map((r) => r.kb), rows.map((r) => Math.max(1, r.ours - r.floor))) : NaN;
// The element's cost over transport, per unit of the plain-text renderer's cost over transport.
const ratio = (r) => (r.ours - r.floor) / (r.text - r.floor);
// The same for the finished DOM alone (no markdown script): about the least a markdown renderer's ratio can be.
const blocksRatio = (r) => (r.blocks - r.floor) / (r.text - r.floor);
// The finished DOM on screen frame by frame plus the script that makes it once (one full render): the
// least a renderer that ends with this DOM and draws every frame could cost, had it no per-frame script at all.
const leastRatio = (r) => (r.blocks - r.floor + r.scriptOnce) / (r.text - r.floor);
const RATIO_TARGETS = { 20: 1.5, 80: 1.25 };
const inRange = rows.filter((r) => r.kb >= 20 && r.kb <= 80);
const exponent20to80 = inRange.length > 1 ? slope(inRange.map((r) => r.kb), inRange.map((r) => r.ours)) : NaN;

const perRun = (lists) => `${lists.map((l) => l.length).join(' / ')}${lists.flat().length ? ` (max ${fmt(Math.max(...lists.flat()))})` : ''}`;
const lines = [];
lines.push(`Measured ${new Date().toISOString().slice(0, 10)} in headless Chromium (${version}) on this machine (2 shared cores); ` +
  `${TOKENS_PER_TICK} tokens of ~4 characters every 16 ms over SSE from a local server; ` +
  (CORPUS === 'code' ? 'replies full of fenced code in 12 languages, highlighted as they stream. ' : 'mixed markdown replies (the demo\'s), highlighting and math on. ') +
  `Everything goes through \`<chat-stream>\` (no-composer, 720 × 480 px, its styles, its scrolling log following the stream, ` +
  `its own transport and OpenAI reader); the modes differ only in what \`MarkdownView.prototype.update\` does. ` +
  `Main-thread time is the CPU time of the renderer's main thread over the whole run (CDP \`Performance.getMetrics\` ThreadTime: script, style, layout, paint, GC), ` +
  `the median of ${REPEAT} interleaved runs of each mode, each in a fresh page.`);
lines.push('');
lines.push('| reply | tokens | transport (ms) | plain text (ms) | one-shot (ms) | element (ms) | (element − transport) ÷ (plain text − transport) | blocks (ms) | (blocks − transport) ÷ (plain text − transport) | script of one render (ms) | least ratio: blocks + script of one render | naive (ms) | naive ÷ element | longest frame callback (ms) | long tasks ≥ 50 ms per run: element | … plain text | first token → frame, max (ms) | token → frame p50 / p95 / max (ms) |');
lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const naive = r.naiveFull ?? r.naiveEst;
  lines.push(`| ${r.kb} KB | ${r.tokens} | ${fmt(r.floor)} | ${fmt(r.text)} | ${fmt(r.oneShot)} | ${fmt(r.ours)} | **${fmt(ratio(r), 2)}**${RATIO_TARGETS[r.kb] ? ` (target ≤ ${RATIO_TARGETS[r.kb]})` : ''} | ${fmt(r.blocks)} | ${fmt(blocksRatio(r), 2)} | ${fmt(r.scriptOnce)} | ${fmt(leastRatio(r), 2)} | ${fmt(naive)}${r.naiveFull ? '' : ' (est.)'} | ${fmt(naive / r.ours, 1)}× | ${fmt(r.longestMs, 1)} | ${perRun(r.longTasks)} | ${perRun(r.textLongTasks)} | ${fmt(r.firstTokenMax, 1)} | ${fmt(r.delayP50, 1)} / ${fmt(r.delayP95, 1)} / ${fmt(r.delayMax, 1)} |`);
}
lines.push('');
lines.push(`- Growth exponent of the element, ${SIZES[0]} → ${SIZES.at(-1)} KB (log-log least squares): **${exponent.toFixed(2)}**; 20 → 80 KB: **${exponent20to80.toFixed(2)}** (target ≤ 1.1); of its overhead alone (element − transport): ${overheadExponent.toFixed(2)}.`);
for (const r of rows) console.log(`ratio at ${r.kb} KB: (element − transport) ÷ (plain text − transport) = ${fmt(ratio(r), 2)}; the finished DOM alone: ${fmt(blocksRatio(r), 2)}; with the script of one render: ${fmt(leastRatio(r), 2)}`);
lines.push(`- Transport: the element with \`MarkdownView.update\` doing nothing (fetch, SSE framing, JSON.parse, one \`token\` event per token, the message shell). ` +
  `Plain text: once per frame, the text that arrived is appended to the last paragraph's text node inside the element's shadow root (a new \`p\` at each blank line, 16 to a chunk \`div\` with \`content-visibility: auto\`, as the element's), the log following the stream; no markdown, no sanitizing, no caret: about the least any renderer that draws every frame can do. ` +
  `Blocks: the reply's final DOM, drawn by the real view before the run (not measured: highlighting and math loaded), put into the element's log once per frame: each finished block as soon as the share of the reply that has arrived covers its end (measured in rendered characters), and the growing block's characters so far as plain text in a paragraph after them; no caret, no markdown script during the run: what the browser charges any markdown renderer that draws every frame for its DOM, so its ratio is about the least the element's can be. ` +
  `Script of one render: the real view rendering the whole reply once into a detached div (marked, highlighting, math, DOMPurify, its chrome; no layout), median of 5 in one page; the least ratio adds it to the blocks figure: the least a renderer that ends with this DOM and draws every frame could cost if it had no per-frame script at all. ` +
  `One-shot: the same reply sent by the server as one token, rendered by the real view (the element renders it at once when the reply ends). ` +
  `The streamed, blocks and one-shot logs ${rows.every((r) => r.followed) ? 'ended' : 'did NOT always end'} scrolled to the bottom.`);
if (BARE_BLOCKS) lines.push(`- BENCH_BARE_BLOCKS=1: in this run the blocks mode drew marked + DOMPurify's DOM (no highlighting, math or code headers), not the view's; the script of one render is still the view's.`);
if (process.env.BENCH_STRIP) lines.push(`- BENCH_STRIP=${process.env.BENCH_STRIP}: in this run the blocks mode drew the view's DOM without ${process.env.BENCH_STRIP === 'headers' ? "the code blocks' headers" : 'the highlighting spans in code'}.`);
const full = rows.find((r) => r.naiveFull);
lines.push(`- Naive: \`MarkdownView.update\` replaced by marked.parse + DOMPurify.sanitize + innerHTML of the whole reply on every token. ` +
  (full ? `Run in full once at ${full.kb} KB (${fmt(full.naiveFull)} ms measured vs ${fmt(full.naiveEst)} ms estimated). ` : '') +
  `Elsewhere estimated: the script of one redraw (marked.parse + DOMPurify.sanitize + innerHTML, in the element's content box; layout, which a real run pays once per frame, left out) timed at ${NAIVE_SAMPLES + 1} evenly spaced prefixes, integrated over every token, plus the floor.`);
lines.push(WARM_FONTS
  ? `- BENCH_WARM_FONTS=1: before each measured run the page laid out the reply's distinct non-ASCII characters once outside the element (font fallback for CJK, Arabic, Hebrew and emoji is then not paid during the run).`
  : `- Fonts are not warmed: each run is a fresh page, and the first CJK, Arabic, Hebrew or emoji glyphs cost font fallback (fontconfig) inside the run, in every mode alike. \`BENCH_WARM_FONTS=1\` pays it before the run instead.`);
lines.push(`- Longest frame callback: the longest \`requestAnimationFrame\` callback timed in the page over all runs of ours (the view draws in these). Long tasks: PerformanceObserver \`longtask\` entries (any task of 50 ms or more of wall time: script, layout, paint, GC, or waiting for a core) during the stream, the end of the reply included, counted per run.`);
lines.push(`- Token → frame: for each token of every run of the element (the first token apart), from its \`token\` event to the end of the next animation-frame callback (the one that draws it; the paint follows in that frame; one frame is 16.7 ms).`);
const table = lines.join('\n');
console.log('\n' + table);
if (SIZES.join() === ALL_SIZES.join() && RUN_NAIVE && CORPUS === 'mixed' && TOKENS_PER_TICK === 32 && !BARE_BLOCKS && !process.env.BENCH_STRIP) writeFileSync(join(here, 'results.md'), `# Benchmark results\n\n${table}\n`);
