// The body of an analysis worker thread (analyse-pool.ts). Each thread analyses the batches it is
// sent; thread 0 also weighs every batch of the stream, in stream order (weigher.ts: document
// frequencies must see every article in its order), the other threads passing their analyses
// to it over a port of their own. A batch the clusterer's thread claimed (it analyses and weighs
// that one itself) is still analysed and counted here, not weighed or sent. Weighed batches go
// to the clusterer's thread packed, or the one-line error of an article that cannot be analysed
// (which the pool raises in stream order).
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { Analysis } from "../stories/features.ts";
import type { ClusterInput } from "../stories/types.ts";
import { Weigher } from "../stories/weigher.ts";
import { analyseBatch, packAnalyses, packWeighed, unpackAnalyses } from "./analysis-batch.ts";
import { BatchClaims } from "./batch-claims.ts";

const data = workerData as {
  claims: SharedArrayBuffer;
  /** Thread 0: a port from each other thread. Other threads: their port to thread 0. */
  ports: MessagePort[];
  index: number;
};
const claims = new BatchClaims(data.claims);

/** What thread 0 weighs next: a batch's analyses and whether it weighs them (else counts them). */
interface Analysed {
  seq: number;
  analyses: Analysis[];
  weigh: boolean;
}

function analysed(seq: number, batch: ClusterInput[]): Analysed | null {
  const weigh = claims.claim(seq, "thread");
  try {
    return { seq, analyses: analyseBatch(batch), weigh };
  } catch (err) {
    parentPort!.postMessage({ seq, error: (err as Error).message });
    return null;
  }
}

if (data.index === 0) {
  const weigher = new Weigher();
  /** Analysed batches not yet weighed, by number. */
  const pending = new Map<number, Analysed>();
  let next = 0;
  const take = (a: Analysed) => {
    pending.set(a.seq, a);
    for (let b = pending.get(next); b; b = pending.get(next)) {
      pending.delete(next++);
      if (!b.weigh) {
        for (const an of b.analyses) weigher.count(an);
        continue;
      }
      const packed = packWeighed(b.analyses.map((an) => weigher.weigh(an)));
      parentPort!.postMessage({ seq: b.seq, packed }, [packed.numbers.buffer]);
    }
  };
  parentPort!.on("message", ({ seq, batch }: { seq: number; batch: ClusterInput[] }) => {
    const a = analysed(seq, batch);
    if (a) take(a);
  });
  for (const port of data.ports) {
    port.on(
      "message",
      (m: { seq: number; packed: ReturnType<typeof packAnalyses>; weigh: boolean }) =>
        take({ seq: m.seq, analyses: unpackAnalyses(m.packed), weigh: m.weigh }),
    );
  }
} else {
  const [toWeigher] = data.ports;
  parentPort!.on("message", ({ seq, batch }: { seq: number; batch: ClusterInput[] }) => {
    const a = analysed(seq, batch);
    if (!a) return;
    const packed = packAnalyses(a.analyses);
    toWeigher.postMessage({ seq, packed, weigh: a.weigh }, [packed.numbers.buffer]);
  });
}
