// node bench/frame-cost.mjs: what one frame with a DOM change costs this machine's Chromium, with no
// chat-stream code at all. A page runs 640 frames (an 80 KB reply at 8 KB/s) and, in each, either
// does nothing (idle) or changes the DOM the way a streaming renderer must at the very least; the
// main thread's CPU time (CDP ThreadTime) is compared with idle. This is the floor under the
// "overhead ÷ one-shot" figure of `npm run bench`: no renderer that draws once per frame pays less.
import puppeteer from 'puppeteer-core';
import { ensureChrome, CHROME_ARGS } from '../scripts/find-chrome.mjs';

const FRAMES = 640;
const REPEAT = Number(process.env.BENCH_REPEAT) || 3;
const para = `<p>${'lorem ipsum dolor sit amet consectetur adipiscing elit '.repeat(8)}</p>`;
// The scroller holds nothing, 320 paragraphs, or the same paragraphs 16 to a chunk with
// `content-visibility: auto` (as the element's finished blocks are); the last paragraph is the live one.
const contents = {
  empty: '',
  '320 paragraphs': para.repeat(320),
  '320 paragraphs in chunks': Array.from({ length: 20 }, () => `<div class="chunk">${para.repeat(16)}</div>`).join(''),
};
const actions = {
  idle: 'the frame callback does nothing',
  'replace a short text': "the live paragraph's text is replaced by a short one",
  'grow a paragraph': 'eight characters are appended to the live paragraph, and the log scrolls to its end',
};

const page = (content) => `<!doctype html><meta charset="utf-8"><style>
#log { width: 720px; height: 480px; overflow: auto; font: 16px/1.5 sans-serif }
.chunk { content-visibility: auto; contain-intrinsic-size: auto 30em }
</style><div id="log">${content}<p id="live">x</p></div><script>
window.run = (action) => new Promise((done) => {
  const live = document.getElementById('live');
  const log = document.getElementById('log');
  let n = 0;
  const tick = () => {
    requestAnimationFrame(() => {
      if (action === 'replace a short text') live.textContent = 'frame ' + n;
      if (action === 'grow a paragraph') { live.append('word ' + (n % 10) + ' '); log.scrollTop = log.scrollHeight; }
    });
    if (++n < ${FRAMES}) setTimeout(tick, 16);
    else setTimeout(done, 100);
  };
  tick();
});
</script>`;

const browser = await puppeteer.launch({ executablePath: ensureChrome(), headless: true, args: CHROME_ARGS });
const version = await browser.version();
const cpu = {};
for (let r = 0; r < REPEAT; r++) {
  for (const [name, content] of Object.entries(contents)) {
    for (const action of Object.keys(actions)) {
      const tab = await browser.newPage();
      await tab.setViewport({ width: 1000, height: 800 });
      await tab.setContent(page(content));
      const cdp = await tab.createCDPSession();
      await cdp.send('Performance.enable');
      const thread = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value;
      const before = await thread();
      await tab.evaluate((a) => window.run(a), action);
      ((cpu[name] ??= {})[action] ??= []).push((await thread()) - before);
      await tab.close();
    }
  }
}
await browser.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1] * 1000;
console.log(`${FRAMES} frames, main-thread CPU time, median of ${REPEAT} runs (${version}):\n`);
console.log('| scroller holds | action | CPU (ms) | above idle, per frame (ms) |');
console.log('| --- | --- | ---: | ---: |');
for (const [name, byAction] of Object.entries(cpu)) {
  for (const [action, runs] of Object.entries(byAction)) {
    const above = (median(runs) - median(byAction.idle)) / FRAMES;
    console.log(`| ${name} | ${action} | ${median(runs).toFixed(0)} | ${action === 'idle' ? '—' : above.toFixed(2)} |`);
  }
}
console.log('\n' + Object.entries(actions).map(([a, d]) => `- ${a}: ${d}.`).join('\n'));
