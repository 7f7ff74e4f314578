// The thread of bench/generated-stream.ts: generates the synthetic stream and posts it in
// batches, at most `ahead` batches ahead of the reader.
import { readlinkSync } from "node:fs";
import { constants, setPriority } from "node:os";
import { type MessagePort, workerData } from "node:worker_threads";
import { engineInput } from "../src/eval/evaluate.ts";
import { type SyntheticOptions, syntheticStream } from "../src/eval/synthetic.ts";
import type { ClusterInput } from "../src/stories/types.ts";
import type { GeneratorMessage } from "./generated-stream.ts";

const { options, port, counters, batch, ahead } = workerData as {
  options: SyntheticOptions;
  port: MessagePort;
  counters: Int32Array;
  batch: number;
  ahead: number;
};
const [POSTED, TAKEN] = [0, 1];

// The lowest priority for this thread alone (Linux: a thread id is a pid to setpriority), so that
// when the clusterer, the analysis thread and this one want the two cores at once, the scheduler
// runs the engine's threads: the generator stands in for input that arrives from elsewhere. It
// stays ahead all the same (it needs a tenth of a core). Elsewhere it keeps the normal priority.
try {
  const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (Number.isInteger(tid)) setPriority(tid, constants.priority.PRIORITY_LOW);
} catch {}

function post(message: GeneratorMessage): void {
  port.postMessage(message);
  Atomics.add(counters, POSTED, 1);
  Atomics.notify(counters, POSTED);
}

try {
  let items: ClusterInput[] = [];
  for (const a of syntheticStream(options)) {
    items.push(engineInput(a));
    if (items.length < batch) continue;
    // Wait while `ahead` batches are posted and not taken.
    for (;;) {
      const taken = Atomics.load(counters, TAKEN);
      if (Atomics.load(counters, POSTED) - taken < ahead) break;
      Atomics.wait(counters, TAKEN, taken, 1000);
    }
    post({ batch: items });
    items = [];
  }
  if (items.length > 0) post({ batch: items });
  post({ done: true });
} catch (err) {
  post({ error: err instanceof Error ? err.message : String(err) });
}
