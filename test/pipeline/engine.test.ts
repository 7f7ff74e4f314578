import assert from "node:assert/strict";
import { join } from "node:path";
import { type TestContext, test } from "node:test";
import { startReplayServer } from "../../src/eval/replay-server.ts";
import { syntheticStream } from "../../src/eval/synthetic.ts";
import { Engine } from "../../src/pipeline/engine.ts";
import { createLogger } from "../../src/pipeline/log.ts";
import { openStore } from "../../src/store/open.ts";
import type { Store } from "../../src/store/types.ts";
import { pgSkip, throwawaySchema } from "../helpers/pg.ts";
import { followMoves, makeStream, pollOnce, tempDir } from "./fixtures.ts";

const log = createLogger({ level: "silent", format: "json" });
const config = {
  clustering: { windowMs: 3 * 86_400_000, granularity: "story" as const },
  quietAfterMs: 86_400_000,
  retention: { horizonMs: 30 * 86_400_000, intervalMs: 3_600_000, batchSize: 500 },
};

/** The stream served as feeds with every article already released (closed after the test). */
async function releasedFeeds(t: TestContext, stream: ReturnType<typeof makeStream>) {
  const server = await startReplayServer(stream, { speed: 1e9 });
  t.after(() => server.close());
  await server.whenAllReleased();
  return server;
}

async function engineOn(store: Store): Promise<Engine> {
  const engine = new Engine({ store, log, config, housekeepingMs: 60_000 });
  await engine.start();
  return engine;
}

test("the same article in two feeds is stored once, with two sightings and one story", async (t) => {
  const dir = tempDir(t, "engine");
  const stream = makeStream();
  const original = stream[0];
  // A second outlet carries the same article under a tracking-parameter link and its own guid.
  stream.push({
    ...original,
    id: "storm-0-syndicated",
    source: "Aggregator",
    url: `${original.url}?utm_source=feed&fbclid=x`,
  });
  const server = await releasedFeeds(t, stream);
  const store = await openStore(join(dir, "s.db"));
  t.after(() => store.close());
  const engine = await engineOn(store);

  await pollOnce(engine, store, server.feedUrls());
  assert.equal(await store.countArticles(), stream.length - 1);
  assert.equal(engine.stats.sightings, 1);
  const article = await store.getArticleByUrl(`https://news0.example/storm/0`);
  assert.ok(article);
  const sightings = await store.sightingsOf(article.id);
  assert.equal(new Set(sightings.map((s) => s.feedId)).size, 2);

  // Polling again changes nothing: 304s or already-seen items.
  await pollOnce(engine, store, server.feedUrls());
  assert.equal(await store.countArticles(), stream.length - 1);
  assert.equal((await store.unassignedArticles(10)).length, 0);
  await engine.stop();

  // Every stored article has exactly one story; the stories follow the gold clusters.
  const stored = await store.assignedArticlesSince(Number.NEGATIVE_INFINITY);
  assert.equal(stored.length, stream.length - 1);
  const storyOf = new Map(stored.map((a) => [a.guid!, a.storyId!]));
  for (const c of ["storm", "budget", "final"]) {
    const ids = stream
      .filter((a) => a.cluster === c && storyOf.has(a.id))
      .map((a) => storyOf.get(a.id));
    assert.equal(new Set(ids).size, 1, `story ${c} split: ${ids}`);
  }
  const story = await store.getStory(storyOf.get("storm-0")!);
  assert.ok(story);
  assert.ok(story.articleCount >= 3);
  assert.match(story.headline, /Storm Elin|Atlantic|power/i);
  const events = await store.eventsOfStory(story.id);
  assert.equal(events[0].type, "created");
  assert.ok(events.slice(1).every((e) => e.type === "grew"));
});

test("a restart rebuilds the clusterer and keeps story ids", async (t) => {
  const dir = tempDir(t, "engine");
  const stream = makeStream();
  const firstHalf = stream.filter((a) => !a.id.endsWith("-3") && !a.id.endsWith("-2"));
  const late = stream.filter((a) => a.id.endsWith("-3") || a.id.endsWith("-2"));
  const path = join(dir, "s.db");

  const s1 = await startReplayServer(firstHalf, { speed: 1e9 });
  t.after(() => s1.close());
  let store = await openStore(path);
  let engine = await engineOn(store);
  await pollOnce(engine, store, s1.feedUrls());
  await engine.stop();
  const before = new Map(
    (await store.assignedArticlesSince(Number.NEGATIVE_INFINITY)).map((a) => [a.guid!, a.storyId!]),
  );
  const storiesBefore = await store.countStories();
  await store.close();

  store = await openStore(path);
  t.after(() => store.close());
  engine = await engineOn(store);
  assert.equal(engine.stats.restored, firstHalf.length);
  const s2 = await startReplayServer(late, { speed: 1e9 });
  t.after(() => s2.close());
  await pollOnce(engine, store, s2.feedUrls());
  await engine.stop();
  const after = new Map(
    (await store.assignedArticlesSince(Number.NEGATIVE_INFINITY)).map((a) => [a.guid!, a.storyId!]),
  );
  for (const [guid, storyId] of before) assert.equal(after.get(guid), storyId, guid);
  // The late articles joined the stories founded before the restart.
  for (const c of ["storm", "budget", "final", "quake"]) {
    const ids = stream.filter((a) => a.cluster === c).map((a) => after.get(a.id));
    assert.equal(new Set(ids).size, 1, `${c}: ${ids}`);
  }
  assert.equal(await store.countStories(), storiesBefore);
});

test("corrections: merge, split and move change the clusterer and the store together", async (t) => {
  const dir = tempDir(t, "engine");
  const stream = makeStream();
  const server = await releasedFeeds(t, stream);
  const store = await openStore(join(dir, "s.db"));
  t.after(() => store.close());
  const engine = await engineOn(store);
  await pollOnce(engine, store, server.feedUrls());
  const storyOf = async () =>
    new Map((await store.assignedArticlesSince(Number.NEGATIVE_INFINITY)).map((a) => [a.guid!, a]));
  let byGuid = await storyOf();
  const storm = byGuid.get("storm-0")!.storyId!;
  const budget = byGuid.get("budget-0")!.storyId!;

  // Merge: every budget article joins the storm story; the budget story retires.
  const merged = await engine.applyCorrection({
    kind: "merge",
    storyIds: [budget, storm],
    articleIds: [],
    at: 1,
  });
  assert.equal(merged.correction.kind, "merge");
  byGuid = await storyOf();
  for (const id of ["budget-0", "budget-1", "budget-2", "budget-3"])
    assert.equal(byGuid.get(id)!.storyId, storm);
  const retired = await store.getStory(budget);
  assert.equal(retired?.status, "merged");
  assert.equal(retired?.mergedInto, storm);
  assert.equal(
    (await store.getStory(storm))?.articleCount,
    (await store.articlesOfStory(storm)).length,
  );
  await assert.rejects(
    engine.applyCorrection({ kind: "merge", storyIds: [budget, storm], articleIds: [], at: 2 }),
    /was merged into/,
  );

  // Split: the budget articles leave again, into a new story.
  const budgetIds = ["budget-0", "budget-1", "budget-2", "budget-3"].map((g) => byGuid.get(g)!.id);
  const split = await engine.applyCorrection({
    kind: "split",
    storyIds: [storm],
    articleIds: budgetIds,
    at: 3,
  });
  assert.ok(split.storyId && split.storyId !== storm);
  byGuid = await storyOf();
  for (const id of ["budget-0", "budget-1", "budget-2", "budget-3"])
    assert.equal(byGuid.get(id)!.storyId, split.storyId);
  assert.equal(byGuid.get("storm-1")!.storyId, storm);
  assert.match((await store.getStory(split.storyId!))!.headline, /budget|Moreno|parliament/i);

  // Move: one article to another story; a correction stored elsewhere is applied once.
  const quake = byGuid.get("quake-0")!.storyId!;
  const stored = await store.addCorrection({
    kind: "move",
    storyIds: [storm, quake],
    articleIds: [byGuid.get("storm-3")!.id],
    at: 4,
  });
  await engine.applyStoredCorrection(stored);
  await engine.applyStoredCorrection(stored);
  await engine.housekeeping();
  byGuid = await storyOf();
  assert.equal(byGuid.get("storm-3")!.storyId, quake);
  assert.equal(
    (await store.getStory(quake))?.articleCount,
    (await store.articlesOfStory(quake)).length,
  );
  assert.deepEqual(
    (await store.eventsOfStory(quake)).filter((e) => e.type === "corrected").length,
    1,
  );
  await engine.stop();
});

/** Corrections stored while the engine was down, on the store at `path` (a file or postgres://). */
async function correctionsOnStart(t: TestContext, path: string): Promise<void> {
  const stream = makeStream();
  const server = await releasedFeeds(t, stream);
  let store = await openStore(path);
  let engine = await engineOn(store);
  await pollOnce(engine, store, server.feedUrls());
  // One correction made through the running engine: applied now, never again.
  const byGuid = new Map(
    (await store.assignedArticlesSince(Number.NEGATIVE_INFINITY)).map((a) => [a.guid!, a]),
  );
  const storm = byGuid.get("storm-0")!.storyId!;
  const quake = byGuid.get("quake-0")!.storyId!;
  const final = byGuid.get("final-0")!.storyId!;
  await engine.applyCorrection({
    kind: "move",
    storyIds: [storm, quake],
    articleIds: [byGuid.get("storm-3")!.id],
    at: 1,
  });
  await engine.stop();
  await store.close();

  // The engine is down; an API worker records a correction the way the admin API does without
  // a pipeline (the correction and a "corrected" event naming it, no effects).
  store = await openStore(path);
  const moved = byGuid.get("final-2")!.id;
  const stored = await store.addCorrection({
    kind: "move",
    storyIds: [final, quake],
    articleIds: [moved],
    at: 2,
  });
  await store.addEvents([
    { storyId: final, type: "corrected", at: 2, data: { correction: stored.id, kind: "move" } },
  ]);
  const appliedEvents = async (storyId: string, id: number) =>
    (await store.eventsOfStory(storyId)).filter((e) => e.data.appliedCorrection === id).length;

  for (let run = 0; run < 2; run++) {
    engine = await engineOn(store);
    await engine.stop();
    const now = new Map(
      (await store.assignedArticlesSince(Number.NEGATIVE_INFINITY)).map((a) => [a.id, a.storyId]),
    );
    assert.equal(now.get(moved), quake, `run ${run}: the stored correction was applied`);
    assert.equal(now.get(byGuid.get("storm-3")!.id), quake);
    assert.equal(
      (await store.getStory(quake))?.articleCount,
      (await store.articlesOfStory(quake)).length,
    );
    // Each correction's effects were written once, whatever the number of restarts.
    assert.equal(await appliedEvents(quake, stored.id), 1);
    assert.equal(await appliedEvents(quake, stored.id - 1), 1);
  }
  // A correction undone by a later one stays undone across a restart (not re-applied).
  await store.addCorrection({ kind: "move", storyIds: [quake, final], articleIds: [moved], at: 3 });
  engine = await engineOn(store);
  await engine.stop();
  engine = await engineOn(store);
  await engine.stop();
  assert.equal((await store.getArticle(moved))?.storyId, final);
  await store.close();
}

test("corrections stored while the engine was down are applied on start, once", async (t) => {
  await correctionsOnStart(t, join(tempDir(t, "engine"), "s.db"));
});

test("corrections stored while the engine was down are applied on start, once (PostgreSQL)", {
  skip: pgSkip,
}, async (t) => {
  const { url, drop } = throwawaySchema("e");
  t.after(drop);
  await correctionsOnStart(t, url);
});

/**
 * The real store, whose transactions that write assignments (`commitAssignment`, `commitChanges`)
 * go through `through` first: `commit` runs the real one.
 */
function throughCommits(
  real: Store,
  through: (
    method: "commitAssignment" | "commitChanges",
    change: { assignments?: unknown[] },
    commit: () => unknown,
  ) => unknown,
): Store {
  return new Proxy(real, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (typeof v !== "function") return v;
      if (prop !== "commitAssignment" && prop !== "commitChanges") return v.bind(target);
      return (...args: unknown[]) =>
        through(prop, args[0] as { assignments?: unknown[] }, () => v.apply(target, args));
    },
  }) as Store;
}

test("articles that arrive together are committed together, every one with its story", async (t) => {
  const dir = tempDir(t, "engine");
  // One outlet: the whole stream comes in one feed poll.
  const stream = makeStream().map((a) => ({ ...a, source: "Wire One" }));
  const server = await releasedFeeds(t, stream);
  const real = await openStore(join(dir, "s.db"));
  t.after(() => real.close());
  let transactions = 0;
  // The real store, counting the transactions that write assignments.
  const store = throughCommits(real, (method, change, commit) => {
    if (method === "commitAssignment" || (change.assignments?.length ?? 0) > 0) transactions++;
    return commit();
  });
  const engine = await engineOn(store);
  await pollOnce(engine, store, server.feedUrls());
  assert.equal(server.feedUrls().length, 1);
  assert.equal(engine.stats.clustered, stream.length);
  // One transaction per batch (plus one per merge the clusterer made), not one per article.
  assert.ok(transactions <= 3, `${transactions} transactions for ${stream.length} articles`);
  await engine.stop();
  const stored = await real.assignedArticlesSince(Number.NEGATIVE_INFINITY);
  assert.equal(stored.length, stream.length);
  const counts = new Map<string, number>();
  for (const a of stored) counts.set(a.storyId!, (counts.get(a.storyId!) ?? 0) + 1);
  for (const [id, n] of counts) {
    const story = await real.getStory(id);
    assert.equal(story?.status === "merged", false, `article in merged story ${id}`);
    assert.equal(story?.articleCount, n, `story ${id}`);
    // Every story has its created event before its grew events.
    const events = await real.eventsOfStory(id);
    assert.ok(events.some((e) => e.type === "created" || e.type === "merged"));
  }
});

test("retention prunes articles older than the horizon, in batches", async (t) => {
  const dir = tempDir(t, "engine");
  const stream = makeStream();
  const server = await releasedFeeds(t, stream);
  const store = await openStore(join(dir, "s.db"));
  t.after(() => store.close());
  let now = Date.now();
  const engine = new Engine({
    store,
    log,
    config: {
      ...config,
      retention: { horizonMs: 86_400_000, intervalMs: 3_600_000, batchSize: 4 },
    },
    clock: () => now,
    housekeepingMs: 60_000,
  });
  await engine.start();
  await pollOnce(engine, store, server.feedUrls());
  assert.equal(await engine.prune(), 0);
  now += 2 * 86_400_000;
  assert.equal(await engine.prune(), stream.length);
  assert.equal(await store.countArticles(), 0);
  await engine.stop();
});

test("a store that stops taking commits stops clustering cleanly: stop() returns, nothing is lost, a restart clusters the rest", async (t) => {
  const dir = tempDir(t, "engine");
  // One outlet, 200 articles: one poll queues more than one commit batch.
  const stream = [...syntheticStream({ articles: 200, seed: 3, days: 1 })].map((a) => ({
    ...a,
    source: "Wire One",
  }));
  const server = await releasedFeeds(t, stream);
  const real = await openStore(join(dir, "s.db"));
  t.after(() => real.close());
  let commits = 0;
  // The real store, whose disk "fails" from the second transaction that writes assignments on.
  const failing = throughCommits(real, (method, change, commit) => {
    if (method === "commitChanges" && (change.assignments?.length ?? 0) > 0 && ++commits > 1) {
      return Promise.reject(new Error("disk I/O error"));
    }
    return commit();
  });
  const engine = await engineOn(failing);
  const errors: Error[] = [];
  engine.on("error", (err: Error) => errors.push(err));
  await pollOnce(engine, failing, server.feedUrls());
  assert.equal(engine.failure?.message, "disk I/O error");
  assert.deepEqual(
    errors.map((e) => e.message),
    ["disk I/O error"],
  );
  await engine.stop();
  // Every article is stored once; those of the failed and the queued batches have no story yet.
  assert.equal(await real.countArticles(), stream.length);
  const first = await real.assignedArticlesSince(Number.NEGATIVE_INFINITY);
  assert.ok(first.length > 0 && first.length < stream.length, `${first.length} assigned`);

  // The restart (a healthy store) clusters what was left, each article once.
  const again = await engineOn(real);
  await again.idle();
  await again.stop();
  const stored = await real.assignedArticlesSince(Number.NEGATIVE_INFINITY);
  assert.equal(stored.length, stream.length);
  assert.equal((await real.unassignedArticles(1)).length, 0);
  // An article changes story only as the clusterer records it: a re-cut moving it to a part, or
  // a merge.
  for (const a of first) {
    const now = stored.find((s) => s.id === a.id)?.storyId;
    assert.equal(await followMoves(real, a.id, a.storyId!, now), now, `${a.id} moved unrecorded`);
  }
});
