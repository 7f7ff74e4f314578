// V8 settings for a long-running clusterer, applied by every `storyline` command at start
// (src/cli/main.ts) and by bench/cluster.ts, so the benchmark runs the way the product does.
//
// The clusterer's state lives for days and dies piece by piece (stories released, members
// forgotten), so after a few days every page of V8's old space holds some live objects among
// much free space. V8's default full collection moves the objects of at most about 4 MB of
// nearly empty pages, so the reserved heap, and RSS with it, kept growing with a live heap that
// was flat (docs/clustering.md, "Speed and memory"). Compacting on every full collection
// releases that space at each one. V8 reads these flags at each collection, so setting them at
// run time works (Node 20); the analysis threads share the process's flags.
import { setFlagsFromString } from "node:v8";

export const HEAP_FLAGS = ["--compact-on-every-full-gc"];

let applied = false;

/** Sets HEAP_FLAGS for this process, once. */
export function applyHeapFlags(): void {
  if (applied) return;
  applied = true;
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
}
