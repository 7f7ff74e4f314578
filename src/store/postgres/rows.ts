// Row mapping for the PostgreSQL tables. Times and counts arrive as numbers (see connect.ts) and
// JSON columns as text, so every table shares SQLite's row mappers (feed flags are booleans here
// and 0/1 there; feedFromRow takes both).

export {
  ARTICLE_COLUMNS,
  type ArticleRow,
  articleFromRow,
  type CorrectionRow,
  correctionFromRow,
  type EventRow,
  eventFromRow,
  FEED_COLUMNS,
  type FeatureRow,
  type FeedRow,
  feedFromRow,
  restoreRowsInOrder,
  type SightingRow,
  STORY_COLUMNS,
  type StoryRow,
  sightingFromRow,
  storyFromRow,
} from "../sqlite/rows.ts";

export const PG_FEED_COLUMNS =
  "id, url, title, site_url, category, enabled, etag, last_modified, last_attempt_at, last_success_at, last_status, last_error, consecutive_failures, items_seen, avg_interval_ms, next_poll_at, failing";
