import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseFeed } from "../../src/feeds/parse/index.ts";
import { Engine } from "../../src/pipeline/engine.ts";
import { createLogger } from "../../src/pipeline/log.ts";
import { normaliseFeed } from "../../src/pipeline/normalise.ts";
import { openStore } from "../../src/store/open.ts";
import { feedState, pollOnce } from "./fixtures.ts";

const HOSTILE = `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Hostile Outlet</title><link>https://hostile.example/</link><language>en-GB</language>
<item><guid>h1</guid><title>Harbour bridge reopens after repairs</title>
<link>https://hostile.example/bridge</link><pubDate>Fri, 01 Mar 2024 08:00:00 GMT</pubDate>
<description>Short summary</description>
<content:encoded><![CDATA[<p onclick="steal()">The harbour bridge <b>reopened</b> on Friday.</p>
<script>alert(1)</script><img src="x.png" onerror="alert(2)"><a href="javascript:alert(3)">more</a>
<a href="/repairs">Repairs</a><iframe src="https://evil.example/"></iframe>
<p>Traffic  returned   to normal.</p>]]></content:encoded></item>
</channel></rss>`;

const feed = feedState(1, "https://hostile.example/feed.xml");

function assertSafe(html: string): void {
  assert.doesNotMatch(html, /<script|onerror|onclick|javascript:|<iframe/i, html);
}

test("normalise stores the parser's sanitised HTML and text as given (one sanitisation, at the parser)", () => {
  const parsed = parseFeed(HOSTILE, { url: feed.url });
  const item = parsed.items[0];
  assertSafe(item.content!);
  const [a] = normaliseFeed(feed, parsed, Date.parse("2024-03-01T09:00:00Z"));
  // The parser's output is used verbatim: no second pass rewrites it.
  assert.equal(a.html, item.content);
  assert.match(a.text, /The harbour bridge reopened on Friday\./);
  assert.match(a.text, /Traffic returned to normal\./);
  assert.doesNotMatch(a.text, /alert|steal/);
  assert.equal(a.title, "Harbour bridge reopens after repairs");
  assert.equal(a.source, "Hostile Outlet");
  assert.equal(a.lang, "en");
  // Relative links were resolved by the parser against the item.
  assert.match(a.html!, /href="https:\/\/hostile\.example\/repairs"/);
});

test("paragraphs stay apart: a caption without a full stop does not run into the next sentence", () => {
  const parsed = parseFeed(HOSTILE, { url: feed.url });
  const html =
    "<p>UN chief calls for restraint to spare civilian lives</p><p>The death toll rose on Monday.</p>";
  const item = { ...parsed.items[0], content: html, text: "" };
  const [a] = normaliseFeed(
    feed,
    { ...parsed, items: [{ ...item, text: parseFeed(feedOf(html)).items[0].text }] },
    Date.now(),
  );
  assert.equal(
    a.text,
    "UN chief calls for restraint to spare civilian lives\n\nThe death toll rose on Monday.",
  );
});

const feedOf = (html: string) =>
  `<rss version="2.0"><channel><title>t</title><item><title>x</title><description><![CDATA[${html}]]></description></item></channel></rss>`;

test("normalise does not sanitise a second time: the item's HTML reaches the store unchanged", () => {
  // Not something parseFeed would emit (it drops class attributes): if normalise ran the
  // sanitiser again, the attribute would be gone.
  const parsed = parseFeed(HOSTILE, { url: feed.url });
  const item = { ...parsed.items[0], content: '<p class="lead">Kept as parsed</p>', text: "Kept" };
  const [a] = normaliseFeed(feed, { ...parsed, items: [item] }, Date.now());
  assert.equal(a.html, '<p class="lead">Kept as parsed</p>');
  assert.equal(a.text, "Kept");
});

/** An RSS feed without <language> whose items have these titles and descriptions. */
const unlabelled = (items: [string, string][]) =>
  `<rss version="2.0"><channel><title>Unlabelled</title><link>https://u.example/</link>${items
    .map(
      ([title, text], i) =>
        `<item><guid>u${i}</guid><title>${title}</title><link>https://u.example/${i}</link><description>${text}</description></item>`,
    )
    .join("")}</channel></rss>`;

test("a feed without a <language> gets the one its items are written in, or none when unclear", () => {
  const lang = (xml: string) =>
    normaliseFeed(feed, parseFeed(xml, { url: feed.url }), Date.now()).map((a) => a.lang);
  const german = unlabelled([
    ["Bahn streicht Verbindungen", "Wegen des Sturms fallen am Montag viele Züge aus."],
    ["Neue Regeln für die Rente", "Der Bundestag hat das Gesetz mit großer Mehrheit beschlossen."],
  ]);
  // Every item takes the feed's language, also the one whose words alone would not tell it.
  assert.deepEqual(lang(german), ["de", "de"]);
  const english = unlabelled([
    ["Harbour bridge reopens", "The bridge reopened on Friday after repairs to its deck."],
  ]);
  assert.deepEqual(lang(english), ["en"]);
  assert.deepEqual(lang(unlabelled([["Merkel in Paris", ""]])), [null]);
  // A declared language is taken as it is.
  assert.deepEqual(lang(german.replace("<link>", "<language>fr-CA</language><link>")), [
    "fr",
    "fr",
  ]);
});

test("a hostile feed polled over HTTP is stored without script, event handlers or javascript: links", async (t) => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.end(HOSTILE);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  const dir = mkdtempSync(join(tmpdir(), "storyline-normalise-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openStore(join(dir, "s.db"));
  t.after(() => store.close());
  const engine = new Engine({
    store,
    log: createLogger({ level: "silent", format: "json" }),
    config: {
      clustering: { windowMs: 86_400_000, granularity: "story" },
      quietAfterMs: 86_400_000,
      retention: { horizonMs: 30 * 86_400_000, intervalMs: 3_600_000, batchSize: 500 },
    },
    housekeepingMs: 60_000,
  });
  await engine.start();
  await pollOnce(engine, store, [url]);
  await engine.stop();
  const stored = await store.getArticleByUrl("https://hostile.example/bridge");
  assert.ok(stored?.html);
  assertSafe(stored.html);
  assert.match(stored.html, /<b>reopened<\/b>/);
  assert.ok(stored.storyId);
});
