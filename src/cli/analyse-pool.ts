// Worker threads that analyse articles (features.ts `analyse`: tokens, stems, entities, counts)
// ahead of the clusterer, which weighs and places them one by one on the calling thread. This
// is an adapter around the pure core (src/stories never starts a thread), used by the batch
// commands and bench/cluster.ts. The analysis depends on the article alone, so results cannot
// depend on scheduling: the clusterer receives exactly what `analyse` would have returned
// inline, in stream order.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type Analysis, analyse, TEXT_CHARS } from "../stories/features.ts";
import type { ClusterInput } from "../stories/types.ts";
import { type PackedAnalyses, unpackAnalyses } from "./analysis-pack.ts";

/** Articles per message: a few hundred make the per-message cost negligible. */
export const BATCH = 256;
/** Batches sent ahead per worker: bounds memory, and keeps a worker busy while one comes back. */
const AHEAD = 4;

/** The default thread count: all cores but the one the clusterer runs on, at least one. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

// Workers load TypeScript through tsx like the CLI does (bin/storyline.js): a thread does not
// inherit the loader its parent registered, so a small ES module registers it, then imports the body.
const bootstrap = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL("./analyse-worker.ts", import.meta.url).href)}); });`;

interface Waiting {
  resolve(batch: Analysis[]): void;
  reject(err: Error): void;
}

/**
 * Analysis threads, started on construction so they load while the input is read; `close` ends
 * them (call it in a `finally`: a live thread keeps the process running).
 */
export class AnalysePool {
  private readonly workers: Worker[] = [];
  /** Per worker, the batches sent and not yet answered (a worker answers in order). */
  private readonly waiting: Waiting[][] = [];
  private failure: Error | null = null;
  private closing = false;

  /** `threads` worker threads; 0 analyses inline, on the calling thread. */
  constructor(readonly threads: number) {
    for (let k = 0; k < threads; k++) {
      const w = new Worker(bootstrap, { eval: true });
      this.waiting.push([]);
      w.on("message", (packed: PackedAnalyses) => {
        this.waiting[k].shift()?.resolve(unpackAnalyses(packed));
      });
      w.on("error", (err) => this.fail(new Error(`analysis thread failed: ${err.message}`)));
      w.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`analysis thread stopped (exit code ${code})`));
      });
      this.workers.push(w);
    }
  }

  /**
   * The analyses of `articles`, in their order, in batches, computed by the threads at most a
   * few batches ahead of the consumer. An input of one batch or less is analysed inline: a
   * thread's start costs more than its analysis.
   */
  async *analysed(articles: Iterable<ClusterInput>): AsyncGenerator<Analysis[]> {
    const source = batches(articles, BATCH);
    const first = source.next();
    if (first.done) return;
    const second = source.next();
    if (this.workers.length === 0 || second.done) {
      yield first.value.map((a) => analyse(a));
      if (second.done) return;
      yield second.value.map((a) => analyse(a));
      for (const batch of source) yield batch.map((a) => analyse(a));
      return;
    }
    const pending: Promise<Analysis[]>[] = [];
    let sent = 0;
    const send = (batch: ClusterInput[]) =>
      pending.push(this.send(sent++ % this.workers.length, batch.map(forAnalysis)));
    send(first.value);
    send(second.value);
    const fill = () => {
      while (pending.length < this.workers.length * AHEAD) {
        const next = source.next();
        if (next.done) return;
        send(next.value);
      }
    };
    fill();
    while (pending.length > 0) {
      const batch = await pending.shift()!;
      fill();
      yield batch;
    }
  }

  /** Sends a batch to worker `k`; resolves with its analyses. */
  private send(k: number, batch: ClusterInput[]): Promise<Analysis[]> {
    const p = new Promise<Analysis[]>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiting[k].push({ resolve, reject });
      this.workers[k].postMessage(batch);
    });
    // Awaited later, in order; until then a failure must not count as unhandled.
    p.catch(() => {});
    return p;
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const queue of this.waiting) for (const w of queue.splice(0)) w.reject(err);
    void this.close();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** What a worker needs of an article: the fields `analyse` reads, the text cut where it cuts it. */
function forAnalysis(a: ClusterInput): ClusterInput {
  const { id, title, text, source, published, lang } = a;
  return { id, title, text: (text ?? "").slice(0, TEXT_CHARS), source, published, lang };
}

function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const x of items) {
    batch.push(x);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
