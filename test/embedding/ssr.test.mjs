// Server-side rendering of a host app: importing the npm entry in plain Node (no DOM) must not throw.
// Runs under `node --test` (scripts/test.mjs), after `npm run build`; each file runs in its own process.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const dist = new URL('../../dist/npm/', import.meta.url);

test('Node has no DOM here (the check means something)', () => {
  assert.equal(typeof globalThis.document, 'undefined');
  assert.equal(typeof globalThis.window, 'undefined');
});

test('importing dist/npm/index.js in Node does not throw and exports the class', async () => {
  const mod = await import(new URL('index.js', dist).href);
  assert.equal(typeof mod.ChatStreamElement, 'function');
  assert.equal(typeof mod.ChatStreamElement.define, 'function');
});

test('importing dist/npm/element.js (class only) in Node does not throw', async () => {
  const mod = await import(new URL('element.js', dist).href);
  assert.equal(typeof mod.ChatStreamElement, 'function');
});

test('importing the package by name resolves through "exports" and does not throw', async () => {
  // Self-reference: Node resolves the package's own name through its "exports" map.
  const mod = await import('chat-stream');
  assert.equal(typeof mod.ChatStreamElement, 'function');
  const classOnly = await import('chat-stream/element');
  assert.equal(classOnly.ChatStreamElement, mod.ChatStreamElement);
});
