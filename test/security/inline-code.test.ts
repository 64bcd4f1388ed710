import { expect } from '@open-wc/testing';
import { withoutInlineCode } from '../../src/markdown/sanitize.js';

// The pass that keeps <style>, style="" and on…="" away from the parser (and so from CSP reports).
const cases: { input: string; expected: string }[] = [
  { input: '<p>no styles here</p>', expected: '<p>no styles here</p>' },
  { input: '<p>set style=bold in prose</p>', expected: '<p>set style=bold in prose</p>' },
  { input: '<div style="color:red">x</div>', expected: '<div >x</div>' },
  { input: '<div STYLE=color:red title=t>x</div>', expected: '<div  title=t>x</div>' },
  { input: '<img src=x onerror=__pwned() ONLOAD="a" one=1 alt=y>', expected: '<img src=x    alt=y>' },
  { input: '<p>onclick=x in prose</p>', expected: '<p>onclick=x in prose</p>' },
  { input: "<div title='a>style=b' style = 'c'>x</div>", expected: "<div title='a>style=b' >x</div>" },
  { input: '<p/style=x>y', expected: '<p/>y' },
  { input: '<div style>x</div>', expected: '<div >x</div>' },
  { input: '<style>* { x: url(a) }</style>after', expected: '<xmp>* { x: url(a) }</xmp>after' },
  { input: '<STYLE type="text/css">a</Style >b', expected: '<xmp type="text/css">a</xmp >b' },
  { input: '<svg><style>a</style></svg>', expected: '<svg><xmp>a</xmp></svg>' },
  { input: '<!-- <div style="x"> -->style=y', expected: '<!-- <div style="x"> -->style=y' },
  { input: '<!--><div style="x">', expected: '<!--><div >' },
  { input: '<!---><div style="x">', expected: '<!---><div >' },
  { input: '<![CDATA[><div style="x">]]>', expected: '<![CDATA[><div >]]>' },
  { input: '<textarea><b style="x"></textarea><i style="y">', expected: '<textarea><b style="x"></textarea><i >' },
  { input: '<script>a="<p style=x>"</script>', expected: '<script>a="<p style=x>"</script>' },
  { input: '<plaintext><p style=x>', expected: '<plaintext><p style=x>' },
  { input: 'a < b style=c', expected: 'a < b style=c' },
  { input: '<p style="unterminated', expected: '<p ' },
  { input: '<p data-style="x" stylex="y">', expected: '<p data-style="x" stylex="y">' },
  { input: '<!-- unterminated <p style=x>', expected: '<!-- unterminated <p style=x>' },
];

describe('withoutInlineCode', () => {
  for (const { input, expected } of cases) {
    it(JSON.stringify(input), () => {
      expect(withoutInlineCode(input)).to.equal(expected);
    });
  }

  it('leaves no style element or attribute whatever the prefix of a hostile input', () => {
    const inputs = [
      '<div style="background:url(http://attacker.invalid/a)">x</div><style>@import "http://attacker.invalid/b";</style>',
      '<svg><style>*{}</style><rect style="fill:red"/></svg><math><mi style="x">y</mi></math>',
      '<table><tr><td style=x>a</td></tr><style>b</style></table>',
      '<img src="x" onerror="__pwned()"><svg onload=__pwned()><p title="<" onload=x>',
    ];
    for (const input of inputs) {
      for (let i = 1; i <= input.length; i++) {
        const doc = new DOMParser().parseFromString(withoutInlineCode(input.slice(0, i)), 'text/html');
        // A boolean, so that a failure does not make chai print a foreign document's element.
        expect(doc.querySelector('style, [style], [onerror], [onload]') === null, input.slice(0, i)).to.equal(true);
      }
    }
  });

  it('is linear on long inputs', () => {
    const long = '<p a=1 b=2 c=3 style=x>'.repeat(20000) + '<!--'.repeat(5000);
    const t0 = performance.now();
    withoutInlineCode(long);
    expect(performance.now() - t0).to.be.below(1000);
  });
});
