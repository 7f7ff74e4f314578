// The store suite on a real SQLite file, plus what only SQLite has: migrations from every earlier
// schema version, WAL mode, and a reader that is not blocked by a writer.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import { bands, signature, signatureToBytes } from "../../src/articles/dedupe.ts";
import { LATEST_VERSION, migrate, schemaVersion } from "../../src/store/sqlite/migrations/index.ts";
import { SqliteStore } from "../../src/store/sqlite/store.ts";
import type { Store } from "../../src/store/types.ts";
import { runStoreSuite } from "./suite.ts";

const dir = mkdtempSync(join(tmpdir(), "storyline-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const paths = new WeakMap<Store, string>();

runStoreSuite("sqlite", {
  async create() {
    const path = join(dir, `suite-${n++}`, "storyline.db");
    const s = await SqliteStore.open(path);
    paths.set(s, path);
    return s;
  },
  async reopen(store) {
    const path = paths.get(store);
    assert.ok(path);
    return SqliteStore.open(path);
  },
});

// Rows as an older schema had them (tables of version 1; version 2 keeps the same tables).
function seedVersion1(db: Database.Database): void {
  db.prepare(
    "INSERT INTO feeds (id, url, title, category, etag, next_poll_at) VALUES (1, 'https://a.example/rss', 'A', 'World', 'e1', 5)",
  ).run();
  const wire =
    "Utility crews worked through the night after Storm Elin brought down power lines across three provinces";
  const art = db.prepare(
    `INSERT INTO articles (id, feed_id, guid, url, canonical_url, title, text, source, domain, lang,
      published, fetched_at, at, story_id, event_id, score, threshold)
     VALUES (?, 1, ?, ?, ?, ?, ?, ?, 'a.example', 'en', ?, ?, ?, ?, ?, 0.5, 0.4)`,
  );
  db.prepare(
    `INSERT INTO stories (id, headline, summary, entities, first_seen, last_seen, article_count,
      outlet_count, lang, status, updated_at)
     VALUES ('s1', 'Storm Elin cuts power', 'Crews worked overnight.', '["Elin"]', 1000, 3000, 2, 2, 'en', 'active', 3000)`,
  ).run();
  art.run(
    "old-1",
    "g1",
    "https://a.example/1",
    "https://a.example/1",
    "Storm Elin cuts power",
    wire,
    "A",
    1000,
    1100,
    1000,
    "s1",
    "s1",
  );
  art.run(
    "old-2",
    "g2",
    "https://b.example/1",
    "https://b.example/1",
    "Storm Elin cuts power",
    `${wire}.`,
    "B",
    3000,
    3100,
    3000,
    "s1",
    "s1",
  );
  art.run(
    "old-3",
    "g3",
    "https://a.example/2",
    "https://a.example/2",
    "Rates rise",
    "The central bank raised its main interest rate by a quarter point",
    "A",
    2000,
    2100,
    2000,
    null,
    null,
  );
  const sight = db.prepare(
    "INSERT INTO sightings (article_id, feed_id, guid, url, first_seen, last_seen) VALUES (?, 1, ?, ?, ?, ?)",
  );
  sight.run("old-1", "g1", "https://a.example/1", 1100, 1100);
  sight.run("old-2", "g2", "https://b.example/1", 3100, 3100);
  sight.run("old-3", "g3", "https://a.example/2", 2100, 2100);
  db.prepare(
    "INSERT INTO events (story_id, type, at, data) VALUES ('s1', 'created', 1000, '{}')",
  ).run();
  db.prepare(
    "INSERT INTO corrections (kind, story_ids, article_ids, at, note) VALUES ('move', '[\"s1\",\"s2\"]', '[\"old-3\"]', 4000, 'kept')",
  ).run();
}

/** The week number of an epoch-ms time: versions 4 to 7 keyed their band index by it. */
const weekOf = (at: number) => Math.floor(at / (7 * 86_400_000));

// What the version 3 and later stores wrote besides: signatures (in the articles rows until
// version 6, then in article_signatures), band keys (v3: by article id and time; v4 to v7: by week
// and article seq; none in the file from v8) and near-duplicate links.
function seedNearDuplicates(db: Database.Database, version: number): void {
  const rows = db.prepare("SELECT seq, id, title, text, at FROM articles ORDER BY at").all() as {
    seq: number;
    id: string;
    title: string;
    text: string;
    at: number;
  }[];
  const addBand =
    version === 3
      ? db.prepare("INSERT INTO article_bands (band, at, article_id) VALUES (?, ?, ?)")
      : version < 8
        ? db.prepare("INSERT INTO article_bands (week, band, seq) VALUES (?, ?, ?)")
        : null;
  for (const r of rows) {
    const sig = signature(r.title, r.text);
    if (!sig) continue;
    if (version >= 6) {
      db.prepare("INSERT INTO article_signatures (seq, at, signature) VALUES (?, ?, ?)").run(
        r.seq,
        r.at,
        signatureToBytes(sig),
      );
    } else {
      db.prepare("UPDATE articles SET signature = ? WHERE id = ?").run(signatureToBytes(sig), r.id);
    }
    for (const k of addBand ? bands(sig) : []) {
      if (version === 3) addBand?.run(k, r.at, r.id);
      else addBand?.run(weekOf(r.at), k, r.seq);
    }
  }
  db.prepare("UPDATE articles SET duplicate_of = 'old-1' WHERE id = 'old-2'").run();
}

describe("sqlite migrations", () => {
  for (let version = 0; version < LATEST_VERSION; version++) {
    it(`migrates a database at version ${version} to ${LATEST_VERSION} keeping its data`, async () => {
      const path = join(dir, `migrate-from-${version}.db`);
      const raw = new Database(path);
      migrate(raw, version);
      assert.equal(schemaVersion(raw), version);
      if (version >= 1) seedVersion1(raw);
      if (version >= 3) seedNearDuplicates(raw, version);
      raw.close();

      const s = await SqliteStore.open(path);
      try {
        assert.equal(schemaVersion(s.db), LATEST_VERSION);
        if (version === 0) {
          assert.equal(await s.countArticles(), 0);
          const r = await s.ingest([
            {
              feedId: null,
              guid: null,
              url: "https://x.example/1",
              canonicalUrl: null,
              title: "Fresh",
              text: "",
              html: null,
              source: null,
              author: null,
              image: null,
              lang: null,
              published: null,
              fetchedAt: 1,
            },
          ]);
          assert.equal(r.inserted.length, 1);
          return;
        }
        assert.equal((await s.getFeed(1))?.etag, "e1");
        assert.equal(await s.countArticles(), 3);
        assert.equal((await s.getArticle("old-1"))?.storyId, "s1");
        assert.deepEqual((await s.getStory("s1"))?.entities, ["Elin"]);
        assert.equal((await s.eventsAfter(0, 10)).length, 1);
        assert.equal((await s.listCorrections())[0]?.note, "kept");
        assert.equal((await s.sightingsOf("old-2")).length, 1);
        // Version 2 indexed the rows already there; version 3 linked the wire copy to the earlier one.
        assert.deepEqual(
          (await s.search("central bank", 5)).map((h) => h.id),
          ["old-3"],
        );
        assert.ok((await s.search("elin", 5)).some((h) => h.id === "s1"));
        assert.equal((await s.getArticle("old-2"))?.duplicateOf, "old-1");
        assert.equal((await s.getArticle("old-1"))?.duplicateOf, null);
        // Dedupe and near-duplicate lookup work on the migrated rows.
        const again = await s.ingest([
          {
            feedId: 1,
            guid: "g1",
            url: "https://a.example/1?utm_source=x",
            canonicalUrl: null,
            title: "Storm",
            text: "",
            html: null,
            source: "A",
            author: null,
            image: null,
            lang: "en",
            published: 1000,
            fetchedAt: 9000,
          },
        ]);
        assert.deepEqual(again.matched, ["old-1"]);
        const copy = await s.ingest([
          {
            feedId: 1,
            guid: "g9",
            url: "https://c.example/9",
            canonicalUrl: null,
            title: "Storm Elin cuts power",
            text: "Utility crews worked through the night after Storm Elin brought down power lines across three provinces, officials said",
            html: null,
            source: "C",
            author: null,
            image: null,
            lang: "en",
            published: 1500,
            fetchedAt: 9000,
          },
        ]);
        assert.equal(
          copy.inserted[0].duplicateOf,
          "old-1",
          "the migrated signatures fill the band index",
        );
        // Version 8 keeps the band index in memory only.
        const tables = s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck();
        assert.ok(!(tables.all() as string[]).includes("article_bands"));
        // Version 10 keeps each story's last renewal: the migrated story, never renewed, is
        // restored whole; a renewal written now is listed.
        assert.ok((await s.restoreOrder(Number.NEGATIVE_INFINITY)).includes("old-1"));
        await s.commitChanges({
          assignments: [],
          stories: [],
          events: [],
          renewals: [{ storyId: "s1", cut: 0, from: "old-1", events: ["s1"], after: 0 }],
        });
        assert.deepEqual(await s.restoreRenewals(Number.NEGATIVE_INFINITY), [
          { storyId: "s1", founded: 0, events: ["s1"] },
        ]);
        if (version >= 3) {
          // Version 6 moved the signatures out of the articles rows into their own table.
          const columns = s.db.prepare("SELECT name FROM pragma_table_info('articles')").pluck();
          assert.ok(!(columns.all() as string[]).includes("signature"));
          const all = s.db.prepare("SELECT id, title, text FROM articles ORDER BY id").all() as {
            id: string;
            title: string;
            text: string;
          }[];
          const signed = s.db.prepare(
            "SELECT a.id FROM article_signatures s JOIN articles a ON a.seq = s.seq ORDER BY a.id",
          );
          const expected = all.filter((r) => signature(r.title, r.text)).map((r) => r.id);
          assert.ok(expected.length >= 2);
          assert.deepEqual(signed.pluck().all(), expected);
        }
      } finally {
        await s.close();
      }
    });
  }

  it("refuses a database from a newer Storyline with a one-line error", async () => {
    const path = join(dir, "future.db");
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    await assert.rejects(SqliteStore.open(path), (err: Error) => {
      assert.match(err.message, /newer than this Storyline/);
      assert.ok(!err.message.includes("\n"));
      return true;
    });
  });

  it("runs again on start without changing anything", async () => {
    const path = join(dir, "twice.db");
    const s = await SqliteStore.open(path);
    await s.addFeed({ url: "https://a.example/rss" });
    await s.close();
    const s2 = await SqliteStore.open(path);
    await s2.migrate();
    assert.equal(schemaVersion(s2.db), LATEST_VERSION);
    assert.equal((await s2.listFeeds()).length, 1);
    await s2.close();
  });
});

describe("sqlite file", () => {
  it("links a copy correctly after a rolled-back batch reused the failed rows' seqs", async () => {
    const s = await SqliteStore.open(join(dir, "rollback-cache.db"));
    try {
      const article = (url: string, title: string, text: string) => ({
        feedId: null,
        guid: null,
        url,
        canonicalUrl: null,
        title,
        text,
        html: null,
        source: null,
        author: null,
        image: null,
        lang: null,
        published: 1_000_000,
        fetchedAt: 1_000_000,
      });
      const storm =
        "Utility crews worked through the night after Storm Elin brought down power lines across three provinces";
      const rates =
        "The central bank raised its main rate by half a point on Thursday, the third rise this year, citing prices";
      // The second storm copy compares itself with the first (then rolled back, seq freed).
      await assert.rejects(
        s.ingest([
          article("https://a.example/1", "Storm Elin", storm),
          article("https://b.example/1", "Storm Elin", storm),
          article("https://c.example/1", null as unknown as string, storm),
        ]),
      );
      const first = await s.ingest([article("https://d.example/1", "Rates up", rates)]);
      const copy = await s.ingest([article("https://e.example/1", "Rates up again", rates)]);
      assert.equal(copy.inserted[0].duplicateOf, first.inserted[0].id);
    } finally {
      await s.close();
    }
  });

  it("uses WAL mode, foreign keys and a busy timeout, and creates missing folders", async () => {
    const path = join(dir, "deep", "er", "store.db");
    const s = await SqliteStore.open(path);
    try {
      assert.equal(s.db.pragma("journal_mode", { simple: true }), "wal");
      assert.equal(s.db.pragma("foreign_keys", { simple: true }), 1);
      assert.ok((s.db.pragma("busy_timeout", { simple: true }) as number) > 0);
      await s.addFeed({ url: "https://a.example/rss" });
      assert.ok(existsSync(`${path}-wal`));
    } finally {
      await s.close();
    }
  });

  it("serves a reader from its snapshot while another connection holds the write lock", async () => {
    const path = join(dir, "reader.db");
    const writer = await SqliteStore.open(path);
    const reader = await SqliteStore.open(path, { busyTimeoutMs: 0 });
    try {
      await writer.addFeed({ url: "https://a.example/rss" });
      writer.db.exec("BEGIN IMMEDIATE");
      writer.db.prepare("INSERT INTO feeds (url) VALUES ('https://b.example/rss')").run();
      // With a zero busy timeout any lock wait would throw SQLITE_BUSY at once.
      assert.deepEqual(
        (await reader.listFeeds()).map((f) => f.url),
        ["https://a.example/rss"],
      );
      await assert.rejects(reader.addFeed({ url: "https://c.example/rss" }), /locked|busy/i);
      writer.db.exec("COMMIT");
      assert.equal((await reader.listFeeds()).length, 2);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it("lets another process ingest while this one reads, every read consistent", async () => {
    const path = join(dir, "two-processes.db");
    const reader = await SqliteStore.open(path);
    const batches = 40;
    const size = 50;
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(import.meta.dirname, "writer-process.ts"),
        path,
        String(batches),
        String(size),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    const exited = new Promise<number | null>((res) => child.on("exit", res));
    const counts: number[] = [];
    while (!out.includes("done")) {
      const n = await reader.countArticles();
      // A batch is one transaction: a reader sees whole batches only.
      assert.equal(n % size, 0, `saw a partial batch: ${n}`);
      counts.push(n);
      await new Promise((r) => setTimeout(r, 2));
      if (child.exitCode !== null && !out.includes("done")) break;
    }
    assert.equal(await exited, 0);
    assert.match(out, new RegExp(`done ${batches * size}`));
    assert.ok(
      counts.every((n, i) => i === 0 || counts[i - 1] <= n),
      "counts never go back",
    );
    assert.equal(await reader.countArticles(), batches * size);
    await reader.close();
  });
});

describe("sqlite read-only", () => {
  it("opens an existing file for reading without migrating, and refuses writes", async () => {
    const path = join(dir, "readonly.db");
    const w = await SqliteStore.open(path);
    await w.addFeed({ url: "https://a.example/rss" });
    const r = await SqliteStore.open(path, { readonly: true });
    try {
      assert.equal((await r.listFeeds()).length, 1);
      await assert.rejects(r.addFeed({ url: "https://b.example/rss" }), /readonly/i);
    } finally {
      await r.close();
      await w.close();
    }
  });
});
