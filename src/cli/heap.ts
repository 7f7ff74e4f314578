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
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export const HEAP_FLAGS = ["--compact-on-every-full-gc"];

let applied = false;

/** Sets HEAP_FLAGS for this process, once. */
export function applyHeapFlags(): void {
  if (applied) return;
  applied = true;
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
}

/** A full collection is due when the heap used exceeds this many times what the last one kept. */
export const HEAP_BOUND_FACTOR = 2;
/** Below this heap used, V8 collects on its own terms (small inputs never pay for a collection). */
const HEAP_BOUND_FLOOR = 256 * 1024 * 1024;
/** Articles between two looks at the heap used. */
const HEAP_BOUND_EVERY = 1024;

/**
 * Bounds the heap of the clusterer's thread to HEAP_BOUND_FACTOR times its live heap. That thread
 * promotes about 6 KB an article into the old space, most of it state that dies days later, and
 * V8's full collections (compacting, above) are slow next to that, so V8 keeps its heap growing
 * factor at its maximum, 4: the heap reached 4 times what its last full collection kept, and
 * peak RSS with it (docs/clustering.md, Session 12: memory). Every HEAP_BOUND_EVERY articles
 * (`tick`) this reads the heap used and, over the bound, runs a full collection itself. Each
 * collection costs in proportion to the live heap and the next comes only after about that much
 * more was promoted, so the cost per article stays bounded; it changes no decision.
 */
export class HeapBound {
  private limit = HEAP_BOUND_FLOOR;
  private articles = 0;
  /** Full collections this bound ran (a statistic). */
  collections = 0;

  /** Call once per article placed. */
  tick(): void {
    if (++this.articles < HEAP_BOUND_EVERY) return;
    this.articles = 0;
    if (getHeapStatistics().used_heap_size < this.limit) return;
    fullCollection();
    this.collections++;
    const live = getHeapStatistics().used_heap_size;
    this.limit = Math.max(HEAP_BOUND_FLOOR, HEAP_BOUND_FACTOR * live);
  }
}

let gc: (() => void) | null = null;

/**
 * A full collection now. Node has no API for one: the gc function V8 gives a context created
 * while --expose-gc is set (the process's own when it was started with it).
 */
function fullCollection(): void {
  if (!gc) {
    const own = (globalThis as { gc?: () => void }).gc;
    if (own) gc = own;
    else {
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc") as () => void;
      setFlagsFromString("--no-expose-gc");
    }
  }
  gc();
}
