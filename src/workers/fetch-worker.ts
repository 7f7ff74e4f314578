// A fetch worker: D's Poller over leased feeds. Any number run against one PostgreSQL database;
// each leases due feeds (see leases.ts), fetches and parses them, and stores their items
// (normalised like the single-process engine does, deduplicated by the store). Clustering is left
// to the cluster workers, which pick up every article stored without a story.

import type { Config } from "../config.ts";
import { userAgent } from "../feeds/fetch.ts";
import { Poller, type PollerOptions, type PollReport } from "../feeds/poller.ts";
import type { FeedState, ParsedFeed } from "../feeds/types.ts";
import type { Logger } from "../pipeline/log.ts";
import { normaliseFeed } from "../pipeline/normalise.ts";
import type { PostgresStore } from "../store/postgres/store.ts";
import { FeedLeases } from "./leases.ts";

export type FetchPollerOptions = Omit<PollerOptions, "onPolled" | "onError">;

/** The poller options from the config, as the single-process engine sets them (runtime.ts). */
export function pollerOptionsFromConfig(config: Config): FetchPollerOptions {
  return {
    concurrency: config.poll.concurrency,
    hosts: { perHost: config.poll.perHost, minSpacingMs: config.poll.hostSpacingMs },
    fetch: { allowPrivate: config.allowPrivate, userAgent: userAgent(config.contact) },
    schedule: {
      minIntervalMs: config.poll.minIntervalMs,
      maxIntervalMs: config.poll.maxIntervalMs,
      defaultIntervalMs: Math.min(
        config.poll.maxIntervalMs,
        Math.max(config.poll.minIntervalMs, 3_600_000),
      ),
      backoffBaseMs: config.poll.minIntervalMs,
    },
    idleMs: Math.min(5000, config.poll.minIntervalMs),
  };
}

export interface FetchWorkerOptions {
  store: PostgresStore;
  log: Logger;
  workerId: string;
  poller: FetchPollerOptions;
  /** Lease length without renewal, ms (default 30 s): how soon a dead worker's feeds return. */
  leaseMs?: number;
  clock?: () => number;
}

export interface FetchStats {
  polls: number;
  errors: number;
  items: number;
  inserted: number;
  sightings: number;
}

export class FetchWorker {
  readonly leases: FeedLeases;
  readonly stats: FetchStats = { polls: 0, errors: 0, items: 0, inserted: 0, sightings: 0 };
  private poller: Poller | null = null;
  private readonly clock: () => number;

  constructor(private readonly options: FetchWorkerOptions) {
    this.leases = new FeedLeases(options.store, options.workerId, options.leaseMs ?? 30_000);
    this.clock = options.clock ?? Date.now;
  }

  start(): void {
    const { log } = this.options;
    this.leases.start((err) => log.error({ err: String(err) }, "lease renewal failed"));
    this.poller = new Poller(
      {
        dueFeeds: (now, limit) => this.leases.lease(now, limit),
        updateFeed: async (id, patch) => {
          if (!(await this.leases.record(id, patch)))
            log.warn({ feed: id }, "lease lost before the poll was recorded");
        },
        onFeed: (feed, parsed) => this.store(feed, parsed),
      },
      {
        ...this.options.poller,
        now: this.clock,
        onPolled: (r: PollReport) => {
          this.stats.polls++;
          if (r.outcome === "error") {
            this.stats.errors++;
            log.warn({ feed: r.feedId, url: r.url, error: r.error }, "poll failed");
          } else log.debug({ feed: r.feedId, outcome: r.outcome, items: r.items }, "polled");
        },
        onError: (feed, err) => log.error({ feed: feed.id, err: String(err) }, "poll not recorded"),
      },
    );
    this.poller.start();
  }

  /** The Poller's callback: normalise and store the items (the store dedupes them). */
  private async store(feed: FeedState, parsed: ParsedFeed): Promise<{ inserted: number }> {
    const items = normaliseFeed(feed, parsed, this.clock());
    this.stats.items += items.length;
    if (items.length === 0) return { inserted: 0 };
    const r = await this.options.store.ingest(items);
    this.stats.inserted += r.inserted.length;
    this.stats.sightings += r.sightings;
    return { inserted: r.inserted.length };
  }

  /** Stops leasing, waits for the fetches in progress, gives back the leases still held. */
  async stop(): Promise<void> {
    await this.poller?.stop();
    this.poller = null;
    await this.leases.stop();
    this.options.log.info({ ...this.stats }, "fetch worker stopped");
  }
}
