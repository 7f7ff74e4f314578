// The oddities of real feeds: encodings, entities, CDATA, unclosed tags, garbage, odd prefixes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseFeed } from "../../src/feeds/parse/index.ts";
import { fixture, parseFixture } from "./parse-helpers.ts";

const titles = (name: string, contentType: string | null = null) => {
  const f = parseFixture(name, { contentType });
  return [f.title, ...f.items.map((i) => i.title)];
};

test("encodings: BOMs, UTF-16 without BOM, declared legacy charsets", () => {
  assert.deepEqual(titles("bom-utf8.xml"), ["BOM – Zürich", "Grüezi"]);
  const jp = ["日本語ニュース", "東京 été"];
  assert.deepEqual(titles("utf16le-bom.xml"), jp);
  assert.deepEqual(titles("utf16be-bom.xml"), jp);
  assert.deepEqual(titles("utf16le-no-bom.xml"), jp);
  assert.deepEqual(titles("windows-1252-declared.xml"), [
    "“Smart” quotes – €5",
    "Naïve café — déjà vu",
  ]);
  assert.deepEqual(titles("iso-8859-2-declared.xml"), ["Wiadomości", "Zażółć gęślą jaźń"]);
  assert.equal(parseFixture("iso-8859-2-declared.xml").encoding, "iso-8859-2");
  assert.equal(parseFixture("utf16be-bom.xml").encoding, "utf-16be");
});

test("encodings: wrong or missing declarations fall back sensibly", () => {
  // Latin-1 bytes, no declaration: not valid UTF-8, so windows-1252.
  assert.deepEqual(titles("iso-8859-1-undeclared.xml"), ["España", "Mañana en León"]);
  // Declared UTF-8 but written in Latin-1.
  assert.deepEqual(titles("utf8-declared-but-latin1.xml"), ["Français", "Été à Québec"]);
  assert.equal(parseFixture("utf8-declared-but-latin1.xml").encoding, "windows-1252");
  // Declared ISO-8859-1 but the bytes are valid UTF-8.
  assert.deepEqual(titles("latin1-declared-but-utf8.xml"), [
    "Deutsch – Übersicht",
    "Straßenbahn fährt €-frei",
  ]);
  // No declaration in the document: the HTTP charset decides.
  assert.deepEqual(titles("http-charset-koi8-r.xml", "application/rss+xml; charset=KOI8-R"), [
    "Новости",
    "Привет, мир",
  ]);
});

test("a bare ampersand is kept as text, in titles, links and descriptions", () => {
  const f = parseFixture("bare-ampersand.xml");
  assert.equal(f.title, "Tom & Jerry News");
  assert.equal(f.link, "http://amp.example.com/?a=1&b=2");
  assert.equal(f.items[0].title, "Q&A: fish & chips");
  assert.equal(f.items[0].link, "http://amp.example.com/story?id=1&page=2");
  assert.equal(f.items[0].text, "R&D spending up & away");
});

test("HTML named and numeric entities are decoded", () => {
  const f = parseFixture("html-entities.xml");
  assert.equal(f.title, "Entités News");
  assert.equal(f.items[0].title, "Café — “quoted” … é€");
  assert.equal(f.items[0].text, "Price: 5 € © 2024");
});

test("CDATA sections: markup in titles becomes text, in descriptions stays HTML", () => {
  const f = parseFixture("cdata.xml");
  assert.equal(f.title, "CDATA & Friends");
  assert.equal(f.items[0].title, "Title with markup & ampersand");
  assert.equal(f.items[0].link, "http://cdata.example.com/1?x=1&y=2");
  assert.equal(f.items[0].summary, "<p>Paragraph one &amp; more</p><p>Paragraph two</p>");
  assert.equal(f.items[0].text, "Paragraph one & more\nParagraph two");
});

test("unclosed tags: a lost </item> and an open <br> do not lose items or text", () => {
  const f = parseFixture("unclosed-tags.xml");
  assert.deepEqual(
    f.items.map((i) => [i.title, i.link]),
    [
      ["First", "http://sloppy.example.com/1"],
      ["Second", "http://sloppy.example.com/2"],
      ["Third", "http://sloppy.example.com/3"],
    ],
  );
  assert.equal(f.items[0].text, "line one\nline two");
});

test("garbage before the root element (a PHP warning) is skipped", () => {
  const f = parseFixture("leading-garbage.xml");
  assert.equal(f.title, "After Garbage");
  assert.deepEqual(
    f.items.map((i) => i.title),
    ["Still parsed"],
  );
});

test("namespace prefixes: undeclared well-known ones and renamed ones both work", () => {
  const u = parseFixture("undeclared-prefixes.xml").items[0];
  assert.equal(u.author, "Dora");
  assert.equal(u.published, "2024-03-05T08:00:00.000Z");
  assert.equal(u.content, "<p>Body</p>");
  const c = parseFixture("custom-prefixes.xml").items[0];
  assert.equal(c.author, "Pat");
  assert.equal(c.content, "<p>Full body</p>");
  assert.equal(c.image, "http://cp2.example.com/t.jpg");
});

test("relative links resolve against xml:base, then the channel link, then the feed URL", () => {
  const f = parseFixture("xml-base.xml");
  assert.equal(f.items[0].link, "http://base.example.com/root/a.html");
  assert.equal(
    f.items[0].summary,
    '<a href="http://base.example.com/root/b.html" rel="noopener noreferrer nofollow">b</a><img src="http://base.example.com/img/c.png" />',
  );
  assert.equal(f.items[1].link, "http://other.example.com/up.html");

  const noUrl = parseFixture("relative-links-no-base.xml");
  assert.equal(noUrl.items[0].link, null, "nothing to resolve against");
  const withUrl = parseFixture("relative-links-no-base.xml", {
    url: "https://feeds.example.net/rss/main.xml",
  });
  assert.equal(withUrl.link, "https://feeds.example.net/");
  assert.equal(withUrl.items[0].link, "https://feeds.example.net/2024/03/story.html");
});

test("strings are accepted as well as bytes, and a JSON content type without a brace-first body", () => {
  const text = fixture("rss-2.0-full.xml").toString("utf8");
  assert.equal(parseFeed(text).items.length, 3);
  const json = `\n  ${fixture("jsonfeed-1.1.json").toString("utf8")}`;
  assert.equal(parseFeed(json, { contentType: "application/feed+json" }).format, "json");
});

test("a feed cut off mid-way (a dropped connection) keeps the items before the cut", () => {
  const text = fixture("rss-2.0-full.xml").toString("utf8");
  const cut = text.slice(0, text.indexOf("<title>Permalink only") + 12);
  const f = parseFeed(cut);
  assert.deepEqual(
    f.items.slice(0, 2).map((i) => [i.id, i.published]),
    [
      ["tag:news.example.com,2024:1001", "2024-03-05T14:30:00.000Z"],
      ["https://news.example.com/weather/storm", "2024-03-05T09:05:00.000Z"],
    ],
  );
  // Every prefix parses, or fails because nothing is there yet; never with an internal error.
  for (let end = 0; end < text.length; end += 97) {
    try {
      parseFeed(text.slice(0, end));
    } catch (err) {
      assert.equal((err as Error).name, "FeedParseError", `cut at ${end}`);
      assert.match((err as Error).message, /^(empty document|not a feed)/, `cut at ${end}`);
    }
  }
});

test("control characters (NUL, ESC, backspace) are removed; tabs and newlines are kept as space", () => {
  const f = parseFixture("control-characters.xml");
  assert.equal(f.title, "Ctrl feed");
  assert.equal(f.items[0].title, "Null byte and escape");
  assert.equal(f.items[0].text, "Tab and backspace");
  const j = parseFeed(
    '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"a\\u0000b"}]}',
  );
  assert.equal(j.items[0].title, "ab");
});
