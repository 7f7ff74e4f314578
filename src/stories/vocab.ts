// Terms and entity keys interned to small integer ids, so that the clusterer's hot loops (cosines,
// index postings) index arrays instead of hashing strings. Ids never decide anything: every
// ordering and tie-break still uses the strings, so interning changes no score and no assignment.

import type { SparseVector } from "./features.ts";

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
 */
export class Vocab implements TermNames {
  private byTerm = new Map<string, number>();
  private terms: (string | undefined)[] = [];
  private free: number[] = [];

  /** The id of a term, assigning one (a recycled one first) when it is new. */
  id(term: string): number {
    let id = this.byTerm.get(term);
    if (id === undefined) {
      id = this.free.pop() ?? this.terms.length;
      this.terms[id] = term;
      this.byTerm.set(term, id);
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
    return this.byTerm.size;
  }

  /** One more than the highest id ever assigned: the length a dense per-id array needs. */
  get capacity(): number {
    return this.terms.length;
  }

  /** Every id's term ("" for a free id) and the free ids in the order they are reused from. */
  state(): { terms: string[]; free: number[] } {
    return { terms: Array.from(this.terms, (t) => t ?? ""), free: this.free.slice() };
  }

  /** Replaces the table with a saved state (ids as they were: the free ones are those listed). */
  load(state: { terms: string[]; free: number[] }): void {
    const terms: (string | undefined)[] = state.terms;
    for (const id of state.free) terms[id] = undefined;
    const byTerm = new Map<string, number>();
    for (let id = 0; id < terms.length; id++) {
      const t = terms[id];
      if (t !== undefined) byTerm.set(t, id);
    }
    if (byTerm.size + state.free.length !== terms.length)
      throw new Error("vocabulary state repeats a term");
    this.terms = terms;
    this.byTerm = byTerm;
    this.free = state.free;
  }

  /** Frees every id whose mark is not set (`marked[id] === 1` keeps it). */
  retain(marked: Uint8Array): void {
    for (let id = this.terms.length - 1; id >= 0; id--) {
      const term = this.terms[id];
      if (term === undefined || marked[id] === 1) continue;
      this.byTerm.delete(term);
      this.terms[id] = undefined;
      this.free.push(id);
    }
  }
}
