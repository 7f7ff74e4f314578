// A whole replay: the data set is served as RSS feeds on 127.0.0.1 (replay-server.ts), the live
// engine polls them into a store and clusters as articles arrive, and once every article has been
// released, fetched and clustered the stories are scored against the gold labels, the same way
// `storyline eval` scores batch clustering. Used by `storyline replay`, tests and benchmarks.
import { canonicalUrl } from "../articles/url.ts";
import type { Config } from "../config.ts";
import { importFeeds } from "../pipeline/feed-list.ts";
import { LanguageEngines } from "../pipeline/languages.ts";
import type { Logger } from "../pipeline/log.ts";
import type { Store } from "../store/types.ts";
import type { DatasetArticle } from "./dataset.ts";
import { engineInput, goldLabels } from "./evaluate.ts";
import { type Scores, scoreClustering } from "./metrics.ts";
import { type ReplayServer, startReplayServer } from "./replay-server.ts";

export interface ReplayRunOptions {
  articles: DatasetArticle[];
  store: Store;
  log: Logger;
  /** Virtual ms per real ms. */
  speed: number;
  config: Pick<Config, "clustering" | "quietAfterMs" | "retention">;
  /** Feeds fetched at once (default 8). */
  concurrency?: number;
  /** Longest wait after the last release for the pipeline to catch up, ms (default 120 s). */
  settleTimeoutMs?: number;
  /** Called about every second while the replay runs. */
  onProgress?: (p: ReplayProgress) => void;
}

export interface ReplayProgress {
  released: number;
  total: number;
  stored: number;
  clustered: number;
}

export interface ReplayStats {
  /** Articles in the data set, and how many the feeds released. */
  total: number;
  released: number;
  /** Articles stored (same-URL copies count once) and sightings of already stored ones. */
  stored: number;
  sightings: number;
  stories: number;
  feeds: number;
  requests: number;
  notModified: number;
  /** Real seconds from the first poll to the last article clustered. */
  seconds: number;
  /** Stored, clustered articles per second over the run. */
  articlesPerSecond: number;
  speed: number;
}

export interface ReplayOutcome {
  scores: Scores;
  /** Data set id -> story id, for every article that reached a story. */
  predicted: Map<string, string>;
  stats: ReplayStats;
}

/** Poll interval of a replay: five virtual minutes, within 50 ms .. 2 s of real time. */
export function replayPollIntervalMs(speed: number): number {
  return Math.round(Math.min(2000, Math.max(50, 300_000 / speed)));
}

/** Data set id -> story id, through each stored article's feed guid (or canonical URL). */
export async function predictedStories(
  store: Store,
  articles: DatasetArticle[],
): Promise<Map<string, string>> {
  const stored = await store.assignedArticlesSince(Number.NEGATIVE_INFINITY);
  const byGuid = new Map<string, string>();
  const byUrl = new Map<string, string>();
  for (const a of stored) {
    if (a.guid) byGuid.set(a.guid, a.storyId!);
    if (a.canonicalUrl) byUrl.set(a.canonicalUrl, a.storyId!);
  }
  const out = new Map<string, string>();
  for (const a of articles) {
    const story = byGuid.get(a.id) ?? byUrl.get(canonicalUrl(a.url) ?? "\u0000");
    if (story) out.set(a.id, story);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until every feed was read after every released article had been served, and the engine
 * has clustered it all. Not "read after the last release": a poll in flight at that moment may
 * have fetched its feed just before it yet record its success just after (the article missed).
 * A feed's success recorded after `servedAt` is the poll that got its last article or a later one
 * (one poll of a feed at a time), and it is recorded after the poll's articles are stored.
 */
async function settle(
  server: ReplayServer,
  store: Store,
  engine: LanguageEngines,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let servedAt = Number.POSITIVE_INFINITY;
  for (;;) {
    if (
      servedAt === Number.POSITIVE_INFINITY &&
      server.servedIds().size >= server.status().released
    )
      servedAt = Date.now();
    const feeds = (await store.listFeeds()).filter((f) => f.url.startsWith(`${server.url}/`));
    const behind = feeds.filter((f) => (f.lastSuccessAt ?? 0) < servedAt);
    if (behind.length === 0) {
      await engine.idle();
      if ((await store.unassignedArticles(1)).length === 0) return;
    }
    if (engine.failure) throw new Error(`the pipeline stopped: ${engine.failure.message}`);
    if (Date.now() > deadline) {
      const sample = behind.slice(0, 3).map((f) => `${f.url} (${f.lastError ?? "not polled"})`);
      throw new Error(
        `replay did not settle within ${Math.round(timeoutMs / 1000)} s: ${behind.length} feed(s) not read since the last release, e.g. ${sample.join(", ")}`,
      );
    }
    await sleep(Math.min(200, server.durationMs / 10 + 20));
  }
}

export async function runReplay(options: ReplayRunOptions): Promise<ReplayOutcome> {
  const { articles, store, log, speed } = options;
  const server = await startReplayServer(articles.map(engineInputWithUrl), { speed });
  try {
    const opml = await (await fetch(server.opmlUrl)).text();
    const imported = await importFeeds(store, opml);
    log.info(
      {
        url: server.url,
        feeds: server.outlets.length,
        added: imported.added,
        articles: articles.length,
        speed,
      },
      "replay server started",
    );
    const interval = replayPollIntervalMs(speed);
    const concurrency = options.concurrency ?? 8;
    const engine = new LanguageEngines({
      store,
      log,
      config: options.config,
      housekeepingMs: Math.max(200, interval * 4),
      poller: {
        concurrency,
        hosts: { perHost: concurrency, minSpacingMs: 0 },
        fetch: { allowPrivate: true },
        schedule: {
          minIntervalMs: interval,
          maxIntervalMs: interval,
          defaultIntervalMs: interval,
          backoffBaseMs: interval,
        },
        idleMs: Math.max(20, Math.round(interval / 2)),
      },
    });
    const started = performance.now();
    await engine.start();
    const ticker = setInterval(() => {
      const s = server.status();
      options.onProgress?.({
        released: s.released,
        total: s.total,
        stored: engine.stats.inserted,
        clustered: engine.stats.clustered,
      });
    }, 1000);
    try {
      await server.whenAllReleased();
      await settle(server, store, engine, options.settleTimeoutMs ?? 120_000);
    } finally {
      clearInterval(ticker);
      await engine.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const predicted = await predictedStories(store, articles);
    const scores = scoreClustering(predicted, goldLabels(articles));
    const status = server.status();
    const stored = await store.countArticles();
    const stats: ReplayStats = {
      total: status.total,
      released: status.released,
      stored,
      sightings: engine.stats.sightings,
      stories: new Set(predicted.values()).size,
      feeds: status.feeds,
      requests: status.requests,
      notModified: status.notModified,
      seconds,
      articlesPerSecond: seconds > 0 ? engine.stats.clustered / seconds : 0,
      speed,
    };
    log.info(stats, "replay finished");
    return { scores, predicted, stats };
  } finally {
    await server.close();
  }
}

/** What the feeds may carry of a data set article: the engine fields and the link. */
function engineInputWithUrl(a: DatasetArticle) {
  return { ...engineInput(a), url: a.url ?? null };
}
