// Scores chosen headlines (and summaries) against the editors' on NeuS/AllSides story groups,
// beside two baselines: the first article's title and a random member's title (fixed seed).
//
//   node --import tsx scripts/eval-headlines.ts [--file PATH] [--seed N]
import { resolve } from "node:path";
import { forEachJsonLine } from "../src/eval/dataset.ts";
import { randomInt, seededRandom } from "../src/eval/random.ts";
import { type Rouge, rouge } from "../src/eval/rouge.ts";
import { labelStory } from "../src/stories/label.ts";
import { lede } from "../src/stories/sentences.ts";
import { intFlag, scriptFlags } from "./args.ts";

const script = import.meta.filename;
const values = scriptFlags(
  script,
  "node --import tsx scripts/eval-headlines.ts [--file PATH] [--seed N]",
  {
    file: {
      type: "string",
      default: resolve(import.meta.dirname, "../../shared/data/dev/neus_train_headlines.jsonl"),
    },
    seed: { type: "string", default: "42" },
  },
);

interface Group {
  cluster: string;
  articles: { title: string; text: string }[];
  headline: string;
  summary?: string;
}

const groups: Group[] = [];
await forEachJsonLine(
  values.file!,
  (v) => {
    const g = v as Group;
    if (Array.isArray(g?.articles) && g.articles.length > 0 && typeof g.headline === "string")
      groups.push(g);
  },
  (msg, line) => console.error(`line ${line}: ${msg}`),
);

const random = seededRandom(intFlag(script, "seed", values.seed, 0));
type Sum = { r1: number; r2: number; rl: number };
const sums = new Map<string, Sum>();
const add = (name: string, r: Rouge) => {
  const s = sums.get(name) ?? { r1: 0, r2: 0, rl: 0 };
  s.r1 += r.rouge1.f1;
  s.r2 += r.rouge2.f1;
  s.rl += r.rougeL.f1;
  sums.set(name, s);
};
const summaryGroups = groups.filter((g) => typeof g.summary === "string" && g.summary !== "");
const start = performance.now();
let labelMs = 0;
for (const g of groups) {
  const members = g.articles.map((a) => ({ title: a.title ?? "", text: a.text ?? "" }));
  const t0 = performance.now();
  const label = labelStory(members);
  labelMs += performance.now() - t0;
  add("headline: labelStory", rouge(label.headline, g.headline));
  add("headline: first article's title", rouge(members[0].title, g.headline));
  add(
    `headline: random member's title (seed ${values.seed})`,
    rouge(members[randomInt(random, members.length)].title, g.headline),
  );
  if (typeof g.summary === "string" && g.summary !== "") {
    add("summary: labelStory", rouge(label.summary, g.summary));
    add("summary: first article's lede", rouge(lede(members[0].text, members[0].title), g.summary));
  }
}
const seconds = (performance.now() - start) / 1000;

const lines = [
  `${groups.length} story groups (${summaryGroups.length} with an editor's summary); mean ROUGE F1 against the editors' text.`,
  "",
  "| method | ROUGE-1 | ROUGE-2 | ROUGE-L |",
  "|---|---:|---:|---:|",
];
for (const [name, s] of sums) {
  const n = name.startsWith("summary") ? summaryGroups.length : groups.length;
  lines.push(
    `| ${name} | ${(s.r1 / n).toFixed(4)} | ${(s.r2 / n).toFixed(4)} | ${(s.rl / n).toFixed(4)} |`,
  );
}
lines.push(
  "",
  `labelStory: ${(labelMs / groups.length).toFixed(2)} ms per story; whole run ${seconds.toFixed(1)} s.`,
);
console.log(lines.join("\n"));
