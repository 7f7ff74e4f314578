// An in-memory LSH band index over the most recently stored signatures: band key -> articles.
// A B-tree of band keys (article_bands, schema versions 3 to 7) took 16 inserts at random places
// per article, so every batch dirtied more pages as the store grew and both the lookup and the
// commit slowed down with size; here a lookup is a few hash probes and an insert costs nothing on
// disk. It holds the last `capacity` articles in insertion order (a ring), which bounds both its
// memory and the candidates of an article: copies are looked for among those articles only.
//
// Layout, all typed arrays so that 100,000 articles take about 50 MB and no garbage: per ring
// slot the article's seq, time and signature; an open-addressing hash (linear probing) from each
// band key to the slots holding it, deleted from with backward shifts (no tombstones), so a long
// run never degrades it.
import { BAND_ROWS, bands, NEAR_DUPLICATE_JACCARD, SIGNATURE_SIZE } from "../articles/dedupe.ts";

const BANDS = SIGNATURE_SIZE / BAND_ROWS;
const EMPTY = -1;

/** A stored article the lookup found: its seq, time and signature. */
export interface BandMatch {
  seq: number;
  at: number;
  sig: Uint32Array;
}

export class BandIndex {
  /** Ring: slot -> seq (NaN: free or dropped), time, signature (SIGNATURE_SIZE uint32s). */
  private seqs: Float64Array;
  private ats: Float64Array;
  private sigs: Uint32Array;
  /** Lookup stamp per slot, so that a slot found under several bands is compared once. */
  private stamps: Uint32Array;
  private stamp = 0;
  /** Slots used so far (they grow up to capacity, then the oldest is reused). */
  private used = 0;
  private next = 0;
  /** Hash: the band key's low 32 bits, and slot * BANDS + band (EMPTY when free). */
  private keys: Uint32Array;
  private values: Int32Array;
  private entries = 0;
  /** The highest seq added (a caller reads newer stored signatures from here on). */
  lastSeq = 0;

  constructor(readonly capacity: number) {
    const slots = Math.min(capacity, 1024);
    this.seqs = new Float64Array(slots).fill(Number.NaN);
    this.ats = new Float64Array(slots);
    this.sigs = new Uint32Array(slots * SIGNATURE_SIZE);
    this.stamps = new Uint32Array(slots);
    // A power of two (probes wrap with a mask), at most half full.
    const size = 2 ** Math.ceil(Math.log2(2 * slots * BANDS));
    this.keys = new Uint32Array(size);
    this.values = new Int32Array(size).fill(EMPTY);
  }

  /** Articles held. */
  get size(): number {
    let n = 0;
    for (let i = 0; i < this.used; i++) if (!Number.isNaN(this.seqs[i])) n++;
    return n;
  }

  /** Adds a stored article (seqs must increase); the oldest leaves once the index is full. */
  add(seq: number, at: number, sig: Uint32Array): void {
    if (this.next === this.seqs.length && this.used < this.capacity) this.growRing();
    const slot = this.next;
    if (slot < this.used && !Number.isNaN(this.seqs[slot])) this.unlink(slot);
    this.seqs[slot] = seq;
    this.ats[slot] = at;
    this.sigs.set(sig, slot * SIGNATURE_SIZE);
    if (slot === this.used) this.used++;
    this.next = (slot + 1) % this.capacity;
    if (2 * (this.entries + BANDS) > this.keys.length) this.growHash();
    const keys = bands(sig);
    for (let b = 0; b < BANDS; b++) this.insertKey(keys[b], slot * BANDS + b);
    if (seq > this.lastSeq) this.lastSeq = seq;
  }

  /** Forgets articles by seq (deleted from the store); seqs not held are ignored. */
  drop(seqs: Iterable<number>): void {
    const wanted = new Set(seqs);
    if (wanted.size === 0) return;
    for (let slot = 0; slot < this.used; slot++) {
      if (wanted.has(this.seqs[slot])) {
        this.unlink(slot);
        this.seqs[slot] = Number.NaN;
      }
    }
  }

  /**
   * Every held article that shares a band key with `keys` (the bands of `sig`), lies within
   * windowMs of `at` and is a near-duplicate of `sig`, each once, oldest seq first.
   */
  matches(sig: Uint32Array, keys: number[], at: number, windowMs: number): BandMatch[] {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    const out: BandMatch[] = [];
    const allowed = SIGNATURE_SIZE - Math.ceil(NEAR_DUPLICATE_JACCARD * SIGNATURE_SIZE);
    const mask = this.keys.length - 1;
    for (let b = 0; b < keys.length; b++) {
      const low = keys[b] >>> 0;
      for (let i = hash(low) & mask; this.values[i] !== EMPTY; i = (i + 1) & mask) {
        const v = this.values[i];
        if (this.keys[i] !== low || v % BANDS !== b) continue;
        const slot = (v - b) / BANDS;
        if (this.stamps[slot] === this.stamp) continue;
        this.stamps[slot] = this.stamp;
        if (Math.abs(this.ats[slot] - at) > windowMs) continue;
        // Most candidates are same-story articles that are not copies: stop at the first
        // position too many that differs.
        const base = slot * SIGNATURE_SIZE;
        let differ = 0;
        for (let k = 0; k < SIGNATURE_SIZE && differ <= allowed; k++) {
          if (sig[k] !== this.sigs[base + k]) differ++;
        }
        if (differ > allowed) continue;
        out.push({
          seq: this.seqs[slot],
          at: this.ats[slot],
          sig: this.sigs.slice(base, base + SIGNATURE_SIZE),
        });
      }
    }
    return out.sort((x, y) => x.seq - y.seq);
  }

  private insertKey(key: number, value: number): void {
    const low = key >>> 0;
    const mask = this.keys.length - 1;
    let i = hash(low) & mask;
    while (this.values[i] !== EMPTY) i = (i + 1) & mask;
    this.keys[i] = low;
    this.values[i] = value;
    this.entries++;
  }

  /** Removes a slot's band keys from the hash. */
  private unlink(slot: number): void {
    const keys = bands(this.sigs.subarray(slot * SIGNATURE_SIZE, (slot + 1) * SIGNATURE_SIZE));
    const mask = this.keys.length - 1;
    for (let b = 0; b < BANDS; b++) {
      const low = keys[b] >>> 0;
      const value = slot * BANDS + b;
      let i = hash(low) & mask;
      while (this.values[i] !== EMPTY && this.values[i] !== value) i = (i + 1) & mask;
      if (this.values[i] === EMPTY) continue;
      // Backward-shift deletion: pull later entries of the run into the hole when their home
      // position does not lie (cyclically) between the hole and them.
      let hole = i;
      for (let j = (i + 1) & mask; this.values[j] !== EMPTY; j = (j + 1) & mask) {
        const home = hash(this.keys[j]) & mask;
        if (((j - home) & mask) >= ((j - hole) & mask)) {
          this.keys[hole] = this.keys[j];
          this.values[hole] = this.values[j];
          hole = j;
        }
      }
      this.values[hole] = EMPTY;
      this.entries--;
    }
  }

  private growRing(): void {
    const slots = Math.min(this.capacity, this.seqs.length * 2);
    if (slots === this.seqs.length) return;
    const seqs = new Float64Array(slots).fill(Number.NaN);
    seqs.set(this.seqs);
    const ats = new Float64Array(slots);
    ats.set(this.ats);
    const sigs = new Uint32Array(slots * SIGNATURE_SIZE);
    sigs.set(this.sigs);
    const stamps = new Uint32Array(slots);
    stamps.set(this.stamps);
    [this.seqs, this.ats, this.sigs, this.stamps] = [seqs, ats, sigs, stamps];
  }

  private growHash(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.values = new Int32Array(oldValues.length * 2).fill(EMPTY);
    this.entries = 0;
    for (let i = 0; i < oldValues.length; i++) {
      if (oldValues[i] !== EMPTY) this.insertKey(oldKeys[i], oldValues[i]);
    }
  }
}

/** Spreads a band key's low bits (already a hash, but equal rows of a band agree on them). */
function hash(low: number): number {
  return Math.imul(low ^ (low >>> 16), 0x45d9f3b) >>> 0;
}
