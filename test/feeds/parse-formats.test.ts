// Every feed format maps to the same normalised shape: titles, ids, links, exact instants,
// authors, categories, enclosures, images and update hints.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseFixture } from "./parse-helpers.ts";

test("RSS 2.0 with content, Dublin Core, Media RSS, atom:link and syndication hints", () => {
  const f = parseFixture("rss-2.0-full.xml");
  assert.equal(f.format, "rss");
  assert.equal(f.version, "2.0");
  assert.equal(f.title, "The Daily Example");
  assert.equal(f.link, "https://news.example.com/");
  assert.equal(f.language, "en-gb");
  assert.deepEqual(f.hints, { ttlMinutes: 15, updateIntervalMinutes: 30, skipHours: [0, 3] });
  assert.equal(f.items.length, 3);

  const [a, b, c] = f.items;
  assert.equal(a.id, "tag:news.example.com,2024:1001");
  assert.equal(a.title, "Markets rally after rate decision");
  assert.equal(a.link, "https://news.example.com/business/markets-rally?utm_source=rss");
  assert.equal(a.published, "2024-03-05T14:30:00.000Z");
  assert.equal(a.updated, null);
  assert.equal(a.summary, "Stocks rose on Tuesday.");
  assert.equal(
    a.content,
    '<p>Stocks <em>rose</em> on Tuesday. <a href="https://news.example.com/business/rates" rel="noopener noreferrer nofollow">Rates</a> held.</p>',
  );
  assert.equal(a.text, "Stocks rose on Tuesday. Rates held.");
  assert.deepEqual(a.authors, ["Ann Writer", "Bob Editor"]);
  assert.equal(a.author, "Ann Writer");
  assert.deepEqual(a.categories, ["Business", "Markets"]);
  assert.deepEqual(a.enclosures, [
    { url: "https://img.example.com/markets-large.jpg", type: "image/jpeg", length: 52000 },
    { url: "https://img.example.com/markets-small.jpg", type: "image/jpeg", length: null },
  ]);
  assert.equal(a.image, "https://img.example.com/markets-thumb.jpg", "thumbnail preferred");

  assert.equal(b.id, "https://news.example.com/weather/storm");
  assert.equal(b.author, "Weather Desk", "name taken from 'email (Name)'");
  assert.equal(b.summary, "<p>Winds up to <strong>120 km/h</strong>.</p>");
  assert.equal(b.text, "Winds up to 120 km/h.");
  assert.deepEqual(
    b.enclosures.map((e) => e.url),
    ["https://img.example.com/storm.png", "https://video.example.com/storm.mp4"],
  );
  assert.equal(b.image, "https://img.example.com/storm.png", "image enclosure as image");

  assert.equal(c.link, "https://news.example.com/permalink-only", "permalink guid as link");
  assert.equal(c.published, "2024-03-05T07:59:59.000Z");
  assert.equal(c.summary, null);
  assert.equal(c.content, null);
  assert.equal(c.text, "");
});

test("RSS 0.91 in ISO-8859-1 with the Netscape DOCTYPE, skipHours, relative link", () => {
  const f = parseFixture("rss-0.91.xml");
  assert.equal(f.version, "0.91");
  assert.equal(f.title, "Café Wire");
  assert.equal(f.language, "fr");
  assert.deepEqual(f.hints.skipHours, [0, 1, 2], "hour 24 is midnight");
  assert.equal(f.items[0].title, "Résumé of the day");
  assert.equal(f.items[0].text, "First & foremost");
  assert.equal(f.items[1].link, "http://cafe.example.com/news/2.html", "relative to channel link");
});

test("RSS 0.92 with escaped HTML, enclosure and category; id falls back to a hash", () => {
  const f = parseFixture("rss-0.92.xml");
  assert.equal(f.version, "0.92");
  const [i] = f.items;
  assert.equal(i.link, null);
  assert.match(i.id, /^sha1:[0-9a-f]{40}$/);
  assert.equal(i.summary, "<p>An <b>hour</b> of talk</p>");
  assert.deepEqual(i.enclosures, [
    { url: "http://radio.example.org/ep7.mp3", type: "audio/mpeg", length: 12216320 },
  ]);
  assert.deepEqual(i.categories, ["Talk"]);
});

test("RSS 1.0 (RDF) with default namespace, dc:date, dc:subject and sy hints", () => {
  const f = parseFixture("rss-1.0-rdf.xml");
  assert.equal(f.format, "rdf");
  assert.equal(f.version, "1.0");
  assert.equal(f.title, "RDF Times");
  assert.equal(f.language, "de");
  assert.equal(f.hints.updateIntervalMinutes, 360, "daily / 4");
  assert.equal(f.items.length, 2);
  assert.equal(f.items[0].id, "http://rdf.example.net/a");
  assert.equal(f.items[0].published, "2024-03-05T09:00:00.000Z");
  assert.equal(f.items[0].text, "Kurz & bündig");
  assert.equal(f.items[0].author, "Kurt");
  assert.deepEqual(f.items[0].categories, ["Politik"]);
  assert.equal(f.items[1].published, "2024-03-05T11:15:00.000Z");
  assert.equal(f.items[1].content, "<p>Mehr</p>");
});

test("RSS 0.90 (RDF, Netscape namespace)", () => {
  const f = parseFixture("rss-0.90-rdf.xml");
  assert.equal(f.format, "rdf");
  assert.equal(f.version, "0.90");
  assert.deepEqual(
    f.items.map((i) => [i.title, i.link]),
    [["Oldest format", "http://ninety.example.com/old"]],
  );
});

test("Atom 1.0: text constructs, xml:base, links, authors, categories, enclosures", () => {
  const f = parseFixture("atom-1.0.xml");
  assert.equal(f.format, "atom");
  assert.equal(f.version, "1.0");
  assert.equal(f.title, "Example Blog");
  assert.equal(f.link, "https://blog.example.com/", "alternate link against xml:base");
  assert.equal(f.language, "en-US");
  assert.deepEqual(f.hints, { ttlMinutes: null, updateIntervalMinutes: 60, skipHours: [] });
  const [a, b, c] = f.items;
  assert.equal(a.id, "tag:blog.example.com,2024:1");
  assert.equal(a.title, "Atom & HTML title", "type=html title as plain text");
  assert.equal(a.link, "https://blog.example.com/posts/atom-html");
  assert.equal(a.published, "2024-03-05T17:00:00.000Z");
  assert.equal(a.updated, "2024-03-05T18:00:00.250Z");
  assert.equal(a.summary, "Plain &lt;summary&gt; text", "type=text is escaped, not markup");
  assert.equal(
    a.content,
    '<p>Escaped <a href="https://blog.example.com/rel/link" rel="noopener noreferrer nofollow">html</a></p>',
  );
  assert.deepEqual(a.authors, ["Alice", "Bob"]);
  assert.deepEqual(a.categories, ["Technology", "web"]);
  assert.deepEqual(a.enclosures, [
    { url: "https://blog.example.com/media/talk.mp3", type: "audio/mpeg", length: 1337 },
  ]);

  assert.equal(b.title, "XHTML bold title");
  assert.equal(b.link, "https://other.example.org/sub/page.html", "entry xml:base");
  assert.equal(
    b.content,
    '<p>Inline <img src="https://other.example.org/sub/pic.png" alt="pic" /> xhtml</p>',
  );
  assert.equal(b.image, "https://other.example.org/sub/pic.png");
  assert.deepEqual(b.authors, ["Feed Author"], "feed author inherited");

  assert.equal(c.link, null);
  assert.equal(c.content, "Just text &amp; more");
  assert.equal(c.text, "Just text & more");
});

test("Atom 0.3: issued/modified, mode=escaped and mode=base64 content", () => {
  const f = parseFixture("atom-0.3.xml");
  assert.equal(f.version, "0.3");
  assert.equal(f.title, "Bitácora");
  assert.equal(f.language, "es");
  const [a, b] = f.items;
  assert.equal(a.published, "2004-03-05T08:00:00.000Z");
  assert.equal(a.updated, "2004-03-05T10:00:00.000Z");
  assert.equal(a.content, "<p>Contenido <b>escapado</b></p>");
  assert.equal(a.author, "Pilar");
  assert.equal(b.content, "<p>Base64 body</p>");
});

test("Atom without its namespace declaration is still Atom", () => {
  const f = parseFixture("atom-no-namespace.xml");
  assert.equal(f.format, "atom");
  assert.equal(f.items[0].link, "http://nons.example.com/1");
  assert.equal(f.items[0].updated, "2024-03-05T00:00:00.000Z");
});

test("JSON Feed 1.0: author, tags, attachments, content_text, relative url, numeric id", () => {
  const f = parseFixture("jsonfeed-1.0.json");
  assert.equal(f.format, "json");
  assert.equal(f.version, "1.0");
  assert.equal(f.title, "JSON One");
  assert.equal(f.link, "https://json.example.com/");
  const [a, b] = f.items;
  assert.equal(a.id, "1");
  assert.equal(a.published, "2024-03-05T17:00:00.000Z");
  assert.equal(a.updated, "2024-03-05T18:00:00.000Z");
  assert.equal(a.content, '<p>Hi <img src="https://json.example.com/x.png" /></p>');
  assert.equal(a.summary, "A greeting");
  assert.deepEqual(a.categories, ["greeting", "json"]);
  assert.equal(a.image, "https://json.example.com/hero.jpg");
  assert.deepEqual(a.enclosures, [
    { url: "https://json.example.com/a.mp3", type: "audio/mpeg", length: 1000 },
  ]);
  assert.equal(a.author, "Solo Author");
  assert.equal(b.id, "2");
  assert.equal(b.link, "https://json.example.com/posts/2");
  assert.equal(b.content, "<p>Plain text body</p><p>Second paragraph</p>");
  assert.equal(b.text, "Plain text body\nSecond paragraph");
});

test("JSON Feed 1.1: authors arrays, language, external_url", () => {
  const f = parseFixture("jsonfeed-1.1.json");
  assert.equal(f.version, "1.1");
  assert.equal(f.language, "pt-BR");
  assert.equal(f.items[0].title, "Olá mundo");
  assert.deepEqual(f.items[0].authors, ["Item Author"]);
  assert.deepEqual(f.items[1].authors, ["Feed One", "Feed Two"]);
  assert.equal(f.items[1].link, "https://elsewhere.example.com/story");
});

test("ids: guid, else link, else a stable hash of title and date", () => {
  const f = parseFixture("id-fallbacks.xml");
  assert.equal(f.items[0].id, "guid-1");
  assert.equal(f.items[1].id, "http://ids.example.com/2");
  assert.match(f.items[2].id, /^sha1:[0-9a-f]{40}$/);
  assert.equal(parseFixture("id-fallbacks.xml").items[2].id, f.items[2].id, "stable across parses");
});
