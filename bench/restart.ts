// Restart time: how long the engine takes to rebuild its clusterer from a store of 100,000 and
// 1,000,000 articles (the active window of them), with peak RSS, beside a baseline measured the
// same way: only reading the window's articles from the store, without rebuilding anything.
//
//   node --import tsx bench/restart.ts [--sizes 100000,1000000] [--per-day 25000] [--keep DIR]
//
// Stores are filled with a synthetic stream (src/eval/synthetic.ts) at --per-day articles a day,
// every article assigned to its event's story, as the pipeline would have left them. Each
// measurement runs in a fresh process so that its peak RSS is its own. --keep DIR keeps (and
// reuses) the filled stores, which take a while to build.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { syntheticStream } from "../src/eval/synthetic.ts";
import { Engine } from "../src/pipeline/engine.ts";
import { createLogger } from "../src/pipeline/log.ts";
import { openStore } from "../src/store/open.ts";
import { SqliteStore } from "../src/store/sqlite/store.ts";
import type { AssignmentWrite, NewArticle, StoryRecord } from "../src/store/types.ts";
import { storyFoundedBy, syntheticNewArticle } from "./synthetic-articles.ts";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "100000,1000000" },
    "per-day": { type: "string", default: "25000" },
    keep: { type: "string" },
    // Internal: measure one store in this process and print JSON.
    measure: { type: "string" },
    mode: { type: "string" },
  },
});

const DAY = 86_400_000;
const WINDOW_MS = 4 * DAY; // the clusterer's default story window
const config = {
  clustering: { windowMs: WINDOW_MS, granularity: "story" as const },
  quietAfterMs: DAY,
  retention: { horizonMs: 3650 * DAY, intervalMs: 3_600_000, batchSize: 1000 },
};

if (values.measure) {
  // Child: open the store and either only read the window (baseline) or start the engine.
  const store = await openStore(values.measure);
  const newest = (await store.listStories({ limit: 1 })).items[0]?.lastSeen ?? Date.now();
  const t0 = performance.now();
  let restored: number;
  if (values.mode === "read") {
    restored = (await store.assignedArticlesSince(newest - WINDOW_MS)).length;
  } else {
    const engine = new Engine({
      store,
      log: createLogger({ level: "silent", format: "json" }),
      config,
    });
    await engine.start();
    restored = engine.stats.restored;
    await engine.stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${JSON.stringify({ seconds, restored, rssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
  await store.close();
  process.exit(0);
}

const sizes = values.sizes.split(",").map(Number);
const perDay = Number(values["per-day"]);
if (!sizes.every((n) => Number.isInteger(n) && n > 0) || !(perDay > 0)) {
  console.error(
    "--sizes expects positive integers separated by commas, --per-day a positive number",
  );
  process.exit(2);
}

async function fill(path: string, n: number): Promise<number> {
  // The synthetic stream is templated text on purpose, so near-duplicate candidates (within the
  // store's default 7 days) pile up and make filling slow; they play no part in a restart, so the
  // fill looks for them within a millisecond only. The schema and every other write are the same.
  const store = await SqliteStore.open(path, { nearDuplicateWindowMs: 1 });
  // A large page cache keeps the fill of a million articles from slowing down as indexes grow.
  store.db.pragma("cache_size = -262144");
  const have = await store.countArticles();
  if (have === n) {
    await store.close();
    return 0;
  }
  if (have > n) throw new Error(`${path} holds ${have} articles, more than ${n}: remove it`);
  // An interrupted fill resumes where it stopped (the stream is the same for the same seed).
  if (have > 0) {
    process.stderr.write(`  resuming the fill of ${path} at ${have}\n`);
    // Articles an interruption left between their ingest and their assignment: the synthetic
    // ids ("syn-EVENT-K") name their gold event, hence their story.
    const left = await store.unassignedArticles(10_000);
    const assignments = left.map((a) => {
      const storyId = `s-event-${a.guid!.split("-")[1]}`;
      return { articleId: a.id, storyId, eventId: storyId, score: 1, threshold: 0.5 };
    });
    const missing = [...new Set(assignments.map((x) => x.storyId))];
    const known = new Set((await store.getStories(missing)).map((r) => r.id));
    const records: StoryRecord[] = missing
      .filter((id) => !known.has(id))
      .map((id) => {
        const a = left.find((x) => `s-event-${x.guid!.split("-")[1]}` === id)!;
        const t = a.published ?? a.fetchedAt;
        return {
          id,
          headline: a.title,
          summary: "",
          entities: [],
          firstSeen: t,
          lastSeen: t,
          articleCount: 1,
          outletCount: 1,
          lang: "en",
          status: "active",
          mergedInto: null,
          updatedAt: t,
        };
      });
    await store.commitChanges({ assignments, stories: records, events: [] });
  }
  const t0 = performance.now();
  const stories = new Map<string, StoryRecord>();
  let batch: NewArticle[] = [];
  let gold: string[] = [];
  const flush = async () => {
    const { inserted } = await store.ingest(batch);
    const assignments: AssignmentWrite[] = [];
    const touched = new Map<string, StoryRecord>();
    for (const g of gold) {
      const id = `s-${g}`;
      if (!stories.has(id)) {
        const stored = await store.getStory(id);
        if (stored) stories.set(id, stored);
      }
    }
    inserted.forEach((a, i) => {
      const storyId = `s-${gold[i]}`;
      const t = a.published ?? a.fetchedAt;
      let s = stories.get(storyId);
      if (!s) {
        s = storyFoundedBy(storyId, a);
        stories.set(storyId, s);
      }
      s.articleCount++;
      s.outletCount = Math.min(s.articleCount, s.outletCount + 1);
      s.lastSeen = Math.max(s.lastSeen, t);
      touched.set(storyId, { ...s });
      assignments.push({ articleId: a.id, storyId, eventId: storyId, score: 1, threshold: 0.5 });
    });
    await store.commitChanges({ assignments, stories: [...touched.values()], events: [] });
    batch = [];
    gold = [];
  };
  let done = 0;
  let skip = have;
  for (const a of syntheticStream({ articles: n, seed: 11, days: Math.max(4, n / perDay) })) {
    if (skip > 0) {
      skip--;
      continue;
    }
    batch.push(syntheticNewArticle(a));
    gold.push(a.cluster);
    if (batch.length === 2000) {
      await flush();
      done += 2000;
      if (done % 100_000 === 0) process.stderr.write(`  filled ${done.toLocaleString("en")}\n`);
    }
  }
  if (batch.length > 0) await flush();
  await store.close();
  return (performance.now() - t0) / 1000;
}

function measure(path: string, mode: "read" | "engine") {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", new URL(import.meta.url).pathname, "--measure", path, "--mode", mode],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as {
    seconds: number;
    restored: number;
    rssMB: number;
  };
}

console.log(
  `bench/restart: stores of ${sizes.map((n) => n.toLocaleString("en")).join(" and ")} synthetic articles at ${perDay.toLocaleString("en")} a day, window ${WINDOW_MS / DAY} days; node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"})`,
);
const dir = values.keep ?? mkdtempSync(join(tmpdir(), "storyline-bench-restart-"));
if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
try {
  console.log("");
  console.log("                          baseline: read window   engine restart (rebuild)");
  console.log("    stored    restored    seconds   peak RSS    seconds    peak RSS   articles/s");
  for (const n of sizes) {
    const path = join(dir, `restart-${n}.db`);
    const fillSeconds = await fill(path, n);
    if (fillSeconds > 0) {
      process.stderr.write(
        `  filled ${n.toLocaleString("en")} articles in ${fillSeconds.toFixed(0)} s\n`,
      );
    }
    const read = measure(path, "read");
    const rebuild = measure(path, "engine");
    console.log(
      [
        n.toLocaleString("en").padStart(10),
        rebuild.restored.toLocaleString("en").padStart(10),
        read.seconds.toFixed(2).padStart(9),
        `${read.rssMB.toFixed(0)} MB`.padStart(9),
        rebuild.seconds.toFixed(2).padStart(10),
        `${rebuild.rssMB.toFixed(0)} MB`.padStart(9),
        Math.round(rebuild.restored / rebuild.seconds)
          .toLocaleString("en")
          .padStart(10),
      ].join("  "),
    );
  }
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
