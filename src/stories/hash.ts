// Hashes for deterministic choices that must not depend on order, clock or Math.random: story
// ids, a story's renewal stagger, a feed's poll jitter.

/** 32-bit FNV-1a of a string's UTF-16 code units, from a seed (the offset basis). */
export function fnv1a32(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A number in [0, 1) from a 32-bit hash, its bits mixed by murmur3's finaliser first (FNV-1a's
 * high bits alone vary little between similar strings). */
export function unitOf(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

// Two 32-bit FNV-1a hashes with different seeds make a 64-bit id that depends only on the input.
function fnv(s: string, seed: number): string {
  return fnv1a32(s, seed).toString(16).padStart(8, "0");
}

/** Stable id derived from a string (e.g. the founding article id): never from order or clock. */
export function derivedId(prefix: string, s: string): string {
  return `${prefix}${fnv(s, 0x811c9dc5)}${fnv(s, 0x01234567)}`;
}
