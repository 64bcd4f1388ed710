// The bench's stand-in for src/markdown/view.ts, put in place of it by bench/run.mjs for the
// element's import: every view the element creates gets its `update` routed through the current
// mode, so the modes differ only in what `update` does. (MarkdownView is a closure, not a class:
// there is no prototype to patch.)
import { MarkdownView as RealView } from '../src/markdown/view.js';

type View = InstanceType<typeof RealView>;
type Update = (view: View, real: View['update'], text: string, streaming: boolean) => void;

/** How `update` behaves now; set by the bench page before each run. */
export const hooks: { update: Update } = { update: (_view, real, text, streaming) => real(text, streaming) };

export const MarkdownView = function (this: unknown, container: HTMLElement, options: ConstructorParameters<typeof RealView>[1]) {
  const view = new RealView(container, options);
  const real = view.update.bind(view);
  view.update = (text, streaming) => hooks.update(view, real, text, streaming);
  return view;
} as unknown as typeof RealView;
