// Row shapes of the SQLite tables and their mapping to the Store's types.

import type { FeedState } from "../../feeds/types.ts";
import type {
  Correction,
  CorrectionKind,
  RestoreRow,
  Sighting,
  StoredArticle,
  StoryEvent,
  StoryEventType,
  StoryRecord,
  StoryStatus,
} from "../types.ts";

/** A feeds row: SQLite stores the flags as 0/1, PostgreSQL as booleans; the mapper takes both. */
export interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  site_url: string | null;
  category: string | null;
  enabled: number | boolean;
  etag: string | null;
  last_modified: string | null;
  last_attempt_at: number | null;
  last_success_at: number | null;
  last_status: number | null;
  last_error: string | null;
  consecutive_failures: number;
  items_seen: number;
  avg_interval_ms: number | null;
  next_poll_at: number;
  failing: number | boolean;
}

export function feedFromRow(r: FeedRow): FeedState {
  return {
    id: r.id,
    url: r.url,
    title: r.title,
    siteUrl: r.site_url,
    category: r.category,
    enabled: Boolean(r.enabled),
    etag: r.etag,
    lastModified: r.last_modified,
    lastAttemptAt: r.last_attempt_at,
    lastSuccessAt: r.last_success_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    consecutiveFailures: r.consecutive_failures,
    itemsSeen: r.items_seen,
    avgIntervalMs: r.avg_interval_ms,
    nextPollAt: r.next_poll_at,
    failing: Boolean(r.failing),
  };
}

/** FeedState field -> column, for updateFeed patches. */
export const FEED_COLUMNS: Record<keyof Omit<FeedState, "id">, string> = {
  url: "url",
  title: "title",
  siteUrl: "site_url",
  category: "category",
  enabled: "enabled",
  etag: "etag",
  lastModified: "last_modified",
  lastAttemptAt: "last_attempt_at",
  lastSuccessAt: "last_success_at",
  lastStatus: "last_status",
  lastError: "last_error",
  consecutiveFailures: "consecutive_failures",
  itemsSeen: "items_seen",
  avgIntervalMs: "avg_interval_ms",
  nextPollAt: "next_poll_at",
  failing: "failing",
};

/** Columns of articles that StoredArticle needs (not the signature). */
export const ARTICLE_COLUMNS =
  "id, feed_id, guid, url, canonical_url, title, text, html, source, author, image, lang, published, fetched_at, duplicate_of, story_id, event_id, score, threshold";

export interface ArticleRow {
  id: string;
  feed_id: number | null;
  guid: string | null;
  url: string | null;
  canonical_url: string | null;
  title: string;
  text: string;
  html: string | null;
  source: string | null;
  author: string | null;
  image: string | null;
  lang: string | null;
  published: number | null;
  fetched_at: number;
  duplicate_of: string | null;
  story_id: string | null;
  event_id: string | null;
  score: number | null;
  threshold: number | null;
}

export function articleFromRow(r: ArticleRow): StoredArticle {
  return {
    id: r.id,
    feedId: r.feed_id,
    guid: r.guid,
    url: r.url,
    canonicalUrl: r.canonical_url,
    title: r.title,
    text: r.text,
    html: r.html,
    source: r.source,
    author: r.author,
    image: r.image,
    lang: r.lang,
    published: r.published,
    fetchedAt: r.fetched_at,
    duplicateOf: r.duplicate_of,
    storyId: r.story_id,
    eventId: r.event_id,
    score: r.score,
    threshold: r.threshold,
  };
}

export interface StoryRow {
  id: string;
  headline: string;
  summary: string;
  entities: string;
  first_seen: number;
  last_seen: number;
  article_count: number;
  outlet_count: number;
  lang: string | null;
  status: string;
  merged_into: string | null;
  updated_at: number;
}

export const STORY_COLUMNS =
  "id, headline, summary, entities, first_seen, last_seen, article_count, outlet_count, lang, status, merged_into, updated_at";

export function storyFromRow(r: StoryRow): StoryRecord {
  return {
    id: r.id,
    headline: r.headline,
    summary: r.summary,
    entities: JSON.parse(r.entities) as string[],
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    articleCount: r.article_count,
    outletCount: r.outlet_count,
    lang: r.lang,
    status: r.status as StoryStatus,
    mergedInto: r.merged_into,
    updatedAt: r.updated_at,
  };
}

export interface EventRow {
  seq: number;
  story_id: string;
  type: string;
  at: number;
  data: string;
}

export function eventFromRow(r: EventRow): StoryEvent {
  return {
    seq: r.seq,
    storyId: r.story_id,
    type: r.type as StoryEventType,
    at: r.at,
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}

export interface SightingRow {
  article_id: string;
  feed_id: number | null;
  guid: string | null;
  url: string | null;
  first_seen: number;
  last_seen: number;
  times: number;
}

export function sightingFromRow(r: SightingRow): Sighting {
  return {
    articleId: r.article_id,
    feedId: r.feed_id,
    guid: r.guid,
    url: r.url,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    times: r.times,
  };
}

export interface CorrectionRow {
  id: number;
  kind: string;
  story_ids: string;
  article_ids: string;
  at: number;
  note: string | null;
}

export function correctionFromRow(r: CorrectionRow): Correction {
  return {
    id: r.id,
    kind: r.kind as CorrectionKind,
    storyIds: JSON.parse(r.story_ids) as string[],
    articleIds: JSON.parse(r.article_ids) as string[],
    at: r.at,
    note: r.note,
  };
}

/** An assigned article with its saved clustering features (null when clustered before v7). */
export interface FeatureRow {
  id: string;
  story_id: string;
  event_id: string | null;
  score: number | null;
  /** Clustering order (PostgreSQL's bigint comes as a string). */
  n: number | string | null;
  data: Uint8Array | null;
}

/**
 * RestoreRows in the order of `ids`: each row's features, or for a row without them its article
 * (from `legacy`, read separately so that featured rows never carry their texts).
 */
export function restoreRowsInOrder(
  ids: string[],
  rows: FeatureRow[],
  legacy: StoredArticle[],
): RestoreRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const articles = new Map(legacy.map((a) => [a.id, a]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        articleId: r.id,
        storyId: r.story_id,
        eventId: r.event_id,
        score: r.score,
        features: r.data,
        order: r.n === null ? null : Number(r.n),
        article: r.data === null ? (articles.get(id) ?? null) : null,
      },
    ];
  });
}
