// The per-article analysis (`analyse` in src/stories/features.ts: NFKC, tokens, stop words, stems,
// outlet stripping, entity keys, counts) timed alone, in µs per article, on synthetic articles
// (title + lede) and on the dev sets' articles (title + up to 1,500 characters of body).
//
//   node --import tsx bench/analyse.ts [--articles 20000] [--rounds 7] [--against DIR] [--no-lang]
//
// --against DIR times the `analyse` of another checkout (e.g. a worktree of an earlier commit) in
// the same process, its rounds alternating with this tree's, so that both see the same load; it
// also checks that both give the same analyses (but for `lang`, which older checkouts lack). --no-lang clears every article's `lang` (what a
// feed without a language gives). Each figure is the median over the rounds, after an untimed round.
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { intFlag, scriptFlags } from "../scripts/args.ts";
import { DEV_SETS } from "../scripts/dev-sets.ts";
import { readArticlesJsonl } from "../src/eval/dataset.ts";
import { engineInput } from "../src/eval/evaluate.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";
import type { Analysis } from "../src/stories/features.ts";
import type { ClusterInput } from "../src/stories/types.ts";

const script = import.meta.filename;
const values = scriptFlags(
  script,
  "node --import tsx bench/analyse.ts [--articles 20000] [--rounds 7] [--against DIR] [--no-lang]",
  {
    articles: { type: "string", default: "20000" },
    rounds: { type: "string", default: "7" },
    against: { type: "string" },
    "no-lang": { type: "boolean", default: false },
  },
);
const n = intFlag(script, "articles", values.articles);
const rounds = intFlag(script, "rounds", values.rounds);
const root = resolve(import.meta.dirname, "..");

type Analyse = (a: ClusterInput) => Analysis;
const codes: [string, Analyse][] = [
  ["this tree", (await import(join(root, "src/stories/features.ts"))).analyse],
];
if (values.against !== undefined) {
  const other = resolve(values.against);
  codes.push([other, (await import(join(other, "src/stories/features.ts"))).analyse]);
}

const noLang = (a: ClusterInput): ClusterInput => (values["no-lang"] ? { ...a, lang: null } : a);
const corpora: [string, ClusterInput[]][] = [
  ["synthetic", [...syntheticStream({ articles: n, seed: 1 })].map((a) => noLang(engineInput(a)))],
];
const devDir = resolve(root, "../shared/data/dev");
if (existsSync(devDir)) {
  const dev: ClusterInput[] = [];
  for (const set of DEV_SETS) {
    const { articles } = await readArticlesJsonl(join(devDir, `${set}.jsonl`));
    dev.push(...articles.map((a) => noLang(engineInput(a))));
  }
  corpora.push(["dev sets", dev]);
}

// An analysis without the language it was read in: the field is newer than some checkouts.
const comparable = ({ lang: _, ...rest }: Analysis & { lang?: string }) => rest;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
console.log(`load average at start: ${load()}`);
// Terms counted from every analysis, printed at the end: the analyses are used.
let terms = 0;
for (const [corpus, articles] of corpora) {
  // Round 0 warms up, untimed, and keeps the analyses to compare the codes' outputs; the timed
  // rounds keep none (a pipeline consumes them as they come), so the heap does not grow with them.
  const outputs = codes.map(([, analyse]) => articles.map((a) => comparable(analyse(a))));
  const same = outputs.every((o) => isDeepStrictEqual(o, outputs[0]));
  outputs.length = 0;
  // Wall and CPU µs per article of each code, one entry per round (CPU time is the whole
  // process's, the collector's threads included: less moved by other processes than wall time).
  const times: number[][] = codes.map(() => []);
  const cpu: number[][] = codes.map(() => []);
  for (let r = 0; r < rounds; r++) {
    codes.forEach(([, analyse], c) => {
      const c0 = process.cpuUsage();
      const t = performance.now();
      for (let i = 0; i < articles.length; i++) terms += analyse(articles[i]).terms.length;
      times[c].push(((performance.now() - t) * 1000) / articles.length);
      const used = process.cpuUsage(c0);
      cpu[c].push((used.user + used.system) / articles.length);
    });
  }
  console.log(`\n${corpus}: ${articles.length.toLocaleString("en")} articles, ${rounds} rounds`);
  codes.forEach(([name], c) => {
    const t = times[c];
    console.log(
      `  ${name}: median ${median(t).toFixed(1)} µs/article (min ${Math.min(...t).toFixed(1)}, max ${Math.max(...t).toFixed(1)}), CPU median ${median(cpu[c]).toFixed(1)} µs/article`,
    );
  });
  if (codes.length > 1) console.log(`  same analyses: ${same ? "yes" : "NO"}`);
}
console.log(`\nload average at end: ${load()} (${terms.toLocaleString("en")} terms analysed)`);
