// `storyline eval FILE.jsonl [--json]`: clusters a labelled file and scores the result against
// its gold `cluster` labels, beside the two baselines (human form only).
import { type ClusterFn, type Evaluation, evaluate } from "../../eval/evaluate.ts";
import { singletons, tfidfSinglePass } from "../../stories/baselines.ts";
import { choiceFlag, parseFlags } from "../args.ts";
import { clusterWithProgress, loadArticles } from "../batch.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";

const usage = `Usage: storyline eval FILE.jsonl [--json] [--granularity event|story] [--strict]

Clusters FILE.jsonl and scores the stories against the articles' "cluster" labels: BCubed and
pairwise precision/recall/F1, NMI, ARI, predicted and gold story counts, articles per second.
The human form also scores two baselines: (a) single-pass TF-IDF cosine to story centroids with
one global threshold, (b) every article its own story. Articles without a label are clustered
but not scored.

  --json            print one JSON object: {"bcubed":{"precision","recall","f1"},"pairwise":{...},
                    "nmi","ari","articles","gold_clusters","predicted_clusters","articles_per_second"}
  --granularity G   story (default) or event
  --strict          stop at the first bad input line instead of skipping it`;

const f = (x: number) => x.toFixed(3);

function row(name: string, e: Evaluation): string {
  const s = e.scores;
  return [
    name.padEnd(24),
    f(s.bcubed.precision),
    f(s.bcubed.recall),
    f(s.bcubed.f1),
    f(s.pairwise.precision),
    f(s.pairwise.recall),
    f(s.pairwise.f1),
    f(s.nmi),
    f(s.ari).padStart(6),
    String(s.predicted_clusters).padStart(7),
    String(Math.round(e.articles_per_second)).padStart(10),
  ].join("  ");
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
        strict: { type: "boolean", default: false },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expects one FILE.jsonl\n${usage}`);
    const granularity = choiceFlag(values.granularity, "granularity", ["event", "story"], "story");
    const [file] = positionals;
    const articles = await loadArticles(file, values.strict ?? false);
    if (!articles.some((a) => a.cluster !== undefined)) {
      throw new Error(`${file} has no articles with a "cluster" label to score against`);
    }
    const engine: ClusterFn = (input) => clusterWithProgress(input, granularity);
    const result = evaluate(articles, engine);
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
      `${"".padEnd(24)}  ---------- BCubed ---------  --------- pairwise --------`,
      `${"method".padEnd(24)}  prec.  recall  F1     prec.  recall  F1     NMI    ARI     stories  articles/s`,
      row("engine", result),
      ...baselines.map(([name, fn]) => row(name, evaluate(articles, fn))),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
};

export default command;
