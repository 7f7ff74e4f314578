// Stories go quiet once their last article is older than the quiet horizon, also those the engine
// no longer holds in memory: pushed out of its story book while running, or not adopted by a
// restart (only the most recent are). Each gets exactly one "quiet" event. Real SQLite files and
// real PostgreSQL; a story book of a few entries stands in for the 20,000 of a large stream.
import assert from "node:assert/strict";
import { join } from "node:path";
import { type TestContext, test } from "node:test";
import { syntheticNewArticle } from "../../bench/synthetic-articles.ts";
import { syntheticStream } from "../../src/eval/synthetic.ts";
import { Engine } from "../../src/pipeline/engine.ts";
import { createLogger } from "../../src/pipeline/log.ts";
import { partitionView } from "../../src/pipeline/partitions.ts";
import { openStore } from "../../src/store/open.ts";
import type { PostgresStore } from "../../src/store/postgres/store.ts";
import type { NewArticle, Store, StoryRecord } from "../../src/store/types.ts";
import { pgSkip, throwawaySchema } from "../helpers/pg.ts";
import { tempDir } from "./fixtures.ts";

const DAY = 86_400_000;
const log = createLogger({ level: "silent", format: "json" });
const config = {
  clustering: { windowMs: 2 * DAY, granularity: "story" as const },
  quietAfterMs: DAY,
  retention: { horizonMs: 30 * DAY, intervalMs: 3_600_000, batchSize: 500 },
};
const CACHE = 3;
// Half a day of articles (many stories), then one three days later that moves the stream on.
const STREAM = [...syntheticStream({ articles: 60, seed: 5, days: 1 })];
const START = Math.min(...STREAM.map((a) => a.published));
const DAY_ONE = STREAM.filter((a) => a.published < START + DAY / 2).map(
  (a): NewArticle => ({ id: a.id, ...syntheticNewArticle(a) }),
);
const late = (n: number): NewArticle => {
  const t = Math.max(...DAY_ONE.map((a) => a.published!)) + (3 + n) * DAY;
  return {
    ...DAY_ONE[0],
    id: `late-${n}`,
    guid: `late-${n}`,
    url: `https://late.example/${n}`,
    canonicalUrl: `https://late.example/${n}`,
    published: t,
    fetchedAt: t,
  };
};

async function engineOn(store: Store): Promise<Engine> {
  // Timers never fire: the test runs housekeeping itself.
  const engine = new Engine({
    store,
    log,
    config,
    housekeepingMs: 2_000_000_000,
    storyCacheSize: CACHE,
  });
  await engine.start();
  return engine;
}

/** Stores the articles; the first pass clusters them, the second marks quiet stories. */
async function feed(engine: Engine, store: Store, items: NewArticle[]): Promise<void> {
  await store.ingest(items);
  await engine.housekeeping();
  await engine.housekeeping();
  assert.equal((await store.unassignedArticles(1)).length, 0);
}

async function dayOneStories(store: Store): Promise<StoryRecord[]> {
  const ids = new Set((await store.getArticles(DAY_ONE.map((a) => a.id!))).map((a) => a.storyId!));
  return (await store.getStories([...ids])).filter((s) => s.status !== "merged");
}

async function assertQuietOnce(store: Store, stories: StoryRecord[]): Promise<void> {
  for (const s of stories) {
    assert.equal((await store.getStory(s.id))?.status, "quiet", s.id);
    const quiet = (await store.eventsOfStory(s.id)).filter((e) => e.type === "quiet");
    assert.equal(quiet.length, 1, `${s.id}: ${quiet.length} quiet events`);
  }
}

async function quietAfterEviction(t: TestContext, target: string): Promise<Store> {
  const store = await openStore(target);
  t.after(() => store.close());
  const engine = await engineOn(store);
  await feed(engine, store, DAY_ONE);
  const stories = await dayOneStories(store);
  assert.ok(stories.length > 2 * CACHE, `${stories.length} stories: most left the story book`);
  assert.ok(stories.every((s) => s.status === "active"));

  await feed(engine, store, [late(0)]);
  await assertQuietOnce(store, stories);
  assert.equal(
    (await store.getStory((await store.getArticle("late-0"))!.storyId!))?.status,
    "active",
  );
  // Later passes mark nothing again.
  await feed(engine, store, [late(1)]);
  await assertQuietOnce(store, stories);
  await engine.stop();
  return store;
}

async function quietAfterRestart(t: TestContext, target: string): Promise<void> {
  const store = await openStore(target);
  t.after(() => store.close());
  const first = await engineOn(store);
  await feed(first, store, DAY_ONE);
  await first.stop();
  const stories = await dayOneStories(store);
  // The restart adopts only the CACHE most recent stories; the rest are found in the store.
  const restarted = await engineOn(store);
  assert.ok(restarted.stats.restoredFromState > 0, JSON.stringify(restarted.stats));
  await feed(restarted, store, [late(0)]);
  await assertQuietOnce(store, stories);
  await restarted.stop();
}

test("stories pushed out of the story book go quiet once, with one event (SQLite)", async (t) => {
  await quietAfterEviction(t, join(tempDir(t, "quiet"), "q.db"));
});

test("stories not adopted by a restart go quiet once, with one event (SQLite)", async (t) => {
  await quietAfterRestart(t, join(tempDir(t, "quiet"), "r.db"));
});

test("stories pushed out of the story book go quiet once, with one event (PostgreSQL)", {
  skip: pgSkip,
}, async (t) => {
  const s = throwawaySchema("qt");
  t.after(s.drop);
  const store = (await quietAfterEviction(t, s.url)) as PostgresStore;
  // A partition's engine sees only its own language's stories to mark quiet.
  const lang = DAY_ONE[0].lang!;
  const all = await store.staleStories(Number.MAX_SAFE_INTEGER, 1000);
  assert.ok(all.length > 0);
  assert.deepEqual(
    (await partitionView(store, lang).staleStories(Number.MAX_SAFE_INTEGER, 1000)).map((r) => r.id),
    all.map((r) => r.id),
  );
  assert.deepEqual(
    await partitionView(store, "xx").staleStories(Number.MAX_SAFE_INTEGER, 1000),
    [],
  );
});

test("stories not adopted by a restart go quiet once, with one event (PostgreSQL)", {
  skip: pgSkip,
}, async (t) => {
  const s = throwawaySchema("qr");
  t.after(s.drop);
  await quietAfterRestart(t, s.url);
});
