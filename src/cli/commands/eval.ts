// `storyline eval FILE.jsonl [--json]`: clusters a labelled file and scores the result against
// its gold `cluster` labels, beside the two baselines (human form only).
import { type ClusterFn, type Evaluation, evaluate, evaluateAsync } from "../../eval/evaluate.ts";
import { singletons, tfidfSinglePass } from "../../stories/baselines.ts";
import { choiceFlag, parseFlags } from "../args.ts";
import { clusterWithProgress, loadArticles, THREADS_USAGE, threadsFlag } from "../batch.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";

const usage = `Usage: storyline eval FILE.jsonl [--json] [--granularity event|story] [--threads N]
                      [--strict]

Clusters FILE.jsonl and scores the stories against the articles' "cluster" labels: BCubed and
pairwise precision/recall/F1, NMI, ARI, predicted and gold story counts, articles per second.
The human form also scores two baselines: (a) single-pass TF-IDF cosine to story centroids with
one global threshold, (b) every article its own story. Articles without a label are clustered
but not scored.

  --json            print one JSON object: {"bcubed":{"precision","recall","f1"},"pairwise":{...},
                    "nmi","ari","articles","gold_clusters","predicted_clusters","articles_per_second"}
  --granularity G   story (default) or event
${THREADS_USAGE}
  --strict          stop at the first bad input line instead of skipping it`;

const f = (x: number) => x.toFixed(3);

const HEADER = [
  "method",
  "prec.",
  "recall",
  "F1",
  "prec.",
  "recall",
  "F1",
  "NMI",
  "ARI",
  "stories",
  "articles/s",
];
/** Column spans of the group titles above the header: [title, first column, last column]. */
const GROUPS: [string, number, number][] = [
  ["BCubed", 1, 3],
  ["pairwise", 4, 6],
];
const GAP = "  ";

function cells(name: string, e: Evaluation): string[] {
  const s = e.scores;
  return [
    name,
    f(s.bcubed.precision),
    f(s.bcubed.recall),
    f(s.bcubed.f1),
    f(s.pairwise.precision),
    f(s.pairwise.recall),
    f(s.pairwise.f1),
    f(s.nmi),
    f(s.ari),
    String(s.predicted_clusters),
    String(Math.round(e.articles_per_second)),
  ];
}

/**
 * The score table: column widths from the widest cell, the method name left-aligned and every
 * number right-aligned under its header, with the BCubed and pairwise titles over their columns.
 */
export function scoreTable(rows: string[][]): string[] {
  const all = [HEADER, ...rows];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join(GAP)
      .trimEnd();
  let groups = "";
  let at = 0;
  for (const [title, from, to] of GROUPS) {
    const start = widths.slice(0, from).reduce((a, w) => a + w + GAP.length, 0);
    const span = widths.slice(from, to + 1).reduce((a, w) => a + w, 0) + GAP.length * (to - from);
    const dashes = Math.max(2, span - title.length - 2);
    const left = "-".repeat(Math.floor(dashes / 2));
    const right = "-".repeat(Math.ceil(dashes / 2));
    groups += `${" ".repeat(start - at)}${`${left} ${title} ${right}`.slice(0, Math.max(span, title.length))}`;
    at = start + Math.max(span, title.length);
  }
  return [groups, ...all.map(line)];
}

const command: Command = {
  name: "eval",
  summary: "cluster a labelled JSON Lines file and score it against its labels",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        json: { type: "boolean", default: false },
        granularity: { type: "string" },
        threads: { type: "string" },
        strict: { type: "boolean", default: false },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expects one FILE.jsonl\n${usage}`);
    const granularity = choiceFlag(values.granularity, "granularity", ["event", "story"], "story");
    const [file] = positionals;
    const threads = threadsFlag(values.threads);
    const articles = await loadArticles(file, values.strict ?? false);
    if (!articles.some((a) => a.cluster !== undefined)) {
      throw new Error(`${file} has no articles with a "cluster" label to score against`);
    }
    const result = await evaluateAsync(articles, (input) =>
      clusterWithProgress(input, granularity, threads),
    );
    if (values.json) {
      const s = result.scores;
      const out = {
        bcubed: s.bcubed,
        pairwise: s.pairwise,
        nmi: s.nmi,
        ari: s.ari,
        articles: s.articles,
        gold_clusters: s.gold_clusters,
        predicted_clusters: s.predicted_clusters,
        articles_per_second: result.articles_per_second,
      };
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return 0;
    }
    const baselines: [string, ClusterFn][] = [
      ["(a) tf-idf single pass", (input) => tfidfSinglePass(input)],
      ["(b) singletons", (input) => singletons(input)],
    ];
    const s = result.scores;
    const lines = [
      `${file}: ${s.articles} labelled articles in ${s.gold_clusters} gold stories (granularity ${granularity})`,
      "",
      ...scoreTable([
        cells("engine", result),
        ...baselines.map(([name, fn]) => cells(name, evaluate(articles, fn))),
      ]),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
};

export default command;
