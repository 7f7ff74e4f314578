// Near-duplicate detection for wire copies: the same story republished by several outlets with
// small edits. Pure and deterministic. Each article gets a MinHash signature over its word
// 2-shingles (title + text; bigrams keep a copy with a new headline and a dropped dateline above
// 0.6 where trigrams fall to 0.55); signatures are cut into LSH bands so the store can find candidates
// by exact band match through an index, then candidates are confirmed by the estimated Jaccard
// similarity of their signatures. Hand-written because it is ~100 lines and must match byte for
// byte between the SQLite and PostgreSQL backends (both store the same bands).

/** Number of MinHash functions in a signature. */
export const SIGNATURE_SIZE = 48;
/**
 * Rows per LSH band: SIGNATURE_SIZE / BAND_ROWS bands. With 16 bands of 3 rows a pair with
 * Jaccard 0.5 becomes a candidate with probability 0.88, 0.6 with 0.98, 0.2 with 0.12.
 */
export const BAND_ROWS = 3;
/** Estimated Jaccard similarity (of word bigrams) at or above which articles are near-duplicates. */
export const NEAR_DUPLICATE_JACCARD = 0.5;
/** Articles with fewer words than this get no signature: too short to tell copies from chance. */
export const MIN_WORDS = 8;
const SHINGLE = 2;

/** Lowercased words (letters and digits, diacritics kept) of a text. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: a cheap bijective mixer. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fixed per-function seeds (derived, not random, so signatures never change between runs). */
const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix32(0x9e3779b9 * (i + 1)));

/** Hashes of the distinct word 2-shingles of title + text (single words when shorter). */
export function shingles(title: string, text: string): number[] {
  const w = words(`${title} ${text}`);
  const out = new Set<number>();
  if (w.length < SHINGLE) {
    for (const x of w) out.add(fnv1a(x));
  } else {
    for (let i = 0; i + SHINGLE <= w.length; i++) out.add(fnv1a(w.slice(i, i + SHINGLE).join(" ")));
  }
  return [...out];
}

/** MinHash signature of an article, or null when it has fewer than MIN_WORDS words. */
export function signature(title: string, text: string): Uint32Array | null {
  if (words(`${title} ${text}`).length < MIN_WORDS) return null;
  const sh = shingles(title, text);
  const sig = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const h of sh) {
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const v = mix32(h ^ SEEDS[i]);
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}

/**
 * LSH band keys of a signature: one integer per band (the band number in the top bits so equal
 * rows in different bands never collide), safe as a JavaScript number and a SQL BIGINT.
 */
export function bands(sig: Uint32Array): number[] {
  const out: number[] = [];
  for (let b = 0; b * BAND_ROWS < sig.length; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < BAND_ROWS; r++)
      h = mix32(Math.imul(h, 0x01000193) ^ sig[b * BAND_ROWS + r]);
    out.push(b * 2 ** 32 + h);
  }
  return out;
}

/** Estimated Jaccard similarity of two signatures: the share of equal positions. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** True when two signatures are near-duplicates. */
export function isNearDuplicate(a: Uint32Array, b: Uint32Array): boolean {
  return similarity(a, b) >= NEAR_DUPLICATE_JACCARD;
}

/** A stored candidate for near-duplicate matching. */
export interface DuplicateCandidate {
  id: string;
  signature: Uint32Array;
  /** The candidate's own duplicateOf (its earliest copy), or null when it is an original. */
  duplicateOf: string | null;
  /** Published-or-fetched time, for choosing the earliest copy. */
  at: number;
}

/**
 * The id of the earliest copy the new signature duplicates, among candidates (found by band), or
 * null. Copies point at the original (never at another copy), so chains stay one link long.
 */
export function earliestCopy(sig: Uint32Array, candidates: DuplicateCandidate[]): string | null {
  let best: DuplicateCandidate | null = null;
  for (const c of candidates) {
    if (!isNearDuplicate(sig, c.signature)) continue;
    if (!best || c.at < best.at || (c.at === best.at && c.id < best.id)) best = c;
  }
  if (!best) return null;
  return best.duplicateOf ?? best.id;
}

/** Signature as bytes for storage (little-endian uint32s), and back. */
export function signatureToBytes(sig: Uint32Array): Buffer {
  const buf = Buffer.alloc(sig.length * 4);
  for (let i = 0; i < sig.length; i++) buf.writeUInt32LE(sig[i], i * 4);
  return buf;
}

export function signatureFromBytes(buf: Uint8Array): Uint32Array {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const sig = new Uint32Array(buf.byteLength / 4);
  for (let i = 0; i < sig.length; i++) sig[i] = view.getUint32(i * 4, true);
  return sig;
}
