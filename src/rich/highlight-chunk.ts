// The lazily loaded syntax highlighter: highlight.js 11 core with 25 common languages, and nothing
// else. Self-contained: it imports nothing the main bundle imports, touches no DOM and no global,
// and returns HTML strings (class names only, text escaped) that the main bundle sanitizes.
import hljs from 'highlight.js/lib/core';
import shell from 'highlight.js/lib/languages/shell';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import diff from 'highlight.js/lib/languages/diff';
import json from 'highlight.js/lib/languages/json';
import ini from 'highlight.js/lib/languages/ini';
import makefile from 'highlight.js/lib/languages/makefile';
import go from 'highlight.js/lib/languages/go';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import markdown from 'highlight.js/lib/languages/markdown';
import lua from 'highlight.js/lib/languages/lua';
import java from 'highlight.js/lib/languages/java';
import kotlin from 'highlight.js/lib/languages/kotlin';
import rust from 'highlight.js/lib/languages/rust';
import python from 'highlight.js/lib/languages/python';
import csharp from 'highlight.js/lib/languages/csharp';
import ruby from 'highlight.js/lib/languages/ruby';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import php from 'highlight.js/lib/languages/php';
import javascript from 'highlight.js/lib/languages/javascript';
import typescript from 'highlight.js/lib/languages/typescript';
import sql from 'highlight.js/lib/languages/sql';
import css from 'highlight.js/lib/languages/css';

// In this order the chunk compresses best (similar grammars sit close together): 33.8 KB instead of 35.8 KB
// alphabetically.
const LANGUAGES = { shell, dockerfile, diff, json, ini, makefile, go, xml, yaml, markdown, lua, java, kotlin, rust, python, csharp, ruby, bash, c, cpp, php, javascript, typescript, sql, css };

// A private instance: a host page's own highlight.js (its languages, plugins, options) is not touched.
const highlighter = hljs.newInstance();
for (const [name, language] of Object.entries(LANGUAGES)) highlighter.registerLanguage(name, language);

/** A highlighted piece of code. */
export interface Highlighted {
  /** The code as HTML: its text escaped, tokens in `<span class="hljs-…">`. */
  html: string;
  /** Whether the highlighter ended at its top level (in no string, comment or other open construct). */
  top: boolean;
}

/** Whether `language` (a name or an alias such as `js`, `py`, `html`, `sh`) is one this chunk highlights. */
export const supports = (language: string): boolean => highlighter.getLanguage(language) !== undefined;

/** Highlights `code` as `language`, which {@link supports} must have accepted. */
export function highlight(code: string, language: string): Highlighted {
  const result = highlighter.highlight(code, { language, ignoreIllegals: true });
  // `_top` is the mode the highlighter ended in (documented as `top` in highlight.js's own JSDoc);
  // only the language's root mode has no parent.
  const top = (result as { _top?: { parent?: unknown } })._top;
  return { html: result.value, top: top !== undefined && top.parent === undefined };
}
