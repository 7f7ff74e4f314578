// Worker threads that analyse articles (features.ts `analyse`: tokens, stems, entities, counts)
// and weigh them (weigher.ts: the document frequencies and the vectors) ahead of the clusterer,
// which maps their keys to its vocabulary and places them one by one on the calling thread. This
// is an adapter around the pure core (src/stories never starts a thread), used by the batch
// commands and bench/cluster.ts. The analysis depends on the article alone and the weighing on
// the stream alone (one thread weighs every article in stream order), so results cannot depend
// on scheduling: the clusterer assigns every article exactly as if it had analysed and weighed
// it itself.
import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { type Analysis, TEXT_CHARS } from "../stories/features.ts";
import type { ClusterInput } from "../stories/types.ts";
import type { WeighedArticle } from "../stories/weigher.ts";
import { analyseBatch, type PackedWeighed, unpackWeighed } from "./analysis-batch.ts";
import { BatchClaims } from "./batch-claims.ts";

/**
 * A batch as the clusterer takes it: analysed on the calling thread (the clusterer weighs those
 * itself: `addAnalysed`), or weighed by the threads (`addWeighed`).
 */
export type PoolBatch =
  | { kind: "analysed"; items: Analysis[] }
  | { kind: "weighed"; items: Iterable<WeighedArticle> };

/** Articles per message: a few hundred make the per-message cost negligible. */
export const BATCH = 256;
/** Batches sent ahead per worker: bounds memory, and keeps a worker busy while one comes back. */
const AHEAD = 4;

/** The default thread count: all cores but the one the clusterer runs on, at least one. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * The source of a worker (`new Worker(source, { eval: true })`) that runs the TypeScript module
 * `body`. Workers load TypeScript through tsx like the CLI does (bin/storyline.js): a thread does
 * not inherit the loader its parent registered, so a small ES module registers it, then imports
 * the body.
 */
export function tsxWorkerSource(body: URL): string {
  return `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(body.href)}); });`;
}

const bootstrap = tsxWorkerSource(new URL("./analyse-worker.ts", import.meta.url));

/** A thread's answer for one batch: its packed weighed articles, or the error of an article in it. */
interface Reply {
  seq: number;
  packed?: PackedWeighed;
  error?: string;
}

/**
 * Analysis threads, started on construction (they load while the caller goes on); `close` ends
 * them (call it in a `finally`: a live thread keeps the process running).
 */
export class AnalysePool {
  private readonly workers: Worker[] = [];
  private readonly claims = new BatchClaims(BatchClaims.buffer());
  /** What the threads sent back, by batch number, until consumed. */
  private readonly results = new Map<number, Reply>();
  private failure: Error | null = null;
  private closing = false;
  /** Batches analysed on the calling thread because no thread had started them (a statistic). */
  inlineBatches = 0;
  /** Wakes the consumer waiting for a result (or a failure). */
  private wake: (() => void) | null = null;
  /** Whether `analysed` was called: the threads weigh one stream. */
  private streamed = false;

  /**
   * `threads` worker threads; 0 analyses inline, on the calling thread. `claim` false: the calling
   * thread never analyses a batch the threads were sent (it waits for them).
   */
  constructor(
    readonly threads: number,
    private readonly claim = true,
  ) {
    // Thread 0 weighs every batch: each other thread sends it its analyses over a port.
    const toWeigher: MessagePort[] = [];
    const fromOthers: MessagePort[] = [];
    for (let k = 1; k < threads; k++) {
      const { port1, port2 } = new MessageChannel();
      toWeigher.push(port1);
      fromOthers.push(port2);
    }
    for (let k = 0; k < threads; k++) {
      const ports = k === 0 ? fromOthers : [toWeigher[k - 1]];
      const w = new Worker(bootstrap, {
        eval: true,
        workerData: { claims: this.claims.buffer, ports, index: k },
        transferList: ports,
      });
      w.on("message", (reply: Reply) => {
        this.results.set(reply.seq, reply);
        this.notify();
      });
      w.on("error", (err) => this.fail(new Error(`analysis thread failed: ${err.message}`)));
      w.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`analysis thread stopped (exit code ${code})`));
      });
      this.workers.push(w);
    }
  }

  /**
   * The articles, in their order, in batches analysed and weighed by the threads at most a few
   * batches ahead of the consumer. While no thread has started a batch when the consumer needs
   * it (the threads are still starting), the batch is analysed inline instead and the consumer
   * weighs it itself; from the first batch a thread took on, the threads weigh every batch (the
   * weighing thread counts those before it too). So this is never much slower than inline. An
   * input of one batch or less is analysed inline: a thread's start costs more than its
   * analysis. A pool serves one stream (its weighing thread's counts are that stream's).
   */
  async *analysed(articles: Iterable<ClusterInput>): AsyncGenerator<PoolBatch> {
    if (this.streamed) throw new Error("an AnalysePool serves one stream");
    this.streamed = true;
    const source = batches(articles, BATCH);
    const first = source.next();
    if (first.done) return;
    const second = source.next();
    const inline = (batch: ClusterInput[]): PoolBatch => ({
      kind: "analysed",
      items: analyseBatch(batch),
    });
    if (this.workers.length === 0 || second.done) {
      yield inline(first.value);
      if (second.done) return;
      yield inline(second.value);
      for (const batch of source) yield inline(batch);
      return;
    }
    // The consumer weighs the batches it analyses: only those before any a thread took on.
    let claiming = this.claim;
    /**
     * Batches sent and not yet consumed, by number, kept to analyse inline if need be: only while
     * the consumer may still claim one (afterwards they would wait here to be promoted, unused).
     */
    const inFlight = new Map<number, ClusterInput[]>();
    let sent = 0;
    const send = (batch: ClusterInput[]) => {
      const seq = sent++;
      if (claiming) inFlight.set(seq, batch);
      this.claims.sent(seq);
      this.workers[seq % this.workers.length].postMessage({ seq, batch: batch.map(forAnalysis) });
    };
    send(first.value);
    send(second.value);
    for (let seq = 0; seq < sent; seq++) {
      // Keep AHEAD batches per thread sent and not consumed, this one included.
      while (sent - seq < this.workers.length * AHEAD) {
        const next = source.next();
        if (next.done) break;
        send(next.value);
      }
      if (claiming && this.claims.claim(seq, "caller")) {
        const batch = inFlight.get(seq)!;
        inFlight.delete(seq);
        this.inlineBatches++;
        yield inline(batch);
        continue;
      }
      claiming = false;
      inFlight.clear();
      let reply = this.results.get(seq);
      while (!reply) {
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        reply = this.results.get(seq);
      }
      this.results.delete(seq);
      if (reply.error !== undefined) throw new Error(reply.error);
      yield { kind: "weighed", items: unpackWeighed(reply.packed!) };
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.notify();
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
