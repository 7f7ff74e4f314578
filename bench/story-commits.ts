// The engine's commits as a store grows: assignments in commitChanges batches of 64, each
// rewriting its stories' rows with new counts and times and the label unchanged (as the engine
// does between relabels), in two SQLite stores side by side: the current schema, and the same
// with the story FTS update trigger as it was before schema version 8 (no WHEN clause: every
// rewrite reindexed the story's text). Batches alternate between the two, so both see the same
// load; CPU per article is printed per 10,000-article slice.
// Run: node --import tsx bench/story-commits.ts [--articles 30000]

import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { intFlag, scriptFlags } from "../scripts/args.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";
import { SqliteStore } from "../src/store/sqlite/store.ts";
import type { AssignmentWrite, StoryRecord } from "../src/store/types.ts";
import { syntheticNewArticle } from "./synthetic-articles.ts";

const values = scriptFlags(
  import.meta.filename,
  "node --import tsx bench/story-commits.ts [--articles 30000]",
  { articles: { type: "string", default: "30000" } },
);
const N = intFlag(import.meta.filename, "articles", values.articles, 1000);
const BATCH = 64;
const STORY_SIZE = 40;
const SLICE = 10_000;

const OLD_TRIGGER = `
  DROP TRIGGER stories_fts_update;
  CREATE TRIGGER stories_fts_update AFTER UPDATE OF headline, summary, entities ON stories BEGIN
    INSERT INTO stories_fts(stories_fts, rowid, headline, summary, entities)
      VALUES ('delete', old.n, old.headline, old.summary, old.entities);
    INSERT INTO stories_fts(rowid, headline, summary, entities)
      VALUES (new.n, new.headline, new.summary, new.entities);
  END;`;

const items = [...syntheticStream({ articles: N, seed: 7 })].map(syntheticNewArticle);
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "storyline-bench-commits-"));
console.log(
  `bench/story-commits: ${N.toLocaleString("en")} articles, stories of ${STORY_SIZE}, commits of ${BATCH}; load average ${loadavg()[0].toFixed(1)}`,
);

try {
  const open = async (name: string, oldTrigger: boolean) => {
    const store = await SqliteStore.open(join(dir, `${name}.db`));
    if (oldTrigger) store.db.exec(OLD_TRIGGER);
    for (let i = 0; i < N; i += 500) await store.ingest(items.slice(i, i + 500));
    const ids = (await store.unassignedArticles(N)).map((a) => a.id);
    return { name, store, ids, cpu: 0, slices: [] as number[] };
  };
  const runs = [await open("with WHEN (version 8)", false), await open("without WHEN", true)];
  const storyOf = (j: number) => `s${Math.floor(j / STORY_SIZE)}`;
  let from = 0;
  for (let i = 0; i < N; i += BATCH) {
    for (const run of i % (2 * BATCH) === 0 ? runs : [...runs].reverse()) {
      const assignments: AssignmentWrite[] = [];
      const stories = new Map<string, StoryRecord>();
      for (let j = i; j < Math.min(N, i + BATCH); j++) {
        const id = storyOf(j);
        assignments.push({
          articleId: run.ids[j],
          storyId: id,
          eventId: id,
          score: 0.5,
          threshold: 0.4,
        });
        stories.set(id, {
          id,
          headline: `Headline of story ${id}, the same until it is relabelled`,
          summary:
            "A summary of about twenty words that says what happened, where, and who said so.",
          entities: ["Alpha Beta", "Gamma"],
          firstSeen: 0,
          lastSeen: j,
          articleCount: (j % STORY_SIZE) + 1,
          outletCount: 1,
          lang: "en",
          status: "active",
          mergedInto: null,
          updatedAt: j,
        });
      }
      const c = process.cpuUsage();
      await run.store.commitChanges({
        assignments,
        stories: [...stories.values()],
        events: assignments.map((a) => ({ storyId: a.storyId, type: "grew", at: i })),
      });
      const u = process.cpuUsage(c);
      run.cpu += u.user + u.system;
    }
    const end = Math.min(N, i + BATCH);
    if (Math.floor(end / SLICE) > Math.floor(i / SLICE) || end === N) {
      for (const run of runs) {
        run.slices.push(run.cpu / (end - from));
        run.cpu = 0;
      }
      from = end;
    }
  }
  console.log("commitChanges CPU µs per article, per 10,000-article slice");
  for (const run of runs) {
    console.log(
      `  ${run.name.padEnd(24)} ${run.slices.map((x) => x.toFixed(0).padStart(4)).join(" ")}`,
    );
    await run.store.close();
  }
  console.log(`load average at the end ${loadavg()[0].toFixed(1)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
