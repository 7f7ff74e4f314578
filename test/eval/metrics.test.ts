import assert from "node:assert/strict";
import { test } from "node:test";
import { scoreClustering } from "../../src/eval/metrics.ts";

const map = (groups: Record<string, string[]>) => {
  const m = new Map<string, string>();
  for (const [cluster, items] of Object.entries(groups)) for (const i of items) m.set(i, cluster);
  return m;
};
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} != ${expected}`);

// Gold: A = {a1, a2, a3}, B = {b1, b2}, C = {c1}; predicted: X = {a1, a2, b1}, Y = {a3, b2, c1}.
// Contingency: X∩A = 2, X∩B = 1, Y∩A = 1, Y∩B = 1, Y∩C = 1; |X| = |Y| = 3; |A| = 3, |B| = 2, |C| = 1.
const gold = map({ A: ["a1", "a2", "a3"], B: ["b1", "b2"], C: ["c1"] });
const pred = map({ X: ["a1", "a2", "b1"], Y: ["a3", "b2", "c1"] });

test("BCubed on a worked example", () => {
  const s = scoreClustering(pred, gold);
  // precision per item: a1 2/3, a2 2/3, b1 1/3, a3 1/3, b2 1/3, c1 1/3 -> (8/3) / 6 = 4/9
  close(s.bcubed.precision, 4 / 9, "precision");
  // recall per item: a1 2/3, a2 2/3, b1 1/2, a3 1/3, b2 1/2, c1 1/1 -> (11/3) / 6 = 11/18
  close(s.bcubed.recall, 11 / 18, "recall");
  // F1 = 2 (4/9)(11/18) / (4/9 + 11/18) = (88/162) / (19/18) = 88/171
  close(s.bcubed.f1, 88 / 171, "f1");
});

test("pairwise and ARI on a worked example", () => {
  const s = scoreClustering(pred, gold);
  // pairs together in both: C(2,2) from X∩A = 1; together in predicted: 3 + 3 = 6;
  // together in gold: 3 + 1 + 0 = 4.  P = 1/6, R = 1/4, F1 = 2(1/24)/(5/12) = 1/5
  close(s.pairwise.precision, 1 / 6, "precision");
  close(s.pairwise.recall, 1 / 4, "recall");
  close(s.pairwise.f1, 1 / 5, "f1");
  // all pairs C(6,2) = 15; expected index = 6 * 4 / 15 = 1.6; max index = (6 + 4) / 2 = 5
  // ARI = (1 - 1.6) / (5 - 1.6) = -0.6 / 3.4 = -3/17
  close(s.ari, -3 / 17, "ari");
  assert.equal(s.articles, 6);
  assert.equal(s.gold_clusters, 3);
  assert.equal(s.predicted_clusters, 2);
});

test("NMI on a worked example", () => {
  const s = scoreClustering(pred, gold);
  // I = 2/6 ln(2*6/(3*3)) + 1/6 ln(6/(3*2)) + 1/6 ln(6/(3*3)) + 1/6 ln(6/(3*2)) + 1/6 ln(6/(3*1))
  //   = 1/3 ln(4/3) + 0 + 1/6 ln(2/3) + 0 + 1/6 ln 2 = 1/2 ln(4/3)
  // H(pred) = ln 2; H(gold) = 1/2 ln 2 + 1/3 ln 3 + 1/6 ln 6
  // NMI = I / ((H(pred) + H(gold)) / 2) = ln(4/3) / (3/2 ln 2 + 1/3 ln 3 + 1/6 ln 6) ≈ 0.16877
  const expected = Math.log(4 / 3) / ((3 / 2) * Math.log(2) + Math.log(3) / 3 + Math.log(6) / 6);
  close(s.nmi, expected, "nmi");
  assert.ok(Math.abs(s.nmi - 0.16877) < 1e-4);
});

test("a perfect clustering scores 1 everywhere, whatever the cluster names", () => {
  const s = scoreClustering(map({ p: ["a1", "a2", "a3"], q: ["b1", "b2"], r: ["c1"] }), gold);
  for (const v of [s.bcubed.precision, s.bcubed.recall, s.bcubed.f1, s.pairwise.f1, s.nmi, s.ari])
    close(v, 1, "perfect");
});

test("every article its own cluster: full precision, low recall", () => {
  const singletons = new Map([...gold.keys()].map((k) => [k, k]));
  const s = scoreClustering(singletons, gold);
  close(s.bcubed.precision, 1, "bcubed precision");
  // recall per item: 1/3 x3, 1/2 x2, 1 -> 3 / 6 = 1/2
  close(s.bcubed.recall, 1 / 2, "bcubed recall");
  // no predicted pairs: precision 1 by convention, recall 0 of 4 gold pairs, F1 0
  close(s.pairwise.precision, 1, "pair precision");
  close(s.pairwise.recall, 0, "pair recall");
  close(s.pairwise.f1, 0, "pair f1");
  // index 0, expected 0 * 4 / 15 = 0, max 2: ARI = 0
  close(s.ari, 0, "ari");
  // predicted refines gold, so I = H(gold); NMI = 2 H(gold) / (ln 6 + H(gold))
  const hg = Math.log(2) / 2 + Math.log(3) / 3 + Math.log(6) / 6;
  close(s.nmi, (2 * hg) / (Math.log(6) + hg), "nmi");
  assert.equal(s.predicted_clusters, 6);
});

test("everything in one cluster: full recall, low precision", () => {
  const one = new Map([...gold.keys()].map((k) => [k, "all"]));
  const s = scoreClustering(one, gold);
  // precision per item: 3/6 x3, 2/6 x2, 1/6 -> (9 + 4 + 1)/6 / 6 = 7/18
  close(s.bcubed.precision, 7 / 18, "bcubed precision");
  close(s.bcubed.recall, 1, "bcubed recall");
  // 15 predicted pairs, 4 of them gold pairs
  close(s.pairwise.precision, 4 / 15, "pair precision");
  close(s.pairwise.recall, 1, "pair recall");
  // expected = 15 * 4 / 15 = 4 = index: ARI 0; I = 0: NMI 0
  close(s.ari, 0, "ari");
  close(s.nmi, 0, "nmi");
});

test("both partitions one cluster, or both all singletons, are perfect matches", () => {
  const g = map({ G: ["x", "y", "z"] });
  const s = scoreClustering(map({ P: ["x", "y", "z"] }), g);
  assert.deepEqual([s.nmi, s.ari, s.bcubed.f1, s.pairwise.f1], [1, 1, 1, 1]);
  const gs = map({ g1: ["x"], g2: ["y"], g3: ["z"] });
  const t = scoreClustering(map({ p1: ["x"], p2: ["y"], p3: ["z"] }), gs);
  assert.deepEqual([t.nmi, t.ari, t.bcubed.f1, t.pairwise.f1], [1, 1, 1, 1]);
});

test("an empty set scores 1 with zero counts; one article scores 1", () => {
  const e = scoreClustering(new Map(), new Map());
  assert.equal(e.articles, 0);
  assert.equal(e.gold_clusters, 0);
  assert.equal(e.predicted_clusters, 0);
  assert.equal(e.bcubed.f1, 1);
  const one = scoreClustering(map({ p: ["x"] }), map({ g: ["x"] }));
  assert.deepEqual(
    [one.bcubed.f1, one.pairwise.f1, one.nmi, one.ari, one.articles],
    [1, 1, 1, 1, 1],
  );
});

test("articles missing from the prediction count as singletons; unlabelled ones are ignored", () => {
  // b2 is not predicted: it is alone. "extra" has no gold label: ignored.
  const partial = map({ p: ["a1", "a2", "a3"], q: ["b1"], r: ["c1"], s: ["extra"] });
  const s = scoreClustering(partial, gold);
  assert.equal(s.articles, 6);
  assert.equal(s.predicted_clusters, 4); // p, q, r and b2 alone
  close(s.bcubed.precision, 1, "precision");
  // recall: a* 1 x3, b1 1/2, b2 1/2, c1 1 -> 5/6
  close(s.bcubed.recall, 5 / 6, "recall");
});
