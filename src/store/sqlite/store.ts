// The default Store: one SQLite file through better-sqlite3 (synchronous; the async methods
// resolve at once). WAL mode so readers never wait for the writer; foreign keys on; a busy timeout
// so a second process writing the same file waits instead of failing. Every multi-row write is
// one transaction.

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { bands, signature, signatureToBytes } from "../../articles/dedupe.ts";
import { canonicalUrl, urlDomain } from "../../articles/url.ts";
import type { FeedState } from "../../feeds/types.ts";
import { decodeCursor, deriveArticleId, encodeCursor } from "../ids.ts";
import { fts5Query, queryTerms, snippetHtml } from "../search-text.ts";
import type {
  AssignmentWrite,
  CategoryCount,
  ChangeSet,
  ClusteredArticle,
  ClusterSnapshot,
  Correction,
  CorrectionInput,
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
import { migrate as runMigrations } from "./migrations/index.ts";
import {
  addToBandIndex,
  dropFromBandIndex,
  forgetBandIndex,
  nearDuplicateOf,
  syncBandIndex,
} from "./near-duplicates.ts";
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
  restoreRowsInOrder,
  type SightingRow,
  STORY_COLUMNS,
  type StoryRow,
  sightingFromRow,
  storyFromRow,
} from "./rows.ts";

export interface SqliteStoreOptions {
  /** Near-duplicates are only linked within this distance in time (default 7 days). */
  nearDuplicateWindowMs?: number;
  /** How long a write waits for another connection's write lock (default 10 s). */
  busyTimeoutMs?: number;
  /** Open without writing (no migrations): for inspection tools and concurrent readers. */
  readonly?: boolean;
}

const DEFAULT_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** The clustering partition of an article or story row: its language, "und" when unknown. */
const PARTITION = "coalesce(lang, 'und')";
/**
 * Whether a member (a, its features f) of a story (its renewal r, if any) is one the clusterer
 * keeps: every member of a story never renewed; of a renewed one those its last renewal kept and
 * those clustered after it (as in PostgreSQL).
 */
const KEPT_SINCE_RENEWAL = `(r.story_id IS NULL OR f.n >= r.renewed_n
  OR (f.n >= r.from_n AND (a.published IS NULL OR a.published >= r.cut)))`;

export class SqliteStore implements Store {
  /** The underlying connection (tests and diagnostics; the engine goes through the methods). */
  readonly db: Database.Database;
  private readonly windowMs: number;
  private readonly cache = new Map<string, Database.Statement>();

  private constructor(path: string, options: SqliteStoreOptions) {
    if (path !== ":memory:" && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { readonly: options.readonly ?? false });
    this.windowMs = options.nearDuplicateWindowMs ?? DEFAULT_WINDOW_MS;
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 10_000))}`);
    if (!options.readonly) {
      this.db.pragma("journal_mode = WAL");
      // WAL + NORMAL survives a killed process (only a power cut may lose the last commits).
      this.db.pragma("synchronous = NORMAL");
    }
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("cache_size = -65536");
  }

  /** Opens (creating the folder and file when needed) and migrates to the latest schema. */
  static async open(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    const store = new SqliteStore(path, options);
    if (!options.readonly) {
      try {
        runMigrations(store.db);
      } catch (err) {
        store.db.close();
        throw err;
      }
    }
    return store;
  }

  /** A cached prepared statement for this SQL. */
  private q(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  async migrate(): Promise<void> {
    runMigrations(this.db);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Lets SQLite refresh the planner statistics it found missing while running (cheap).
    if (!this.db.readonly) this.db.pragma("optimize");
    this.db.close();
  }

  // Feeds.

  async addFeed(feed: NewFeed): Promise<FeedState> {
    const existing = await this.getFeedByUrl(feed.url);
    if (existing) return existing;
    const r = this.q(
      "INSERT INTO feeds (url, title, site_url, category, next_poll_at) VALUES (?, ?, ?, ?, 0) RETURNING *",
    ).get(feed.url, feed.title ?? null, feed.siteUrl ?? null, feed.category ?? null) as FeedRow;
    return feedFromRow(r);
  }

  async removeFeed(id: number): Promise<boolean> {
    return this.q("DELETE FROM feeds WHERE id = ?").run(id).changes > 0;
  }

  async getFeed(id: number): Promise<FeedState | null> {
    const r = this.q("SELECT * FROM feeds WHERE id = ?").get(id) as FeedRow | undefined;
    return r ? feedFromRow(r) : null;
  }

  async getFeedByUrl(url: string): Promise<FeedState | null> {
    const r = this.q("SELECT * FROM feeds WHERE url = ?").get(url) as FeedRow | undefined;
    return r ? feedFromRow(r) : null;
  }

  async listFeeds(): Promise<FeedState[]> {
    return (this.q("SELECT * FROM feeds ORDER BY id").all() as FeedRow[]).map(feedFromRow);
  }

  async updateFeed(id: number, patch: Partial<Omit<FeedState, "id">>): Promise<void> {
    const keys = (Object.keys(patch) as (keyof typeof FEED_COLUMNS)[]).filter(
      (k) => k in FEED_COLUMNS && patch[k] !== undefined,
    );
    if (keys.length === 0) return;
    const sql = `UPDATE feeds SET ${keys.map((k) => `${FEED_COLUMNS[k]} = ?`).join(", ")} WHERE id = ?`;
    const values = keys.map((k) => {
      const v = patch[k];
      return typeof v === "boolean" ? (v ? 1 : 0) : (v ?? null);
    });
    this.q(sql).run(...values, id);
  }

  async dueFeeds(now: number, limit: number): Promise<FeedState[]> {
    return (
      this.q(
        "SELECT * FROM feeds WHERE enabled = 1 AND next_poll_at <= ? ORDER BY next_poll_at, id LIMIT ?",
      ).all(now, limit) as FeedRow[]
    ).map(feedFromRow);
  }

  async feedCategories(): Promise<CategoryCount[]> {
    return this.q(
      "SELECT category, COUNT(*) AS feeds FROM feeds WHERE category IS NOT NULL GROUP BY category ORDER BY category",
    ).all() as CategoryCount[];
  }

  // Articles.

  async ingest(items: NewArticle[]): Promise<IngestResult> {
    try {
      return this.ingestAll(items);
    } catch (err) {
      // The band index may hold rows the rollback removed (their seqs get reused).
      forgetBandIndex(this.db);
      throw err;
    }
  }

  private ingestAll(items: NewArticle[]): IngestResult {
    return this.db
      .transaction(() => {
        const result: IngestResult = { inserted: [], sightings: 0, matched: [], nearDuplicates: 0 };
        syncBandIndex(this.db);
        for (const item of items) {
          const canonical = item.canonicalUrl ?? canonicalUrl(item.url);
          const existing = this.findExisting(item, canonical);
          if (existing) {
            this.recordSighting(existing, item);
            result.sightings++;
            result.matched.push(existing);
            continue;
          }
          const stored = this.insertArticle(item, canonical);
          if (stored.duplicateOf) result.nearDuplicates++;
          result.inserted.push(stored);
        }
        return result;
      })
      .immediate();
  }

  /** Id of the stored article this item is a copy of (same canonical URL, feed guid or id). */
  private findExisting(item: NewArticle, canonical: string | null): string | null {
    if (canonical) {
      const r = this.q("SELECT id FROM articles WHERE canonical_url = ?").get(canonical) as
        | { id: string }
        | undefined;
      if (r) return r.id;
    }
    if (item.guid && item.feedId !== null) {
      const r = this.q("SELECT article_id FROM sightings WHERE feed_id = ? AND guid = ?").get(
        item.feedId,
        item.guid,
      ) as { article_id: string } | undefined;
      if (r) return r.article_id;
    }
    if (item.id) {
      const r = this.q("SELECT id FROM articles WHERE id = ?").get(item.id) as
        | { id: string }
        | undefined;
      if (r) return r.id;
    }
    return null;
  }

  private recordSighting(articleId: string, item: NewArticle): void {
    const seen = item.fetchedAt;
    // A (feed, guid) pair identifies one sighting; items without a guid are one per feed.
    const found = (
      item.guid
        ? this.q("SELECT rowid FROM sightings WHERE feed_id IS ? AND guid = ?").get(
            item.feedId,
            item.guid,
          )
        : this.q(
            "SELECT rowid FROM sightings WHERE article_id = ? AND feed_id IS ? AND guid IS NULL",
          ).get(articleId, item.feedId)
    ) as { rowid: number } | undefined;
    if (found) {
      this.q(
        "UPDATE sightings SET last_seen = max(last_seen, ?), times = times + 1 WHERE rowid = ?",
      ).run(seen, found.rowid);
    } else {
      this.q(
        "INSERT INTO sightings (article_id, feed_id, guid, url, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(articleId, item.feedId, item.guid, item.url, seen, seen);
    }
  }

  private insertArticle(item: NewArticle, canonical: string | null): StoredArticle {
    let id = item.id ?? deriveArticleId(item, canonical);
    // A derived id can only clash when two different items hash alike; keep both, suffixed.
    for (let n = 2; this.q("SELECT 1 FROM articles WHERE id = ?").get(id); n++) {
      id = `${item.id ?? deriveArticleId(item, canonical)}-${n}`;
    }
    const at = item.published ?? item.fetchedAt;
    const sig = signature(item.title, item.text);
    const keys = sig ? bands(sig) : [];
    const duplicateOf = sig ? nearDuplicateOf(this.db, sig, keys, at, this.windowMs) : null;
    const { lastInsertRowid: seq } = this.q(
      `INSERT INTO articles (id, feed_id, guid, url, canonical_url, title, text, html, source, domain,
        author, image, lang, published, fetched_at, at, duplicate_of)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
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
      item.published,
      item.fetchedAt,
      at,
      duplicateOf,
    );
    if (sig) {
      this.q("INSERT INTO article_signatures (seq, at, signature) VALUES (?, ?, ?)").run(
        seq,
        at,
        signatureToBytes(sig),
      );
      addToBandIndex(this.db, Number(seq), at, sig);
    }
    this.q(
      "INSERT INTO sightings (article_id, feed_id, guid, url, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(id, item.feedId, item.guid, item.url, item.fetchedAt, item.fetchedAt);
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

  async getArticle(id: string): Promise<StoredArticle | null> {
    const r = this.q(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = ?`).get(id) as
      | ArticleRow
      | undefined;
    return r ? articleFromRow(r) : null;
  }

  async getArticles(ids: string[]): Promise<StoredArticle[]> {
    if (ids.length === 0) return [];
    const rows = this.q(
      `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as ArticleRow[];
    return inOrder(ids, rows.map(articleFromRow));
  }

  async getArticleByUrl(url: string): Promise<StoredArticle | null> {
    const r = this.q(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE canonical_url = ?`).get(url) as
      | ArticleRow
      | undefined;
    return r ? articleFromRow(r) : null;
  }

  async sightingsOf(articleId: string): Promise<Sighting[]> {
    return (
      this.q("SELECT * FROM sightings WHERE article_id = ? ORDER BY first_seen, rowid").all(
        articleId,
      ) as SightingRow[]
    ).map(sightingFromRow);
  }

  async duplicatesOf(articleId: string): Promise<StoredArticle[]> {
    return (
      this.q(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE duplicate_of = ? ORDER BY at, seq`).all(
        articleId,
      ) as ArticleRow[]
    ).map(articleFromRow);
  }

  async articlesOfStory(storyId: string): Promise<StoredArticle[]> {
    return (
      this.q(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE story_id = ? ORDER BY at, seq`).all(
        storyId,
      ) as ArticleRow[]
    ).map(articleFromRow);
  }

  async unassignedArticles(limit: number): Promise<StoredArticle[]> {
    return (
      this.q(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE story_id IS NULL ORDER BY seq LIMIT ?`,
      ).all(limit) as ArticleRow[]
    ).map(articleFromRow);
  }

  async assignedArticlesSince(since: number): Promise<StoredArticle[]> {
    return (
      this.q(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE at >= ? AND story_id IS NOT NULL ORDER BY seq`,
      ).all(since) as ArticleRow[]
    ).map(articleFromRow);
  }

  // Clustering partitions (Store: one clusterer per language; PARTITION as in PostgreSQL).

  async livePartitions(): Promise<string[]> {
    // The literal status lets SQLite use the partial index stories_active (migration 9).
    return this.q(
      `SELECT ${PARTITION} AS p FROM articles WHERE story_id IS NULL
       UNION SELECT ${PARTITION} FROM stories WHERE status = 'active' ORDER BY p`,
    )
      .pluck()
      .all() as string[];
  }

  async unassignedPartitions(): Promise<string[]> {
    return this.q(
      `SELECT DISTINCT ${PARTITION} AS p FROM articles WHERE story_id IS NULL ORDER BY p`,
    )
      .pluck()
      .all() as string[];
  }

  async unassignedArticlesIn(partition: string, limit: number): Promise<StoredArticle[]> {
    return (
      this.q(
        `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE story_id IS NULL AND ${PARTITION} = ?
         ORDER BY seq LIMIT ?`,
      ).all(partition, limit) as ArticleRow[]
    ).map(articleFromRow);
  }

  async assignedArticlesSinceIn(partition: string, since: number): Promise<StoredArticle[]> {
    return (
      this.q(
        `SELECT ${ARTICLE_COLUMNS} FROM articles
         WHERE at >= ? AND story_id IS NOT NULL AND ${PARTITION} = ? ORDER BY seq`,
      ).all(since, partition) as ArticleRow[]
    ).map(articleFromRow);
  }

  async countArticles(): Promise<number> {
    return (this.q("SELECT COUNT(*) AS n FROM articles").get() as { n: number }).n;
  }

  // Restart.

  async restoreOrder(since: number): Promise<string[]> {
    return this.restoreOrderWhere("1", [since]);
  }

  async restoreOrderIn(partition: string, since: number): Promise<string[]> {
    // The story's language too: a story of one clusterer for all languages (a store from before
    // partitions) is continued by its own language's clusterer only.
    return this.restoreOrderWhere(
      `${PARTITION.replace("lang", "a.lang")} = ? AND ${PARTITION.replace("lang", "s.lang")} = ?`,
      [since, partition, partition],
    );
  }

  private restoreOrderWhere(where: string, args: (string | number)[]): string[] {
    return this.q(
      `SELECT a.id FROM stories s JOIN articles a ON a.story_id = s.id
       LEFT JOIN article_features f ON f.seq = a.seq
       LEFT JOIN story_renewals r ON r.story_id = s.id
       WHERE s.last_seen >= ? AND ${where} AND ${KEPT_SINCE_RENEWAL}
       ORDER BY f.n IS NOT NULL, f.n, a.seq`,
    )
      .pluck()
      .all(...args) as string[];
  }

  async restoreRenewals(since: number): Promise<RenewedStory[]> {
    return this.restoreRenewalsWhere("1", [since]);
  }

  async restoreRenewalsIn(partition: string, since: number): Promise<RenewedStory[]> {
    return this.restoreRenewalsWhere(`${PARTITION} = ?`, [since, partition]);
  }

  private restoreRenewalsWhere(where: string, args: (string | number)[]): RenewedStory[] {
    const rows = this.q(
      `SELECT r.story_id, r.founded_n, r.events FROM story_renewals r
       JOIN stories s ON s.id = r.story_id
       WHERE s.last_seen >= ? AND ${where} ORDER BY r.founded_n, r.story_id`,
    ).all(...args) as { story_id: string; founded_n: number; events: string }[];
    return rows.map((r) => ({
      storyId: r.story_id,
      founded: r.founded_n,
      events: JSON.parse(r.events) as string[],
    }));
  }

  async restoreRows(ids: string[]): Promise<RestoreRow[]> {
    if (ids.length === 0) return [];
    const rows = this.q(
      `SELECT a.id, a.story_id, a.event_id, a.score, f.n, f.data FROM articles a
       LEFT JOIN article_features f ON f.seq = a.seq
       WHERE a.id IN (SELECT value FROM json_each(?)) AND a.story_id IS NOT NULL`,
    ).all(JSON.stringify(ids)) as FeatureRow[];
    const legacy = rows.filter((r) => r.data === null).map((r) => r.id);
    return restoreRowsInOrder(ids, rows, await this.getArticles(legacy));
  }

  async clusteredAfter(after: number, since: number, limit: number): Promise<ClusteredArticle[]> {
    return this.clusteredWhere("1", [after, since, Math.max(0, Math.floor(limit))]);
  }

  async clusteredAfterIn(
    partition: string,
    after: number,
    since: number,
    limit: number,
  ): Promise<ClusteredArticle[]> {
    return this.clusteredWhere(`${PARTITION.replace("lang", "a.lang")} = ?`, [
      after,
      since,
      partition,
      Math.max(0, Math.floor(limit)),
    ]);
  }

  private clusteredWhere(where: string, args: (string | number)[]): ClusteredArticle[] {
    const rows = this.q(
      `SELECT f.n AS "order", ${ARTICLE_COLUMNS.replace(/(\w+)/g, "a.$1")}
       FROM article_features f JOIN articles a ON a.seq = f.seq
       WHERE f.n > ? AND a.at >= ? AND ${where} ORDER BY f.n LIMIT ?`,
    ).all(...args) as (ArticleRow & { order: number })[];
    return rows.map((r) => ({ order: r.order, article: articleFromRow(r) }));
  }

  async deleteClusterSnapshot(key: string): Promise<void> {
    this.q("DELETE FROM cluster_snapshots WHERE key = ?").run(key);
  }

  async putClusterSnapshot(key: string, data: Uint8Array, at: number): Promise<void> {
    this.q(
      `INSERT INTO cluster_snapshots (key, up_to, at, data)
       VALUES (?, (SELECT COALESCE(MAX(n), 0) FROM article_features), ?, ?)
       ON CONFLICT(key) DO UPDATE SET up_to = excluded.up_to, at = excluded.at, data = excluded.data`,
    ).run(key, at, asBuffer(data));
  }

  async getClusterSnapshot(key: string): Promise<ClusterSnapshot | null> {
    const r = this.q("SELECT up_to, at, data FROM cluster_snapshots WHERE key = ?").get(key) as
      | { up_to: number; at: number; data: Buffer }
      | undefined;
    return r ? { upTo: r.up_to, at: r.at, data: r.data } : null;
  }

  // Stories.

  private writeStory(s: StoryRecord): void {
    this.q(
      `INSERT INTO stories (id, headline, summary, entities, first_seen, last_seen, article_count,
        outlet_count, lang, status, merged_into, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET headline = excluded.headline, summary = excluded.summary,
        entities = excluded.entities, first_seen = excluded.first_seen,
        last_seen = excluded.last_seen, article_count = excluded.article_count,
        outlet_count = excluded.outlet_count, lang = excluded.lang, status = excluded.status,
        merged_into = excluded.merged_into, updated_at = excluded.updated_at`,
    ).run(
      s.id,
      s.headline,
      s.summary,
      JSON.stringify(s.entities),
      s.firstSeen,
      s.lastSeen,
      s.articleCount,
      s.outletCount,
      s.lang,
      s.status,
      s.mergedInto,
      s.updatedAt,
    );
  }

  private writeAssignment(a: AssignmentWrite): void {
    const r = this.q(
      "UPDATE articles SET story_id = ?, event_id = ?, score = ?, threshold = ? WHERE id = ?",
    ).run(a.storyId, a.eventId, a.score, a.threshold, a.articleId);
    if (r.changes === 0) throw new Error(`cannot assign unknown article ${a.articleId}`);
  }

  /**
   * A story's renewal, written after the features clustered before it: the members clustered
   * after it have a greater `n`. Its founding place is that of its first renewal.
   */
  private writeRenewal(r: RenewalWrite): void {
    this.q(
      `INSERT INTO story_renewals (story_id, founded_n, from_n, renewed_n, cut, events)
       VALUES (@story,
         (SELECT COALESCE(MIN(f.n), 0) FROM articles a JOIN article_features f ON f.seq = a.seq
          WHERE a.story_id = @story),
         (SELECT COALESCE(MIN(f.n), 0) FROM articles a JOIN article_features f ON f.seq = a.seq
          WHERE a.id = @from),
         (SELECT COALESCE(MAX(n), 0) + 1 FROM article_features), @cut, @events)
       ON CONFLICT(story_id) DO UPDATE SET from_n = excluded.from_n,
         renewed_n = excluded.renewed_n, cut = excluded.cut, events = excluded.events`,
    ).run({ story: r.storyId, from: r.from, cut: r.cut, events: JSON.stringify(r.events) });
  }

  private writeEvents(events: StoryEventInput[]): void {
    const ins = this.q("INSERT INTO events (story_id, type, at, data) VALUES (?, ?, ?, ?)");
    for (const e of events) ins.run(e.storyId, e.type, e.at, JSON.stringify(e.data ?? {}));
  }

  private writeCorrection(c: CorrectionInput): Correction {
    const r = this.q(
      "INSERT INTO corrections (kind, story_ids, article_ids, at, note) VALUES (?, ?, ?, ?, ?) RETURNING *",
    ).get(
      c.kind,
      JSON.stringify(c.storyIds),
      JSON.stringify(c.articleIds),
      c.at,
      c.note ?? null,
    ) as CorrectionRow;
    return correctionFromRow(r);
  }

  async commitAssignment(
    assignment: AssignmentWrite,
    story: StoryRecord,
    events: StoryEventInput[],
  ): Promise<void> {
    this.db
      .transaction(() => {
        this.writeStory(story);
        this.writeAssignment(assignment);
        this.writeEvents(events);
      })
      .immediate();
  }

  async commitChanges(changes: ChangeSet): Promise<Correction | null> {
    return this.db
      .transaction(() => {
        for (const s of changes.stories) this.writeStory(s);
        for (const a of changes.assignments) this.writeAssignment(a);
        // In clustering order: `n` numbers them as they come.
        const feature = this.q(
          `INSERT INTO article_features (seq, data) SELECT seq, ? FROM articles WHERE id = ?
           ON CONFLICT(seq) DO UPDATE SET data = excluded.data`,
        );
        const features = changes.features ?? [];
        const renewals = changes.renewals ?? [];
        let written = 0;
        for (const r of renewals) {
          for (; written < r.after; written++) {
            feature.run(asBuffer(features[written].data), features[written].articleId);
          }
          this.writeRenewal(r);
        }
        for (; written < features.length; written++) {
          feature.run(asBuffer(features[written].data), features[written].articleId);
        }
        this.writeEvents(changes.events);
        return changes.correction ? this.writeCorrection(changes.correction) : null;
      })
      .immediate();
  }

  async putStory(story: StoryRecord): Promise<void> {
    this.writeStory(story);
  }

  async getStory(id: string): Promise<StoryRecord | null> {
    const r = this.q(`SELECT ${STORY_COLUMNS} FROM stories WHERE id = ?`).get(id) as
      | StoryRow
      | undefined;
    return r ? storyFromRow(r) : null;
  }

  async getStories(ids: string[]): Promise<StoryRecord[]> {
    if (ids.length === 0) return [];
    const rows = this.q(
      `SELECT ${STORY_COLUMNS} FROM stories WHERE id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as StoryRow[];
    return inOrder(ids, rows.map(storyFromRow));
  }

  async staleStories(before: number, limit: number): Promise<StoryRecord[]> {
    return this.staleStoriesWhere("1", [before, Math.max(0, Math.floor(limit))]);
  }

  async staleStoriesIn(partition: string, before: number, limit: number): Promise<StoryRecord[]> {
    return this.staleStoriesWhere(`${PARTITION} = ?`, [
      before,
      partition,
      Math.max(0, Math.floor(limit)),
    ]);
  }

  private staleStoriesWhere(where: string, args: (string | number)[]): StoryRecord[] {
    // The literal status lets SQLite use the partial index stories_active (migration 9).
    return (
      this.q(
        `SELECT ${STORY_COLUMNS} FROM stories WHERE status = 'active' AND last_seen < ?
         AND ${where} ORDER BY last_seen, id LIMIT ?`,
      ).all(...args) as StoryRow[]
    ).map(storyFromRow);
  }

  async latestStorySeen(): Promise<number | null> {
    return this.latestSeenWhere("1", []);
  }

  async latestStorySeenIn(partition: string): Promise<number | null> {
    // Through stories_lang_recent (migration 5), the language's newest story first: "und" is
    // that of the stories without a language and of those in "und", each found so (the
    // partition's expression would walk every newer story of every language, stories_recent).
    if (partition === "und") {
      const t = this.q(
        `SELECT max(t) FROM (SELECT max(last_seen) AS t FROM stories WHERE lang IS NULL
         UNION ALL SELECT max(last_seen) FROM stories WHERE lang = 'und')`,
      )
        .pluck()
        .get() as number | null;
      return t ?? null;
    }
    return this.latestSeenWhere("lang = ?", [partition]);
  }

  private latestSeenWhere(where: string, args: string[]): number | null {
    const t = this.q(`SELECT last_seen FROM stories WHERE ${where} ORDER BY last_seen DESC LIMIT 1`)
      .pluck()
      .get(...args) as number | undefined;
    return t ?? null;
  }

  /** The WHERE clause of a story filter (over `stories s`), or null when it cannot match. */
  private storyWhere(query: StoryFilter): { sql: string; args: (string | number)[] } | null {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.since !== undefined) {
      where.push("s.last_seen >= ?");
      args.push(query.since);
    }
    if (query.lang !== undefined) {
      where.push("s.lang = ?");
      args.push(query.lang);
    }
    if (query.status !== undefined) {
      where.push("s.status = ?");
      args.push(query.status);
    }
    if (query.minArticles !== undefined) {
      where.push("s.article_count >= ?");
      args.push(query.minArticles);
    }
    if (query.ids !== undefined) {
      where.push("s.id IN (SELECT value FROM json_each(?))");
      args.push(JSON.stringify(query.ids));
    }
    if (query.source !== undefined) {
      where.push("EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND a.source = ?)");
      args.push(query.source);
    }
    if (query.category !== undefined) {
      where.push(`EXISTS (SELECT 1 FROM articles a JOIN sightings si ON si.article_id = a.id
        JOIN feeds f ON f.id = si.feed_id WHERE a.story_id = s.id
        AND (f.category = ? OR substr(f.category, 1, ?) = ?))`);
      args.push(query.category, query.category.length + 1, `${query.category}/`);
    }
    if (query.q !== undefined) {
      const match = fts5Query(queryTerms(query.q), "and");
      if (!match) return null;
      where.push("s.n IN (SELECT rowid FROM stories_fts WHERE stories_fts MATCH ?)");
      args.push(match);
    }
    return { sql: where.join(" AND "), args };
  }

  async listStories(query: StoryQuery): Promise<Page<StoryRecord>> {
    const filter = this.storyWhere(query);
    if (!filter) return { items: [], nextCursor: null };
    const where = filter.sql ? [filter.sql] : [];
    const args = [...filter.args];
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      where.push("(s.last_seen < ? OR (s.last_seen = ? AND s.id < ?))");
      args.push(c.lastSeen, c.lastSeen, c.id);
    }
    const limit = Math.max(1, Math.floor(query.limit));
    const sql = `SELECT ${STORY_COLUMNS.replace(/(\w+)/g, "s.$1")} FROM stories s
      ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY s.last_seen DESC, s.id DESC LIMIT ?`;
    const rows = this.q(sql).all(...args, limit + 1) as StoryRow[];
    const items = rows.slice(0, limit).map(storyFromRow);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ lastSeen: last.lastSeen, id: last.id }) : null;
    return { items, nextCursor };
  }

  async storyRankRows(query: StoryFilter): Promise<StoryRankRow[]> {
    const filter = this.storyWhere(query);
    if (!filter) return [];
    return this.q(
      `SELECT s.id, s.article_count AS articleCount, s.outlet_count AS outletCount,
       s.last_seen AS lastSeen FROM stories s WHERE s.status != 'merged'
       ${filter.sql ? `AND ${filter.sql}` : ""} ORDER BY s.last_seen DESC, s.id DESC`,
    ).all(...filter.args) as StoryRankRow[];
  }

  async countStories(): Promise<number> {
    return (this.q("SELECT COUNT(*) AS n FROM stories").get() as { n: number }).n;
  }

  async storySources(storyIds: string[]): Promise<StorySourceCount[]> {
    if (storyIds.length === 0) return [];
    return this.q(
      `SELECT story_id AS storyId, source, domain, COUNT(*) AS articles, MIN(at) AS firstAt
       FROM articles WHERE story_id IN (SELECT value FROM json_each(?))
       GROUP BY story_id, source, domain ORDER BY story_id, firstAt, source`,
    ).all(JSON.stringify(storyIds)) as StorySourceCount[];
  }

  async addEvents(events: StoryEventInput[]): Promise<void> {
    this.db.transaction(() => this.writeEvents(events)).immediate();
  }

  async eventsAfter(afterSeq: number, limit: number): Promise<StoryEvent[]> {
    return (
      this.q("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?").all(
        afterSeq,
        limit,
      ) as EventRow[]
    ).map(eventFromRow);
  }

  async eventsOfStory(storyId: string): Promise<StoryEvent[]> {
    return (
      this.q("SELECT * FROM events WHERE story_id = ? ORDER BY seq").all(storyId) as EventRow[]
    ).map(eventFromRow);
  }

  async lastEventSeq(): Promise<number> {
    return (this.q("SELECT COALESCE(MAX(seq), 0) AS n FROM events").get() as { n: number }).n;
  }

  // Corrections.

  async addCorrection(correction: CorrectionInput): Promise<Correction> {
    return this.writeCorrection(correction);
  }

  async listCorrections(): Promise<Correction[]> {
    return (this.q("SELECT * FROM corrections ORDER BY id").all() as CorrectionRow[]).map(
      correctionFromRow,
    );
  }

  // Search.

  async search(q: string, limit: number, options: SearchOptions = {}): Promise<SearchHit[]> {
    const terms = queryTerms(q);
    const n = Math.max(1, Math.floor(limit));
    // All words first; when nothing has them all, any of them (still ranked by bm25).
    for (const mode of ["and", "or"] as const) {
      const match = fts5Query(terms, mode);
      if (!match) return [];
      const hits: SearchHit[] = [];
      if (options.kind !== "story") hits.push(...this.searchArticles(match, n, options.lang));
      if (options.kind !== "article") hits.push(...this.searchStories(match, n, options.lang));
      if (hits.length > 0 || terms.length < 2) {
        return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, n);
      }
    }
    return [];
  }

  private searchArticles(match: string, limit: number, lang?: string): SearchHit[] {
    const rows = this.q(
      `SELECT a.id, a.title, a.story_id,
         snippet(articles_fts, 0, char(2), char(3), '…', 16) AS title_snip,
         snippet(articles_fts, 1, char(2), char(3), '…', 24) AS text_snip,
         bm25(articles_fts, 3.0, 1.0) AS rank
       FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
       WHERE articles_fts MATCH ? AND (? IS NULL OR a.lang = ?)
       ORDER BY rank LIMIT ?`,
    ).all(match, lang ?? null, lang ?? null, limit) as {
      id: string;
      title: string;
      story_id: string | null;
      title_snip: string;
      text_snip: string;
      rank: number;
    }[];
    return rows.map((r) => ({
      kind: "article",
      id: r.id,
      title: r.title,
      snippet: snippetHtml(r.text_snip.includes("\u0002") ? r.text_snip : r.title_snip),
      score: -r.rank,
      storyId: r.story_id,
    }));
  }

  private searchStories(match: string, limit: number, lang?: string): SearchHit[] {
    const rows = this.q(
      `SELECT s.id, s.headline,
         snippet(stories_fts, 0, char(2), char(3), '…', 16) AS headline_snip,
         snippet(stories_fts, 1, char(2), char(3), '…', 24) AS summary_snip,
         bm25(stories_fts, 3.0, 1.0, 2.0) AS rank
       FROM stories_fts JOIN stories s ON s.n = stories_fts.rowid
       WHERE stories_fts MATCH ? AND s.status <> 'merged' AND (? IS NULL OR s.lang = ?)
       ORDER BY rank LIMIT ?`,
    ).all(match, lang ?? null, lang ?? null, limit) as {
      id: string;
      headline: string;
      headline_snip: string;
      summary_snip: string;
      rank: number;
    }[];
    return rows.map((r) => ({
      kind: "story",
      id: r.id,
      title: r.headline,
      snippet: snippetHtml(r.summary_snip.includes("\u0002") ? r.summary_snip : r.headline_snip),
      score: -r.rank,
      storyId: r.id,
    }));
  }

  // Retention.

  async prune(before: number, batchSize: number): Promise<PruneResult> {
    const size = Math.max(1, Math.floor(batchSize));
    const done = this.db
      .transaction(() => {
        const victims = this.q(
          "SELECT seq, story_id FROM articles WHERE fetched_at < ? ORDER BY fetched_at, seq LIMIT ?",
        ).all(before, size) as { seq: number; story_id: string | null }[];
        const del = this.q("DELETE FROM articles WHERE seq = ?");
        for (const v of victims) del.run(v.seq);

        let stories = 0;
        const touched = new Set(victims.flatMap((v) => (v.story_id ? [v.story_id] : [])));
        for (const id of touched) {
          const left = this.q(
            "SELECT COUNT(*) AS n, COUNT(DISTINCT source) AS outlets FROM articles WHERE story_id = ?",
          ).get(id) as { n: number; outlets: number };
          if (left.n === 0) {
            stories += this.deleteStory(id);
          } else {
            this.q("UPDATE stories SET article_count = ?, outlet_count = ? WHERE id = ?").run(
              left.n,
              left.outlets,
              id,
            );
          }
        }
        // Old stories without articles (merged away, or emptied by an earlier prune).
        const empty = this.q(
          `SELECT s.id FROM stories s WHERE s.last_seen < ?
         AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id) LIMIT ?`,
        ).all(before, size) as { id: string }[];
        for (const s of empty) stories += this.deleteStory(s.id);
        return { seqs: victims.map((v) => v.seq), stories };
      })
      .immediate();
    dropFromBandIndex(this.db, done.seqs);
    return { articles: done.seqs.length, stories: done.stories };
  }

  private deleteStory(id: string): number {
    this.q("DELETE FROM events WHERE story_id = ?").run(id);
    this.q("DELETE FROM story_renewals WHERE story_id = ?").run(id);
    return this.q("DELETE FROM stories WHERE id = ?").run(id).changes;
  }
}

/** Bytes as better-sqlite3 binds them, without a copy. */
const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** Items reordered to follow `ids` (items are unique by id). */
function inOrder<T extends { id: string }>(ids: string[], items: T[]): T[] {
  const byId = new Map(items.map((x) => [x.id, x]));
  return ids.flatMap((id) => {
    const x = byId.get(id);
    return x ? [x] : [];
  });
}
