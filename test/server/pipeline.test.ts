// The server over a store filled by the live pipeline: the data set is served as RSS feeds on
// 127.0.0.1 (replay), the engine polls, stores and clusters, and a client connected to the
// server's SSE stream from the start sees every story being created; then the API and the feeds
// out describe exactly the stories the pipeline made.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runReplay } from "../../src/eval/replay-run.ts";
import { parseFeed } from "../../src/feeds/parse/index.ts";
import { createLogger } from "../../src/pipeline/log.ts";
import { createServer } from "../../src/server/app.ts";
import { openStore } from "../../src/store/open.ts";
import { makeStream } from "../pipeline/fixtures.ts";

const config = {
  clustering: { windowMs: null, granularity: "story" as const },
  quietAfterMs: 86_400_000,
  retention: { horizonMs: 30 * 86_400_000, intervalMs: 3_600_000, batchSize: 500 },
};

test("API, SSE and feeds over a store filled by the live pipeline from replayed feeds", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "storyline-server-live-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = await openStore(join(dir, "s.db"));
  t.after(() => store.close());
  const articles = makeStream();
  const end = Math.max(...articles.map((a) => a.published ?? 0));
  const app = await createServer({
    store,
    rateLimit: false,
    frontPageCacheMs: 0,
    eventPollMs: 50,
    now: () => end + 3_600_000,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  t.after(() => app.close());
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;

  // An SSE client connected before anything exists.
  const created = new Set<string>();
  let events = 0;
  const sse = request(`${base}/api/events`, (res) => {
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      for (const m of chunk.matchAll(/^data: (.*)$/gm)) {
        const e = JSON.parse(m[1]);
        events++;
        if (e.type === "created") created.add(e.storyId);
      }
    });
    res.on("error", () => {});
  });
  sse.on("error", () => {});
  sse.end();
  t.after(() => sse.destroy());

  const { predicted, stats } = await runReplay({
    articles,
    store,
    log: createLogger({ level: "silent", format: "json" }),
    speed: 20_000,
    config,
  });
  assert.equal(stats.stored, articles.length);
  const storyIds = new Set(predicted.values());
  await new Promise((r) => setTimeout(r, 300));

  const { stories } = await (await fetch(`${base}/api/stories?limit=100`)).json();
  assert.deepEqual(new Set(stories.map((s: { id: string }) => s.id)), storyIds);
  assert.equal(
    stories.reduce((n: number, s: { articleCount: number }) => n + s.articleCount, 0),
    articles.length,
  );
  assert.deepEqual(created, storyIds, "every story's creation reached the live client");
  assert.ok(events >= articles.length, `${events} events for ${articles.length} articles`);

  // Ranked: scores never increase down the list.
  const scores = stories.map((s: { rank: { score: number } }) => s.rank.score);
  assert.deepEqual(
    scores,
    [...scores].sort((a, b) => b - a),
  );

  const top = stories[0];
  const detail = await (await fetch(`${base}/api/stories/${encodeURIComponent(top.id)}`)).json();
  assert.equal(detail.articles.length, top.articleCount);
  assert.ok(top.headline.length > 0);
  assert.ok(top.outletCount >= 2);
  // The engine stored each decision's score and threshold: joiners scored above it.
  const joiners = detail.articles.filter(
    (a: { why: { score: number; threshold: number } | null }) =>
      a.why && a.why.score >= a.why.threshold,
  );
  assert.ok(
    joiners.length >= top.articleCount - 1,
    JSON.stringify(detail.articles.map((a: { why: unknown }) => a.why)),
  );
  assert.ok(joiners.every((a: { why: { threshold: number } }) => a.why.threshold > 0));
  assert.deepEqual(detail.events[0].type, "created");

  const word = top.headline
    .split(/\s+/)
    .find((w: string) => w.length > 4)
    ?.replace(/[^\p{L}]/gu, "");
  assert.ok(word);
  const search = await (await fetch(`${base}/api/search?q=${encodeURIComponent(word)}`)).json();
  assert.ok(
    search.results.some(
      (h: { storyId: string; id: string }) => h.storyId === top.id || h.id === top.id,
    ),
    word,
  );

  const feed = parseFeed(await (await fetch(`${base}/feed.atom`)).text());
  assert.equal(feed.items[0].title, top.headline);
  const storyFeed = parseFeed(
    await (await fetch(`${base}/story/${encodeURIComponent(top.id)}/feed.rss`)).text(),
  );
  assert.equal(storyFeed.items.length, top.articleCount);

  const page = await (await fetch(`${base}/`)).text();
  assert.ok(page.includes(`href="/story/${encodeURIComponent(top.id)}"`));
});
