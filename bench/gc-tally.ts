// The main thread's garbage collections during a benchmark, as V8 reports them to
// PerformanceObserver: how many scavenges (young generation) and full collections, and their
// pauses. The clusterer's state outlives most scavenges, so they take a tenth or more of its
// thread (docs/speed-history.md, session 17).
import { constants, PerformanceObserver } from "node:perf_hooks";

/** Collections of one kind: how many, and their pauses in seconds. */
export interface GcKind {
  count: number;
  secs: number;
}
export interface GcTally {
  scavenges: GcKind;
  full: GcKind;
}

/**
 * Tallies the main thread's garbage collections (V8 reports each with its pause) from
 * construction to `stop`, leaving out those that start inside the intervals given to
 * `leaveOut` (the bench's own full collections while sampling memory).
 */
export class GcObserver {
  private readonly entries: PerformanceEntry[] = [];
  private readonly skipped: [number, number][] = [];
  private readonly observer = new PerformanceObserver((list) => {
    this.entries.push(...list.getEntries());
  });

  constructor() {
    this.observer.observe({ entryTypes: ["gc"] });
  }

  leaveOut(from: number, to: number): void {
    this.skipped.push([from, to]);
  }

  async stop(): Promise<GcTally> {
    // Entries reach the callback a turn of the event loop after the collection.
    await new Promise((resolve) => setImmediate(resolve));
    this.entries.push(...this.observer.takeRecords());
    this.observer.disconnect();
    const tally: GcTally = { scavenges: { count: 0, secs: 0 }, full: { count: 0, secs: 0 } };
    for (const e of this.entries) {
      if (this.skipped.some(([from, to]) => e.startTime >= from && e.startTime <= to)) continue;
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      const into =
        kind === constants.NODE_PERFORMANCE_GC_MINOR
          ? tally.scavenges
          : kind === constants.NODE_PERFORMANCE_GC_MAJOR
            ? tally.full
            : null;
      if (into === null) continue;
      into.count++;
      into.secs += e.duration / 1000;
    }
    return tally;
  }
}

export function gcLine(gc: GcTally, wallSecs: number): string {
  const share = (k: GcKind) => `${((100 * k.secs) / wallSecs).toFixed(1)}%`;
  return `${gc.scavenges.count} scavenges ${gc.scavenges.secs.toFixed(1)} s (${share(gc.scavenges)} of the wall time), ${gc.full.count} full ${gc.full.secs.toFixed(1)} s (${share(gc.full)})`;
}
