// Feeds out (RSS 2.0, Atom 1.0, JSON Feed 1.1) for the front page, a category, a search and one
// story, read back with the project's own parser and with feedsmith; hostile text survives as text.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parseFeed as feedsmith } from "feedsmith";
import { parseFeed } from "../../src/feeds/parse/index.ts";
import {
  addStory,
  KOREA,
  NOW,
  type Running,
  type SeedStory,
  STORM,
  startServer,
} from "./fixture.ts";

const HOSTILE: SeedStory = {
  id: "s-hostile",
  headline: 'Tom & Jerry <script>alert("x")</script> \u0001"quoted" ]]>',
  summary: "A summary with <b>tags</b> & ampersands",
  entities: ["Tom"],
  articles: [
    {
      title: "Cats & <mice> ]]> \u0008 ok",
      text: "Plain text with <script>alert(1)</script>",
      url: "https://example.com/cats?a=1&b=2",
      source: "Example",
      hoursAgo: 1,
      html: '<p>Hello <img src="x" onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">link</a></p>',
    },
  ],
};

const FORMATS = [
  ["rss", "application/rss+xml", "rss"],
  ["atom", "application/atom+xml", "atom"],
  ["json", "application/feed+json", "json"],
] as const;

describe("feeds out", () => {
  let r: Running;
  before(async () => {
    r = await startServer([KOREA, STORM]);
    const feed = await r.store.addFeed({
      url: "https://feeds.example/world.xml",
      category: "World",
    });
    await addStory(r.store, HOSTILE, NOW, feed.id);
  });
  after(() => r.close());

  async function fetchFeed(path: string, type: string) {
    const res = await fetch(r.url + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("content-type"), `${type}; charset=utf-8`);
    return res.text();
  }

  for (const [ext, type, format] of FORMATS) {
    test(`front page as ${ext}: both parsers read the stories, ids and self link`, async () => {
      const body = await fetchFeed(`/feed.${ext}`, type);
      const ours = parseFeed(body, { url: `${r.url}/feed.${ext}` });
      assert.equal(ours.format, format);
      // RSS titles are read as HTML by many readers (ours included), so tags in an RSS title
      // vanish there; Atom (type="text") and JSON Feed keep the text exactly.
      const hostileTitle = HOSTILE.headline.replace("\u0001", "");
      const expectHostile = ext === "rss" ? 'Tom & Jerry "quoted" ]]>' : hostileTitle;
      assert.deepEqual(
        ours.items.map((i) => i.title).sort(),
        [KOREA.headline, expectHostile, STORM.headline].sort(),
      );
      assert.equal(ours.items.length, 3);
      const korea = ours.items.find((i) => i.title === KOREA.headline);
      assert.ok(korea);
      assert.equal(korea.id, `${r.url}/story/s-korea`);
      assert.equal(korea.link, `${r.url}/story/s-korea`);
      assert.ok(korea.published);
      assert.match(korea.text, /3 outlets/);

      const theirs = feedsmith(body);
      assert.equal(theirs.format, format);
      const items =
        (theirs.feed as { items?: unknown[]; entries?: unknown[] }).items ??
        (theirs.feed as { entries: unknown[] }).entries;
      assert.equal(items.length, 3);
      const titles = items.map((i) => {
        const t = (i as { title?: string | { value?: string } }).title;
        return typeof t === "string" ? t : (t?.value ?? "");
      });
      assert.ok(titles.includes(HOSTILE.headline.replace("\u0001", "")), titles.join(" | "));
      const text = body;
      assert.ok(text.includes(`/feed.${ext}`), "self link");
    });
  }

  test("a category feed carries only that category's stories", async () => {
    const body = await fetchFeed("/feed.atom?category=World", "application/atom+xml");
    const ours = parseFeed(body);
    assert.deepEqual(
      ours.items.map((i) => i.title),
      [HOSTILE.headline.replace("\u0001", "")],
    );
    assert.match(
      body,
      /<link rel="self" type="application\/atom\+xml" href="[^"]*\/feed\.atom\?category=World"\/>/,
    );
  });

  test("a search feed lists matching stories and articles", async () => {
    for (const [ext, type] of FORMATS) {
      const body = await fetchFeed(`/search/feed.${ext}?q=troops`, type);
      const ours = parseFeed(body);
      assert.ok(ours.items.length >= 2, ext);
      assert.ok(
        ours.items.every((i) => /troops/i.test(`${i.title} ${i.text}`)),
        ext,
      );
      assert.ok(feedsmith(body));
    }
    const missing = await fetch(`${r.url}/search/feed.rss`);
    assert.equal(missing.status, 400);
  });

  test("a story feed lists its articles newest first, with sanitised content", async () => {
    for (const [ext, type] of FORMATS) {
      const body = await fetchFeed(`/story/s-korea/feed.${ext}`, type);
      const ours = parseFeed(body);
      assert.deepEqual(
        ours.items.map((i) => i.title),
        [...KOREA.articles].reverse().map((a) => a.title),
        ext,
      );
      assert.equal(ours.items[0].link, KOREA.articles[3].url);
      assert.ok(feedsmith(body));
    }
    const hostile = await fetchFeed("/story/s-hostile/feed.json", "application/feed+json");
    const json = JSON.parse(hostile);
    assert.equal(json.version, "https://jsonfeed.org/version/1.1");
    const html: string = json.items[0].content_html;
    assert.doesNotMatch(html, /<script|onerror|javascript:/i);
    assert.match(html, /Hello/);
    assert.equal(json.items[0].title.replace(/\s+/g, " "), "Cats & <mice> ]]> ok");
    assert.equal(json.items[0].url, "https://example.com/cats?a=1&b=2");
    const rss = await fetchFeed("/story/s-hostile/feed.rss", "application/rss+xml");
    assert.doesNotMatch(rss, /[\u0001\u0008]/);
    const item = parseFeed(rss).items[0];
    assert.equal(item.link, "https://example.com/cats?a=1&b=2");
    const theirs = feedsmith(rss).feed as { items: { title: string; link: string }[] };
    assert.equal(theirs.items[0].title.replace(/\s+/g, " "), "Cats & <mice> ]]> ok");
    assert.equal(
      parseFeed(
        await fetchFeed("/story/s-hostile/feed.atom", "application/atom+xml"),
      ).items[0].title.replace(/\s+/g, " "),
      "Cats & <mice> ]]> ok",
    );
    const unknown = await fetch(`${r.url}/story/nope/feed.rss`);
    assert.equal(unknown.status, 404);
  });

  test("front page feed items say when a story was first seen as a date a reader reads, not ISO 8601", async () => {
    const json = JSON.parse(await fetchFeed("/feed.json", "application/feed+json"));
    const korea = json.items.find((i: { id: string }) => i.id.endsWith("/story/s-korea"));
    assert.match(korea.content_html, /first seen 27 Jan 2025, 06:00 UTC/);
    for (const item of json.items)
      assert.doesNotMatch(item.content_html, /\d{4}-\d\d-\d\dT\d\d:/, item.id);
  });

  test("feed readers polling with If-None-Match get 304 Not Modified until the feed changes", async () => {
    for (const path of ["/feed.rss", "/story/s-korea/feed.atom", "/api/stories", "/"]) {
      const first = await fetch(r.url + path);
      assert.equal(first.status, 200, path);
      const tag = first.headers.get("etag");
      assert.match(tag ?? "", /^"[\w-]+"$/, path);
      const again = await fetch(r.url + path, { headers: { "if-none-match": tag ?? "" } });
      assert.equal(again.status, 304, path);
      assert.equal(await again.text(), "", path);
      assert.equal(again.headers.get("etag"), tag, path);
      const stale = await fetch(r.url + path, { headers: { "if-none-match": '"old", W/"older"' } });
      assert.equal(stale.status, 200, path);
      assert.ok((await stale.text()).length > 0, path);
    }
    // Another feed's tag does not match: each body has its own.
    const rss = (await fetch(`${r.url}/story/s-korea/feed.rss`)).headers.get("etag") ?? "";
    const other = await fetch(`${r.url}/story/s-storm/feed.rss`, {
      headers: { "if-none-match": rss },
    });
    assert.equal(other.status, 200);
  });
});
