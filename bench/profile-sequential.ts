// Where the sequential part's time goes: synthetic articles analysed beforehand (unprofiled), then
// `StreamClusterer.addAnalysed` under the inspector's sampling profiler, summed per function by
// self time and by inclusive time (a function's samples counted once however deep it recurses),
// with the garbage collector's pauses on the thread (PerformanceObserver 'gc' entries) by kind.
// Function names only: tsx hands V8 one line per module, so profiles carry no line numbers.
//
//   node --expose-gc --import tsx bench/profile-sequential.ts [--articles 40000] [--seed 1]
//        [--top 30] [--out FILE.cpuprofile] [--weighed] [--from 0] [--no-recut]
//
// --from N adds the first N articles unprofiled: the profile is of articles N+1 to --articles,
// late in the stream where the live state is full (the first 40,000 see a smaller one).
//
// --weighed profiles `addWeighed` instead, fed the articles a Weigher made of the analyses
// beforehand (unprofiled): what the clusterer's thread does when the analysis threads weigh.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { loadavg } from "node:os";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { intFlag, scriptFlags, usageError } from "../scripts/args.ts";
import { engineInput } from "../src/eval/evaluate.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";
import { StreamClusterer } from "../src/stories/cluster.ts";
import { analyse } from "../src/stories/features.ts";
import { Weigher } from "../src/stories/weigher.ts";

const script = import.meta.filename;
const values = scriptFlags(
  script,
  "node --expose-gc --import tsx bench/profile-sequential.ts [--articles 40000] [--seed 1] [--top 30] [--out FILE.cpuprofile] [--weighed] [--from 0] [--no-recut]",
  {
    articles: { type: "string", default: "40000" },
    seed: { type: "string", default: "1" },
    top: { type: "string", default: "30" },
    out: { type: "string" },
    weighed: { type: "boolean", default: false },
    from: { type: "string", default: "0" },
    // Stories re-cut as every Storyline command clusters (ClusterOptions.recut); this without it.
    "no-recut": { type: "boolean", default: false },
  },
);
const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor (scavenge)",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major (mark-compact)",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental marking",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak callbacks",
};
const n = intFlag(script, "articles", values.articles);
const seed = intFlag(script, "seed", values.seed, 0);
const top = intFlag(script, "top", values.top);
const from = intFlag(script, "from", values.from, 0);
if (from >= n) {
  usageError(script, `--from ${from} leaves nothing of --articles ${n}`);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const analyses = [...syntheticStream({ articles: n, seed })].map((a) => analyse(engineInput(a)));
const weigher = new Weigher();
const weighed = values.weighed ? analyses.map((an) => weigher.weigh(an)) : [];
const clusterer = new StreamClusterer({ recut: !values["no-recut"] });
const add = (i: number) =>
  values.weighed ? clusterer.addWeighed(weighed[i]) : clusterer.addAnalysed(analyses[i]);
for (let i = 0; i < from; i++) add(i);
(globalThis as { gc?: () => void }).gc?.();
const gcMs = new Map<string, { count: number; ms: number }>();
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = GC_KINDS[(e as unknown as { detail: { kind: number } }).detail.kind] ?? "other";
    const sum = gcMs.get(kind) ?? { count: 0, ms: 0 };
    sum.count++;
    sum.ms += e.duration;
    gcMs.set(kind, sum);
  }
});
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 200 });
await session.post("Profiler.start");
observer.observe({ entryTypes: ["gc"] });
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let i = from; i < n; i++) add(i);
const cpu = process.cpuUsage(cpu0);
const ms = performance.now() - t0;
const { profile } = (await session.post("Profiler.stop")) as { profile: Profile };
// The observer is told of the collections in later tasks (a setImmediate is too early).
await new Promise((done) => setTimeout(done, 100));
observer.disconnect();
if (values.out) writeFileSync(values.out, JSON.stringify(profile));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
const name = (node: ProfileNode) =>
  `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.split("/").slice(-2).join("/")}`;
const hits = new Map<number, number>();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, count] of hits) {
  const leaf = name(byId.get(id)!);
  self.set(leaf, (self.get(leaf) ?? 0) + count);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const key = name(byId.get(at)!);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + count);
  }
}

const total = profile.samples.length;
const table = (title: string, counts: Map<string, number>) => {
  console.log(`\n| ${title} | share of samples |\n|---|---:|`);
  for (const [key, count] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`| ${key} | ${((100 * count) / total).toFixed(1)}% |`);
  }
};
console.log(
  `bench/profile-sequential: ${n.toLocaleString("en")} synthetic articles (seed ${seed}), ${from > 0 ? `the first ${from.toLocaleString("en")} unprofiled, ` : ""}${values.weighed ? "addWeighed" : "addAnalysed"} ${(ms / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s under the profiler, ${total.toLocaleString("en")} samples; load average ${loadavg()[0].toFixed(1)}`,
);
console.log(
  "\n| garbage collection on this thread | collections | ms | share of wall time |\n|---|---:|---:|---:|",
);
let gcTotal = 0;
for (const [kind, { count, ms: t }] of gcMs) {
  gcTotal += t;
  console.log(`| ${kind} | ${count} | ${t.toFixed(0)} | ${((100 * t) / ms).toFixed(1)}% |`);
}
console.log(`| all | | ${gcTotal.toFixed(0)} | ${((100 * gcTotal) / ms).toFixed(1)}% |`);
table("self time", self);
table("inclusive time", inclusive);
