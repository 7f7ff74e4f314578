// `storyline replay FILE.jsonl`: serves a labelled data set as RSS feeds on 127.0.0.1, releasing
// articles at their published times (scaled), runs the whole live pipeline against them and
// scores the stories it built, like `storyline eval` does for batch clustering.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../config.ts";
import { type Evaluation, evaluate } from "../../eval/evaluate.ts";
import type { Scores } from "../../eval/metrics.ts";
import { type ReplayStats, runReplay } from "../../eval/replay-run.ts";
import { createLogger } from "../../pipeline/log.ts";
import { startWeb } from "../../pipeline/web.ts";
import { openStore } from "../../store/open.ts";
import { clusterAll } from "../../stories/stream.ts";
import { choiceFlag, numberFlag, parseFlags } from "../args.ts";
import { loadArticles } from "../batch.ts";
import { type Command, UsageError } from "../command.ts";
import { progress } from "../progress.ts";

const usage = `Usage: storyline replay FILE.jsonl [--speed 600] [--json] [--data DIR] [--db TARGET] [--serve]
                        [--granularity story|event] [--strict] [--config FILE]

Serves FILE.jsonl as real RSS feeds from a local HTTP server (one feed per outlet), releasing each
article at its published time on a clock running --speed times faster than real time (articles
without a time are spread over the run in file order), and runs the live pipeline against those
feeds: polling with conditional GET, storing, deduplicating, clustering as articles arrive. When
every article has been released, fetched and clustered it prints the same scores as
storyline eval (live replay beside batch clustering of the same file).

  --speed X         virtual seconds per real second (default 600: an hour in 6 s)
  --json            print one JSON object: eval's fields plus "replay" (counts and timings)
  --data DIR        keep the store in DIR (must hold no articles yet; default: a temporary folder)
  --db TARGET       SQLite file or postgres:// URL instead of DIR/storyline.db
  --serve           keep serving the web page on the replayed stories until interrupted
  --granularity G   story (default) or event
  --strict          stop at the first bad input line instead of skipping it
  --config FILE     JSON config file (port, host, log level... as for storyline serve)`;

const f = (x: number) => x.toFixed(3);

function row(name: string, s: Scores, rate: number): string {
  return [
    name.padEnd(16),
    f(s.bcubed.precision),
    f(s.bcubed.recall),
    f(s.bcubed.f1),
    f(s.pairwise.precision),
    f(s.pairwise.recall),
    f(s.pairwise.f1),
    f(s.nmi),
    f(s.ari).padStart(6),
    String(s.predicted_clusters).padStart(7),
    String(Math.round(rate)).padStart(10),
  ].join("  ");
}

function humanReport(
  file: string,
  scores: Scores,
  stats: ReplayStats,
  batch: Evaluation | null,
): string {
  const lines = [
    `${file}: ${stats.total} articles from ${stats.feeds} feeds replayed at ${stats.speed}x in ${stats.seconds.toFixed(1)} s`,
    `stored ${stats.stored} (${stats.sightings} repeat sightings), ${stats.stories} stories; ${stats.requests} feed requests, ${stats.notModified} answered 304`,
  ];
  if (batch) {
    lines.push(
      "",
      `${"".padEnd(16)}  ---------- BCubed ---------  --------- pairwise --------`,
      `${"method".padEnd(16)}  prec.  recall  F1     prec.  recall  F1     NMI    ARI     stories  articles/s`,
      row("live replay", scores, stats.articlesPerSecond),
      row("batch", batch.scores, batch.articles_per_second),
    );
  } else lines.push('(no "cluster" labels in the file: nothing to score)');
  return `${lines.join("\n")}\n`;
}

const command: Command = {
  name: "replay",
  summary: "replay a labelled data set as live feeds through the whole pipeline and score it",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        speed: { type: "string" },
        json: { type: "boolean", default: false },
        data: { type: "string" },
        db: { type: "string" },
        serve: { type: "boolean", default: false },
        granularity: { type: "string" },
        strict: { type: "boolean", default: false },
        config: { type: "string" },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expects one FILE.jsonl\n${usage}`);
    const [file] = positionals;
    const speed = numberFlag(values.speed, "speed", 600, { min: 0.001 });
    const granularity = choiceFlag(values.granularity, "granularity", ["story", "event"], "story");
    const tempDir =
      values.data || values.db ? null : mkdtempSync(join(tmpdir(), "storyline-replay-"));
    const config = loadConfig({
      configFile: values.config,
      defaults: { "log.level": "warn" },
      flags: {
        dataDir: values.data ?? tempDir ?? undefined,
        db: values.db,
        "clustering.granularity": granularity,
      },
    });
    const articles = await loadArticles(file, values.strict ?? false);
    if (articles.length === 0) throw new Error(`${file} holds no articles`);
    const log = createLogger(config.log);
    const store = await openStore(config.db);
    try {
      const already = await store.countArticles();
      if (already > 0) {
        throw new UsageError(
          `the store ${config.db.replace(/\/\/[^@]*@/, "//***@")} already holds ${already} articles: replay into an empty one`,
        );
      }
      const bar = progress("replaying", articles.length);
      let shown = 0;
      const { scores, stats } = await runReplay({
        articles,
        store,
        log,
        speed,
        config,
        onProgress: (p) => {
          bar.tick(p.clustered - shown);
          shown = p.clustered;
        },
      });
      bar.done();
      const labelled = articles.some((a) => a.cluster !== undefined);
      if (values.json) {
        const out = {
          bcubed: scores.bcubed,
          pairwise: scores.pairwise,
          nmi: scores.nmi,
          ari: scores.ari,
          articles: scores.articles,
          gold_clusters: scores.gold_clusters,
          predicted_clusters: scores.predicted_clusters,
          articles_per_second: stats.articlesPerSecond,
          replay: stats,
        };
        process.stdout.write(`${JSON.stringify(out)}\n`);
      } else {
        const batch = labelled
          ? evaluate(articles, (input) => clusterAll(input, { granularity }))
          : null;
        process.stdout.write(humanReport(file, scores, stats, batch));
      }
      if (values.serve) {
        const web = await startWeb(store, config, null);
        process.stdout.write(`Serving the replayed stories: open ${web.url} (Ctrl-C to stop)\n`);
        await new Promise<void>((resolve) => {
          process.once("SIGINT", resolve);
          process.once("SIGTERM", resolve);
        });
        await web.close();
      }
      return 0;
    } finally {
      await store.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    }
  },
};

export default command;
