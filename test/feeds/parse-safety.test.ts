// Untrusted feeds: entity bombs, external entities, deep nesting, oversize bodies, hostile HTML,
// and clear one-line errors for what is not a feed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FeedParseError, parseFeed } from "../../src/feeds/parse/index.ts";
import { fixture, parseFixture } from "./parse-helpers.ts";

function fails(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof FeedParseError, `expected FeedParseError, got ${String(err)}`);
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes("\n"), "one line");
    return true;
  });
}

test("billion laughs fails fast with a clear error", () => {
  const t0 = performance.now();
  fails(() => parseFixture("billion-laughs.xml"), /entity expansion limit exceeded/);
  assert.ok(performance.now() - t0 < 1000, "fails before expanding");
});

test("internal entities expand; external entities are never fetched and expand to nothing", () => {
  assert.equal(parseFixture("internal-entity.xml").title, "Example & Sons since 1900");
  assert.equal(parseFixture("internal-entity.xml").items[0].title, "About Example & Sons");
  const x = parseFixture("external-entity.xml");
  assert.equal(x.title, "XXE[][]");
  assert.equal(x.items[0].title, "Safe");
});

test("nesting deeper than the cap is refused; the cap is configurable", () => {
  fails(() => parseFixture("deep-nesting.xml"), /nested deeper than 256 levels/);
  const f = parseFeed(fixture("deep-nesting.xml"), { maxDepth: 1000 });
  assert.equal(f.items[0].text, "deep");
});

test("bodies over the size limit are refused before parsing", () => {
  const body = fixture("rss-2.0-full.xml");
  fails(() => parseFeed(body, { maxBytes: 1024 }), /^feed is \d KB, over the 1 KB limit$/);
  const big = new Uint8Array(21 * 1024 * 1024);
  fails(() => parseFeed(big), /feed is 21\.0 MB, over the 20\.0 MB limit/);
});

test("hostile HTML is sanitised: no script, handlers, javascript: or data: links, frames", () => {
  const [i] = parseFixture("hostile-content.xml").items;
  assert.equal(i.title, "Innocent headline");
  assert.equal(i.link, null, "javascript: link dropped");
  const html = i.summary ?? "";
  for (const bad of [
    /<script/i,
    /onerror/i,
    /onclick/i,
    /javascript:/i,
    /<iframe/i,
    /<style/i,
    /<form/i,
    /<input/i,
    /<object/i,
    /data:text/i,
    /svg/i,
    /target=/i,
  ]) {
    assert.doesNotMatch(html, bad);
  }
  assert.match(
    html,
    /<a href="http:\/\/evil\.example\.com\/ok" rel="noopener noreferrer nofollow">that<\/a>/,
  );
  assert.match(html, /<img src="http:\/\/evil\.example\.com\/x\.png" \/>/);
  assert.doesNotMatch(i.text, /alert|display:none/);
  const json = parseFixture("jsonfeed-1.0.json").items[0].content ?? "";
  assert.doesNotMatch(json, /onerror/);
});

test("not a feed: one clear line naming why", () => {
  fails(() => parseFixture("html-page.html"), /^not a feed: got an HTML page$/);
  fails(() => parseFixture("empty.xml"), /^empty document/);
  fails(() => parseFixture("broken.json"), /^invalid JSON: /);
  fails(() => parseFixture("not-a-json-feed.json"), /not a JSON Feed/);
  fails(
    () => parseFeed("<?xml version='1.0'?><config><a>1</a></config>"),
    /root element is <config>/,
  );
  fails(() => parseFeed("just some text"), /no XML elements/);
});
