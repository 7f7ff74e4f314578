// V8 settings for a long-running clusterer.
//
// HEAP_FLAGS are applied by every `storyline` command at start (src/cli/main.ts) and by
// bench/cluster.ts, so the benchmark runs the way the product does. The clusterer's state lives
// for days and dies piece by piece (stories released, members forgotten), so after a few days
// every page of V8's old space holds some live objects among much free space. V8's default full
// collection moves the objects of at most about 4 MB of nearly empty pages, so the reserved heap,
// and RSS with it, kept growing with a live heap that was flat (docs/clustering.md, "Speed and
// memory"). Compacting on every full collection releases that space at each one. V8 reads these
// flags at each collection, so setting them at run time works (Node 20); the analysis threads
// share the process's flags.
//
// START_FLAGS size the heap, which V8 lays out when the process starts: set later they do
// nothing, so they are on node's command line, in bin/storyline.js's first line (`npx storyline`,
// the installed command), package.json's start script and bench/cluster.ts's child processes
// (test/cli/heap-flags.test.ts checks that each has them). A larger young generation: the
// clusterer keeps about 5 KB of every article for days, and V8 copies what outlives a scavenge
// before promoting it, so scavenges took 12-16% of the clusterer's thread with V8's 16 MB
// semi-spaces. With 64 MB a scavenge comes a quarter as often (391 against 1,600-2,625 for
// 1,000,000 articles): 1.04x the articles/s over nine alternated pairs of 200,000 articles,
// 1.07x on the means of four alternated runs each of 1,000,000, for about 100-150 MB more peak
// RSS (docs/speed-history.md, session 17).
import { setFlagsFromString } from "node:v8";

export const HEAP_FLAGS = ["--compact-on-every-full-gc"];

export const START_FLAGS = ["--max-semi-space-size=64"];

let applied = false;

/** Sets HEAP_FLAGS for this process, once. */
export function applyHeapFlags(): void {
  if (applied) return;
  applied = true;
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
}
