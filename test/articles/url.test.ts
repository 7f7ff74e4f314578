import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalUrl, isTrackingParam, urlDomain } from "../../src/articles/url.ts";

describe("canonicalUrl", () => {
  const same: [string, string][] = [
    ["HTTP://WWW.Example.COM/a", "https://example.com/a"],
    ["https://example.com:443/a", "https://example.com/a"],
    ["http://example.com:80/a", "https://example.com/a"],
    ["https://example.com/a/", "https://example.com/a"],
    ["https://example.com/a//b///", "https://example.com/a/b"],
    ["https://example.com/a#section-2", "https://example.com/a"],
    ["https://user:secret@example.com/a", "https://example.com/a"],
    ["https://example.com./a", "https://example.com/a"],
    ["https://example.com", "https://example.com/"],
    ["https://example.com/?", "https://example.com/"],
    ["  https://example.com/a  ", "https://example.com/a"],
    ["https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"],
    ["https://example.com/a?a=2&a=1", "https://example.com/a?a=1&a=2"],
    [
      "https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x&UTM_Content=y&id=7",
      "https://example.com/a?id=7",
    ],
    [
      "https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&igshid=5&ref=6&ref_src=7&cmpid=8&_ga=9&yclid=10&msclkid=11&id=7",
      "https://example.com/a?id=7",
    ],
  ];
  for (const [input, want] of same) {
    it(`${input} -> ${want}`, () => assert.equal(canonicalUrl(input), want));
  }

  it("keeps what selects content: path case, other ports, other parameters", () => {
    assert.equal(canonicalUrl("https://example.com/News/A"), "https://example.com/News/A");
    assert.equal(canonicalUrl("https://example.com:8080/a"), "https://example.com:8080/a");
    assert.equal(canonicalUrl("https://example.com/a?p=2"), "https://example.com/a?p=2");
    assert.notEqual(
      canonicalUrl("https://example.com/a?id=1"),
      canonicalUrl("https://example.com/a?id=2"),
    );
    assert.notEqual(
      canonicalUrl("https://sub.example.com/a"),
      canonicalUrl("https://example.com/a"),
    );
  });

  it("has none for non-web or broken URLs", () => {
    for (const u of [
      "",
      "not a url",
      "ftp://example.com/a",
      "mailto:a@b.c",
      "javascript:alert(1)",
      null,
      undefined,
    ]) {
      assert.equal(canonicalUrl(u), null, String(u));
    }
  });

  it("recognises tracking parameters by name and family", () => {
    assert.ok(isTrackingParam("utm_term"));
    assert.ok(isTrackingParam("FBCLID"));
    assert.ok(!isTrackingParam("id"));
    assert.ok(!isTrackingParam("page"));
  });

  it("gives the domain without www", () => {
    assert.equal(urlDomain("https://www.BBC.co.uk/news"), "bbc.co.uk");
    assert.equal(urlDomain("nope"), null);
  });
});
