// Serves a labelled data set as real RSS 2.0 feeds on 127.0.0.1, one feed per outlet, releasing
// each article at its scheduled time (see replay-schedule.ts). Feeds answer conditional GETs
// (ETag / Last-Modified -> 304 when nothing new was released), so the live pipeline's polite
// fetching is exercised. GET /feeds.opml lists the feeds for the engine to import.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ReplayOutlet, renderOpml, renderRss } from "./replay-feed.ts";
import {
  type ReplayArticle,
  type ScheduledArticle,
  type ScheduleOptions,
  scheduleReplay,
} from "./replay-schedule.ts";

export interface ReplayServerOptions extends ScheduleOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Most recent items kept in each feed; default: every released item. */
  maxItems?: number;
  /** Real clock in epoch ms (tests inject one); default Date.now. */
  clock?: () => number;
  /** Outlet title for articles whose source is null. */
  fallbackOutlet?: string;
}

export interface ReplayStatus {
  total: number;
  released: number;
  done: boolean;
  feeds: number;
  requests: number;
  notModified: number;
}

interface OutletFeed extends ReplayOutlet {
  /** Scheduled articles of this outlet in release order. */
  items: ScheduledArticle[];
  /** Last-Modified (epoch seconds) after the k-th item is released; strictly increasing. */
  lastModifiedSec: number[];
}

export interface ReplayServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly opmlUrl: string;
  readonly outlets: readonly ReplayOutlet[];
  /** Feed URL of every outlet, in outlet order. */
  feedUrls(): string[];
  /** Real ms after start at which the last article is released. */
  readonly durationMs: number;
  status(): ReplayStatus;
  /** Ids of the articles released so far. */
  releasedIds(): string[];
  /** Ids of the articles that went out in at least one 200 response. */
  servedIds(): Set<string>;
  /** Resolves once every article has been released. */
  whenAllReleased(): Promise<void>;
  close(): Promise<void>;
}

export const FALLBACK_OUTLET = "Unattributed";

function slugify(name: string): string {
  const s = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return s || "outlet";
}

function mostCommon(values: (string | null | undefined)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let bestN = 0;
  for (const [v, n] of counts) if (n > bestN) [best, bestN] = [v, n];
  return best;
}

function buildOutlets(
  schedule: ScheduledArticle[],
  startMs: number,
  fallback: string,
): Map<string, OutletFeed> {
  const byTitle = new Map<string, OutletFeed>();
  const slugs = new Set<string>();
  for (const s of schedule) {
    const title = s.article.source?.trim() || fallback;
    let feed = byTitle.get(title);
    if (!feed) {
      let slug = slugify(title);
      for (let n = 2; slugs.has(slug); n++) slug = `${slugify(title)}-${n}`;
      slugs.add(slug);
      feed = { slug, title, lang: null, items: [], lastModifiedSec: [] };
      byTitle.set(title, feed);
    }
    feed.items.push(s);
  }
  const bySlug = new Map<string, OutletFeed>();
  for (const feed of byTitle.values()) {
    feed.lang = mostCommon(feed.items.map((s) => s.article.lang));
    // Last-Modified has one-second resolution; keep it strictly increasing so that a client that
    // only sends If-Modified-Since never misses an item released within the same second.
    let prev = -1;
    for (const s of feed.items) {
      const sec = Math.max(prev + 1, Math.floor((startMs + s.releaseAfterMs) / 1000));
      feed.lastModifiedSec.push(sec);
      prev = sec;
    }
    bySlug.set(feed.slug, feed);
  }
  return bySlug;
}

/** Number of items of `items` released at real offset `elapsed` (items are in release order). */
function releasedCount(items: ScheduledArticle[], elapsed: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].releaseAfterMs <= elapsed) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function startReplayServer(
  articles: readonly ReplayArticle[],
  options: ReplayServerOptions,
): Promise<ReplayServer> {
  const clock = options.clock ?? Date.now;
  const schedule = scheduleReplay(articles, options);
  const startMs = clock();
  const feeds = buildOutlets(schedule, startMs, options.fallbackOutlet ?? FALLBACK_OUTLET);
  const outlets: ReplayOutlet[] = [...feeds.values()].map(({ slug, title, lang }) => ({
    slug,
    title,
    lang,
  }));
  const durationMs = schedule.length > 0 ? schedule[schedule.length - 1].releaseAfterMs : 0;
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  const served = new Set<string>();
  let requests = 0;
  let notModified = 0;
  let base = "";

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/feeds.opml") {
      res.writeHead(200, { "content-type": "text/x-opml; charset=utf-8" });
      res.end(req.method === "HEAD" ? undefined : renderOpml(outlets, base, "Storyline replay"));
      return;
    }
    if (path === "/status") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(status()));
      return;
    }
    const m = /^\/feed\/([a-z0-9-]+)\.xml$/.exec(path);
    const feed = m ? feeds.get(m[1]) : undefined;
    if (!feed) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const count = releasedCount(feed.items, clock() - startMs);
    const etag = `"${feed.slug}-${count}"`;
    const lastModified =
      count > 0 ? new Date(feed.lastModifiedSec[count - 1] * 1000) : new Date(startMs);
    const headers = {
      etag,
      "last-modified": lastModified.toUTCString(),
      "cache-control": "no-cache",
    };
    // RFC 9110 13.2.2: If-None-Match wins over If-Modified-Since when both are sent.
    const inm = req.headers["if-none-match"];
    const ims = req.headers["if-modified-since"];
    const unchanged =
      inm !== undefined
        ? inm.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)
        : ims !== undefined && Date.parse(ims) >= lastModified.getTime();
    if (unchanged) {
      notModified++;
      res.writeHead(304, headers).end();
      return;
    }
    const items = feed.items.slice(Math.max(0, count - maxItems), count).map((s) => s.article);
    res.writeHead(200, { ...headers, "content-type": "application/rss+xml; charset=utf-8" });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    for (const a of items) served.add(a.id);
    res.end(renderRss(feed, items, base, lastModified));
  };

  const status = (): ReplayStatus => {
    const released = releasedCount(schedule, clock() - startMs);
    return {
      total: schedule.length,
      released,
      done: released === schedule.length,
      feeds: feeds.size,
      requests,
      notModified,
    };
  };

  const server: Server = createServer(handle);
  server.keepAliveTimeout = 1000;
  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let timer: NodeJS.Timeout | null = null;

  return {
    url: base,
    opmlUrl: `${base}/feeds.opml`,
    outlets,
    durationMs,
    feedUrls: () => outlets.map((o) => `${base}/feed/${o.slug}.xml`),
    status,
    releasedIds: () =>
      schedule.slice(0, releasedCount(schedule, clock() - startMs)).map((s) => s.article.id),
    servedIds: () => new Set(served),
    whenAllReleased: () =>
      new Promise((resolve) => {
        const check = () => {
          const left = durationMs - (clock() - startMs);
          if (left < 0 || status().done) return resolve();
          timer = setTimeout(check, Math.min(Math.max(left + 1, 5), 1000));
        };
        check();
      }),
    close: async () => {
      if (timer) clearTimeout(timer);
      server.closeAllConnections();
      server.close();
      await once(server, "close").catch(() => {});
    },
  };
}
