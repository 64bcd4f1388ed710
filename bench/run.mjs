// npm run bench: streams replies of 20, 40, 80 and 160 KB into headless Chromium at about 8 KB/s
// (32 tokens of ~4 characters every 16 ms) and measures main-thread time for four renderers.
// Self-contained: builds bench/page.ts with esbuild, serves it and the SSE stream from a tiny local
// server, drives Chromium with puppeteer-core. Writes bench/results.md.
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { ensureChrome, CHROME_ARGS } from '../scripts/find-chrome.mjs';
import { corpus, tokenize } from './corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SIZES = [20, 40, 80, 160];
const TOKENS_PER_TICK = 32;
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
  minify: true,
  target: 'es2022',
  outfile: join(out, 'page.js'),
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const { readFileSync } = await import('node:fs');
const pageJs = readFileSync(join(out, 'page.js'));

const replies = new Map(SIZES.map((kb) => [kb, corpus(kb)]));

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
    const tokens = tokenize(replies.get(Number(url.searchParams.get('kb'))));
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
  await page.goto(origin + '/');
  await page.waitForFunction(() => 'bench' in window);
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const metrics = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  return { page, metrics };
}

/** Runs `fn` in a fresh page and returns main-thread task and script time (CDP) around it. */
async function measure(fn) {
  const { page, metrics } = await freshPage();
  const before = await metrics();
  const result = await fn(page);
  const after = await metrics();
  await page.close();
  return {
    taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
    scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
    result,
  };
}

const quantile = (xs, q) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '—');

const rows = [];
for (const kb of SIZES) {
  const url = `/sse?kb=${kb}`;
  process.stdout.write(`${kb} KB: ours… `);
  const ours = await measure((page) => page.evaluate((u) => window.bench.run('ours', u), url));
  process.stdout.write('floor… ');
  const floor = await measure((page) => page.evaluate((u) => window.bench.run('floor', u), url));
  process.stdout.write('one-shot… ');
  const shot = await measure((page) => page.evaluate((u) => window.bench.oneShot(u), `/reply?kb=${kb}`));
  process.stdout.write('naive… ');
  // Naive, estimated: the cost of one redraw at evenly spaced prefix lengths, integrated over every
  // token of the reply (trapezoid rule), plus the transport floor.
  const text = replies.get(kb);
  const tokens = tokenize(text);
  const lengths = [];
  let acc = 0;
  for (const t of tokens) lengths.push((acc += t.length));
  const est = await (async () => {
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
  let naiveFull = null;
  if (NAIVE_FULL_SIZES.includes(kb)) {
    process.stdout.write('naive (full run)… ');
    naiveFull = await measure((page) => page.evaluate((u) => window.bench.run('naive', u), url));
  }
  const r = ours.result;
  rows.push({
    kb,
    tokens: r.tokens,
    chars: r.chars,
    ours: ours.taskMs,
    oursScript: ours.scriptMs,
    floor: floor.taskMs,
    oneShot: shot.taskMs,
    oneShotRender: shot.result.ms,
    naiveEst: est + floor.taskMs,
    naiveFull: naiveFull?.taskMs ?? null,
    naiveFullLongest: naiveFull?.result.longestMs ?? null,
    frames: r.frames,
    longestMs: r.longestMs,
    longTasks: r.longTasks,
    delayP50: quantile(r.delays, 0.5),
    delayP95: quantile(r.delays, 0.95),
    delayMax: Math.max(...r.delays),
    delayed: r.delays.length,
  });
  console.log('done');
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
const exponent = slope(rows.map((r) => r.kb), rows.map((r) => r.ours));
const overheadExponent = slope(rows.map((r) => r.kb), rows.map((r) => Math.max(1, r.ours - r.floor)));
const at80 = rows.find((r) => r.kb === 80);

const lines = [];
lines.push(`Measured ${new Date().toISOString().slice(0, 10)} in headless Chromium (${version}) on this machine; ` +
  `32 tokens of ~4 characters every 16 ms over SSE from a local server. Main-thread time is CDP \`Performance.getMetrics\` ` +
  `TaskDuration over the whole run (script, style, layout, paint, GC). "ours" is \`MarkdownView\` fed token by token, ` +
  `directly (not through \`<chat-stream>\`), by the same SSE reader that makes the floor.`);
lines.push('');
lines.push('| reply | tokens | ours (ms) | floor (ms) | ours − floor | one-shot (ms) | naive (ms) | naive ÷ ours | longest task (ms) | long tasks ≥ 50 ms | token → paint p50 / p95 / max (ms) |');
lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const naive = r.naiveFull ?? r.naiveEst;
  lines.push(`| ${r.kb} KB | ${r.tokens} | ${fmt(r.ours)} | ${fmt(r.floor)} | ${fmt(r.ours - r.floor)} | ${fmt(r.oneShot)} | ${fmt(naive)}${r.naiveFull ? '' : ' (est.)'} | ${fmt(naive / r.ours, 1)}× | ${fmt(r.longestMs, 1)} | ${r.longTasks.length}${r.longTasks.length ? ` (max ${fmt(Math.max(...r.longTasks))})` : ''} | ${fmt(r.delayP50, 1)} / ${fmt(r.delayP95, 1)} / ${fmt(r.delayMax, 1)} |`);
}
lines.push('');
lines.push(`- Growth exponent of ours, 20 → 160 KB (log-log least squares): **${exponent.toFixed(2)}** (target ≤ 1.1); of the rendering overhead alone (ours − floor): ${overheadExponent.toFixed(2)}.`);
if (at80) {
  const naive80 = at80.naiveFull ?? at80.naiveEst;
  lines.push(`- At 80 KB: naive ÷ ours = **${(naive80 / at80.ours).toFixed(1)}×** (target ≥ 10×); overhead (ours − floor) ÷ one-shot = **${((at80.ours - at80.floor) / at80.oneShot).toFixed(2)}** (target ≤ 2).`);
}
const full = rows.find((r) => r.naiveFull);
if (full) {
  lines.push(`- Naive is run in full at ${full.kb} KB (${fmt(full.naiveFull)} ms measured vs ${fmt(full.naiveEst)} ms estimated; longest task ${fmt(full.naiveFullLongest, 1)} ms). ` +
    `At the other sizes it is estimated: one redraw (marked.parse + DOMPurify.sanitize + innerHTML; the layout of a full run is not included) timed at ${NAIVE_SAMPLES + 1} evenly spaced prefixes, integrated over every token, plus the floor.`);
}
lines.push(`- Longest task: the longest network-chunk handler or animation-frame callback timed in the page; "long tasks" are PerformanceObserver \`longtask\` entries during the stream.`);
lines.push(`- Token → paint: for each token, from its \`token\` event to the end of the animation-frame callback that drew it (the paint follows in that frame; one frame is 16.7 ms).`);
const table = lines.join('\n');
console.log('\n' + table);
writeFileSync(join(here, 'results.md'), `# Benchmark results\n\n${table}\n`);
