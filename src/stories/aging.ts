// The order in which stories grow too old to take members (the clusterer's bound on a story's
// age): a binary min-heap of (time of the story's first member, creation number, id). An entry
// is added whenever a story's first time changes and is never updated in place: the clusterer
// skips an entry whose story is gone or has another first time now, so the entries that count
// are those of the live stories' current first times, in an order they alone decide (a
// clusterer restored from a saved state rebuilds it from its stories and releases the same ones
// in the same order).

/** One entry: a story's first time as it was when added. */
export interface AgeEntry {
  first: number;
  seq: number;
  id: string;
}

export class AgeQueue {
  private entries: AgeEntry[] = [];

  get size(): number {
    return this.entries.length;
  }

  /** The earliest first time held (Infinity when empty). */
  get earliest(): number {
    return this.entries.length > 0 ? this.entries[0].first : Number.POSITIVE_INFINITY;
  }

  push(first: number, seq: number, id: string): void {
    const a = this.entries;
    a.push({ first, seq, id });
    let i = a.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!before(a[i], a[up])) break;
      [a[i], a[up]] = [a[up], a[i]];
      i = up;
    }
  }

  /** Removes and returns the entry of earliest first time (ties: the earliest created). */
  pop(): AgeEntry | undefined {
    const a = this.entries;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      this.down(0);
    }
    return top;
  }

  /** Keeps only the entries `keep` accepts (those of live stories), in heap order again. */
  retain(keep: (e: AgeEntry) => boolean): void {
    this.entries = this.entries.filter(keep);
    for (let i = (this.entries.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private down(i: number): void {
    const a = this.entries;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) return;
      const c = l + 1 < a.length && before(a[l + 1], a[l]) ? l + 1 : l;
      if (!before(a[c], a[i])) return;
      [a[i], a[c]] = [a[c], a[i]];
      i = c;
    }
  }
}

function before(x: AgeEntry, y: AgeEntry): boolean {
  return x.first < y.first || (x.first === y.first && x.seq < y.seq);
}
