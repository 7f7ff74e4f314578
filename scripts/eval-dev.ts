// Scores the engine and the two baselines on the labelled article sets in ../shared/data/dev and
// prints a markdown table (docs/clustering.md and docs/evaluation.md quote it).
//
//   node --import tsx scripts/eval-dev.ts [--sets a,b] [--granularity event|story] [--json] [--extra]
//
// --extra also scores the NeuS story groups (neus_train_headlines.jsonl) minus every group that
// shares an article with a dev set: 7,000+ allsides-like articles never used to choose anything,
// reported apart from the dev sets and outside their mean. Read-only: never tune on it.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type DatasetArticle, readArticlesJsonl } from "../src/eval/dataset.ts";
import { type ClusterFn, type Evaluation, evaluate } from "../src/eval/evaluate.ts";
import { readNeusSet } from "../src/eval/neus.ts";
import { singletons, tfidfSinglePass } from "../src/stories/baselines.ts";
import { clusterAll } from "../src/stories/stream.ts";
import type { Granularity } from "../src/stories/types.ts";
import { scriptFlags, usageError } from "./args.ts";
import { DEV_SETS } from "./dev-sets.ts";

const script = import.meta.filename;
const values = scriptFlags(
  script,
  "node --import tsx scripts/eval-dev.ts [--sets a,b] [--granularity event|story] [--json] [--extra] [--dir DEV_DIR]",
  {
    sets: { type: "string" },
    granularity: { type: "string" },
    json: { type: "boolean", default: false },
    extra: { type: "boolean", default: false },
    dir: { type: "string", default: resolve(import.meta.dirname, "../../shared/data/dev") },
  },
);
const granularity = (values.granularity ?? "story") as Granularity;
if (granularity !== "story" && granularity !== "event") {
  usageError(script, `--granularity must be event or story, got "${values.granularity}"`);
}
const sets = values.sets ? values.sets.split(",") : DEV_SETS;

const methods: [string, ClusterFn][] = [
  ["engine", (a) => clusterAll(a, { granularity })],
  ["(a) tf-idf single pass", (a) => tfidfSinglePass(a)],
  ["(b) singletons", (a) => singletons(a)],
];

interface Row {
  set: string;
  method: string;
  result: Evaluation;
}
const loaded = new Map<string, DatasetArticle[]>();
async function read(set: string): Promise<DatasetArticle[]> {
  const known = loaded.get(set);
  if (known) return known;
  const path = join(values.dir!, `${set}.jsonl`);
  if (!existsSync(path)) {
    console.error(`no such data set: ${path}`);
    process.exit(1);
  }
  const { articles, problems } = await readArticlesJsonl(path);
  for (const p of problems) console.error(`${set}: ${p}`);
  loaded.set(set, articles);
  return articles;
}

const rows: Row[] = [];
for (const set of sets) {
  const articles = await read(set);
  for (const [method, fn] of methods) rows.push({ set, method, result: evaluate(articles, fn) });
}

const EXTRA = "neus_train minus dev overlap";
const extraRows: Row[] = [];
let extraNote = "";
if (values.extra) {
  // Every dev set's titles, whatever --sets says: no dev article may count as unseen here.
  const devTitles: string[] = [];
  for (const set of DEV_SETS) for (const a of await read(set)) devTitles.push(a.title);
  const neus = await readNeusSet(join(values.dir!, "neus_train_headlines.jsonl"), devTitles);
  extraNote = `${EXTRA}: ${neus.groups - neus.dropped} of ${neus.groups} NeuS groups (${neus.dropped} share an article with a dev set), ${neus.articles.length} articles in file order, no time, no outlet; not used to choose anything.`;
  for (const [method, fn] of methods) {
    extraRows.push({ set: EXTRA, method, result: evaluate(neus.articles, fn) });
  }
}

const f = (x: number) => x.toFixed(3);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

if (values.json) {
  const out = [...rows, ...extraRows].map((r) => ({
    set: r.set,
    method: r.method,
    ...r.result.scores,
    articles_per_second: Math.round(r.result.articles_per_second),
  }));
  console.log(JSON.stringify(out, null, 2));
} else {
  const header = [
    "| set | method | B³ P | B³ R | B³ F1 | pair F1 | NMI | ARI | pred / gold | articles/s |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const line = ({ set, method, result }: Row) => {
    const s = result.scores;
    return `| ${set} | ${method} | ${f(s.bcubed.precision)} | ${f(s.bcubed.recall)} | ${f(s.bcubed.f1)} | ${f(s.pairwise.f1)} | ${f(s.nmi)} | ${f(s.ari)} | ${s.predicted_clusters} / ${s.gold_clusters} | ${Math.round(result.articles_per_second)} |`;
  };
  const lines = [`Granularity: ${granularity}`, "", ...header, ...rows.map(line)];
  for (const [method] of methods) {
    const mine = rows.filter((r) => r.method === method).map((r) => r.result);
    const m = (g: (e: Evaluation) => number) => f(mean(mine.map(g)));
    const arts = mine.reduce((s, e) => s + e.scores.articles, 0);
    const secs = mine.reduce((s, e) => s + e.seconds, 0);
    lines.push(
      `| **mean** | ${method} | ${m((e) => e.scores.bcubed.precision)} | ${m((e) => e.scores.bcubed.recall)} | **${m((e) => e.scores.bcubed.f1)}** | ${m((e) => e.scores.pairwise.f1)} | ${m((e) => e.scores.nmi)} | ${m((e) => e.scores.ari)} | | ${secs > 0 ? Math.round(arts / secs) : 0} |`,
    );
  }
  const engineF1 = (set: string, method: string) =>
    rows.find((r) => r.set === set && r.method === method)!.result.scores.bcubed.f1;
  const losses = sets.filter((set) =>
    methods.slice(1).some(([b]) => engineF1(set, "engine") <= engineF1(set, b)),
  );
  lines.push(
    "",
    losses.length === 0
      ? "The engine's BCubed F1 is above both baselines on every set."
      : `The engine's BCubed F1 is NOT above both baselines on: ${losses.join(", ")}.`,
  );
  if (extraRows.length > 0) lines.push("", extraNote, "", ...header, ...extraRows.map(line));
  console.log(lines.join("\n"));
}
