import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { discover, discoverFeeds } from "../../src/feeds/discover.ts";
import { fetchFeed } from "../../src/feeds/fetch.ts";
import { type FixtureServer, rss, startServer } from "./http-fixture.ts";

test("<link rel=alternate> feeds are found, resolved against the page URL, in page order", () => {
  const html = `<!doctype html><html><head>
    <link rel="stylesheet" href="/style.css">
    <LINK REL="Alternate" TYPE="application/rss+xml" TITLE="Main feed" HREF="/feed.xml">
    <link rel="alternate" type="application/atom+xml" href="https://other.example/atom?a=1&amp;b=2">
    <link rel="alternate" type="application/feed+json" title="JSON" href="feed.json">
    <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
    <link rel="alternate" type="application/rss+xml" href="/feed.xml#dup">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
  </head><body></body></html>`;
  assert.deepEqual(discoverFeeds(html, "https://news.example/section/page.html"), [
    { url: "https://news.example/feed.xml", title: "Main feed", kind: "rss", via: "link" },
    { url: "https://other.example/atom?a=1&b=2", title: null, kind: "atom", via: "link" },
    { url: "https://news.example/section/feed.json", title: "JSON", kind: "json", via: "link" },
  ]);
});

test("<base href> is honoured for relative feed links", () => {
  const html = `<html><head><base href="https://cdn.example/blog/"><link rel="alternate" type="application/rss+xml" href="rss.xml"></head></html>`;
  assert.equal(
    discoverFeeds(html, "https://news.example/")[0].url,
    "https://cdn.example/blog/rss.xml",
  );
  const relativeBase = `<head><base href="/sub/"><link rel="alternate" type="application/atom+xml" href="atom.xml"></head>`;
  assert.equal(
    discoverFeeds(relativeBase, "https://news.example/a/b")[0].url,
    "https://news.example/sub/atom.xml",
  );
});

test("a page without feed links yields nothing; broken markup does not throw", () => {
  assert.deepEqual(
    discoverFeeds("<html><head><title>x</title></head></html>", "https://a.example/"),
    [],
  );
  assert.deepEqual(
    discoverFeeds("<link rel=alternate type=application/rss+xml href='/f'", "https://a.example/"),
    [],
  );
  assert.equal(
    discoverFeeds(
      "<p><link rel=alternate type=application/rss+xml href=/f></p>",
      "https://a.example/",
    )[0].url,
    "https://a.example/f",
  );
});

let srv: FixtureServer;
before(async () => {
  srv = await startServer();
});
after(() => srv.close());

const fetchPage = (url: string) =>
  fetchFeed(url, { etag: null, lastModified: null }, { allowPrivate: true, timeoutMs: 2000 });

const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom site</title><id>urn:x</id><updated>2026-01-01T00:00:00Z</updated><entry><id>urn:1</id><title>One</title><updated>2026-01-01T00:00:00Z</updated></entry></feed>`;
const jsonFeed = JSON.stringify({
  version: "https://jsonfeed.org/version/1.1",
  title: "JSON site",
  items: [{ id: "1", content_text: "hi" }],
});

test("discover(): a home page that announces its feed", async () => {
  srv.route("/site-a/", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      `<html><head><link rel="alternate" type="application/rss+xml" title="A" href="news.xml"></head></html>`,
    );
  });
  const { feeds } = await discover(srv.url("/site-a/"), fetchPage);
  assert.deepEqual(feeds, [
    { url: srv.url("/site-a/news.xml"), title: "A", kind: "rss", via: "link" },
  ]);
});

test("discover(): without links, common paths are probed and kept only if they parse as feeds", async () => {
  srv.route("/", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html><head><title>No feeds announced</title></head><body>hi</body></html>");
  });
  // /rss answers 200 with an HTML page: not a feed, verified by content.
  srv.route("/rss", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html><body>Our RSS feeds are listed below</body></html>");
  });
  // /feed redirects to /feed/ which serves RSS.
  srv.route("/feed", (_req, res) => {
    res.writeHead(301, { location: "/feed/" });
    res.end();
  });
  srv.route("/feed/", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.end(rss(2, { title: "Site RSS" }));
  });
  srv.route("/atom.xml", (_req, res) => {
    res.writeHead(200, { "content-type": "application/atom+xml" });
    res.end(atom);
  });
  srv.route("/feed.json", (_req, res) => {
    res.writeHead(200, { "content-type": "application/feed+json" });
    res.end(jsonFeed);
  });
  const { feeds, notes } = await discover(srv.url("/"), fetchPage);
  assert.deepEqual(feeds, [
    { url: srv.url("/feed/"), title: "Site RSS", kind: "rss", via: "path" },
    { url: srv.url("/atom.xml"), title: "Atom site", kind: "atom", via: "path" },
    { url: srv.url("/feed.json"), title: "JSON site", kind: "json", via: "path" },
  ]);
  assert.ok(notes.includes(`${srv.url("/rss")}: not a feed`));
  assert.ok(notes.includes(`${srv.url("/rss.xml")}: HTTP 404`));
});

test("discover(): a URL that is already a feed is returned as itself", async () => {
  srv.route("/direct.xml", (_req, res) => {
    res.writeHead(200, { "content-type": "text/xml" });
    res.end(rss(1, { title: "Direct" }));
  });
  const { feeds } = await discover(srv.url("/direct.xml"), fetchPage);
  assert.deepEqual(feeds, [
    { url: srv.url("/direct.xml"), title: "Direct", kind: "rss", via: "self" },
  ]);
});
