// Restart time: how long the engine takes to rebuild its clusterer from stores of 100,000 and
// 1,000,000 articles, with CPU time and peak RSS, two ways: from every member of the stories of
// its window (their kept features; `--mode engine`, which drops any saved state first, and whose
// untimed stop saves the state) and from that saved state (`--mode state`: what a restart after a
// clean stop does). Beside them, from the same run: the baseline (only reading what the restart
// from features reads, no clusterer) and the same members restored as before features were kept
// (read with their texts and re-vectorised, StreamClusterer.restore). Every process runs with the
// V8 flags every `storyline` command sets (applyHeapFlags, src/cli/heap.ts).
//
//   node --import tsx bench/restart.ts [--sizes 100000,1000000] [--per-day 25000] [--cut-from N]
//     [--running N] [--keep DIR]
//
// --running N adds one story reported N times a day through the whole stream (a war, a campaign),
// renewed as the clusterer renews it (its last renewal written to story_renewals as the engine
// writes it): the restart from features then replays only what its last renewal kept, and is
// measured once more replaying every stored member of it (`--mode whole`: story_renewals set aside
// for the run, which is what the code before it replayed).
//
// Stores are filled with the synthetic stream (src/eval/synthetic.ts) at --per-day articles a
// day by a bench-only bulk writer into the store's own schema (articles with their full-text
// index, stories, kept features, the document-frequency snapshot), 10,000 articles a
// transaction: every article is vectorised by the clusterer's own code (prepare, keptFeatures,
// one DocFreq over the whole stream) and assigned to its gold story, as the engine would have
// left them (without decisions, which a restart does not make). Sightings and near-duplicate
// signatures are not written: a restart reads neither. Each measurement runs in a fresh process
// so that its peak RSS is its own; the restarts also report the live heap after them (after a
// full collection, left out of their time). --keep DIR keeps (and reuses) the filled stores; a store's file
// name carries a fingerprint of its stream, so a store from another generator is not reused.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { scriptFlags, usageError } from "../scripts/args.ts";
import { applyHeapFlags } from "../src/cli/heap.ts";
import { type SyntheticArticle, syntheticStream } from "../src/eval/synthetic.ts";
import { Engine } from "../src/pipeline/engine.ts";
import { createLogger } from "../src/pipeline/log.ts";
import { clusterInput } from "../src/pipeline/stories.ts";
import { openStore } from "../src/store/open.ts";
import { SqliteStore } from "../src/store/sqlite/store.ts";
import { StreamClusterer } from "../src/stories/cluster.ts";
import { DocFreq, prepare } from "../src/stories/features.ts";
import { keptFeatures } from "../src/stories/group.ts";
import { encodeDocFreq, encodeMember } from "../src/stories/snapshot.ts";

const values = scriptFlags(
  import.meta.filename,
  "node --import tsx bench/restart.ts [--sizes 100000,1000000] [--per-day 25000] [--cut-from N] [--running N] [--keep DIR]",
  {
    sizes: { type: "string", default: "100000,1000000" },
    "per-day": { type: "string", default: "25000" },
    // The stores hold the first SIZE articles of a stream this long (default: SIZE). The stream
    // thins out over its last few days (its stories trail off), so a store cut from a longer
    // stream has a window as full as any other four days.
    "cut-from": { type: "string" },
    running: { type: "string", default: "0" },
    keep: { type: "string" },
    // Internal: measure one store in this process and print JSON.
    measure: { type: "string" },
    mode: { type: "string" },
  },
);

applyHeapFlags();

const DAY = 86_400_000;
const WINDOW_MS = 4 * DAY; // the clusterer's default story window
/** The clusterer renews a story three windows after its first kept member, keeping two days. */
const RENEW_AFTER = 3 * WINDOW_MS;
const RENEW_KEEP = 2 * DAY;
const RUNNING = "s-running";
const config = {
  clustering: { windowMs: WINDOW_MS, granularity: "story" as const },
  quietAfterMs: DAY,
  retention: { horizonMs: 3650 * DAY, intervalMs: 3_600_000, batchSize: 1000 },
};
const PAGE = 2000;

if (values.measure) {
  // Child: open the store, then only read (baseline), restart the engine, or restore from texts.
  const store = await openStore(values.measure);
  const newest = (await store.listStories({ limit: 1 })).items[0]?.lastSeen ?? Date.now();
  const since = newest - WINDOW_MS;
  let t0 = performance.now();
  let cpu0 = process.cpuUsage();
  let restored = 0;
  // Live heap after the restore (after a full collection; engine mode), not timed.
  let heapMB = 0;
  let stories = 0;
  let engine: Engine | null = null;
  if (values.mode === "read") {
    // What the restart reads: the window's member ids, then their features a page at a time.
    const order = await store.restoreOrder(since);
    for (let i = 0; i < order.length; i += PAGE) {
      restored += (await store.restoreRows(order.slice(i, i + PAGE))).length;
    }
  } else if (values.mode === "texts") {
    // The same members restored as before features were kept: read with their texts (a page at
    // a time) and re-vectorised (StreamClusterer.restore).
    const c = new StreamClusterer({ windowMs: WINDOW_MS });
    const order = await store.restoreOrder(since);
    for (let i = 0; i < order.length; i += PAGE) {
      for (const a of await store.getArticles(order.slice(i, i + PAGE))) {
        c.restore(clusterInput(a), a.storyId!, a.eventId ?? a.storyId!, a.score ?? 0);
        restored++;
      }
    }
  } else {
    // "engine": the restart from the kept features of what the clusterer keeps (a saved state
    // is dropped first); "whole": the same with every stored member of a renewed story (its last
    // renewal set aside for the run, and put back after); "state": from the state that the
    // engine run saved on stop.
    if (values.mode !== "state" && store instanceof SqliteStore) {
      store.db.exec("DELETE FROM cluster_snapshots WHERE key = 'state'");
    }
    if (values.mode === "whole" && store instanceof SqliteStore) {
      store.db.exec(`CREATE TEMP TABLE renewals_aside AS SELECT * FROM story_renewals;
        DELETE FROM story_renewals`);
    }
    if (values.mode === "state" && !(await store.getClusterSnapshot("state"))) {
      throw new Error("no saved state: run --mode engine on this store first (its stop saves one)");
    }
    t0 = performance.now();
    cpu0 = process.cpuUsage();
    engine = new Engine({
      store,
      log: createLogger({ level: "silent", format: "json" }),
      config,
    });
    await engine.start();
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      const [t1, cpu1] = [performance.now(), process.cpuUsage()];
      gc();
      heapMB = process.memoryUsage().heapUsed / 1024 / 1024;
      // The collection's time and CPU are left out.
      t0 += performance.now() - t1;
      const gcCpu = process.cpuUsage(cpu1);
      cpu0 = { user: cpu0.user + gcCpu.user, system: cpu0.system + gcCpu.system };
    }
    restored = engine.stats.restored;
    stories = engine.liveStories;
    if (engine.stats.restoredFromText > 0 || engine.stats.recounted > 0) {
      throw new Error(`restart read texts: ${JSON.stringify(engine.stats)}`);
    }
    const fromState = engine.stats.restoredFromState;
    if (values.mode === "state" ? fromState !== restored : fromState !== 0) {
      throw new Error(`restart did not restore as asked: ${JSON.stringify(engine.stats)}`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rssMB = process.resourceUsage().maxRSS / 1024;
  // Not in the restart's time: an engine restored from features saves its state on stop (what
  // --mode state loads), timed apart.
  const [t2, cpu2] = [performance.now(), process.cpuUsage()];
  await engine?.stop();
  if (values.mode === "whole" && store instanceof SqliteStore) {
    // The state this run saved is not that of the store with its renewals.
    store.db.exec(`INSERT INTO story_renewals SELECT * FROM renewals_aside;
      DELETE FROM cluster_snapshots WHERE key = 'state'`);
  }
  const stopSeconds = (performance.now() - t2) / 1000;
  const stopCpu = process.cpuUsage(cpu2);
  const stopCpuSeconds = (stopCpu.user + stopCpu.system) / 1e6;
  const saved = values.mode === "state" ? await store.getClusterSnapshot("state") : null;
  const stateMB = (saved?.data.length ?? 0) / 1e6;
  process.stdout.write(
    `${JSON.stringify({ seconds, cpuSeconds, restored, stories, rssMB, heapMB, stateMB, stopSeconds, stopCpuSeconds })}\n`,
  );
  await store.close();
  process.exit(0);
}

const sizes = values.sizes.split(",").map(Number);
const perDay = Number(values["per-day"]);
const cutFrom = values["cut-from"] === undefined ? null : Number(values["cut-from"]);
const running = Number(values.running);
if (
  !sizes.every((n) => Number.isInteger(n) && n > 0) ||
  !(perDay > 0) ||
  (cutFrom !== null && !Number.isInteger(cutFrom)) ||
  !(running >= 0 && running < 500)
) {
  usageError(
    import.meta.filename,
    "--sizes expects positive integers separated by commas, --per-day a positive number, --cut-from an integer, --running 0 to 499",
  );
}

/**
 * The synthetic stream a store of n articles is cut from, with the --running story's reports
 * (`running` a day, from the stream's start) in time order among its articles.
 */
function* streamOf(n: number): Generator<SyntheticArticle> {
  const length = Math.max(n, cutFrom ?? n);
  const start = Date.UTC(2025, 0, 6);
  const outlets = ["Wire One", "Daily Two", "Coast Times", "Metro Herald", "Valley Post"];
  let i = 0;
  const report = (): SyntheticArticle => {
    const k = i++;
    const source = outlets[k % outlets.length];
    return {
      id: `running-${k}`,
      title: `Northern front: day ${Math.floor(k / running) + 1} of the offensive, report ${k}`,
      text: `${source} on the offensive along the northern front: General Arvid Holm's forces, the shelling of Karsk and the talks in Geneva, report ${k}.`,
      source,
      url: `https://running${k % outlets.length}.example/front/${k}`,
      published: start + (k * DAY) / running,
      lang: "en",
      cluster: "running",
    };
  };
  let next = running > 0 ? report() : null;
  for (const a of syntheticStream({
    articles: length,
    seed: 11,
    days: Math.max(4, length / perDay),
    start,
  })) {
    for (; next && next.published <= a.published; next = report()) yield next;
    yield a;
  }
}

/**
 * Renewals of the --running story as the clusterer makes them (cluster.ts `renew`): once the
 * stream's clock passes its first kept member by three windows it keeps the members published
 * within two days of its latest one. Fed each article in stream order before it is stored (the
 * clock moves before an article is placed); returns the renewal to write then, or null.
 */
class RunningRenewals {
  /** Kept members of the running story: time and clustering order. */
  private kept: { time: number; n: number }[] = [];
  private founded = 0;

  before(time: number): { cut: number; from: number; founded: number } | null {
    if (this.kept.length === 0 || time - RENEW_AFTER <= this.kept[0].time) return null;
    const last = this.kept[this.kept.length - 1].time;
    const cut = last - RENEW_KEEP;
    this.kept = this.kept.filter((m) => m.time >= cut);
    return { cut, from: this.kept[0].n, founded: this.founded };
  }

  placed(time: number, n: number): void {
    if (this.kept.length === 0 && this.founded === 0) this.founded = n;
    this.kept.push({ time, n });
  }
}

/**
 * A short fingerprint of the stream a store holds (its first 100 articles), part of the store's
 * file name: a kept store filled by another generator or rate is never silently reused.
 */
function streamTag(n: number): string {
  const hash = createHash("sha1");
  let left = 100;
  for (const a of streamOf(n)) {
    if (left-- === 0) break;
    hash.update(`${a.id}\t${a.title}\t${a.published}\t${a.cluster}\n`);
  }
  return hash.digest("hex").slice(0, 8);
}

/** Fills a store with n articles (seconds taken), or reuses a complete one (0). */
async function fill(path: string, n: number): Promise<number> {
  const stream = function* () {
    let left = n;
    for (const a of streamOf(n)) {
      if (left-- === 0) return;
      yield a;
    }
  };
  if (existsSync(path)) {
    const store = await SqliteStore.open(path);
    const stored = await store.countArticles();
    const snapshot = await store.getClusterSnapshot("docfreq");
    if (stored === n && !snapshot) {
      // Interrupted after the last article: only the document frequencies are missing.
      const df = new DocFreq();
      for (const a of stream()) prepare(a, df);
      await saveDocFreq(store, df);
    }
    await store.close();
    if (stored === n) return 0;
    for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  }
  const t0 = performance.now();
  const store = await SqliteStore.open(path);
  const db = store.db;
  db.pragma("cache_size = -262144");
  const insertArticle = db.prepare(
    `INSERT INTO articles (id, guid, url, canonical_url, title, text, source, domain, lang,
      published, fetched_at, at, story_id, event_id, score, threshold)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0.5)`,
  );
  const insertFeatures = db.prepare("INSERT INTO article_features (seq, data) VALUES (?, ?)");
  const insertRenewal = db.prepare(
    `INSERT INTO story_renewals (story_id, founded_n, from_n, renewed_n, cut, events)
     VALUES (?, ?, ?, (SELECT COALESCE(MAX(n), 0) + 1 FROM article_features), ?, ?)
     ON CONFLICT(story_id) DO UPDATE SET from_n = excluded.from_n,
       renewed_n = excluded.renewed_n, cut = excluded.cut, events = excluded.events`,
  );
  const renewals = new RunningRenewals();
  const insertStory = db.prepare(
    `INSERT INTO stories (id, headline, summary, entities, first_seen, last_seen, article_count,
      outlet_count, lang, status, merged_into, updated_at)
     VALUES (?, ?, ?, '[]', ?, ?, 0, 0, 'en', 'active', NULL, ?)`,
  );
  const updateStory = db.prepare(
    "UPDATE stories SET last_seen = ?, article_count = ?, outlet_count = ?, updated_at = ? WHERE id = ?",
  );
  const stories = new Map<string, { count: number; outlets: Set<string>; last: number }>();
  // The clusterer's own vectoriser and document frequencies: the features it would keep.
  const df = new DocFreq();
  let done = 0;
  const batch = db.transaction((articles: SyntheticArticle[]) => {
    const touched = new Set<string>();
    for (const a of articles) {
      const renewal = renewals.before(a.published);
      if (renewal) {
        const events = JSON.stringify([RUNNING]);
        insertRenewal.run(RUNNING, renewal.founded, renewal.from, renewal.cut, events);
      }
      const storyId = `s-${a.cluster}`;
      let s = stories.get(storyId);
      if (!s) {
        s = { count: 0, outlets: new Set(), last: a.published };
        stories.set(storyId, s);
        insertStory.run(
          storyId,
          a.title,
          a.text.slice(0, 200),
          a.published,
          a.published,
          a.published,
        );
      }
      s.count++;
      s.outlets.add(a.source);
      s.last = Math.max(s.last, a.published);
      touched.add(storyId);
      const { lastInsertRowid: seq } = insertArticle.run(
        a.id,
        a.id,
        a.url,
        a.url,
        a.title,
        a.text,
        a.source,
        new URL(a.url).hostname,
        a.lang,
        a.published,
        a.published,
        a.published,
        storyId,
        storyId,
      );
      const features = encodeMember(keptFeatures(prepare(a, df)));
      const { lastInsertRowid: n } = insertFeatures.run(
        seq,
        Buffer.from(features.buffer, features.byteOffset, features.length),
      );
      if (storyId === RUNNING) renewals.placed(a.published, Number(n));
    }
    for (const id of touched) {
      const s = stories.get(id)!;
      updateStory.run(s.last, s.count, s.outlets.size, s.last, id);
    }
  });
  let pending: SyntheticArticle[] = [];
  for (const a of stream()) {
    pending.push(a);
    if (pending.length === 10_000) {
      batch(pending);
      done += pending.length;
      pending = [];
      if (done % 100_000 === 0) process.stderr.write(`  filled ${done.toLocaleString("en")}\n`);
    }
  }
  batch(pending);
  await saveDocFreq(store, df);
  await store.close();
  return (performance.now() - t0) / 1000;
}

/** The snapshot the engine saves, stamped with the stream's last time. */
async function saveDocFreq(store: SqliteStore, df: DocFreq): Promise<void> {
  const last = (await store.listStories({ limit: 1 })).items[0]?.lastSeen ?? 0;
  await store.putClusterSnapshot("docfreq", encodeDocFreq(df.state()), last);
}

function measure(path: string, mode: "read" | "engine" | "whole" | "state" | "texts") {
  const out = execFileSync(
    process.execPath,
    [
      "--expose-gc",
      "--import",
      "tsx",
      new URL(import.meta.url).pathname,
      "--measure",
      path,
      "--mode",
      mode,
    ],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as {
    seconds: number;
    cpuSeconds: number;
    restored: number;
    stories: number;
    rssMB: number;
    heapMB: number;
    stateMB: number;
    stopSeconds: number;
    stopCpuSeconds: number;
  };
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
console.log(
  `bench/restart: stores of ${sizes.map((n) => n.toLocaleString("en")).join(" and ")} synthetic articles at ${perDay.toLocaleString("en")} a day, window ${WINDOW_MS / DAY} days; node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), load ${load()}`,
);
const dir = values.keep ?? mkdtempSync(join(tmpdir(), "storyline-bench-restart-"));
if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
const cell = (r: { seconds: number; cpuSeconds: number; rssMB: number }) =>
  `${r.seconds.toFixed(2).padStart(7)} s ${r.cpuSeconds.toFixed(2).padStart(6)} s ${`${r.rssMB.toFixed(0)} MB`.padStart(7)}`;
try {
  console.log("");
  console.log(
    "                        baseline: read           restart from features    restart from saved state   same members from texts (before)",
  );
  console.log(
    "    stored    restored     wall    CPU  peak RSS      wall    CPU  peak RSS      wall    CPU  peak RSS       wall    CPU  peak RSS   load",
  );
  for (const n of sizes) {
    const path = join(
      dir,
      `${cutFrom && cutFrom > n ? `restart-${n}-of-${cutFrom}` : `restart-${n}`}${running > 0 ? `-running-${running}` : ""}-${streamTag(n)}.db`,
    );
    const fillSeconds = await fill(path, n);
    if (fillSeconds > 0) {
      const mb = statSync(path).size / 1e6;
      process.stderr.write(
        `  filled ${n.toLocaleString("en")} articles in ${fillSeconds.toFixed(0)} s (${mb.toFixed(0)} MB)\n`,
      );
    }
    const read = measure(path, "read");
    const restart = measure(path, "engine");
    const state = measure(path, "state");
    const texts = measure(path, "texts");
    console.log(
      [
        n.toLocaleString("en").padStart(10),
        restart.restored.toLocaleString("en").padStart(10),
        cell(read),
        cell(restart),
        cell(state),
        `  ${cell(texts)}`,
        ` ${load()}`,
      ].join("  "),
    );
    console.log(
      `  live heap after the restart from features: ${restart.heapMB.toFixed(0)} MB, from the saved state: ${state.heapMB.toFixed(0)} MB; the state: ${state.stateMB.toFixed(0)} MB, saved by the first one's stop in ${restart.stopSeconds.toFixed(2)} s (${restart.stopCpuSeconds.toFixed(2)} CPU s)`,
    );
    if (running > 0) {
      // Before and after in turn: every stored member of the running story, then only its kept part.
      const runs = [measure(path, "whole"), measure(path, "engine"), measure(path, "whole")];
      runs.push(measure(path, "engine"));
      for (const [i, r] of runs.entries()) {
        const what = i % 2 === 0 ? "every stored member (before)" : "what the clusterer keeps";
        console.log(
          `  restart from features, ${what.padEnd(28)} ${r.restored.toLocaleString("en").padStart(9)} members ${cell(r)}  ${r.stories.toLocaleString("en")} live stories  load ${load()}`,
        );
      }
      if (runs.some((r) => r.stories !== runs[1].stories)) throw new Error("not the same stories");
    }
  }
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
