import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { DatasetArticle } from "../../src/eval/dataset.ts";
import { evaluate } from "../../src/eval/evaluate.ts";
import { runReplay } from "../../src/eval/replay-run.ts";
import { createLogger } from "../../src/pipeline/log.ts";
import { openStore } from "../../src/store/open.ts";
import { clusterAll } from "../../src/stories/stream.ts";
import { makeStream } from "./fixtures.ts";

const log = createLogger({ level: "silent", format: "json" });
const config = {
  clustering: { windowMs: null, granularity: "story" as const },
  quietAfterMs: 86_400_000,
  retention: { horizonMs: 30 * 86_400_000, intervalMs: 3_600_000, batchSize: 500 },
};

test("replay end to end: every article released, stored once, clustered, scored like batch", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "storyline-replay-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const articles: DatasetArticle[] = makeStream();
  const store = await openStore(join(dir, "s.db"));
  t.after(() => store.close());
  // 15 virtual hours at 20,000x: about 3 s of release time.
  const { scores, stats, predicted } = await runReplay({
    articles,
    store,
    log,
    speed: 20_000,
    config,
  });
  assert.equal(stats.released, articles.length);
  assert.equal(stats.stored, articles.length);
  assert.equal(predicted.size, articles.length);
  assert.ok(stats.notModified > 0, "conditional GET answered 304 at least once");
  assert.equal((await store.unassignedArticles(10)).length, 0);

  const batch = evaluate(articles, (input) => clusterAll(input));
  // Live arrival order differs slightly from batch's sort by time; on this small stream the
  // stories must come out the same.
  assert.ok(
    Math.abs(scores.bcubed.f1 - batch.scores.bcubed.f1) <= 0.02,
    `${scores.bcubed.f1} vs ${batch.scores.bcubed.f1}`,
  );
  assert.equal(scores.predicted_clusters, batch.scores.predicted_clusters);
});
