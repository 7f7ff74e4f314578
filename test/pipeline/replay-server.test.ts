import assert from "node:assert/strict";
import { test } from "node:test";
import { type ReplayArticle, scheduleReplay } from "../../src/eval/replay-schedule.ts";
import { startReplayServer } from "../../src/eval/replay-server.ts";

const T0 = Date.parse("2024-03-01T10:00:00Z");
const min = 60_000;
const articles: ReplayArticle[] = [
  {
    id: "a1",
    title: "Storm hits coast",
    text: "Winds of 140 km/h.\n\nPorts closed.",
    source: "Wire One",
    url: "https://wire.example/a1?utm_source=x",
    published: T0,
    lang: "en",
  },
  {
    id: "a2",
    title: "Storm & power <cuts>",
    text: "Homes without power",
    source: "Daily Two",
    url: null,
    published: T0 + 10 * min,
    lang: "en",
  },
  {
    id: "a3",
    title: "Untimed piece",
    text: "",
    source: null,
    url: null,
    published: null,
    lang: null,
  },
  {
    id: "a4",
    title: "Later storm story",
    text: "Clean-up starts",
    source: "Wire One",
    url: "https://wire.example/a4",
    published: T0 + 20 * min,
    lang: "en",
  },
];

test("schedule: virtual clock from the earliest time, scaled, untimed spread in input order", () => {
  const s = scheduleReplay(articles, { speed: 60 });
  assert.deepEqual(
    s.map((x) => [x.article.id, x.releaseAfterMs]),
    [
      ["a1", 0],
      ["a2", 10_000],
      ["a3", 10_000],
      ["a4", 20_000],
    ],
  );
  // Long idle gaps are shortened to maxGapMs.
  const gap = scheduleReplay(
    [
      { id: "x", title: "x", text: "", published: T0 },
      { id: "y", title: "y", text: "", published: T0 + 365 * 24 * 60 * min },
    ],
    { speed: 60, maxGapMs: 30 * min },
  );
  assert.equal(gap[1].releaseAfterMs, 30_000);
  // Deterministic: the same input gives the same schedule.
  assert.deepEqual(scheduleReplay(articles, { speed: 60 }), s);
  assert.throws(() => scheduleReplay(articles, { speed: 0 }), /speed must be > 0/);
});

test("replay server releases articles over time with conditional GET", async (t) => {
  let now = 1_700_000_000_000;
  const server = await startReplayServer(articles, { speed: 60, clock: () => now });
  t.after(() => server.close());
  assert.equal(server.outlets.length, 3);
  assert.deepEqual(
    server.outlets.map((o) => o.title),
    ["Wire One", "Daily Two", "Unattributed"],
  );

  const opml = await (await fetch(server.opmlUrl)).text();
  for (const u of server.feedUrls()) assert.ok(opml.includes(`xmlUrl="${u}"`), u);

  const wire = server.feedUrls()[0];
  const r1 = await fetch(wire);
  assert.equal(r1.status, 200);
  const body1 = await r1.text();
  assert.match(body1, /<guid isPermaLink="false">a1<\/guid>/);
  assert.doesNotMatch(body1, /a4/);
  assert.match(body1, /<language>en<\/language>/);
  assert.match(body1, /&lt;p&gt;Winds of 140 km\/h.&lt;\/p&gt;/);
  const etag = r1.headers.get("etag")!;
  const lm = r1.headers.get("last-modified")!;

  // Nothing new: 304 for both validators.
  now += 5_000;
  assert.equal((await fetch(wire, { headers: { "if-none-match": etag } })).status, 304);
  assert.equal((await fetch(wire, { headers: { "if-modified-since": lm } })).status, 304);

  // a4 is released at 20 s: 200 again, newest first, escaped title of a2 in the other feed.
  now += 15_000;
  const r2 = await fetch(wire, { headers: { "if-none-match": etag, "if-modified-since": lm } });
  assert.equal(r2.status, 200);
  const body2 = await r2.text();
  assert.ok(body2.indexOf("a4") < body2.indexOf(">a1<"));
  assert.ok(Date.parse(r2.headers.get("last-modified")!) > Date.parse(lm));
  const daily = await (await fetch(server.feedUrls()[1])).text();
  assert.match(daily, /<title>Storm &amp; power &lt;cuts&gt;<\/title>/);
  assert.match(daily, new RegExp(`<link>${server.url}/article/a2</link>`));

  assert.deepEqual(server.releasedIds(), ["a1", "a2", "a3", "a4"]);
  assert.deepEqual([...server.servedIds()].sort(), ["a1", "a2", "a4"]);
  assert.equal(server.status().done, true);
  await server.whenAllReleased();
  assert.equal((await fetch(`${server.url}/nope`)).status, 404);
});

test("maxItems keeps only the most recent items of a feed", async (t) => {
  const server = await startReplayServer(articles, { speed: 1e9, maxItems: 1 });
  t.after(() => server.close());
  await server.whenAllReleased();
  const body = await (await fetch(server.feedUrls()[0])).text();
  assert.match(body, /a4/);
  assert.doesNotMatch(body, />a1</);
});
