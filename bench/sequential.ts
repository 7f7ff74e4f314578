// The sequential part of clustering (`StreamClusterer.addAnalysed`: weighing, interning,
// candidates, scoring, placing) timed alone, on synthetic articles analysed beforehand (untimed),
// with its CPU cost per 10,000 articles as the window fills.
//
//   node --expose-gc --import tsx bench/sequential.ts [--articles 100000] [--seed 1] [--against DIR]
//        [--chunk 250] [--weighed [--weighed-first]] [--no-recut]
//
// --against DIR feeds the same analyses to the clusterer of another checkout (e.g. a worktree of
// an earlier commit) in the same process, the two taking turns every --chunk articles (which one
// goes first alternates), so that both see the same load; the ratio of their times is the figure
// to read on a shared machine, with each side's CPU seconds. The side named first has measured
// 3-5% faster against a copy of itself: run a pair both ways (A --against B, B --against A) and
// take the geometric mean of the two ratios. It also checks that both make the same assignments
// (a hash of every article's story and merges).
//
// --weighed adds a side: this tree's clusterer fed the articles a Weigher made of the analyses
// beforehand (untimed, as the analysis is), `addWeighed`: what the clusterer's thread does when
// the analysis threads weigh (src/cli/analyse-pool.ts). Against the first side, the sequential
// work that weighing off the clusterer's thread saves. --weighed-first names that side first (the
// order matters as with --against: run both and take the geometric mean).
import { createHash } from "node:crypto";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { intFlag, scriptFlags } from "../scripts/args.ts";
import { engineInput } from "../src/eval/evaluate.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";
import { analyse } from "../src/stories/features.ts";
import type { Assignment } from "../src/stories/types.ts";
import { type WeighedArticle, Weigher } from "../src/stories/weigher.ts";

const script = import.meta.filename;
const values = scriptFlags(
  script,
  "node --expose-gc --import tsx bench/sequential.ts [--articles 100000] [--seed 1] [--against DIR] [--chunk 250] [--weighed [--weighed-first]] [--no-recut]",
  {
    articles: { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    against: { type: "string" },
    chunk: { type: "string", default: "250" },
    weighed: { type: "boolean", default: false },
    "weighed-first": { type: "boolean", default: false },
    // Stories re-cut as every Storyline command clusters (ClusterOptions.recut); this without it.
    "no-recut": { type: "boolean", default: false },
  },
);
const n = intFlag(script, "articles", values.articles);
const seed = intFlag(script, "seed", values.seed, 0);
const chunk = intFlag(script, "chunk", values.chunk);
const root = resolve(import.meta.dirname, "..");
const SEGMENT = 10_000;

interface Clusterer {
  addAnalysed(an: ReturnType<typeof analyse>): Assignment;
  addWeighed(w: WeighedArticle): Assignment;
  readonly liveStories: number;
}
interface Side {
  name: string;
  clusterer: Clusterer;
  /** Fed weighed articles (--weighed). */
  weighed: boolean;
  ms: number;
  /** CPU ms of the whole process during this side's turns (less sensitive to the machine's load than wall time). */
  cpuMs: number;
  hash: ReturnType<typeof createHash>;
  /** CPU ms of the whole process and live stories at the end of each segment (this tree only). */
  segments: { cpuMs: number; live: number }[];
}

const side = async (name: string, dir: string, weighed = false): Promise<Side> => {
  const { StreamClusterer } = await import(join(dir, "src/stories/cluster.ts"));
  return {
    name,
    clusterer: new StreamClusterer({ recut: !values["no-recut"] }),
    weighed,
    ms: 0,
    cpuMs: 0,
    hash: createHash("sha256"),
    segments: [],
  };
};
const sides = [await side("this tree", root)];
if (values.against) sides.push(await side(resolve(values.against), resolve(values.against)));
if (values.weighed) {
  const weighedSide = await side("this tree, weighed beforehand", root, true);
  if (values["weighed-first"]) sides.unshift(weighedSide);
  else sides.push(weighedSide);
}

const analyses = [...syntheticStream({ articles: n, seed })].map((a) => analyse(engineInput(a)));
const weigher = new Weigher();
const weighed = values.weighed ? analyses.map((an) => weigher.weigh(an)) : [];
(globalThis as { gc?: () => void }).gc?.();
console.log(
  `bench/sequential: ${n.toLocaleString("en")} synthetic articles (seed ${seed}), analysed beforehand; ${
    sides.length > 1
      ? `turns of ${chunk} articles with ${sides
          .slice(1)
          .map((x) => x.name)
          .join(" and ")}; `
      : ""
  }load average ${loadavg()[0].toFixed(1)}`,
);

let segmentCpu = process.cpuUsage();
for (let at = 0, turn = 0; at < n; at += chunk, turn++) {
  const end = Math.min(n, at + chunk);
  for (const s of turn % 2 === 0 ? sides : [...sides].reverse()) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let i = at; i < end; i++) {
      const a = s.weighed
        ? s.clusterer.addWeighed(weighed[i])
        : s.clusterer.addAnalysed(analyses[i]);
      s.hash.update(`${a.articleId}\t${a.storyId}\t${(a.merged ?? []).join(",")}\n`);
    }
    const cpu = process.cpuUsage(cpu0);
    s.cpuMs += (cpu.user + cpu.system) / 1000;
    s.ms += performance.now() - t0;
  }
  // Without --against, the CPU of each segment is this tree's alone.
  if (sides.length === 1 && end % SEGMENT === 0) {
    const cpu = process.cpuUsage(segmentCpu);
    sides[0].segments.push({
      cpuMs: (cpu.user + cpu.system) / 1000,
      live: sides[0].clusterer.liveStories,
    });
    segmentCpu = process.cpuUsage();
  }
}

const int = (x: number) => Math.round(x).toLocaleString("en");
console.log(
  "\n| code | seconds | articles/s | time against this tree | CPU seconds | CPU against this tree | assignments hash |",
);
console.log("|---|---:|---:|---:|---:|---:|---|");
for (const s of sides) {
  console.log(
    `| ${s.name} | ${(s.ms / 1000).toFixed(2)} | ${int(n / (s.ms / 1000))} | ${(s.ms / sides[0].ms).toFixed(3)} | ${(s.cpuMs / 1000).toFixed(2)} | ${(s.cpuMs / sides[0].cpuMs).toFixed(3)} | ${s.hash.digest("hex").slice(0, 16)} |`,
  );
}
const segments = sides[0].segments;
if (segments.length > 0) {
  console.log("\n| articles | live stories | articles per CPU-second in the segment |");
  console.log("|---:|---:|---:|");
  segments.forEach((g, i) => {
    console.log(
      `| ${int((i + 1) * SEGMENT)} | ${int(g.live)} | ${int(SEGMENT / (g.cpuMs / 1000))} |`,
    );
  });
}
console.log(`\nload average ${loadavg()[0].toFixed(1)} at the end`);
