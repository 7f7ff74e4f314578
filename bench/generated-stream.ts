// The synthetic stream (src/eval/synthetic.ts) generated on a thread of its own and read by the
// calling thread as a plain iterable, in the generator's order. The benchmark measures the
// engine, whose input in use comes from feeds and files: generating the stream on the clusterer's
// thread cost it some 40 s of a 1,000,000-article run (and the caches it shared with the
// clusterer), which the figures had to leave out by timing it apart.
//
// The iterable is synchronous (AnalysePool.analysed and the inline loop take one), so the calling
// thread takes batches with `receiveMessageOnPort` and blocks in `Atomics.wait` when none has come
// yet; the generator stays at most AHEAD batches ahead (it blocks the same way), which bounds the
// memory the stream holds.
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from "node:worker_threads";
import { tsxWorkerSource } from "../src/cli/analyse-pool.ts";
import type { SyntheticOptions } from "../src/eval/synthetic.ts";
import type { ClusterInput } from "../src/stories/types.ts";

/** Articles per message, and messages the generator may run ahead of the reader. */
const BATCH = 1024;
const AHEAD = 8;
/** How long the reader waits for a batch before it checks again, and gives up after. */
const POLL_MS = 100;
const STALL_MS = 120_000;

/** Counters shared with the thread: batches posted, batches taken. */
const POSTED = 0;
const TAKEN = 1;

export interface GeneratorMessage {
  batch?: ClusterInput[];
  done?: true;
  error?: string;
}

const bootstrap = tsxWorkerSource(new URL("./generated-stream-worker.ts", import.meta.url));

/**
 * The stream of `syntheticStream(options)` as the engine takes it (`engineInput`), generated on
 * its own thread. `waitMs` is the time the reader spent taking batches (waiting for the thread
 * and copying them in). Iterate it once, then `close`.
 */
export class GeneratedStream implements Iterable<ClusterInput> {
  waitMs = 0;
  private readonly counters = new Int32Array(new SharedArrayBuffer(8));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  /** A message taken by `ready` and not yet read. */
  private pending: GeneratorMessage | null = null;

  constructor(options: SyntheticOptions) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(bootstrap, {
      eval: true,
      workerData: { options, port: port2, counters: this.counters, batch: BATCH, ahead: AHEAD },
      transferList: [port2],
      // Its garbage is short-lived: the young generation the process's flags give the engine's
      // threads (START_FLAGS' 64 MB semi-spaces) would only add to the run's peak RSS here.
      resourceLimits: { maxYoungGenerationSizeMb: 24 },
    });
  }

  /** Waits until the thread has loaded and posted its first batch (not counted in `waitMs`). */
  ready(): void {
    this.pending ??= this.take();
  }

  *[Symbol.iterator](): Generator<ClusterInput> {
    for (;;) {
      const t0 = performance.now();
      const message = this.pending ?? this.take();
      this.pending = null;
      this.waitMs += performance.now() - t0;
      if (message.error !== undefined) throw new Error(`stream generator: ${message.error}`);
      if (message.done) return;
      yield* message.batch!;
    }
  }

  /** The next message, waiting for the thread to post it. */
  private take(): GeneratorMessage {
    const c = this.counters;
    const t0 = performance.now();
    for (;;) {
      const posted = Atomics.load(c, POSTED);
      const got = receiveMessageOnPort(this.port);
      if (got) {
        Atomics.add(c, TAKEN, 1);
        Atomics.notify(c, TAKEN);
        return got.message as GeneratorMessage;
      }
      if (performance.now() - t0 >= STALL_MS)
        throw new Error(`stream generator: no batch for ${STALL_MS / 1000} s`);
      // Woken when the thread posts again (it counts after posting); timed, so a missed wake-up
      // costs at most POLL_MS.
      Atomics.wait(c, POSTED, posted, POLL_MS);
    }
  }

  async close(): Promise<void> {
    this.port.close();
    await this.worker.terminate();
  }
}
