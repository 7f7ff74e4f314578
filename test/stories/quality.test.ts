// Quality on the labelled dev sets, asserting what the engine really achieves today so a change
// that makes it worse fails: on every set it beats both baselines, (a) single-pass TF-IDF and (b)
// singletons, and no set falls below its regression floor. The mean target (0.90) is NOT
// met; docs/clustering.md, "Known shortfalls".
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { readArticlesJsonl } from "../../src/eval/dataset.ts";
import { evaluate } from "../../src/eval/evaluate.ts";
import { singletons, tfidfSinglePass } from "../../src/stories/baselines.ts";
import { clusterAll } from "../../src/stories/stream.ts";
import { devDir, skipWithoutShared } from "../helpers/shared.ts";

// Regression floors, NOT the target: each is 0.02 below the BCubed F1 the committed weights reach
// in a batch run, with the re-cut (scripts/eval-dev.ts). Raise a floor when the engine improves;
// never lower one to pass a change.
const FLOORS: Record<string, number> = {
  allsides_2021_dev_articles: 0.833,
  handpicked_2014: 0.793,
  uci_2014_prefix: 0.767,
  wikinews_10E: 0.958,
  wikinews_20E: 0.954,
  wikinews_medium: 0.884,
  wikinews_small: 0.708,
};
const SETS = Object.keys(FLOORS);

const engineF1 = new Map<string, number>();
const tfidfF1 = new Map<string, number>();

for (const set of SETS) {
  test(`${set}: engine beats both baselines and holds its regression floor`, {
    skip: skipWithoutShared(`dev/${set}.jsonl`),
  }, async () => {
    const { articles } = await readArticlesJsonl(join(devDir, `${set}.jsonl`));
    const engine = evaluate(articles, (a) => clusterAll(a)).scores.bcubed.f1;
    const single = evaluate(articles, singletons).scores.bcubed.f1;
    const tfidf = evaluate(articles, (a) => tfidfSinglePass(a)).scores.bcubed.f1;
    engineF1.set(set, engine);
    tfidfF1.set(set, tfidf);
    assert.ok(engine > single, `engine ${engine.toFixed(3)} vs singletons ${single.toFixed(3)}`);
    assert.ok(engine > tfidf, `engine ${engine.toFixed(4)} vs tf-idf ${tfidf.toFixed(4)}`);
    assert.ok(
      engine >= FLOORS[set],
      `engine ${engine.toFixed(3)} below its regression floor ${FLOORS[set]}`,
    );
  });
}

test("mean BCubed F1 over the dev sets beats baseline (a)'s mean", {
  skip: skipWithoutShared("dev"),
}, () => {
  assert.equal(engineF1.size, SETS.length, "every set was scored above");
  const mean = (m: Map<string, number>) => [...m.values()].reduce((s, x) => s + x, 0) / m.size;
  const engine = mean(engineF1);
  const tfidf = mean(tfidfF1);
  assert.ok(engine > tfidf, `mean engine ${engine.toFixed(3)} vs tf-idf ${tfidf.toFixed(3)}`);
});
