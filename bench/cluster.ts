// Clustering throughput, latency and memory on a synthetic stream (src/eval/synthetic.ts), beside
// baseline (a) on a prefix of the same stream.
//
//   node --expose-gc --import tsx bench/cluster.ts [--articles 1000000] [--seed 1]
//        [--baseline-articles 20000] [--samples 25] [--days D]
//
// Prints articles/s (time inside the clusterer only; generation is timed apart), p50/p99/max
// milliseconds per article, and resident memory sampled through the run: once the stream has run
// longer than the clusterer's window, expired stories are released and memory should stay flat.
// With --expose-gc each sample is taken after a full collection, so the heap figure is live data.
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { engineInput } from "../src/eval/evaluate.ts";
import { scoreClustering } from "../src/eval/metrics.ts";
import { STORY_SPAN_DAYS, type SyntheticArticle, syntheticStream } from "../src/eval/synthetic.ts";
import { tfidfSinglePass } from "../src/stories/baselines.ts";
import { clusterAll, StreamClusterer } from "../src/stories/cluster.ts";
import type { Assignment, ClusterInput } from "../src/stories/types.ts";

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "1000000" },
    seed: { type: "string", default: "1" },
    "baseline-articles": { type: "string", default: "20000" },
    samples: { type: "string", default: "25" },
    days: { type: "string" },
  },
});
const total = Number(values.articles);
const seed = Number(values.seed);
const baselineN = Math.min(total, Number(values["baseline-articles"]));
const sampleCount = Math.max(2, Number(values.samples));
// Days the stream spans (default: about 15,000 articles a day): a smaller run over more days
// still shows memory after the window has filled.
const days = values.days === undefined ? undefined : Number(values.days);
if (days !== undefined && !(days > 0)) {
  console.error("--days expects a positive number");
  process.exit(2);
}
const stream = () => syntheticStream({ articles: total, seed, days });
for (const [k, v] of [
  ["articles", total],
  ["seed", seed],
  ["baseline-articles", baselineN],
]) {
  if (!Number.isInteger(v) || (v as number) < 0) {
    console.error(`--${k} expects a non-negative integer`);
    process.exit(2);
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toFixed(0);
const DAY = 86_400_000;

console.log(
  `bench/cluster: ${total.toLocaleString("en")} synthetic articles over ${days ?? "the default"} days, seed ${seed}; node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"})${gc ? "" : "; run with --expose-gc for exact heap samples"}`,
);

// --- Baseline (a) and the engine on the same prefix ---------------------------------------------
function bcubedF1(assignments: Assignment[], articles: SyntheticArticle[]): number {
  const pred = new Map(assignments.map((a) => [a.articleId, a.storyId]));
  const gold = new Map(articles.map((a) => [a.id, a.cluster]));
  return scoreClustering(pred, gold).bcubed.f1;
}

if (baselineN > 0) {
  const prefix = [...take(stream(), baselineN)];
  const input = prefix.map(engineInput);
  const rows: [string, number, number][] = [];
  for (const [name, fn] of [
    ["engine", () => clusterAll(input)],
    ["(a) tf-idf single pass", () => tfidfSinglePass(input)],
  ] as const) {
    const t0 = performance.now();
    const out = fn();
    const secs = (performance.now() - t0) / 1000;
    rows.push([name, baselineN / secs, bcubedF1(out, prefix)]);
  }
  console.log(`\nFirst ${baselineN.toLocaleString("en")} articles of the stream, both methods:\n`);
  console.log("| method | articles/s | BCubed F1 vs generated events |");
  console.log("|---|---:|---:|");
  for (const [name, rate, f1] of rows)
    console.log(`| ${name} | ${Math.round(rate).toLocaleString("en")} | ${f1.toFixed(3)} |`);
}

function* take<T>(it: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const x of it) {
    yield x;
    if (++i >= n) return;
  }
}

// --- The engine on the whole stream --------------------------------------------------------------
const clusterer = new StreamClusterer();
const latency = new Float32Array(total);
const every = Math.max(1, Math.floor(total / sampleCount));
interface Sample {
  articles: number;
  day: number;
  live: number;
  rss: number;
  heap: number;
  /** Heap the engine has reserved (used or not) and memory outside the heap (buffers, native). */
  heapTotal: number;
  external: number;
  elapsed: number;
}
const samples: Sample[] = [];
let peakRss = process.memoryUsage.rss();
let clusterMs = 0;
// CPU time inside the clusterer (user + system, µs; the samples' own collections are left out): on
// a shared machine wall time per article includes waiting for a core, CPU time does not.
let clusterCpu = 0;
let firstTime: number | null = null;
let streamTime = 0;
const wallStart = performance.now();

const sample = (done: number) => {
  const c0 = process.cpuUsage();
  gc?.();
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  const s: Sample = {
    articles: done,
    day: firstTime === null ? 0 : (streamTime - firstTime) / DAY,
    live: clusterer.liveStories,
    rss: m.rss,
    heap: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    elapsed: (performance.now() - wallStart) / 1000,
  };
  samples.push(s);
  // Shown as it is taken, so a long run reports while it goes.
  if (samples.length === 1) {
    console.log(`
Engine on the whole stream (window ${clusterer.windowMs / DAY} days):
`);
    console.log(
      "| articles | stream day | live stories | RSS MB | heap MB | heap reserved MB | external MB | elapsed s |",
    );
    console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
  }
  console.log(
    `| ${s.articles.toLocaleString("en")} | ${s.day.toFixed(1)} | ${s.live.toLocaleString("en")} | ${mb(s.rss)} | ${mb(s.heap)} | ${mb(s.heapTotal)} | ${mb(s.external)} | ${s.elapsed.toFixed(0)} |`,
  );
  const c1 = process.cpuUsage(c0);
  clusterCpu -= c1.user + c1.system;
};

let done = 0;
// Generated in batches so that the CPU time of a batch (read twice per batch: reading it per
// article cost 5% of the run) is the clusterer's alone.
const BATCH = 256;
const batch: ClusterInput[] = [];
const flush = () => {
  const c0 = process.cpuUsage();
  for (const input of batch) {
    const t0 = performance.now();
    clusterer.add(input);
    const dt = performance.now() - t0;
    latency[done] = dt;
    clusterMs += dt;
    firstTime ??= input.published as number;
    streamTime = input.published as number;
    done++;
    // Cheap RSS checks often (the peak), full samples (after a collection) now and then.
    if ((done & 1023) === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (done % every === 0 || done === total) sample(done);
  }
  const c1 = process.cpuUsage(c0);
  clusterCpu += c1.user + c1.system;
  batch.length = 0;
};
for (const a of stream()) {
  batch.push(engineInput(a));
  if (batch.length === BATCH) flush();
}
flush();
const wallSecs = (performance.now() - wallStart) / 1000;

const sorted = latency.slice(0, done).sort();
const pct = (p: number) => (done === 0 ? 0 : sorted[Math.min(done - 1, Math.floor(p * done))]);
console.log(
  `\narticles/s: ${Math.round(done / (clusterMs / 1000)).toLocaleString("en")} inside the clusterer; ${Math.round(done / wallSecs).toLocaleString("en")} including generation and sampling; ${Math.round(done / (clusterCpu / 1e6)).toLocaleString("en")} per CPU-second of the clusterer (load average ${loadavg()[0].toFixed(1)})`,
);
console.log(
  `ms per article: p50 ${pct(0.5).toFixed(3)}, p99 ${pct(0.99).toFixed(3)}, max ${sorted[done - 1]?.toFixed(1) ?? 0}`,
);
console.log(`peak RSS: ${mb(peakRss)} MB`);

// Flatness: from the first sample after the window (plus the span of the generator's stories)
// has passed, how much do memory and live stories still grow?
const fullDay = clusterer.windowMs / DAY + STORY_SPAN_DAYS;
const after = samples.filter((s) => s.day >= fullDay);
if (after.length >= 2) {
  const first = after[0];
  const maxHeap = Math.max(...after.map((s) => s.heap));
  const maxRss = Math.max(...after.map((s) => s.rss));
  console.log(
    `\nAfter the window filled (day ${fullDay}, ${first.articles.toLocaleString("en")} articles): heap ${mb(first.heap)} -> max ${mb(maxHeap)} MB (${(((maxHeap - first.heap) / first.heap) * 100).toFixed(0)}%), RSS ${mb(first.rss)} -> max ${mb(maxRss)} MB, while ${(done - first.articles).toLocaleString("en")} more articles arrived.`,
  );
} else {
  console.log(`\nThe stream is too short for the window to fill (needs > ${fullDay} days).`);
}
