// Binary forms of what a restart needs to rebuild the clusterer without re-reading texts: each
// member's kept features (written with its assignment) and the document-frequency table (saved
// now and then). Values are float64, so a member decodes to exactly the vectors it was clustered
// with and the restored clusterer scores as the running one did. Pure: bytes in, bytes out.

import { type DocFreqState, fromTextKind, textKind, type Weighed } from "./features.ts";
import type { MemberFeatures } from "./group.ts";
import type { RecutPart } from "./types.ts";
import type { TermNames } from "./vocab.ts";

const MEMBER_FORMAT = 1;
/** MEMBER_FORMAT's layout followed by the re-cuts the member caused (encodeMember). */
const MEMBER_WITH_CUTS = 2;
const DOCFREQ_FORMAT = 1;
/** Separates keys (stems, "@entities", words) in the string part: never in tokenised text. */
const SEP = "\u0000";
/** The same separator joins a live member's surface words (the clusterer's `Member.words`). */
export const WORD_SEP = SEP;

/** What TermCache.idOf needs of the clusterer's vocabulary. */
export interface TermIds extends TermNames {
  id(term: string): number;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * Layout: u8 format, u8 textKind, f64 time (NaN: none), u16 sizes of title/text/entities, f64
 * values of the three vectors, then UTF-8 of their keys and the text terms' surface words (empty
 * when equal to the key), all joined by NUL. With `cuts` (the re-cut parts the member's joining
 * split off, Assignment.split): format 2, the same followed by their UTF-8 JSON and its u32
 * length, so that a restore replays each cut right after the member that caused it.
 */
export function encodeMember(f: MemberFeatures, cuts: readonly RecutPart[] = []): Uint8Array {
  const body = encodeFeatures(f);
  if (cuts.length === 0) return body;
  const json = utf8.encode(JSON.stringify(cuts));
  const out = new Uint8Array(body.length + json.length + 4);
  out.set(body);
  out[0] = MEMBER_WITH_CUTS;
  out.set(json, body.length);
  new DataView(out.buffer).setUint32(body.length + json.length, json.length, true);
  return out;
}

/** The re-cuts stored with a member's features (encodeMember), in their order. */
export function decodeCuts(bytes: Uint8Array): RecutPart[] {
  if (bytes[0] !== MEMBER_WITH_CUTS) return [];
  const end = featuresEnd(bytes);
  return JSON.parse(fromUtf8.decode(bytes.subarray(end, bytes.length - 4))) as RecutPart[];
}

/** Where the features end (the cuts of format 2 follow). */
function featuresEnd(bytes: Uint8Array): number {
  if (bytes[0] === MEMBER_FORMAT) return bytes.length;
  if (bytes[0] !== MEMBER_WITH_CUTS) throw new Error(`unknown member format ${bytes[0]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes.length - 4 - view.getUint32(bytes.length - 4, true);
}

function encodeFeatures(f: MemberFeatures): Uint8Array {
  const { title, text, ent } = f.p;
  const words = text.keys.map((k, i) => (f.words[i] === k ? "" : (f.words[i] ?? "")));
  const strings = utf8.encode([...title.keys, ...text.keys, ...ent.keys, ...words].join(SEP));
  const count = title.keys.length + text.keys.length + ent.keys.length;
  const head = 16;
  const out = new Uint8Array(head + count * 8 + strings.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, MEMBER_FORMAT);
  view.setUint8(1, textKind(f.p));
  view.setFloat64(2, f.p.time ?? Number.NaN, true);
  view.setUint16(10, title.keys.length, true);
  view.setUint16(12, text.keys.length, true);
  view.setUint16(14, ent.keys.length, true);
  let at = head;
  for (const v of [title, text, ent]) {
    for (const x of v.vals) {
      view.setFloat64(at, x, true);
      at += 8;
    }
  }
  out.set(strings, at);
  return out;
}

/**
 * The distinct terms of many decoded members, by their UTF-8 bytes: a restore decodes each
 * distinct term once (a restored window holds each common term in thousands of members) and
 * finds its vocabulary id without hashing the string again.
 * Open addressing on an FNV-1a hash of the bytes; a hit is confirmed byte for byte.
 */
export class TermCache {
  /** Slot -> index of the term + 1 (0: empty); length a power of two, at most half full. */
  private slots = new Int32Array(1 << 12);
  private hashes: number[] = [];
  private starts: number[] = [];
  private terms: string[] = [];
  /** The vocabulary id each term was last given (-1: none yet). */
  private ids: number[] = [];
  private arena = new Uint8Array(1 << 16);
  private used = 0;

  /**
   * The vocabulary id of term `t`: the one it was last given while the vocabulary still holds
   * it there (ids are recycled), else a lookup. Saves the vocabulary's hash lookups of a restore.
   */
  idOf(t: number, vocab: TermIds): number {
    if (t < 0) return vocab.id("");
    const known = this.ids[t];
    const term = this.terms[t];
    if (known >= 0 && vocab.term(known) === term) return known;
    const id = vocab.id(term);
    this.ids[t] = id;
    return id;
  }

  /** The index of the term of `bytes[start, end)`, decoded only the first time these bytes are seen. */
  index(bytes: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const t = this.slots[s] - 1;
      if (t < 0) return this.insert(s, h, bytes, start, end);
      if (this.hashes[t] !== h) continue;
      const at = this.starts[t];
      if (this.starts[t + 1] - at !== len) continue;
      let same = true;
      for (let i = 0; i < len && same; i++) same = this.arena[at + i] === bytes[start + i];
      if (same) return t;
    }
  }

  private insert(slot: number, h: number, bytes: Uint8Array, start: number, end: number): number {
    const term = fromUtf8.decode(bytes.subarray(start, end));
    const t = this.terms.length;
    if (this.used + end - start > this.arena.length) {
      const grown = new Uint8Array(Math.max(2 * this.arena.length, this.used + end - start));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    this.arena.set(bytes.subarray(start, end), this.used);
    this.starts[t] = this.used;
    this.used += end - start;
    this.starts[t + 1] = this.used;
    this.hashes.push(h);
    this.terms.push(term);
    this.ids.push(-1);
    this.slots[slot] = t + 1;
    if (2 * this.terms.length > this.slots.length) this.grow();
    return t;
  }

  private grow(): void {
    const slots = new Int32Array(2 * this.slots.length);
    const mask = slots.length - 1;
    for (let t = 0; t < this.terms.length; t++) {
      let s = this.hashes[t] & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = t + 1;
    }
    this.slots = slots;
  }
}

/** The time of encodeMember's bytes (null: none), read before the rest is decoded. */
export function keptTime(bytes: Uint8Array): number | null {
  const time = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat64(2, true);
  return Number.isNaN(time) ? null : time;
}

/**
 * What the clusterer keeps of article `id`, straight from encodeMember's bytes: weights by the
 * vocabulary's ids (each distinct term decoded once per restore, through the cache), and the
 * surface words in the clusterer's form (joined by WORD_SEP, "" for a word equal to its term,
 * "" when all are): no key strings and no per-term strings are made for a member.
 */
export function decodeKept(
  id: string,
  bytes: Uint8Array,
  cache: TermCache,
  vocab: TermIds,
): Weighed & { words: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = featuresEnd(bytes);
  const sizes = [view.getUint16(10, true), view.getUint16(12, true), view.getUint16(14, true)];
  const count = sizes[0] + sizes[1] + sizes[2];
  let at = 16;
  let from = 16 + count * 8;
  const [title, text, ent] = sizes.map((n) => {
    const ids = new Array<number>(n);
    const vals = new Array<number>(n);
    for (let i = 0; i < n; i++, at += 8) {
      vals[i] = view.getFloat64(at, true);
      let to = from;
      while (to < end && bytes[to] !== 0) to++;
      ids[i] = cache.idOf(to === from ? -1 : cache.index(bytes, from, to), vocab);
      from = to + 1;
    }
    return { ids, vals };
  });
  // The words: empty entries (equal to their terms) are bare separators.
  let words = "";
  for (let i = from; i < end; i++) {
    if (bytes[i] !== 0) {
      words = fromUtf8.decode(bytes.subarray(from, end));
      break;
    }
  }
  const kind = view.getUint8(1);
  return {
    id,
    time: keptTime(bytes),
    ...fromTextKind(kind),
    title,
    text,
    ent,
    words,
  };
}

/** Layout: u8 format, f64 document count, u32 keys, f64 counts, UTF-8 keys joined by NUL. */
export function encodeDocFreq(state: DocFreqState): Uint8Array {
  const strings = utf8.encode(state.keys.join(SEP));
  const n = state.keys.length;
  const out = new Uint8Array(13 + n * 8 + strings.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, DOCFREQ_FORMAT);
  view.setFloat64(1, state.n, true);
  view.setUint32(9, n, true);
  for (let i = 0; i < n; i++) view.setFloat64(13 + i * 8, state.counts[i], true);
  out.set(strings, 13 + n * 8);
  return out;
}

export function decodeDocFreq(bytes: Uint8Array): DocFreqState {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== DOCFREQ_FORMAT) throw new Error(`unknown DocFreq format ${bytes[0]}`);
  const n = view.getUint32(9, true);
  const counts = new Array<number>(n);
  for (let i = 0; i < n; i++) counts[i] = view.getFloat64(13 + i * 8, true);
  const keys = n === 0 ? [] : fromUtf8.decode(bytes.subarray(13 + n * 8)).split(SEP);
  return { n: view.getFloat64(1, true), keys, counts };
}
