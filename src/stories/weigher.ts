// Weighing apart from the clusterer. Document frequencies depend only on the stream of articles
// (every article's keys, in stream order, per language), never on a clustering decision, so a
// Weigher that is given every article of a stream in its order keeps the very counts the
// clusterer would and weighs each article's vectors exactly as the clusterer would
// (features.ts `weighAnalysis`). The analysis threads (src/cli/analyse-pool.ts) run one, so that
// the clusterer's thread, which bounds the speed, only maps keys to its vocabulary ids.
//
// Keys travel as numbers: the slot of the key in the Weigher's own table (recycled as the table
// forgets keys), with the key's string only when the slot holds a key the clusterer has not been
// told of. The clusterer keeps what each slot holds (SlotIds) and maps a slot to its vocabulary
// id with an array read instead of a string lookup.
import { type Analysis, DocFreq, KEEP_TEXT, type Prepared, weighSlots } from "./features.ts";
import { WORD_SEP } from "./snapshot.ts";
import type { Vocab, Weights } from "./vocab.ts";

/**
 * An article weighed by a Weigher: its vectors' entries name keys by the Weigher's slots (-1: the
 * key is given in `keys`), in the order of `Prepared`'s vectors.
 */
export interface WeighedArticle {
  id: string;
  time: number | null;
  hasText: boolean;
  lede: boolean;
  /** The language (`Analysis.lang`): each language has its own counts, and its own slots. */
  lang: string;
  title: Weights;
  text: Weights;
  ent: Weights;
  /** What a member keeps of its text terms' surface words (`surfaceWords` of its KEEP_TEXT first). */
  words: string;
  /** Slots that hold a key the clusterer was not told of, and those keys: learnt before any entry is read. */
  newSlots: number[];
  newKeys: string[];
  /** The key of each entry whose slot is -1, in entry order (every entry after a decay, else none). */
  keys: string[];
}

/** Per language: the counts, and the key the clusterer was last told each slot holds. */
interface Counts {
  df: DocFreq;
  told: (string | undefined)[];
}

/** Document frequencies of a stream, per language, and the articles weighed with them. */
export class Weigher {
  private readonly langs = new Map<string, Counts>();
  private readonly slots: number[] = [];

  /** `halfLife`: as the clusterer's (ClusterOptions.docFreqHalfLife). */
  constructor(private readonly halfLife?: number) {}

  /** Counts an article (the next of the stream) and weighs it. */
  weigh(an: Analysis): WeighedArticle {
    const c = this.counts(an.lang);
    const p = weighSlots(an, c.df, this.slots);
    const newSlots: number[] = [];
    const newKeys: string[] = [];
    const keys: string[] = [];
    let at = 0;
    const entries = (v: Prepared["title"]): Weights => {
      const ids = new Array<number>(v.keys.length);
      for (let i = 0; i < ids.length; i++, at++) {
        const key = v.keys[i];
        if (this.slots.length === 0) {
          ids[i] = -1;
          keys.push(key);
          continue;
        }
        const s = this.slots[at];
        if (c.told[s] !== key) {
          c.told[s] = key;
          newSlots.push(s);
          newKeys.push(key);
        }
        ids[i] = s;
      }
      return { ids, vals: v.vals };
    };
    return {
      id: p.id,
      time: p.time,
      hasText: p.hasText,
      lede: p.lede,
      lang: an.lang,
      title: entries(p.title),
      text: entries(p.text),
      ent: entries(p.ent),
      words: surfaceWords(p, KEEP_TEXT),
      newSlots,
      newKeys,
      keys,
    };
  }

  /** Counts an article (the next of the stream) that the clusterer weighs itself. */
  count(an: Analysis): void {
    this.counts(an.lang).df.addWithIdf(an.terms, an.ents);
  }

  private counts(lang: string): Counts {
    let c = this.langs.get(lang);
    if (!c) {
      c = { df: new DocFreq(this.halfLife), told: [] };
      this.langs.set(lang, c);
    }
    return c;
  }
}

/**
 * The clusterer's side: what each of a Weigher's slots holds (one language's), and the vocabulary
 * id of its key once looked up.
 */
export class SlotIds {
  constructor(readonly lang: string) {}

  private keys: (string | undefined)[] = [];
  /** Vocabulary id of the key in each slot, -1 until looked up. */
  private ids = new Int32Array(1024).fill(-1);

  /** Turns an article's entries from slots into vocabulary ids (in place, in entry order). */
  intern(w: WeighedArticle, vocab: Vocab): void {
    for (let i = 0; i < w.newSlots.length; i++) this.learn(w.newSlots[i], w.newKeys[i]);
    let k = 0;
    for (const v of [w.title, w.text, w.ent]) {
      const ids = v.ids;
      for (let i = 0; i < ids.length; i++) {
        const s = ids[i];
        if (s < 0) ids[i] = vocab.id(w.keys[k++]);
        else {
          let id = this.ids[s];
          if (id < 0) {
            id = vocab.id(this.keys[s]!);
            this.ids[s] = id;
          }
          ids[i] = id;
        }
      }
    }
  }

  /** After the vocabulary freed the ids not `marked` (Vocab.retain): their slots look them up again. */
  forget(marked: Uint8Array): void {
    const ids = this.ids;
    for (let s = 0; s < ids.length; s++) if (ids[s] >= 0 && marked[ids[s]] !== 1) ids[s] = -1;
  }

  private learn(slot: number, key: string): void {
    if (slot >= this.ids.length) {
      const ids = new Int32Array(Math.max(2 * this.ids.length, slot + 1)).fill(-1);
      ids.set(this.ids);
      this.ids = ids;
    }
    this.keys[slot] = key;
    this.ids[slot] = -1;
  }
}

/**
 * The surface words of the first `n` text terms of a prepared article, as a member keeps them
 * (`Member.words`): joined by WORD_SEP, "" for a word equal to its term; "" when all are.
 */
export function surfaceWords(p: Prepared, n: number): string {
  const terms = p.text.keys;
  const end = Math.min(n, terms.length);
  let i = 0;
  while (i < end && (p.words[i] ?? terms[i]) === terms[i]) i++;
  if (i === end) return "";
  // Joined, not concatenated: a string built by += is a tree of pieces (cons strings), which a
  // member would keep for as long as it lives (several times the flat string's memory).
  const parts = new Array<string>(end);
  for (let j = 0; j < end; j++) {
    const w = p.words[j] ?? terms[j];
    parts[j] = w === terms[j] ? "" : w;
  }
  return parts.join(WORD_SEP);
}
