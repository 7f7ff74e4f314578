import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  feedCategory,
  feedsFromUrlList,
  OpmlError,
  parseOpml,
  toOpml,
} from "../../src/feeds/opml.ts";

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/opml", name), "latin1");
const nested = readFileSync(join(import.meta.dirname, "../fixtures/opml/nested-2.0.opml"), "utf8");

test("OPML 2.0: nested outlines become folder paths, attributes and head are kept", () => {
  const doc = parseOpml(nested);
  assert.equal(doc.version, "2.0");
  assert.equal(doc.title, "Newsroom & Friends");
  assert.deepEqual(doc.head, [
    ["dateCreated", "Mon, 05 Jan 2026 09:00:00 GMT"],
    ["ownerName", "Desk"],
  ]);
  assert.equal(doc.feeds.length, 5);
  const [nhk, straits, bbc, nature, monde] = doc.feeds;
  assert.deepEqual(nhk.folders, ["World", "Asia"]);
  assert.equal(feedCategory(nhk), "World/Asia");
  assert.equal(nhk.htmlUrl, "https://www3.nhk.or.jp/");
  assert.deepEqual(nhk.extra, [["language", "ja"]]);
  assert.equal(straits.text, 'Straits "Times" <SG>');
  assert.deepEqual(straits.extra, [["description", "Line one\nline two"]]);
  assert.equal(feedCategory(bbc), "World");
  assert.equal(nature.type, "atom");
  assert.equal(nature.categoryAttr, "/Science/Journals,/Research");
  assert.equal(feedCategory(nature), "Science");
  // Top level: the category attribute decides.
  assert.equal(monde.text, "Économie – Le Monde");
  assert.equal(feedCategory(monde), "Business");
});

test("round trip: parseOpml(toOpml(doc)) gives back the same document", () => {
  const doc = parseOpml(nested);
  const again = parseOpml(toOpml(doc));
  assert.deepEqual(again, doc);
  // And a second export is byte-identical to the first.
  assert.equal(toOpml(again), toOpml(doc));
});

test("feeds out of folder order still read back exactly", () => {
  const doc = parseOpml(nested);
  const shuffled = {
    ...doc,
    feeds: [doc.feeds[2], doc.feeds[4], doc.feeds[0], doc.feeds[3], doc.feeds[1]],
  };
  assert.deepEqual(parseOpml(toOpml(shuffled)), shuffled);
});

test("OPML 1.0 from old readers: lower-case attributes, url= feeds, unclosed outlines", () => {
  const doc = parseOpml(fixture("legacy-1.0.opml"));
  assert.equal(doc.version, "1.0");
  assert.equal(doc.title, "Old reader export");
  assert.deepEqual(
    doc.feeds.map((f) => [f.xmlUrl, feedCategory(f)]),
    [
      ["https://feeds.arstechnica.com/arstechnica/index", "Tech"],
      ["https://rss.slashdot.org/Slashdot/slashdotMain", "Tech"],
    ],
  );
  assert.equal(doc.feeds[0].htmlUrl, "https://arstechnica.com");
  // A type="link" outline is not a feed.
  assert.equal(
    doc.feeds.some((f) => f.xmlUrl.includes("example.com")),
    false,
  );
});

test("a file that is not OPML is refused with one line", () => {
  assert.throws(
    () => parseOpml("<rss><channel><title>x</title></channel></rss>"),
    (err: Error) =>
      err instanceof OpmlError &&
      /not an OPML file.*<rss>/.test(err.message) &&
      !err.message.includes("\n"),
  );
  assert.throws(() => parseOpml(""), OpmlError);
});

test("an exported document is well-formed for hostile titles", () => {
  const doc = {
    version: "2.0",
    title: "a <b> & c",
    head: [],
    feeds: [
      {
        xmlUrl: "https://example.com/feed?a=1&b=2",
        text: 'He said "hi" <script>',
        title: null,
        htmlUrl: null,
        type: "rss",
        categoryAttr: null,
        folders: ["R&D", "<Labs>"],
        extra: [],
      },
    ],
  };
  const xml = toOpml(doc);
  assert.match(xml, /xmlUrl="https:\/\/example\.com\/feed\?a=1&amp;b=2"/);
  assert.doesNotMatch(xml, /<script>/);
  assert.deepEqual(parseOpml(xml), doc);
});

test("a plain URL list becomes feeds, with categories and one line per bad line", () => {
  const { feeds, problems } = feedsFromUrlList(
    [
      "# my feeds",
      "https://example.com/feed.xml World/Europe",
      "",
      "  https://example.org/rss  ",
      "ftp://example.net/feed",
      "not a url",
      "https://example.com/feed.xml",
    ].join("\n"),
  );
  assert.deepEqual(
    feeds.map((f) => [f.xmlUrl, feedCategory(f)]),
    [
      ["https://example.com/feed.xml", "World/Europe"],
      ["https://example.org/rss", null],
    ],
  );
  assert.deepEqual(problems, [
    "line 5: not an http(s) URL: ftp://example.net/feed",
    'line 6: not a URL: "not a url"',
    "line 7: duplicate of an earlier line: https://example.com/feed.xml",
  ]);
  const doc = parseOpml(toOpml({ version: "2.0", title: "List", head: [], feeds }));
  assert.equal(doc.feeds.length, 2);
  assert.equal(feedCategory(doc.feeds[0]), "World/Europe");
});

test("typeless url outlines are feeds unless they hold outlines; other URL outlines are reported", () => {
  const doc = parseOpml(`<opml version="1.0"><body>
<outline text="o1" url="http://a.example/rss"/>
<outline text="Blog" type="link" url="https://b.example/"/>
<outline text="Folder" url="https://c.example/">
  <outline text="inner" xmlUrl="https://c.example/feed"/>
</outline>
<outline text="odd" url="javascript:alert(1)"/>
</body></opml>`);
  assert.deepEqual(
    doc.feeds.map((f) => [f.xmlUrl, feedCategory(f)]),
    [
      ["http://a.example/rss", null],
      ["https://c.example/feed", "Folder"],
    ],
  );
  assert.deepEqual(doc.skipped, [
    'line 3: outline "Blog" skipped: type "link" is not a feed type (rss, atom, feed, json)',
    'line 7: outline "odd" skipped: url "javascript:alert(1)" is not an http(s) address',
  ]);
});
