// A story reported every day for longer than the clusterer's age bound (three windows, 12 days,
// and up to 2.5 more windows by the story's stagger before its first renewal)
// stays one story in the live product: the engine polls real feeds on 127.0.0.1, stores in a real
// SQLite file (or PostgreSQL) and restarts half-way; the store and the API show one story with
// every article, one timeline and one lifecycle (not, for up to a day, the same story twice on the
// front page). The restart replays only what the clusterer kept of the renewed story, and the
// later reports land where they land without the restart.
import assert from "node:assert/strict";
import { join } from "node:path";
import { type TestContext, test } from "node:test";
import { startReplayServer } from "../../src/eval/replay-server.ts";
import { Engine } from "../../src/pipeline/engine.ts";
import { createLogger } from "../../src/pipeline/log.ts";
import { clusterInput } from "../../src/pipeline/stories.ts";
import { createServer } from "../../src/server/app.ts";
import { openStore } from "../../src/store/open.ts";
import type { Store } from "../../src/store/types.ts";
import { StreamClusterer } from "../../src/stories/cluster.ts";
import { resolveMerges } from "../../src/stories/stream.ts";
import { pgSkip, throwawaySchema } from "../helpers/pg.ts";
import { type GoldArticle, pollOnce, tempDir } from "./fixtures.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse("2024-03-01T08:00:00Z");
const log = createLogger({ level: "silent", format: "json" });
// The product's defaults: a 4-day window, so the age bound is at 12 days (up to 22 with the stagger).
const config = {
  clustering: { windowMs: null, granularity: "story" as const },
  quietAfterMs: DAY,
  retention: { horizonMs: 60 * DAY, intervalMs: HOUR, batchSize: 500 },
};
const OUTLETS = ["Wire One", "Daily Two", "Coast Times", "Metro Herald"];
const DAYS = 25;

/** The trial, reported three times a day for DAYS days by the four outlets in turn. */
function trial(): GoldArticle[] {
  return Array.from({ length: 3 * DAYS }, (_, i) => ({
    id: `trial-${i}`,
    cluster: "trial",
    title: `Weber corruption trial: witness ${i + 1} testifies about bribes to the former minister`,
    text: "Former minister Anton Weber denies taking bribes from the Kessler construction group; the trial in Leipzig continues with more witnesses.",
    source: OUTLETS[i % OUTLETS.length],
    url: `https://news${i % OUTLETS.length}.example/trial/${i}`,
    published: T0 + 2 * HOUR + i * 8 * HOUR,
    lang: "en",
  }));
}

/** The reports of the first 22.5 days (past the 12-22-day bound), and of the days after. */
function halves(reports: GoldArticle[]): [GoldArticle[], GoldArticle[]] {
  const split = reports.findIndex((a) => a.published! >= T0 + 22.5 * DAY);
  return [reports.slice(0, split), reports.slice(split)];
}

async function pollAll(t: TestContext, engine: Engine, store: Store, articles: GoldArticle[]) {
  const server = await startReplayServer(articles, { speed: 1e9 });
  t.after(() => server.close());
  await server.whenAllReleased();
  await pollOnce(engine, store, server.feedUrls());
}

async function engineOn(store: Store): Promise<Engine> {
  const engine = new Engine({ store, log, config, housekeepingMs: 60_000 });
  await engine.start();
  return engine;
}

type From = "its saved state" | "kept features";

for (const from of ["its saved state", "kept features"] as const) {
  test(`a story reported daily for 25 days stays one story, with one id, all its articles and one timeline (restart from ${from})`, async (t) => {
    await renewedInTheProduct(t, join(tempDir(t, "renewal"), "s.db"), from);
  });
  test(`a story reported daily for 25 days stays one story (restart from ${from}, PostgreSQL)`, {
    skip: pgSkip,
  }, async (t) => {
    const s = throwawaySchema("rn");
    t.after(s.drop);
    await renewedInTheProduct(t, s.url, from);
  });
}

/** Each report's story and event (by guid) in a store. */
async function placed(store: Store): Promise<Map<string, [string | null, string | null]>> {
  const stored = await store.assignedArticlesSince(Number.NEGATIVE_INFINITY);
  return new Map(stored.map((a) => [a.guid ?? "", [a.storyId, a.eventId]]));
}

/**
 * Each report's story and event (by guid) from a clusterer that never stopped, given the reports
 * in the order the engine clustered them (their kept features' order: which feed's reports come
 * first depends on when each poll's articles reached the queue).
 */
async function neverStopped(store: Store): Promise<Map<string, [string, string]>> {
  const order = await store.clusteredAfter(0, Number.NEGATIVE_INFINITY, 1000);
  const c = new StreamClusterer();
  const out = resolveMerges(order.map((x) => c.add(clusterInput(x.article))));
  return new Map(order.map((x, i) => [x.article.guid ?? "", [out[i].storyId, out[i].eventId]]));
}

async function renewedInTheProduct(t: TestContext, target: string, from: From) {
  const reports = trial();
  const [first, late] = halves(reports);

  // 22.5 days (past the 12-22-day bound), a restart, then the days after.
  let store = await openStore(target);
  let engine = await engineOn(store);
  await pollAll(t, engine, store, first);
  await engine.stop();
  await store.close();
  store = await openStore(target);
  t.after(() => store.close());
  engine = await engineOn(store);
  // What the clusterer keeps: the members its saved state holds (the renewed story's latest
  // reports, and the older ones polled after the renewal), fewer than were stored.
  const kept = engine.stats.restoredFromState;
  const stats = JSON.stringify(engine.stats);
  assert.equal(engine.stats.restored, kept, stats);
  assert.ok(kept > 0 && kept < first.length, stats);
  if (from === "kept features") {
    await engine.stop();
    // A state cut short is refused: the members are restored from their kept features instead,
    // and only those the clusterer keeps (not every stored report since the first).
    const saved = (await store.getClusterSnapshot("state"))!;
    await store.putClusterSnapshot("state", saved.data.subarray(0, saved.data.length - 5), 0);
    engine = await engineOn(store);
    assert.equal(engine.stats.restoredFromState, 0);
    assert.equal(engine.stats.restored, kept);
  }
  await pollAll(t, engine, store, late);
  await engine.stop();

  // Every later report in the story and event it takes in an engine that never stopped.
  const want = await neverStopped(store);
  const got = await placed(store);
  for (const a of late) assert.deepEqual(got.get(a.id), want.get(a.id), a.id);

  // The store: one story for every report.
  const stored = await store.assignedArticlesSince(Number.NEGATIVE_INFINITY);
  const ofTrial = stored.filter((a) => a.guid?.startsWith("trial-"));
  assert.equal(ofTrial.length, reports.length);
  const ids = new Set(ofTrial.map((a) => a.storyId));
  assert.equal(ids.size, 1, `the trial is in ${ids.size} stories`);
  const [storyId] = ids as Set<string>;
  const story = await store.getStory(storyId);
  assert.ok(story);
  assert.equal(story.status, "active");
  assert.equal(story.articleCount, reports.length);
  assert.equal(story.outletCount, OUTLETS.length);
  assert.equal(story.firstSeen, reports[0].published);
  assert.equal(story.lastSeen, reports.at(-1)!.published);
  // One lifecycle: created once, then grew with every report.
  const events = await store.eventsOfStory(storyId);
  assert.deepEqual(
    events.map((e) => e.type),
    ["created", ...Array(reports.length - 1).fill("grew")],
  );
  assert.equal(await store.countStories(), 1);

  // The API: one story on the front page; its page lists every report, one timeline over all.
  const app = await createServer({
    store,
    rateLimit: false,
    frontPageCacheMs: 0,
    now: () => reports.at(-1)!.published! + HOUR,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  t.after(() => app.close());
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  const front = await (await fetch(`${base}/api/stories?limit=100`)).json();
  assert.deepEqual(
    front.stories.map((s: { id: string }) => s.id),
    [storyId],
  );
  const res = await fetch(`${base}/api/stories/${storyId}?limit=100`);
  assert.equal(res.status, 200);
  const detail = await res.json();
  assert.equal(detail.articlePage.total, reports.length);
  const guidOf = new Map(stored.map((a) => [a.id, a.guid]));
  assert.deepEqual(
    detail.articles.map((a: { id: string }) => guidOf.get(a.id)),
    reports.map((a) => a.id),
  );
  const { timeline } = detail;
  assert.equal(
    timeline.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0),
    reports.length,
  );
  assert.equal(guidOf.get(timeline.firstReporter.articleId), "trial-0");
  assert.equal(Date.parse(timeline.buckets[0].start) <= reports[0].published!, true);
  assert.ok(
    Date.parse(timeline.buckets.at(-1).start) + timeline.bucketMs > reports.at(-1)!.published!,
  );
  // The coverage breakdown counts every report, of every outlet.
  const outlets = detail.coverage.outlets as { name: string; count: number }[];
  assert.deepEqual(outlets.map((o) => o.name).sort(), [...OUTLETS].sort());
  assert.equal(
    outlets.reduce((n, o) => n + o.count, 0),
    reports.length,
  );
  assert.equal(detail.events.length, reports.length);
}
