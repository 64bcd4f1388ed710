// Custom Elements Manifest of <chat-stream>, generated from the class JSDoc (`@attr`, `@prop`,
// `@fires`, `@csspart`, `@cssprop`) by `npm run build`. test/embedding/manifest.test.ts fails when it
// disagrees with the element itself.

import { existsSync } from 'node:fs';
import { posix } from 'node:path';

const TAG = 'chat-stream';
const CLASS = 'ChatStreamElement';

/**
 * Points the manifest at the files the package ships (src/x.ts -> dist/npm/x.js; src is not
 * published) and makes the analyzer's relative references ("./x.js") package-relative like the rest.
 */
function shippedPaths() {
  const toDist = (value) => value.replace(/^(?:\.\/)?src\/(.+)\.(?:ts|js)$/, 'dist/npm/$1.js');
  const walk = (node, dir) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, dir));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'module' && typeof value === 'string' && value.startsWith('./')) node[key] = toDist(posix.join(dir, value));
      else if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = toDist(value);
      else walk(value, dir);
    }
  };
  return {
    name: 'chat-stream:shipped-paths',
    packageLinkPhase: ({ customElementsManifest }) => {
      for (const mod of customElementsManifest.modules ?? []) walk(mod, posix.dirname(mod.path.replace(/^\.\//, '')));
      // A source module no entry reaches (types only, say) has no .js in the package: leave it out.
      // The manifest is written after the vite builds (scripts/build.mjs), so dist/npm is complete.
      customElementsManifest.modules = (customElementsManifest.modules ?? []).filter((m) => existsSync(m.path));
    },
  };
}

/**
 * Registration lives in `ChatStreamElement.define(tag = 'chat-stream')`, called from src/define.ts,
 * which the analyzer cannot follow: it sees no `customElements.define('chat-stream', …)`. So this
 * gives the class its tag name (a `@tag chat-stream` JSDoc tag on the class does the same), records
 * the definition on the module that registers, and drops private members tooling must not offer.
 */
function publicSurface() {
  return {
    name: 'chat-stream:public-surface',
    packageLinkPhase: ({ customElementsManifest }) => {
      const modules = customElementsManifest.modules ?? [];
      let classModule;
      for (const mod of modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class' || decl.name !== CLASS) continue;
          classModule = mod.path;
          decl.customElement = true;
          decl.tagName ??= TAG;
          const isPublic = (name) => !name.startsWith('_') && !name.startsWith('#');
          decl.members = (decl.members ?? []).filter((m) => m.privacy !== 'private' && m.privacy !== 'protected' && isPublic(m.name));
          decl.members = decl.members.filter((m) => !(m.static && m.kind === 'field')); // Lit's statics (shadowRootOptions…)
          decl.attributes = (decl.attributes ?? []).filter((a) => isPublic(a.fieldName ?? a.name));
        }
      }
      if (!classModule) throw new Error(`custom-elements-manifest: no class ${CLASS} found under src/`);
      const defining = modules.find((m) => /^(?:\.\/)?src\/define\.ts$/.test(m.path));
      if (!defining) throw new Error('custom-elements-manifest: src/define.ts not found');
      defining.exports ??= [];
      if (!defining.exports.some((e) => e.kind === 'custom-element-definition')) {
        defining.exports.push({ kind: 'custom-element-definition', name: TAG, declaration: { name: CLASS, module: classModule } });
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.d.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false, // package.json's customElements field is kept by hand
  dependencies: false,
  quiet: true,
  plugins: [publicSurface(), shippedPaths()],
};
