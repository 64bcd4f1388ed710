// The size budgets of the CDN files, and the one way they are measured everywhere (the build's
// report, `npm test`'s check, the README's figures): Node's zlib at level 9, on the file's bytes.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Budget of each CDN file, in gzipped bytes. */
export const BUDGETS = {
  // What a page loads with the script tag.
  'dist/cdn/chat-stream.js': 50_000,
  'dist/cdn/chat-stream.iife.js': 50_000,
  // Lazily loaded chunks beside the bundle: the markdown engine on a page's first reply; the
  // highlighter on its first fenced code block with a language; the math renderer on its first formula.
  'dist/cdn/chat-stream.engine.js': 40_000,
  'dist/cdn/chat-stream.highlight.js': 35_000,
  'dist/cdn/chat-stream.math.js': 65_000,
};

/** The gzipped size of a file: `zlib.gzipSync(bytes, { level: 9 })`. */
export const gzipSize = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
