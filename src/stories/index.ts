// Inverted index from terms and entities to the live stories that contain them: the clusterer
// scores only the stories that share something with an article, never a scan of all stories.
import { PostingArena } from "./posting-arena.ts";

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

/**
 * Where a MemberTable place's query stamp and its member's owner's number are among its four
 * 32-bit `words` (the first two hold its sum).
 */
const STAMP = 2;
export const NUM = 3;

/**
 * One-element arrays handed to `concat` to append a number at an exact size: set just before
 * (ONE) or never written (A_ONE), instead of a new one-element array an append.
 */
const ONE = [0];
const A_ONE: readonly number[] = [1];

/** `append` of a small integer (a key), as `append` but with no one-element array made. */
function appendInt(a: number[], x: number): number[] {
  if (a.length >= EXACT_UP_TO) {
    a.push(x);
    return a;
  }
  ONE[0] = x;
  return a.concat(ONE);
}

/** Shared by every empty KeyCounts: never written (adding copies). */
const NO_NUMBERS: readonly number[] = [];
/** Keys past which a KeyCounts becomes a Map (its arrays are searched linearly). */
const MAP_FROM = 64;

/**
 * The keys an item is indexed by, with how many of its parts hold each (a story's kept members):
 * parallel arrays while few (most stories have a few dozen keys; a Map of that size takes about
 * twice the memory), at their exact size up to EXACT_UP_TO, then grown by push, and a Map past
 * MAP_FROM. Order means nothing.
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
      // By push past EXACT_UP_TO: a copy of both arrays for every new key of a story with
      // dozens was a large part of the clusterer's garbage.
      this.ids = appendInt(this.ids, key);
      if (this.counts.length >= EXACT_UP_TO) this.counts.push(1);
      else this.counts = this.counts.concat(A_ONE);
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

  /**
   * `f` of each key, in `keys()` order: an indexed loop over the arrays, where `for...of` over
   * `keys()` (an array or a Map's iterator by turns) ran V8's generic iterator, an object a key.
   */
  forEachKey(f: (key: number) => void): void {
    if (this.map) {
      for (const k of this.map.keys()) f(k);
      return;
    }
    const ids = this.ids;
    for (let i = 0; i < ids.length; i++) f(ids[i]);
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

/**
 * A story-index item: its place in the index's dense per-item arrays (-1 while it holds no key),
 * which the index assigns and recycles.
 */
export interface Slotted {
  /** Creation order: the tie-breaker that keeps retrieval deterministic. */
  readonly seq: number;
  slot: number;
}

/**
 * Items by key, each posting a block of item slots in a PostingArena. A query sums each item's
 * shared weight in a dense array indexed by slot (NaN where the query has not touched it):
 * sequential reads of small arrays, where per-item scratch fields on the items and Set postings
 * were a cache miss per posting entry.
 */
export class InvertedIndex<T extends Slotted> {
  /** Slots by key id, a block of the arena each. */
  private readonly postings = new PostingArena(1);
  /** The item in each slot, how many keys hold it, and the query scratch. */
  private items: (T | undefined)[] = [];
  private held = new Int32Array(256);
  /** Each slot's item's creation order: `best` breaks ties without reaching the items. */
  private seqs = new Float64Array(256);
  /**
   * Each slot's sum in the latest query, NaN where it touched none: one array read a posting
   * entry, where a query stamp per slot beside the sums was a second scattered read. The next
   * query sets the touched slots back to NaN first (its `touched`, the first `n`).
   */
  private sums = new Float64Array(256).fill(Number.NaN);
  private free: number[] = [];
  /** Slots touched by the latest query (reused), in the order first touched: the first `n`. */
  private touched = new Int32Array(256);
  private n = 0;
  /** The ranking of the current query (reused: `ranked`), built from slots and sums in `best`. */
  private readonly top = new TopK<T>();
  private topSlots = new Int32Array(16);
  private topSums = new Float64Array(16);

  constructor(
    /** Keys shared by more items than this are too common to narrow anything down. */
    private readonly maxPosting = 2000,
  ) {}

  /** Adds an item to a key that does not hold it yet (the caller keeps each item's keys: KeyCounts). */
  add(key: number, item: T): void {
    const slot = this.hold(item);
    const postings = this.postings;
    const i = postings.push(key);
    postings.ints[i] = slot;
  }

  /** Sets the posting of a key nothing holds yet to these distinct items (a restore). */
  load(key: number, items: T[]): void {
    const start = this.postings.fill(key, items.length);
    const ints = this.postings.ints;
    for (let j = 0; j < items.length; j++) ints[start + j] = this.hold(items[j]);
  }

  remove(key: number, item: T): void {
    const postings = this.postings;
    const n = postings.length(key);
    if (n === 0 || item.slot < 0) return;
    // The order of a posting means nothing (sums go by key): the last slot fills the hole.
    const ints = postings.ints;
    const start = postings.start(key);
    const end = start + n;
    let at = start;
    while (at < end && ints[at] !== item.slot) at++;
    if (at === end) return;
    ints[at] = ints[end - 1];
    postings.pop(key);
    if (--this.held[item.slot] === 0) {
      this.items[item.slot] = undefined;
      this.free.push(item.slot);
      item.slot = -1;
    }
  }

  /** The item's slot (assigned on its first key), counting one more key holding it. */
  private hold(item: T): number {
    if (item.slot < 0) {
      const slot = this.free.pop() ?? this.items.length;
      if (slot >= this.held.length) this.grow(2 * this.held.length);
      this.items[slot] = item;
      this.held[slot] = 0;
      this.seqs[slot] = item.seq;
      item.slot = slot;
    }
    this.held[item.slot]++;
    return item.slot;
  }

  private grow(n: number): void {
    const held = new Int32Array(n);
    held.set(this.held);
    this.held = held;
    const seqs = new Float64Array(n);
    seqs.set(this.seqs);
    this.seqs = seqs;
    this.sums = new Float64Array(n).fill(Number.NaN);
    this.touched = new Int32Array(n);
    this.n = 0;
  }

  /**
   * Items sharing the query's keys (its first `count`), ranked by the summed weight of the keys
   * they share (ties by creation order), at most `limit`: in the index's own TopK (its first
   * `size`), overwritten by the next query (no array a query).
   */
  ranked(
    keys: ArrayLike<number>,
    weights: ArrayLike<number>,
    limit: number,
    count = keys.length,
  ): TopK<T> {
    const { sums, touched } = this;
    for (let t = 0; t < this.n; t++) sums[touched[t]] = Number.NaN;
    const postings = this.postings;
    const ints = postings.ints;
    let n = 0;
    for (let i = 0; i < count; i++) {
      const key = keys[i];
      const len = postings.length(key);
      if (len === 0 || len > this.maxPosting) continue;
      const w = weights[i];
      const start = postings.start(key);
      for (let j = start; j < start + len; j++) {
        const slot = ints[j];
        const s = sums[slot];
        // Not touched yet (weights are numbers: a sum is never NaN).
        if (Number.isNaN(s)) {
          sums[slot] = w;
          touched[n++] = slot;
        } else sums[slot] = s + w;
      }
    }
    this.n = n;
    return this.best(n, limit);
  }

  /** An item's summed shared weight in the latest query (0 when it shared no key). */
  sumOf(item: T): number {
    const slot = item.slot;
    if (slot < 0) return 0;
    const s = this.sums[slot];
    return Number.isNaN(s) ? 0 : s;
  }

  /**
   * The `limit` touched items of highest sum (ties by creation order), best first: `TopK.offer`
   * of the touched items in the order touched, kept as slots with their sums and creation orders
   * in typed arrays (a tie at the full top's lowest reached the item for its `seq`: a cache miss),
   * then handed to the index's TopK in that order.
   */
  private best(n: number, limit: number): TopK<T> {
    const top = this.top.reset(limit);
    if (limit <= 0) return top;
    if (this.topSlots.length < limit) {
      this.topSlots = new Int32Array(2 * limit);
      this.topSums = new Float64Array(2 * limit);
    }
    const { touched, sums, seqs, topSlots, topSums } = this;
    let size = 0;
    for (let t = 0; t < n; t++) {
      const slot = touched[t];
      const v = sums[slot];
      let i = size;
      if (i === limit) {
        const lv = topSums[i - 1];
        if (v < lv || (v === lv && seqs[slot] > seqs[topSlots[i - 1]])) continue;
        i--;
      } else size++;
      while (
        i > 0 &&
        (topSums[i - 1] < v || (topSums[i - 1] === v && seqs[topSlots[i - 1]] > seqs[slot]))
      ) {
        topSlots[i] = topSlots[i - 1];
        topSums[i] = topSums[i - 1];
        i--;
      }
      topSlots[i] = slot;
      topSums[i] = v;
    }
    // Best first, each below the one before: every offer appends.
    for (let i = 0; i < size; i++) top.offer(this.items[topSlots[i]]!, topSums[i]);
    return top;
  }

  /** Number of distinct keys (for memory checks). */
  get size(): number {
    return this.postings.size;
  }
}

/** A member-index item: where it sits in each posting it is in, kept up to date by the index. */
export interface Posted {
  /** Position in the posting of each of the item's entries (entry numbers are the caller's). */
  slots: number[];
  /** Its place in the MemberTable (-1 while no posting holds it). */
  at: number;
}

/**
 * The members of the member indexes sharing it, each in a place of dense arrays with its query
 * scratch (stamp, summed dot product): a query's sums are sequential reads and writes of small
 * arrays instead of a field write on every member a posting holds (a cache miss each: some 300
 * members per article). Places are assigned on a member's first entry and recycled after its last.
 */
export class MemberTable<M extends Posted> {
  /** The member in each place, and how many entries hold it. */
  readonly items: (M | undefined)[] = [];
  private held = new Int32Array(256);
  /**
   * Per place, 16 bytes side by side (one cache line): the latest query's dot product, a double
   * in `sums` at 2 * place, then as 32-bit numbers in `words` (the same memory) the latest query
   * that touched it, at 4 * place + STAMP, and its owner's number (`numberOf`), at 4 * place +
   * NUM. A query writes the first two and reads the third of each member it touches: in three
   * arrays, that was two or three cache misses a member.
   */
  sums = new Float64Array(2 * 256);
  words = new Int32Array(this.sums.buffer);
  /**
   * The places the latest query touched, in the order first touched (its count is what `dots`
   * returns): a typed array that stays allocated, where a number[] emptied by `length = 0` (which
   * frees its store) was reallocated and copied as it grew, some 300 places an article.
   */
  touched = new Int32Array(256);
  /** The latest query (shared by every index of the table: one query's sums never pass for another's). */
  stamp = 0;
  private readonly free: number[] = [];

  /**
   * `numberOf`: what a query reads of a member besides its sum (the clusterer's: its story's
   * number), kept in `words`.
   */
  constructor(private readonly numberOf: (m: M) => number = () => 0) {}

  /** The dot product of the member in place `at` in the latest query that touched it. */
  sum(at: number): number {
    return this.sums[2 * at];
  }

  /** The member's place, counting one more entry holding it. */
  hold(m: M): number {
    if (m.at < 0) {
      const at = this.free.pop() ?? this.items.length;
      if (at >= this.held.length) this.grow(2 * this.held.length);
      this.items[at] = m;
      this.words[4 * at + NUM] = this.numberOf(m);
      this.held[at] = 0;
      this.words[4 * at + STAMP] = 0;
      m.at = at;
    }
    this.held[m.at]++;
    return m.at;
  }

  /** One entry fewer holding the member (its place is freed with the last). */
  release(m: M): void {
    if (--this.held[m.at] > 0) return;
    this.items[m.at] = undefined;
    this.free.push(m.at);
    m.at = -1;
  }

  /** Reads a member's owner's number again (after it changed). */
  reown(m: M): void {
    if (m.at < 0) return;
    this.words[4 * m.at + NUM] = this.numberOf(m);
  }

  /** A new query's stamp (on wrapping, every place's stamp starts over). */
  next(): number {
    if (this.stamp === 0x7fffffff) {
      for (let i = STAMP; i < this.words.length; i += 4) this.words[i] = 0;
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private grow(n: number): void {
    const held = new Int32Array(n);
    held.set(this.held);
    this.held = held;
    const sums = new Float64Array(2 * n);
    sums.set(this.sums);
    this.sums = sums;
    this.words = new Int32Array(sums.buffer);
    this.touched = new Int32Array(n);
  }
}

/**
 * 32-bit words per member-index entry in a posting: the member's place in the MemberTable and
 * its entry number (the index into its `slots`), then its weight, a double (WEIGHT words on).
 */
const ENTRY = 4;
const WEIGHT = 2;

/**
 * Inverted index from keys to the weighted vectors of individual members: one lookup gives the
 * exact dot product of a query with every member sharing a key (its best-matching members).
 * Each posting is one block of a PostingArena, an entry of ENTRY words side by side (a query
 * reads one run of 16-byte entries; a removal moves the last entry into the hole). The order of a
 * posting is not meaningful: every sum is added in the query's key order.
 */
export class MemberIndex<M extends Posted> {
  private readonly postings = new PostingArena(ENTRY);

  constructor(
    private readonly maxPosting = 2000,
    readonly table = new MemberTable<M>(),
  ) {}

  /** Adds a member's entry number `entry` (unique per member across the indexes sharing it). */
  add(key: number, member: M, weight: number, entry: number): void {
    const at = this.table.hold(member);
    const postings = this.postings;
    member.slots[entry] = postings.length(key);
    const i = postings.push(key);
    postings.ints[i] = at;
    postings.ints[i + 1] = entry;
    postings.nums[(i + WEIGHT) >> 1] = weight;
  }

  /** Sets the posting of a key nothing holds yet to these members' entries (a restore). */
  load(key: number, items: M[], weights: number[], entries: number[]): void {
    const start = this.postings.fill(key, items.length);
    const { ints, nums } = this.postings;
    for (let j = 0; j < items.length; j++) {
      const at = start + ENTRY * j;
      items[j].slots[entries[j]] = j;
      ints[at] = this.table.hold(items[j]);
      ints[at + 1] = entries[j];
      nums[(at + WEIGHT) >> 1] = weights[j];
    }
  }

  remove(key: number, member: M, entry: number): void {
    const postings = this.postings;
    const n = postings.length(key);
    const i = member.slots[entry];
    if (member.at < 0 || i >= n) return;
    const { ints, nums } = postings;
    const start = postings.start(key);
    const at = start + ENTRY * i;
    if (ints[at] !== member.at) return;
    const last = start + ENTRY * (n - 1);
    if (at !== last) {
      ints[at] = ints[last];
      ints[at + 1] = ints[last + 1];
      nums[(at + WEIGHT) >> 1] = nums[(last + WEIGHT) >> 1];
      this.table.items[ints[at]]!.slots[ints[at + 1]] = i;
    }
    postings.pop(key);
    this.table.release(member);
  }

  /**
   * The members sharing at least one key with the query (its first `count` keys and weights), by
   * their places in the table, each holding its dot product with the query in the table's `sums`
   * until the next query of any index of the table: returns how many, their places being the
   * first that many of the table's `touched`, in the order first touched.
   */
  dots(keys: ArrayLike<number>, weights: ArrayLike<number>, count = keys.length): number {
    const table = this.table;
    const stamp = table.next();
    const { sums, words, touched } = table;
    const postings = this.postings;
    const { ints, nums } = postings;
    let n = 0;
    for (let i = 0; i < Math.min(count, keys.length); i++) {
      const key = keys[i];
      const len = postings.length(key);
      if (len === 0 || len > this.maxPosting) continue;
      const w = weights[i];
      const start = postings.start(key);
      const end = start + ENTRY * len;
      for (let j = start; j < end; j += ENTRY) {
        const at = ints[j];
        const x = w * nums[(j + WEIGHT) >> 1];
        if (words[4 * at + STAMP] !== stamp) {
          words[4 * at + STAMP] = stamp;
          sums[2 * at] = x;
          touched[n++] = at;
        } else sums[2 * at] += x;
      }
    }
    return n;
  }

  get size(): number {
    return this.postings.size;
  }
}

/**
 * The `limit` entries offered with the highest values (ties by creation order), best first: the
 * first `size` of `items`. Reusable (`reset`): its arrays stay allocated, and what lies past
 * `size` is stale.
 */
export class TopK<T extends { readonly seq: number }> {
  readonly items: T[] = [];
  private readonly vals: number[] = [];
  size = 0;

  constructor(private limit = 0) {}

  /** Empties it for a new ranking of at most `limit`. */
  reset(limit: number): this {
    this.limit = limit;
    this.size = 0;
    return this;
  }

  /** False when an item offered with `v` would surely be turned away (whatever its `seq`). */
  takes(v: number): boolean {
    return this.size < this.limit || v >= this.vals[this.limit - 1];
  }

  offer(item: T, v: number): void {
    const { items, vals, limit } = this;
    if (limit <= 0) return;
    let i = this.size;
    if (i === limit) {
      const lv = vals[i - 1];
      if (v < lv || (v === lv && item.seq > items[i - 1].seq)) return;
      i--;
    } else if (i === items.length) {
      items.push(item);
      vals.push(v);
      this.size++;
    } else this.size++;
    while (i > 0 && (vals[i - 1] < v || (vals[i - 1] === v && items[i - 1].seq > item.seq))) {
      items[i] = items[i - 1];
      vals[i] = vals[i - 1];
      i--;
    }
    items[i] = item;
    vals[i] = v;
  }

  /** The ranked items, best first, in a new array. */
  list(): T[] {
    return this.items.slice(0, this.size);
  }
}
