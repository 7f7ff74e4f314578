// Near-duplicate links on the development data sets: how many articles get linked to an earlier
// copy, and how many of those links join articles of the same gold story (a link across gold
// stories is certainly wrong). Pure functions only (no store); the same rule as ingest.
// Run: node --import tsx bench/near-duplicates.ts   (SHOW=1 prints each cross-story link)

import { bands, earliestCopy, signature } from "../src/articles/dedupe.ts";
import { readArticlesJsonl } from "../src/eval/dataset.ts";
import { sharedFile } from "../test/helpers/shared.ts";

const SETS = [
  "allsides_2021_dev_articles.jsonl",
  "uci_2014_prefix.jsonl",
  "wikinews_medium.jsonl",
  "handpicked_2014.jsonl",
  "wikinews_20E.jsonl",
];

console.log(
  `${"data set".padEnd(36)} ${"articles".padStart(8)} ${"signed".padStart(7)} ${"linked".padStart(7)} ${"same gold".padStart(9)} ${"exact".padStart(6)}`,
);
for (const name of SETS) {
  const path = sharedFile(`dev/${name}`);
  if (!path) {
    console.log(`${name}: not here (../shared/data/dev)`);
    continue;
  }
  const { articles } = await readArticlesJsonl(path, { strict: false });
  articles.sort((a, b) => (a.published ?? 0) - (b.published ?? 0));
  // Band index in memory: band key -> articles (no time window: these sets are small).
  const index = new Map<
    number,
    { id: string; signature: Uint32Array; duplicateOf: string | null; at: number }[]
  >();
  const gold = new Map(articles.map((a) => [a.id, a.cluster]));
  let signed = 0;
  let linked = 0;
  let same = 0;
  let exact = 0;
  for (const [i, a] of articles.entries()) {
    const sig = signature(a.title, a.text);
    if (!sig) continue;
    signed++;
    const keys = bands(sig);
    const cands = [...new Set(keys.flatMap((k) => index.get(k) ?? []))];
    const dup = earliestCopy(sig, cands);
    if (dup) {
      linked++;
      if (gold.get(dup) === a.cluster) same++;
      else if (process.env.SHOW)
        console.log("  x", articles.find((x) => x.id === dup)?.title, "|", a.title);
      const orig = articles.find((x) => x.id === dup);
      if (orig && orig.title === a.title && orig.text === a.text) exact++;
    }
    const entry = { id: a.id, signature: sig, duplicateOf: dup, at: a.published ?? i };
    for (const k of keys) {
      const list = index.get(k) ?? [];
      list.push(entry);
      index.set(k, list);
    }
  }
  console.log(
    `${name.padEnd(36)} ${String(articles.length).padStart(8)} ${String(signed).padStart(7)} ${String(linked).padStart(7)} ${String(same).padStart(9)} ${String(exact).padStart(6)}`,
  );
}
