// Scaling benchmark on PostgreSQL: (1) ingest rate with 1, 2 and 4 fetch worker processes
// (`storyline worker --role fetch`) against replayed feeds served locally at realistic sizes
// (F's replay server, every item released at once); (2) clustering rate of the Engine on
// PostgreSQL beside SQLite on the same stream. The 1-worker run and the SQLite run are the
// baselines. Figures feed docs/scaling.md.
// Run: scripts/with-postgres.sh node --import tsx bench/scale.ts [--feeds 600] [--items 25] [--articles 6000]
//      [--only ingest|cluster]

import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import pino from "pino";
import { intFlag, scriptFlags, usageError } from "../scripts/args.ts";
import { canonicalUrl } from "../src/articles/url.ts";
import { defaultConfig } from "../src/config.ts";
import { pick, seededRandom } from "../src/eval/random.ts";
import type { ReplayArticle } from "../src/eval/replay-schedule.ts";
import { startReplayServer } from "../src/eval/replay-server.ts";
import { Engine } from "../src/pipeline/engine.ts";
import { PostgresStore } from "../src/store/postgres/store.ts";
import { SqliteStore } from "../src/store/sqlite/store.ts";
import type { NewArticle, Store } from "../src/store/types.ts";
import { statCpu } from "./proc-cpu.ts";

const args = scriptFlags(
  import.meta.filename,
  "scripts/with-postgres.sh node --import tsx bench/scale.ts [--feeds 600] [--items 25] [--articles 6000] [--only ingest|cluster]",
  {
    feeds: { type: "string", default: "600" },
    items: { type: "string", default: "25" },
    articles: { type: "string", default: "6000" },
    only: { type: "string" },
  },
);
const FEEDS = intFlag(import.meta.filename, "feeds", args.feeds);
const ITEMS = intFlag(import.meta.filename, "items", args.items);
const ARTICLES = intFlag(import.meta.filename, "articles", args.articles);
const ONLY = args.only ?? null;
if (ONLY !== null && ONLY !== "ingest" && ONLY !== "cluster") {
  usageError(import.meta.filename, "--only expects ingest or cluster");
}
const baseUrl = process.env.STORYLINE_TEST_PG_URL ?? process.env.STORYLINE_DB;
if (!baseUrl?.startsWith("postgres")) {
  usageError(
    import.meta.filename,
    "set STORYLINE_TEST_PG_URL (run under scripts/with-postgres.sh)",
  );
}
const root = join(import.meta.dirname, "..");
const T0 = Date.UTC(2025, 0, 1);

// A news-like stream: stories of 1-12 articles over a day each, titles and ~900-character texts
// sharing the story's words, 60 outlets.
const random = seededRandom(7);
const vocab = Array.from({ length: 6000 }, (_, i) => `w${i.toString(36)}`);
const words = (n: number, pool: string[]) => Array.from({ length: n }, () => pick(random, pool));
function stream(n: number, outlets: number): ReplayArticle[] {
  const out: ReplayArticle[] = [];
  let s = 0;
  while (out.length < n) {
    const topic = words(12, vocab);
    const size = 1 + Math.floor(random() * 12);
    const start = T0 + s * 90_000;
    for (let k = 0; k < size && out.length < n; k++) {
      const text = [...words(60, topic), ...words(80, vocab)].sort(() => random() - 0.5).join(" ");
      out.push({
        id: `s${s}-${k}`,
        title: [...words(6, topic), ...words(3, vocab)].join(" "),
        text: text.slice(0, 900),
        source: `Outlet ${Math.floor(random() * outlets)}`,
        url: `https://news${s % 97}.example/story/${s}/${k}`,
        published: start + Math.floor(random() * 86_400_000),
        lang: "en",
      });
    }
    s++;
  }
  return out.sort((a, b) => (a.published ?? 0) - (b.published ?? 0));
}

/** CPU seconds (user + system) of a process from /proc, children it waited for included. */
function procCpu(pid: number, withChildren = false): number {
  return statCpu(`/proc/${pid}/stat`, withChildren) ?? 0;
}

/** CPU seconds used so far by the PostgreSQL server (postmaster, live and exited backends). */
async function serverCpu(store: PostgresStore): Promise<number | null> {
  try {
    const { rows } = await store.pool.query("SHOW data_directory");
    const pid = Number(
      readFileSync(join(rows[0].data_directory, "postmaster.pid"), "utf8").split("\n")[0],
    );
    let total = procCpu(pid, true);
    for (const d of readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid === pid) total += procCpu(Number(d));
      } catch {
        // the process ended meanwhile
      }
    }
    return total;
  } catch {
    return null; // not on Linux, or the data folder is not readable: no server CPU figure
  }
}

function schemaUrl(): string {
  const u = new URL(baseUrl ?? "");
  u.searchParams.set("schema", `bench_${randomBytes(5).toString("hex")}`);
  return u.toString();
}

async function dropSchema(url: string): Promise<void> {
  const schema = new URL(url).searchParams.get("schema");
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
}

const children = new Set<ChildProcess>();
// An interrupted benchmark leaves no worker behind.
process.on("exit", () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(130));

function startFetchWorker(db: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "src/cli/main.ts"), "worker", "--role", "fetch", "--db", db],
    {
      env: {
        ...process.env,
        STORYLINE_ALLOW_PRIVATE: "true",
        STORYLINE_POLL_MIN: "1s",
        STORYLINE_POLL_MAX: "1h",
        STORYLINE_PER_HOST: "64",
        STORYLINE_HOST_SPACING: "0ms",
        STORYLINE_FETCH_CONCURRENCY: "16",
        STORYLINE_LOG_LEVEL: "error",
        STORYLINE_LOG_FORMAT: "json",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  children.add(child);
  let out = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      out += d;
      if (out.includes(" ready")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`fetch worker exited (${code})`)));
  });
  return { child, ready };
}

interface IngestRun {
  workers: number;
  articles: number;
  seconds: number;
  rate: number;
  feedsPerSec: number;
  /** CPU ms per stored article: fetch workers, PostgreSQL server (null when unknown). */
  workerCpuMs: number;
  dbCpuMs: number | null;
  /** Re-poll of every feed with nothing new (conditional GET, 304): polls/s and CPU ms per poll. */
  pollRate: number;
  pollWorkerCpuMs: number;
  pollDbCpuMs: number | null;
  bytesPerArticle: number;
  /** A full re-fetch of known items: CPU ms per item seen again (sighting). */
  seenWorkerCpuMs: number;
  seenDbCpuMs: number | null;
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  const t0 = performance.now();
  while (!(await check())) {
    if (performance.now() - t0 > 600_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function ingestRun(workers: number, articles: ReplayArticle[]): Promise<IngestRun> {
  const replay = await startReplayServer(articles, { speed: 1e12 });
  const db = schemaUrl();
  const store = await PostgresStore.open(db);
  const feeds = replay.feedUrls().length;
  try {
    for (const url of replay.feedUrls()) {
      const f = await store.addFeed({ url });
      await store.updateFeed(f.id, { nextPollAt: Number.MAX_SAFE_INTEGER });
    }
    const procs = Array.from({ length: workers }, () => startFetchWorker(db));
    await Promise.all(procs.map((p) => p.ready));
    const workerCpu = () => procs.reduce((n, p) => n + procCpu(p.child.pid ?? 0), 0);

    // Phase 1: every feed is new, every item is stored.
    const cpu0 = workerCpu();
    const db0 = await serverCpu(store);
    const t0 = performance.now();
    await store.pool.query("UPDATE feeds SET next_poll_at = 0");
    let n = 0;
    await waitFor("articles", async () => {
      n = await store.countArticles();
      return n >= articles.length;
    });
    const seconds = (performance.now() - t0) / 1000;
    const workerCpuMs = ((workerCpu() - cpu0) * 1000) / n;
    const db1 = await serverCpu(store);
    const dbCpuMs = db0 !== null && db1 !== null ? ((db1 - db0) * 1000) / n : null;
    // Disk per article: every table of the schema with its indexes and TOAST.
    const { rows: size } = await store.pool.query<{ bytes: number }>(
      `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c
       JOIN pg_namespace ns ON ns.oid = c.relnamespace
       WHERE ns.nspname = $1 AND c.relkind = 'r'`,
      [store.target.schema],
    );
    const bytesPerArticle = size[0].bytes / n;

    // Sets every feed due (with `update`) once the workers are idle and waits until each was polled
    // again: wall seconds and the workers' and the database's CPU seconds for that round.
    const repollAll = async (what: string, update: string) => {
      await waitFor("idle workers", async () => {
        const { rows } = await store.pool.query(
          "SELECT count(*) AS n FROM feeds WHERE lease_owner IS NOT NULL",
        );
        return rows[0].n === 0;
      });
      const cpu = workerCpu();
      const dbBefore = await serverCpu(store);
      const start = performance.now();
      const mark = Date.now();
      await store.pool.query(update);
      await waitFor(what, async () => {
        const { rows } = await store.pool.query(
          "SELECT count(*) AS n FROM feeds WHERE last_attempt_at < $1",
          [mark],
        );
        return rows[0].n === 0;
      });
      const dbAfter = await serverCpu(store);
      return {
        seconds: (performance.now() - start) / 1000,
        workerCpu: workerCpu() - cpu,
        dbCpu: dbBefore !== null && dbAfter !== null ? dbAfter - dbBefore : null,
      };
    };

    // Phase 2: every feed polled once more; nothing changed, so each answers 304.
    const poll = await repollAll("re-polls", "UPDATE feeds SET next_poll_at = 0");
    const pollSeconds = poll.seconds;
    const pollWorkerCpuMs = (poll.workerCpu * 1000) / feeds;
    const pollDbCpuMs = poll.dbCpu !== null ? (poll.dbCpu * 1000) / feeds : null;

    // Phase 3: every feed fetched again in full (validators dropped), all its items known: the
    // cost of an item seen again (a sighting), which busy feeds repeat in every 200 answer.
    const seen = await repollAll(
      "full re-polls",
      "UPDATE feeds SET etag = NULL, last_modified = NULL, next_poll_at = 0",
    );
    const seenWorkerCpuMs = (seen.workerCpu * 1000) / n;
    const seenDbCpuMs = seen.dbCpu !== null ? (seen.dbCpu * 1000) / n : null;
    const stored = await store.countArticles();
    if (stored !== n) throw new Error(`re-polls stored ${stored - n} duplicates`);

    for (const p of procs) p.child.kill("SIGTERM");
    await Promise.all(procs.map((p) => (p.child.exitCode === null ? once(p.child, "exit") : null)));
    return {
      workers,
      articles: n,
      seconds,
      rate: n / seconds,
      feedsPerSec: feeds / seconds,
      workerCpuMs,
      dbCpuMs,
      pollRate: feeds / pollSeconds,
      pollWorkerCpuMs,
      pollDbCpuMs,
      bytesPerArticle,
      seenWorkerCpuMs,
      seenDbCpuMs,
    };
  } finally {
    await store.close();
    await replay.close();
    await dropSchema(db);
  }
}

function toItems(articles: ReplayArticle[]): NewArticle[] {
  return articles.map((a) => ({
    feedId: null,
    guid: a.id,
    url: a.url ?? null,
    canonicalUrl: canonicalUrl(a.url),
    title: a.title,
    text: a.text,
    html: null,
    source: a.source ?? null,
    author: null,
    image: null,
    lang: a.lang ?? null,
    published: a.published ?? null,
    fetchedAt: a.published ?? T0,
  }));
}

/** Stores the stream (untimed), then times the Engine clustering every article and committing. */
async function clusterRun(store: Store, articles: ReplayArticle[]) {
  const items = toItems(articles);
  for (let i = 0; i < items.length; i += 500) await store.ingest(items.slice(i, i + 500));
  const config = defaultConfig();
  const engine = new Engine({
    store,
    log: pino({ level: "silent" }),
    config: { ...config, retention: { ...config.retention, intervalMs: 3_600_000 } },
    housekeepingMs: 3_600_000,
    clock: () => T0,
  });
  const db0 = store instanceof PostgresStore ? await serverCpu(store) : null;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await engine.start(); // clusters every unassigned article before it returns
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const db1 = store instanceof PostgresStore ? await serverCpu(store) : null;
  await engine.stop();
  const stories = await store.countStories();
  const n = engine.stats.clustered;
  return {
    articles: n,
    stories,
    seconds,
    rate: n / seconds,
    cpuMs: (cpu.user + cpu.system) / 1000 / n,
    dbCpuMs: db0 !== null && db1 !== null ? ((db1 - db0) * 1000) / n : null,
  };
}

const fmt = (x: number, d = 0) => x.toFixed(d);

console.log(
  `# Scale benchmark (${cpus().length} cores, ${cpus()[0]?.model ?? "cpu"}; node ${process.version})\n`,
);

if (ONLY !== "cluster") {
  // 1. Ingest with 1, 2 and 4 fetch workers.
  const feedArticles = stream(FEEDS * ITEMS, FEEDS).map((a, i) => ({
    ...a,
    source: `Outlet ${i % FEEDS}`,
  }));
  const ingest: IngestRun[] = [];
  for (const w of [1, 2, 4]) {
    const r = await ingestRun(w, feedArticles);
    ingest.push(r);
    console.error(`ingest: ${w} worker(s) ${fmt(r.rate)} articles/s`);
  }
  const base = ingest[0].rate;
  console.log(
    `## Ingest: ${FEEDS} replayed feeds x ${ITEMS} items (${feedArticles.length} articles, ~${fmt(
      feedArticles.reduce((n, a) => n + a.text.length + a.title.length, 0) / feedArticles.length,
    )} chars each), fetch -> parse -> normalise -> store (dedupe, near-duplicates, full text)\n`,
  );
  console.log(
    "| fetch workers | seconds | articles/s | feeds/s | vs 1 worker | worker CPU ms/article | PostgreSQL CPU ms/article | 304 re-polls/s | worker CPU ms/poll | PostgreSQL CPU ms/poll |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const opt = (x: number | null, d: number) => (x === null ? "n/a" : fmt(x, d));
  for (const r of ingest) {
    console.log(
      `| ${r.workers} | ${fmt(r.seconds, 1)} | ${fmt(r.rate)} | ${fmt(r.feedsPerSec, 1)} | ${fmt(r.rate / base, 2)}x | ${fmt(r.workerCpuMs, 2)} | ${opt(r.dbCpuMs, 2)} | ${fmt(r.pollRate)} | ${fmt(r.pollWorkerCpuMs, 2)} | ${opt(r.pollDbCpuMs, 2)} |`,
    );
  }
  console.log(
    `\nItems seen again (feeds re-fetched in full, every item already stored): ${ingest
      .map(
        (r) =>
          `${r.workers} worker(s): worker ${fmt(r.seenWorkerCpuMs, 2)} ms, PostgreSQL ${opt(r.seenDbCpuMs, 2)} ms CPU per item`,
      )
      .join("; ")}`,
  );
  console.log(
    `PostgreSQL disk per stored article (tables, indexes, TOAST): ${fmt(ingest[0].bytesPerArticle / 1024, 1)} KiB`,
  );
  console.log(
    `\nload average during the run: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
}

// 2. Clustering on SQLite and PostgreSQL, same stream.
if (ONLY !== "ingest") {
  const clusterArticles = stream(ARTICLES, 60);
  const dir = mkdtempSync(join(tmpdir(), "storyline-scale-"));
  const sqlite = await SqliteStore.open(join(dir, "bench.db"));
  const sq = await clusterRun(sqlite, clusterArticles);
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
  const pgUrl = schemaUrl();
  const pgStore = await PostgresStore.open(pgUrl);
  const pq = await clusterRun(pgStore, clusterArticles);
  await pgStore.close();
  await dropSchema(pgUrl);
  console.log(
    `\n## Clustering: ${ARTICLES} stored articles clustered, labelled and committed one by one (Engine)\n`,
  );
  console.log(
    "| store | seconds | articles/s | stories | vs SQLite | clusterer CPU ms/article | PostgreSQL CPU ms/article |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const [name, r] of [
    ["SQLite (baseline)", sq],
    ["PostgreSQL", pq],
  ] as const) {
    console.log(
      `| ${name} | ${fmt(r.seconds, 1)} | ${fmt(r.rate)} | ${r.stories} | ${fmt(r.rate / sq.rate, 2)}x | ${fmt(r.cpuMs, 1)} | ${r.dbCpuMs === null ? "-" : fmt(r.dbCpuMs, 2)} |`,
    );
  }
}
console.log(
  `\nload average at the end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);
