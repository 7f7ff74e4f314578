// The single-process engine (`storyline serve`, `npm start`, `storyline replay`): one feed poller
// and one Engine per language (clustering partition, partitions.ts), each over a view of the one
// store restricted to its language, as cluster workers run them in a multi-process deployment
// (src/workers/cluster-worker.ts). No story mixes languages, and each language has its own
// document frequencies, saved state and stream clock (quiet marking), as in batch clustering.
//
// Engines per partition rather than one Engine holding a clusterer per language: restart (saved
// state, kept features, recount), crash recovery, quiet marking, corrections and batched commits
// are then the very code the partitioned workers run, and engine.ts stays about one clusterer; a
// clusterer per language inside it would need a per-language copy of most of its fields.
//
// An engine starts for every language with active stories or articles waiting (on start), and
// for any other language when its first article (or a correction of one of its stories) comes:
// it then restores that language's window first, as on start.

import { EventEmitter } from "node:events";
import { Poller, type PollerOptions, type PollReport } from "../feeds/poller.ts";
import type { FeedState, ParsedFeed } from "../feeds/types.ts";
import type { Correction, CorrectionInput, Store, StoredArticle } from "../store/types.ts";
import type { Explanation } from "../stories/cluster.ts";
import { CorrectionError } from "./corrections.ts";
import {
  addSummary,
  Engine,
  type EngineConfig,
  type EngineStats,
  type IngestSummary,
  storeFeed,
  zeroStats,
} from "./engine.ts";
import type { Logger } from "./log.ts";
import { partitionOf, partitionView } from "./partitions.ts";

export interface LanguageEnginesOptions {
  store: Store;
  log: Logger;
  config: EngineConfig;
  /** Wall clock in epoch ms (tests inject one); default Date.now. */
  clock?: () => number;
  /** Each engine's housekeeping interval (ms; Engine's default when absent). */
  housekeepingMs?: number;
  /** Options of the feed poller started by start(); null: no polling (items come through handleFeed). */
  poller?: Omit<PollerOptions, "onPolled" | "onError"> | null;
  /** Stories each language's engine keeps in memory (Engine's default when absent). */
  storyCacheSize?: number;
}

/**
 * Snapshot keys of one clusterer for every language (a store from before partitions): its state
 * and document frequencies mix languages, so they are dropped and each language restores from its
 * members' kept features instead.
 */
const UNPARTITIONED_KEYS = ["state", "docfreq"];

/** Events: "error" (an engine cannot persist assignments: the process should restart). */
export class LanguageEngines extends EventEmitter {
  readonly store: Store;
  /** The running engines by partition (language; "und" when unknown). */
  readonly engines = new Map<string, Engine>();
  private readonly starting = new Map<string, Promise<Engine>>();
  private readonly options: LanguageEnginesOptions;
  private readonly log: Logger;
  private poller: Poller | null = null;
  private stopped = false;
  /** The feed counters (fetched items, inserted, sightings): feeds are stored here, not by the engines. */
  private readonly fed = zeroStats();

  constructor(options: LanguageEnginesOptions) {
    super();
    this.options = options;
    this.store = options.store;
    this.log = options.log;
  }

  /** Starts the engines of the languages that have active stories or waiting articles, then polling. */
  async start(): Promise<void> {
    const t0 = performance.now();
    await this.dropUnpartitionedState();
    for (const p of await this.store.livePartitions()) await this.engineFor(p);
    const s = this.stats;
    this.log.info(
      {
        languages: [...this.engines.keys()],
        restored: s.restored,
        restoredFromState: s.restoredFromState,
        restoredFromText: s.restoredFromText,
        recounted: s.recounted,
        stories: this.liveStories,
        recovered: s.recovered,
        startMs: Math.round(performance.now() - t0),
      },
      "engines ready",
    );
    const options = this.options.poller;
    if (!options || this.stopped) return;
    this.poller = new Poller(
      {
        dueFeeds: (now, limit) => this.store.dueFeeds(now, limit),
        updateFeed: (id, patch) => this.store.updateFeed(id, patch),
        onFeed: (feed, parsed) => this.handleFeed(feed, parsed),
      },
      {
        ...options,
        onPolled: (r: PollReport) => {
          if (r.outcome === "error")
            this.log.warn(
              { feed: r.feedId, url: r.url, status: r.status, error: r.error },
              "poll failed",
            );
          else this.log.debug({ feed: r.feedId, outcome: r.outcome, items: r.items }, "polled");
        },
        onError: (feed, err) =>
          this.log.error({ feed: feed.id, err: String(err) }, "poll not recorded"),
      },
    );
    this.poller.start();
  }

  private async dropUnpartitionedState(): Promise<void> {
    for (const key of UNPARTITIONED_KEYS) {
      if (!(await this.store.getClusterSnapshot(key))) continue;
      this.log.info(
        { key },
        "saved state of one clusterer for all languages not used: each language restores from its kept features",
      );
      await this.store.deleteClusterSnapshot(key);
    }
  }

  /** The running engine of a partition, started (and its window restored) on first use. */
  private engineFor(partition: string): Promise<Engine> {
    const running = this.starting.get(partition);
    if (running) return running;
    const engine = new Engine({
      store: partitionView(this.store, partition),
      log: this.log.child({ lang: partition }),
      config: this.options.config,
      clock: this.options.clock,
      housekeepingMs: this.options.housekeepingMs,
      storyCacheSize: this.options.storyCacheSize,
    });
    engine.on("error", (err: Error) => this.emit("error", err));
    const started = engine.start().then(
      () => {
        this.engines.set(partition, engine);
        return engine;
      },
      (err: Error) => {
        // On start the caller gets it; later (a new language) the process should restart.
        if (this.listenerCount("error") > 0) this.emit("error", err);
        throw err;
      },
    );
    this.starting.set(partition, started);
    return started;
  }

  /** Polls feeds due now at once (e.g. after feeds were added). */
  nudgePoller(): void {
    if (!this.poller) return;
    void this.poller.pollDue().catch((err) => this.log.error({ err: String(err) }, "poll failed"));
  }

  /** A feed's items: normalised, stored (deduplicated), each new article queued by its language. */
  async handleFeed(feed: FeedState, parsed: ParsedFeed): Promise<IngestSummary> {
    const now = (this.options.clock ?? Date.now)();
    const { summary, inserted } = await storeFeed(this.store, this.log, feed, parsed, now);
    addSummary(this.fed, summary);
    const byPartition = new Map<string, StoredArticle[]>();
    for (const a of inserted) {
      const p = partitionOf(a);
      const list = byPartition.get(p);
      if (list) list.push(a);
      else byPartition.set(p, [a]);
    }
    // Each engine's accept waits while its own backlog is long (backpressure on the poller).
    for (const [p, articles] of byPartition) await (await this.engineFor(p)).accept(articles);
    return summary;
  }

  /** Resolves once every engine has clustered and persisted every queued article. */
  async idle(): Promise<void> {
    for (;;) {
      await Promise.all(this.starting.values());
      for (const e of this.engines.values()) await e.idle();
      const all = [...this.starting.keys()].every((p) => this.engines.has(p));
      if ((this.backlog === 0 && all) || this.failure) return;
    }
  }

  /** Articles waiting to be clustered, every language together. */
  get backlog(): number {
    let n = 0;
    for (const e of this.engines.values()) n += e.backlog;
    return n;
  }

  /** The first engine failure (it stopped clustering after a store failure), or null. */
  get failure(): Error | null {
    for (const e of this.engines.values()) if (e.failure) return e.failure;
    return null;
  }

  /** Every engine's counters added up (and the feed items counted here). */
  get stats(): EngineStats {
    const sum: EngineStats = { ...this.fed };
    for (const e of this.engines.values()) {
      for (const k of Object.keys(sum) as (keyof EngineStats)[]) sum[k] += e.stats[k];
    }
    return sum;
  }

  /** Stories live in the clusterers, every language together. */
  get liveStories(): number {
    let n = 0;
    for (const e of this.engines.values()) n += e.liveStories;
    return n;
  }

  /** Why an article is in its story (while the story is live in its language's clusterer), or null. */
  explain(articleId: string): Explanation | null {
    for (const e of this.engines.values()) {
      const x = e.explain(articleId);
      if (x) return x;
    }
    return null;
  }

  /**
   * A person's correction, applied by the engine of its (first) story's language. Stories of two
   * languages are neither merged nor have articles moved between them: CorrectionError
   * (corrections.ts), nothing stored or changed.
   */
  async applyCorrection(
    input: CorrectionInput,
  ): Promise<{ correction: Correction; storyId: string | null }> {
    return (await this.ownerOf(input.storyIds[0])).applyCorrection(input);
  }

  private async ownerOf(storyId: string | undefined): Promise<Engine> {
    if (!storyId) throw new CorrectionError("a story id is missing");
    const story = await this.store.getStory(storyId);
    if (!story) throw new CorrectionError(`no story ${storyId}`);
    return this.engineFor(partitionOf(story));
  }

  /** Each engine's housekeeping pass (labels, quiet stories, corrections made elsewhere). */
  async housekeeping(): Promise<void> {
    for (const e of this.engines.values()) await e.housekeeping();
  }

  /** Stops polling, then every engine (each clusters what it has queued and saves its state). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.poller?.stop();
    const engines = await Promise.allSettled(this.starting.values());
    for (const r of engines) if (r.status === "fulfilled") await r.value.stop();
  }
}
