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

/** Arrays up to this length grow by an exact copy, longer ones in place. */
const EXACT_UP_TO = 16;

/**
 * `a` with `x` appended. An array grown by push reserves room for 17 or more entries, and most
 * of the state's arrays (postings, events) hold one to a few: those are copied at their exact
 * size instead (a large share of a restored window's memory was that reserve).
 */
export function append<T>(a: T[], x: T): T[] {
  if (a.length >= EXACT_UP_TO) {
    a.push(x);
    return a;
  }
  return a.concat([x]);
}

/** A one-number array whose elements are unboxed doubles whatever `x` is (a literal [1] is not). */
function doubles(x: number): number[] {
  const a = [0.5];
  a[0] = x;
  return a;
}

/** `append` for weights: the copy keeps unboxed doubles (concat with an integer array boxes them). */
function appendDouble(a: number[], x: number): number[] {
  if (a.length >= EXACT_UP_TO) {
    a.push(x);
    return a;
  }
  return a.concat(doubles(x));
}

/** Shared by every empty KeyCounts: never written (adding copies). */
const NO_NUMBERS: readonly number[] = [];
/** Keys past which a KeyCounts becomes a Map (its arrays are searched linearly). */
const MAP_FROM = 64;

/**
 * The keys an item is indexed by, with how many of its parts hold each (a story's kept members):
 * parallel arrays at their exact size while few (most stories have a few dozen keys; a Map of
 * that size takes about twice the memory), a Map past MAP_FROM. Order means nothing.
 */
export class KeyCounts {
  private ids = NO_NUMBERS as number[];
  private counts = NO_NUMBERS as number[];
  private map: Map<number, number> | null = null;

  /** One more holder of `key`; true when it had none. */
  add(key: number): boolean {
    const map = this.map;
    if (map) {
      const n = map.get(key) ?? 0;
      map.set(key, n + 1);
      return n === 0;
    }
    const i = this.ids.indexOf(key);
    if (i >= 0) {
      this.counts[i]++;
      return false;
    }
    if (this.ids.length < MAP_FROM) {
      this.ids = this.ids.concat([key]);
      this.counts = this.counts.concat([1]);
    } else {
      const m = new Map<number, number>();
      for (let j = 0; j < this.ids.length; j++) m.set(this.ids[j], this.counts[j]);
      m.set(key, 1);
      this.map = m;
      this.ids = this.counts = NO_NUMBERS as number[];
    }
    return true;
  }

  /** One holder fewer of a held `key`; true when none is left (the key is gone). */
  remove(key: number): boolean {
    const map = this.map;
    if (map) {
      const n = map.get(key)! - 1;
      if (n > 0) map.set(key, n);
      else map.delete(key);
      return n <= 0;
    }
    const i = this.ids.indexOf(key);
    if (--this.counts[i] > 0) return false;
    const last = this.ids.length - 1;
    this.ids[i] = this.ids[last];
    this.counts[i] = this.counts[last];
    this.ids.pop();
    this.counts.pop();
    return true;
  }

  keys(): Iterable<number> {
    return this.map ? this.map.keys() : this.ids;
  }

  /** An empty KeyCounts set to these distinct keys and counts at once (a restore); the arrays are kept. */
  load(ids: number[], counts: number[]): void {
    if (ids.length <= MAP_FROM) {
      [this.ids, this.counts] = ids.length === 0 ? [this.ids, this.counts] : [ids, counts];
      return;
    }
    const m = new Map<number, number>();
    for (let j = 0; j < ids.length; j++) m.set(ids[j], counts[j]);
    this.map = m;
  }

  clear(): void {
    this.map = null;
    this.ids = this.counts = NO_NUMBERS as number[];
  }
}

/** A posting of the story index: an array while small (most are), a Set once large. */
type Posting<T> = T[] | Set<T>;
/** Length past which a posting becomes a Set (removal from an array is a linear search). */
const SET_FROM = 32;

export class InvertedIndex<T extends Indexed> {
  /** Items by key id (vocabulary ids are small integers: an array, not a hash map). */
  private postings: (Posting<T> | undefined)[] = [];
  private keys = 0;

  constructor(
    /** Keys shared by more stories than this are too common to narrow anything down. */
    private readonly maxPosting = 2000,
  ) {}

  add(key: number, item: T): void {
    const p = this.postings[key];
    if (!p) {
      this.postings[key] = [item];
      this.keys++;
    } else if (p instanceof Set) p.add(item);
    else if (!p.includes(item)) {
      this.postings[key] = p.length < SET_FROM ? append(p, item) : new Set([...p, item]);
    }
  }

  /** Sets the posting of a key nothing holds yet to these distinct items (a restore); the array is kept. */
  load(key: number, items: T[]): void {
    if (this.postings[key]) throw new Error(`key ${key} is already indexed`);
    this.postings[key] = items.length <= SET_FROM ? items : new Set(items);
    this.keys++;
  }

  remove(key: number, item: T): void {
    const p = this.postings[key];
    if (!p) return;
    let left: number;
    if (p instanceof Set) {
      p.delete(item);
      left = p.size;
    } else {
      // The order of a posting means nothing (sums go by key): the last item fills the hole.
      const at = p.indexOf(item);
      if (at >= 0) {
        p[at] = p[p.length - 1];
        p.pop();
      }
      left = p.length;
    }
    if (left === 0) {
      this.postings[key] = undefined;
      this.keys--;
    }
  }

  /**
   * Items sharing the query's keys, ranked by the summed weight of the keys they share (ties by
   * creation order), at most `limit`.
   */
  candidates(keys: readonly number[], weights: readonly number[], limit: number): T[] {
    const stamp = ++stamps;
    const touched: T[] = [];
    for (let i = 0; i < keys.length; i++) {
      const p = this.postings[keys[i]];
      if (!p) continue;
      const w = weights[i];
      if (p instanceof Set) {
        if (p.size > this.maxPosting) continue;
        for (const item of p) accumulate(item, w, stamp, touched);
      } else if (p.length <= this.maxPosting) {
        for (let j = 0; j < p.length; j++) accumulate(p[j], w, stamp, touched);
      }
    }
    // Ranked by sum and creation order only: the order items were touched in does not matter.
    return topK(touched, bySum, limit);
  }

  /** Number of distinct keys (for memory checks). */
  get size(): number {
    return this.keys;
  }
}

/** A member-index item: where it sits in each posting it is in, kept up to date by the index. */
export interface Posted extends Scratch {
  /** Position in the posting of each of the item's entries (entry numbers are the caller's). */
  slots: number[];
}

/** The members of one key as parallel arrays; a removal moves the last member into the hole. */
interface MemberPosting<M> {
  items: M[];
  weights: number[];
  /** Entry number of each item's entry here (the index into its `slots`). */
  entries: number[];
}

/**
 * Inverted index from keys to the weighted vectors of individual members: one lookup gives the
 * exact dot product of a query with every member sharing a key (its best-matching members).
 * Postings are arrays (iterating a Map's entries was most of a query's cost); the order of a
 * posting is not meaningful: every sum is added in the query's key order.
 */
export class MemberIndex<M extends Posted> {
  private postings: (MemberPosting<M> | undefined)[] = [];
  private keys = 0;

  constructor(private readonly maxPosting = 2000) {}

  /** Adds a member's entry number `entry` (unique per member across the indexes sharing it). */
  add(key: number, member: M, weight: number, entry: number): void {
    const p = this.postings[key];
    if (!p) {
      member.slots[entry] = 0;
      this.postings[key] = { items: [member], weights: doubles(weight), entries: [entry] };
      this.keys++;
      return;
    }
    member.slots[entry] = p.items.length;
    p.items = append(p.items, member);
    p.weights = appendDouble(p.weights, weight);
    p.entries = append(p.entries, entry);
  }

  /**
   * Sets the posting of a key nothing holds yet to these members' entries (a restore: each array
   * made once at its exact size instead of copied at every add); the arrays are kept.
   */
  load(key: number, items: M[], weights: number[], entries: number[]): void {
    if (this.postings[key]) throw new Error(`key ${key} is already indexed`);
    for (let j = 0; j < items.length; j++) items[j].slots[entries[j]] = j;
    this.postings[key] = { items, weights, entries };
    this.keys++;
  }

  remove(key: number, member: M, entry: number): void {
    const p = this.postings[key];
    if (!p) return;
    const at = member.slots[entry];
    if (p.items[at] !== member) return;
    const last = p.items.length - 1;
    if (at !== last) {
      const moved = p.items[last];
      p.items[at] = moved;
      p.weights[at] = p.weights[last];
      p.entries[at] = p.entries[last];
      moved.slots[p.entries[at]] = at;
    }
    p.items.pop();
    p.weights.pop();
    p.entries.pop();
    if (p.items.length === 0) {
      this.postings[key] = undefined;
      this.keys--;
    }
  }

  /**
   * The members sharing at least one key with the query (keys, weights), each holding its dot
   * product with the query in `sum` until the next query of any index.
   */
  dots(keys: readonly number[], weights: readonly number[]): M[] {
    const stamp = ++stamps;
    const touched: M[] = [];
    for (let i = 0; i < keys.length; i++) {
      const p = this.postings[keys[i]];
      if (!p || p.items.length > this.maxPosting) continue;
      const w = weights[i];
      const { items, weights: xs } = p;
      for (let j = 0; j < items.length; j++) accumulate(items[j], w * xs[j], stamp, touched);
    }
    return touched;
  }

  get size(): number {
    return this.keys;
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
