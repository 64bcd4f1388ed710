// Takes the README's screenshots of the demo: `node docs/screenshot.mjs`.
// Starts the demo's vite server in-process, drives the page in headless Chromium, writes
// docs/demo-light.png (a reply streaming) and docs/demo-dark.png (after a finished rich reply).
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import puppeteer from 'puppeteer-core';
import { suggestions } from '../demo/mock/replies.js';
import { CHROME_ARGS, ensureChrome } from '../scripts/find-chrome.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = (name) => fileURLToPath(new URL(name, import.meta.url));

const chrome = ensureChrome();

const server = await createServer({
  configFile: `${root}demo/vite.config.ts`,
  logLevel: 'warn',
  // No HMR: edits elsewhere in the tree must not reload the page mid-shot.
  server: { port: 5190, strictPort: false, hmr: false },
});
await server.listen();
const base = server.resolvedUrls.local[0];

const browser = await puppeteer.launch({
  executablePath: chrome,
  headless: true,
  args: [...CHROME_ARGS, '--hide-scrollbars', '--font-render-hinting=none'],
});

/** Opens the demo with `query`, in the given color scheme, with the element defined. */
async function open(query, scheme) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  await page.setViewport({ width: 1200, height: 800, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([
    { name: 'prefers-color-scheme', value: scheme },
    { name: 'prefers-reduced-motion', value: 'no-preference' },
  ]);
  await page.goto(`${base}${query}`, { waitUntil: 'networkidle0' });
  await page.waitForFunction(() => customElements.get('chat-stream') && document.querySelector('#chat')?.shadowRoot);
  return page;
}

/** Sends `prompt` and resolves when the reply has finished. */
function sendAndWait(page, prompt) {
  return page.evaluate((p) => document.querySelector('#chat').send(p).then(() => undefined), prompt);
}

try {
  // Light: a greeting, then a reply with a table caught mid-stream, caret and "streaming" badge visible.
  {
    const page = await open('?theme=light&speed=fast', 'light');
    await sendAndWait(page, suggestions[0]);
    await page.click('input[name="speed"][value="realistic"]');
    await page.evaluate((prompt) => {
      const chat = document.querySelector('#chat');
      window.__chars = 0;
      chat.addEventListener('token', (e) => (window.__chars = e.detail.text.length));
      void chat.send(prompt).catch(() => {});
    }, suggestions[2]);
    await page.waitForFunction(() => window.__chars > 1010, { timeout: 60_000, polling: 50 });
    await page.screenshot({ path: out('demo-light.png') });
    await page.evaluate(() => document.querySelector('#chat').stop());
    await page.close();
  }

  // Dark: a finished reply with CJK text, code and a table.
  {
    const page = await open('?theme=dark&speed=fast', 'dark');
    await sendAndWait(page, suggestions[4]);
    await sendAndWait(page, suggestions[5]);
    // Show the end of the reply, as a reader who followed it sees it.
    await page.evaluate(() => {
      const log = document.querySelector('#chat').shadowRoot.querySelector('[part~="log"]');
      if (log) log.scrollTop = log.scrollHeight;
    });
    await new Promise((r) => setTimeout(r, 400));
    await page.screenshot({ path: out('demo-dark.png') });
    await page.close();
  }
  console.log('wrote docs/demo-light.png and docs/demo-dark.png');
} finally {
  await browser.close();
  await server.close();
}
