// The live engine of one clustering partition (a language: partitions.ts): the feed items it is
// handed (by LanguageEngines' poller in one process, or stored by fetch workers) normalised and
// stored (deduplicated by the store), each new article clustered (A's StreamClusterer) and its story
// relabelled and persisted together with the assignment and the story's lifecycle events, in one
// transaction. Over a whole store (no partition view) it is one clusterer for every language.
//
// Exactly-once: an article is first stored without a story, then assigned in the transaction that
// writes its story. A crash between the two leaves it unassigned, and start() clusters every
// unassigned article before polling again; so after any crash every stored article ends up with
// exactly one story. On start the clusterer is rebuilt from the assignments of the active window,
// so it continues with the same story ids.
import { EventEmitter } from "node:events";
import type { Config } from "../config.ts";
import type { FeedState, ParsedFeed } from "../feeds/types.ts";
import type {
  AssignmentWrite,
  Correction,
  CorrectionInput,
  FeatureWrite,
  RenewalWrite,
  Store,
  StoredArticle,
  StoryEventInput,
  StoryRecord,
} from "../store/types.ts";
import { ByteReader, ByteWriter } from "../stories/bytes.ts";
import { type ClusterOptions, type Explanation, StreamClusterer } from "../stories/cluster.ts";
import { decodeDocFreq, encodeDocFreq, encodeMember, TermCache } from "../stories/snapshot.ts";
import { readClustererState, writeClustererState } from "../stories/state.ts";
import type { RecutPart } from "../stories/types.ts";
import {
  applyCorrection,
  CorrectionError,
  type CorrectionResult,
  isApplied,
} from "./corrections.ts";
import type { Logger } from "./log.ts";
import { normaliseFeed } from "./normalise.ts";
import {
  articleTime,
  clusterInput,
  keepingScore,
  replayCuts,
  restoreRow,
  StoryBook,
} from "./stories.ts";

export { CorrectionError };

export type EngineConfig = Pick<Config, "clustering" | "quietAfterMs" | "retention">;

export interface EngineOptions {
  store: Store;
  log: Logger;
  config: EngineConfig;
  /** Wall clock in epoch ms (tests inject one); default Date.now. */
  clock?: () => number;
  /** How often labels are refreshed, quiet stories marked and outside corrections read (ms). */
  housekeepingMs?: number;
  /** Stories kept in memory (StoryBook); default 20,000. */
  storyCacheSize?: number;
}

export interface EngineStats {
  fetchedItems: number;
  inserted: number;
  sightings: number;
  clustered: number;
  storiesCreated: number;
  queued: number;
  restored: number;
  /** Of `restored`: members loaded with the saved clusterer state (the rest were replayed). */
  restoredFromState: number;
  /** Of `restored`: members re-vectorised from their text (clustered before features were kept). */
  restoredFromText: number;
  /** Articles counted again into the document frequencies (clustered after their last snapshot). */
  recounted: number;
  recovered: number;
  pruned: number;
}

/** Every counter at zero (an engine's start; the sum over several engines). */
export function zeroStats(): EngineStats {
  return {
    fetchedItems: 0,
    inserted: 0,
    sightings: 0,
    clustered: 0,
    storiesCreated: 0,
    queued: 0,
    restored: 0,
    restoredFromState: 0,
    restoredFromText: 0,
    recounted: 0,
    recovered: 0,
    pruned: 0,
  };
}

export interface IngestSummary {
  items: number;
  inserted: number;
  sightings: number;
}

/**
 * A feed's items normalised and stored (deduplicated by the store): what an engine (or the
 * engines of every language) then queues for clustering.
 */
export async function storeFeed(
  store: Store,
  log: Logger,
  feed: FeedState,
  parsed: ParsedFeed,
  now: number,
): Promise<{ summary: IngestSummary; inserted: StoredArticle[] }> {
  const items = normaliseFeed(feed, parsed, now);
  if (items.length === 0) return { summary: { items: 0, inserted: 0, sightings: 0 }, inserted: [] };
  const result = await store.ingest(items);
  if (result.inserted.length > 0)
    log.debug(
      { feed: feed.id, inserted: result.inserted.length, sightings: result.sightings },
      "stored articles",
    );
  return {
    summary: { items: items.length, inserted: result.inserted.length, sightings: result.sightings },
    inserted: result.inserted,
  };
}

/** Counts a stored feed's summary into engine counters. */
export function addSummary(stats: EngineStats, s: IngestSummary): void {
  stats.fetchedItems += s.items;
  stats.inserted += s.inserted;
  stats.sightings += s.sightings;
}

const RECOVERY_BATCH = 1000;
/**
 * Stories not in memory (pushed out of the story book, or not adopted on start) marked quiet per
 * housekeeping pass at most, read from the store: a backlog goes quiet over a few passes rather
 * than holding up clustering.
 */
const QUIET_PAGE = 1000;
/** Time spent labelling per housekeeping pass while articles wait to be clustered. */
const LABEL_BUDGET_MS = 500;
/** Feeds wait (so the poller slows down) while this many articles wait to be clustered. */
const MAX_BACKLOG = 5000;
const COMMIT_ATTEMPTS = 3;
/**
 * Queued articles clustered one by one, then written together in one transaction (per-article
 * transactions and story rewrites were a large share of ingest CPU). A crash loses the whole
 * batch's assignments together, and start() clusters those articles again.
 */
const COMMIT_BATCH = 64;
/** Members read from the store per page while the clusterer is rebuilt. */
const RESTORE_PAGE = 2000;
/** Key of the clusterer's saved document frequencies (a partition's engine has its own). */
const SNAPSHOT_KEY = "docfreq";
/**
 * The document frequencies are saved again once this many articles were clustered since: a
 * restart counts at most this many articles again (from their texts) on top of the snapshot.
 */
const SNAPSHOT_EVERY = 2000;
/** Key of the clusterer's saved whole state (a partition's engine has its own, as for docfreq). */
const STATE_KEY = "state";
/**
 * The whole state is saved again once this many articles were clustered since (and on stop): a
 * restart after a crash replays at most about this many members on top of it. Writing it costs
 * about what clustering a few thousand articles does (docs/pipeline.md, Restart).
 */
const STATE_EVERY = 20_000;
/** Format of the engine's envelope around the clusterer's state (the clusterer versions its own). */
const STATE_ENVELOPE = 1;

/** Clustered articles whose assignments, story records and events are not written yet. */
interface PendingCommit {
  writes: AssignmentWrite[];
  /** The clustered articles' kept features, in clustering order. */
  features: FeatureWrite[];
  /** Stories the clusterer renewed, each where it came among `features`. */
  renewals: RenewalWrite[];
  /** The latest record of each story touched (a story grown twice is written once). */
  stories: Map<string, StoryRecord>;
  events: StoryEventInput[];
  done: { articleId: string; storyId: string; isNew: boolean }[];
}

const emptyPending = (): PendingCommit => ({
  writes: [],
  features: [],
  renewals: [],
  stories: new Map(),
  events: [],
  done: [],
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Events: "committed" (an article got its story: {articleId, storyId, isNew}), "events" (story
 * lifecycle events were recorded), "idle" (the clustering queue emptied), "error".
 */
export class Engine extends EventEmitter {
  readonly store: Store;
  private readonly log: Logger;
  private readonly config: EngineConfig;
  private readonly clock: () => number;
  private readonly housekeepingMs: number;
  private clusterer: StreamClusterer;
  private readonly clusterOptions: ClusterOptions;
  private readonly book: StoryBook;
  private readonly queue: StoredArticle[] = [];
  private readonly queuedIds = new Set<string>();
  /** Serialises everything that touches the clusterer: article batches and corrections. */
  private chain: Promise<unknown> = Promise.resolve();
  private draining = false;
  private streamTime = Number.NEGATIVE_INFINITY;
  private lastCorrectionId = 0;
  /** Corrections applied while running, by id (so none is applied twice). */
  private readonly applied = new Map<number, CorrectionResult>();
  private timers: NodeJS.Timeout[] = [];
  private pruning = false;
  private clusteredAtLastLabel = 0;
  private clusteredAtSnapshot = 0;
  private snapshotSaved = false;
  /** changeMark() when the stored state last equalled the clusterer's (-1: it does not). */
  private stateMark = -1;
  private clusteredAtState = 0;
  /** Size of the state last saved or loaded. */
  private stateBytes = 0;
  /** A batch failed midway: the clusterer may differ from the store until a restart. */
  private stateUntrusted = false;
  private started = false;
  private stopped = false;
  private failed: Error | null = null;
  readonly stats: EngineStats = zeroStats();

  constructor(options: EngineOptions) {
    super();
    this.store = options.store;
    this.log = options.log;
    this.config = options.config;
    this.clock = options.clock ?? Date.now;
    this.housekeepingMs = options.housekeepingMs ?? 5_000;
    this.clusterOptions = {
      granularity: options.config.clustering.granularity,
      windowMs: options.config.clustering.windowMs ?? undefined,
      // As batch runs: restarts replay each re-cut where it happened (replayCuts).
      recut: true,
    };
    this.clusterer = new StreamClusterer(this.clusterOptions);
    this.book = new StoryBook(this.store, options.storyCacheSize);
  }

  /** Rebuilds the clusterer from the store, clusters what a crash left unassigned, starts timers. */
  async start(): Promise<void> {
    if (this.started) throw new Error("engine already started");
    this.started = true;
    const t0 = performance.now();
    await this.rebuild();
    const rebuildMs = performance.now() - t0;
    await this.applyPendingCorrections();
    this.stats.recovered = await this.recoverUnassigned();
    this.log.info(
      {
        restored: this.stats.restored,
        restoredFromState: this.stats.restoredFromState,
        restoredFromText: this.stats.restoredFromText,
        recounted: this.stats.recounted,
        stories: this.clusterer.liveStories,
        recovered: this.stats.recovered,
        rebuildMs: Math.round(rebuildMs),
      },
      "engine ready",
    );
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => {
        fn().catch((err) => this.log.error({ err: String(err) }, "housekeeping failed"));
      }, ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.housekeepingMs, () => this.housekeeping());
    every(this.config.retention.intervalMs, () => this.prune());
  }

  /** Stops the timers, waits for queued articles to be clustered and flushes stale labels. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.idle();
    await this.flushLabels();
    await this.serial(async () => {
      await this.saveSnapshot();
      await this.saveState();
    });
  }

  /** A feed's items: normalised, stored (deduplicated), the new articles queued (accept). */
  async handleFeed(feed: FeedState, parsed: ParsedFeed): Promise<IngestSummary> {
    const { summary, inserted } = await storeFeed(this.store, this.log, feed, parsed, this.clock());
    addSummary(this.stats, summary);
    if (inserted.length > 0) await this.accept(inserted);
    return summary;
  }

  /**
   * Queues stored articles to be clustered; resolves once the backlog is below MAX_BACKLOG (so
   * that the feed callback, and with it the poller, waits while clustering is far behind).
   */
  async accept(articles: StoredArticle[]): Promise<void> {
    this.enqueue(articles);
    while (this.queue.length > MAX_BACKLOG && !this.failed && !this.stopped) {
      await sleep(20);
    }
  }

  /**
   * Resolves once every queued article is clustered and persisted, or clustering stopped on a
   * failure (`failure`): the articles still queued then stay unassigned in the store for the
   * restart to cluster, and nothing would ever drain them here.
   */
  async idle(): Promise<void> {
    while ((this.queue.length > 0 || this.draining) && !this.failed) await this.chain;
    await this.chain;
  }

  /** Articles waiting to be clustered. */
  get backlog(): number {
    return this.queue.length;
  }

  /** The engine stopped clustering after a store failure (the process should restart). */
  get failure(): Error | null {
    return this.failed;
  }

  /**
   * A person's correction (merge, split, move): applied to the clusterer and persisted with its
   * effects in one transaction. Returns the stored correction and, for a split, the new story id.
   */
  applyCorrection(
    input: CorrectionInput,
  ): Promise<{ correction: Correction; storyId: string | null }> {
    return this.serial(async () => {
      // Only the input's fields: an `id` would make it pass for an already stored correction.
      const { kind, storyIds, articleIds, at, note } = input;
      const fresh: CorrectionInput = { kind, storyIds, articleIds, at, note };
      const r = await applyCorrection(this.correctionContext(), fresh);
      this.applied.set(r.correction.id, r);
      return { correction: r.correction, storyId: r.storyId };
    });
  }

  /**
   * Applies a correction someone already stored (the HTTP admin API records it, then calls this);
   * its effects are persisted here. Applying the same correction twice does nothing more.
   */
  applyStoredCorrection(correction: Correction): Promise<{ storyId: string | null }> {
    return this.serial(async () => {
      const done = this.applied.get(correction.id);
      if (done) return { storyId: done.storyId };
      const r = await applyCorrection(this.correctionContext(), correction);
      this.applied.set(correction.id, r);
      return { storyId: r.storyId };
    });
  }

  /** Stories live in the clusterer. */
  get liveStories(): number {
    return this.clusterer.liveStories;
  }

  /** Why an article is in its story (while the story is live in the clusterer), or null. */
  explain(articleId: string): Explanation | null {
    return this.clusterer.explain(articleId);
  }

  private correctionContext() {
    return {
      store: this.store,
      clusterer: this.clusterer,
      book: this.book,
      now: this.clock(),
      emitEvents: (events: StoryEventInput[]) => this.emit("events", events),
    };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => {});
    return run;
  }

  private enqueue(articles: StoredArticle[]): void {
    for (const a of articles) {
      if (this.queuedIds.has(a.id)) continue;
      this.queuedIds.add(a.id);
      this.queue.push(a);
    }
    // Articles waiting together are clustered oldest first (stable: arrival order on ties), so
    // that what one poll of many feeds brings in is seen in the order it happened; the clusterer
    // then depends less on which feed happened to be read first.
    this.queue.sort((x, y) => articleTime(x) - articleTime(y));
    this.stats.queued = this.queue.length;
    if (!this.draining && this.queue.length > 0) {
      this.draining = true;
      void this.serial(() => this.drain());
    }
  }

  /** Stops clustering for good (the process should exit and restart): logged, then "error". */
  private fail(err: Error, articles: { id: string }[], message: string): void {
    if (this.failed) return;
    this.failed = err;
    this.log.fatal({ err: String(err), articleIds: articles.map((a) => a.id) }, message);
    // Unheard, an "error" event would throw out of the drain as an unhandled rejection.
    if (this.listenerCount("error") > 0) this.emit("error", err);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.failed) {
        const batch = this.queue.splice(0, COMMIT_BATCH);
        this.stats.queued = this.queue.length;
        try {
          await this.clusterBatch(batch);
        } catch (err) {
          // The clusterer may hold articles the store never got: its state is not saved again.
          this.stateUntrusted = true;
          this.fail(err as Error, batch, "cannot cluster articles");
          break;
        }
        if (this.failed) break;
        for (const a of batch) this.queuedIds.delete(a.id);
      }
    } finally {
      this.draining = false;
      if (this.queue.length === 0) this.emit("idle");
    }
  }

  /**
   * Clusters stored articles one by one and commits their assignments, story records and events
   * in one transaction (before a clusterer merge, which reads the stored members, the articles
   * clustered so far are committed first).
   */
  private async clusterBatch(batch: StoredArticle[]): Promise<void> {
    const pending = emptyPending();
    for (const a of batch) {
      // Already clustered (queued twice: by its feed and by the unassigned sweep).
      if (this.clusterer.storyOf(a.id) !== null) continue;
      const now = this.clock();
      const assignment = this.clusterer.add(clusterInput(a));
      const t = articleTime(a);
      if (t > this.streamTime) this.streamTime = t;
      const write: AssignmentWrite = {
        articleId: a.id,
        storyId: assignment.storyId,
        eventId: assignment.eventId,
        score: assignment.score,
        threshold: assignment.threshold,
      };
      const isNew = assignment.isNew;
      const merged = assignment.merged ?? [];
      for (const r of assignment.renewed ?? []) {
        // Before this article's features: it came after the renewal.
        pending.renewals.push({ ...r, after: pending.features.length });
      }
      const cuts = assignment.split ?? [];
      // A merge or a re-cut moves members the store holds: what was clustered before is
      // committed first, so that this article's assignment, its features (which carry its cuts)
      // and the moves are written in one transaction.
      if (merged.length > 0 || cuts.length > 0) {
        if (!(await this.commitPending(pending))) return;
      }
      /** The members of the article's story, the article included (read when it was re-cut). */
      let members: StoredArticle[] | null = null;
      if (merged.length > 0) {
        const effects = await this.mergeEffects(a, assignment.storyId, merged, now);
        pending.writes.push(write, ...effects.moves);
        for (const r of [effects.story, ...effects.retired]) pending.stories.set(r.id, r);
        pending.events.push(...effects.events);
        members = effects.members;
      } else {
        let entry = isNew ? null : await this.book.load(assignment.storyId);
        if (!entry) entry = this.book.create(assignment.storyId, a, now);
        const wasQuiet = entry.record.status === "quiet";
        const story = this.book.grow(entry, a, now);
        pending.writes.push(write);
        pending.stories.set(story.id, story);
        pending.events.push(
          isNew
            ? {
                storyId: story.id,
                type: "created",
                at: now,
                data: { articleId: a.id, headline: story.headline },
              }
            : {
                storyId: story.id,
                type: "grew",
                at: now,
                data: {
                  articleId: a.id,
                  articleCount: story.articleCount,
                  ...(wasQuiet ? { revived: true } : {}),
                },
              },
        );
      }
      if (cuts.length > 0) {
        members ??= [...(await this.store.articlesOfStory(assignment.storyId)), a];
        const from = pending.stories.get(assignment.storyId)!;
        const effects = this.cutEffects(from, members, write, cuts, now);
        pending.writes.push(...effects.moves);
        for (const r of effects.stories) pending.stories.set(r.id, r);
        pending.events.push(...effects.events);
      }
      const features = this.clusterer.memberFeatures(a.id);
      if (features) pending.features.push({ articleId: a.id, data: encodeMember(features, cuts) });
      pending.done.push({ articleId: a.id, storyId: write.storyId, isNew });
    }
    await this.commitPending(pending);
  }

  /** Writes what was clustered since the last commit, in one transaction; false when it failed. */
  private async commitPending(p: PendingCommit): Promise<boolean> {
    if (p.writes.length === 0) return true;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.commitChanges({
          assignments: p.writes,
          stories: [...p.stories.values()],
          events: p.events,
          features: p.features,
          renewals: p.renewals,
        });
        break;
      } catch (err) {
        if (attempt >= COMMIT_ATTEMPTS) {
          // The clusterer now knows assignments the store does not: stop clustering, so that
          // a restart rebuilds both from the store (the articles are still unassigned there).
          this.fail(
            err as Error,
            p.done.map((d) => ({ id: d.articleId })),
            "cannot persist assignments",
          );
          return false;
        }
        await sleep(100 * attempt);
      }
    }
    const { done, events } = p;
    Object.assign(p, emptyPending());
    this.stats.clustered += done.length;
    for (const d of done) {
      if (d.isNew) this.stats.storiesCreated++;
      this.emit("committed", d);
    }
    this.emit("events", events);
    return true;
  }

  /**
   * The clusterer re-cut story `from` after an article joined it (Assignment.split): each part's
   * members (of `members`, the story's, the article's own included) move to the part, a new
   * story (each keeps its score; its event is the part's, as in the clusterer; the joining
   * article's `write` is changed if it moved), and both records are rebuilt from their members
   * (labelled by the next housekeeping pass, as a merge's: not on the per-article path; until
   * then a part shows its first article's title, never the other story's headline).
   */
  private cutEffects(
    from: StoryRecord,
    members: StoredArticle[],
    write: AssignmentWrite,
    cuts: RecutPart[],
    now: number,
  ) {
    let staying = members;
    const moves: AssignmentWrite[] = [];
    const stories: StoryRecord[] = [];
    const events: StoryEventInput[] = [];
    for (const cut of cuts) {
      const leaving = new Set(cut.articleIds);
      const out = staying.filter((x) => leaving.has(x.id));
      staying = staying.filter((x) => !leaving.has(x.id));
      for (const x of out) {
        if (x.id === write.articleId) {
          write.storyId = cut.storyId;
          write.eventId = cut.storyId;
          continue;
        }
        moves.push(keepingScore(x, cut.storyId, cut.storyId));
      }
      const part = {
        ...from,
        id: cut.storyId,
        headline: "",
        summary: "",
        entities: [],
        status: "active" as const,
        mergedInto: null,
      };
      stories.push(this.book.rebuild(part, out, now, false));
      const data = { articleIds: cut.articleIds, by: "clusterer" };
      events.push(
        { storyId: from.id, type: "split", at: now, data: { newStoryId: cut.storyId, ...data } },
        { storyId: cut.storyId, type: "created", at: now, data: { splitFrom: from.id, ...data } },
      );
    }
    stories.push(this.book.rebuild(from, staying, now, false));
    return { moves, stories, events };
  }

  /**
   * The article bridged live stories and the clusterer merged them into `survivorId`: every
   * article of the merged stories moves to it, they retire as "merged", and the survivor's record
   * is rebuilt from all its members; written in the same transaction as the article's assignment.
   */
  private async mergeEffects(a: StoredArticle, survivorId: string, merged: string[], now: number) {
    const survivor = await this.store.getStory(survivorId);
    if (!survivor) throw new Error(`story ${survivorId} is not stored`);
    const members = await this.store.articlesOfStory(survivorId);
    const moves: AssignmentWrite[] = [];
    const retired: StoryRecord[] = [];
    const events: StoryEventInput[] = [];
    for (const id of merged) {
      const from = await this.store.articlesOfStory(id);
      for (const x of from) moves.push(keepingScore(x, survivorId, x.eventId ?? id));
      members.push(...from);
      const record = await this.store.getStory(id);
      if (record) {
        retired.push({
          ...record,
          status: "merged",
          mergedInto: survivorId,
          articleCount: 0,
          outletCount: 0,
          updatedAt: now,
        });
      }
      this.book.forget(id);
      events.push(
        {
          storyId: survivorId,
          type: "merged",
          at: now,
          data: { from: id, articles: from.length, by: "clusterer" },
        },
        { storyId: id, type: "merged", at: now, data: { into: survivorId, by: "clusterer" } },
      );
    }
    members.push(a);
    // Labelled by the next housekeeping pass, like a grown story (not on the per-article path).
    const story = this.book.rebuild({ ...survivor, status: "active" }, members, now, false);
    events.unshift({
      storyId: survivorId,
      type: "grew",
      at: now,
      data: { articleId: a.id, articleCount: story.articleCount },
    });
    return { story, events, moves, retired, members };
  }

  /**
   * Rebuilds the clusterer: the members it keeps of the stories seen within `lingerMs` (two
   * windows: a story's pace may keep it live that long) before the newest story (of a renewed
   * story only what its last renewal kept and what joined it since), in clustering order, from
   * the features saved with its assignment (no text read, no tokenising; members clustered
   * before features were kept are re-vectorised from their text), then the document
   * frequencies: the last snapshot, plus the articles clustered after it counted again from
   * their texts (without a snapshot: the window's articles).
   */
  private async rebuild(): Promise<void> {
    const newest = (await this.store.latestStorySeen()) ?? undefined;
    const since = (newest ?? this.clock()) - this.clusterer.lingerMs;
    if (newest !== undefined) this.streamTime = newest;
    if (await this.restoreState()) return;
    const order = await this.store.restoreOrder(since);
    // Renewed stories take their place where they were founded, before the members after it.
    const renewed = await this.store.restoreRenewals(since);
    let next = 0;
    const storyIds = new Set<string>();
    const terms = new TermCache();
    for (let i = 0; i < order.length; i += RESTORE_PAGE) {
      for (const r of await this.store.restoreRows(order.slice(i, i + RESTORE_PAGE))) {
        for (
          ;
          next < renewed.length && r.order !== null && renewed[next].founded <= r.order;
          next++
        )
          this.clusterer.restoreRenewed(renewed[next].storyId, renewed[next].events);
        const how = restoreRow(this.clusterer, r, r.storyId, terms);
        if (!how) continue;
        replayCuts(this.clusterer, r, false);
        if (how === "text") this.stats.restoredFromText++;
        this.stats.restored++;
        storyIds.add(r.storyId);
      }
    }
    const snapshot = await this.store.getClusterSnapshot(SNAPSHOT_KEY);
    if (snapshot) this.clusterer.docFreq.load(decodeDocFreq(snapshot.data));
    this.snapshotSaved = snapshot !== null;
    await this.recount(snapshot?.upTo ?? 0, snapshot ? Number.NEGATIVE_INFINITY : since);
    for (const s of await this.storyRecords([...storyIds])) this.book.adopt(s);
  }

  /**
   * Counts the articles clustered after clustering order `after` (published since `since`) into
   * the document frequencies, as they were when clustered (their members are already placed),
   * then saves the table so that the next restart starts from here.
   */
  private async recount(after: number, since: number): Promise<void> {
    for (;;) {
      const page = await this.store.clusteredAfter(after, since, RESTORE_PAGE);
      for (const c of page) this.clusterer.query(clusterInput(c.article));
      this.stats.recounted += page.length;
      if (page.length < RESTORE_PAGE) break;
      after = page[page.length - 1].order;
    }
    if (this.stats.recounted > 0) await this.saveSnapshot(true);
  }

  private async storyRecords(ids: string[]): Promise<StoryRecord[]> {
    const out: StoryRecord[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      out.push(...(await this.store.getStories(ids.slice(i, i + 500))));
    }
    return out;
  }

  /**
   * The fast restart: the clusterer's state as last saved (saveState), then the members clustered
   * after it (from their kept features, in clustering order) and the stories the clusterer merged
   * since. False, with one log line, when there is a state but it cannot be trusted (unreadable,
   * another format or configuration, a correction applied after it, a story it holds no longer
   * stored as it knew it): the caller then restores everything from the kept features.
   */
  private async restoreState(): Promise<boolean> {
    const saved = await this.store.getClusterSnapshot(STATE_KEY);
    if (!saved) return false;
    this.stateBytes = saved.data.length;
    const refuse = (reason: string) => {
      this.log.warn({ reason }, "saved clusterer state not used: restoring from kept features");
      return false;
    };
    const r = new ByteReader(saved.data);
    let handled: number;
    try {
      const envelope = r.u8();
      if (envelope !== STATE_ENVELOPE) return refuse(`envelope format ${envelope}`);
      handled = r.f64();
    } catch (err) {
      return refuse(String(err));
    }
    // A correction written after the state changed stories it holds (one stored but never
    // applied is applied after the restore, as after any restart). Checked before decoding.
    const late = (await this.store.listCorrections()).find((c) => c.id > handled);
    if (late) return refuse(`correction ${late.id} is newer than the state`);
    let clusterer: StreamClusterer;
    try {
      clusterer = readClustererState(r, this.clusterOptions);
    } catch (err) {
      return refuse(String(err));
    }
    // Stories the clusterer merged after the state was saved: merged again, into the survivor
    // (which is older, so the state holds it).
    const live = clusterer.liveStoryIds();
    const held = new Set(live);
    const merged = new Map(
      (await this.store.listStories({ ids: live, status: "merged", limit: live.length })).items.map(
        (s) => [s.id, s.mergedInto ?? ""],
      ),
    );
    const merges: [string, string][] = [];
    for (const [id] of merged) {
      let into = id;
      for (let hops = 0; merged.has(into) && hops <= merged.size; hops++) into = merged.get(into)!;
      if (merged.has(into) || !held.has(into)) {
        return refuse(`story ${id} was merged into ${into}, which the state does not hold`);
      }
      merges.push([id, into]);
    }
    // The records the story book keeps (the most recently active stories), all still stored.
    const recent = live.filter((id) => !merged.has(id)).slice(-this.book.capacity);
    const records = await this.storyRecords(recent);
    if (records.length !== recent.length) return refuse("a story it holds is no longer stored");
    // The store has every article the state holds assigned (a state is never ahead of it).
    const unassigned = await this.store.unassignedArticles(RECOVERY_BATCH);
    const ahead = unassigned.find((a) => clusterer.storyOf(a.id) !== null);
    if (ahead) return refuse(`article ${ahead.id} is in the state but has no story in the store`);
    for (const [from, into] of merges) clusterer.merge(from, into);
    const fromState = clusterer.liveMembers;
    // The members clustered after the state (none of which it holds), as the full restore
    // places them.
    const terms = new TermCache();
    let replayed = 0;
    for (let after = saved.upTo; ; ) {
      const page = await this.store.clusteredAfter(after, Number.NEGATIVE_INFINITY, RESTORE_PAGE);
      if (page.length === 0) break;
      const rows = await this.store.restoreRows(page.map((c) => c.article.id));
      for (const r of rows) {
        if (clusterer.storyOf(r.articleId) !== null) {
          return refuse(`article ${r.articleId} was clustered again after the state`);
        }
        if (restoreRow(clusterer, r, r.storyId, terms)) replayed++;
        replayCuts(clusterer, r, true);
      }
      if (page.length < RESTORE_PAGE) break;
      after = page[page.length - 1].order;
    }
    // Parts a replayed re-cut founded that the clusterer merged since: merged again, into their
    // survivor (older, so live here).
    const newer = clusterer.liveStoryIds().filter((id) => !held.has(id));
    const retired =
      newer.length === 0
        ? []
        : (await this.store.listStories({ ids: newer, status: "merged", limit: newer.length }))
            .items;
    for (const s of retired) {
      let into = s.mergedInto ?? "";
      for (let hops = 0; into && !clusterer.members(into).length && hops < 100; hops++) {
        into = (await this.store.getStory(into))?.mergedInto ?? "";
      }
      if (!into) return refuse(`story ${s.id} was merged into a story the restore does not hold`);
      clusterer.merge(s.id, into);
    }
    this.clusterer = clusterer;
    this.stats.restoredFromState = fromState;
    this.stats.restored = fromState + replayed;
    // Document frequencies: the state's, or the saved table when it is newer; then the articles
    // clustered after whichever it is.
    const snapshot = await this.store.getClusterSnapshot(SNAPSHOT_KEY);
    let after = saved.upTo;
    this.snapshotSaved = snapshot !== null;
    if (snapshot && snapshot.upTo > saved.upTo) {
      clusterer.docFreq.load(decodeDocFreq(snapshot.data));
      after = snapshot.upTo;
    }
    await this.recount(after, Number.NEGATIVE_INFINITY);
    // Then those founded by the replayed members (newer still).
    const alive = new Set(clusterer.liveStoryIds());
    const founded = [...alive].filter((id) => !held.has(id));
    for (const s of [...records, ...(await this.storyRecords(founded))]) {
      if (alive.has(s.id)) this.book.adopt(s);
    }
    if (replayed === 0 && merges.length === 0) this.stateMark = this.changeMark();
    return true;
  }

  /** Changes to the clusterer's state so far: articles clustered and corrections applied. */
  private changeMark(): number {
    return this.stats.clustered + this.applied.size;
  }

  /**
   * Saves the clusterer's whole state (restoreState), unless the stored one is already it; not
   * after a failed commit. The store marks it with the last clustering order it holds: everything
   * clustered so far is committed (this runs between batches), so the state holds exactly that.
   */
  private async saveState(): Promise<void> {
    const mark = this.changeMark();
    if (this.failed || this.stateUntrusted || mark === this.stateMark) return;
    // Sized for the last state (else about 1 KB a member), so that it is not copied as it grows.
    const w = new ByteWriter(1.1 * (this.stateBytes || 1000 * this.clusterer.liveMembers));
    w.u8(STATE_ENVELOPE);
    // The corrections it includes: every one this engine applied or read.
    w.f64(Math.max(this.lastCorrectionId, ...this.applied.keys()));
    writeClustererState(this.clusterer, w);
    const bytes = w.bytes();
    await this.store.putClusterSnapshot(STATE_KEY, bytes, this.clock());
    this.stateBytes = bytes.length;
    this.stateMark = mark;
    this.clusteredAtState = this.stats.clustered;
  }

  /**
   * Saves the clusterer's document frequencies (they count every article clustered and committed
   * so far); not after a failed commit, when the clusterer counted articles the store has not.
   */
  private async saveSnapshot(force = false): Promise<void> {
    if (this.failed || (!force && this.stats.clustered === this.clusteredAtSnapshot)) return;
    this.clusteredAtSnapshot = this.stats.clustered;
    this.snapshotSaved = true;
    const data = encodeDocFreq(this.clusterer.docFreq.state());
    await this.store.putClusterSnapshot(SNAPSHOT_KEY, data, this.clock());
  }

  /** Clusters every stored article without a story (left by a crash); returns how many. */
  private async recoverUnassigned(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = (await this.store.unassignedArticles(RECOVERY_BATCH)).filter(
        (a) => !this.queuedIds.has(a.id),
      );
      if (batch.length === 0 || this.failed) break;
      this.enqueue(batch);
      await this.idle();
      total += batch.length;
      if (batch.length < RECOVERY_BATCH) break;
    }
    if (total > 0) this.log.info({ articles: total }, "clustered articles left unassigned");
    return total;
  }

  /** Relabels grown stories, marks quiet ones, applies corrections recorded elsewhere. */
  async housekeeping(): Promise<void> {
    await this.serial(async () => {
      await this.flushLabels();
      await this.markQuiet();
      await this.readOutsideCorrections();
      // Soon after a fresh start too, so that a crash finds one.
      const since = this.stats.clustered - this.clusteredAtSnapshot;
      if (since >= SNAPSHOT_EVERY || (since > 0 && !this.snapshotSaved)) await this.saveSnapshot();
      // Once articles are clustered after a start that did not load a current state, then
      // every STATE_EVERY articles.
      const stale = this.stats.clustered - this.clusteredAtState;
      if (stale >= STATE_EVERY || (stale > 0 && this.stateMark === -1)) await this.saveState();
    });
    // Articles stored but not clustered: stored by another process (fetch workers share the
    // store), or a race with the feed that brought them (then they are skipped as clustered).
    if (!this.failed && this.queue.length === 0) await this.recoverUnassigned();
  }

  /**
   * Labels the stories that grew. While articles keep coming: at most LABEL_BUDGET_MS per pass,
   * and a labelled story only once it has grown by half; once a pass finds nothing new (or on
   * stop): every one.
   */
  private async flushLabels(): Promise<void> {
    // Busy: articles arrived since the last pass (or wait now).
    const busy =
      !this.stopped && (this.queue.length > 0 || this.stats.clustered > this.clusteredAtLastLabel);
    this.clusteredAtLastLabel = this.stats.clustered;
    const stories = busy
      ? this.book.flushDirty(this.clock(), LABEL_BUDGET_MS, false)
      : this.book.flushDirty(this.clock());
    if (stories.length > 0)
      await this.store.commitChanges({ assignments: [], stories, events: [] });
  }

  /**
   * Marks quiet the active stories whose last article is older than the quiet horizon: those in
   * the story book, and up to QUIET_PAGE more found in the store (out of the book, so stored
   * exactly as they were last written). One commit for all, each with one "quiet" event.
   */
  private async markQuiet(): Promise<void> {
    if (!Number.isFinite(this.streamTime)) return;
    const now = this.clock();
    const before = this.streamTime - this.config.quietAfterMs;
    const stale = this.book.staleActive(before).map((e) => e.record);
    for (const r of await this.store.staleStories(before, QUIET_PAGE)) {
      if (!this.book.holds(r.id)) stale.push(r);
    }
    if (stale.length === 0) return;
    const stories: StoryRecord[] = [];
    const events: StoryEventInput[] = [];
    for (const r of stale) {
      r.status = "quiet";
      r.updatedAt = now;
      stories.push({ ...r });
      events.push({ storyId: r.id, type: "quiet", at: now, data: { lastSeen: r.lastSeen } });
    }
    await this.store.commitChanges({ assignments: [], stories, events });
    this.emit("events", events);
  }

  /**
   * On start: applies every stored correction whose effects were never persisted (stored by
   * another process while this engine was down, or caught by a crash), oldest first.
   */
  private async applyPendingCorrections(): Promise<void> {
    const all = await this.store.listCorrections();
    let applied = 0;
    let skipped = 0;
    for (const c of all) {
      this.lastCorrectionId = Math.max(this.lastCorrectionId, c.id);
      if (await isApplied(this.store, c)) continue;
      try {
        this.applied.set(c.id, await applyCorrection(this.correctionContext(), c));
        applied++;
      } catch (err) {
        // E.g. its story was pruned, or it no longer fits what later corrections did.
        skipped++;
        this.log.debug({ correction: c.id, err: String(err) }, "correction not applicable");
      }
    }
    if (applied + skipped > 0)
      this.log.info({ applied, skipped }, "applied corrections stored while the engine was down");
  }

  private async readOutsideCorrections(): Promise<void> {
    const fresh = (await this.store.listCorrections()).filter((c) => c.id > this.lastCorrectionId);
    for (const c of fresh) {
      this.lastCorrectionId = Math.max(this.lastCorrectionId, c.id);
      if (this.applied.has(c.id)) continue;
      try {
        this.applied.set(c.id, await applyCorrection(this.correctionContext(), c));
        this.log.info({ correction: c.id, kind: c.kind }, "applied a correction made elsewhere");
      } catch (err) {
        this.log.warn({ correction: c.id, err: String(err) }, "correction not applicable");
      }
    }
  }

  /** Deletes articles older than the retention horizon, batch by batch, between other work. */
  async prune(): Promise<number> {
    if (this.pruning) return 0;
    this.pruning = true;
    try {
      const { horizonMs, batchSize } = this.config.retention;
      const before = this.clock() - horizonMs;
      let total = 0;
      for (;;) {
        const r = await this.serial(() => this.store.prune(before, batchSize));
        total += r.articles;
        if (r.articles < batchSize || this.stopped) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (total > 0) {
        this.stats.pruned += total;
        this.log.info({ articles: total, before }, "pruned old articles");
      }
      return total;
    } finally {
      this.pruning = false;
    }
  }
}
