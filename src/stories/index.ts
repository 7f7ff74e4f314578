// Inverted index from terms and entities to the live stories that contain them: the clusterer
// scores only the stories that share something with an article, never a scan of all stories.

/**
 * Where an index keeps one query's running sum for an item: on the item itself, so answering a
 * query allocates no Map (per-query Maps of hundreds of entries were a large share of the GC).
 */
export interface Scratch {
  /** The query the sum belongs to; any other value means the sum is stale (zero). */
  stamp: number;
  sum: number;
}

export interface Indexed extends Scratch {
  /** Creation order: the tie-breaker that keeps retrieval deterministic. */
  readonly seq: number;
}

// One counter for every index: an item held by two indexes never takes one query's sum for another's.
let stamps = 0;

/** Adds `w` to the item's sum for query `stamp`, listing the item in `touched` the first time. */
function accumulate<T extends Scratch>(item: T, w: number, stamp: number, touched: T[]): void {
  if (item.stamp !== stamp) {
    item.stamp = stamp;
    item.sum = w;
    touched.push(item);
  } else item.sum += w;
}

const bySum = (item: Scratch) => item.sum;

export class InvertedIndex<T extends Indexed> {
  private postings = new Map<string, Set<T>>();

  constructor(
    /** Keys shared by more stories than this are too common to narrow anything down. */
    private readonly maxPosting = 2000,
  ) {}

  add(key: string, item: T): void {
    let set = this.postings.get(key);
    if (!set) {
      set = new Set();
      this.postings.set(key, set);
    }
    set.add(item);
  }

  remove(key: string, item: T): void {
    const set = this.postings.get(key);
    if (!set) return;
    set.delete(item);
    if (set.size === 0) this.postings.delete(key);
  }

  /**
   * Items sharing the query's keys, ranked by the summed weight of the keys they share (ties by
   * creation order), at most `limit`.
   */
  candidates(keys: readonly string[], weights: readonly number[], limit: number): T[] {
    const stamp = ++stamps;
    const touched: T[] = [];
    for (let i = 0; i < keys.length; i++) {
      const set = this.postings.get(keys[i]);
      if (!set || set.size > this.maxPosting) continue;
      const w = weights[i];
      for (const item of set) accumulate(item, w, stamp, touched);
    }
    return topK(touched, bySum, limit);
  }

  /** Number of distinct keys (for memory checks). */
  get size(): number {
    return this.postings.size;
  }
}

/**
 * Inverted index from keys to the weighted vectors of individual members: one lookup gives the
 * exact dot product of a query with every member sharing a key (its best-matching members).
 */
export class MemberIndex<M extends Scratch> {
  private postings = new Map<string, Map<M, number>>();

  constructor(private readonly maxPosting = 2000) {}

  add(key: string, member: M, weight: number): void {
    let m = this.postings.get(key);
    if (!m) {
      m = new Map();
      this.postings.set(key, m);
    }
    m.set(member, weight);
  }

  remove(key: string, member: M): void {
    const m = this.postings.get(key);
    if (!m) return;
    m.delete(member);
    if (m.size === 0) this.postings.delete(key);
  }

  /**
   * The members sharing at least one key with the query (keys, weights), each holding its dot
   * product with the query in `sum` until the next query of any index.
   */
  dots(keys: readonly string[], weights: readonly number[]): M[] {
    const stamp = ++stamps;
    const touched: M[] = [];
    for (let i = 0; i < keys.length; i++) {
      const m = this.postings.get(keys[i]);
      if (!m || m.size > this.maxPosting) continue;
      const w = weights[i];
      for (const [member, x] of m) accumulate(member, w * x, stamp, touched);
    }
    return touched;
  }

  get size(): number {
    return this.postings.size;
  }
}

/**
 * The `limit` entries with the highest score (ties by creation order), best first: a bounded
 * insertion pass instead of sorting every item that shares a key (hundreds per article).
 */
export function topK<T extends { readonly seq: number }>(
  candidates: readonly T[],
  score: (item: T) => number,
  limit: number,
): T[] {
  const items: T[] = [];
  const vals: number[] = [];
  if (limit <= 0) return items;
  for (const item of candidates) {
    const v = score(item);
    let i = items.length;
    if (i === limit) {
      const lv = vals[i - 1];
      if (v < lv || (v === lv && item.seq > items[i - 1].seq)) continue;
      i--;
    } else {
      items.push(item);
      vals.push(v);
    }
    while (i > 0 && (vals[i - 1] < v || (vals[i - 1] === v && items[i - 1].seq > item.seq))) {
      items[i] = items[i - 1];
      vals[i] = vals[i - 1];
      i--;
    }
    items[i] = item;
    vals[i] = v;
  }
  return items;
}
