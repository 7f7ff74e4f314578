// Feed leases and partition locks on a real PostgreSQL server: concurrent workers get disjoint
// feeds, a dead worker's leases run out and its feeds come back, a worker that lost its lease
// cannot overwrite the new holder's record, and a partition has one holder until its connection
// closes.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import pg from "pg";
import { partitionView } from "../../src/pipeline/partitions.ts";
import { PostgresStore } from "../../src/store/postgres/store.ts";
import { FeedLeases } from "../../src/workers/leases.ts";
import {
  PARTITION_LOCK_SPACE,
  PartitionLocks,
  partitionKey,
} from "../../src/workers/partition-lock.ts";

const baseUrl = process.env.STORYLINE_TEST_PG_URL;
const skip = baseUrl
  ? false
  : "STORYLINE_TEST_PG_URL is not set (run under scripts/with-postgres.sh)";
const schemas: string[] = [];
const stores: PostgresStore[] = [];

async function freshStore(): Promise<PostgresStore> {
  const schema = `l_${randomBytes(6).toString("hex")}`;
  schemas.push(schema);
  const u = new URL(baseUrl ?? "");
  u.searchParams.set("schema", schema);
  const s = await PostgresStore.open(u.toString());
  stores.push(s);
  return s;
}

async function sameStore(s: PostgresStore): Promise<PostgresStore> {
  const u = new URL(s.target.connectionString);
  if (s.target.schema) u.searchParams.set("schema", s.target.schema);
  const other = await PostgresStore.open(u.toString());
  stores.push(other);
  return other;
}

after(async () => {
  for (const s of stores) await s.close().catch(() => {});
  if (!baseUrl || schemas.length === 0) return;
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await c.end();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("feed leases", { skip }, () => {
  it("hands each due feed to one worker only when several lease at once", async () => {
    const s = await freshStore();
    for (let i = 0; i < 60; i++) await s.addFeed({ url: `https://f${i}.example/rss` });
    const workers = await Promise.all(
      [0, 1, 2, 3].map(async (k) => new FeedLeases(await sameStore(s), `w${k}`, 60_000)),
    );
    const got = await Promise.all(workers.map((w) => w.lease(Date.now(), 20)));
    const ids = got.flat().map((f) => f.id);
    assert.equal(ids.length, 60);
    assert.equal(new Set(ids).size, 60);
    // Leased feeds are not due for anyone else (nor for the plain dueFeeds of a single process).
    assert.deepEqual(await workers[0].lease(Date.now(), 100), []);
    assert.deepEqual(await s.dueFeeds(Date.now(), 100), []);
    // A worker counts what it holds against the limit it is given.
    assert.equal(workers[1].holding, got[1].length);
  });

  it("gives a dead worker's feeds back once the lease runs out, and fences its late record", async () => {
    const s = await freshStore();
    const f = await s.addFeed({ url: "https://a.example/rss" });
    const dead = new FeedLeases(s, "dead", 300);
    const alive = new FeedLeases(await sameStore(s), "alive", 60_000);
    assert.equal((await dead.lease(Date.now(), 5)).length, 1);
    assert.deepEqual(await alive.lease(Date.now(), 5), []);
    await sleep(400); // "dead" never renews
    const taken = await alive.lease(Date.now(), 5);
    assert.deepEqual(
      taken.map((x) => x.id),
      [f.id],
    );
    // The dead worker wakes up late: its record is refused, the new holder's is kept.
    assert.equal(await dead.record(f.id, { lastStatus: 500, nextPollAt: 1 }), false);
    assert.equal(await alive.record(f.id, { lastStatus: 200, nextPollAt: 42 }), true);
    const after = await s.getFeed(f.id);
    assert.equal(after?.lastStatus, 200);
    assert.equal(after?.nextPollAt, 42);
    // Recorded: the lease is gone, the feed is due again at its new time.
    assert.deepEqual(
      (await s.dueFeeds(42, 5)).map((x) => x.id),
      [f.id],
    );
  });

  it("keeps renewed leases past their length, and gives them all back on stop", async () => {
    const s = await freshStore();
    await s.addFeed({ url: "https://a.example/rss" });
    await s.addFeed({ url: "https://b.example/rss" });
    const w = new FeedLeases(s, "renewing", 300);
    w.start(() => {});
    assert.equal((await w.lease(Date.now(), 5)).length, 2);
    await sleep(700);
    const other = new FeedLeases(await sameStore(s), "other", 300);
    assert.deepEqual(await other.lease(Date.now(), 5), []);
    await w.stop();
    assert.equal((await other.lease(Date.now(), 5)).length, 2);
  });
});

describe("partition locks", { skip }, () => {
  it("lets one process hold a partition until its connection closes, then a standby", async () => {
    const s = await freshStore();
    const lost: Error[] = [];
    const a = new PartitionLocks(s.target, (e) => lost.push(e));
    const b = new PartitionLocks(s.target, (e) => lost.push(e));
    await a.connect();
    await b.connect();
    assert.equal(await a.tryAcquire("en"), true);
    assert.equal(await b.tryAcquire("en"), false);
    assert.equal(await b.tryAcquire("fr"), true);
    assert.deepEqual(a.partitions, ["en"]);
    await a.close();
    assert.equal(await b.tryAcquire("en"), true);
    assert.deepEqual(b.partitions, ["en", "fr"]);
    assert.deepEqual(lost, []);
    // The holder's connection killed from outside: the owner is told at once.
    const { rows } = await s.pool.query(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
       AND classid = $1::bigint::oid AND objid = $2::bigint::oid`,
      [PARTITION_LOCK_SPACE, partitionKey(s.target.schema, "en") >>> 0],
    );
    assert.equal(rows.length, 1);
    await s.pool.query("SELECT pg_terminate_backend($1)", [rows[0].pid]);
    for (let i = 0; i < 50 && lost.length === 0; i++) await sleep(20);
    assert.equal(lost.length, 1);
    assert.deepEqual(b.partitions, []);
    await b.close();
  });
});

describe("partition view", { skip }, () => {
  it("shows a partition's engine only its language's articles and its stories' corrections", async () => {
    const s = await freshStore();
    const base = {
      feedId: null,
      guid: null,
      canonicalUrl: null,
      text: "",
      html: null,
      source: null,
      author: null,
      image: null,
      published: 1000,
      fetchedAt: 2000,
    };
    const r = await s.ingest([
      { ...base, url: "https://a.example/1", title: "One", lang: "en" },
      { ...base, url: "https://a.example/2", title: "Deux", lang: "fr" },
      { ...base, url: "https://a.example/3", title: "Three", lang: null },
    ]);
    const [en, fr, und] = r.inserted;
    const story = (id: string, lang: string | null) => ({
      id,
      headline: id,
      summary: "",
      entities: [],
      firstSeen: 1000,
      lastSeen: 1000,
      articleCount: 1,
      outletCount: 1,
      lang,
      status: "active" as const,
      mergedInto: null,
      updatedAt: 1000,
    });
    const view = partitionView(s, "en");
    assert.deepEqual(
      (await view.unassignedArticles(10)).map((a) => a.id),
      [en.id],
    );
    assert.deepEqual(
      (await partitionView(s, "und").unassignedArticles(10)).map((a) => a.id),
      [und.id],
    );
    await s.commitAssignment(
      { articleId: en.id, storyId: "s-en", eventId: "s-en", score: 1, threshold: 0.5 },
      story("s-en", "en"),
      [],
    );
    await s.commitAssignment(
      { articleId: fr.id, storyId: "s-fr", eventId: "s-fr", score: 1, threshold: 0.5 },
      story("s-fr", "fr"),
      [],
    );
    assert.deepEqual(
      (await view.assignedArticlesSince(0)).map((a) => a.id),
      [en.id],
    );
    await s.addCorrection({ kind: "split", storyIds: ["s-fr"], articleIds: [fr.id], at: 3 });
    await s.addCorrection({ kind: "split", storyIds: ["s-en"], articleIds: [en.id], at: 4 });
    assert.deepEqual(
      (await view.listCorrections()).map((c) => c.storyIds[0]),
      ["s-en"],
    );
    assert.equal((await s.listCorrections()).length, 2);
    // Everything else is the shared store.
    assert.equal(await view.countArticles(), 3);
  });
});
