// Store benchmark on a real SQLite file: ingest rate (with dedupe and near-duplicate lookup)
// against a baseline of plain INSERTs of the same rows, the ingest cost per 10,000-article slice
// (it should stay roughly flat as the store grows), per-article assignment commits, the restart
// read of a window, story listing, search, and retention in batches. The articles come from the
// synthetic stream (src/eval/synthetic.ts): big stories whose many similar articles share band
// keys, which is what made near-duplicate lookup slow down with size before schema version 6.
// Run: node --import tsx bench/store.ts [--articles 100000]

import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { intFlag, scriptFlags } from "../scripts/args.ts";
import { canonicalUrl } from "../src/articles/url.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";
import { SqliteStore } from "../src/store/sqlite/store.ts";
import type { NewArticle } from "../src/store/types.ts";
import { syntheticNewArticle } from "./synthetic-articles.ts";

const args = scriptFlags(
  import.meta.filename,
  "node --import tsx bench/store.ts [--articles 100000]",
  {
    articles: { type: "string", default: "100000" },
  },
);
const N = intFlag(import.meta.filename, "articles", args.articles, 1000);
const BATCH = 200;
const SLICE = 10_000;
const STORY_SIZE = 5;

const items: NewArticle[] = [];
for (const a of syntheticStream({ articles: N, seed: 7 })) {
  items.push({
    ...syntheticNewArticle(a),
    url: `${a.url}?utm_source=rss`,
    canonicalUrl: null,
    fetchedAt: a.published + 60_000,
  });
}
const T0 = items[0].published ?? 0;

const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "storyline-bench-store-"));
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};
const rate = (n: number, t: number) => `${Math.round((n / t) * 1000).toLocaleString("en")}/s`;

try {
  // Baseline: the same rows with one plain INSERT each, in the same batch transactions.
  const base = new Database(join(dir, "baseline.db"));
  base.pragma("journal_mode = WAL");
  base.pragma("synchronous = NORMAL");
  base.exec(
    "CREATE TABLE a (id INTEGER PRIMARY KEY, url TEXT, canonical TEXT, title TEXT, text TEXT, source TEXT, at INTEGER)",
  );
  const ins = base.prepare(
    "INSERT INTO a (url, canonical, title, text, source, at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  let t = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  for (let i = 0; i < N; i += BATCH) {
    base.transaction(() => {
      for (const x of items.slice(i, i + BATCH)) {
        ins.run(x.url, canonicalUrl(x.url), x.title, x.text, x.source, x.published);
      }
    })();
  }
  const baseMs = ms(t);
  const baseCpu = cpuMs(cpu);
  base.close();

  const store = await SqliteStore.open(join(dir, "store.db"));
  t = process.hrtime.bigint();
  cpu = process.cpuUsage();
  let nearDuplicates = 0;
  let worstBatch = 0;
  const slices: { end: number; wallMs: number; cpuMs: number }[] = [];
  let sliceT = process.hrtime.bigint();
  let sliceCpu = process.cpuUsage();
  for (let i = 0; i < N; i += BATCH) {
    const tb = process.hrtime.bigint();
    const r = await store.ingest(items.slice(i, i + BATCH));
    worstBatch = Math.max(worstBatch, ms(tb));
    nearDuplicates += r.nearDuplicates;
    const end = Math.min(N, i + BATCH);
    if (end % SLICE === 0 || end === N) {
      slices.push({ end, wallMs: ms(sliceT), cpuMs: cpuMs(sliceCpu) });
      sliceT = process.hrtime.bigint();
      sliceCpu = process.cpuUsage();
    }
  }
  const ingestMs = ms(t);
  const ingestCpu = cpuMs(cpu);
  // Re-polling the same items: every one is a sighting.
  t = process.hrtime.bigint();
  const repoll = await store.ingest(items.slice(0, 10_000));
  const repollMs = ms(t);

  const stored = await store.unassignedArticles(N);
  t = process.hrtime.bigint();
  for (const [i, a] of stored.entries()) {
    const sid = `s${Math.floor(i / STORY_SIZE)}`;
    await store.commitAssignment(
      { articleId: a.id, storyId: sid, eventId: sid, score: 0.5, threshold: 0.4 },
      {
        id: sid,
        headline: a.title,
        summary: a.text.slice(0, 120),
        entities: [],
        firstSeen: T0,
        lastSeen: a.published ?? T0,
        articleCount: (i % STORY_SIZE) + 1,
        outletCount: (i % STORY_SIZE) + 1,
        lang: a.lang,
        status: "active",
        mergedInto: null,
        updatedAt: a.fetchedAt,
      },
      [{ storyId: sid, type: i % STORY_SIZE === 0 ? "created" : "grew", at: a.fetchedAt }],
    );
  }
  const commitMs = ms(t);

  t = process.hrtime.bigint();
  const window = await store.assignedArticlesSince(0);
  const restartMs = ms(t);

  const timeIt = async (f: () => Promise<unknown>, runs = 20) => {
    const t1 = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) await f();
    return ms(t1) / runs;
  };
  const listMs = await timeIt(() => store.listStories({ limit: 50 }));
  const page5 = await (async () => {
    let cursor: string | null = null;
    for (let i = 0; i < 4; i++)
      cursor = (await store.listStories({ limit: 50, cursor })).nextCursor;
    return timeIt(() => store.listStories({ limit: 50, cursor }));
  })();
  const sourceMs = await timeIt(() => store.listStories({ limit: 50, source: "Outlet 7" }));
  const langMs = await timeIt(() => store.listStories({ limit: 50, lang: "de" }));
  const words = items.slice(0, 20).map((x) => x.title.split(" ").slice(0, 2).join(" "));
  let qi = 0;
  const searchMs = await timeIt(() => store.search(words[qi++ % words.length], 20));
  const sizeMb = statSync(join(dir, "store.db")).size / 1e6;

  t = process.hrtime.bigint();
  let pruned = 0;
  let worstPrune = 0;
  const before = (items[Math.floor(N / 2)].fetchedAt as number) + 1;
  for (;;) {
    const tb = process.hrtime.bigint();
    const r = await store.prune(before, 1000);
    worstPrune = Math.max(worstPrune, ms(tb));
    pruned += r.articles;
    if (r.articles < 1000) break;
  }
  const pruneMs = ms(t);
  await store.close();

  const rows: [string, string][] = [
    [`articles`, N.toLocaleString("en")],
    [
      `baseline: plain INSERT, batches of ${BATCH}`,
      `${rate(N, baseMs)} (${baseMs.toFixed(0)} ms, CPU ${baseCpu.toFixed(0)} ms)`,
    ],
    [
      "store.ingest (dedupe + sightings + MinHash + FTS)",
      `${rate(N, ingestMs)} (${ingestMs.toFixed(0)} ms, CPU ${ingestCpu.toFixed(0)} ms = ${rate(N, ingestCpu)} of CPU)`,
    ],
    ["worst ingest batch", `${worstBatch.toFixed(1)} ms`],
    ["near-duplicates linked", `${nearDuplicates} (${((nearDuplicates / N) * 100).toFixed(2)}%)`],
    [
      "re-poll of 10,000 stored items",
      `${rate(10_000, repollMs)}, ${repoll.sightings} sightings, ${repoll.inserted.length} new`,
    ],
    ["commitAssignment (1 transaction each)", `${rate(N, commitMs)}`],
    [
      `restart read: assignedArticlesSince (${window.length.toLocaleString("en")})`,
      `${restartMs.toFixed(0)} ms`,
    ],
    ["listStories 50, first page", `${listMs.toFixed(2)} ms`],
    ["listStories 50, fifth page (cursor)", `${page5.toFixed(2)} ms`],
    ["listStories 50, source filter", `${sourceMs.toFixed(2)} ms`],
    ["listStories 50, lang filter", `${langMs.toFixed(2)} ms`],
    ["search (2 words), 20 hits", `${searchMs.toFixed(2)} ms`],
    ["database file", `${sizeMb.toFixed(0)} MB`],
    [
      `prune ${pruned.toLocaleString("en")} articles, batches of 1000`,
      `${rate(pruned, pruneMs)}, worst batch ${worstPrune.toFixed(1)} ms`,
    ],
    ["peak RSS", `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(58)} ${v}`);
  // Per slice: CPU per article (steadier than wall time on a shared machine) and its ratio to
  // the first slice; a store whose ingest cost grows with its size shows a rising ratio.
  console.log("\ningest per slice (articles stored at the end of the slice)");
  let from = 0;
  const first = slices[0];
  for (const sl of slices) {
    const n = sl.end - from;
    const cpuUs = (sl.cpuMs * 1000) / n;
    const ratio = cpuUs / ((first.cpuMs * 1000) / first.end);
    console.log(
      `  ${sl.end.toLocaleString("en").padStart(9)}  ${rate(n, sl.wallMs).padStart(9)} wall  ${cpuUs.toFixed(0).padStart(5)} µs CPU/article  x${ratio.toFixed(2)}`,
    );
    from = sl.end;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
