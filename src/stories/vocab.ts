// Terms and entity keys interned to small integer ids, so that the clusterer's hot loops (cosines,
// index postings) index arrays instead of hashing strings. Ids never decide anything: every
// ordering and tie-break still uses the strings, so interning changes no score and no assignment.

import type { SparseVector } from "./features.ts";
import { KeyTable } from "./key-table.ts";

/** Weights by vocabulary id, heaviest first: what the clusterer keeps of a vector (no strings). */
export interface Weights {
  ids: number[];
  vals: number[];
}

/** A vector whose keys also carry their vocabulary ids (ids[i] is the id of keys[i]). */
export interface IdVector extends SparseVector, Weights {}

/** What needs the term of an id (a centroid's pruning, persisting a member). */
export interface TermNames {
  term(id: number): string | undefined;
}

/**
 * The id of every term in use. Ids of terms nothing holds any more are recycled (`retain`), so an
 * endless stream reuses a bounded range of ids instead of growing the table with every rare word.
 * Ids are kept in a KeyTable's slots, which the clusterer shares with its document frequencies.
 */
export class Vocab implements TermNames {
  private terms: (string | undefined)[] = [];
  /** The table slot of each id's term. */
  private slots: number[] = [];
  private free: number[] = [];
  private held = 0;

  constructor(private readonly table = new KeyTable()) {}

  /** The id of a term, assigning one (a recycled one first) when it is new. */
  id(term: string): number {
    return this.idAt(this.table.slot(term), term);
  }

  /** `id` of the term in table slot `slot` (no lookup). */
  idAt(slot: number, term: string): number {
    const data = this.table.data;
    let id = data[2 * slot + 1];
    if (id < 0) {
      id = this.free.pop() ?? this.terms.length;
      this.terms[id] = term;
      this.slots[id] = slot;
      data[2 * slot + 1] = id;
      this.held++;
    }
    return id;
  }

  /** The term holding an id (undefined when free). */
  term(id: number): string | undefined {
    return this.terms[id];
  }

  /** The vector with the ids of its keys (keys and values shared, not copied). */
  intern(v: SparseVector): IdVector {
    const ids = new Array<number>(v.keys.length);
    for (let i = 0; i < ids.length; i++) ids[i] = this.id(v.keys[i]);
    return { keys: v.keys, vals: v.vals, ids };
  }

  /** Terms currently holding an id. */
  get size(): number {
    return this.held;
  }

  /** One more than the highest id ever assigned: the length a dense per-id array needs. */
  get capacity(): number {
    return this.terms.length;
  }

  /** Every id's term ("" for a free id) and the free ids in the order they are reused from. */
  state(): { terms: string[]; free: number[] } {
    return { terms: Array.from(this.terms, (t) => t ?? ""), free: this.free.slice() };
  }

  /** Replaces the ids with a saved state (ids as they were: the free ones are those listed). */
  load(state: { terms: string[]; free: number[] }): void {
    const terms: (string | undefined)[] = state.terms;
    for (const id of state.free) terms[id] = undefined;
    const unique = new Set<string>();
    for (const t of terms) if (t !== undefined) unique.add(t);
    if (unique.size + state.free.length !== terms.length)
      throw new Error("vocabulary state repeats a term");
    for (let id = 0; id < this.terms.length; id++) this.drop(id);
    const slots = new Array<number>(terms.length).fill(-1);
    for (let id = 0; id < terms.length; id++) {
      const t = terms[id];
      if (t === undefined) continue;
      slots[id] = this.table.slot(t);
      this.table.data[2 * slots[id] + 1] = id;
    }
    this.terms = terms;
    this.slots = slots;
    this.free = state.free;
    this.held = unique.size;
  }

  /** Frees every id whose mark is not set (`marked[id] === 1` keeps it). */
  retain(marked: Uint8Array): void {
    for (let id = this.terms.length - 1; id >= 0; id--) {
      if (this.terms[id] === undefined || marked[id] === 1) continue;
      this.drop(id);
      this.free.push(id);
    }
  }

  /** Takes an id from its term (which the table drops unless counted). */
  private drop(id: number): void {
    const term = this.terms[id];
    if (term === undefined) return;
    const slot = this.slots[id];
    this.table.data[2 * slot + 1] = -1;
    this.table.release(term, slot);
    this.terms[id] = undefined;
    this.held--;
  }
}
