// Numbered schema migrations for the PostgreSQL store. They run when a store opens, all pending
// ones in one transaction under a transaction-level advisory lock, so any number of processes may
// start at once: one migrates, the others wait for it and then find nothing left to do.

import type pg from "pg";

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** Key of the advisory lock taken while migrating (any constant shared by every Storyline). */
const MIGRATION_LOCK = 0x5709_1e01;

const initial = `
CREATE TABLE feeds (
  id BIGSERIAL PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  title TEXT,
  site_url TEXT,
  category TEXT,
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  etag TEXT,
  last_modified TEXT,
  last_attempt_at BIGINT,
  last_success_at BIGINT,
  last_status INTEGER,
  last_error TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  items_seen INTEGER NOT NULL DEFAULT 0,
  avg_interval_ms DOUBLE PRECISION,
  next_poll_at BIGINT NOT NULL DEFAULT 0,
  failing BOOLEAN NOT NULL DEFAULT FALSE,
  -- A fetch worker's lease: the feed is not handed to another worker before lease_until.
  lease_owner TEXT,
  lease_until BIGINT
);
CREATE INDEX feeds_due ON feeds(next_poll_at, id) WHERE enabled;

-- Ids sort by code point (COLLATE "C"), like SQLite, so cursors and orders agree.
CREATE TABLE stories (
  id TEXT COLLATE "C" PRIMARY KEY,
  headline TEXT NOT NULL,
  summary TEXT NOT NULL,
  entities TEXT NOT NULL DEFAULT '[]',
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  article_count INTEGER NOT NULL,
  outlet_count INTEGER NOT NULL,
  lang TEXT,
  status TEXT NOT NULL,
  merged_into TEXT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX stories_recent ON stories(last_seen DESC, id DESC);

-- "at" is the published time, else the fetch time: the article's place in time.
CREATE TABLE articles (
  seq BIGSERIAL UNIQUE,
  id TEXT COLLATE "C" PRIMARY KEY,
  feed_id BIGINT REFERENCES feeds(id) ON DELETE SET NULL,
  guid TEXT,
  url TEXT,
  canonical_url TEXT UNIQUE,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  html TEXT,
  source TEXT,
  domain TEXT,
  author TEXT,
  image TEXT,
  lang TEXT,
  published BIGINT,
  fetched_at BIGINT NOT NULL,
  at BIGINT NOT NULL,
  story_id TEXT COLLATE "C" REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
  event_id TEXT,
  score DOUBLE PRECISION,
  threshold DOUBLE PRECISION,
  duplicate_of TEXT COLLATE "C" REFERENCES articles(id) ON DELETE SET NULL,
  signature BYTEA
);
CREATE INDEX articles_story ON articles(story_id, at);
CREATE INDEX articles_unassigned ON articles(seq) WHERE story_id IS NULL;
-- Clustering partitions (by language; see PARTITION_SQL in store.ts).
CREATE INDEX articles_unassigned_part ON articles((coalesce(lang, 'und')), seq) WHERE story_id IS NULL;
CREATE INDEX articles_part_at ON articles((coalesce(lang, 'und')), at) WHERE story_id IS NOT NULL;
CREATE INDEX articles_at ON articles(at);
CREATE INDEX articles_fetched ON articles(fetched_at);
CREATE INDEX articles_source ON articles(source, story_id);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;

-- LSH band keys of each article's MinHash signature, for near-duplicate candidates.
CREATE TABLE article_bands (
  band BIGINT NOT NULL,
  at BIGINT NOT NULL,
  article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX article_bands_band ON article_bands(band, at);
CREATE INDEX article_bands_article ON article_bands(article_id);

-- One row per (feed, guid) that carried an article; NULL guids are distinct.
CREATE TABLE sightings (
  id BIGSERIAL PRIMARY KEY,
  article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  feed_id BIGINT REFERENCES feeds(id) ON DELETE SET NULL,
  guid TEXT,
  url TEXT,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  times INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX sightings_article ON sightings(article_id);
CREATE UNIQUE INDEX sightings_feed_guid ON sightings(feed_id, guid);
CREATE INDEX sightings_feed ON sightings(feed_id);

CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY,
  story_id TEXT COLLATE "C" NOT NULL,
  type TEXT NOT NULL,
  at BIGINT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_story ON events(story_id, seq);

CREATE TABLE corrections (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  story_ids TEXT NOT NULL,
  article_ids TEXT NOT NULL,
  at BIGINT NOT NULL,
  note TEXT
);
`;

// Full-text search: a text search configuration like SQLite's "porter unicode61
// remove_diacritics" (English stemming, no stop words dropped, accents folded when the unaccent
// extension is installable), stored tsvector columns and GIN indexes.
const fulltext = `
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent') THEN
    CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
  END IF;
END $$;
CREATE TEXT SEARCH DICTIONARY storyline_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION storyline (COPY = english);
ALTER TEXT SEARCH CONFIGURATION storyline
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH storyline_stem;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
    ALTER TEXT SEARCH CONFIGURATION storyline
      ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, storyline_stem;
  ELSE
    ALTER TEXT SEARCH CONFIGURATION storyline
      ALTER MAPPING FOR word, hword, hword_part WITH storyline_stem;
  END IF;
END $$;

ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('storyline', title), 'A') || setweight(to_tsvector('storyline', text), 'B')
) STORED;
CREATE INDEX articles_tsv ON articles USING GIN (tsv);

ALTER TABLE stories ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('storyline', headline), 'A') ||
  setweight(to_tsvector('storyline', summary), 'B') ||
  setweight(to_tsvector('storyline', entities), 'C')
) STORED;
CREATE INDEX stories_tsv ON stories USING GIN (tsv);
`;

// Live events for stateless API servers: every statement that inserts events notifies
// "storyline_events" with the highest new seq (listeners then read eventsAfter).
// Worker bookkeeping: which process holds which role/partition, and role hand-overs.
const workers = `
CREATE FUNCTION storyline_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('storyline_events', (SELECT max(seq)::text FROM new_events));
  RETURN NULL;
END $$;
CREATE TRIGGER events_notify AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION storyline_notify_events();

CREATE TABLE workers (
  id TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  partitions TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE worker_log (
  seq BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  worker_id TEXT NOT NULL,
  role TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);
`;

// One round trip per clustered article: the assignment, its story's record and its events written
// by one function call (one statement, so one transaction), instead of BEGIN, four statements and
// COMMIT. Events take the same advisory lock as the store's other event writes (EVENTS_LOCK).
const commitAssignment = `
CREATE FUNCTION storyline_commit_assignment(
  s_id TEXT, s_headline TEXT, s_summary TEXT, s_entities TEXT, s_first BIGINT, s_last BIGINT,
  s_count INTEGER, s_outlets INTEGER, s_lang TEXT, s_status TEXT, s_merged TEXT, s_updated BIGINT,
  a_article TEXT, a_story TEXT, a_event TEXT, a_score DOUBLE PRECISION, a_threshold DOUBLE PRECISION,
  e_story TEXT[], e_type TEXT[], e_at BIGINT[], e_data TEXT[], events_lock BIGINT
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stories (id, headline, summary, entities, first_seen, last_seen, article_count,
    outlet_count, lang, status, merged_into, updated_at)
  VALUES (s_id, s_headline, s_summary, s_entities, s_first, s_last, s_count, s_outlets, s_lang,
    s_status, s_merged, s_updated)
  ON CONFLICT (id) DO UPDATE SET headline = excluded.headline, summary = excluded.summary,
    entities = excluded.entities, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
    article_count = excluded.article_count, outlet_count = excluded.outlet_count,
    lang = excluded.lang, status = excluded.status, merged_into = excluded.merged_into,
    updated_at = excluded.updated_at;
  UPDATE articles SET story_id = a_story, event_id = a_event, score = a_score,
    threshold = a_threshold WHERE id = a_article;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'cannot assign unknown article %', a_article USING ERRCODE = 'P0002';
  END IF;
  IF coalesce(array_length(e_story, 1), 0) > 0 THEN
    PERFORM pg_advisory_xact_lock(events_lock);
    INSERT INTO events (story_id, type, at, data)
    SELECT s, t, a, d FROM unnest(e_story, e_type, e_at, e_data) WITH ORDINALITY AS e(s, t, a, d, n)
    ORDER BY n;
  END IF;
END $$;
`;

// What a restart needs to rebuild the clusterer without re-vectorising the window (SQLite's
// version 7): each clustered article's kept vectors, `n` numbering them in clustering order, and
// the clusterer's document-frequency table per key (one per clustering partition), `up_to` being
// the last `n` it counts.
const clusterFeatures = `
CREATE TABLE article_features (
  n BIGSERIAL PRIMARY KEY,
  article_id TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
  data BYTEA NOT NULL
);
CREATE TABLE cluster_snapshots (
  key TEXT PRIMARY KEY,
  up_to BIGINT NOT NULL,
  at BIGINT NOT NULL,
  data BYTEA NOT NULL
);
`;

// Near-duplicate lookup reads the signature, time and link of every article sharing a band key
// with a new one (hundreds when a big story piles up in the window); read from the articles rows,
// each cost a fetch of the whole article (title, text, HTML). A narrow table holds what the lookup
// reads; its duplicate_of follows the article's (both are set null when the original is deleted).
const signatureTable = `
CREATE TABLE article_signatures (
  article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  duplicate_of TEXT COLLATE "C" REFERENCES articles(id) ON DELETE SET NULL,
  signature BYTEA NOT NULL
);
CREATE INDEX article_signatures_duplicate_of ON article_signatures(duplicate_of)
  WHERE duplicate_of IS NOT NULL;
INSERT INTO article_signatures (article_id, at, duplicate_of, signature)
  SELECT id, at, duplicate_of, signature FROM articles WHERE signature IS NOT NULL;
ALTER TABLE articles DROP COLUMN signature;
`;

// The engine marks quiet every active story whose last article is older than the quiet horizon,
// read from the store in pages (staleStories): without this index each pass would walk every
// story older than the horizon, nearly all long quiet (SQLite's version 9).
const activeStoriesIndex = `
CREATE INDEX stories_active ON stories(last_seen, id) WHERE status = 'active';
`;

// Each renewed story's last renewal, so that a restart from kept features replays only what the
// clusterer keeps of it (restoreOrder; SQLite's version 10), and an index that serves the newest
// story of a clustering partition (latestStorySeenIn: without it the lookup walks stories_recent
// newest first to the first story of the partition, all of them when the partition is rare).
const storyRenewals = `
CREATE TABLE story_renewals (
  story_id TEXT COLLATE "C" PRIMARY KEY,
  founded_n BIGINT NOT NULL,
  from_n BIGINT NOT NULL,
  renewed_n BIGINT NOT NULL,
  cut BIGINT NOT NULL,
  events JSONB NOT NULL
);
CREATE INDEX stories_part_recent ON stories((coalesce(lang, 'und')), last_seen DESC);
`;

/** Every migration, in version order. Append new ones; never edit a released one. */
export const PG_MIGRATIONS: PgMigration[] = [
  { version: 1, name: "initial", sql: initial },
  { version: 2, name: "fulltext", sql: fulltext },
  { version: 3, name: "workers", sql: workers },
  { version: 4, name: "commit-assignment", sql: commitAssignment },
  { version: 5, name: "cluster-features", sql: clusterFeatures },
  { version: 6, name: "signature-table", sql: signatureTable },
  { version: 7, name: "active-stories-index", sql: activeStoriesIndex },
  { version: 8, name: "story-renewals", sql: storyRenewals },
];

export const PG_LATEST_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1].version;

/**
 * Brings the schema (created when missing) to `target`, default the latest; returns the versions
 * applied. A schema newer than this code is refused with a one-line error.
 */
export async function migratePostgres(
  pool: pg.Pool,
  schema: string | null,
  target = PG_LATEST_VERSION,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ v: number | null }>(
      "SELECT max(version) AS v FROM schema_migrations",
    );
    const current = rows[0]?.v ?? 0;
    if (current > PG_LATEST_VERSION) {
      throw new Error(
        `the database is at schema version ${current}, newer than this Storyline (${PG_LATEST_VERSION}); upgrade Storyline`,
      );
    }
    const applied: number[] = [];
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current || m.version > target) continue;
      await client.query(m.sql);
      await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    await client.query("COMMIT");
    return applied;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
