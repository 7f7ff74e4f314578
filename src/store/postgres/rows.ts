// Row mapping for the PostgreSQL tables. Times and counts arrive as numbers (see connect.ts) and
// JSON columns as text, so articles, stories, events, sightings and corrections share SQLite's
// row mappers; only feeds differ (real booleans).

import type { FeedState } from "../../feeds/types.ts";

export {
  ARTICLE_COLUMNS,
  type ArticleRow,
  articleFromRow,
  type CorrectionRow,
  correctionFromRow,
  type EventRow,
  eventFromRow,
  FEED_COLUMNS,
  type SightingRow,
  STORY_COLUMNS,
  type StoryRow,
  sightingFromRow,
  storyFromRow,
} from "../sqlite/rows.ts";

export interface PgFeedRow {
  id: number;
  url: string;
  title: string | null;
  site_url: string | null;
  category: string | null;
  enabled: boolean;
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
  failing: boolean;
}

export const PG_FEED_COLUMNS =
  "id, url, title, site_url, category, enabled, etag, last_modified, last_attempt_at, last_success_at, last_status, last_error, consecutive_failures, items_seen, avg_interval_ms, next_poll_at, failing";

export function feedFromPgRow(r: PgFeedRow): FeedState {
  return {
    id: r.id,
    url: r.url,
    title: r.title,
    siteUrl: r.site_url,
    category: r.category,
    enabled: r.enabled,
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
    failing: r.failing,
  };
}
