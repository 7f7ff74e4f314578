// The Store on PostgreSQL (the `pg` driver): the same behaviour as the SQLite store, for
// deployments where many processes share one database. Multi-row writes are transactions;
// transactions that lose a race with another process (deadlock, serialisation failure, a unique
// key taken meanwhile) are retried from the start.

import { createHash } from "node:crypto";
import type pg from "pg";
import {
  bands,
  type DuplicateCandidate,
  earliestCopy,
  signature,
  signatureFromBytes,
} from "../../articles/dedupe.ts";
import { canonicalUrl, urlDomain } from "../../articles/url.ts";
import type { FeedState } from "../../feeds/types.ts";
import { decodeCursor, deriveArticleId, encodeCursor } from "../ids.ts";
import { queryTerms, snippetHtml } from "../search-text.ts";
import type {
  AssignmentWrite,
  CategoryCount,
  ChangeSet,
  ClusteredArticle,
  ClusterSnapshot,
  Correction,
  CorrectionInput,
  FeatureWrite,
  IngestResult,
  NewArticle,
  NewFeed,
  Page,
  PruneResult,
  RenewalWrite,
  RenewedStory,
  RestoreRow,
  SearchHit,
  SearchOptions,
  Sighting,
  Store,
  StoredArticle,
  StoryEvent,
  StoryEventInput,
  StoryFilter,
  StoryQuery,
  StoryRankRow,
  StoryRecord,
  StorySourceCount,
} from "../types.ts";
import { createPool, type PgTarget, parsePgUrl } from "./connect.ts";
import { migratePostgres } from "./migrations.ts";
import { listenForEvents } from "./notify.ts";
import {
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
  PG_FEED_COLUMNS,
  restoreRowsInOrder,
  type SightingRow,
  STORY_COLUMNS,
  type StoryRow,
  sightingFromRow,
  storyFromRow,
} from "./rows.ts";

export interface PostgresStoreOptions {
  /** Near-duplicates are only linked within this distance in time (default 7 days). */
  nearDuplicateWindowMs?: number;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Shown in pg_stat_activity (default "storyline"). */
  applicationName?: string;
}

const DEFAULT_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** Advisory lock held while events are inserted, so seq order is commit order (see writeEvents). */
const EVENTS_LOCK = 0x5709_1e02;
/** SQLSTATEs of transactions that lost a race and may simply run again. */
const RETRYABLE = new Set(["40P01", "40001", "23505"]);
const MAX_ATTEMPTS = 8;

type Db = pg.Pool | pg.PoolClient;

/** A story record as the 12 parameters of the stories row (writeStory, commitAssignment). */
function storyParams(s: StoryRecord): unknown[] {
  return [
    s.id,
    s.headline,
    s.summary,
    JSON.stringify(s.entities),
    ms(s.firstSeen),
    ms(s.lastSeen),
    s.articleCount,
    s.outletCount,
    s.lang,
    s.status,
    s.mergedInto,
    ms(s.updatedAt),
  ];
}

export class PostgresStore implements Store {
  /** The connection pool (workers use it for leases and locks; the engine uses the methods). */
  readonly pool: pg.Pool;
  readonly target: PgTarget;
  private readonly windowMs: number;
  private closed = false;

  private constructor(target: PgTarget, options: PostgresStoreOptions) {
    this.target = target;
    this.pool = createPool(target, {
      max: options.poolSize,
      applicationName: options.applicationName,
    });
    // An idle connection dropped by the server must not crash the process; the pool reconnects.
    this.pool.on("error", () => {});
    this.windowMs = options.nearDuplicateWindowMs ?? DEFAULT_WINDOW_MS;
  }

  /** Connects and migrates to the latest schema (creating the URL's schema when missing). */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const store = new PostgresStore(parsePgUrl(url), options);
    try {
      await store.migrate();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  async migrate(): Promise<void> {
    await migratePostgres(this.pool, this.target.schema);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /**
   * Calls `onSeq` whenever any process records events (LISTEN/NOTIFY on a dedicated connection):
   * a stateless API server reads eventsAfter at once instead of waiting for its next poll.
   * Resolves once listening; the returned function stops listening.
   */
  onEvents(onSeq: (seq: number) => void): Promise<() => Promise<void>> {
    return listenForEvents(this.target, onSeq);
  }

  /** Runs one statement, again when it lost a race with another connection (deadlock...). */
  private async retrying<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }

  /** Runs fn in a transaction, retrying it when it lost a race with another connection. */
  async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const c = await this.pool.connect();
      try {
        await c.query("BEGIN");
        const out = await fn(c);
        await c.query("COMMIT");
        return out;
      } catch (err) {
        await c.query("ROLLBACK").catch(() => {});
        const code = (err as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      } finally {
        c.release();
      }
    }
  }

  private async rows<R extends pg.QueryResultRow>(
    sql: string,
    args: unknown[] = [],
    db: Db = this.pool,
  ): Promise<R[]> {
    return (await db.query<R>(sql, args)).rows;
  }

  // Feeds.

  async addFeed(feed: NewFeed): Promise<FeedState> {
    const inserted = await this.rows<FeedRow>(
      `INSERT INTO feeds (url, title, site_url, category, next_poll_at) VALUES ($1, $2, $3, $4, 0)
       ON CONFLICT (url) DO NOTHING RETURNING ${PG_FEED_COLUMNS}`,
      [feed.url, feed.title ?? null, feed.siteUrl ?? null, feed.category ?? null],
    );
    if (inserted[0]) return feedFromRow(inserted[0]);
    const existing = await this.getFeedByUrl(feed.url);
    if (!existing) throw new Error(`feed ${feed.url} vanished while being added`);
    return existing;
  }

  async removeFeed(id: number): Promise<boolean> {
    return ((await this.pool.query("DELETE FROM feeds WHERE id = $1", [id])).rowCount ?? 0) > 0;
  }

  async getFeed(id: number): Promise<FeedState | null> {
    if (!Number.isSafeInteger(id)) return null;
    const r = await this.rows<FeedRow>(`SELECT ${PG_FEED_COLUMNS} FROM feeds WHERE id = $1`, [id]);
    return r[0] ? feedFromRow(r[0]) : null;
  }

  async getFeedByUrl(url: string): Promise<FeedState | null> {
    const r = await this.rows<FeedRow>(`SELECT ${PG_FEED_COLUMNS} FROM feeds WHERE url = $1`, [
      url,
    ]);
    return r[0] ? feedFromRow(r[0]) : null;
  }

  async listFeeds(): Promise<FeedState[]> {
    return (await this.rows<FeedRow>(`SELECT ${PG_FEED_COLUMNS} FROM feeds ORDER BY id`)).map(
      feedFromRow,
    );
  }

  async updateFeed(id: number, patch: Partial<Omit<FeedState, "id">>): Promise<void> {
    const keys = (Object.keys(patch) as (keyof typeof FEED_COLUMNS)[]).filter(
      (k) => k in FEED_COLUMNS && patch[k] !== undefined,
    );
    if (keys.length === 0) return;
    const sets = keys.map((k, i) => `${FEED_COLUMNS[k]} = $${i + 1}`);
    await this.pool.query(`UPDATE feeds SET ${sets.join(", ")} WHERE id = $${keys.length + 1}`, [
      ...keys.map((k) => feedValue(patch[k])),
      id,
    ]);
  }

  /**
   * updateFeed for a fetch worker: applies the patch and clears the lease only while `owner` still
   * holds it; false (nothing written) when another worker holds the feed now.
   */
  async updateFeedIf(
    id: number,
    patch: Partial<Omit<FeedState, "id">>,
    owner: string,
  ): Promise<boolean> {
    const keys = (Object.keys(patch) as (keyof typeof FEED_COLUMNS)[]).filter(
      (k) => k in FEED_COLUMNS && patch[k] !== undefined,
    );
    const sets = keys.map((k, i) => `${FEED_COLUMNS[k]} = $${i + 1}`);
    sets.push("lease_owner = NULL", "lease_until = NULL");
    const r = await this.pool.query(
      `UPDATE feeds SET ${sets.join(", ")} WHERE id = $${keys.length + 1} AND lease_owner = $${keys.length + 2}`,
      [...keys.map((k) => feedValue(patch[k])), id, owner],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** Enabled feeds due at `now`, soonest first; feeds leased by a fetch worker are left out. */
  async dueFeeds(now: number, limit: number): Promise<FeedState[]> {
    return (
      await this.rows<FeedRow>(
        `SELECT ${PG_FEED_COLUMNS} FROM feeds
         WHERE enabled AND next_poll_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
         ORDER BY next_poll_at, id LIMIT $2`,
        [ms(now), Math.max(0, Math.floor(limit))],
      )
    ).map(feedFromRow);
  }

  async feedCategories(): Promise<CategoryCount[]> {
    return this.rows<CategoryCount>(
      `SELECT category, COUNT(*)::int AS feeds FROM feeds WHERE category IS NOT NULL
       GROUP BY category ORDER BY category COLLATE "C"`,
    );
  }

  // Articles.

  async ingest(items: NewArticle[]): Promise<IngestResult> {
    const canonicals = items.map((item) => item.canonicalUrl ?? canonicalUrl(item.url));
    const locks = dedupeLockKeys(items, canonicals);
    const sigs = items.map((item) => signature(item.title, item.text));
    const keys = sigs.map((sig) => (sig ? bands(sig) : []));
    return this.tx(async (c) => {
      // Every key an item can match by is locked first, in one global order: two ingests of the
      // same items wait for each other instead of deadlocking on the unique indexes.
      await c.query("SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k", [locks]);
      // Round trips dominate: stored matches and near-duplicate candidates are read for the
      // whole batch at once; items are then decided in input order exactly as SQLite does one by
      // one, with what this batch stored so far kept in memory (batch).
      const stored = await this.findExistingAll(c, items, canonicals);
      const pool = await this.candidatePool(c, items, keys, stored);
      const batch = { canon: new Map<string, string>(), guid: new Map<string, string>() };
      const batchIds = new Set<string>();
      const result: IngestResult = { inserted: [], sightings: 0, matched: [], nearDuplicates: 0 };
      for (const [i, item] of items.entries()) {
        const canonical = canonicals[i];
        const guidKey =
          item.guid && item.feedId !== null ? `${item.feedId}\u0000${item.guid}` : null;
        let existing =
          stored[i].canon ??
          (canonical ? batch.canon.get(canonical) : undefined) ??
          (guidKey ? batch.guid.get(guidKey) : undefined) ??
          stored[i].guid ??
          stored[i].id ??
          (item.id && batchIds.has(item.id) ? item.id : undefined) ??
          null;
        if (!existing) {
          const at = item.published ?? item.fetchedAt;
          const sig = sigs[i];
          const candidates = sig ? pool.near(keys[i], at) : [];
          const r = await this.insertArticle(c, item, canonical, sig, keys[i], candidates);
          if (typeof r === "string") existing = r;
          else {
            if (r.duplicateOf) result.nearDuplicates++;
            result.inserted.push(r);
            if (canonical) batch.canon.set(canonical, r.id);
            if (guidKey) batch.guid.set(guidKey, r.id);
            batchIds.add(r.id);
            if (sig)
              pool.add(keys[i], { id: r.id, signature: sig, duplicateOf: r.duplicateOf, at });
            continue;
          }
        }
        const insertedRow = await this.recordSighting(c, existing, item);
        if (insertedRow && guidKey) batch.guid.set(guidKey, existing);
        result.sightings++;
        result.matched.push(existing);
      }
      return result;
    });
  }

  /**
   * For each item, the stored article with its canonical URL, the one its (feed, guid) was seen
   * with, and the one with its fixed id, as they were before this batch: one query.
   */
  private async findExistingAll(
    c: pg.PoolClient,
    items: NewArticle[],
    canonicals: (string | null)[],
  ): Promise<{ canon?: string; guid?: string; id?: string }[]> {
    const out = items.map(() => ({}) as { canon?: string; guid?: string; id?: string });
    if (items.length === 0) return out;
    const rows = await this.rows<{
      n: number;
      canon: string | null;
      guid: string | null;
      id: string | null;
    }>(
      `SELECT i.n::int AS n,
         (SELECT a.id FROM articles a WHERE a.canonical_url = i.c) AS canon,
         (SELECT s.article_id FROM sightings s WHERE s.feed_id = i.f AND s.guid = i.g LIMIT 1) AS guid,
         (SELECT a.id FROM articles a WHERE a.id = i.x) AS id
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS i(c, f, g, x, n)`,
      [
        canonicals,
        items.map((it) => (it.guid ? it.feedId : null)),
        items.map((it) => it.guid),
        items.map((it) => it.id ?? null),
      ],
      c,
    );
    for (const r of rows) {
      const o = out[r.n - 1];
      if (r.canon) o.canon = r.canon;
      if (r.guid) o.guid = r.guid;
      if (r.id) o.id = r.id;
    }
    return out;
  }

  /**
   * Near-duplicate candidates for the batch: stored articles sharing a band with any item that
   * may be new, read at once; near(keys, at) picks one item's (by band and time window), and
   * add() makes an article stored by this batch a candidate for the items after it.
   */
  private async candidatePool(
    c: pg.PoolClient,
    items: NewArticle[],
    keys: number[][],
    stored: { canon?: string; guid?: string; id?: string }[],
  ) {
    const byBand = new Map<number, DuplicateCandidate[]>();
    const add = (bandKeys: number[], cand: DuplicateCandidate) => {
      for (const k of bandKeys) {
        const list = byBand.get(k);
        if (list) list.push(cand);
        else byBand.set(k, [cand]);
      }
    };
    const wanted = new Set<number>();
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    items.forEach((item, i) => {
      if (stored[i].canon || stored[i].guid || stored[i].id || keys[i].length === 0) return;
      for (const k of keys[i]) wanted.add(k);
      const at = item.published ?? item.fetchedAt;
      lo = Math.min(lo, at);
      hi = Math.max(hi, at);
    });
    if (wanted.size > 0) {
      const rows = await this.rows<{
        band: number;
        id: string;
        signature: Buffer;
        duplicate_of: string | null;
        at: number;
      }>(
        `SELECT b.band, s.article_id AS id, s.signature, s.duplicate_of, s.at
         FROM article_bands b JOIN article_signatures s ON s.article_id = b.article_id
         WHERE b.band = ANY($1::bigint[]) AND b.at BETWEEN $2 AND $3`,
        [[...wanted], lo - this.windowMs, hi + this.windowMs],
        c,
      );
      const byId = new Map<string, DuplicateCandidate>();
      for (const r of rows) {
        let cand = byId.get(r.id);
        if (!cand) {
          cand = {
            id: r.id,
            signature: signatureFromBytes(r.signature),
            duplicateOf: r.duplicate_of,
            at: r.at,
          };
          byId.set(r.id, cand);
        }
        add([r.band], cand);
      }
    }
    const windowMs = this.windowMs;
    return {
      add,
      near(bandKeys: number[], at: number): DuplicateCandidate[] {
        const seen = new Map<string, DuplicateCandidate>();
        for (const k of bandKeys) {
          for (const cand of byBand.get(k) ?? []) {
            if (Math.abs(cand.at - at) <= windowMs) seen.set(cand.id, cand);
          }
        }
        return [...seen.values()];
      },
    };
  }

  /** Id of the stored article this item is a copy of (same canonical URL, feed guid or id). */
  private async findExisting(
    c: pg.PoolClient,
    item: NewArticle,
    canonical: string | null,
  ): Promise<string | null> {
    const r = await this.rows<{ id: string }>(
      `SELECT id FROM (
         SELECT id, 1 AS p FROM articles WHERE canonical_url = $1
         UNION ALL SELECT article_id, 2 FROM sightings WHERE feed_id = $2 AND guid = $3
         UNION ALL SELECT id, 3 FROM articles WHERE id = $4
       ) x ORDER BY p LIMIT 1`,
      [canonical, item.guid ? item.feedId : null, item.guid, item.id ?? null],
      c,
    );
    return r[0]?.id ?? null;
  }

  /** Records a sighting of a stored article; true when it added a row (false: counted again). */
  private async recordSighting(
    c: pg.PoolClient,
    articleId: string,
    item: NewArticle,
  ): Promise<boolean> {
    const seen = item.fetchedAt;
    // A (feed, guid) pair identifies one sighting; items without a guid are one per feed.
    const found = item.guid
      ? await this.rows<{ id: number }>(
          "SELECT id FROM sightings WHERE feed_id IS NOT DISTINCT FROM $1 AND guid = $2 LIMIT 1",
          [item.feedId, item.guid],
          c,
        )
      : await this.rows<{ id: number }>(
          `SELECT id FROM sightings WHERE article_id = $1 AND feed_id IS NOT DISTINCT FROM $2
           AND guid IS NULL LIMIT 1`,
          [articleId, item.feedId],
          c,
        );
    if (found[0]) {
      await c.query(
        "UPDATE sightings SET last_seen = GREATEST(last_seen, $1), times = times + 1 WHERE id = $2",
        [ms(seen), found[0].id],
      );
      return false;
    }
    await c.query(
      `INSERT INTO sightings (article_id, feed_id, guid, url, first_seen, last_seen)
       VALUES ($1, $2, $3, $4, $5, $5)`,
      [articleId, item.feedId, item.guid, item.url, ms(seen)],
    );
    return true;
  }

  /**
   * Inserts a new article with its signature, bands and first sighting in one statement. When
   * another connection stored the same article meanwhile, returns that article's id instead.
   */
  private async insertArticle(
    c: pg.PoolClient,
    item: NewArticle,
    canonical: string | null,
    sig: Uint32Array | null,
    keys: number[],
    candidates: DuplicateCandidate[],
  ): Promise<StoredArticle | string> {
    const base = item.id ?? deriveArticleId(item, canonical);
    const at = item.published ?? item.fetchedAt;
    const duplicateOf = sig ? earliestCopy(sig, candidates) : null;
    // A derived id can only clash when two different items hash alike; keep both, suffixed.
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      const r = await c.query(
        `WITH ins AS (
           INSERT INTO articles (id, feed_id, guid, url, canonical_url, title, text, html, source,
             domain, author, image, lang, published, fetched_at, at, duplicate_of)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
           ON CONFLICT DO NOTHING RETURNING id),
         g AS (INSERT INTO article_signatures (article_id, at, duplicate_of, signature)
           SELECT ins.id, $16, $17, $18 FROM ins WHERE $18::bytea IS NOT NULL),
         b AS (INSERT INTO article_bands (band, at, article_id)
           SELECT k, $16, ins.id FROM ins, unnest($19::bigint[]) AS k),
         s AS (INSERT INTO sightings (article_id, feed_id, guid, url, first_seen, last_seen)
           SELECT ins.id, $2, $3, $4, $15, $15 FROM ins)
         SELECT id FROM ins`,
        [
          id,
          item.feedId,
          item.guid,
          item.url,
          canonical,
          item.title,
          item.text,
          item.html,
          item.source,
          urlDomain(item.url ?? canonical),
          item.author,
          item.image,
          item.lang,
          item.published === null ? null : ms(item.published),
          ms(item.fetchedAt),
          ms(at),
          duplicateOf,
          sig ? Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength) : null,
          keys,
        ],
      );
      if (r.rowCount === 0) {
        const other = await this.findExisting(c, item, canonical);
        if (other) return other;
        continue;
      }
      return {
        id,
        feedId: item.feedId,
        guid: item.guid,
        url: item.url,
        canonicalUrl: canonical,
        title: item.title,
        text: item.text,
        html: item.html,
        source: item.source,
        author: item.author,
        image: item.image,
        lang: item.lang,
        published: item.published,
        fetchedAt: item.fetchedAt,
        duplicateOf,
        storyId: null,
        eventId: null,
        score: null,
        threshold: null,
      };
    }
  }

  async getArticle(id: string): Promise<StoredArticle | null> {
    const r = await this.rows<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1`, [
      id,
    ]);
    return r[0] ? articleFromRow(r[0]) : null;
  }

  async getArticles(ids: string[]): Promise<StoredArticle[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = ANY($1::text[])`,
      [ids],
    );
    return inOrder(ids, rows.map(articleFromRow));
  }

  async getArticleByUrl(url: string): Promise<StoredArticle | null> {
    const r = await this.rows<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE canonical_url = $1`,
      [url],
    );
    return r[0] ? articleFromRow(r[0]) : null;
  }

  async sightingsOf(articleId: string): Promise<Sighting[]> {
    return (
      await this.rows<SightingRow>(
        `SELECT article_id, feed_id, guid, url, first_seen, last_seen, times FROM sightings
         WHERE article_id = $1 ORDER BY first_seen, id`,
        [articleId],
      )
    ).map(sightingFromRow);
  }

  async duplicatesOf(articleId: string): Promise<StoredArticle[]> {
    return (
      await this.rows<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE duplicate_of = $1 ORDER BY at, seq`,
        [articleId],
      )
    ).map(articleFromRow);
  }

  async articlesOfStory(storyId: string): Promise<StoredArticle[]> {
    return (
      await this.rows<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE story_id = $1 ORDER BY at, seq`,
        [storyId],
      )
    ).map(articleFromRow);
  }

  async unassignedArticles(limit: number): Promise<StoredArticle[]> {
    return (
      await this.rows<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE story_id IS NULL ORDER BY seq LIMIT $1`,
        [Math.max(0, Math.floor(limit))],
      )
    ).map(articleFromRow);
  }

  async assignedArticlesSince(since: number): Promise<StoredArticle[]> {
    return (
      await this.rows<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE at >= $1 AND story_id IS NOT NULL
         ORDER BY seq`,
        [ms(since)],
      )
    ).map(articleFromRow);
  }

  // Clustering partitions (PostgreSQL only): one clusterer owns each language.

  async livePartitions(): Promise<string[]> {
    // The literal status matches the partial index stories_active (migration 7).
    return (
      await this.rows<{ p: string }>(
        `SELECT ${PARTITION_SQL} AS p FROM articles WHERE story_id IS NULL
         UNION SELECT ${PARTITION_SQL} FROM stories WHERE status = 'active' ORDER BY p`,
      )
    ).map((r) => r.p);
  }

  /** Partitions (languages, "und" when unknown) that have articles waiting for a story. */
  async unassignedPartitions(): Promise<string[]> {
    return (
      await this.rows<{ p: string }>(
        `SELECT DISTINCT ${PARTITION_SQL} AS p FROM articles WHERE story_id IS NULL ORDER BY p`,
      )
    ).map((r) => r.p);
  }

  /** unassignedArticles, restricted to one partition. */
  async unassignedArticlesIn(partition: string, limit: number): Promise<StoredArticle[]> {
    return (
      await this.rows<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE story_id IS NULL AND ${PARTITION_SQL} = $1
         ORDER BY seq LIMIT $2`,
        [partition, Math.max(0, Math.floor(limit))],
      )
    ).map(articleFromRow);
  }

  /** assignedArticlesSince, restricted to one partition. */
  async assignedArticlesSinceIn(partition: string, since: number): Promise<StoredArticle[]> {
    return (
      await this.rows<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles
         WHERE ${PARTITION_SQL} = $1 AND at >= $2 AND story_id IS NOT NULL ORDER BY seq`,
        [partition, ms(since)],
      )
    ).map(articleFromRow);
  }

  // Restart (the ...In variants: one clustering partition's share).

  async restoreOrder(since: number): Promise<string[]> {
    return this.restoreOrderWhere("TRUE", [ms(since)]);
  }

  async restoreOrderIn(partition: string, since: number): Promise<string[]> {
    // The story's language too: a story of one clusterer for all languages (a store from before
    // partitions) is continued by its own language's clusterer only.
    return this.restoreOrderWhere(
      `${PARTITION_SQL.replace("lang", "a.lang")} = $2 AND ${PARTITION_SQL.replace("lang", "s.lang")} = $2`,
      [ms(since), partition],
    );
  }

  private async restoreOrderWhere(where: string, args: unknown[]): Promise<string[]> {
    return (
      await this.rows<{ id: string }>(
        `SELECT a.id FROM stories s JOIN articles a ON a.story_id = s.id
         LEFT JOIN article_features f ON f.article_id = a.id
         LEFT JOIN story_renewals r ON r.story_id = s.id
         WHERE s.last_seen >= $1 AND ${where} AND ${KEPT_SINCE_RENEWAL}
         ORDER BY f.n NULLS FIRST, a.seq`,
        args,
      )
    ).map((r) => r.id);
  }

  async restoreRenewals(since: number): Promise<RenewedStory[]> {
    return this.restoreRenewalsWhere("TRUE", [ms(since)]);
  }

  async restoreRenewalsIn(partition: string, since: number): Promise<RenewedStory[]> {
    return this.restoreRenewalsWhere(`${PARTITION_SQL.replace("lang", "s.lang")} = $2`, [
      ms(since),
      partition,
    ]);
  }

  private async restoreRenewalsWhere(where: string, args: unknown[]): Promise<RenewedStory[]> {
    const rows = await this.rows<{ story_id: string; founded_n: string; events: string[] }>(
      `SELECT r.story_id, r.founded_n, r.events FROM story_renewals r
       JOIN stories s ON s.id = r.story_id
       WHERE s.last_seen >= $1 AND ${where} ORDER BY r.founded_n, r.story_id`,
      args,
    );
    return rows.map((r) => ({
      storyId: r.story_id,
      founded: Number(r.founded_n),
      events: r.events,
    }));
  }

  async restoreRows(ids: string[]): Promise<RestoreRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows<FeatureRow>(
      `SELECT a.id, a.story_id, a.event_id, a.score, f.n, f.data FROM articles a
       LEFT JOIN article_features f ON f.article_id = a.id
       WHERE a.id = ANY($1::text[]) AND a.story_id IS NOT NULL`,
      [ids],
    );
    const legacy = rows.filter((r) => r.data === null).map((r) => r.id);
    return restoreRowsInOrder(ids, rows, await this.getArticles(legacy));
  }

  async clusteredAfter(after: number, since: number, limit: number): Promise<ClusteredArticle[]> {
    return this.clusteredWhere("TRUE", [ms(after), ms(since), Math.max(0, Math.floor(limit))]);
  }

  async clusteredAfterIn(
    partition: string,
    after: number,
    since: number,
    limit: number,
  ): Promise<ClusteredArticle[]> {
    return this.clusteredWhere(`${PARTITION_SQL.replace("lang", "a.lang")} = $4`, [
      ms(after),
      ms(since),
      Math.max(0, Math.floor(limit)),
      partition,
    ]);
  }

  private async clusteredWhere(where: string, args: unknown[]): Promise<ClusteredArticle[]> {
    const rows = await this.rows<ArticleRow & { order: number }>(
      `SELECT f.n AS "order", ${ARTICLE_COLUMNS.replace(/(\w+)/g, "a.$1")}
       FROM article_features f JOIN articles a ON a.id = f.article_id
       WHERE f.n > $1 AND a.at >= $2 AND ${where} ORDER BY f.n LIMIT $3`,
      args,
    );
    return rows.map((r) => ({ order: r.order, article: articleFromRow(r) }));
  }

  async deleteClusterSnapshot(key: string): Promise<void> {
    await this.rows("DELETE FROM cluster_snapshots WHERE key = $1", [key]);
  }

  async latestStorySeen(): Promise<number | null> {
    return this.latestSeenWhere("TRUE", []);
  }

  async latestStorySeenIn(partition: string): Promise<number | null> {
    return this.latestSeenWhere(`${PARTITION_SQL} = $1`, [partition]);
  }

  private async latestSeenWhere(where: string, args: unknown[]): Promise<number | null> {
    // Newest first along stories_recent, to the first row of the partition.
    const rows = await this.rows<{ t: string | number }>(
      `SELECT last_seen AS t FROM stories WHERE ${where} ORDER BY last_seen DESC LIMIT 1`,
      args,
    );
    return rows.length === 0 ? null : Number(rows[0].t);
  }

  async putClusterSnapshot(key: string, data: Uint8Array, at: number): Promise<void> {
    await this.rows(
      `INSERT INTO cluster_snapshots (key, up_to, at, data)
       VALUES ($1, (SELECT COALESCE(MAX(n), 0) FROM article_features), $2, $3)
       ON CONFLICT (key) DO UPDATE SET up_to = excluded.up_to, at = excluded.at, data = excluded.data`,
      [key, ms(at), asBuffer(data)],
    );
  }

  async getClusterSnapshot(key: string): Promise<ClusterSnapshot | null> {
    // As base64: the clusterer's saved state is about 100 MB, which comes as hex text twice its
    // size otherwise (node-postgres reads every column as a string, bytea in binary too).
    const r = await this.rows<{ up_to: number; at: number; data: string }>(
      "SELECT up_to, at, encode(data, 'base64') AS data FROM cluster_snapshots WHERE key = $1",
      [key],
    );
    return r[0] ? { upTo: r[0].up_to, at: r[0].at, data: Buffer.from(r[0].data, "base64") } : null;
  }

  async countArticles(): Promise<number> {
    return (await this.rows<{ n: number }>("SELECT COUNT(*) AS n FROM articles"))[0].n;
  }

  // Stories.

  private async writeStory(db: Db, s: StoryRecord): Promise<void> {
    await db.query(
      `INSERT INTO stories (id, headline, summary, entities, first_seen, last_seen, article_count,
         outlet_count, lang, status, merged_into, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET headline = excluded.headline, summary = excluded.summary,
         entities = excluded.entities, first_seen = excluded.first_seen,
         last_seen = excluded.last_seen, article_count = excluded.article_count,
         outlet_count = excluded.outlet_count, lang = excluded.lang, status = excluded.status,
         merged_into = excluded.merged_into, updated_at = excluded.updated_at`,
      storyParams(s),
    );
  }

  private async writeAssignment(c: pg.PoolClient, a: AssignmentWrite): Promise<void> {
    const r = await c.query(
      "UPDATE articles SET story_id = $1, event_id = $2, score = $3, threshold = $4 WHERE id = $5",
      [a.storyId, a.eventId, a.score, a.threshold, a.articleId],
    );
    if (r.rowCount === 0) throw new Error(`cannot assign unknown article ${a.articleId}`);
  }

  /**
   * Inserts events under a transaction-level advisory lock held until commit: seq values are
   * handed out in commit order, so a reader that has seen seq N never later finds a smaller one
   * (without the lock, two clusterers could commit 8 after a reader already moved past 9).
   */
  private async writeEvents(c: pg.PoolClient, events: StoryEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await c.query("SELECT pg_advisory_xact_lock($1)", [EVENTS_LOCK]);
    await c.query(
      `INSERT INTO events (story_id, type, at, data)
       SELECT s, t, a, d FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[])
         WITH ORDINALITY AS e(s, t, a, d, n) ORDER BY n`,
      [
        events.map((e) => e.storyId),
        events.map((e) => e.type),
        events.map((e) => ms(e.at)),
        events.map((e) => JSON.stringify(e.data ?? {})),
      ],
    );
  }

  private async writeCorrection(db: Db, c: CorrectionInput): Promise<Correction> {
    const r = await this.rows<CorrectionRow>(
      `INSERT INTO corrections (kind, story_ids, article_ids, at, note) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, kind, story_ids, article_ids, at, note`,
      [c.kind, JSON.stringify(c.storyIds), JSON.stringify(c.articleIds), ms(c.at), c.note ?? null],
      db,
    );
    return correctionFromRow(r[0]);
  }

  async commitAssignment(
    assignment: AssignmentWrite,
    story: StoryRecord,
    events: StoryEventInput[],
  ): Promise<void> {
    // One statement (see migration 4): atomic on its own, one round trip per clustered article.
    const s = story;
    const a = assignment;
    await this.retrying(() =>
      this.pool.query(
        `SELECT storyline_commit_assignment($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
           $13, $14, $15, $16, $17, $18::text[], $19::text[], $20::bigint[], $21::text[], $22)`,
        [
          ...storyParams(s),
          a.articleId,
          a.storyId,
          a.eventId,
          a.score,
          a.threshold,
          events.map((e) => e.storyId),
          events.map((e) => e.type),
          events.map((e) => ms(e.at)),
          events.map((e) => JSON.stringify(e.data ?? {})),
          EVENTS_LOCK,
        ],
      ),
    );
  }

  async commitChanges(changes: ChangeSet): Promise<Correction | null> {
    return this.tx(async (c) => {
      for (const s of changes.stories) await this.writeStory(c, s);
      for (const a of changes.assignments) await this.writeAssignment(c, a);
      const features = changes.features ?? [];
      let written = 0;
      for (const r of changes.renewals ?? []) {
        await this.writeFeatures(c, features.slice(written, r.after));
        written = Math.max(written, r.after);
        await this.writeRenewal(c, r);
      }
      await this.writeFeatures(c, features.slice(written));
      await this.writeEvents(c, changes.events);
      return changes.correction ? this.writeCorrection(c, changes.correction) : null;
    });
  }

  private async writeFeatures(c: pg.PoolClient, features: FeatureWrite[]): Promise<void> {
    if (features.length === 0) return;
    // In clustering order: `n` numbers them as they come.
    await c.query(
      `INSERT INTO article_features (article_id, data)
       SELECT a, d FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS f(a, d, i) ORDER BY i
       ON CONFLICT (article_id) DO UPDATE SET data = excluded.data`,
      [features.map((f) => f.articleId), features.map((f) => asBuffer(f.data))],
    );
  }

  /**
   * A story's renewal, written after the features clustered before it: the members clustered
   * after it have a greater `n`. Its founding place is that of its first renewal.
   */
  private async writeRenewal(c: pg.PoolClient, r: RenewalWrite): Promise<void> {
    await c.query(
      `INSERT INTO story_renewals (story_id, founded_n, from_n, renewed_n, cut, events)
       VALUES ($1,
         (SELECT COALESCE(MIN(f.n), 0) FROM articles a JOIN article_features f ON f.article_id = a.id
          WHERE a.story_id = $1),
         (SELECT COALESCE(MIN(n), 0) FROM article_features WHERE article_id = $2),
         (SELECT COALESCE(MAX(n), 0) + 1 FROM article_features), $3, $4)
       ON CONFLICT (story_id) DO UPDATE SET from_n = excluded.from_n,
         renewed_n = excluded.renewed_n, cut = excluded.cut, events = excluded.events`,
      [r.storyId, r.from, ms(r.cut), JSON.stringify(r.events)],
    );
  }

  async putStory(story: StoryRecord): Promise<void> {
    await this.writeStory(this.pool, story);
  }

  async getStory(id: string): Promise<StoryRecord | null> {
    const r = await this.rows<StoryRow>(`SELECT ${STORY_COLUMNS} FROM stories WHERE id = $1`, [id]);
    return r[0] ? storyFromRow(r[0]) : null;
  }

  async getStories(ids: string[]): Promise<StoryRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows<StoryRow>(
      `SELECT ${STORY_COLUMNS} FROM stories WHERE id = ANY($1::text[])`,
      [ids],
    );
    return inOrder(ids, rows.map(storyFromRow));
  }

  async staleStories(before: number, limit: number): Promise<StoryRecord[]> {
    return this.staleStoriesWhere("TRUE", [ms(before), Math.max(0, Math.floor(limit))]);
  }

  /**
   * staleStories, restricted to one partition: the stories of its language (a story's language
   * is its members', all of one partition; none: "und", as for corrections).
   */
  async staleStoriesIn(partition: string, before: number, limit: number): Promise<StoryRecord[]> {
    return this.staleStoriesWhere(`${PARTITION_SQL} = $3`, [
      ms(before),
      Math.max(0, Math.floor(limit)),
      partition,
    ]);
  }

  private async staleStoriesWhere(where: string, args: unknown[]): Promise<StoryRecord[]> {
    // The literal status matches the partial index stories_active (migration 7).
    return (
      await this.rows<StoryRow>(
        `SELECT ${STORY_COLUMNS} FROM stories WHERE status = 'active' AND last_seen < $1
         AND ${where} ORDER BY last_seen, id LIMIT $2`,
        args,
      )
    ).map(storyFromRow);
  }

  /** The WHERE clause of a story filter (over `stories s`), or null when it cannot match. */
  private storyWhere(query: StoryFilter, args: unknown[]): string | null {
    const where: string[] = [];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    if (query.since !== undefined) where.push(`s.last_seen >= ${arg(ms(query.since))}`);
    if (query.lang !== undefined) where.push(`s.lang = ${arg(query.lang)}`);
    if (query.status !== undefined) where.push(`s.status = ${arg(query.status)}`);
    if (query.minArticles !== undefined) where.push(`s.article_count >= ${arg(query.minArticles)}`);
    if (query.ids !== undefined) where.push(`s.id = ANY(${arg(query.ids)}::text[])`);
    if (query.source !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND a.source = ${arg(query.source)})`,
      );
    }
    if (query.category !== undefined) {
      const cat = arg(query.category);
      where.push(`EXISTS (SELECT 1 FROM articles a JOIN sightings si ON si.article_id = a.id
        JOIN feeds f ON f.id = si.feed_id WHERE a.story_id = s.id
        AND (f.category = ${cat} OR starts_with(f.category, ${cat} || '/')))`);
    }
    if (query.q !== undefined) {
      const tsq = tsQuery(queryTerms(query.q), "and");
      if (!tsq) return null;
      where.push(`s.tsv @@ to_tsquery('storyline', ${arg(tsq)})`);
    }
    return where.join(" AND ");
  }

  async listStories(query: StoryQuery): Promise<Page<StoryRecord>> {
    const args: unknown[] = [];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    const filter = this.storyWhere(query, args);
    if (filter === null) return { items: [], nextCursor: null };
    const where = filter ? [filter] : [];
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      const ls = arg(c.lastSeen);
      where.push(`(s.last_seen < ${ls} OR (s.last_seen = ${ls} AND s.id < ${arg(c.id)}))`);
    }
    const limit = Math.max(1, Math.floor(query.limit));
    const rows = await this.rows<StoryRow>(
      `SELECT ${STORY_COLUMNS.replace(/(\w+)/g, "s.$1")} FROM stories s
       ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY s.last_seen DESC, s.id DESC LIMIT ${arg(limit + 1)}`,
      args,
    );
    const items = rows.slice(0, limit).map(storyFromRow);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ lastSeen: last.lastSeen, id: last.id }) : null;
    return { items, nextCursor };
  }

  async storyRankRows(query: StoryFilter): Promise<StoryRankRow[]> {
    const args: unknown[] = [];
    const filter = this.storyWhere(query, args);
    if (filter === null) return [];
    return this.rows<StoryRankRow>(
      `SELECT s.id, s.article_count AS "articleCount", s.outlet_count AS "outletCount",
       s.last_seen AS "lastSeen" FROM stories s WHERE s.status <> 'merged'
       ${filter ? `AND ${filter}` : ""} ORDER BY s.last_seen DESC, s.id DESC`,
      args,
    );
  }

  async countStories(): Promise<number> {
    return (await this.rows<{ n: number }>("SELECT COUNT(*) AS n FROM stories"))[0].n;
  }

  async storySources(storyIds: string[]): Promise<StorySourceCount[]> {
    if (storyIds.length === 0) return [];
    return this.rows<StorySourceCount>(
      `SELECT story_id AS "storyId", source, domain, COUNT(*)::int AS articles, MIN(at) AS "firstAt"
       FROM articles WHERE story_id = ANY($1::text[])
       GROUP BY story_id, source, domain ORDER BY story_id, "firstAt", source NULLS FIRST`,
      [storyIds],
    );
  }

  async addEvents(events: StoryEventInput[]): Promise<void> {
    await this.tx((c) => this.writeEvents(c, events));
  }

  async eventsAfter(afterSeq: number, limit: number): Promise<StoryEvent[]> {
    return (
      await this.rows<EventRow>(
        "SELECT seq, story_id, type, at, data FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
        [ms(afterSeq), Math.max(0, Math.floor(limit))],
      )
    ).map(eventFromRow);
  }

  async eventsOfStory(storyId: string): Promise<StoryEvent[]> {
    return (
      await this.rows<EventRow>(
        "SELECT seq, story_id, type, at, data FROM events WHERE story_id = $1 ORDER BY seq",
        [storyId],
      )
    ).map(eventFromRow);
  }

  async lastEventSeq(): Promise<number> {
    return (await this.rows<{ n: number }>("SELECT COALESCE(MAX(seq), 0) AS n FROM events"))[0].n;
  }

  // Corrections.

  async addCorrection(correction: CorrectionInput): Promise<Correction> {
    return this.writeCorrection(this.pool, correction);
  }

  async listCorrections(): Promise<Correction[]> {
    return (
      await this.rows<CorrectionRow>(
        "SELECT id, kind, story_ids, article_ids, at, note FROM corrections ORDER BY id",
      )
    ).map(correctionFromRow);
  }

  // Search.

  async search(q: string, limit: number, options: SearchOptions = {}): Promise<SearchHit[]> {
    const terms = queryTerms(q);
    const n = Math.max(1, Math.floor(limit));
    // All words first; when nothing has them all, any of them (still ranked).
    for (const mode of ["and", "or"] as const) {
      const tsq = tsQuery(terms, mode);
      if (!tsq) return [];
      const hits: SearchHit[] = [];
      if (options.kind !== "story") hits.push(...(await this.searchArticles(tsq, n, options.lang)));
      if (options.kind !== "article")
        hits.push(...(await this.searchStories(tsq, n, options.lang)));
      if (hits.length > 0 || terms.length < 2) {
        return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, n);
      }
    }
    return [];
  }

  private async searchArticles(tsq: string, limit: number, lang?: string): Promise<SearchHit[]> {
    const rows = await this.rows<{
      id: string;
      title: string;
      story_id: string | null;
      title_snip: string;
      text_snip: string;
      rank: number;
    }>(
      `WITH q AS (SELECT to_tsquery('storyline', $1) AS query),
       top AS (
         SELECT a.id, a.title, a.text, a.story_id, ts_rank(a.tsv, q.query) AS rank
         FROM articles a, q WHERE a.tsv @@ q.query AND ($2::text IS NULL OR a.lang = $2)
         ORDER BY rank DESC, a.id LIMIT $3)
       SELECT top.id, top.title, top.story_id, top.rank,
         ts_headline('storyline', top.title, q.query, $4) AS title_snip,
         ts_headline('storyline', top.text, q.query, $5) AS text_snip
       FROM top, q`,
      [tsq, lang ?? null, limit, TITLE_HEADLINE, TEXT_HEADLINE],
    );
    return rows.map((r) => ({
      kind: "article",
      id: r.id,
      title: r.title,
      snippet: snippetHtml(r.text_snip.includes("\u0002") ? r.text_snip : r.title_snip),
      score: r.rank,
      storyId: r.story_id,
    }));
  }

  private async searchStories(tsq: string, limit: number, lang?: string): Promise<SearchHit[]> {
    const rows = await this.rows<{
      id: string;
      headline: string;
      headline_snip: string;
      summary_snip: string;
      rank: number;
    }>(
      `WITH q AS (SELECT to_tsquery('storyline', $1) AS query),
       top AS (
         SELECT s.id, s.headline, s.summary, ts_rank(s.tsv, q.query) AS rank
         FROM stories s, q WHERE s.tsv @@ q.query AND s.status <> 'merged'
           AND ($2::text IS NULL OR s.lang = $2)
         ORDER BY rank DESC, s.id LIMIT $3)
       SELECT top.id, top.headline, top.rank,
         ts_headline('storyline', top.headline, q.query, $4) AS headline_snip,
         ts_headline('storyline', top.summary, q.query, $5) AS summary_snip
       FROM top, q`,
      [tsq, lang ?? null, limit, TITLE_HEADLINE, TEXT_HEADLINE],
    );
    return rows.map((r) => ({
      kind: "story",
      id: r.id,
      title: r.headline,
      snippet: snippetHtml(r.summary_snip.includes("\u0002") ? r.summary_snip : r.headline_snip),
      score: r.rank,
      storyId: r.id,
    }));
  }

  // Retention.

  async prune(before: number, batchSize: number): Promise<PruneResult> {
    const size = Math.max(1, Math.floor(batchSize));
    return this.tx(async (c) => {
      // SKIP LOCKED: rows an ingest or a clusterer is writing are left for the next batch.
      const victims = await this.rows<{ id: string; story_id: string | null }>(
        `SELECT id, story_id FROM articles WHERE fetched_at < $1 ORDER BY fetched_at, seq
         LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [ms(before), size],
        c,
      );
      if (victims.length > 0) {
        await c.query("DELETE FROM articles WHERE id = ANY($1::text[])", [
          victims.map((v) => v.id),
        ]);
      }
      let stories = 0;
      const touched = [...new Set(victims.flatMap((v) => (v.story_id ? [v.story_id] : [])))];
      for (const id of touched.sort()) {
        const left = (
          await this.rows<{ n: number; outlets: number }>(
            `SELECT COUNT(*) AS n, COUNT(DISTINCT source) AS outlets FROM articles
             WHERE story_id = $1`,
            [id],
            c,
          )
        )[0];
        if (left.n === 0) stories += await this.deleteStory(c, id);
        else {
          await c.query("UPDATE stories SET article_count = $1, outlet_count = $2 WHERE id = $3", [
            left.n,
            left.outlets,
            id,
          ]);
        }
      }
      // Old stories without articles (merged away, or emptied by an earlier prune).
      const empty = await this.rows<{ id: string }>(
        `SELECT s.id FROM stories s WHERE s.last_seen < $1
         AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id) LIMIT $2`,
        [ms(before), size],
        c,
      );
      for (const s of empty) stories += await this.deleteStory(c, s.id);
      return { articles: victims.length, stories };
    });
  }

  private async deleteStory(c: pg.PoolClient, id: string): Promise<number> {
    await c.query("DELETE FROM events WHERE story_id = $1", [id]);
    await c.query("DELETE FROM story_renewals WHERE story_id = $1", [id]);
    return (await c.query("DELETE FROM stories WHERE id = $1", [id])).rowCount ?? 0;
  }
}

/** The clustering partition of an article row: its language, "und" when unknown. */
export const PARTITION_SQL = "coalesce(lang, 'und')";
/**
 * Whether a member (a, its features f) of a story (its renewal r, if any) is one the clusterer
 * keeps: every member of a story never renewed; of a renewed one those its last renewal kept and
 * those clustered after it (as in SQLite).
 */
const KEPT_SINCE_RENEWAL = `(r.story_id IS NULL OR f.n >= r.renewed_n
  OR (f.n >= r.from_n AND (a.published IS NULL OR a.published >= r.cut)))`;

/** ts_headline options: matches between the markers snippetHtml turns into <mark>. */
const TITLE_HEADLINE = "StartSel=\u0002, StopSel=\u0003, HighlightAll=true";
const TEXT_HEADLINE =
  "StartSel=\u0002, StopSel=\u0003, MaxWords=24, MinWords=12, ShortWord=2, MaxFragments=1, FragmentDelimiter=…";

/**
 * A to_tsquery expression for the terms (letters and digits only, so no tsquery syntax gets
 * through), all required ("and") or any ("or"); null when there is nothing to search.
 */
function tsQuery(terms: string[], mode: "and" | "or"): string | null {
  if (terms.length === 0) return null;
  return terms.map((t) => `'${t}'`).join(mode === "and" ? " & " : " | ");
}

/**
 * Advisory lock keys (signed 64-bit, as decimal strings) for the identities of the items: canonical
 * URL, (feed, guid) and fixed id; sorted and deduplicated so every ingest locks in the same order.
 */
function dedupeLockKeys(items: NewArticle[], canonicals: (string | null)[]): string[] {
  const keys = new Set<bigint>();
  const add = (s: string) => keys.add(createHash("sha256").update(s).digest().readBigInt64BE(0));
  items.forEach((item, i) => {
    if (canonicals[i]) add(`u:${canonicals[i]}`);
    if (item.guid) add(`g:${item.feedId ?? ""}:${item.guid}`);
    if (item.id) add(`i:${item.id}`);
  });
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
}

/**
 * A time or sequence bound as a BIGINT parameter: SQLite compares any number, PostgreSQL's BIGINT
 * takes integers only, so infinities (an unbounded window) and fractions are clamped/floored.
 */
function ms(n: number): number {
  if (Number.isNaN(n)) return 0;
  return Math.floor(Math.min(Math.max(n, Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER));
}

/** A FeedState value as a column value: whole numbers for the BIGINT/INTEGER columns. */
function feedValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  // planNextPoll adds fractional jitter; avgIntervalMs is the one DOUBLE column and rounds harmlessly.
  return typeof v === "number" ? ms(v) : v;
}

/** Bytes as node-postgres sends them as BYTEA, without a copy. */
const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** Items reordered to follow `ids` (items are unique by id). */
function inOrder<T extends { id: string }>(ids: string[], items: T[]): T[] {
  const byId = new Map(items.map((x) => [x.id, x]));
  return ids.flatMap((id) => {
    const x = byId.get(id);
    return x ? [x] : [];
  });
}
