// The reads that score an article against its candidate stories: the article spread over dense
// arrays, best-member cosines, its lookup keys, the scored candidates in rank order, and the
// nearest members found per story. Scratch reused article after article; no decision here.

import { BASE_FEATURES, type BestMember, type Interned, type Weighed } from "./features.ts";
import { type Group, packText, QUERY_ENT, QUERY_TEXT, type Story } from "./group.ts";
import type { Weights } from "./vocab.ts";

/** Candidate stories scored per article. */
export const CANDIDATES = 8;

/**
 * An article's vectors spread over dense per-term-id arrays (zero elsewhere), built once and
 * compared with many members: a cosine with a member is one array read per member term.
 */
export interface Query<P extends Weighed = Interned> {
  p: P;
  title: Float64Array;
  text: Float64Array;
  ent: Float64Array;
  /**
   * A bit per term id, set for the article's ids (of any vector): a dot product with a member
   * skips the ids whose bit is clear, whose terms add 0 to it, without reading the dense arrays
   * (megabytes, a cache miss a term) but this small one.
   */
  held: Int32Array;
}

/** The dense arrays of the article being scored: one set per clusterer, reused article after article. */
export class QueryScratch {
  private title = new Float64Array(0);
  private text = new Float64Array(0);
  private ent = new Float64Array(0);
  private held = new Int32Array(0);
  private loaded: Weighed | null = null;

  /** Load an article (unloading the previous one): a Query stays valid until the next load. */
  load<P extends Weighed>(p: P, capacity: number): Query<P> {
    if (this.title.length < capacity) {
      const n = Math.max(capacity, 2 * this.title.length, 1024);
      this.title = new Float64Array(n);
      this.text = new Float64Array(n);
      this.ent = new Float64Array(n);
      this.held = new Int32Array((n >>> 5) + 1);
    } else if (this.loaded) {
      const { title, text, ent } = this.loaded;
      clear(this.title, this.held, title.ids);
      clear(this.text, this.held, text.ids);
      clear(this.ent, this.held, ent.ids);
    }
    spread(this.title, this.held, p.title);
    spread(this.text, this.held, p.text);
    spread(this.ent, this.held, p.ent);
    this.loaded = p;
    return { p, title: this.title, text: this.text, ent: this.ent, held: this.held };
  }
}

// Indexed loops: `for...of` over the vectors' arrays ran V8's generic iterator here, an object a
// step (a quarter of the main thread's allocations in the pooled benchmark, late in its stream).

/** Zeroes a loaded vector's places in its dense array and its words of `held`. */
function clear(dense: Float64Array, held: Int32Array, ids: readonly number[]): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    dense[id] = 0;
    held[id >>> 5] = 0;
  }
}

/** Writes a vector into its dense array and marks its ids in `held`. */
function spread(dense: Float64Array, held: Int32Array, v: Weights): void {
  const { ids, vals } = v;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    dense[id] = vals[i];
    held[id >>> 5] |= 1 << (id & 31);
  }
}

/**
 * Dot product of a query's dense array with a member vector (summed in the member's order; the
 * terms skipped would each add 0, which leaves a sum as it is).
 */
function dotDense(q: Float64Array, held: Int32Array, v: Weights): number {
  let s = 0;
  const ids = v.ids;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if ((held[id >>> 5] & (1 << (id & 31))) !== 0) s += v.vals[i] * q[id];
  }
  return s;
}

/**
 * Best text cosine with the founder and the most recent members: `dotDense` of each (the same
 * sums in the same order), from the group's packed text vectors.
 */
export function bestText(q: Query<Weighed>, g: Group): number {
  const pack = g.textPack ?? packText(g);
  const used = g.packed;
  const { text, held } = q;
  let best = 0;
  for (let i = 0, m = 0; i < used; m++) {
    const end = i + 1 + 2 * pack[i];
    let s = 0;
    for (i++; i < end; i += 2) {
      const id = pack[i];
      if ((held[id >>> 5] & (1 << (id & 31))) !== 0) s += pack[i + 1] * text[id];
    }
    best = m === 0 ? s : Math.max(best, s);
  }
  return best;
}

/**
 * Best title, text and entity cosines with the founder and the most recent members (text 0 unless
 * `text`), written into `best` (one object reused event after event).
 */
export function bestMember(
  q: Query<Weighed>,
  g: Group,
  text: boolean,
  best: BestMember,
): BestMember {
  best.title = 0;
  best.text = 0;
  best.ent = 0;
  if (g.founder) visitMember(q, g.founder, text, best);
  for (const m of g.recent) visitMember(q, m, text, best);
  return best;
}

/** The first id and weight of each of a member's vectors, summed: a read of each (see reachEvents). */
export function headOf(m: Weighed): number {
  const { title, text, ent } = m;
  let x = 0;
  if (title.ids.length > 0) x += title.ids[0] + title.vals[0];
  if (text.ids.length > 0) x += text.ids[0] + text.vals[0];
  if (ent.ids.length > 0) x += ent.ids[0] + ent.vals[0];
  return x;
}

function visitMember(q: Query<Weighed>, m: Weighed, text: boolean, best: BestMember): void {
  best.title = Math.max(best.title, dotDense(q.title, q.held, m.title));
  if (text) best.text = Math.max(best.text, dotDense(q.text, q.held, m.text));
  best.ent = Math.max(best.ent, dotDense(q.ent, q.held, m.ent));
}

/**
 * Heaviest keys of an article, what it is looked up by and what its story is indexed by: the
 * first `n` of `keys` and `weights`. One scratch reused article after article, typed arrays that
 * stay allocated (number[]s emptied by `length = 0` free their store and were reallocated as
 * they grew, several times an article).
 */
export class LookupKeys {
  keys = new Int32Array(64);
  weights = new Float64Array(64);
  n = 0;

  /** Fills it with `p`'s lookup keys. */
  of(p: Weighed): this {
    this.n = 0;
    this.push(p.title, p.title.ids.length);
    this.push(p.ent, QUERY_ENT);
    this.push(p.text, QUERY_TEXT);
    return this;
  }

  private push(v: Weights, max: number): void {
    const m = Math.min(max, v.ids.length);
    if (this.n + m > this.keys.length) {
      const size = 2 * (this.n + m);
      const keys = new Int32Array(size);
      const weights = new Float64Array(size);
      keys.set(this.keys.subarray(0, this.n));
      weights.set(this.weights.subarray(0, this.n));
      this.keys = keys;
      this.weights = weights;
    }
    for (let i = 0; i < m; i++) {
      this.keys[this.n] = v.ids[i];
      this.weights[this.n++] = v.vals[i];
    }
  }
}

/**
 * An article's candidate stories with their scores, best first (ties by creation order), and
 * where each one's features are in the clusterer's `rows` (valid until its next scoring): the
 * first `n` of each. Scratch the clusterer reuses (its arrays stay allocated; past `n`, stale).
 */
export class Scored {
  stories: Story[] = [];
  scores = new Float64Array(2 * CANDIDATES + 1);
  rows = new Int32Array(2 * CANDIDATES + 1);
  n = 0;

  /** Room for `n` candidates, emptied. */
  reset(n: number): this {
    if (this.rows.length < n) {
      this.scores = new Float64Array(2 * n);
      this.rows = new Int32Array(2 * n);
    }
    this.n = 0;
    return this;
  }
}

/** Copies a row's base features (a loop: `set` of a `subarray` allocated a view a call). */
export function copyBase(from: Float64Array, at: number, to: Float64Array, toAt: number): void {
  for (let i = 0; i < BASE_FEATURES; i++) to[toAt + i] = from[at + i];
}

/**
 * Orders the first `n` of `order` (indices of `vals` and `stories`) by value, highest first, ties
 * by the stories' creation order: a strict order (no two stories share a `seq`), so the same as
 * any sort's; by insertion (at most a few dozen), where Array.prototype.sort allocated a work
 * array and its comparator a closure a call.
 */
export function rankBy(
  order: number[] | Int32Array,
  n: number,
  vals: ArrayLike<number>,
  stories: readonly Story[],
): void {
  for (let i = 1; i < n; i++) {
    const x = order[i];
    const v = vals[x];
    const seq = stories[x].seq;
    let j = i;
    for (; j > 0; j--) {
      const y = order[j - 1];
      if (vals[y] > v || (vals[y] === v && stories[y].seq < seq)) break;
      order[j] = y;
    }
    order[j] = x;
  }
}

/**
 * Per story, the best title and entity similarity of any one member with an article (above
 * NEAR_FLOOR; 0 otherwise), valid until the next `find`. Kept in arrays by the stories' numbers
 * (each live story has one, recycled after it; the member table holds its members' owners'
 * numbers, not the owners: an array of them was a scattered read per member found), stamped per
 * query: a query writes no story object, where the first touch of each story found (hundreds an
 * article) was a cache miss.
 */
export class NearMembers {
  /**
   * The numbers of the stories found by title, in the order first found, the first `titled`:
   * exactly those with a title similarity, which is above NEAR_FLOOR (the title pass comes
   * first; the stories found by entities only are not listed). A typed array that stays
   * allocated (a number[] emptied by `length = 0` frees its store and grew again a query).
   */
  nums = new Int32Array(1024);
  titled = 0;
  /** The live story of each number (`story`). */
  private readonly byNum: (Story | undefined)[] = [];
  private stamp = 0;
  private stamps = new Int32Array(1024);
  private titles = new Float64Array(1024);
  private ents = new Float64Array(1024);
  private readonly free: number[] = [];
  private count = 0;

  /** Gives a new live story its number. */
  number(s: Story): void {
    const num = this.free.pop() ?? this.count++;
    if (num >= this.stamps.length) {
      const stamps = new Int32Array(2 * this.stamps.length);
      stamps.set(this.stamps);
      this.stamps = stamps;
      this.titles = new Float64Array(stamps.length);
      this.ents = new Float64Array(stamps.length);
    }
    s.num = num;
    this.byNum[num] = s;
  }

  /** A story leaves the live ones: its number is free for the next. */
  unnumber(s: Story): void {
    this.byNum[s.num] = undefined;
    this.free.push(s.num);
    s.num = -1;
  }

  /** The live story numbered `num`. */
  story(num: number): Story {
    return this.byNum[num]!;
  }

  /** Starts a new query (forgetting the previous one's stories). */
  start(): void {
    this.titled = 0;
    if (this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }

  /** A member of the story numbered `num` has similarity `d` with the article, by title or by entities. */
  note(num: number, d: number, title: boolean): void {
    if (this.stamps[num] !== this.stamp) {
      this.stamps[num] = this.stamp;
      this.titles[num] = 0;
      this.ents[num] = 0;
      if (title) {
        if (this.titled === this.nums.length) {
          const nums = new Int32Array(2 * this.nums.length);
          nums.set(this.nums);
          this.nums = nums;
        }
        this.nums[this.titled++] = num;
      }
    }
    if (title) {
      if (d > this.titles[num]) this.titles[num] = d;
    } else if (d > this.ents[num]) this.ents[num] = d;
  }

  /** The best title similarity of the story numbered `num`. */
  titleOf(num: number): number {
    return this.stamps[num] === this.stamp ? this.titles[num] : 0;
  }

  title(s: Story): number {
    return this.titleOf(s.num);
  }

  ent(s: Story): number {
    return this.stamps[s.num] === this.stamp ? this.ents[s.num] : 0;
  }
}
