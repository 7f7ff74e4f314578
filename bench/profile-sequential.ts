// Where the sequential part's time goes: synthetic articles analysed beforehand (unprofiled), then
// `StreamClusterer.addAnalysed` under the inspector's sampling profiler, summed per function by
// self time and by inclusive time (a function's samples counted once however deep it recurses).
// Function names only: tsx hands V8 one line per module, so profiles carry no line numbers.
//
//   node --expose-gc --import tsx bench/profile-sequential.ts [--articles 40000] [--seed 1]
//        [--top 30] [--out FILE.cpuprofile] [--weighed]
//
// --weighed profiles `addWeighed` instead, fed the articles a Weigher made of the analyses
// beforehand (unprofiled): what the clusterer's thread does when the analysis threads weigh.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { loadavg } from "node:os";
import { engineInput } from "../src/eval/evaluate.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";
import { StreamClusterer } from "../src/stories/cluster.ts";
import { analyse } from "../src/stories/features.ts";
import { Weigher } from "../src/stories/weigher.ts";
import { benchArgs, intFlag } from "./args.ts";

const script = import.meta.filename;
const values = benchArgs(
  script,
  "node --expose-gc --import tsx bench/profile-sequential.ts [--articles 40000] [--seed 1] [--top 30] [--out FILE.cpuprofile] [--weighed]",
  {
    articles: { type: "string", default: "40000" },
    seed: { type: "string", default: "1" },
    top: { type: "string", default: "30" },
    out: { type: "string" },
    weighed: { type: "boolean", default: false },
  },
);
const n = intFlag(script, "articles", values.articles);
const seed = intFlag(script, "seed", values.seed, 0);
const top = intFlag(script, "top", values.top);

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
(globalThis as { gc?: () => void }).gc?.();
const clusterer = new StreamClusterer();
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 200 });
await session.post("Profiler.start");
const t0 = performance.now();
const cpu0 = process.cpuUsage();
if (values.weighed) for (const w of weighed) clusterer.addWeighed(w);
else for (const an of analyses) clusterer.addAnalysed(an);
const cpu = process.cpuUsage(cpu0);
const ms = performance.now() - t0;
const { profile } = (await session.post("Profiler.stop")) as { profile: Profile };
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
  `bench/profile-sequential: ${n.toLocaleString("en")} synthetic articles (seed ${seed}): ${values.weighed ? "addWeighed" : "addAnalysed"} ${(ms / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s under the profiler, ${total.toLocaleString("en")} samples; load average ${loadavg()[0].toFixed(1)}`,
);
table("self time", self);
table("inclusive time", inclusive);
