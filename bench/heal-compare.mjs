// node bench/heal-compare.mjs: weighs remend against src/markdown/heal.ts by size, speed and behaviour.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { corpus } from './corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '.bench');
mkdirSync(out, { recursive: true });
async function bundle(entry, file, minify) {
  await build({ entryPoints: [entry], bundle: true, format: 'esm', minify, outfile: join(out, file), logLevel: 'warning', platform: 'neutral' });
  return readFileSync(join(out, file));
}
const ours = await bundle(join(here, '../src/markdown/heal.ts'), 'heal.min.js', true);
const theirs = await bundle(join(here, '../node_modules/remend/dist/index.js'), 'remend.min.js', true);
const size = (b) => `${b.length} B minified, ${gzipSync(b, { level: 9 }).length} B gzip`;
console.log(`size: heal.ts ${size(ours)}; remend ${size(theirs)}`);

const { heal } = await import(pathToFileURL(join(out, 'heal.min.js')).href);
const remend = (await import(pathToFileURL(join(out, 'remend.min.js')).href)).default;

// Speed: every prefix of an 8 KB reply (what a healer sees if it is given the whole text), and the
// tails that MarkdownView actually hands it (the text after the last blank line, at most ~1 KB).
const text = corpus(8);
for (const [name, fn] of [['heal.ts', heal], ['remend', remend]]) {
  for (let w = 0; w < 2; w++) for (let p = 1; p <= text.length; p += 7) fn(text.slice(0, p));
  let t0 = performance.now();
  for (let p = 1; p <= text.length; p++) fn(text.slice(0, p));
  const whole = performance.now() - t0;
  t0 = performance.now();
  for (let p = 1; p <= text.length; p++) {
    const prefix = text.slice(0, p);
    fn(prefix.slice(Math.max(0, prefix.lastIndexOf('\n\n'))));
  }
  const tails = performance.now() - t0;
  console.log(`speed ${name}: every prefix of 8 KB, whole text ${whole.toFixed(0)} ms (${((whole * 1000) / text.length).toFixed(1)} µs/call); tail only ${tails.toFixed(0)} ms`);
}

// Behaviour on the cases the heal tests check (remend is not expected to match all of them).
const cases = [
  ['Hello **wor', 'bold closed'], ['Hello **', 'bare marker hidden'], ['a `code', 'code closed'],
  ['see [link](https://exa', 'half link'], ['img ![alt](http://x', 'half image'], ['x <div cla', 'half tag'],
  ['```py', 'bare fence'], ['```py\ncode\n``', 'half closing fence'], ['foo\n-', 'setext flash'],
  ['| a | b |\n| --', 'half delimiter row'], ['| a | b |\n', 'header waiting for delimiter'], ['a ~~wrong~', 'half strike closer'],
];
for (const [input, what] of cases) console.log(`${what.padEnd(30)} heal.ts ${JSON.stringify(heal(input)).padEnd(34)} remend ${JSON.stringify(remend(input))}`);
