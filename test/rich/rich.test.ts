// Highlighted code and rendered math (src/rich/): classes and never inline styles, the code's text
// unchanged, the math modes, code never holding math, broken and hostile formulas, hostile fence info
// strings, and a streamed reply ending exactly as the same reply rendered at once, at every split point.
import { expect } from '@open-wc/testing';
import { renderMarkdown } from '../../src/markdown/render.js';
import { highlightStats, highlighterReady, mathReady, onRichReady } from '../../src/rich/index.js';
import { notifyRichReady } from '../../src/rich/ready.js';
import { findViolations, splits } from '../security/harness.js';
import { mount, reference, stream } from '../markdown/view-helpers.js';

type MathMode = 'auto' | 'dollars' | 'off';

function render(text: string, options: { highlight?: boolean; math?: MathMode } = {}): HTMLDivElement {
  const div = document.createElement('div');
  div.append(renderMarkdown(text, { allowImages: false, ...options }));
  return div;
}

/** Loads both chunks (a render asks for them), then resolves once each has arrived. */
async function loadChunks(): Promise<void> {
  if (highlighterReady() && mathReady()) return;
  await new Promise<void>((resolve) => {
    const stop = onRichReady(() => {
      if (highlighterReady() && mathReady()) {
        stop();
        resolve();
      }
    });
    render('```js\nx\n```\n\n\\(x\\)');
  });
}

const SAMPLES: Record<string, string> = {
  js: 'const greet = (name) => `Hello, ${name}!`; // a comment\nclass A extends B { static x = 1 }\n',
  python: 'def area(r: float) -> float:\n    """Circle."""\n    return 3.14159 * r ** 2  # approx\n',
  ts: 'interface User { id: number; name?: string }\nexport async function get(id: number): Promise<User> { return fetch(`/u/${id}`).then((r) => r.json()); }\n',
  html: '<div class="a" onclick="x()"><script>alert(1)</script>&amp; text</div>\n',
  bash: 'for f in *.txt; do echo "$f" | grep -q "x" && rm -- "$f"; done\n',
  json: '{ "a": [1, 2.5, true, null], "b": { "c": "d\\"e" } }\n',
  sql: "SELECT id, name FROM users WHERE age > 21 AND name LIKE 'A%' ORDER BY id;\n",
  go: 'func main() {\n\tfmt.Println("hi", 42)\n}\n',
  rust: 'fn main() { let v: Vec<i32> = (0..3).collect(); println!("{:?}", v); }\n',
  css: '.a > b:hover { color: #fff; margin: 0 auto !important; }\n',
};

describe('code highlighting', () => {
  before(loadChunks);

  for (const [language, code] of Object.entries(SAMPLES)) {
    it(`${language}: classes only, the text unchanged`, () => {
      const div = render('```' + language + '\n' + code + '```\n');
      const el = div.querySelector('pre > code')!;
      expect(el.className).to.equal(`hljs language-${language}`);
      expect(el.querySelectorAll('span[class^="hljs-"]').length, 'highlighted tokens').to.be.greaterThan(0);
      expect(el.textContent).to.equal(code);
      expect(div.querySelector('[style]'), 'no inline style').to.equal(null);
      expect(findViolations(div, { allowImages: false })).to.deep.equal([]);
    });
  }

  it('leaves an unknown language, indented code and `no-highlight` plain', () => {
    for (const text of ['```klingon\nqapla\n```\n', '    indented code\n', '```nohighlight\nconst x\n```\n']) {
      const div = render(text);
      expect(div.querySelector('.hljs, [class^="hljs-"]'), text).to.equal(null);
    }
    expect(render('```klingon\nqapla\n```\n').querySelector('code')!.className).to.equal('language-klingon');
  });

  it('is off with highlight: false', () => {
    const div = render('```js\nconst x = 1;\n```\n', { highlight: false });
    expect(div.querySelector('code')!.className).to.equal('language-js');
    expect(div.querySelector('[class^="hljs-"]')).to.equal(null);
  });

  it('keeps hostile fence info strings inert', () => {
    for (const info of ['js" onmouseover="alert(1)', 'js onmouseover=alert(1)', '<script>alert(1)</script>', 'js"><img src=x onerror=alert(1)>', 'javascript:alert(1)']) {
      const div = render('```' + info + '\nconst x = 1;\n```\n');
      expect(findViolations(div, { allowImages: false }), info).to.deep.equal([]);
      expect(div.querySelector('img, script, [onmouseover]'), info).to.equal(null);
      expect(div.querySelector('code')!.textContent, info).to.equal('const x = 1;\n');
    }
  });

  it('highlights a finished block once: later frames of the reply do not highlight it again', () => {
    const { view, container } = mount();
    let text = '```python\n' + 'x = 1  # one\n'.repeat(40) + '```\n\n';
    view.update(text, true);
    view.flush();
    const calls = highlightStats.calls;
    for (let i = 0; i < 30; i++) {
      text += `word${i} `;
      view.update(text, true);
      view.flush();
    }
    expect(highlightStats.calls - calls, 'highlighter calls after the block was finished').to.equal(0);
    expect(container.querySelector('code.hljs .hljs-comment')).to.not.equal(null);
    view.destroy();
    container.remove();
  });

  it('a chunk arriving redraws only the blocks drawn as plain text before it: others keep their nodes', () => {
    const { view, container } = mount();
    view.update('```\nplain\n```\n\n```js\nconst x = 1;\n```\n\nafter\n\nmore words\n\nend', true);
    view.flush();
    const buttons = [...container.querySelectorAll('button.copy-button')];
    expect(buttons).to.have.length(2);
    notifyRichReady();
    expect([...container.querySelectorAll('button.copy-button')], 'the same buttons').to.deep.equal(buttons);
    view.destroy();
    container.remove();
  });

  it('streams a long block (300 lines) with no task of 50 ms or more: frames cost what arrived', async function () {
    this.timeout(60000);
    const longTasks: number[] = [];
    const { view, container } = mount();
    // Start in a task of our own: the task that ran the previous test and set this one up is not the stream's.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const from = performance.now();
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.startTime >= from) longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    let text = '```ts\n';
    let slowest = 0;
    for (let line = 0; line < 300; line++) {
      text += `export function f${line}(a: number, b: string): string { return \`\${a}:\${b}\`; } // line ${line}\n`;
      if (line % 5 === 0) {
        const t0 = performance.now();
        view.update(text, true);
        view.flush();
        slowest = Math.max(slowest, performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    const t0 = performance.now();
    view.update(text + '```\n', false);
    const closing = performance.now() - t0;
    console.log(`300-line block: slowest streaming frame ${slowest.toFixed(1)} ms, ${view.stats.codeAppends} of ${view.stats.frames} frames by finished lines; the closed block's one render ${closing.toFixed(1)} ms`);
    expect(view.stats.codeAppends, 'frames drawn by finished lines').to.be.greaterThan(view.stats.frames / 2);
    expect(view.stats.codeAdopted, 'the finished block is the one drawn while it streamed, not a second render').to.equal(1);
    expect(container.querySelector('code.hljs .hljs-keyword')).to.not.equal(null);
    view.destroy();
    container.remove();
    expect(longTasks, 'long tasks while streaming (ms)').to.deep.equal([]);
  });
});

describe('math', () => {
  before(loadChunks);

  const formulas = (div: Element) => [...div.querySelectorAll('.math')].map((span) => [span.className, span.querySelector('math')?.getAttribute('display') ?? 'inline']);

  it('auto: \\( \\), \\[ \\] and $$ $$, not $ $', () => {
    const div = render('Inline \\(a^2+b^2\\), display \\[\\int_0^1 x\\,dx\\] and\n\n$$\\sum_i i$$\n\nbut $x$ stays.', { math: 'auto' });
    expect(formulas(div)).to.deep.equal([
      ['math math-inline', 'inline'],
      ['math math-display', 'block'],
      ['math math-display', 'block'],
    ]);
    expect(div.textContent).to.contain('$x$ stays');
  });

  it('dollars: also $ $; prices stay text in every mode', () => {
    expect(formulas(render('So $x^2$ here.', { math: 'dollars' }))).to.deep.equal([['math math-inline', 'inline']]);
    for (const math of ['auto', 'dollars'] as const) {
      const div = render('It costs $5 and $6, or $ 7 $.', { math });
      expect(div.querySelector('math'), math).to.equal(null);
      expect(div.textContent!.trim(), math).to.equal('It costs $5 and $6, or $ 7 $.');
    }
  });

  it('off: no math at all', () => {
    const div = render('\\(x\\) and $$y$$', { math: 'off' });
    expect(div.querySelector('math, .math')).to.equal(null);
    expect(div.textContent!.trim()).to.equal('(x) and $$y$$');
  });

  it('never inside code spans or code blocks', () => {
    const div = render('`\\(x\\)` and `$$y$$`\n\n```\n$$z$$ \\(w\\)\n```\n\n    \\[v\\]\n', { math: 'dollars' });
    expect(div.querySelector('math, .math')).to.equal(null);
    expect([...div.querySelectorAll('code')].map((c) => c.textContent)).to.deep.equal(['\\(x\\)', '$$y$$', '$$z$$ \\(w\\)\n', '\\[v\\]\n']);
  });

  it('a formula that does not parse shows its source', () => {
    const div = render('Broken: \\(\\frac{1}{\\)');
    const error = div.querySelector('.math-error')!;
    expect(error.textContent).to.equal('\\(\\frac{1}{\\)');
    expect(error.getAttribute('title')).to.be.a('string').and.not.equal('');
    expect(div.querySelector('math')).to.equal(null);
  });

  it('keeps hostile TeX inert', () => {
    const hostile = [
      '\\(\\href{javascript:alert(1)}{click}\\)',
      '\\(\\url{javascript:alert(1)}\\)',
      '\\(\\htmlClass{caret}{x}\\)',
      '\\(\\htmlStyle{position:fixed;inset:0}{x}\\)',
      '\\(\\htmlId{x}{y}\\)',
      '\\(\\htmlData{a=b}{y}\\)',
      '\\(\\unicode{x41}\\)',
      '\\(<img src=x onerror="window.__pwned=1">\\)',
      '$$\\text{<script>window.__pwned=1</script>}$$',
      '\\(\\mathcolor{red}{x}\\)',
    ];
    for (const tex of hostile) {
      const div = render(tex);
      expect(findViolations(div, { allowImages: false }), tex).to.deep.equal([]);
      expect(div.querySelector('[href], [style], img, script, [id]'), tex).to.equal(null);
    }
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('an unclosed formula shows as text while it streams, then as math', () => {
    const { view, container } = mount();
    view.update('So \\(x^2 + ', true);
    view.flush();
    expect(container.querySelector('math')).to.equal(null);
    // As markdown text: its backslash escapes the parenthesis.
    expect(container.textContent).to.contain('(x^2 +');
    view.update('So \\(x^2 + 1\\) done', false);
    expect(container.querySelector('.math math')).to.not.equal(null);
    view.destroy();
    container.remove();
  });
});

describe('streamed equals rendered at once, with highlighting and math', () => {
  before(loadChunks);

  const DOCS = [
    'Use:\n\n```js\nconst a = "x"; // c\nlet b = `t ${a}`;\n```\n\nThen \\(a+b\\).',
    'Sum $$\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$$ and\n\n```python\ndef f(x):\n    return x  # id\n```\n',
    '- item `\\(not math\\)`\n- \\[x^2\\]\n\n```bash\necho "$HOME" # hi\n```',
  ];
  for (const [i, doc] of DOCS.entries()) {
    it(`document ${i + 1}, at every split point`, () => {
      const expected = reference(doc);
      expect(expected).to.contain('hljs-');
      expect(expected).to.contain('<math');
      for (const { name, chunks } of splits(doc)) expect(stream(chunks).html, name).to.equal(expected);
      for (let cut = 1; cut < doc.length; cut++) expect(stream([doc.slice(0, cut), doc.slice(cut)]).html, `cut at ${cut}`).to.equal(expected);
    });
  }
});
