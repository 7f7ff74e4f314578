// `storyline replay FILE --db postgres://... --json`: the whole live pipeline (replayed feeds,
// poller, store, clusterer) on PostgreSQL gives the same scores as batch clustering of the file,
// within the same tolerance the SQLite replay test uses.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { evaluate } from "../../src/eval/evaluate.ts";
import { PostgresStore } from "../../src/store/postgres/store.ts";
import { clusterAll } from "../../src/stories/stream.ts";
import { pgSkip as skip, throwawaySchema } from "../helpers/pg.ts";
import { makeStream, writeStreamJsonl } from "../pipeline/fixtures.ts";

const root = join(import.meta.dirname, "../..");

describe("replay on PostgreSQL", { skip }, () => {
  const { url: db, drop } = throwawaySchema("r");
  const dir = mkdtempSync(join(tmpdir(), "storyline-replay-pg-"));
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await drop();
  });

  it("stores every article once and scores like batch clustering", async () => {
    const file = join(dir, "stream.jsonl");
    writeStreamJsonl(file);
    const r = spawnSync(
      process.execPath,
      ["bin/storyline.js", "replay", file, "--speed", "50000", "--json", "--db", db],
      { cwd: root, encoding: "utf8", env: { ...process.env, STORYLINE_LOG_LEVEL: "silent" } },
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.articles, 15);
    assert.equal(out.replay.stored, 15);
    const batch = evaluate(makeStream(), (input) => clusterAll(input)).scores;
    assert.ok(
      Math.abs(out.bcubed.f1 - batch.bcubed.f1) <= 0.02,
      `${out.bcubed.f1} vs ${batch.bcubed.f1}`,
    );
    // The run is in PostgreSQL: every article stored once, each with one story.
    const store = await PostgresStore.open(db);
    try {
      const { rows } = await store.pool.query(
        "SELECT count(*) AS n, count(story_id) AS assigned, count(DISTINCT canonical_url) AS urls FROM articles",
      );
      assert.deepEqual(rows[0], { n: 15, assigned: 15, urls: 15 });
    } finally {
      await store.close();
    }
  });
});
