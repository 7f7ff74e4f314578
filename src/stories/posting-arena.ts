// Postings kept outside V8's heap: blocks of one shared buffer of 32-bit words, by key. A posting
// held in a JS array was copied to grow (an exact copy an add up to 16 entries, then push's
// reallocations), and each copy of a long-lived posting was copied again by the garbage
// collector, young then old: the largest part of what the clusterer's state made the collector
// move. A block here is moved only to grow or shrink (one copyWithin) or when the arena compacts,
// and the collector never visits it.

/** Blocks of `2 ** c` entries of `width` words each, for size class c. */
const CLASSES = 32;
/** Words below which an arena is never compacted (256 KB). */
const COMPACT_FROM = 1 << 16;

/**
 * Postings by key (small integers: vocabulary ids), each a block of `width * 2 ** c` 32-bit
 * words holding its `length` entries first, read and written through two views of one buffer:
 * `ints` by word, `nums` (doubles) by pairs of words. An entry is integers where those suffice
 * (a story index's slot: 4 bytes, where a double was 8) and a double where a weight needs one, at
 * an even word: with an even `width`, every block and so every entry starts at an even word.
 * Freed blocks go to a list per size class (linked through their first word) and are reused
 * before the arena grows, so in a steady stream its size stays flat. When its blocks in use fall
 * under half of what it has handed out (the window emptied after a busy spell, the end of a
 * stream) the live blocks are copied together into a smaller array: it gives memory back. A posting moves to the next class up when full, and down
 * when a quarter full, so it holds at most four times its entries' room.
 */
export class PostingArena {
  /** Every posting's words: read `ints[start(key) + i]` for i under `width * length(key)`. */
  ints = new Int32Array(2048);
  /** The same memory as doubles: word `w` (even) is `nums[w >> 1]`. */
  nums = new Float64Array(this.ints.buffer);
  /** Where each key's block starts, its entries and its size class (by key). */
  private starts = new Int32Array(256);
  private lengths = new Int32Array(256);
  private classes = new Uint8Array(256);
  /** Numbers in use up to here (past it, never handed out). */
  private top = 0;
  /** The first free block of each size class (-1: none). */
  private readonly heads = new Int32Array(CLASSES).fill(-1);
  /** Keys whose posting holds an entry, and the words their blocks take. */
  private keys = 0;
  private used = 0;

  /** `width`: words an entry (even when entries hold doubles). */
  constructor(readonly width: number) {}

  /** Where a key's words start (meaningless while it holds no entry). */
  start(key: number): number {
    return key < this.starts.length ? this.starts[key] : 0;
  }

  /** A key's number of entries (0 for a key never seen). */
  length(key: number): number {
    return key < this.lengths.length ? this.lengths[key] : 0;
  }

  /** Number of keys holding an entry. */
  get size(): number {
    return this.keys;
  }

  /**
   * Room for one more entry at the end of a key's posting: returns the word where it goes (read
   * `ints` and `nums` again after: growing may replace them), counted in its length.
   */
  push(key: number): number {
    if (key >= this.lengths.length) this.reserveKeys(key + 1);
    const n = this.lengths[key];
    if (n === 0) {
      this.starts[key] = this.alloc(0);
      this.classes[key] = 0;
      this.keys++;
    } else if (n === 1 << this.classes[key]) this.move(key, this.classes[key] + 1);
    this.lengths[key] = n + 1;
    return this.starts[key] + this.width * n;
  }

  /**
   * Drops the last entry of a key's posting (the caller moved it where it wanted first): the
   * block is freed with its last entry and halved when a quarter full. Every key's start and
   * the views may change (a compaction).
   */
  pop(key: number): void {
    const n = this.lengths[key] - 1;
    this.lengths[key] = n;
    const c = this.classes[key];
    if (n === 0) {
      this.release(this.starts[key], c);
      this.keys--;
    } else if (c > 0 && 4 * n <= 1 << c) this.move(key, c - 1);
    else return;
    if (this.top >= COMPACT_FROM && 2 * this.used < this.top) this.compact();
  }

  /** Sets a key that holds nothing to `n` entries, to be written at the returned start (a restore). */
  fill(key: number, n: number): number {
    if (this.length(key) > 0) throw new Error(`key ${key} is already indexed`);
    if (n === 0) return 0;
    if (key >= this.lengths.length) this.reserveKeys(key + 1);
    const c = n <= 1 ? 0 : 32 - Math.clz32(n - 1);
    this.starts[key] = this.alloc(c);
    this.classes[key] = c;
    this.lengths[key] = n;
    this.keys++;
    return this.starts[key];
  }

  /**
   * Every live block copied, in key order, to the start of a new array with a quarter again as
   * much room (no free blocks left): the memory of the blocks freed since goes back.
   */
  private compact(): void {
    const ints = new Int32Array(Math.max(2048, (this.used + (this.used >> 2) + 2047) & ~2047));
    const { starts, lengths, classes, width } = this;
    let top = 0;
    for (let key = 0; key < lengths.length; key++) {
      if (lengths[key] === 0) continue;
      const from = starts[key];
      ints.set(this.ints.subarray(from, from + width * lengths[key]), top);
      starts[key] = top;
      top += width << classes[key];
    }
    this.view(ints);
    this.top = top;
    this.heads.fill(-1);
  }

  /** The key's entries into a block of class `c` (which holds them all). */
  private move(key: number, c: number): void {
    const from = this.starts[key];
    const old = this.classes[key];
    const to = this.alloc(c);
    this.ints.copyWithin(to, from, from + this.width * this.lengths[key]);
    this.release(from, old);
    this.starts[key] = to;
    this.classes[key] = c;
  }

  /** A block of class `c`: the last freed one of that class, or new room past `top`. */
  private alloc(c: number): number {
    const size = this.width << c;
    this.used += size;
    const head = this.heads[c];
    if (head >= 0) {
      this.heads[c] = this.ints[head];
      return head;
    }
    if (this.top + size > this.ints.length) {
      let n = 2 * this.ints.length;
      while (n < this.top + size) n *= 2;
      const ints = new Int32Array(n);
      ints.set(this.ints.subarray(0, this.top));
      this.view(ints);
    }
    const at = this.top;
    this.top += size;
    return at;
  }

  private release(at: number, c: number): void {
    this.used -= this.width << c;
    this.ints[at] = this.heads[c];
    this.heads[c] = at;
  }

  private view(ints: Int32Array<ArrayBuffer>): void {
    this.ints = ints;
    this.nums = new Float64Array(ints.buffer);
  }

  /** Room for keys below `n` (the new keys hold nothing). */
  private reserveKeys(n: number): void {
    let size = 2 * this.lengths.length;
    while (size < n) size *= 2;
    this.starts = filled(new Int32Array(size), this.starts);
    this.lengths = filled(new Int32Array(size), this.lengths);
    this.classes = filled(new Uint8Array(size), this.classes);
  }
}

/** `to` with `from` copied to its start. */
function filled<A extends Int32Array | Uint8Array>(to: A, from: A): A {
  to.set(from);
  return to;
}
