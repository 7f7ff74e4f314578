// Quality on the labelled dev sets: on every one, the engine's BCubed F1 beats both baselines.
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

for (const set of SETS) {
  test(`${set}: engine beats both baselines`, {
    skip: skipWithoutShared(`dev/${set}.jsonl`),
  }, async () => {
    const { articles } = await readArticlesJsonl(join(devDir, `${set}.jsonl`));
    const engine = evaluate(articles, (a) => clusterAll(a)).scores.bcubed.f1;
    const tfidf = evaluate(articles, (a) => tfidfSinglePass(a)).scores.bcubed.f1;
    const single = evaluate(articles, singletons).scores.bcubed.f1;
    assert.ok(engine > tfidf, `engine ${engine.toFixed(3)} vs tf-idf ${tfidf.toFixed(3)}`);
    assert.ok(engine > single, `engine ${engine.toFixed(3)} vs singletons ${single.toFixed(3)}`);
  });
}
