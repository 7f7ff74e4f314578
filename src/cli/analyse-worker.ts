// The body of an analysis worker thread (analyse-pool.ts): analyses each batch of articles it is
// sent and posts the packed results back, in the order the batches came. A failure is not caught:
// it ends the thread, and the pool reports it (naming the article) and stops.
import { parentPort } from "node:worker_threads";
import { type Analysis, analyse } from "../stories/features.ts";
import type { ClusterInput } from "../stories/types.ts";
import { packAnalyses } from "./analysis-pack.ts";

function analyseNamed(a: ClusterInput): Analysis {
  try {
    return analyse(a);
  } catch (err) {
    throw new Error(`article "${a.id}": ${(err as Error).message}`);
  }
}

parentPort!.on("message", (batch: ClusterInput[]) => {
  const packed = packAnalyses(batch.map(analyseNamed));
  parentPort!.postMessage(packed, [packed.numbers.buffer]);
});
