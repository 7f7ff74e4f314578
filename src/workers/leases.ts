// Feed leases for fetch workers sharing one PostgreSQL database. A worker leases due feeds with
// FOR UPDATE SKIP LOCKED (two workers never get the same feed), keeps renewing the leases of the
// feeds it still holds, and gives each back when it records the poll. A dead worker stops renewing,
// so its feeds come back once their lease runs out: none is fetched twice at once, none forgotten.
// Lease times use the database's clock, so workers on machines with skewed clocks agree.

import type { FeedState } from "../feeds/types.ts";
import { type FeedRow, feedFromRow, PG_FEED_COLUMNS } from "../store/postgres/rows.ts";
import type { PostgresStore } from "../store/postgres/store.ts";

const DB_NOW = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

export class FeedLeases {
  /** Feeds leased by this worker and not yet recorded. */
  private readonly held = new Set<number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: PostgresStore,
    /** Names this worker in feeds.lease_owner (unique per process). */
    readonly owner: string,
    /** A lease lasts this long without renewal (renewed every third of it). */
    readonly leaseMs: number,
  ) {}

  /** Renews held leases in the background until stop(). */
  start(onError: (err: Error) => void): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => void this.renew().catch(onError),
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    this.timer.unref();
  }

  /**
   * Leases up to `limit` feeds due at `now` (soonest first), counting the feeds this worker
   * already holds against the limit (the Poller asks for its free capacity plus its in-flight).
   */
  async lease(now: number, limit: number): Promise<FeedState[]> {
    const n = Math.max(0, Math.floor(limit) - this.held.size);
    if (n === 0) return [];
    const { rows } = await this.store.pool.query<FeedRow>(
      `UPDATE feeds SET lease_owner = $1, lease_until = ${DB_NOW} + $2
       WHERE id IN (
         SELECT id FROM feeds
         WHERE enabled AND next_poll_at <= $3 AND (lease_until IS NULL OR lease_until <= ${DB_NOW})
         ORDER BY next_poll_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING ${PG_FEED_COLUMNS}`,
      [this.owner, this.leaseMs, now, n],
    );
    const feeds = rows.map(feedFromRow).sort((a, b) => a.nextPollAt - b.nextPollAt || a.id - b.id);
    for (const f of feeds) this.held.add(f.id);
    return feeds;
  }

  /**
   * Records a poll of a held feed and gives its lease back, in one statement. When the lease was
   * lost meanwhile (this worker stalled longer than a lease), the record is dropped: the feed
   * belongs to another worker now, and the articles were stored either way.
   */
  async record(id: number, patch: Partial<Omit<FeedState, "id">>): Promise<boolean> {
    try {
      return await this.store.updateFeedIf(id, patch, this.owner);
    } finally {
      // Even when the write failed: no longer renewed, the lease runs out and the feed returns.
      this.held.delete(id);
    }
  }

  /** Extends the leases of the feeds still held; returns how many are still this worker's. */
  async renew(): Promise<number> {
    if (this.held.size === 0) return 0;
    const r = await this.store.pool.query(
      `UPDATE feeds SET lease_until = ${DB_NOW} + $1 WHERE lease_owner = $2 AND id = ANY($3::bigint[])`,
      [this.leaseMs, this.owner, [...this.held]],
    );
    return r.rowCount ?? 0;
  }

  /** Gives back every lease this worker holds (on a clean stop) and stops renewing. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.store.pool.query(
      "UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1",
      [this.owner],
    );
    this.held.clear();
  }

  get holding(): number {
    return this.held.size;
  }
}
