// The lazily loaded math renderer: temml, TeX in, MathML out. Self-contained: it imports nothing
// the main bundle imports and touches no DOM; it returns a MathML string that the main bundle
// sanitizes. temml runs untrusted (`trust: false`): \href, \url, \htmlClass, \htmlStyle, \htmlId and
// \htmlData are errors, so the formula shows as its source.
import temml from 'temml';

// temml colours with `style="color:…"`, which the sanitizer removes (and which a strict CSP would
// report); MathML's own attribute says the same without inline style.
const STYLE_COLOR = / style="color:(#[0-9a-fA-F]{3,8});"/g;

/** Renders TeX as a `<math>` element; throws temml's error (with its position) when it does not parse. */
export function renderMath(tex: string, display: boolean): string {
  const html = temml.renderToString(tex, { displayMode: display, throwOnError: true, trust: false, annotate: false });
  return html.replace(STYLE_COLOR, ' mathcolor="$1"');
}
