// Ownership of clustering partitions through PostgreSQL session advisory locks, held on one
// dedicated connection: exactly one process holds a partition at a time, and when that process
// dies its connection closes and the server releases the lock at once, so a standby's next
// pg_try_advisory_lock succeeds. Losing the connection means losing every lock: the owner must stop
// writing at once (onLost), because a standby may already hold them.

import { createHash } from "node:crypto";
import type pg from "pg";
import { createClient, type PgTarget } from "../store/postgres/connect.ts";

/** First half of every partition lock key (the second is the partition's hash). */
export const PARTITION_LOCK_SPACE = 0x5709_1e03;

/** 32-bit signed key of a partition name (stable across processes and versions). */
export function partitionKey(schema: string | null, partition: string): number {
  return createHash("sha256")
    .update(`${schema ?? ""}\u0000${partition}`)
    .digest()
    .readInt32BE(0);
}

export class PartitionLocks {
  private client: pg.Client | null = null;
  private readonly held = new Set<string>();
  private lost = false;

  constructor(
    private readonly target: PgTarget,
    private readonly onLost: (err: Error) => void,
  ) {}

  async connect(): Promise<void> {
    const c = createClient(this.target, "storyline-cluster-lock");
    const fail = (err: Error) => {
      if (this.lost) return;
      this.lost = true;
      this.held.clear();
      this.onLost(err);
    };
    c.on("error", fail);
    c.on("end", () => fail(new Error("the lock connection closed")));
    await c.connect();
    this.client = c;
  }

  /** Takes the partition's lock if nobody holds it; true when this process holds it now. */
  async tryAcquire(partition: string): Promise<boolean> {
    if (this.held.has(partition)) return true;
    if (!this.client || this.lost) return false;
    const { rows } = await this.client.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_lock($1, $2) AS ok",
      [PARTITION_LOCK_SPACE, partitionKey(this.target.schema, partition)],
    );
    if (rows[0]?.ok) this.held.add(partition);
    return rows[0]?.ok === true;
  }

  get partitions(): string[] {
    return [...this.held].sort();
  }

  /** Releases every lock (closing the connection does it). */
  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    this.lost = true;
    this.held.clear();
    if (c) await c.end().catch(() => {});
  }
}
