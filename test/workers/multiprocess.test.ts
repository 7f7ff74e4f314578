// Three fetch workers and two cluster workers (one standing by) as separate processes on one
// PostgreSQL database, polling replayed feeds through a recording proxy. Mid-run one fetch worker
// and the active cluster worker are killed with SIGKILL. At the end: every served article is
// stored once, every article has exactly one story, no feed was ever fetched by two workers at
// once, and the standby took both language partitions over.

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { ReplayArticle } from "../../src/eval/replay-schedule.ts";
import { startReplayServer } from "../../src/eval/replay-server.ts";
import { PostgresStore } from "../../src/store/postgres/store.ts";
import { readWorkerLog } from "../../src/workers/registry.ts";
import { pgSkip as skip, throwawaySchema } from "../helpers/pg.ts";

const root = join(import.meta.dirname, "../..");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 36 events, each reported by 6 of 12 outlets (6 English, 6 French), over two virtual days. */
function articles(): ReplayArticle[] {
  const out: ReplayArticle[] = [];
  const t0 = Date.UTC(2025, 2, 1);
  const places = ["Lisbon", "Osaka", "Nairobi", "Quito", "Tromso", "Hanoi"];
  const things = ["flood", "election", "strike", "summit", "wildfire", "merger"];
  for (let e = 0; e < 36; e++) {
    const place = places[e % 6];
    const thing = things[Math.floor(e / 6)];
    const fr = e % 2 === 1;
    for (let k = 0; k < 6; k++) {
      const outlet = (fr ? 6 : 0) + ((e + k) % 6);
      out.push({
        id: `e${e}-o${outlet}`,
        title: fr
          ? `${place} ${thing} : les autorités réagissent (${k})`
          : `${place} ${thing}: officials respond (${k})`,
        text: fr
          ? `Le ${thing} de ${place} continue. Reportage ${k} de notre correspondant sur ${thing} ${place}.`
          : `The ${thing} in ${place} goes on. Report ${k} from our correspondent on the ${place} ${thing}.`,
        source: `Outlet ${outlet}`,
        url: `https://outlet${outlet}.example/${e}/${k}`,
        published: t0 + e * 80 * 60_000 + k * 5 * 60_000,
        lang: fr ? "fr" : "en",
      });
    }
  }
  return out;
}

interface Fetch {
  path: string;
  start: number;
  end: number;
}

/** Forwards every request to `target`, recording when each feed request started and ended. */
async function recordingProxy(
  target: string,
): Promise<{ server: Server; url: string; log: Fetch[] }> {
  const log: Fetch[] = [];
  const t = new URL(target);
  const server = createServer((req, res) => {
    const start = performance.now();
    const up = request(
      { host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
        res.on("close", () => log.push({ path: req.url ?? "", start, end: performance.now() }));
      },
    );
    up.on("error", () => res.writeHead(502).end());
    up.end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log };
}

interface Worker {
  child: ChildProcess;
  out: string;
  ready: Promise<void>;
  exited: Promise<unknown>;
}

function startWorker(db: string, args: string[]): Worker {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "src/cli/main.ts"), "worker", "--db", db, ...args],
    {
      cwd: root,
      env: {
        ...process.env,
        STORYLINE_ALLOW_PRIVATE: "true",
        STORYLINE_POLL_MIN: "500ms",
        STORYLINE_POLL_MAX: "1s",
        STORYLINE_PER_HOST: "8",
        STORYLINE_HOST_SPACING: "0ms",
        STORYLINE_FETCH_CONCURRENCY: "4",
        STORYLINE_LOG_LEVEL: "warn",
        STORYLINE_LOG_FORMAT: "json",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const w: Worker = {
    child,
    out: "",
    ready: Promise.resolve(),
    exited: once(child, "exit"),
  };
  w.ready = new Promise((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      w.out += d;
      if (w.out.includes(" ready")) resolve();
    });
    child.stderr?.on("data", (d) => {
      w.out += d;
    });
    child.on("exit", (code) => reject(new Error(`worker exited (${code}) before ready: ${w.out}`)));
  });
  return w;
}

describe("workers on PostgreSQL", { skip }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
  });

  it("survive SIGKILLs of a fetch worker and the active clusterer without losing or doubling anything", async () => {
    const { url: db, drop } = throwawaySchema("w");
    cleanup.push(drop);

    const data = articles();
    // Two virtual days in about 16 real seconds.
    const replay = await startReplayServer(data, { speed: 12_000 });
    cleanup.push(() => replay.close());
    const proxy = await recordingProxy(replay.url);
    cleanup.push(async () => {
      proxy.server.closeAllConnections();
      proxy.server.close();
    });

    const store = await PostgresStore.open(db);
    cleanup.push(() => store.close());
    for (const f of replay.feedUrls()) {
      await store.addFeed({ url: f.replace(replay.url, proxy.url) });
    }

    const workers: Worker[] = [];
    cleanup.push(async () => {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
    });
    const clusterArgs = ["--role", "cluster", "--partitions", "en,fr"];
    const active = startWorker(db, clusterArgs);
    workers.push(active);
    await active.ready;
    const standby = startWorker(db, clusterArgs);
    workers.push(standby);
    const fetchers = [0, 1, 2].map(() => startWorker(db, ["--role", "fetch", "--lease", "2"]));
    workers.push(...fetchers);
    await Promise.all([standby.ready, ...fetchers.map((w) => w.ready)]);

    // The first cluster worker holds both partitions; the second stands by.
    const before = await readWorkerLog(store);
    const acquired = before.filter((e) => e.kind === "acquired");
    assert.deepEqual(acquired.map((e) => e.detail.partition).sort(), ["en", "fr"]);
    const activeId = acquired[0].workerId;
    assert.ok(acquired.every((e) => e.workerId === activeId));

    // Mid-run, once some articles are stored and clustered: kill a fetcher and the clusterer.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await store.pool.query(
        "SELECT count(*) FILTER (WHERE story_id IS NOT NULL) AS done FROM articles",
      );
      if (rows[0].done >= 40 || Date.now() > deadline) break;
      await sleep(100);
    }
    const killedAt = Date.now();
    fetchers[1].child.kill("SIGKILL");
    active.child.kill("SIGKILL");
    await Promise.all([fetchers[1].exited, active.exited]);

    // Wait for the end of the replay, then for everything served to be stored and clustered.
    await replay.whenAllReleased();
    for (;;) {
      const { rows } = await store.pool.query(
        "SELECT count(*) AS n, count(*) FILTER (WHERE story_id IS NULL) AS open FROM articles",
      );
      if ((rows[0].n === data.length && rows[0].open === 0) || Date.now() > deadline) break;
      await sleep(200);
    }

    // Every served article is stored exactly once.
    const served = replay.servedIds();
    assert.equal(served.size, data.length);
    const { rows: stored } = await store.pool.query<{ url: string; story_id: string | null }>(
      "SELECT url, story_id FROM articles",
    );
    assert.equal(stored.length, data.length);
    assert.deepEqual(stored.map((r) => r.url).sort(), data.map((a) => a.url).sort());
    // Every article has exactly one story, and the stories count their articles right.
    assert.equal(stored.filter((r) => r.story_id === null).length, 0);
    const { rows: counts } = await store.pool.query(
      `SELECT s.id, s.article_count, count(a.id)::int AS members FROM stories s
       LEFT JOIN articles a ON a.story_id = s.id WHERE s.status <> 'merged' GROUP BY s.id`,
    );
    for (const c of counts) assert.equal(c.article_count, c.members, `story ${c.id}`);
    assert.equal(
      counts.reduce((n, c) => n + c.members, 0),
      data.length,
    );

    // No feed was fetched by two workers at once: per feed, requests never overlap.
    const byFeed = new Map<string, Fetch[]>();
    for (const f of proxy.log) {
      if (!f.path.startsWith("/feed/")) continue;
      byFeed.set(f.path, [...(byFeed.get(f.path) ?? []), f]);
    }
    assert.equal(byFeed.size, replay.feedUrls().length);
    let requests = 0;
    for (const [path, fetches] of byFeed) {
      fetches.sort((a, b) => a.start - b.start);
      requests += fetches.length;
      for (let i = 1; i < fetches.length; i++) {
        assert.ok(
          fetches[i].start >= fetches[i - 1].end,
          `${path} fetched twice at once: ${JSON.stringify(fetches.slice(i - 1, i + 1))}`,
        );
      }
    }
    // The overlap check above means something only if feeds were polled more than once; how many
    // times depends on the machine's load, so this asks for twice per feed on average, not more.
    assert.ok(requests >= byFeed.size * 2, `feeds were polled repeatedly (${requests} requests)`);

    // No feed was forgotten: every one was polled again after the kill (the killed worker's
    // leased feeds came back when their leases ran out), and no lease is left behind by the dead.
    // The articles can all be in before a dead lease runs out, so wait (bounded) for the polls.
    const pollDeadline = Date.now() + 30_000;
    let feeds = await store.listFeeds();
    while (feeds.some((f) => (f.lastAttemptAt ?? 0) <= killedAt) && Date.now() < pollDeadline) {
      await sleep(200);
      feeds = await store.listFeeds();
    }
    for (const f of feeds) {
      assert.ok((f.lastAttemptAt ?? 0) > killedAt, `feed ${f.url} not polled since the kill`);
    }

    // The standby took both partitions over after the kill, within seconds.
    const log = await readWorkerLog(store);
    const takeovers = log.filter(
      (e) => e.kind === "acquired" && e.workerId !== activeId && e.at >= killedAt,
    );
    assert.deepEqual(takeovers.map((e) => e.detail.partition).sort(), ["en", "fr"]);
    for (const t of takeovers) assert.ok(t.at - killedAt < 10_000, `took ${t.at - killedAt} ms`);

    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGTERM");
    const codes = await Promise.all(
      workers.filter((w) => w !== active && w !== fetchers[1]).map((w) => w.exited),
    );
    for (const [code] of codes as [number | null][]) assert.equal(code, 0);
  });
});
