// The pieces the pages are made of: escaping by default, links and snippets from untrusted
// content, timeline buckets and coverage facets.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { outletForDomain, outletOf } from "../../src/server/outlets.ts";
import { coverage, informative, lede, rowOutlet, timeline } from "../../src/server/story-data.ts";
import { timelineChart } from "../../src/server/views/charts.ts";
import { escapeHtml, html, raw } from "../../src/server/views/html.ts";
import { safeUrl, searchPage, snippetHtml } from "../../src/server/views/pages.ts";
import type { SearchHit, StoredArticle } from "../../src/store/types.ts";

test("html escapes every value unless it is markup built by html or raw", () => {
  const evil = `<img src=x onerror="alert('x')">&`;
  assert.equal(
    html`<p title="${evil}">${evil}</p>`.value,
    `<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`,
  );
  assert.equal(escapeHtml(evil), "&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;");
  assert.equal(
    html`<ul>${["a<", "b"].map((x) => html`<li>${x}</li>`)}</ul>`.value,
    "<ul><li>a&lt;</li><li>b</li></ul>",
  );
  assert.equal(html`${raw("<b>ok</b>")}${null}${undefined}${false}${0}`.value, "<b>ok</b>0");
});

test("only http(s) URLs become links", () => {
  assert.equal(safeUrl("https://example.com/a?b=1"), "https://example.com/a?b=1");
  for (const bad of [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html,<script>",
    "vbscript:x",
    "//evil",
    "not a url",
    null,
  ]) {
    assert.equal(safeUrl(bad), null, String(bad));
  }
});

test("search snippets keep <mark> and nothing else", () => {
  assert.equal(snippetHtml("a <mark>b</mark> &amp; c").value, "a <mark>b</mark> &amp; c");
  assert.equal(
    snippetHtml("<script>x</script><mark>y</mark><marker>").value,
    "&lt;script>x&lt;/script><mark>y</mark>&lt;marker>",
  );
});

test("ledes are cut at a word with an ellipsis", () => {
  const long = "word ".repeat(100);
  const l = lede(long, 50);
  assert.ok(l.length <= 51);
  assert.ok(l.endsWith("word…"));
  assert.equal(lede("  short \n text "), "short text");
});

function article(id: string, at: number, url: string, source: string): StoredArticle {
  return {
    id,
    title: id,
    text: "",
    source,
    url,
    canonicalUrl: url,
    published: at,
    lang: "en",
    feedId: null,
    guid: null,
    html: null,
    author: null,
    image: null,
    fetchedAt: at,
    duplicateOf: null,
    storyId: "s",
    eventId: "s",
    score: null,
    threshold: null,
  };
}

test("timeline buckets grow with the story's span and mark the first reporter", () => {
  const t0 = Date.parse("2025-01-27T06:02:00Z");
  const arts = [
    article("b", t0 + 3 * 3600_000, "https://www.bbc.co.uk/x", "BBC"),
    article("a", t0, "https://www.reuters.com/x", "Reuters"),
    article("c", t0 + 3 * 3600_000 + 60_000, "https://edition.cnn.com/x", "CNN"),
  ];
  const t = timeline(arts);
  assert.equal(t.bucketMs, 5 * 60_000);
  assert.equal(t.buckets.length, 37);
  assert.equal(t.buckets[0].start, "2025-01-27T06:00:00.000Z");
  assert.deepEqual(
    t.buckets.filter((b) => b.count > 0).map((b) => b.count),
    [1, 2],
  );
  assert.equal(t.firstReporter?.articleId, "a");
  const week = timeline([article("a", t0, "", ""), article("b", t0 + 30 * 86_400_000, "", "")]);
  assert.ok(week.buckets.length <= 48);
  assert.equal(timeline([]).buckets.length, 0);
});

test("coverage counts outlets, countries and types; parent domains match the outlet table", () => {
  assert.equal(outletForDomain("edition.cnn.com")?.name, "CNN");
  assert.equal(outletForDomain("telegraph.co.uk")?.country, "United Kingdom");
  assert.equal(outletForDomain("example.invalid"), null);
  const t0 = 0;
  const c = coverage([
    article("a", t0, "https://www.reuters.com/a", "Reuters"),
    article("b", t0, "https://www.reuters.com/b", "Reuters"),
    article("c", t0, "https://unknown.example/c", "Some Blog"),
  ]);
  assert.deepEqual(c.outlets, [
    { name: "Reuters", count: 2 },
    { name: "Some Blog", count: 1 },
  ]);
  assert.deepEqual(c.countries, [
    { name: "United Kingdom", count: 2 },
    { name: "unknown", count: 1 },
  ]);
});

test("unknown outlets show their host without www. and in its own case", () => {
  const a = article("a", 0, "https://www.kare11.com/world/x", "www.kare11.com");
  assert.equal(outletOf(a).name, "kare11.com");
  assert.equal(outletOf({ url: null, source: "WWW.CTVNEWS.CA" }).name, "ctvnews.ca");
  assert.equal(outletOf({ url: null, source: "Local Paper" }).name, "Local Paper");
  assert.equal(
    rowOutlet({
      storyId: "s",
      source: "www.kare11.com",
      domain: "kare11.com",
      articles: 1,
      firstAt: 0,
    }).name,
    "kare11.com",
  );
});

test("outlet names are not upper-cased by the style sheet", async () => {
  const css = await readFile(new URL("../../src/server/static/style.css", import.meta.url), "utf8");
  const rule = /(^|\n)\.outlet \{[^}]*\}/.exec(css)?.[0] ?? "";
  assert.ok(rule, "a .outlet rule");
  assert.doesNotMatch(rule, /text-transform/);
});

test("a young story's timeline shows at least an hour in minute buckets, with distinct axis ends", () => {
  const t0 = Date.parse("2025-01-27T06:02:00Z");
  const t = timeline([
    article("a", t0, "https://www.reuters.com/x", "Reuters"),
    article("b", t0 + 60_000, "https://edition.cnn.com/x", "CNN"),
  ]);
  assert.equal(t.bucketMs, 5 * 60_000);
  assert.equal(t.buckets.length, 12);
  assert.deepEqual(
    t.buckets.map((b) => b.count),
    [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  );
  const ticks = /<p class="ticks"[^>]*><span>([^<]+)<\/span><span>([^<]+)<\/span>/.exec(
    timelineChart(t).value,
  );
  assert.deepEqual(ticks?.slice(1), ["27 Jan 2025, 06:00 UTC", "27 Jan 2025, 07:00 UTC"]);
});

test("chips keep names and words, not numbers, dates, clock or dateline words", () => {
  for (const w of [
    "2021",
    "10",
    "2,000",
    "3.5",
    "Tuesday",
    "january",
    "th",
    "pm",
    "Reuters",
    "www",
  ])
    assert.equal(informative(w), false, w);
  for (const w of ["UN", "Kyiv", "spillway", "march", "Éowyn", "北朝鮮", "G7"])
    assert.equal(informative(w), true, w);
});

test("a one-article timeline says 1 article, not 1 articles", () => {
  const chart = timelineChart(
    timeline([article("a", Date.parse("2025-01-27T06:02:00Z"), "https://x.example/a", "X")]),
  ).value;
  assert.match(chart, /aria-label="Timeline: 1 article from /);
  assert.match(chart, /\. 1 article, 5 minutes per bar\./);
  assert.doesNotMatch(chart, /1 articles/);
});

test("a search page filled to its limit does not pass the limit off as the number of matches", () => {
  const hits: SearchHit[] = ["a", "b", "c"].map((id) => ({
    kind: "article",
    id,
    title: `Biden ${id}`,
    snippet: "<mark>Biden</mark> said",
    score: 1,
    storyId: "s1",
  }));
  const text = (h: string) => h.replace(/<[^>]+>/g, "");
  assert.match(
    text(searchPage("biden", hits, new Map(), 3).value),
    /The 3 best results for “biden”; add words to narrow the search\./,
  );
  assert.match(text(searchPage("biden", hits, new Map(), 50).value), /\b3 results for “biden”\./);
});
