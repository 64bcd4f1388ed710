// Every server snippet in README.md's "Your server" section is a piece of an example server that
// the browser tests start and stream from (test/servers/servers.test.ts), word for word: a snippet
// that drifted from the tested code would fail here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const readme = read('README.md');
const section = readme.slice(readme.indexOf('\n## Your server\n'), readme.indexOf('\n### Example servers'));
const blocks = [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(([, language, code]) => ({ language, code }));
const SOURCES = { js: 'examples/servers/node/server.mjs', nginx: 'examples/servers/nginx/chat.conf' };

test('the "Your server" section shows a Node and an nginx snippet', () => {
  assert.deepEqual(blocks.map((b) => b.language).sort(), ['js', 'nginx']);
});

for (const { language, code } of blocks) {
  test(`its ${language} snippet is ${SOURCES[language]} word for word`, () => {
    assert.ok(SOURCES[language], `a ${language} snippet with no example server behind it`);
    assert.ok(code.trim().length > 100, 'the snippet is not empty');
    assert.ok(read(SOURCES[language]).includes(code), `README.md's ${language} snippet is not a piece of ${SOURCES[language]}`);
  });
}
