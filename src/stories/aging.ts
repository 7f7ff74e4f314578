// The order in which stories come due (the clusterer's bound on a story's age, and its quiet
// times): a binary min-heap of (time, creation number, id). For the age bound an entry holds the
// time three windows after a story's first kept member, added whenever that first time changes,
// or, past it, its later renewal time (its stagger, before its first renewal); entries are never
// updated in place: the clusterer skips an entry whose story is gone or is due at another time
// now, so the entries that count are those of the live stories' current times, in an order they
// alone decide (a clusterer restored from a saved state rebuilds it from its stories and renews
// and releases the same ones in the same order).

/** One entry: a story's time as it was when added. */
export interface AgeEntry {
  at: number;
  seq: number;
  id: string;
}

/**
 * The heap's entries side by side in typed arrays (times and creation numbers; ids in a plain
 * array): its comparisons read two dense arrays instead of an object an entry (a cache miss each
 * on a heap of tens of thousands), and a push makes no object. A sift moves the entries over a
 * hole instead of swapping them.
 */
export class AgeQueue {
  private at = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private ids: string[] = [];
  private n = 0;
  /** What `pop` returns: overwritten by the next `pop` or `retain`. */
  private readonly top: AgeEntry = { at: 0, seq: 0, id: "" };

  get size(): number {
    return this.n;
  }

  /** The earliest time held (Infinity when empty). */
  get earliest(): number {
    return this.n > 0 ? this.at[0] : Number.POSITIVE_INFINITY;
  }

  push(at: number, seq: number, id: string): void {
    if (this.n === this.at.length) this.grow();
    const times = this.at;
    const seqs = this.seqs;
    let i = this.n++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!(at < times[up] || (at === times[up] && seq < seqs[up]))) break;
      this.put(i, up);
      i = up;
    }
    times[i] = at;
    seqs[i] = seq;
    this.ids[i] = id;
  }

  /**
   * Removes and returns the entry of earliest time (ties: the earliest created), in an object the
   * queue reuses (read it before the next pop).
   */
  pop(): AgeEntry | undefined {
    if (this.n === 0) return undefined;
    const top = this.top;
    top.at = this.at[0];
    top.seq = this.seqs[0];
    top.id = this.ids[0];
    const last = --this.n;
    if (last > 0) this.down(0, this.at[last], this.seqs[last], this.ids[last]);
    this.ids[last] = "";
    return top;
  }

  /** Keeps only the entries `keep` accepts (those of live stories), in heap order again. */
  retain(keep: (e: AgeEntry) => boolean): void {
    const e = this.top;
    let kept = 0;
    for (let i = 0; i < this.n; i++) {
      e.at = this.at[i];
      e.seq = this.seqs[i];
      e.id = this.ids[i];
      if (!keep(e)) continue;
      this.at[kept] = e.at;
      this.seqs[kept] = e.seq;
      this.ids[kept] = e.id;
      kept++;
    }
    for (let i = kept; i < this.n; i++) this.ids[i] = "";
    this.n = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.down(i, this.at[i], this.seqs[i], this.ids[i]);
  }

  /** Entry `from` moves to place `to`. */
  private put(to: number, from: number): void {
    this.at[to] = this.at[from];
    this.seqs[to] = this.seqs[from];
    this.ids[to] = this.ids[from];
  }

  /** Sifts the entry (at, seq, id) down from the hole at `i`. */
  private down(i: number, at: number, seq: number, id: string): void {
    const times = this.at;
    const seqs = this.seqs;
    const n = this.n;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      const r = l + 1;
      if (r < n && (times[r] < times[l] || (times[r] === times[l] && seqs[r] < seqs[l]))) c = r;
      if (!(times[c] < at || (times[c] === at && seqs[c] < seq))) break;
      this.put(i, c);
      i = c;
    }
    times[i] = at;
    seqs[i] = seq;
    this.ids[i] = id;
  }

  private grow(): void {
    const at = new Float64Array(2 * this.at.length);
    at.set(this.at);
    this.at = at;
    const seqs = new Float64Array(2 * this.seqs.length);
    seqs.set(this.seqs);
    this.seqs = seqs;
  }
}
