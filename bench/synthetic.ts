// How fast the synthetic stream (src/eval/synthetic.ts) is generated, alone: articles/s and
// memory, so that the clustering benchmarks can tell their own time from the generator's.
//
//   node --import tsx bench/synthetic.ts [--articles 1000000] [--seed 1]
import { loadavg } from "node:os";
import { intFlag, scriptFlags } from "../scripts/args.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";

const values = scriptFlags(
  import.meta.filename,
  "node --import tsx bench/synthetic.ts [--articles 1000000] [--seed 1]",
  {
    articles: { type: "string", default: "1000000" },
    seed: { type: "string", default: "1" },
  },
);
const total = intFlag(import.meta.filename, "articles", values.articles, 0);
const seed = intFlag(import.meta.filename, "seed", values.seed, 0);

const cpu0 = process.cpuUsage();
const t0 = performance.now();
let peakRss = process.memoryUsage.rss();
let chars = 0;
let done = 0;
for (const a of syntheticStream({ articles: total, seed })) {
  chars += a.title.length + a.text.length;
  if ((++done & 16383) === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
}
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(
  `bench/synthetic: ${done.toLocaleString("en")} articles (seed ${seed}) in ${secs.toFixed(1)} s: ${Math.round(done / secs).toLocaleString("en")} articles/s wall, ${Math.round(done / ((cpu.user + cpu.system) / 1e6)).toLocaleString("en")} per CPU-second; ${Math.round(chars / Math.max(1, done))} characters of title and lede per article; peak RSS ${Math.round(peakRss / 1048576)} MB (load average ${loadavg()[0].toFixed(1)})`,
);
