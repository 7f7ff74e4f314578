// Who is running: every worker process has a row in `workers` (role, host, pid, partitions held)
// refreshed by a heartbeat, and writes role changes (a partition acquired or lost, a start, a
// stop) to `worker_log`, so operators and tests can see which clusterer took over and when.

import { hostname } from "node:os";
import type { PostgresStore } from "../store/postgres/store.ts";

export type WorkerRole = "fetch" | "cluster" | "api" | "all";

export interface WorkerLogEntry {
  seq: number;
  at: number;
  workerId: string;
  role: string;
  kind: string;
  detail: Record<string, unknown>;
}

export class WorkerRegistry {
  private timer: NodeJS.Timeout | null = null;
  private partitions: string[] = [];

  constructor(
    private readonly store: PostgresStore,
    readonly workerId: string,
    readonly role: WorkerRole,
  ) {}

  /** Registers this process and starts the heartbeat. */
  async start(heartbeatMs: number, onError: (err: Error) => void): Promise<void> {
    const now = Date.now();
    await this.store.pool.query(
      `INSERT INTO workers (id, role, host, pid, started_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
      [this.workerId, this.role, hostname(), process.pid, now],
    );
    await this.log("started", {});
    this.timer = setInterval(() => void this.beat().catch(onError), heartbeatMs);
    this.timer.unref();
  }

  /** Records the partitions held now (shown in the workers row). */
  setPartitions(partitions: string[]): void {
    this.partitions = [...partitions].sort();
  }

  async beat(): Promise<void> {
    await this.store.pool.query(
      "UPDATE workers SET heartbeat_at = $1, partitions = $2 WHERE id = $3",
      [Date.now(), JSON.stringify(this.partitions), this.workerId],
    );
  }

  async log(kind: string, detail: Record<string, unknown>): Promise<void> {
    await this.store.pool.query(
      "INSERT INTO worker_log (at, worker_id, role, kind, detail) VALUES ($1, $2, $3, $4, $5)",
      [Date.now(), this.workerId, this.role, kind, JSON.stringify(detail)],
    );
  }

  /** Stops the heartbeat and removes this worker's row (a clean stop). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.log("stopped", {});
    await this.store.pool.query("DELETE FROM workers WHERE id = $1", [this.workerId]);
  }
}

/** The worker log, oldest first (for `storyline worker --status`, tests and operators). */
export async function readWorkerLog(store: PostgresStore): Promise<WorkerLogEntry[]> {
  const { rows } = await store.pool.query<{
    seq: number;
    at: number;
    worker_id: string;
    role: string;
    kind: string;
    detail: string;
  }>("SELECT seq, at, worker_id, role, kind, detail FROM worker_log ORDER BY seq");
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    workerId: r.worker_id,
    role: r.role,
    kind: r.kind,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}
