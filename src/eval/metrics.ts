// Clustering quality against gold labels: BCubed, pairwise (pair counting), NMI and ARI.
// Written here rather than taken from a library: the npm ecosystem has no well-kept package for
// these external clustering measures, and each is a few lines over one contingency table.
//
// Conventions (documented in docs/evaluation.md):
// - The items scored are the keys of `gold`. An item missing from `pred` counts as a singleton
//   predicted cluster of its own; items only in `pred` are ignored (they have no label).
// - Pairwise precision with no predicted pairs is 1 (no wrong merge was made); recall with no gold
//   pairs is 1. An F1 whose precision and recall are both 0 is 0.
// - NMI uses the arithmetic mean of the two entropies (scikit-learn's default); two partitions
//   that are both trivial (one cluster each) score 1. ARI of two identical trivial partitions is 1.
// - An empty item set scores 1 everywhere (nothing was clustered wrongly).

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

export interface Scores {
  bcubed: PrecisionRecall;
  pairwise: PrecisionRecall;
  nmi: number;
  ari: number;
  articles: number;
  gold_clusters: number;
  predicted_clusters: number;
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** Scores the predicted partition `pred` (item -> cluster) against `gold` (item -> cluster). */
export function scoreClustering(pred: Map<string, string>, gold: Map<string, string>): Scores {
  const n = gold.size;
  if (n === 0) {
    const one = { precision: 1, recall: 1, f1: 1 };
    return {
      bcubed: { ...one },
      pairwise: { ...one },
      nmi: 1,
      ari: 1,
      articles: 0,
      gold_clusters: 0,
      predicted_clusters: 0,
    };
  }

  // Contingency table as dense indices: each distinct predicted / gold cluster gets a number.
  const predIndex = new Map<string, number>();
  const goldIndex = new Map<string, number>();
  const predSizes: number[] = [];
  const goldSizes: number[] = [];
  const cells = new Map<number, number>(); // predicted * (gold clusters) + gold -> count
  const itemPred: number[] = [];
  const itemGold: number[] = [];
  for (const [item, g] of gold) {
    // A missing prediction becomes a cluster of its own; the prefixes keep the two kinds apart.
    const pKey = pred.has(item) ? `=${pred.get(item)}` : `!${item}`;
    let p = predIndex.get(pKey);
    if (p === undefined) {
      p = predSizes.length;
      predIndex.set(pKey, p);
      predSizes.push(0);
    }
    let q = goldIndex.get(g);
    if (q === undefined) {
      q = goldSizes.length;
      goldIndex.set(g, q);
      goldSizes.push(0);
    }
    predSizes[p]++;
    goldSizes[q]++;
    itemPred.push(p);
    itemGold.push(q);
  }
  const G = goldSizes.length;
  for (let i = 0; i < n; i++) {
    const key = itemPred[i] * G + itemGold[i];
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }

  // BCubed: per item, the share of its predicted cluster that shares its gold cluster (precision)
  // and the share of its gold cluster that shares its predicted cluster (recall), averaged.
  let bp = 0;
  let br = 0;
  for (let i = 0; i < n; i++) {
    const both = cells.get(itemPred[i] * G + itemGold[i])!;
    bp += both / predSizes[itemPred[i]];
    br += both / goldSizes[itemGold[i]];
  }
  bp /= n;
  br /= n;

  // Pair counting.
  let sameBoth = 0;
  for (const c of cells.values()) sameBoth += pairs(c);
  let samePred = 0;
  for (const c of predSizes) samePred += pairs(c);
  let sameGold = 0;
  for (const c of goldSizes) sameGold += pairs(c);
  const pp = samePred === 0 ? 1 : sameBoth / samePred;
  const pr = sameGold === 0 ? 1 : sameBoth / sameGold;

  // ARI (Hubert and Arabie): (index - expected) / (max - expected). With one item there are no
  // pairs at all; the partitions are then trivially identical.
  const allPairs = pairs(n);
  const expected = allPairs === 0 ? 0 : (samePred * sameGold) / allPairs;
  const max = (samePred + sameGold) / 2;
  // max === expected only when both partitions are all singletons or both one cluster: identical.
  const ari = max === expected ? 1 : (sameBoth - expected) / (max - expected);

  // NMI = I(P;G) / ((H(P) + H(G)) / 2), natural logarithms.
  const entropy = (sizes: number[]) => {
    let h = 0;
    for (const c of sizes) h -= (c / n) * Math.log(c / n);
    return h;
  };
  const hp = entropy(predSizes);
  const hg = entropy(goldSizes);
  let mi = 0;
  for (const [key, c] of cells) {
    const a = predSizes[Math.floor(key / G)];
    const b = goldSizes[key % G];
    mi += (c / n) * Math.log((c * n) / (a * b));
  }
  const denom = (hp + hg) / 2;
  // Both entropies 0: both partitions are one cluster, a perfect match.
  const nmi = denom === 0 ? 1 : Math.min(1, Math.max(0, mi / denom));

  return {
    bcubed: { precision: bp, recall: br, f1: f1(bp, br) },
    pairwise: { precision: pp, recall: pr, f1: f1(pp, pr) },
    nmi,
    ari,
    articles: n,
    gold_clusters: G,
    predicted_clusters: predSizes.length,
  };
}
