// The analyse/weigh split of `prepare`: the article-only part (analyse) can run anywhere, even in
// another thread after a structured clone, and the clusterer fed analyses decides exactly as it
// does fed articles.
import assert from "node:assert/strict";
import { test } from "node:test";
import { engineInput } from "../../src/eval/evaluate.ts";
import { syntheticStream } from "../../src/eval/synthetic.ts";
import { StreamClusterer } from "../../src/stories/cluster.ts";
import { analyse, DocFreq, prepare, weighAnalysis } from "../../src/stories/features.ts";
import type { ClusterInput } from "../../src/stories/types.ts";

const stream = (): ClusterInput[] =>
  [...syntheticStream({ articles: 1500, seed: 3, days: 6 })].map((a) => engineInput(a));

test("weighing a cloned analysis gives the vectors prepare gives, article after article", () => {
  const direct = new DocFreq();
  const split = new DocFreq();
  for (const a of stream()) {
    const viaClone = weighAnalysis(structuredClone(analyse(a)), split);
    assert.deepEqual(viaClone, prepare(a, direct));
  }
  assert.deepEqual(split.state(), direct.state());
});

test("addWithIdf counts like add and gives the idf a lookup after it gives, across decays and '@' terms", () => {
  // A half-life of 3 documents: a decay every few documents, halving and dropping counts.
  const viaAdd = new DocFreq(3);
  const fused = new DocFreq(3);
  const docs: [string[], string[]][] = [
    [["floods", "valencia"], ["@valencia"]],
    [
      ["floods", "@valencia", "rain"],
      ["@valencia", "@spain"],
    ],
    [["rain"], []],
    [[], ["@spain"]],
    [["floods", "rain", "valencia"], ["@valencia"]],
    [["@spain", "storm"], ["@spain"]],
    [["storm"], ["@storm"]],
  ];
  for (const [terms, ents] of docs) {
    viaAdd.add(terms, ents);
    const want = [...terms, ...ents].map((k) => viaAdd.idf(k));
    assert.deepEqual(fused.addWithIdf(terms, ents), want);
    assert.deepEqual(fused.state(), viaAdd.state());
  }
});

test("an analysis keeps stems, counts, surface words, entities and the outlet stripped", () => {
  const an = analyse({
    id: "x",
    title: "Floods hit Valencia as floods spread - Example News",
    text: "Rescuers in Valencia searched flooded streets.",
    source: "Example News",
    published: 5,
  });
  assert.equal(an.time, 5);
  assert.equal(an.hasText, true);
  const flood = an.terms.indexOf("flood");
  assert.ok(flood >= 0 && flood < an.titleCounts.length, JSON.stringify(an.terms));
  assert.equal(an.titleCounts[flood], 2);
  // Twice per title occurrence, once per body one ("flooded" stems to "flood").
  assert.equal(an.textCounts[flood], 5);
  assert.equal(an.words[flood], "floods");
  assert.ok(!an.terms.includes("exampl"), "the outlet's name is stripped from the title");
  assert.ok(an.ents.includes("@valencia"), JSON.stringify(an.ents));
});

test("addAnalysed assigns exactly as add, at both granularities", () => {
  const articles = stream();
  for (const granularity of ["story", "event"] as const) {
    const byArticle = new StreamClusterer({ granularity });
    const byAnalysis = new StreamClusterer({ granularity });
    for (const a of articles) {
      assert.deepEqual(byAnalysis.addAnalysed(structuredClone(analyse(a))), byArticle.add(a));
    }
    // A repeated id keeps its first assignment either way.
    assert.deepEqual(byAnalysis.addAnalysed(analyse(articles[7])), byArticle.add(articles[7]));
  }
});
