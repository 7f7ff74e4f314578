// sanitizeHtml and htmlToText, used by the parser and by the pipeline and server.
import assert from "node:assert/strict";
import { test } from "node:test";
import { htmlToText, sanitizeHtml, sanitizeHtmlWithText } from "../../src/articles/html.ts";

test("sanitizeHtml keeps allowed markup, makes URLs absolute and marks links", () => {
  const out = sanitizeHtml(
    '<p class="x" style="color:red">See <a href="../b?x=1&amp;y=2" target="_blank">b</a> <img src="i.png" srcset="i2.png 2x, /i3.png 3x" width="10"></p>',
    "https://ex.com/a/page.html",
  );
  assert.equal(
    out,
    '<p>See <a href="https://ex.com/b?x=1&amp;y=2" rel="noopener noreferrer nofollow">b</a> <img src="https://ex.com/a/i.png" srcset="https://ex.com/a/i2.png 2x, https://ex.com/i3.png 3x" width="10" /></p>',
  );
});

test("sanitizeHtml drops scripts, handlers, frames and dangerous URLs", () => {
  const out = sanitizeHtml(
    '<div onmouseover="x()"><script>evil()</script><iframe src="https://e.com"></iframe>' +
      '<a href="javascript:alert(1)">j</a><a href="JaVaScRiPt&colon;alert(1)">k</a>' +
      '<a href="data:text/html,hi">d</a><img src="data:image/svg+xml,<svg onload=x>">' +
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"><svg><script>x</script></svg></div>',
    "https://ex.com/",
  );
  assert.doesNotMatch(out, /script|iframe|onmouseover|javascript|data:text|svg|onload/i);
  assert.match(out, /<img src="data:image\/png;base64,iVBORw0KGgo=" alt="dot" \/>/);
  assert.equal(sanitizeHtml(""), "");
});

test("htmlToText: blocks become lines, entities decoded, whitespace collapsed, scripts gone", () => {
  assert.equal(
    htmlToText(
      "<h1>Title</h1>\n<p>One&nbsp;&amp;  <b>two</b></p><ul><li>a</li><li>b</li></ul>line<br>break<script>x()</script><style>p{}</style><p>&eacute;t&eacute;</p>",
    ),
    "Title\nOne & two\na\nb\nline\nbreak\nété",
  );
  assert.equal(htmlToText("  plain   text \n here "), "plain text here");
  assert.equal(htmlToText(""), "");
});

test("sanitizeHtmlWithText gives sanitizeHtml's HTML and htmlToText's text in one parse", () => {
  const inputs = [
    '<p>One &amp; <b>two</b></p><ul><li>a</li></ul><script>x()</script><a href="/r">r</a>',
    "<div><h2>Head</h2>text &lt;not a tag&gt; &amp;amp;</div>",
    "plain text, no markup",
    "",
  ];
  for (const html of inputs) {
    const both = sanitizeHtmlWithText(html, "https://ex.com/");
    assert.equal(both.html, sanitizeHtml(html, "https://ex.com/"), html);
    assert.equal(both.text, htmlToText(html), html);
  }
});

test("sanitizeHtml: obfuscated script URLs, srcset, base/meta tags and event attributes", () => {
  const vectors = [
    '<a href="  javascript:alert(1)">a</a>',
    '<a href="java&#x09;script:alert(1)">b</a>',
    '<a href="&#106;avascript:alert(1)">c</a>',
    '<img src="x.png" srcset="javascript:alert(1) 1x, https://ok.example/i.png 2x">',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<details open ontoggle="alert(1)"><summary>s</summary>d</details>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  ];
  for (const base of ["https://ex.com/", null]) {
    for (const v of vectors) {
      const out = sanitizeHtml(v, base);
      assert.doesNotMatch(
        out,
        /javascript|alert|<base|<meta|ontoggle|onerror|<style|<math|svg\+xml/i,
        `${v} -> ${out}`,
      );
    }
  }
  assert.match(
    sanitizeHtml(vectors[3], "https://ex.com/"),
    /srcset="https:\/\/ok\.example\/i\.png 2x"/,
  );
});
