// One storage interface for everything the engine keeps. SQLite (src/store/sqlite) and
// PostgreSQL (src/store/postgres) implement it; the engine, server and CLI only see `Store`.
// All methods are async so that both backends fit behind it.

import type { Article } from "../articles/types.ts";
import type { FeedState } from "../feeds/types.ts";

/** A feed to add: its URL and what an OPML outline or a person said about it. */
export interface NewFeed {
  url: string;
  title?: string | null;
  siteUrl?: string | null;
  category?: string | null;
}

/** An article as it comes out of a feed, normalised, before it has an id. */
export interface NewArticle {
  /**
   * Optional fixed id (e.g. replay keeps the data set's ids). When absent the store derives a
   * stable id from the canonical URL, else (feed, guid), else title + time.
   */
  id?: string;
  feedId: number | null;
  /** The feed's own item id (guid/id), or null. */
  guid: string | null;
  url: string | null;
  canonicalUrl: string | null;
  title: string;
  text: string;
  /** Sanitised HTML of the item's content or summary, or null. */
  html: string | null;
  source: string | null;
  author: string | null;
  image: string | null;
  lang: string | null;
  published: number | null;
  fetchedAt: number;
}

/** An article as stored: the normalised article plus its origin and its story assignment. */
export interface StoredArticle extends Article {
  /** The feed that first brought it (see sightingsOf for every feed that carried it). */
  feedId: number | null;
  guid: string | null;
  html: string | null;
  author: string | null;
  image: string | null;
  fetchedAt: number;
  /** Id of the earliest copy when this article is a near-duplicate (wire copy), else null. */
  duplicateOf: string | null;
  storyId: string | null;
  eventId: string | null;
  /** Score of the assignment decision and the threshold it was compared with (for "why grouped"). */
  score: number | null;
  threshold: number | null;
}

/** What one ingest call did. */
export interface IngestResult {
  /** Articles stored for the first time, in input order. */
  inserted: StoredArticle[];
  /** Items that matched an article already stored (same canonical URL or same feed guid). */
  sightings: number;
  /** Ids of the already-stored articles those items matched, in input order (may repeat). */
  matched: string[];
  /** How many of `inserted` were linked to an earlier near-duplicate (duplicateOf set). */
  nearDuplicates: number;
}

/** One feed carrying one article: the same article in two feeds has two sightings. */
export interface Sighting {
  articleId: string;
  feedId: number | null;
  guid: string | null;
  url: string | null;
  firstSeen: number;
  lastSeen: number;
  /** How many times the item was seen in this feed (re-polls included). */
  times: number;
}

export type StoryStatus = "active" | "quiet" | "merged";

/** A story as the engine keeps it (written by the pipeline, read by the server). */
export interface StoryRecord {
  id: string;
  headline: string;
  summary: string;
  entities: string[];
  firstSeen: number;
  lastSeen: number;
  articleCount: number;
  outletCount: number;
  lang: string | null;
  status: StoryStatus;
  /** When status is "merged", the story it was merged into. */
  mergedInto: string | null;
  updatedAt: number;
}

export type StoryEventType = "created" | "grew" | "merged" | "split" | "quiet" | "corrected";

/** A lifecycle event to record; the store gives it a sequence number. */
export interface StoryEventInput {
  storyId: string;
  type: StoryEventType;
  at: number;
  data?: Record<string, unknown>;
}

/** A recorded lifecycle event. */
export interface StoryEvent extends StoryEventInput {
  /** Monotonic sequence number; SSE clients resume from it (Last-Event-ID). */
  seq: number;
  data: Record<string, unknown>;
}

/** One article's story assignment as decided by the clusterer (or a correction). */
export interface AssignmentWrite {
  articleId: string;
  storyId: string;
  eventId: string;
  score: number;
  threshold: number;
}

export type CorrectionKind = "merge" | "split" | "move";

/** A correction made by a person (admin API); the clusterer respects it later. */
export interface CorrectionInput {
  kind: CorrectionKind;
  /** merge: [from, into]; split: [story]; move: [from, to]. */
  storyIds: string[];
  /** split/move: the articles concerned. */
  articleIds: string[];
  at: number;
  note?: string | null;
}

/** A stored correction. */
export interface Correction extends CorrectionInput {
  id: number;
}

/**
 * Filters for listStories. Stories come newest first (lastSeen desc, then id desc); every filter
 * is optional and they combine with AND.
 */
export interface StoryQuery {
  /** Only stories with lastSeen >= since (epoch ms). */
  since?: number;
  /** Story language (StoryRecord.lang). */
  lang?: string;
  /** At least one member article from this outlet (Article.source, exact). */
  source?: string;
  /** At least one member article seen in a feed of this OPML category or a sub-category of it. */
  category?: string;
  /** Full-text query over headline, summary and entities (sanitised; never a syntax error). */
  q?: string;
  status?: StoryStatus;
  /** Only these story ids (the order is still newest first). */
  ids?: string[];
  /** Only stories with at least this many articles. */
  minArticles?: number;
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string | null;
}

/** The filters of a StoryQuery without its paging. */
export type StoryFilter = Omit<StoryQuery, "limit" | "cursor">;

/** What the front-page rank needs of a story, read from its record alone (no article rows). */
export interface StoryRankRow {
  id: string;
  articleCount: number;
  outletCount: number;
  /** Epoch ms of the story's last article. */
  lastSeen: number;
}

/** One page of results and the cursor for the next one (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Options for search; both kinds by default. */
export interface SearchOptions {
  kind?: "article" | "story";
  lang?: string;
}

/** One full-text search result (articles and stories ranked together by bm25). */
export interface SearchHit {
  kind: "article" | "story";
  id: string;
  title: string;
  /** Snippet with matches wrapped in <mark>…</mark>; the rest is escaped text. */
  snippet: string;
  score: number;
  storyId: string | null;
}

/** What one prune batch deleted. */
export interface PruneResult {
  articles: number;
  stories: number;
}

/** Per-story coverage counts: one row per outlet (source) that has articles in the story. */
export interface StorySourceCount {
  storyId: string;
  source: string | null;
  /** Host of the article URLs, without "www.", or null. */
  domain: string | null;
  articles: number;
  /** Earliest published-or-fetched time of this outlet's articles in the story. */
  firstAt: number;
}

/**
 * What the clusterer kept of an article when it clustered it (src/stories/snapshot.ts encodes
 * it; opaque bytes to the store), written with its first assignment so a restart need not
 * re-vectorise the article's text.
 */
export interface FeatureWrite {
  articleId: string;
  data: Uint8Array;
}

/**
 * A story the clusterer renewed (its Renewal, src/stories/types.ts): a restart from kept features
 * replays only what it kept (restoreOrder).
 */
export interface RenewalWrite {
  storyId: string;
  /** Published time from which it kept its members (those without time too). */
  cut: number;
  /** The oldest member it kept (its features are stored): members clustered before it were forgotten. */
  from: string;
  /** Its events after the renewal, in their order. */
  events: string[];
  /** How many of the change set's features were clustered before the renewal (the rest after it). */
  after: number;
}

/** A renewed story as a restart from kept features recreates it (Store.restoreRenewals). */
export interface RenewedStory {
  storyId: string;
  /** Clustering order of its first stored member when it was first renewed: where it was founded. */
  founded: number;
  events: string[];
}

/** Several assignments, story records, events and an optional correction written atomically. */
export interface ChangeSet {
  assignments: AssignmentWrite[];
  stories: StoryRecord[];
  events: StoryEventInput[];
  /** Clustering features of newly clustered articles (kept until the article is pruned). */
  features?: FeatureWrite[];
  /** Stories the clusterer renewed meanwhile (each replaces the story's earlier renewal). */
  renewals?: RenewalWrite[];
  correction?: CorrectionInput | null;
}

/**
 * One story member to put back into the clusterer on restart: its assignment, and its saved
 * features, or the article itself when it was clustered before features were kept.
 */
export interface RestoreRow {
  articleId: string;
  storyId: string;
  eventId: string | null;
  score: number | null;
  features: Uint8Array | null;
  /** Its place in clustering order (null when clustered before features were kept). */
  order: number | null;
  /** Only when `features` is null. */
  article: StoredArticle | null;
}

/** A stored article with its place in clustering order (the order features were written). */
export interface ClusteredArticle {
  order: number;
  article: StoredArticle;
}

/** A saved document-frequency table and the last clustering order it counts. */
export interface ClusterSnapshot {
  data: Uint8Array;
  upTo: number;
  at: number;
}

/** Feed category with how many feeds carry it. */
export interface CategoryCount {
  category: string;
  feeds: number;
}

export interface Store {
  /** Runs pending schema migrations; safe to call on every start. */
  migrate(): Promise<void>;
  /** Closes the connection(s); the store is unusable afterwards. */
  close(): Promise<void>;

  // Feeds and their fetch state.
  /** Adds a feed (due at once); when a feed with the same URL exists, returns it unchanged. */
  addFeed(feed: NewFeed): Promise<FeedState>;
  /** Removes a feed (its articles stay); false when there was none. */
  removeFeed(id: number): Promise<boolean>;
  /** One feed by id, or null. */
  getFeed(id: number): Promise<FeedState | null>;
  /** One feed by its exact URL, or null. */
  getFeedByUrl(url: string): Promise<FeedState | null>;
  /** Every feed, by id. */
  listFeeds(): Promise<FeedState[]>;
  /** Updates some fields of a feed (fetch state after a poll, title, enabled...). */
  updateFeed(id: number, patch: Partial<Omit<FeedState, "id">>): Promise<void>;
  /** Enabled feeds whose nextPollAt <= now, soonest first. */
  dueFeeds(now: number, limit: number): Promise<FeedState[]>;
  /** Distinct feed categories with their feed counts, by name. */
  feedCategories(): Promise<CategoryCount[]>;

  // Articles.
  /**
   * Stores new articles, deduplicated by canonical URL and by (feed, guid), recording a sighting
   * for every item; links near-duplicates (wire copies) to the earliest copy. One transaction.
   */
  ingest(items: NewArticle[]): Promise<IngestResult>;
  /** One article by id, or null. */
  getArticle(id: string): Promise<StoredArticle | null>;
  /** Articles by ids, in the order of `ids`; unknown ids are left out. */
  getArticles(ids: string[]): Promise<StoredArticle[]>;
  /** The article stored under this canonical URL, or null. */
  getArticleByUrl(canonicalUrl: string): Promise<StoredArticle | null>;
  /** Every feed sighting of an article, oldest first. */
  sightingsOf(articleId: string): Promise<Sighting[]>;
  /** Articles that are near-duplicates of this one (duplicateOf = id), oldest first. */
  duplicatesOf(articleId: string): Promise<StoredArticle[]>;
  /** A story's articles, oldest first (published-or-fetched time, then arrival). */
  articlesOfStory(storyId: string): Promise<StoredArticle[]>;
  /** Stored articles without a story, oldest first (what the clusterer has still to do). */
  unassignedArticles(limit: number): Promise<StoredArticle[]>;
  /** Articles with a story whose published-or-fetched time is >= since, in clustering order. */
  assignedArticlesSince(since: number): Promise<StoredArticle[]>;
  /** Number of stored articles. */
  countArticles(): Promise<number>;

  // Restart: what the clusterer needs to rebuild its state without re-reading the window's texts.
  /**
   * Ids of the members of the stories seen since `since` (lastSeen >= since) that the clusterer
   * keeps, in the order to restore them: members without saved features first (by arrival), then
   * the rest in the order they were clustered. Every member of a story never renewed; of a renewed
   * story only what its last renewal kept (clustered from its `from` on and published at or after
   * its `cut`, or without time) and every member clustered after the renewal. Ids only, so a large
   * window is read in pages (restoreRows).
   */
  restoreOrder(since: number): Promise<string[]>;
  /** The renewed stories among those restoreOrder(since) lists, in the order they were founded. */
  restoreRenewals(since: number): Promise<RenewedStory[]>;
  /** The members with these ids as RestoreRows, in the order of `ids` (unassigned left out). */
  restoreRows(ids: string[]): Promise<RestoreRow[]>;
  /**
   * Articles clustered after clustering order `after` (their features were written later), in
   * that order, whose published-or-fetched time is >= since; at most `limit`.
   */
  clusteredAfter(after: number, since: number, limit: number): Promise<ClusteredArticle[]>;
  /**
   * Saves (replacing) the clusterer's document frequencies under `key`, marked with the current
   * last clustering order: the snapshot counts every article clustered up to now.
   */
  putClusterSnapshot(key: string, data: Uint8Array, at: number): Promise<void>;
  /** The snapshot saved under `key`, or null. */
  getClusterSnapshot(key: string): Promise<ClusterSnapshot | null>;
  /** Deletes the snapshot saved under `key` (none: nothing happens). */
  deleteClusterSnapshot(key: string): Promise<void>;
  /** The newest story's lastSeen (any status), or null when there is none. */
  latestStorySeen(): Promise<number | null>;

  // Clustering partitions: one clusterer per article language (its `lang`, "und" when none; a
  // story's is its own `lang`, which its members share). The ...In variants are the methods above
  // restricted to one partition (src/pipeline/partitions.ts, partitionView).
  /** Partitions with articles waiting for a story or with active stories (to mark quiet). */
  livePartitions(): Promise<string[]>;
  /** Partitions that have articles waiting for a story. */
  unassignedPartitions(): Promise<string[]>;
  unassignedArticlesIn(partition: string, limit: number): Promise<StoredArticle[]>;
  assignedArticlesSinceIn(partition: string, since: number): Promise<StoredArticle[]>;
  /** restoreOrder: the partition's members of the partition's stories. */
  restoreOrderIn(partition: string, since: number): Promise<string[]>;
  restoreRenewalsIn(partition: string, since: number): Promise<RenewedStory[]>;
  clusteredAfterIn(
    partition: string,
    after: number,
    since: number,
    limit: number,
  ): Promise<ClusteredArticle[]>;
  staleStoriesIn(partition: string, before: number, limit: number): Promise<StoryRecord[]>;
  latestStorySeenIn(partition: string): Promise<number | null>;

  // Stories.
  /** Persists one assignment, the story's new record and its events in one transaction. */
  commitAssignment(
    assignment: AssignmentWrite,
    story: StoryRecord,
    events: StoryEventInput[],
  ): Promise<void>;
  /**
   * Persists several assignments, story records, events and optionally the correction that
   * caused them (merge/split/move) in one transaction; returns the stored correction or null.
   */
  commitChanges(changes: ChangeSet): Promise<Correction | null>;
  /** Inserts or replaces a story record. */
  putStory(story: StoryRecord): Promise<void>;
  /** One story by id, or null. */
  getStory(id: string): Promise<StoryRecord | null>;
  /** Stories by ids, in the order of `ids`; unknown ids are left out. */
  getStories(ids: string[]): Promise<StoryRecord[]>;
  /** Stories newest first with filters and cursor pagination (see StoryQuery). */
  listStories(query: StoryQuery): Promise<Page<StoryRecord>>;
  /**
   * Active stories whose last article is older than `before` (epoch ms), oldest first, at most
   * `limit`: the ones to mark quiet, whether or not the engine still holds them in memory.
   */
  staleStories(before: number, limit: number): Promise<StoryRecord[]>;
  /**
   * The rank inputs of every story matching the filters except merged ones, newest first: the
   * front page ranks over all of them, then reads records and coverage rows only of the stories
   * that can reach its top.
   */
  storyRankRows(query: StoryFilter): Promise<StoryRankRow[]>;
  /** Number of stories (all statuses). */
  countStories(): Promise<number>;
  /** Per-outlet coverage rows of the given stories (for coverage facets), by story then first time. */
  storySources(storyIds: string[]): Promise<StorySourceCount[]>;
  /** Records events (each gets the next seq). */
  addEvents(events: StoryEventInput[]): Promise<void>;
  /** Events with seq > afterSeq, oldest first. */
  eventsAfter(afterSeq: number, limit: number): Promise<StoryEvent[]>;
  /** One story's events, oldest first. */
  eventsOfStory(storyId: string): Promise<StoryEvent[]>;
  /** Highest event seq so far (0 when none): where a live SSE stream starts. */
  lastEventSeq(): Promise<number>;

  // Corrections made by people.
  /** Records a correction on its own (commitChanges records it with its effects). */
  addCorrection(correction: CorrectionInput): Promise<Correction>;
  /** Every correction, oldest first. */
  listCorrections(): Promise<Correction[]>;

  // Search and retention.
  /**
   * Full-text search over articles and stories, best first, with <mark> snippets. Any user text
   * is accepted: FTS syntax is neutralised, so a bad query gives no hits, never an error.
   */
  search(q: string, limit: number, options?: SearchOptions): Promise<SearchHit[]>;
  /**
   * Deletes up to batchSize articles fetched before `before` (with their sightings), then stories
   * left without articles; one small transaction per call, so call it in a loop until it returns
   * fewer than batchSize articles.
   */
  prune(before: number, batchSize: number): Promise<PruneResult>;
}
