// What sending analyses between threads costs (src/cli/analysis-batch.ts): a batch of analyses
// cloned as it is (an object of arrays per article) against packed (one string array and one
// Float64Array per batch), each side timed apart: the sender is an analysis thread, the receiver
// the clusterer's thread, whose time bounds the speed. Structured clone here is v8.serialize and
// deserialize, what postMessage does. The last form is what the threads now send: the articles
// weighed (src/stories/weigher.ts, weighed beforehand, untimed), packed.
//
//   node --import tsx bench/analysis-transfer.ts [--articles 20000] [--batch 256] [--rounds 3]
import { loadavg } from "node:os";
import { deserialize, serialize } from "node:v8";
import { intFlag, scriptFlags } from "../scripts/args.ts";
import {
  packAnalyses,
  packWeighed,
  unpackAnalyses,
  unpackWeighed,
} from "../src/cli/analysis-batch.ts";
import { engineInput } from "../src/eval/evaluate.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";
import { type Analysis, analyse } from "../src/stories/features.ts";
import { type WeighedArticle, Weigher } from "../src/stories/weigher.ts";

const script = import.meta.filename;
const values = scriptFlags(
  script,
  "node --import tsx bench/analysis-transfer.ts [--articles 20000] [--batch 256] [--rounds 3]",
  {
    articles: { type: "string", default: "20000" },
    batch: { type: "string", default: "256" },
    rounds: { type: "string", default: "3" },
  },
);
const n = intFlag(script, "articles", values.articles);
const size = intFlag(script, "batch", values.batch);
const rounds = intFlag(script, "rounds", values.rounds);

const inputs = [...syntheticStream({ articles: n, seed: 1 })].map((a) => engineInput(a));
const t0 = performance.now();
const analyses = inputs.map((a) => analyse(a));
const analyseUs = ((performance.now() - t0) * 1000) / n;
const batches: Analysis[][] = [];
for (let i = 0; i < n; i += size) batches.push(analyses.slice(i, i + size));
const weigher = new Weigher();
const weighed: WeighedArticle[][] = batches.map((b) => b.map((an) => weigher.weigh(an)));

const us = (ms: number) => ((ms * 1000) / n).toFixed(1);
const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
};
console.log(
  `bench/analysis-transfer: ${n.toLocaleString("en")} synthetic articles in batches of ${size}; analysis ${analyseUs.toFixed(0)} µs per article; load average ${loadavg()[0].toFixed(1)}\n`,
);
console.log("| round | form | sender µs/article | receiver µs/article | bytes/article |");
console.log("|---:|---|---:|---:|---:|");
for (let r = 1; r <= rounds; r++) {
  const [plain, plainSend] = time(() => batches.map((b) => serialize(b)));
  const [, plainReceive] = time(() => plain.map((b) => deserialize(b) as Analysis[]));
  const [packed, packSend] = time(() => batches.map((b) => serialize(packAnalyses(b))));
  const [, packReceive] = time(() => packed.map((b) => unpackAnalyses(deserialize(b))));
  const bytes = (xs: Buffer[]) => (xs.reduce((s, x) => s + x.length, 0) / n).toFixed(0);
  console.log(`| ${r} | objects | ${us(plainSend)} | ${us(plainReceive)} | ${bytes(plain)} |`);
  console.log(`| ${r} | packed | ${us(packSend)} | ${us(packReceive)} | ${bytes(packed)} |`);
  const [sent, weighedSend] = time(() => weighed.map((b) => serialize(packWeighed(b))));
  const [, weighedReceive] = time(() => sent.map((b) => [...unpackWeighed(deserialize(b))]));
  console.log(
    `| ${r} | weighed, packed | ${us(weighedSend)} | ${us(weighedReceive)} | ${bytes(sent)} |`,
  );
}
