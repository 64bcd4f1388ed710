// Shared inputs of the markdown tests: CommonMark's spec examples, long realistic replies, chunkings.

/** One example of the CommonMark spec. */
export interface SpecExample {
  number: number;
  section: string;
  markdown: string;
}

/** Reads the examples of `commonmark-spec` the way its own index.js does (it uses fs, so not importable here). */
export async function loadSpecExamples(): Promise<SpecExample[]> {
  const response = await fetch('/node_modules/commonmark-spec/spec.txt');
  if (!response.ok) throw new Error(`spec.txt: ${response.status}`);
  const data = (await response.text()).replace(/\r\n?/g, '\n').replace(/^<!-- END TESTS -->(.|[\n])*/m, '');
  const examples: SpecExample[] = [];
  let section = '';
  const re = /^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$/gm;
  for (let m = re.exec(data); m; m = re.exec(data)) {
    if (m[3] !== undefined) section = m[3];
    else examples.push({ number: examples.length + 1, section, markdown: m[1]!.replace(/→/g, '\t') });
  }
  return examples;
}

/** A small seeded generator (mulberry32), so that random chunkings are the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts `text` into pieces of 1 to `max` UTF-16 units (so surrogate pairs and \r\n get split too). */
export function chunk(text: string, seed: number, max = 12): string[] {
  const next = random(seed);
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + Math.floor(next() * max);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

/** Long replies of the kind a model writes, mixing every construct that can change after it looks finished. */
export const REPLIES: Record<string, string> = {
  guide: `# Setting up the project

Here is a **complete** guide to getting started with the *toolchain*. It covers installation,
configuration and the first build, with links to the [official docs][docs] and the [FAQ].

## Installation

1. Install Node.js 20 or newer.
2. Install the dependencies:

   \`\`\`bash
   npm install --save-dev vite typescript
   \`\`\`

3. Check the versions:
   - \`node --version\`
   - \`npm --version\`

4. Run the dev server.

Configuration
-------------

The configuration lives in \`vite.config.ts\`. A minimal one looks like this:

\`\`\`ts
import { defineConfig } from 'vite';

export default defineConfig({
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173 },
});
\`\`\`

| Option | Default | Meaning |
| :--- | :---: | ---: |
| \`target\` | \`modules\` | the JavaScript level of the output |
| \`sourcemap\` | \`false\` | whether to emit source maps |
| \`port\` | 5173 | the dev server's port |

> **Note:** the dev server does not type-check.
Run \`tsc --noEmit\` in a second terminal, or add it to CI.

- a tight list item
- another one with \`code\`

- and now the list is loose, because of the blank line above

Final remarks with a ~~wrong~~ corrected claim and an autolink: https://example.com/path?q=1.

[docs]: https://vitejs.dev/guide/ "Vite guide"
[faq]: https://vitejs.dev/faq
`,
  languages: `## 多言语のテキスト

これは日本語の段落です。**強調**と*斜体*を含みます。中文段落：流式渲染必须保持**准确**，不能出现闪烁。

한국어 문장도 있습니다. 리스트:

* 첫째
* 둘째
    * 중첩된 항목
    * 또 하나

## نص عربي

هذه فقرة باللغة العربية تحتوي على **نص غامق** و[رابط](https://example.com/ar) في المنتصف.

> עברית: זהו ציטוט בעברית עם *הדגשה*.
> והמשך באותה שורה.

Mixed: English then العربية then English again, and emoji 🎉🚀 with a surrogate pair split.

Setext heading in Arabic
========================

Done ✓.
`,
  html: `Some text before raw HTML.

<div class="note">

This paragraph is *inside* the div, because the div is still open.

- so is this list
- and this item

</div>

<details>
<summary>Click to expand</summary>

Hidden **content** with a [link](https://example.com).

</details>

A paragraph with inline <kbd>Ctrl</kbd>+<kbd>C</kbd> and <b>bold that
continues</b> on the next line.

<!-- a comment
spanning

blank lines -->

<pre>
preformatted
   text
</pre>

    indented code block
    second line

    after a blank line, still code

Back to a paragraph. <span>unclosed span

next paragraph after the span.

<table><tr><td>
cell
</td></tr></table>

The end.
`,
  references: `Late definitions change earlier paragraphs: see [the spec], [Foo Bar][], [ẞ label] and ![logo][img].

A paragraph with [a link][late] and [another][LATE] and [not defined].

* [list item ref][late]
* [ ] task item
* [x] done item

> quote with [quoted ref][late]
> continued

| col | ref |
| --- | --- |
| 1 | [cell ref][late] |

[the spec]: https://spec.commonmark.org/ 'CommonMark spec'
[foo bar]: <https://example.com/foo bar> (Foo Bar)
[ẞ label]: https://example.com/sharp-s
[img]: https://example.com/logo.png
[late]: https://example.com/late
  "a title on the next line"
[late]: https://example.com/ignored-second-definition

Final paragraph.
`,
  structures: `Intro paragraph
that continues lazily
and becomes a setext heading
---

Another paragraph.
***

1) ordered with parens
2) second

7. starts at seven
8. eight

- a
  - b
    - c

      loose c paragraph

    - d
- e

Term paragraph then a table with no blank line:
| a | b |
|---|---|
| 1 | 2 |
| 3 | 4 |
this line is a table row too

~~~python
def tilde_fence():
    return "~~~ inside is fine"
~~~

\`\`\`\`markdown
\`\`\`
nested fence
\`\`\`
\`\`\`\`

> quote
lazy line
> - list in quote
> continued lazily

Hard break at line end  
next line\\
and backslash break.

***bold italic*** and __strong__ and _em_ and snake_case_word and 2 * 3 * 4.

# ATX heading #
###### six ######
#not a heading

Last line without newline`,
};

REPLIES.crlf = REPLIES.guide!.replace(/\n/g, '\r\n');
