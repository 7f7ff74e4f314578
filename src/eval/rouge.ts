// ROUGE-1, ROUGE-2 and ROUGE-L F1 between a candidate and a reference text (Lin, 2004), the
// figures used to compare a chosen headline with an editor's. Hand-written: the npm packages for
// ROUGE are unmaintained, and the measure is a few lines of n-gram counting and one LCS.
//
// Tokens: lower-cased runs of Unicode letters and digits (apostrophes inside a word kept); no
// stemming and no stop-word removal, so figures compare with rouge-score's defaults.

export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

export interface Rouge {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
}

export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) ?? [];
}

function score(overlap: number, candidate: number, reference: number): RougeScore {
  const precision = candidate === 0 ? 0 : overlap / candidate;
  const recall = reference === 0 ? 0 : overlap / reference;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(" ");
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N: n-gram overlap, each n-gram counted at most as often as it occurs in both texts. */
export function rougeN(candidate: string[], reference: string[], n: number): RougeScore {
  const c = ngramCounts(candidate, n);
  const r = ngramCounts(reference, n);
  let overlap = 0;
  for (const [g, k] of c) overlap += Math.min(k, r.get(g) ?? 0);
  return score(
    overlap,
    Math.max(0, candidate.length - n + 1),
    Math.max(0, reference.length - n + 1),
  );
}

/** Length of the longest common subsequence (dynamic programming over two rows). */
export function lcsLength(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

export function rougeL(candidate: string[], reference: string[]): RougeScore {
  return score(lcsLength(candidate, reference), candidate.length, reference.length);
}

export function rouge(candidate: string, reference: string): Rouge {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  return { rouge1: rougeN(c, r, 1), rouge2: rougeN(c, r, 2), rougeL: rougeL(c, r) };
}
