// Sustained ingest rate of the live pipeline: articles per second from replayed RSS feeds to
// stored, clustered, labelled stories (poll -> fetch -> parse -> normalise -> store.ingest ->
// cluster -> label -> commitAssignment), on a real SQLite file, beside a baseline in the same run:
// batch clustering (clusterAll) of the same articles, i.e. the clusterer alone.
//
//   node --import tsx bench/ingest.ts [--articles 5000] [--feeds 50] [--seed 3] [--speed 0]
//                                     [--languages 1]
//
// --speed 0 (default) releases everything at once: the figure is the pipeline's throughput when
// it is the bottleneck. A positive speed replays in (scaled) real time and reports how far the
// pipeline lags behind the feeds.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { scriptFlags, usageError } from "../scripts/args.ts";
import { engineInput } from "../src/eval/evaluate.ts";
import { runReplay } from "../src/eval/replay-run.ts";
import { scheduleReplay } from "../src/eval/replay-schedule.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";
import { createLogger } from "../src/pipeline/log.ts";
import { openStore } from "../src/store/open.ts";
import { clusterAll } from "../src/stories/stream.ts";

const values = scriptFlags(
  import.meta.filename,
  "node --import tsx bench/ingest.ts [--articles 5000] [--feeds 50] [--seed 3] [--speed 0] [--languages 1]",
  {
    articles: { type: "string", default: "5000" },
    feeds: { type: "string", default: "50" },
    seed: { type: "string", default: "3" },
    speed: { type: "string", default: "0" },
    languages: { type: "string", default: "1" },
  },
);
const total = Number(values.articles);
const feeds = Number(values.feeds);
const seed = Number(values.seed);
const speedArg = Number(values.speed);
// --languages N: the feeds declare N languages in turn (the text stays the synthetic English, read
// with each language's stemmer), so the engine runs N language engines; the baseline clusters the
// same articles with the same languages (one clusterer each).
const LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "no", "fi", "ro"];
const languages = Number(values.languages);
if (
  ![total, feeds, seed, languages].every((n) => Number.isInteger(n) && n > 0) ||
  !(speedArg >= 0) ||
  languages > LANGUAGES.length
) {
  usageError(
    import.meta.filename,
    `--articles, --feeds and --seed expect positive integers, --speed a number >= 0, --languages 1 to ${LANGUAGES.length}`,
  );
}

// The synthetic stream's outlets folded onto --feeds feeds (each article keeps its own URL).
const articles = [...syntheticStream({ articles: total, seed })].map((a, i) => ({
  ...a,
  source: `Outlet ${i % feeds}`,
  lang: LANGUAGES[(i % feeds) % languages],
}));
const span = scheduleReplay(articles, { speed: 1 }).at(-1)?.releaseAfterMs ?? 0;
const speed = speedArg > 0 ? speedArg : Math.max(1, span * 1000);

console.log(
  `bench/ingest: ${total.toLocaleString("en")} synthetic articles in ${feeds} feeds (${languages} language${languages > 1 ? "s" : ""}), seed ${seed}; ${speedArg > 0 ? `replayed at ${speedArg}x (${(span / speedArg / 1000).toFixed(1)} s of releases)` : "all released at once"}; node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"})`,
);

// Baseline: the clusterer alone on the same articles.
// CPU seconds (user + system) as well as wall seconds: on a shared machine the wall time
// depends on the load, the CPU time much less.
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};
const t0 = performance.now();
const c0 = process.cpuUsage();
clusterAll(articles.map(engineInput));
const batchSeconds = (performance.now() - t0) / 1000;
const batchCpu = cpuSeconds(c0);

const dir = mkdtempSync(join(tmpdir(), "storyline-bench-ingest-"));
try {
  const store = await openStore(join(dir, "bench.db"));
  const c1 = process.cpuUsage();
  const { stats, scores } = await runReplay({
    articles,
    store,
    log: createLogger({ level: "warn", format: "json" }),
    speed,
    config: {
      clustering: { windowMs: null, granularity: "story" },
      quietAfterMs: 86_400_000,
      retention: { horizonMs: 3650 * 86_400_000, intervalMs: 3_600_000, batchSize: 1000 },
    },
    settleTimeoutMs: 600_000,
  });
  await store.close();
  // The process's CPU, the replay's feed server included (it serves the feeds from this process).
  const pipelineCpu = cpuSeconds(c1);
  const rss = process.resourceUsage().maxRSS / 1024;
  const rows = [
    [
      "pipeline (feeds -> stored, clustered stories)",
      stats.articlesPerSecond,
      stats.seconds,
      pipelineCpu,
    ],
    ["baseline: batch clusterAll, same articles", total / batchSeconds, batchSeconds, batchCpu],
  ] as const;
  console.log("");
  console.log(`${"".padEnd(48)}  articles/s   seconds  CPU s  CPU ms/article`);
  for (const [name, rate, secs, cpu] of rows) {
    console.log(
      `${name.padEnd(48)}  ${rate.toFixed(0).padStart(10)}  ${secs.toFixed(1).padStart(8)}  ${cpu.toFixed(1).padStart(5)}  ${((cpu * 1000) / total).toFixed(2).padStart(14)}`,
    );
  }
  console.log(`pipeline CPU / baseline CPU: ${(pipelineCpu / batchCpu).toFixed(2)}`);
  console.log("");
  console.log(
    `stored ${stats.stored}, ${stats.stories} stories (B3 F1 ${scores.bcubed.f1.toFixed(3)}); ${stats.requests} feed requests, ${stats.notModified} answered 304; peak RSS ${rss.toFixed(0)} MB`,
  );
  console.log(
    `the pipeline keeps ${((stats.articlesPerSecond / (total / batchSeconds)) * 100).toFixed(0)}% of the clusterer's own rate; ${(stats.articlesPerSecond * 86400).toLocaleString("en", { maximumFractionDigits: 0 })} articles a day at this rate`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
