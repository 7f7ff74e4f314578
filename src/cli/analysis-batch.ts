// A batch of analyses (features.ts `analyse`): made the same way on any thread (a failure names
// its article), and packed for a message between threads: every string in one flat array and
// every number in one Float64Array (its buffer is transferred, not copied). Weighed articles
// (weigher.ts), what the analysis threads send the clusterer's thread, are packed the same way.
// Receiving this costs the clusterer's thread (the one that bounds the speed) about 8-11 µs an
// article against 10-30 µs for the analyses cloned as objects (bench/analysis-transfer.ts).
import { type Analysis, analyse, fromTextKind, textKind } from "../stories/features.ts";
import type { ClusterInput } from "../stories/types.ts";
import type { Weights } from "../stories/vocab.ts";
import type { WeighedArticle } from "../stories/weigher.ts";

/** The analyses of a batch; throws one line naming the article that cannot be analysed. */
export function analyseBatch(batch: readonly ClusterInput[]): Analysis[] {
  return batch.map((a) => {
    try {
      return analyse(a);
    } catch (err) {
      throw new Error(`cannot analyse article "${a.id}": ${(err as Error).message}`);
    }
  });
}

export interface PackedAnalyses {
  /** Per article: id, language, then term and surface word (null when equal to the term), then entities. */
  strings: (string | null)[];
  /** Per article: time (NaN when unknown), textKind, term, title term and entity counts, then the counts. */
  numbers: Float64Array<ArrayBuffer>;
}

export function packAnalyses(batch: readonly Analysis[]): PackedAnalyses {
  const strings: (string | null)[] = [];
  const numbers: number[] = [];
  for (const a of batch) {
    strings.push(a.id, a.lang);
    numbers.push(
      a.time ?? Number.NaN,
      textKind(a),
      a.terms.length,
      a.titleCounts.length,
      a.ents.length,
    );
    for (let i = 0; i < a.terms.length; i++) {
      strings.push(a.terms[i], a.words[i] === a.terms[i] ? null : a.words[i]);
      numbers.push(a.textCounts[i]);
    }
    for (const c of a.titleCounts) numbers.push(c);
    for (let i = 0; i < a.ents.length; i++) {
      strings.push(a.ents[i]);
      numbers.push(a.entCounts[i]);
    }
  }
  return { strings, numbers: Float64Array.from(numbers) };
}

export function unpackAnalyses({ strings, numbers }: PackedAnalyses): Analysis[] {
  const out: Analysis[] = [];
  let s = 0;
  let n = 0;
  const str = () => strings[s++] as string;
  while (n < numbers.length) {
    const id = str();
    const lang = str();
    const time = numbers[n++];
    const kind = numbers[n++];
    const termCount = numbers[n++];
    const titleCount = numbers[n++];
    const entCount = numbers[n++];
    const terms: string[] = [];
    const words: string[] = [];
    const textCounts: number[] = [];
    for (let i = 0; i < termCount; i++) {
      const term = str();
      terms.push(term);
      const word = strings[s++];
      words.push(word ?? term);
      textCounts.push(numbers[n++]);
    }
    const titleCounts: number[] = [];
    for (let i = 0; i < titleCount; i++) titleCounts.push(numbers[n++]);
    const ents: string[] = [];
    const entCounts: number[] = [];
    for (let i = 0; i < entCount; i++) {
      ents.push(str());
      entCounts.push(numbers[n++]);
    }
    out.push({
      id,
      time: Number.isNaN(time) ? null : time,
      lang,
      terms,
      textCounts,
      titleCounts,
      words,
      ents,
      entCounts,
      ...fromTextKind(kind),
    });
  }
  return out;
}

/** Weighed articles (weigher.ts) packed for a message, as `packAnalyses` packs analyses. */
export interface PackedWeighed {
  /** Per article: id, language, surface words, then the keys of its new slots, then its given keys. */
  strings: string[];
  /** Per article: time (NaN when unknown), textKind, the counts of new slots, title, text and entity entries and given keys, then the new slots, then each vector's slots and values. */
  numbers: Float64Array<ArrayBuffer>;
}

export function packWeighed(batch: readonly WeighedArticle[]): PackedWeighed {
  const strings: string[] = [];
  const numbers: number[] = [];
  for (const w of batch) {
    strings.push(w.id, w.lang, w.words, ...w.newKeys, ...w.keys);
    numbers.push(
      w.time ?? Number.NaN,
      textKind(w),
      w.newSlots.length,
      w.title.ids.length,
      w.text.ids.length,
      w.ent.ids.length,
      w.keys.length,
      ...w.newSlots,
    );
    for (const v of [w.title, w.text, w.ent]) numbers.push(...v.ids, ...v.vals);
  }
  return { strings, numbers: Float64Array.from(numbers) };
}

/**
 * The weighed articles of a packed batch, each decoded only when the iteration reaches it: the
 * clusterer's thread takes them one by one, so what it does not keep of an article dies young
 * instead of waiting, decoded, for the rest of its batch (and being promoted with it).
 */
export function* unpackWeighed({ strings, numbers }: PackedWeighed): Generator<WeighedArticle> {
  let s = 0;
  let n = 0;
  const weights = (length: number): Weights => {
    const ids = new Array<number>(length);
    const vals = new Array<number>(length);
    for (let i = 0; i < length; i++) ids[i] = numbers[n + i];
    n += length;
    for (let i = 0; i < length; i++) vals[i] = numbers[n + i];
    n += length;
    return { ids, vals };
  };
  while (n < numbers.length) {
    const id = strings[s++];
    const lang = strings[s++];
    const words = strings[s++];
    const time = numbers[n];
    const kind = numbers[n + 1];
    const fresh = numbers[n + 2];
    const titles = numbers[n + 3];
    const texts = numbers[n + 4];
    const ents = numbers[n + 5];
    const given = numbers[n + 6];
    n += 7;
    const newSlots = new Array<number>(fresh);
    for (let i = 0; i < fresh; i++) newSlots[i] = numbers[n + i];
    n += fresh;
    const newKeys = strings.slice(s, s + fresh);
    s += fresh;
    const keys = given === 0 ? NO_KEYS : strings.slice(s, s + given);
    s += given;
    yield {
      id,
      time: Number.isNaN(time) ? null : time,
      ...fromTextKind(kind),
      lang,
      title: weights(titles),
      text: weights(texts),
      ent: weights(ents),
      words,
      newSlots,
      newKeys,
      keys,
    };
  }
}

const NO_KEYS: string[] = [];
