// Error analysis on the labelled dev sets: which false merges and which missed joins cost the
// engine the most BCubed F1. For each set it lists the predicted stories that mix gold stories
// (precision lost, with the titles of each gold part) and the gold stories the engine split
// (recall lost, with the titles of each predicted part).
//
//   node --import tsx scripts/errors-dev.ts [--sets a,b] [--top 8] [--titles 3]
//   node --import tsx scripts/errors-dev.ts --recall [--sets a,b] [--extra]
//
// Cost of a story: the BCubed points it takes from the set's precision (or recall), i.e. the sum
// over its articles of (1 - that article's precision), divided by the number of articles.
//
// --recall instead prints, per set (and with --extra the NeuS stream of eval-dev.ts --extra),
// where the articles whose gold story was already live lost it: not retrieved, retrieved but not
// scored, scored but not chosen (src/eval/recall.ts); and what the first article of each gold
// story did (founding is right, joining is a false merge).
import { join, resolve } from "node:path";
import { type DatasetArticle, readArticlesJsonl } from "../src/eval/dataset.ts";
import { engineInput, goldLabels } from "../src/eval/evaluate.ts";
import { scoreClustering } from "../src/eval/metrics.ts";
import { readNeusSet } from "../src/eval/neus.ts";
import { candidateRecall } from "../src/eval/recall.ts";
import { clusterAll } from "../src/stories/stream.ts";
import { intFlag, scriptFlags } from "./args.ts";
import { DEV_SETS } from "./dev-sets.ts";

const script = import.meta.filename;
const values = scriptFlags(
  script,
  "node --import tsx scripts/errors-dev.ts [--sets a,b] [--top 8] [--titles 3] [--recall] [--extra] [--dir DEV_DIR]",
  {
    sets: { type: "string" },
    top: { type: "string", default: "8" },
    titles: { type: "string", default: "3" },
    recall: { type: "boolean", default: false },
    extra: { type: "boolean", default: false },
    dir: { type: "string", default: resolve(import.meta.dirname, "../../shared/data/dev") },
  },
);
const top = intFlag(script, "top", values.top);
const titlesShown = intFlag(script, "titles", values.titles, 0);

/** Groups of ids by label. */
function groups(labels: Map<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, l] of labels) {
    const g = out.get(l);
    if (g) g.push(id);
    else out.set(l, [id]);
  }
  return out;
}

/** Parts of `members` by their label in `by`, largest first. */
function parts(members: string[], by: Map<string, string>): string[][] {
  return [...groups(new Map(members.map((id) => [id, by.get(id) ?? id]))).values()].sort(
    (a, b) => b.length - a.length,
  );
}

/** Sum over members of (1 - |own part| / |members|): the BCubed mass lost inside this group. */
function loss(members: string[], by: Map<string, string>): number {
  let s = 0;
  for (const p of parts(members, by)) s += p.length * (1 - p.length / members.length);
  return s;
}

const sets = values.sets ? values.sets.split(",") : DEV_SETS;

if (values.recall) {
  const pct = (x: number, of: number) => `${x} (${((100 * x) / Math.max(1, of)).toFixed(1)}%)`;
  console.log(
    "| set | articles | joinable | retrieved | scored | chosen | joined another | founded (best was joinable) | first of its story: founded / joined |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  const row = (name: string, articles: DatasetArticle[]) => {
    const r = candidateRecall(articles.map(engineInput), goldLabels(articles));
    const j = r.joinable;
    console.log(
      `| ${name} | ${r.articles} | ${j} | ${pct(r.retrieved, j)} | ${pct(r.scored, j)} | ${pct(r.chosen, j)} | ${r.joinedOther} | ${r.founded} (${r.foundedBestJoinable}) | ${r.firstFounded} / ${r.firstJoined} |`,
    );
  };
  const devTitles: string[] = [];
  for (const set of DEV_SETS) {
    const { articles } = await readArticlesJsonl(join(values.dir!, `${set}.jsonl`));
    for (const a of articles) devTitles.push(a.title);
    if (sets.includes(set)) row(set, articles);
  }
  if (values.extra) {
    const neus = await readNeusSet(join(values.dir!, "neus_train_headlines.jsonl"), devTitles);
    row("neus_train minus dev overlap", neus.articles);
  }
  process.exit(0);
}

for (const set of sets) {
  const { articles } = await readArticlesJsonl(join(values.dir!, `${set}.jsonl`));
  const title = new Map(
    articles.map((a) => [a.id, `${a.title}${a.source ? `  [${a.source}]` : ""}`]),
  );
  const gold = goldLabels(articles);
  const pred = new Map(clusterAll(articles.map(engineInput)).map((a) => [a.articleId, a.storyId]));
  const s = scoreClustering(pred, gold).bcubed;
  const n = articles.length;
  console.log(
    `\n## ${set}: B³ P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)} (${n} articles)`,
  );
  const show = (heading: string, of: Map<string, string[]>, by: Map<string, string>) => {
    const ranked = [...of.values()]
      .map((m) => ({ m, cost: loss(m, by) / n }))
      .filter((x) => x.cost > 0)
      .sort((a, b) => b.cost - a.cost)
      .slice(0, top);
    console.log(`\n### ${heading}`);
    for (const { m, cost } of ranked) {
      console.log(
        `- cost ${cost.toFixed(4)}: ${m.length} articles in ${parts(m, by).length} parts`,
      );
      for (const p of parts(m, by).slice(0, 6)) {
        console.log(`  - part of ${p.length}:`);
        for (const id of p.slice(0, titlesShown)) console.log(`    - ${title.get(id)}`);
      }
    }
  };
  show("False merges (predicted stories mixing gold stories; precision lost)", groups(pred), gold);
  show("Missed joins (gold stories split; recall lost)", groups(gold), pred);
}
