// The body of an analysis worker thread (analyse-pool.ts): analyses each batch of articles it is
// sent, unless the clusterer's thread claimed it first, and posts the packed results back (or
// the one-line error of an article it cannot analyse, which the pool raises in stream order).
import { parentPort, workerData } from "node:worker_threads";
import type { ClusterInput } from "../stories/types.ts";
import { analyseBatch, packAnalyses } from "./analysis-batch.ts";
import { BatchClaims } from "./batch-claims.ts";

const claims = new BatchClaims((workerData as { claims: SharedArrayBuffer }).claims);

parentPort!.on("message", ({ seq, batch }: { seq: number; batch: ClusterInput[] }) => {
  if (!claims.claim(seq, "thread")) return;
  let analyses: ReturnType<typeof analyseBatch>;
  try {
    analyses = analyseBatch(batch);
  } catch (err) {
    parentPort!.postMessage({ seq, error: (err as Error).message });
    return;
  }
  const packed = packAnalyses(analyses);
  parentPort!.postMessage({ seq, packed }, [packed.numbers.buffer]);
});
