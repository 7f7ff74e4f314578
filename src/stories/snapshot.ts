// Binary forms of what a restart needs to rebuild the clusterer without re-reading texts: each
// member's kept features (written with its assignment) and the document-frequency table (saved
// now and then). Values are float64, so a member decodes to exactly the vectors it was clustered
// with and the restored clusterer scores as the running one did. Pure: bytes in, bytes out.

import type { MemberFeatures } from "./cluster.ts";
import type { DocFreqState, SparseVector } from "./features.ts";

const MEMBER_FORMAT = 1;
const DOCFREQ_FORMAT = 1;
/** Separates keys (stems, "@entities", words) in the string part: never in tokenised text. */
const SEP = "\u0000";

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * Layout: u8 format, u8 hasText, f64 time (NaN: none), u16 sizes of title/text/entities, f64
 * values of the three vectors, then UTF-8 of their keys and the text terms' surface words (empty
 * when equal to the key), all joined by NUL.
 */
export function encodeMember(f: MemberFeatures): Uint8Array {
  const { title, text, ent } = f.p;
  const words = text.keys.map((k, i) => (f.words[i] === k ? "" : (f.words[i] ?? "")));
  const strings = utf8.encode([...title.keys, ...text.keys, ...ent.keys, ...words].join(SEP));
  const count = title.keys.length + text.keys.length + ent.keys.length;
  const head = 16;
  const out = new Uint8Array(head + count * 8 + strings.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, MEMBER_FORMAT);
  view.setUint8(1, f.p.hasText ? 1 : 0);
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

/** The member features of article `id` from encodeMember's bytes. */
export function decodeMember(id: string, bytes: Uint8Array): MemberFeatures {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== MEMBER_FORMAT) throw new Error(`unknown member format ${bytes[0]}`);
  const time = view.getFloat64(2, true);
  const sizes = [view.getUint16(10, true), view.getUint16(12, true), view.getUint16(14, true)];
  const count = sizes[0] + sizes[1] + sizes[2];
  const strings = fromUtf8.decode(bytes.subarray(16 + count * 8)).split(SEP);
  let at = 16;
  let k = 0;
  const vectors: SparseVector[] = sizes.map((n) => {
    const keys = strings.slice(k, k + n);
    const vals = new Array<number>(n);
    for (let i = 0; i < n; i++, at += 8) vals[i] = view.getFloat64(at, true);
    k += n;
    return { keys, vals };
  });
  const [title, text, ent] = vectors;
  const words = text.keys.map((key, i) => strings[k + i] || key);
  return {
    p: {
      id,
      time: Number.isNaN(time) ? null : time,
      hasText: view.getUint8(1) === 1,
      title,
      text,
      ent,
      surface: new Map(),
    },
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
