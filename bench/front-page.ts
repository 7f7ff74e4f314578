// What ranking the front page over every story costs, against two baselines in the same run:
// - "recent 300": what the front page did before, ranking only the 300 most recently active
//   stories (listStories pages + their coverage rows);
// - "all, exact": every story's coverage rows read and ranked (reads every article row);
// - "all, bounded": FrontPage as served (storyRankRows, rankBound, coverage rows only of the
//   stories that can reach the top).
// Over a store made by bench/load.ts (pass its folder; a copy is used, the original is untouched).
// Run: node --import tsx bench/front-page.ts --data DIR [--runs 5]

import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { intFlag, scriptFlags, usageError } from "../scripts/args.ts";
import { FrontPage, RANKED } from "../src/server/front-page.ts";
import { storyCard } from "../src/server/story-data.ts";
import { openStore } from "../src/store/open.ts";
import type { Store, StoryRecord } from "../src/store/types.ts";
import { compareRanked } from "../src/stories/rank.ts";

const USAGE =
  "node --import tsx bench/front-page.ts --data DIR [--runs 5]  (DIR holds load.db from bench/load.ts)";
const args = scriptFlags(import.meta.filename, USAGE, {
  data: { type: "string" },
  runs: { type: "string", default: "5" },
});
if (args.data === undefined)
  usageError(import.meta.filename, `--data is required (usage: ${USAGE})`);
const RUNS = intFlag(import.meta.filename, "runs", args.runs);
const work = mkdtempSync(join(tmpdir(), "storyline-front-bench-"));
copyFileSync(join(args.data, "load.db"), join(work, "load.db"));
const store = await openStore(join(work, "load.db"));

const stories = await store.countStories();
const articles = await store.countArticles();
const now = ((await store.listStories({ limit: 1 })).items[0]?.lastSeen ?? 0) + 3_600_000;

/** The store, counting the stories whose coverage rows are read. */
function counting(s: Store): { store: Store; read: () => number } {
  let read = 0;
  const store = new Proxy(s, {
    get(target, prop, receiver) {
      if (prop === "storySources")
        return (ids: string[]) => {
          read += ids.length;
          return target.storySources(ids);
        };
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return { store, read: () => read };
}

const rankedIds = (records: StoryRecord[], rows: Awaited<ReturnType<Store["storySources"]>>) => {
  const byStory = new Map<string, typeof rows>();
  for (const r of rows) byStory.set(r.storyId, [...(byStory.get(r.storyId) ?? []), r]);
  return records
    .map((s) => storyCard(s, byStory.get(s.id) ?? [], [], now))
    .sort((a, b) =>
      compareRanked(
        { id: a.id, score: a.rank.score, lastSeen: Date.parse(a.lastSeen) },
        { id: b.id, score: b.rank.score, lastSeen: Date.parse(b.lastSeen) },
      ),
    )
    .map((c) => c.id);
};

async function recent300(): Promise<string[]> {
  const records: StoryRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listStories({ limit: 100, cursor });
    records.push(...page.items.filter((s) => s.status !== "merged"));
    cursor = page.nextCursor;
  } while (cursor && records.length < RANKED);
  const top = records.slice(0, RANKED);
  return rankedIds(top, await store.storySources(top.map((s) => s.id)));
}

async function allExact(): Promise<string[]> {
  const rows = await store.storyRankRows({});
  const ids = rows.map((r) => r.id);
  const records: StoryRecord[] = [];
  const sources: Awaited<ReturnType<Store["storySources"]>> = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    records.push(...(await store.getStories(part)));
    sources.push(...(await store.storySources(part)));
  }
  return rankedIds(records, sources);
}

let visited = 0;
async function allBounded(): Promise<string[]> {
  const c = counting(store);
  const front = new FrontPage(
    c.store,
    () => now,
    0,
    () => 0,
  );
  const { cards } = await front.ranked({});
  visited = c.read();
  return cards.map((x) => x.id);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(name: string, f: () => Promise<string[]>) {
  const ms: number[] = [];
  let ids: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    ids = await f();
    ms.push(performance.now() - t);
  }
  return { name, ms: median(ms), ids };
}

console.log(
  `${articles} articles in ${stories} stories; ${RUNS} runs each (median); load average ${loadavg()[0].toFixed(1)}`,
);
// The bounded ranking runs first, so it never finds caches the exact one warmed.
const bounded = await time("all, bounded (served)", allBounded);
const results = [
  await time("recent 300 (before)", recent300),
  await time("all, exact", allExact),
  bounded,
];
const truth = results[1].ids;
for (const r of results) {
  const top = r.ids.slice(0, 20);
  const same = top.filter((id, i) => truth[i] === id).length;
  console.log(
    `${r.name.padEnd(24)} ${r.ms.toFixed(0).padStart(6)} ms  ${String(r.ids.length).padStart(6)} ranked  top 20 equal to the exact ranking: ${same}/20`,
  );
}
console.log(
  `bounded: coverage rows read for ${visited} of ${stories} stories; the exact top ${RANKED} ${
    results[2].ids.slice(0, RANKED).every((id, i) => truth[i] === id) ? "matches" : "DIFFERS from"
  } the all-exact ranking`,
);
console.log(`load average ${loadavg()[0].toFixed(1)} after the run`);
await store.close();
rmSync(work, { recursive: true, force: true });
