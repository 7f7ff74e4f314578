// The engine's restart path against real SQLite files: a restart rebuilds the clusterer from its
// saved state and the members clustered after it (or, without a usable state, from the features
// kept with each assignment) and the saved document frequencies, and goes on to give the articles
// that follow the same stories as an engine that never stopped; a store whose articles were
// clustered before features were kept is still restored (from the articles' texts).
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { type TestContext, test } from "node:test";
import { syntheticNewArticle } from "../../bench/synthetic-articles.ts";
import { engineInput } from "../../src/eval/evaluate.ts";
import { type SyntheticArticle, syntheticStream } from "../../src/eval/synthetic.ts";
import { Engine } from "../../src/pipeline/engine.ts";
import { createLogger } from "../../src/pipeline/log.ts";
import { openStore } from "../../src/store/open.ts";
import { SqliteStore } from "../../src/store/sqlite/store.ts";
import type { NewArticle, Store } from "../../src/store/types.ts";
import { clusterAll } from "../../src/stories/stream.ts";
import { pgSkip, throwawaySchema } from "../helpers/pg.ts";
import { followMoves, tempDir } from "./fixtures.ts";

const DAY = 86_400_000;
const log = createLogger({ level: "silent", format: "json" });
const config = {
  clustering: { windowMs: 2 * DAY, granularity: "story" as const },
  quietAfterMs: DAY,
  retention: { horizonMs: 30 * DAY, intervalMs: 3_600_000, batchSize: 500 },
};
// Three days of 300 articles a day against a two-day window; the engines' timers never fire (the
// test runs housekeeping itself), so an engine left without stop() is a crashed one.
const STREAM = [...syntheticStream({ articles: 900, seed: 3, days: 3 })];
const CHUNK = 50;

const asItem = (a: SyntheticArticle): NewArticle => ({ id: a.id, ...syntheticNewArticle(a) });

async function engineOn(store: Store): Promise<Engine> {
  const engine = new Engine({ store, log, config, housekeepingMs: 2_000_000_000 });
  await engine.start();
  return engine;
}

/** Stores the articles a chunk at a time, each chunk clustered by a housekeeping pass. */
async function feed(engine: Engine, store: Store, articles: SyntheticArticle[]): Promise<void> {
  for (let i = 0; i < articles.length; i += CHUNK) {
    await store.ingest(articles.slice(i, i + CHUNK).map(asItem));
    await engine.housekeeping();
  }
  assert.equal((await store.unassignedArticles(1)).length, 0);
}

async function storyOf(store: Store): Promise<Map<string, string>> {
  const all = await store.assignedArticlesSince(Number.NEGATIVE_INFINITY);
  return new Map(all.map((a) => [a.id, a.storyId!]));
}

test("a restart restores from kept features and continues with the stories of an engine that never stopped", async (t) => {
  const dir = tempDir(t, "restart");
  const cut = 600;

  const steady = await SqliteStore.open(join(dir, "steady.db"));
  t.after(() => steady.close());
  const running = await engineOn(steady);
  await feed(running, steady, STREAM);
  await running.stop();
  const want = await storyOf(steady);
  // The live engine re-cuts as a batch run does and gives every article the same story.
  const batch = clusterAll(STREAM.map(engineInput), { windowMs: config.clustering.windowMs });
  assert.ok(batch.filter((a) => a.split).length > 20, "the stream is re-cut");
  assert.deepEqual(
    batch.filter((a) => want.get(a.articleId) !== a.storyId).map((a) => a.articleId),
    [],
  );
  // Every part is labelled from its own articles: its headline is one of their titles (the
  // outlet's name cut off).
  const parts = batch.flatMap((a) => a.split ?? []);
  for (const part of parts.filter((p) => want.get(p.articleIds[0]) === p.storyId)) {
    const headline = (await steady.getStory(part.storyId))?.headline ?? "";
    const titles = (await steady.articlesOfStory(part.storyId)).map((a) => a.title);
    assert.ok(
      headline && titles.some((t) => t.startsWith(headline)),
      `${part.storyId}: ${headline}`,
    );
  }

  // The same stream, the engine killed after `cut` articles (no stop: no last snapshot).
  const path = join(dir, "crashed.db");
  let store = await SqliteStore.open(path);
  await feed(await engineOn(store), store, STREAM.slice(0, cut));
  const snapshot = await store.getClusterSnapshot("docfreq");
  assert.ok(snapshot, "housekeeping saved the document frequencies");
  const recount = cut - snapshot.upTo;
  assert.ok(recount > 0, "articles were clustered after the snapshot");
  assert.ok(await store.getClusterSnapshot("state"), "housekeeping saved the clusterer's state");
  await store.close();
  // A copy of that store as an older Storyline left it: no features, no snapshot.
  copyFileSync(path, join(dir, "legacy.db"));
  // And one without the saved state: restored from every member's kept features.
  copyFileSync(path, join(dir, "full.db"));

  store = await SqliteStore.open(path);
  t.after(() => store.close());
  const restarted = await engineOn(store);
  assert.equal(restarted.stats.restoredFromText, 0);
  assert.ok(restarted.stats.restored > 0 && restarted.stats.restored <= cut);
  // The saved state, then the members clustered after it replayed from their features.
  assert.ok(restarted.stats.restoredFromState > 0, JSON.stringify(restarted.stats));
  assert.ok(restarted.stats.restoredFromState < restarted.stats.restored);
  assert.equal(restarted.stats.recounted, recount, "the articles after the snapshot are counted");
  assert.equal((await store.getClusterSnapshot("docfreq"))?.upTo, cut, "and a snapshot saved");
  await feed(restarted, store, STREAM.slice(cut));
  const got = await storyOf(store);
  assert.equal(got.size, STREAM.length);
  const differ = STREAM.filter((a) => got.get(a.id) !== want.get(a.id)).map((a) => a.id);
  assert.deepEqual(differ, [], "every article has the story it has without the restart");

  // A person merges a live story into one the clusterer released: it comes back from its
  // members' kept features (their stored scores, not a re-vectorised placement's). The released
  // story is a recent one: the merged story keeps one by one only the members of its last two
  // windows (older ones stay in its centroids).
  const latest = STREAM[STREAM.length - 1].published;
  const first = STREAM.find(
    (a) => a.published >= latest - 2 * config.clustering.windowMs && !restarted.explain(a.id),
  )!.id;
  const released = got.get(first)!;
  const live = got.get(STREAM[STREAM.length - 1].id)!;
  assert.notEqual(released, live);
  await restarted.applyCorrection({
    kind: "merge",
    storyIds: [live, released],
    articleIds: [],
    at: latest,
  });
  assert.equal(restarted.explain(first)?.score, (await store.getArticle(first))?.score);
  assert.deepEqual(
    (await store.articlesOfStory(live)).map((a) => a.id),
    [],
    "the live story's articles moved",
  );
  await restarted.stop();

  // A clean stop saved the state: the next start loads it and replays nothing. A state that is
  // cut short is refused with one line, and the restart restores from the kept features instead.
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // Engines whose log lines are kept in `lines`.
  const logged = () =>
    new Engine({
      store,
      log: createLogger({ level: "info", format: "json" }, sink),
      config,
      housekeepingMs: 2_000_000_000,
    });
  const clean = logged();
  await clean.start();
  assert.equal(clean.stats.restoredFromState, clean.stats.restored);
  assert.equal(clean.stats.recounted, 0);
  await clean.stop();
  const saved = (await store.getClusterSnapshot("state"))!;
  await store.putClusterSnapshot("state", saved.data.subarray(0, saved.data.length - 5), 0);
  lines.length = 0;
  const refused = logged();
  await refused.start();
  assert.equal(refused.stats.restoredFromState, 0);
  // The same members kept one by one (the replay from features also places the members the
  // merged story then forgets, as the running engine did: `restored` counts those).
  // Each with the same score, also the members a person merged.
  const kept = (e: Engine) =>
    STREAM.flatMap((a) => {
      const x = e.explain(a.id);
      return x ? [[a.id, x.score]] : [];
    });
  assert.deepEqual(kept(refused), kept(clean), "the same members and scores, from features");
  assert.ok(refused.stats.restored >= clean.stats.restored);
  const warned = lines.filter((l) => l.includes("saved clusterer state not used"));
  assert.equal(warned.length, 1, lines.join(""));
  await refused.stop();

  // Without the saved state: every member from its kept features, and the same later stories.
  const full = await SqliteStore.open(join(dir, "full.db"));
  t.after(() => full.close());
  full.db.exec("DELETE FROM cluster_snapshots WHERE key = 'state'");
  const rebuilt = await engineOn(full);
  assert.equal(rebuilt.stats.restoredFromState, 0);
  assert.equal(rebuilt.stats.restoredFromText, 0);
  await feed(rebuilt, full, STREAM.slice(cut));
  const fromFeatures = await storyOf(full);
  assert.deepEqual(
    STREAM.filter((a) => fromFeatures.get(a.id) !== want.get(a.id)).map((a) => a.id),
    [],
    "restored from features: every article has the story it has without the restart",
  );
  await rebuilt.stop();

  // The older store: restored by re-vectorising the members' texts, with the same story ids.
  const legacy = await SqliteStore.open(join(dir, "legacy.db"));
  t.after(() => legacy.close());
  legacy.db.exec("DELETE FROM article_features; DELETE FROM cluster_snapshots");
  const before = await storyOf(legacy);
  const upgraded = await engineOn(legacy);
  assert.ok(upgraded.stats.restored > 0);
  assert.equal(upgraded.stats.restoredFromText, upgraded.stats.restored);
  await feed(upgraded, legacy, STREAM.slice(cut));
  await upgraded.stop();
  const after = await storyOf(legacy);
  // Same ids: an article changed story only when the clusterer re-cut it out or merged its
  // story into another.
  for (const [id, s] of before) {
    const to = after.get(id);
    assert.equal(await followMoves(legacy, id, s, to), to, `${id} left ${s} unrecorded`);
  }
  const legacyDiffer = STREAM.slice(cut).filter((a) => after.get(a.id) !== want.get(a.id)).length;
  t.diagnostic(
    `restored ${restarted.stats.restoredFromState} members from the saved state and ${restarted.stats.restored - restarted.stats.restoredFromState} from features (${recount} articles recounted): 0 of ${STREAM.length - cut} later articles in another story; from texts: ${legacyDiffer}`,
  );
});

/**
 * On either store: an engine that stops cleanly saves its state and the next start loads it
 * alone; one dropped without stop (a crash) restarts from that state plus the members clustered
 * after it, and goes on with the stories of an engine that never stopped.
 */
async function stateRestarts(t: TestContext, target: string, steadyTarget: string): Promise<void> {
  const stream = STREAM.slice(0, 450);
  const steady = await openStore(steadyTarget);
  t.after(() => steady.close());
  const running = await engineOn(steady);
  await feed(running, steady, stream);
  await running.stop();
  const want = await storyOf(steady);

  const store = await openStore(target);
  t.after(() => store.close());
  const first = await engineOn(store);
  await feed(first, store, stream.slice(0, 200));
  await first.stop();
  const clean = await engineOn(store);
  assert.ok(clean.stats.restored > 0);
  assert.equal(clean.stats.restoredFromState, clean.stats.restored, JSON.stringify(clean.stats));
  assert.equal(clean.stats.recounted, 0);
  // Dropped after 150 more (no stop): the state saved at its stop, then these replayed.
  await feed(clean, store, stream.slice(200, 350));
  const crashed = await engineOn(store);
  assert.ok(crashed.stats.restoredFromState > 0, JSON.stringify(crashed.stats));
  assert.ok(
    crashed.stats.restored > crashed.stats.restoredFromState,
    JSON.stringify(crashed.stats),
  );
  await feed(crashed, store, stream.slice(350));
  await crashed.stop();
  const got = await storyOf(store);
  assert.deepEqual(
    stream.filter((a) => got.get(a.id) !== want.get(a.id)).map((a) => a.id),
    [],
  );
}

test("restarts from the saved state keep every story (SQLite)", async (t) => {
  const dir = tempDir(t, "restart");
  await stateRestarts(t, join(dir, "s.db"), join(dir, "steady.db"));
});

test("restarts from the saved state keep every story (PostgreSQL)", { skip: pgSkip }, async (t) => {
  const a = throwawaySchema("rs");
  const b = throwawaySchema("rs");
  t.after(a.drop);
  t.after(b.drop);
  await stateRestarts(t, a.url, b.url);
});
