// Quiet marking's store read (Store.staleStories, every housekeeping pass): active stories whose
// last article is older than the quiet horizon, at most 1,000, oldest first. Timed on a store of
// --stories story records, nearly all long quiet, with --stale active ones just past the horizon
// and --live active ones inside it, two cases: a backlog (the stale ones there) and the steady
// state (none: the usual pass). Each with the partial index of active stories (migration 9 /
// PostgreSQL 7) and, in the same run, without it (dropped): the baseline.
//
//   node --import tsx bench/quiet.ts [--stories 300000] [--stale 2000] [--live 20000] [--store TARGET]
//
// TARGET: a SQLite file (default: a temporary one) or a PostgreSQL URL of an empty schema.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { intFlag, scriptFlags } from "../scripts/args.ts";
import { openStore } from "../src/store/open.ts";
import { PostgresStore } from "../src/store/postgres/store.ts";
import { SqliteStore } from "../src/store/sqlite/store.ts";
import type { Store, StoryRecord } from "../src/store/types.ts";

const usage =
  "node --import tsx bench/quiet.ts [--stories 300000] [--stale 2000] [--live 20000] [--store TARGET]";
const values = scriptFlags(import.meta.filename, usage, {
  stories: { type: "string", default: "300000" },
  stale: { type: "string", default: "2000" },
  live: { type: "string", default: "20000" },
  store: { type: "string" },
});
const total = intFlag(import.meta.filename, "stories", values.stories);
const stale = intFlag(import.meta.filename, "stale", values.stale, 0);
const live = intFlag(import.meta.filename, "live", values.live, 0);

const DAY = 86_400_000;
const HORIZON = 1000 * DAY;
const PAGE = 1000;
const RUNS = 15;

/** Story i of `total`: the oldest quiet, then `stale` active just before the horizon, then `live`. */
function record(i: number): StoryRecord {
  const quiet = total - stale - live;
  const lastSeen =
    i < quiet
      ? HORIZON - 2 * DAY - (quiet - i) * 10_000
      : i < quiet + stale
        ? HORIZON - DAY + (i - quiet)
        : HORIZON + (i - quiet - stale) * 1000;
  return {
    id: `s${i}`,
    headline: `Story ${i}`,
    summary: "",
    entities: [],
    firstSeen: lastSeen - 3_600_000,
    lastSeen,
    articleCount: 1,
    outletCount: 1,
    lang: "en",
    status: i < quiet ? "quiet" : "active",
    mergedInto: null,
    updatedAt: lastSeen,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(store: Store, before: number, want: number): Promise<number> {
  const ms: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const got = await store.staleStories(before, PAGE);
    ms.push(performance.now() - t0);
    if (got.length !== want) throw new Error(`${got.length} stale stories, expected ${want}`);
  }
  return median(ms);
}

const dir = values.store ? null : mkdtempSync(join(tmpdir(), "storyline-quiet-bench-"));
const store = await openStore(values.store ?? join(dir!, "quiet.db"));
try {
  const t0 = performance.now();
  for (let i = 0; i < total; i += 10_000) {
    const stories = Array.from({ length: Math.min(10_000, total - i) }, (_, j) => record(i + j));
    await store.commitChanges({ assignments: [], stories, events: [] });
  }
  console.log(
    `${store.constructor.name}: ${total} stories (${stale} stale active, ${live} live), filled in ${((performance.now() - t0) / 1000).toFixed(1)} s; load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
  // Backlog: the stale stories (a page of them); steady: a horizon before all of them (none).
  const cases = [
    { name: "backlog", before: HORIZON, want: Math.min(stale, PAGE) },
    { name: "steady", before: HORIZON - DAY, want: 0 },
  ];
  const withIndex: number[] = [];
  for (const c of cases) withIndex.push(await time(store, c.before, c.want));
  if (store instanceof SqliteStore) store.db.exec("DROP INDEX stories_active");
  else if (store instanceof PostgresStore) await store.pool.query("DROP INDEX stories_active");
  const without: number[] = [];
  for (const c of cases) without.push(await time(store, c.before, c.want));
  console.log("| case | with the index (ms, median) | without it (ms, median) |");
  console.log("|---|---|---|");
  cases.forEach((c, i) => {
    console.log(`| ${c.name} | ${withIndex[i].toFixed(2)} | ${without[i].toFixed(2)} |`);
  });
  console.log(
    `load after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
} finally {
  await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
