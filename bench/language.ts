// Language detection (src/stories/language.ts) on the labelled sentences of the tests
// (test/stories/language-fixtures.ts: headlines, headlines with a lede, other scripts, short
// English titles of foreign names), how often it names another language than English for the
// English dev sets' articles (title and text, title alone) and the synthetic stream, and what it
// costs a text.
//
//   node --import tsx bench/language.ts [--articles 20000] [--rounds 5]
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { intFlag, scriptFlags } from "../scripts/args.ts";
import { DEV_SETS } from "../scripts/dev-sets.ts";
import { readArticlesJsonl } from "../src/eval/dataset.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";
import { detectLanguage } from "../src/stories/language.ts";
import { HEADLINES, LEDES, SCRIPTS, SHORT_ENGLISH } from "../test/stories/language-fixtures.ts";

const script = import.meta.filename;
const values = scriptFlags(
  script,
  "node --import tsx bench/language.ts [--articles 20000] [--rounds 5]",
  {
    articles: { type: "string", default: "20000" },
    rounds: { type: "string", default: "5" },
  },
);
const n = intFlag(script, "articles", values.articles);
const rounds = intFlag(script, "rounds", values.rounds);
const detect = (text: string) => detectLanguage(text.normalize("NFKC"));

console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);

/** Named right, unnamed (read as English) and named wrong, over labelled texts. */
function score(labelled: [string, string][]): string {
  let right = 0;
  let unnamed = 0;
  const wrong: string[] = [];
  for (const [lang, text] of labelled) {
    const got = detect(text);
    if (got === lang) right++;
    else if (got === null) unnamed++;
    else wrong.push(`${lang} as ${got}: ${text.slice(0, 50)}`);
  }
  return `${right} named right, ${unnamed} unnamed, ${wrong.length} named wrong${wrong.map((w) => `\n    ${w}`).join("")}`;
}
const flat = (by: Record<string, string[]>) =>
  Object.entries(by).flatMap(([lang, texts]) => texts.map((t): [string, string] => [lang, t]));
const headlines = flat(HEADLINES);
console.log(`\nnon-English headlines: ${score(headlines.filter(([l]) => l !== "en"))}`);
console.log(`English headlines: ${score(headlines.filter(([l]) => l === "en"))}`);
console.log(`headlines with a lede: ${score(flat(LEDES))}`);
console.log(`other scripts: ${score(SCRIPTS)}`);
console.log(
  `short English titles: ${score(SHORT_ENGLISH.map((t): [string, string] => ["en", t]))}`,
);

/** How many texts get each answer. */
function answers(texts: string[]): string {
  const counts = new Map<string, number>();
  for (const t of texts) {
    const got = detect(t) ?? "unnamed";
    counts.set(got, (counts.get(got) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toLocaleString("en")}`)
    .join(", ");
}
const devDir = resolve(import.meta.dirname, "../../shared/data/dev");
const timed: string[] = [];
if (existsSync(devDir)) {
  console.log("\nEnglish dev sets (title + first 1,500 characters of text | title alone):");
  for (const set of DEV_SETS) {
    const { articles } = await readArticlesJsonl(join(devDir, `${set}.jsonl`));
    const whole = articles.map((a) => `${a.title}\n${(a.text ?? "").slice(0, 1500)}`);
    timed.push(...whole);
    console.log(`  ${set}: ${answers(whole)} | ${answers(articles.map((a) => a.title))}`);
  }
}
const synthetic = [...syntheticStream({ articles: n, seed: 1 })].map(
  (a) => `${a.title}\n${a.text}`,
);
console.log(`synthetic (${n.toLocaleString("en")} titles + ledes): ${answers(synthetic)}`);

// Cost: µs per text, median of the rounds, on the synthetic texts and the dev sets' texts.
for (const [name, texts] of [
  ["synthetic", synthetic],
  ["dev sets", timed],
] as const) {
  if (texts.length === 0) continue;
  const times: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t = performance.now();
    for (const text of texts) detectLanguage(text);
    if (r > 0) times.push(((performance.now() - t) * 1000) / texts.length);
  }
  times.sort((a, b) => a - b);
  console.log(
    `detection ${name}: median ${times[Math.floor(times.length / 2)].toFixed(1)} µs/text (min ${times[0].toFixed(1)})`,
  );
}
