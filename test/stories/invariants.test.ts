import assert from "node:assert/strict";
import { once } from "node:events";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import { tsxWorkerSource } from "../../src/cli/analyse-pool.ts";

// A step that never returns (as expire() once did for a story left without a timed member) would
// hang the suite: the property runs in a worker, ended if it has not answered after ten minutes
// (it takes about ten seconds).
const LIMIT_MS = 600_000;

test("random streams with corrections: stories stay consistent, runs repeat, a saved state decides alike, batch reports match", async () => {
  const worker = new Worker(tsxWorkerSource(new URL("./invariants-run.ts", import.meta.url)), {
    eval: true,
    workerData: { invariants: true, numRuns: 300, seed: 20261128 },
  });
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<[string]>((resolve) => {
    timer = setTimeout(
      () => resolve([`no answer in ${LIMIT_MS / 1000} s: a step loops`]),
      LIMIT_MS,
    );
  });
  const [failure] = await Promise.race([
    once(worker, "message") as Promise<[string | null]>,
    limit,
  ]);
  clearTimeout(timer);
  await worker.terminate();
  assert.equal(failure, null);
});
