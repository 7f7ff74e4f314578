// A cluster worker: owns clustering partitions (one per language by default) through advisory
// locks (partition-lock.ts) and runs F's Engine (without a poller) on each partition it holds,
// over a view of the store restricted to that partition. Any number may run; for each partition
// exactly one holds the lock and writes, the others stand by and try again every `scanMs`. On
// taking a partition over, the Engine rebuilds the clusterer from the stored assignments and
// clusters what was left unassigned, exactly as the single-process engine does after a restart.

import type { Config } from "../config.ts";
import { Engine } from "../pipeline/engine.ts";
import type { Logger } from "../pipeline/log.ts";
import { partitionView } from "../pipeline/partitions.ts";
import type { PostgresStore } from "../store/postgres/store.ts";
import { PartitionLocks } from "./partition-lock.ts";
import type { WorkerRegistry } from "./registry.ts";

/** The partition of the "none" scheme: one clusterer for every article. */
export const ALL_PARTITIONS = "all";

export interface ClusterWorkerOptions {
  store: PostgresStore;
  log: Logger;
  config: Pick<Config, "clustering" | "quietAfterMs" | "retention">;
  registry: WorkerRegistry;
  /** "language": one partition per article language (default); "none": one for everything. */
  partitionBy?: "language" | "none";
  /** Only these partitions (languages); default every language that has articles waiting. */
  partitions?: string[] | null;
  /** How often standby partitions are tried and new ones discovered, ms (default 1000). */
  scanMs?: number;
  /** How often each engine looks for articles stored by fetch workers, ms (default 500). */
  housekeepingMs?: number;
  /** Called when the locks are lost (connection gone): the process must stop writing now. */
  onLost: (err: Error) => void;
  /** Called when an engine cannot persist assignments: the process should exit and restart. */
  onFailure: (err: Error) => void;
}

export class ClusterWorker {
  readonly engines = new Map<string, Engine>();
  private readonly locks: PartitionLocks;
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: ClusterWorkerOptions) {
    this.locks = new PartitionLocks(options.store.target, (err) => {
      if (!this.stopped) options.onLost(err);
    });
  }

  async start(): Promise<void> {
    await this.locks.connect();
    await this.scan();
    this.timer = setInterval(() => {
      if (!this.scanning) {
        this.scanning = this.scan()
          .catch((err) => this.options.log.error({ err: String(err) }, "partition scan failed"))
          .finally(() => {
            this.scanning = null;
          });
      }
    }, this.options.scanMs ?? 1000);
    this.timer.unref();
  }

  /** Partitions held by this worker now. */
  get partitions(): string[] {
    return this.locks.partitions;
  }

  /** Tries to take every wanted partition not held yet; starts an engine on each one taken. */
  private async scan(): Promise<void> {
    const { store, partitionBy = "language", partitions } = this.options;
    const wanted =
      partitionBy === "none"
        ? [ALL_PARTITIONS]
        : (partitions ?? (await store.unassignedPartitions()));
    for (const p of wanted) {
      if (this.stopped || this.engines.has(p)) continue;
      if (await this.locks.tryAcquire(p)) await this.take(p);
    }
  }

  private async take(partition: string): Promise<void> {
    const { store, log, config, registry } = this.options;
    const t0 = performance.now();
    const engine = new Engine({
      store: partition === ALL_PARTITIONS ? store : partitionView(store, partition),
      log: log.child({ partition }),
      config,
      housekeepingMs: this.options.housekeepingMs ?? 500,
    });
    engine.on("error", (err: Error) => this.options.onFailure(err));
    this.engines.set(partition, engine);
    try {
      await engine.start();
    } catch (err) {
      // Holding a partition without clustering it would stall it: give it up with the process.
      this.options.onFailure(err as Error);
      return;
    }
    const detail = {
      partition,
      restored: engine.stats.restored,
      recovered: engine.stats.recovered,
      startMs: Math.round(performance.now() - t0),
    };
    log.info(detail, "took partition");
    registry.setPartitions(this.locks.partitions);
    await registry.log("acquired", detail);
    await registry.beat();
  }

  /** Stops every engine (finishing queued work) and releases the partitions. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
    for (const e of this.engines.values()) await e.stop();
    this.engines.clear();
    await this.locks.close();
  }
}
