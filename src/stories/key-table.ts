// One hash table for every key the document frequencies count or the vocabulary gives an id
// (features.ts DocFreq, vocab.ts Vocab): the clusterer weighs and interns an article's keys
// with one string lookup each instead of two (the document-frequency table and the vocabulary
// were two Maps of strings, each lookup a few cache misses on a large table).

/**
 * Keys by slot, each slot holding the key's document count (0: not counted) and its vocabulary
 * id (-1: none) side by side. A key neither counted nor holding an id is dropped (`release`).
 */
export class KeyTable {
  private readonly slotOf = new Map<string, number>();
  /** Slot s: count at 2s, vocabulary id at 2s + 1. Reallocated as it grows: read it anew after `slot`. */
  data = new Float64Array(2 * 1024);
  private readonly free: number[] = [];
  /** Slots ever used (the next new one). */
  private used = 0;

  /** The slot of a key, made (not counted, no id) when the key is new. */
  slot(key: string): number {
    let s = this.slotOf.get(key);
    if (s === undefined) {
      s = this.free.pop() ?? this.used++;
      if (2 * s >= this.data.length) {
        const data = new Float64Array(2 * this.data.length);
        data.set(this.data);
        this.data = data;
      }
      this.data[2 * s] = 0;
      this.data[2 * s + 1] = -1;
      this.slotOf.set(key, s);
    }
    return s;
  }

  /** The slot of a key, or -1. */
  find(key: string): number {
    return this.slotOf.get(key) ?? -1;
  }

  /** Drops a key (in `slot`) when it is neither counted nor holds an id. */
  release(key: string, slot: number): void {
    if (this.data[2 * slot] === 0 && this.data[2 * slot + 1] < 0) {
      this.slotOf.delete(key);
      this.free.push(slot);
    }
  }

  /** Every key with its slot, in the order the keys were first added. */
  entries(): IterableIterator<[string, number]> {
    return this.slotOf.entries();
  }
}
