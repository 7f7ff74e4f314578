// HTTP load on the server: autocannon at 100 connections against /api/stories and the front page
// over a store of 100,000 articles, with /healthz (a small route on the same server: one count
// query) as the baseline of what the framework and the machine give.
// Run: node --import tsx bench/load.ts [--articles 100000] [--duration 30] [--connections 100] [--data DIR]
// --data keeps the generated store in DIR and reuses it on the next run.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { intFlag, scriptFlags } from "../scripts/args.ts";
import { progress } from "../src/cli/progress.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";
import { createServer } from "../src/server/app.ts";
import { openStore } from "../src/store/open.ts";
import type {
  AssignmentWrite,
  NewArticle,
  StoryEventInput,
  StoryRecord,
} from "../src/store/types.ts";
import { storyFoundedBy, syntheticNewArticle } from "./synthetic-articles.ts";

const args = scriptFlags(
  import.meta.filename,
  "node --import tsx bench/load.ts [--articles 100000] [--duration 30] [--connections 100] [--data DIR]",
  {
    articles: { type: "string", default: "100000" },
    duration: { type: "string", default: "30" },
    connections: { type: "string", default: "100" },
    data: { type: "string" },
  },
);
const ARTICLES = intFlag(import.meta.filename, "articles", args.articles);
const DURATION = intFlag(import.meta.filename, "duration", args.duration);
const CONNECTIONS = intFlag(import.meta.filename, "connections", args.connections);

const dir = args.data ?? mkdtempSync(join(tmpdir(), "storyline-load-"));
mkdirSync(dir, { recursive: true });
const dbPath = join(dir, "load.db");
const reuse = existsSync(dbPath);
const store = await openStore(dbPath);

let lastPublished = 0;
if (reuse && (await store.countArticles()) >= ARTICLES) {
  console.log(`reusing ${dbPath}: ${await store.countArticles()} articles`);
  const top = await store.listStories({ limit: 1 });
  lastPublished = top.items[0]?.lastSeen ?? Date.now();
} else {
  // Articles go in through the Store API in batches; each synthetic event becomes a story.
  const t0 = performance.now();
  const bar = progress("generating", ARTICLES);
  const stories = new Map<string, StoryRecord>();
  const outlets = new Map<string, Set<string>>();
  let batch: (NewArticle & { cluster: string })[] = [];
  const flush = async () => {
    const { inserted } = await store.ingest(batch);
    const byId = new Map(batch.map((b, i) => [b.id, i]));
    const assignments: AssignmentWrite[] = [];
    const events: StoryEventInput[] = [];
    const touched = new Set<string>();
    for (const a of inserted) {
      const cluster = batch[byId.get(a.id) as number].cluster;
      const id = `st-${cluster}`;
      const t = a.published ?? a.fetchedAt;
      let s = stories.get(id);
      if (!s) {
        s = storyFoundedBy(id, a);
        stories.set(id, s);
        outlets.set(id, new Set());
      }
      const o = outlets.get(id) as Set<string>;
      o.add(a.source ?? "");
      s.articleCount++;
      s.outletCount = o.size;
      s.lastSeen = Math.max(s.lastSeen, t);
      s.updatedAt = t;
      assignments.push({ articleId: a.id, storyId: id, eventId: id, score: 0.7, threshold: 0.5 });
      events.push({ storyId: id, type: s.articleCount === 1 ? "created" : "grew", at: t });
      touched.add(id);
    }
    await store.commitChanges({
      assignments,
      stories: [...touched].map((id) => stories.get(id) as StoryRecord),
      events,
    });
    bar.tick(batch.length);
    batch = [];
  };
  for (const a of syntheticStream({ articles: ARTICLES, seed: 7 })) {
    batch.push({ ...syntheticNewArticle(a), id: a.id, cluster: a.cluster });
    lastPublished = Math.max(lastPublished, a.published);
    if (batch.length === 1000) await flush();
  }
  if (batch.length > 0) await flush();
  bar.done();
  console.log(
    `generated ${await store.countArticles()} articles in ${stories.size} stories through the Store API in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

// Ranking is relative to the end of the synthetic stream, as if it were now.
const app = await createServer({ store, rateLimit: false, now: () => lastPublished + 3_600_000 });
await app.listen({ host: "127.0.0.1", port: 0 });
const addr = app.server.address();
const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;

interface Row {
  route: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

async function load(route: string): Promise<Row> {
  const r = await autocannon({ url: base + route, connections: CONNECTIONS, duration: DURATION });
  return {
    route,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    requests: r.requests.total,
  };
}

console.log(
  `autocannon: ${CONNECTIONS} connections, ${DURATION} s per route, against ${base}; ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)} before the run`,
);
// The first request ranks the candidates and fills the cache: what each change of the store costs.
for (const route of ["/api/stories", "/"]) {
  const t = performance.now();
  const res = await fetch(base + route);
  await res.arrayBuffer();
  console.log(
    `${route.padEnd(14)} first (uncached) request: ${(performance.now() - t).toFixed(0)} ms`,
  );
}
const rows: Row[] = [];
for (const route of ["/healthz", "/api/stories", "/"]) {
  const row = await load(route);
  rows.push(row);
  console.log(
    `${route.padEnd(14)} ${row.rps.toFixed(0).padStart(7)} req/s  p50 ${String(row.p50).padStart(4)} ms  p99 ${String(row.p99).padStart(4)} ms  errors ${row.errors}  non-2xx ${row.non2xx}  (${row.requests} requests)`,
  );
}
const baseline = rows[0].rps;
for (const row of rows.slice(1)) {
  console.log(`${row.route}: ${((100 * row.rps) / baseline).toFixed(0)}% of the /healthz baseline`);
}

await app.close();
await store.close();
if (args.data === undefined) rmSync(dir, { recursive: true, force: true });
