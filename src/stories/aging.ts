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

export class AgeQueue {
  private entries: AgeEntry[] = [];

  get size(): number {
    return this.entries.length;
  }

  /** The earliest time held (Infinity when empty). */
  get earliest(): number {
    return this.entries.length > 0 ? this.entries[0].at : Number.POSITIVE_INFINITY;
  }

  push(at: number, seq: number, id: string): void {
    const a = this.entries;
    a.push({ at, seq, id });
    let i = a.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!before(a[i], a[up])) break;
      [a[i], a[up]] = [a[up], a[i]];
      i = up;
    }
  }

  /** Removes and returns the entry of earliest time (ties: the earliest created). */
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

  /**
   * Keeps only the entries `keep` accepts (those of live stories), each once, in heap order again.
   * A story queued again at a time it is already queued for (a rebuild requeues its first time)
   * adds a copy that `keep` accepts too, whose pop changes nothing the first one did not; kept, the
   * copies would hold the queue over its bound and make every push a retain.
   */
  retain(keep: (e: AgeEntry) => boolean): void {
    const seen = new Set<string>();
    this.entries = this.entries.filter((e) => {
      if (!keep(e)) return false;
      const key = `${e.seq}@${e.at}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
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
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}
