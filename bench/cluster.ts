// Clustering throughput, latency and memory on a synthetic stream (src/eval/synthetic.ts), inline
// and with the analysis in worker threads (src/cli/analyse-pool.ts), beside baseline (a) on a
// prefix of the same stream.
//
//   node --expose-gc --import tsx bench/cluster.ts [--articles 1000000] [--seed 1]
//        [--baseline-articles 20000] [--samples 25] [--days D] [--threads N] [--modes inline,pooled]
//        [--census]   (--census: inline mode only) [--no-recut]
//
// Each mode runs in a child process of its own (so its peak RSS is its own), one after the other,
// on the same stream, with the node flags `npx storyline` starts with (START_FLAGS in
// src/cli/heap.ts; a flag given on this command line wins). A mode prints, as the run goes, live
// stories and memory sampled through it (RSS, the heap V8 reserves and RSS outside it as the
// process runs; then, with --expose-gc, after a full collection: the main thread's live heap,
// V8's old and large-object spaces used and reserved, new space, and external memory such as
// typed arrays, where the indexes' postings live), how much memory still grew (the live heap
// alone and with external memory, RSS, the heap reserved) after three reference points (the
// window plus the generator's longest story, day 9; three windows, day 12, the first renewals;
// the clusterer's fullAfterMs, day 22, after which nothing it holds is older: memory should stay
// flat from there), then:
// - articles/s over the wall time of the whole pipeline (analysis, clustering, and the input
//   taken from the stream, which bench/generated-stream.ts generates on a thread of its own at the
//   lowest priority: the generator stands in for input that arrives from elsewhere) and without
//   the main thread's time taking the input (waiting for the generator, copying batches in);
// - the sequential part (weighing, interning, candidates, scoring, placing: `addAnalysed`; pooled,
//   the threads weigh and it interns, `addWeighed`) alone: articles/s inside it and p50/p99 ms
//   per article;
// - the analysis on the main thread (inline) or the time it waited for the threads (pooled);
// - CPU seconds of the whole process (every thread) and peak RSS;
// - CPU seconds of the main thread (from /proc, samples left out; taking the input included): unlike
//   the wall time, it leaves out the waits for a core, so it moves less with the machine's load;
// - the main thread's garbage collections: scavenges and full collections, with their pauses
//   (the bench's own collections for its memory samples left out).
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { createInterface } from "node:readline";
import { getHeapSpaceStatistics } from "node:v8";
import { intFlag, scriptFlags, usageError } from "../scripts/args.ts";
import { AnalysePool, BATCH, defaultThreads } from "../src/cli/analyse-pool.ts";
import { applyHeapFlags, HEAP_FLAGS, START_FLAGS } from "../src/cli/heap.ts";
import { engineInput } from "../src/eval/evaluate.ts";
import { scoreClustering } from "../src/eval/metrics.ts";
import { STORY_SPAN_DAYS, type SyntheticArticle, syntheticStream } from "../src/eval/synthetic.ts";
import { tfidfSinglePass } from "../src/stories/baselines.ts";
import { type Census, census } from "../src/stories/census.ts";
import { StreamClusterer } from "../src/stories/cluster.ts";
import { analyse } from "../src/stories/features.ts";
import { clusterAll } from "../src/stories/stream.ts";
import type { Assignment } from "../src/stories/types.ts";
import type { WeighedArticle } from "../src/stories/weigher.ts";
import { GcObserver, type GcTally, gcLine } from "./gc-tally.ts";
import { GeneratedStream } from "./generated-stream.ts";
import { mainThreadCpu } from "./proc-cpu.ts";

// The V8 settings every storyline command runs with.
applyHeapFlags();

const script = import.meta.filename;
const values = scriptFlags(
  script,
  "node --expose-gc --import tsx bench/cluster.ts [--articles 1000000] [--seed 1] [--baseline-articles 20000] [--samples 25] [--days D] [--threads N] [--modes inline,pooled] [--census] [--no-recut]",
  {
    articles: { type: "string", default: "1000000" },
    seed: { type: "string", default: "1" },
    "baseline-articles": { type: "string", default: "20000" },
    samples: { type: "string", default: "25" },
    days: { type: "string" },
    threads: { type: "string", default: String(defaultThreads()) },
    modes: { type: "string", default: "inline,pooled" },
    // With each memory sample, the entries held by each part of the clusterer's state.
    census: { type: "boolean", default: false },
    // As every Storyline command clusters, stories are re-cut (ClusterOptions.recut, joins at
    // recutThreshold); this measures the clusterer without it.
    "no-recut": { type: "boolean", default: false },
    // Internal: the child process running one mode.
    mode: { type: "string" },
  },
);
const recut = !values["no-recut"];
const total = intFlag(script, "articles", values.articles, 0);
const seed = intFlag(script, "seed", values.seed, 0);
const baselineN = Math.min(
  total,
  intFlag(script, "baseline-articles", values["baseline-articles"], 0),
);
const sampleCount = intFlag(script, "samples", values.samples, 2);
const threads = intFlag(script, "threads", values.threads, 1);
// Days the stream spans (default: about 15,000 articles a day): a smaller run over more days
// still shows memory after the window has filled.
const days = values.days === undefined ? undefined : Number(values.days);
if (days !== undefined && !(days > 0)) {
  usageError(script, "--days expects a positive number");
}
const modes = values.modes.split(",");
if (modes.length === 0 || modes.some((m) => m !== "inline" && m !== "pooled")) {
  usageError(script, `--modes takes inline and/or pooled, got "${values.modes}"`);
}
const stream = () => syntheticStream({ articles: total, seed, days });

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toFixed(0);
const DAY = 86_400_000;
const int = (x: number) => Math.round(x).toLocaleString("en");

/** What a mode's child process reports (its last line of output, as JSON). */
interface ModeResult {
  mode: string;
  threads: number;
  articles: number;
  wallSecs: number;
  /** The main thread's time taking the input from the generator thread. */
  inputSecs: number;
  seqSecs: number;
  /** Inline: analysis on the main thread; pooled: analysis of batches no thread had started, and waiting. */
  otherSecs: number;
  p50: number;
  p99: number;
  cpuSecs: number;
  /**
   * CPU seconds of the main thread (taking the input, the sequential part, inline analysis), the
   * samples left out; null without /proc.
   */
  threadCpuSecs: number | null;
  /** Pooled: batches analysed on the main thread, of all batches. */
  inlineBatches: number;
  batches: number;
  peakRss: number;
  load: number;
  /** Garbage collection on the main thread (the clusterer's), the bench's own samples left out. */
  gc: GcTally;
}
const RESULT = "bench-cluster-result ";
/**
 * The node flags of a mode's child process: this process's, and the product's start flags
 * (src/cli/heap.ts) this run was not given a value of.
 */
const childFlags = [
  ...START_FLAGS.filter((f) => !process.execArgv.some((a) => a.split("=")[0] === f.split("=")[0])),
  ...process.execArgv,
];

if (values.mode === undefined) await parent();
else await runMode(values.mode === "pooled" ? threads : 0);

async function parent(): Promise<void> {
  console.log(
    `bench/cluster: ${total.toLocaleString("en")} synthetic articles over ${days ?? "the default"} days, seed ${seed}; node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}); node flags ${childFlags.join(" ")}, V8 flags set at start ${HEAP_FLAGS.join(" ")}; load average ${loadavg()[0].toFixed(1)}${gc ? "" : "; run with --expose-gc for exact heap samples"}`,
  );
  if (baselineN > 0) baseline();
  const results: ModeResult[] = [];
  for (const mode of modes) results.push(await runChild(mode));
  console.log(`\nInline against pooled, one after the other on the same stream:\n`);
  console.log(
    "| mode | articles/s (wall) | articles/s without taking input | sequential part articles/s | p50 ms | p99 ms | main-thread analysis + wait s | process CPU s | articles per CPU-second | main-thread CPU s | articles per main-thread CPU-second | main-thread GC: scavenges, full collections | peak RSS MB | load average |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
  for (const r of results) {
    const name =
      r.threads === 0 ? "inline" : `pooled, ${r.threads} thread${r.threads > 1 ? "s" : ""}`;
    console.log(
      `| ${name} | ${int(r.articles / r.wallSecs)} | ${int(r.articles / (r.wallSecs - r.inputSecs))} | ${int(r.articles / r.seqSecs)} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.otherSecs.toFixed(1)} ${r.threads === 0 ? "analysis" : `main (${r.inlineBatches}/${r.batches} batches)`} | ${r.cpuSecs.toFixed(0)} | ${int(r.articles / r.cpuSecs)} | ${r.threadCpuSecs === null ? "-" : r.threadCpuSecs.toFixed(1)} | ${r.threadCpuSecs === null ? "-" : int(r.articles / r.threadCpuSecs)} | ${gcLine(r.gc, r.wallSecs)} | ${mb(r.peakRss)} | ${r.load.toFixed(1)} |`,
    );
  }
}

/** Runs one mode in a child process, its output shown as it comes; resolves with its result. */
function runChild(mode: string): Promise<ModeResult> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--mode="));
  const child = spawn(process.execPath, [...childFlags, script, ...args, `--mode=${mode}`], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let result: ModeResult | null = null;
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as ModeResult;
    else console.log(line);
  });
  return new Promise((resolve) => {
    child.on("close", (status) => {
      if (status === 0 && result) return resolve(result);
      console.error(`bench/cluster.ts: the ${mode} run failed (status ${status})`);
      process.exit(1);
    });
  });
}

// --- Baseline (a) and the engine on the same prefix ---------------------------------------------
function baseline(): void {
  const bcubedF1 = (assignments: Assignment[], articles: SyntheticArticle[]) => {
    const pred = new Map(assignments.map((a) => [a.articleId, a.storyId]));
    const gold = new Map(articles.map((a) => [a.id, a.cluster]));
    return scoreClustering(pred, gold).bcubed.f1;
  };
  const prefix: SyntheticArticle[] = [];
  for (const a of stream()) {
    if (prefix.length >= baselineN) break;
    prefix.push(a);
  }
  const input = prefix.map(engineInput);
  const rows: [string, number, number][] = [];
  for (const [name, fn] of [
    ["engine (inline)", () => clusterAll(input, { recut })],
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
  for (const [name, rate, f1] of rows) console.log(`| ${name} | ${int(rate)} | ${f1.toFixed(3)} |`);
}

// --- One mode on the whole stream ----------------------------------------------------------------
async function runMode(modeThreads: number): Promise<void> {
  const clusterer = new StreamClusterer({ recut });
  const latency = new Float32Array(total);
  const every = Math.max(1, Math.floor(total / sampleCount));
  let peakRss = process.memoryUsage.rss();
  const gcTally = new GcObserver();
  // Started before the clock: the generator thread is the harness, not the pipeline measured.
  const input = new GeneratedStream({ articles: total, seed, days });
  input.ready();
  const wallStart = performance.now();
  let firstTime: number | null = null;
  let streamTime = 0;
  let seqMs = 0;
  let otherMs = 0;
  let sampleMs = 0;
  let sampleCpu = 0;
  let done = 0;
  const kept: {
    articles: number;
    day: number;
    heap: number;
    external: number;
    heapTotal: number;
    rss: number;
  }[] = [];
  const sample = () => {
    const t0 = performance.now();
    const cpuBefore = mainThreadCpu();
    // RSS as the process runs (what a user sees), before the collection that measures the live heap:
    // right after it, RSS still holds the pages the collection frees until V8's background threads
    // have released them.
    const running = process.memoryUsage();
    const rss = running.rss;
    peakRss = Math.max(peakRss, rss);
    gc?.();
    const m = process.memoryUsage();
    if (kept.length === 0) {
      console.log(
        `\n${modeThreads === 0 ? "Inline" : `Pooled (${modeThreads} analysis thread${modeThreads > 1 ? "s" : ""})`}, the whole stream (window ${clusterer.windowMs / DAY} days):\n`,
      );
      console.log(
        "| articles | stream day | live stories | RSS MB | heap reserved MB | RSS outside heap and external MB | heap MB (after a full collection) | old space used / reserved MB | large objects used / reserved MB | new space reserved MB | external MB | elapsed s |",
      );
      console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }
    const day = firstTime === null ? 0 : (streamTime - firstTime) / DAY;
    kept.push({
      articles: done,
      day,
      heap: m.heapUsed,
      external: m.external,
      heapTotal: running.heapTotal,
      rss,
    });
    const space = spaces();
    console.log(
      `| ${done.toLocaleString("en")} | ${day.toFixed(1)} | ${clusterer.liveStories.toLocaleString("en")} | ${mb(rss)} | ${mb(running.heapTotal)} | ${mb(rss - running.heapTotal - running.external)} | ${mb(m.heapUsed)} | ${mb(space.old_space.used)} / ${mb(space.old_space.size)} | ${mb(space.large_object_space.used)} / ${mb(space.large_object_space.size)} | ${mb(space.new_space.size)} | ${mb(m.external)} | ${((t0 - wallStart) / 1000).toFixed(0)} |`,
    );
    // Pooled, the document frequencies are the analysis thread's: no census of the state.
    if (values.census && modeThreads === 0) {
      censuses.push({ articles: done, day, census: census(clusterer) });
    }
    const t1 = performance.now();
    sampleMs += t1 - t0;
    if (cpuBefore !== null) sampleCpu += mainThreadCpu()! - cpuBefore;
    gcTally.leaveOut(t0, t1);
  };
  const censuses: { articles: number; day: number; census: Census }[] = [];
  const place = (an: ReturnType<typeof analyse> | WeighedArticle, weighed = false) => {
    const t0 = performance.now();
    if (weighed) clusterer.addWeighed(an as WeighedArticle);
    else clusterer.addAnalysed(an as ReturnType<typeof analyse>);
    const dt = performance.now() - t0;
    latency[done] = dt;
    seqMs += dt;
    firstTime ??= an.time;
    streamTime = an.time ?? streamTime;
    done++;
    // Cheap RSS checks often (the peak), full samples (after a collection) now and then.
    if ((done & 1023) === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (done % every === 0 || done === total) sample();
  };

  const cpu0 = process.cpuUsage();
  const threadCpu0 = mainThreadCpu();
  const pool = new AnalysePool(modeThreads);
  try {
    if (modeThreads === 0) {
      for (const a of input) {
        const t0 = performance.now();
        const an = analyse(a);
        otherMs += performance.now() - t0;
        place(an);
      }
    } else {
      const batches = pool.analysed(input);
      for (;;) {
        const t0 = performance.now();
        const next = await batches.next();
        otherMs += performance.now() - t0;
        if (next.done) break;
        const weighed = next.value.kind === "weighed";
        for (const an of next.value.items) place(an, weighed);
      }
    }
  } finally {
    await Promise.all([pool.close(), input.close()]);
  }
  const inputMs = input.waitMs;
  // Pooled, taking the input runs inside next() too (the pool pulls articles to send): apart.
  if (modeThreads > 0) otherMs -= inputMs;
  const wallMs = performance.now() - wallStart - sampleMs;
  const gcStats = await gcTally.stop();
  const cpu = process.cpuUsage(cpu0);
  const threadCpu = threadCpu0 === null ? null : mainThreadCpu()! - threadCpu0 - sampleCpu;

  const sorted = latency.slice(0, done).sort();
  const pct = (p: number) => (done === 0 ? 0 : sorted[Math.min(done - 1, Math.floor(p * done))]);
  const result: ModeResult = {
    mode: modeThreads === 0 ? "inline" : "pooled",
    threads: modeThreads,
    articles: done,
    wallSecs: wallMs / 1000,
    inputSecs: inputMs / 1000,
    seqSecs: seqMs / 1000,
    otherSecs: otherMs / 1000,
    p50: pct(0.5),
    p99: pct(0.99),
    cpuSecs: (cpu.user + cpu.system) / 1e6,
    threadCpuSecs: threadCpu,
    inlineBatches: modeThreads === 0 ? 0 : pool.inlineBatches,
    batches: Math.ceil(done / BATCH),
    peakRss,
    load: loadavg()[0],
    gc: gcStats,
  };
  console.log(
    `\n${result.mode}: ${int(done / result.wallSecs)} articles/s over the wall time (taking the input ${result.inputSecs.toFixed(1)} s, ${modeThreads === 0 ? "analysis" : `analysis on the main thread (${pool.inlineBatches} of ${Math.ceil(done / BATCH)} batches) and waiting for the threads`} ${result.otherSecs.toFixed(1)} s, sequential part ${result.seqSecs.toFixed(1)} s of ${result.wallSecs.toFixed(1)} s; samples left out); sequential part ${int(done / result.seqSecs)} articles/s, p50 ${result.p50.toFixed(3)} ms, p99 ${result.p99.toFixed(3)} ms, max ${sorted[done - 1]?.toFixed(1) ?? 0} ms; ${threadCpu === null ? "" : `the main thread's CPU ${threadCpu.toFixed(1)} s (${int(done / threadCpu)} articles a CPU-second, taking the input included); `}peak RSS ${mb(peakRss)} MB; load average ${result.load.toFixed(1)}`,
  );
  console.log(`Garbage collection on the main thread: ${gcLine(result.gc, result.wallSecs)}`);
  flatness(
    `the window and the generator's longest story (day ${clusterer.windowMs / DAY + STORY_SPAN_DAYS})`,
    clusterer.windowMs / DAY + STORY_SPAN_DAYS,
  );
  flatness(
    `three windows, the first renewals (day ${(3 * clusterer.windowMs) / DAY})`,
    (3 * clusterer.windowMs) / DAY,
  );
  flatness(
    `the state full by its own bounds (day ${clusterer.fullAfterMs / DAY})`,
    clusterer.fullAfterMs / DAY,
  );
  if (values.census) printCensus(censuses);
  console.log(`${RESULT}${JSON.stringify(result)}`);

  // From the first sample after a reference day, how much does memory still grow? Three
  // references: the window plus the span of the generator's stories (the stream's own stories are
  // all in view), three windows (the first renewals: the issue's measure since session 8), and the
  // clusterer's fullAfterMs (a story is renewed, after the stagger of its first renewal, or
  // released by then, so nothing the state holds is older).
  function flatness(name: string, fullDay: number): void {
    const after = kept.filter((s) => s.day >= fullDay);
    if (after.length < 2) {
      console.log(`The stream is too short to judge memory after ${name}.`);
      return;
    }
    // The last sample is left out when the stream has drained (its final days release stories).
    const samples =
      after.at(-1)?.articles === done && after.length > 2 ? after.slice(0, -1) : after;
    const first = samples[0];
    const heaps = samples.map((s) => s.heap);
    const rsss = samples.map((s) => s.rss);
    const [minHeap, maxHeap] = [Math.min(...heaps), Math.max(...heaps)];
    const [minRss, maxRss] = [Math.min(...rsss), Math.max(...rsss)];
    const maxReserved = Math.max(...samples.map((s) => s.heapTotal));
    // The index postings live in typed arrays outside the heap (posting-arena.ts): with them.
    const held = samples.map((s) => s.heap + s.external);
    const [minHeld, maxHeld] = [Math.min(...held), Math.max(...held)];
    const pct = (from: number, to: number) =>
      `${to >= from ? "+" : ""}${(((to - from) / from) * 100).toFixed(0)}%`;
    console.log(
      `After ${name}, ${first.articles.toLocaleString("en")} articles: heap ${mb(first.heap)} -> max ${mb(maxHeap)} MB (${pct(first.heap, maxHeap)}; lowest ${mb(minHeap)}, max over lowest ${pct(minHeap, maxHeap)}, mean ${mb(heaps.reduce((a, b) => a + b, 0) / heaps.length)}), heap and external memory ${mb(held[0])} -> max ${mb(maxHeld)} MB (${pct(held[0], maxHeld)}; max over lowest ${pct(minHeld, maxHeld)}), RSS ${mb(first.rss)} -> max ${mb(maxRss)} MB (${pct(first.rss, maxRss)}; lowest ${mb(minRss)}), heap reserved ${mb(first.heapTotal)} -> max ${mb(maxReserved)} MB (${pct(first.heapTotal, maxReserved)}), over the next ${(samples.at(-1)!.articles - first.articles).toLocaleString("en")} articles.`,
    );
  }
}

/** The census of each sample: entries per part of the state, then per story size and age at two samples. */
function printCensus(rows: { articles: number; day: number; census: Census }[]): void {
  console.log(
    "\nEntries held by the clusterer's state (--census; members: kept one by one; terms: centroid terms, title + text + entities):\n",
  );
  console.log(
    "| articles | day | stories | kept members | member entries | story centroid terms | events | events with centroids | event centroid terms | story index keys | vocabulary (capacity) | doc freq | story index keys total | member index keys |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const { articles, day, census: c } of rows) {
    console.log(
      `| ${int(articles)} | ${day.toFixed(1)} | ${int(c.stories)} | ${int(c.keptMembers)} | ${int(c.memberEntries)} | ${int(c.storyCentroidTerms)} | ${int(c.events)} | ${int(c.eventsWithCentroids)} | ${int(c.eventCentroidTerms)} | ${int(c.storyIndexKeys)} | ${int(c.vocabulary)} (${int(c.vocabularyCapacity)}) | ${int(c.docFreq)} | ${int(c.indexKeys)} | ${int(c.memberIndexKeys)} |`,
    );
  }
  for (const { articles, census } of rows.filter(
    (_, i) => i === Math.floor(rows.length / 3) || i === rows.length - 2,
  )) {
    console.log(`\nBy story size (kept members) at ${int(articles)} articles:\n`);
    console.log(
      "| kept members from | stories | members | member entries | centroid terms (story + events) | events | index keys |",
    );
    console.log("|---:|---:|---:|---:|---:|---:|---:|");
    for (const b of census.bySize) {
      console.log(
        `| ${int(b.from)} | ${int(b.stories)} | ${int(b.members)} | ${int(b.memberEntries)} | ${int(b.centroidTerms)} | ${int(b.events)} | ${int(b.indexKeys)} |`,
      );
    }
    console.log(
      `\nBy story age (days since its first kept member) at ${int(articles)} articles:\n`,
    );
    console.log(
      "| age from (days) | stories | members | member entries | centroid terms (story + events) | events | index keys |",
    );
    console.log("|---:|---:|---:|---:|---:|---:|---:|");
    for (const b of census.byAge) {
      console.log(
        `| ${b.from < 0 ? "no time" : b.from} | ${int(b.stories)} | ${int(b.members)} | ${int(b.memberEntries)} | ${int(b.centroidTerms)} | ${int(b.events)} | ${int(b.indexKeys)} |`,
      );
    }
  }
}

/** Bytes used and reserved in each of V8's heap spaces, by space name. */
function spaces(): Record<string, { used: number; size: number }> {
  const bySpace: Record<string, { used: number; size: number }> = {};
  for (const s of getHeapSpaceStatistics()) {
    bySpace[s.space_name] = { used: s.space_used_size, size: s.space_size };
  }
  return bySpace;
}
