// One storage interface for everything the engine keeps. SQLite (src/store/sqlite) and
// PostgreSQL (src/store/postgres) implement it; the engine, server and CLI only see `Store`.
// All methods are async so that both backends fit behind it.

import type { Article } from "../articles/types.ts";
import type { FeedState } from "../feeds/types.ts";

export interface NewFeed {
  url: string;
  title?: string | null;
  siteUrl?: string | null;
  category?: string | null;
}

/** An article as it comes out of a feed, normalised, before it has an id. */
export interface NewArticle {
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

export interface StoredArticle extends Article {
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

export interface IngestResult {
  /** Articles stored for the first time, in input order. */
  inserted: StoredArticle[];
  /** Items that matched an article already stored (same canonical URL or same feed guid). */
  sightings: number;
}

export type StoryStatus = "active" | "quiet" | "merged";

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

export interface StoryEventInput {
  storyId: string;
  type: StoryEventType;
  at: number;
  data?: Record<string, unknown>;
}

export interface StoryEvent extends StoryEventInput {
  /** Monotonic sequence number; SSE clients resume from it (Last-Event-ID). */
  seq: number;
  data: Record<string, unknown>;
}

export interface AssignmentWrite {
  articleId: string;
  storyId: string;
  eventId: string;
  score: number;
  threshold: number;
}

export type CorrectionKind = "merge" | "split" | "move";

export interface CorrectionInput {
  kind: CorrectionKind;
  /** merge: [from, into]; split: [story]; move: [from, to]. */
  storyIds: string[];
  /** split/move: the articles concerned. */
  articleIds: string[];
  at: number;
  note?: string | null;
}

export interface Correction extends CorrectionInput {
  id: number;
}

export interface StoryQuery {
  since?: number;
  lang?: string;
  source?: string;
  category?: string;
  q?: string;
  status?: StoryStatus;
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SearchHit {
  kind: "article" | "story";
  id: string;
  title: string;
  /** Snippet with matches wrapped in <mark>…</mark>; the rest is escaped text. */
  snippet: string;
  score: number;
  storyId: string | null;
}

export interface PruneResult {
  articles: number;
  stories: number;
}

export interface Store {
  /** Runs pending schema migrations; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  // Feeds and their fetch state.
  addFeed(feed: NewFeed): Promise<FeedState>;
  removeFeed(id: number): Promise<boolean>;
  getFeed(id: number): Promise<FeedState | null>;
  listFeeds(): Promise<FeedState[]>;
  updateFeed(id: number, patch: Partial<Omit<FeedState, "id">>): Promise<void>;
  /** Enabled feeds whose nextPollAt <= now, soonest first. */
  dueFeeds(now: number, limit: number): Promise<FeedState[]>;

  // Articles.
  /** Stores new articles, deduplicated by canonical URL and by (feed, guid); one transaction. */
  ingest(items: NewArticle[]): Promise<IngestResult>;
  getArticle(id: string): Promise<StoredArticle | null>;
  articlesOfStory(storyId: string): Promise<StoredArticle[]>;
  /** Stored articles without a story, oldest first (what the clusterer has still to do). */
  unassignedArticles(limit: number): Promise<StoredArticle[]>;
  /** Articles with a story whose published-or-fetched time is >= since, in clustering order. */
  assignedArticlesSince(since: number): Promise<StoredArticle[]>;
  countArticles(): Promise<number>;

  // Stories.
  /** Persists one assignment, the story's new record and its events in one transaction. */
  commitAssignment(
    assignment: AssignmentWrite,
    story: StoryRecord,
    events: StoryEventInput[],
  ): Promise<void>;
  putStory(story: StoryRecord): Promise<void>;
  getStory(id: string): Promise<StoryRecord | null>;
  listStories(query: StoryQuery): Promise<Page<StoryRecord>>;
  addEvents(events: StoryEventInput[]): Promise<void>;
  /** Events with seq > afterSeq, oldest first. */
  eventsAfter(afterSeq: number, limit: number): Promise<StoryEvent[]>;

  // Corrections made by people.
  addCorrection(correction: CorrectionInput): Promise<Correction>;
  listCorrections(): Promise<Correction[]>;

  // Search and retention.
  search(q: string, limit: number): Promise<SearchHit[]>;
  /** Deletes up to batchSize articles older than `before` (and stories left empty); call in a loop. */
  prune(before: number, batchSize: number): Promise<PruneResult>;
}
