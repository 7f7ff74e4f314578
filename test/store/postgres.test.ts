// The one store suite on a real PostgreSQL server (STORYLINE_TEST_PG_URL, set by
// scripts/with-postgres.sh), each test in its own schema, plus what only PostgreSQL has:
// migrations under an advisory lock when several processes start at once, LISTEN/NOTIFY on
// events, and concurrent ingests of the same articles from several connections.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import pg from "pg";
import { bands, signature, signatureToBytes } from "../../src/articles/dedupe.ts";
import { openStore } from "../../src/store/open.ts";
import { createPool, parsePgUrl } from "../../src/store/postgres/connect.ts";
import { migratePostgres, PG_LATEST_VERSION } from "../../src/store/postgres/migrations.ts";
import { PostgresStore } from "../../src/store/postgres/store.ts";
import type { Store } from "../../src/store/types.ts";
import { item, runStoreSuite, story } from "./suite.ts";

const baseUrl = process.env.STORYLINE_TEST_PG_URL;
const skip = baseUrl
  ? false
  : "STORYLINE_TEST_PG_URL is not set (run under scripts/with-postgres.sh)";

const schemas: string[] = [];
const urls = new WeakMap<Store, string>();

/** A URL for a new, unique schema in the test database. */
function schemaUrl(): string {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  schemas.push(schema);
  const u = new URL(baseUrl ?? "postgres://localhost/none");
  u.searchParams.set("schema", schema);
  return u.toString();
}

after(async () => {
  if (!baseUrl || schemas.length === 0) return;
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await c.end();
});

if (baseUrl) {
  runStoreSuite("postgres", {
    async create() {
      const url = schemaUrl();
      const s = await openStore(url);
      urls.set(s, url);
      return s;
    },
    async reopen(store) {
      const url = urls.get(store);
      assert.ok(url);
      return openStore(url);
    },
  });
}

describe("postgres store", { skip }, () => {
  it("migrates once when several processes open the same schema at the same time", async () => {
    const url = schemaUrl();
    const stores = await Promise.all(
      Array.from({ length: 6 }, () => PostgresStore.open(url, { poolSize: 2 })),
    );
    try {
      const { rows } = await stores[0].pool.query(
        "SELECT version FROM schema_migrations ORDER BY version",
      );
      assert.deepEqual(
        rows.map((r) => r.version),
        Array.from({ length: PG_LATEST_VERSION }, (_, i) => i + 1),
      );
      await stores[3].addFeed({ url: "https://a.example/rss" });
      assert.equal((await stores[5].listFeeds()).length, 1);
    } finally {
      for (const s of stores) await s.close();
    }
  });

  it("refuses a schema from a newer Storyline with a one-line error", async () => {
    const url = schemaUrl();
    const s = await PostgresStore.open(url);
    await s.pool.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')");
    await s.close();
    await assert.rejects(PostgresStore.open(url), (err: Error) => {
      assert.match(err.message, /newer than this Storyline/);
      assert.ok(!err.message.includes("\n"));
      return true;
    });
  });

  for (let version = 1; version < PG_LATEST_VERSION; version++) {
    it(`migrates a schema at version ${version} to ${PG_LATEST_VERSION} keeping articles and near-duplicate links`, async () => {
      const url = schemaUrl();
      const target = parsePgUrl(url);
      const pool = createPool(target);
      const wire =
        "Utility crews worked through the night after Storm Elin brought down power lines across three provinces";
      try {
        await migratePostgres(pool, target.schema, version);
        // Two copies as a version 1 to 5 store wrote them: signature in the row, band keys (from
        // version 6 the signature in article_signatures).
        for (const [id, at, text, dup] of [
          ["old-1", 1000, wire, null],
          ["old-2", 3000, `${wire}.`, "old-1"],
        ] as const) {
          const sig = signature("Storm Elin cuts power", text) as Uint32Array;
          if (version < 6) {
            await pool.query(
              `INSERT INTO articles (id, title, text, fetched_at, at, duplicate_of, signature)
               VALUES ($1, 'Storm Elin cuts power', $2, $3, $3, $4, $5)`,
              [id, text, at, dup, signatureToBytes(sig)],
            );
          } else {
            await pool.query(
              `INSERT INTO articles (id, title, text, fetched_at, at, duplicate_of)
               VALUES ($1, 'Storm Elin cuts power', $2, $3, $3, $4)`,
              [id, text, at, dup],
            );
            await pool.query(
              `INSERT INTO article_signatures (article_id, at, duplicate_of, signature)
               VALUES ($1, $2, $3, $4)`,
              [id, at, dup, signatureToBytes(sig)],
            );
          }
          await pool.query(
            "INSERT INTO article_bands (band, at, article_id) SELECT k, $1, $2 FROM unnest($3::bigint[]) k",
            [at, id, bands(sig)],
          );
        }
      } finally {
        await pool.end();
      }
      const s = await PostgresStore.open(url);
      try {
        assert.equal((await s.getArticle("old-2"))?.duplicateOf, "old-1");
        const copy = await s.ingest([
          item({
            url: "https://c.example/9",
            title: "Storm Elin cuts power",
            text: `${wire}, officials said`,
            published: 2000,
          }),
        ]);
        assert.equal(copy.inserted[0].duplicateOf, "old-1", "migrated signatures are candidates");
        const { rows } = await s.pool.query(
          "SELECT article_id FROM article_signatures ORDER BY article_id",
        );
        assert.deepEqual(
          rows.map((r) => r.article_id),
          ["old-1", "old-2", copy.inserted[0].id].sort(),
        );
        // Deleting the original leaves its copies as originals, in both tables.
        await s.pool.query("DELETE FROM articles WHERE id = 'old-1'");
        assert.equal((await s.getArticle("old-2"))?.duplicateOf, null);
        const { rows: links } = await s.pool.query(
          "SELECT count(*)::int AS n FROM article_signatures WHERE duplicate_of IS NOT NULL",
        );
        assert.equal(links[0].n, 0);
        // Version 8: each story's last renewal, and the newest story of a partition found
        // through its own index.
        await s.commitChanges({
          assignments: [
            { articleId: "old-2", storyId: "s1", eventId: "s1", score: 1, threshold: 0.5 },
          ],
          stories: [story("s1", { lang: null, lastSeen: 3000 })],
          events: [],
          features: [{ articleId: "old-2", data: new Uint8Array([1]) }],
          renewals: [{ storyId: "s1", cut: 3000, from: "old-2", events: ["s1"], after: 1 }],
        });
        assert.deepEqual(await s.restoreOrderIn("und", 0), ["old-2"]);
        assert.deepEqual(
          (await s.restoreRenewalsIn("und", 0)).map((r) => [r.storyId, r.events]),
          [["s1", ["s1"]]],
        );
        assert.equal(await s.latestStorySeenIn("und"), 3000);
      } finally {
        await s.close();
      }
    });
  }

  it("rejects a bad schema name in the URL with a one-line error", async () => {
    const u = new URL(baseUrl ?? "");
    u.searchParams.set("schema", "x; DROP TABLE feeds");
    await assert.rejects(openStore(u.toString()), /invalid schema/);
  });

  it("stores each article once when several connections ingest the same items at once", async () => {
    const url = schemaUrl();
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open(url)));
    try {
      const feed = await stores[0].addFeed({ url: "https://a.example/rss" });
      const items = Array.from({ length: 40 }, (_, i) =>
        item({
          feedId: feed.id,
          guid: `g${i}`,
          url: `https://a.example/${i}?utm_source=x`,
          title: `Article ${i}`,
          text: `Body of article number ${i} with words enough to sign it ${i} times`,
        }),
      );
      // Each connection ingests every item, in a different order (deadlock-prone without retry).
      const results = await Promise.all(
        stores.map((s, k) => s.ingest(k % 2 === 0 ? items : [...items].reverse())),
      );
      const inserted = results.flatMap((r) => r.inserted.map((a) => a.id));
      assert.equal(inserted.length, 40);
      assert.equal(new Set(inserted).size, 40);
      assert.equal(
        results.reduce((n, r) => n + r.sightings, 0),
        40 * 3,
      );
      assert.equal(await stores[1].countArticles(), 40);
      const sight = await stores[2].sightingsOf(inserted[0]);
      assert.equal(sight.length, 1);
      assert.equal(sight[0].times, 4);
    } finally {
      for (const s of stores) await s.close();
    }
  });

  it("accepts fractional and unbounded times as SQLite does (BIGINT columns get whole ms)", async () => {
    const s = await PostgresStore.open(schemaUrl());
    try {
      const f = await s.addFeed({ url: "https://a.example/rss" });
      // planNextPoll adds fractional jitter to the next poll time.
      await s.updateFeed(f.id, {
        nextPollAt: 5000.75,
        lastAttemptAt: 10.5,
        consecutiveFailures: 1,
      });
      assert.equal((await s.getFeed(f.id))?.nextPollAt, 5000);
      const r = await s.ingest([
        item({ url: "https://a.example/1", published: 1000.5, fetchedAt: 2000.25 }),
      ]);
      assert.equal((await s.getArticle(r.inserted[0].id))?.published, 1000);
      // An unbounded window asks for everything since -Infinity.
      assert.equal((await s.assignedArticlesSince(Number.NEGATIVE_INFINITY)).length, 0);
      assert.equal((await s.prune(Number.NEGATIVE_INFINITY, 10)).articles, 0);
    } finally {
      await s.close();
    }
  });

  it("notifies listeners on another connection when events are recorded", async () => {
    const url = schemaUrl();
    const s = (await PostgresStore.open(url)) as PostgresStore;
    const seen: number[] = [];
    const stop = await s.onEvents((seq) => seen.push(seq));
    try {
      const writer = await PostgresStore.open(url);
      await writer.addEvents([
        { storyId: "s1", type: "created", at: 1 },
        { storyId: "s1", type: "grew", at: 2 },
      ]);
      await writer.close();
      const deadline = Date.now() + 5000;
      while (!seen.includes(2) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      assert.ok(seen.includes(2), `got notifications ${JSON.stringify(seen)}`);
      assert.deepEqual(
        (await s.eventsAfter(0, 10)).map((e) => e.type),
        ["created", "grew"],
      );
    } finally {
      await stop();
      await s.close();
    }
  });
});
