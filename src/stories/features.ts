// Vectors and similarity features: TF-IDF vectors with document frequencies kept online,
// centroids with incremental norms, and the feature vector the model scores for one
// (article, candidate story) pair.
import { nfkc } from "./chars.ts";
import { entityKeysOf } from "./entities.ts";
import { KeyTable } from "./key-table.ts";
import { DETECT_CHARS, detectLanguage, languageKey } from "./language.ts";
import { outletNames, stripOutlet } from "./outlet.ts";
import { pushTerms } from "./text.ts";
import type { ClusterInput } from "./types.ts";
import type { IdVector, TermNames, Vocab, Weights } from "./vocab.ts";

/** A sparse vector as parallel arrays, L2-normalised, keys sorted by weight (heaviest first). */
export interface SparseVector {
  keys: string[];
  vals: number[];
}

const EMPTY: SparseVector = { keys: [], vals: [] };

/**
 * Document frequencies maintained online. Every `halfLife` documents all counts are halved and
 * counts below one are dropped, so the table forgets old vocabulary and its memory stays flat on
 * an endless stream (the decay is driven by the document count, never by the clock). The counts
 * live in a KeyTable, which the clusterer shares with its vocabulary.
 */
export class DocFreq {
  private n = 0;
  /** Keys counted (a count above 0). */
  private counted = 0;
  constructor(
    private readonly halfLife = 100_000,
    readonly table = new KeyTable(),
  ) {}

  /** Count one document holding these keys (one or more key lists, not copied into one). */
  add(...keyLists: Iterable<string>[]): void {
    for (const keys of keyLists) for (const k of keys) this.count(this.table.slot(k));
    this.n++;
    if (this.n >= 2 * this.halfLife) this.decay();
  }

  /** One more document holding the key in `slot`; its count after. */
  private count(slot: number): number {
    const data = this.table.data;
    const c = data[2 * slot] + 1;
    if (c === 1) this.counted++;
    data[2 * slot] = c;
    return c;
  }

  /**
   * `add(terms, ents)`, returning `idf` of every term then every entity as it is after counting:
   * each key's count is taken from its own update instead of a second lookup. Terms are distinct
   * and so are entities (as `analyse` makes them); a term that could be an entity key ("@...")
   * and every key after a decay are looked up again. `slots`, when given, receives the table
   * slot of every term then every entity (emptied instead when a decay dropped keys: the slots
   * of this document's keys may have been released).
   */
  addWithIdf(terms: readonly string[], ents: readonly string[], slots?: number[]): number[] {
    const table = this.table;
    const out = new Array<number>(terms.length + ents.length);
    let i = 0;
    for (const keys of [terms, ents]) {
      for (const k of keys) {
        const s = table.slot(k);
        if (slots) slots[i] = s;
        out[i++] = this.count(s);
      }
    }
    this.n++;
    const decayed = this.n >= 2 * this.halfLife;
    if (decayed) {
      this.decay();
      if (slots) slots.length = 0;
    }
    const n = this.n;
    for (let j = 0; j < out.length; j++) {
      const k = j < terms.length ? terms[j] : ents[j - terms.length];
      out[j] =
        decayed || (j < terms.length && k.charCodeAt(0) === 64)
          ? this.idf(k)
          : Math.log(1 + n / out[j]);
    }
    return out;
  }

  private decay(): void {
    const data = this.table.data;
    for (const [k, s] of this.table.entries()) {
      const c = data[2 * s];
      if (c === 0) continue;
      if (c < 2) {
        data[2 * s] = 0;
        this.counted--;
        this.table.release(k, s);
      } else data[2 * s] = c / 2;
    }
    this.n /= 2;
  }

  idf(key: string): number {
    const s = this.table.find(key);
    const c = s < 0 ? 0 : this.table.data[2 * s];
    return Math.log(1 + this.n / (c > 0 ? c : 1));
  }

  get size(): number {
    return this.counted;
  }

  /** The table as plain data (snapshot.ts persists it so a restart need not recount). */
  state(): DocFreqState {
    const keys: string[] = [];
    const counts: number[] = [];
    const data = this.table.data;
    for (const [k, s] of this.table.entries()) {
      if (data[2 * s] === 0) continue;
      keys.push(k);
      counts.push(data[2 * s]);
    }
    return { n: this.n, keys, counts };
  }

  /** Replaces the counts with a saved state (the vocabulary's ids stay). */
  load(state: DocFreqState): void {
    const table = this.table;
    for (const [k, s] of table.entries()) {
      if (table.data[2 * s] === 0) continue;
      table.data[2 * s] = 0;
      table.release(k, s);
    }
    this.counted = 0;
    for (let i = 0; i < state.keys.length; i++) {
      const s = table.slot(state.keys[i]);
      if (table.data[2 * s] === 0) this.counted++;
      table.data[2 * s] = state.counts[i];
    }
    this.n = state.n;
  }
}

export interface DocFreqState {
  n: number;
  keys: string[];
  counts: number[];
}

/** (1 + ln tf) * idf, L2-normalised; keys ordered by weight, ties by key for determinism. */
export function weigh(counts: Map<string, number>, df: DocFreq): SparseVector {
  const keys = [...counts.keys()];
  return weighCounts(
    keys,
    [...counts.values()],
    keys.length,
    keys.map((k) => df.idf(k)),
    0,
  );
}

/**
 * `weigh` of the first `n` keys and counts with the idfs from `idfs[from]` (summed in array
 * order, as `weigh` sums a Map's); `order`, when given, receives the index in `keys` of each key
 * of the result.
 */
function weighCounts(
  keys: readonly string[],
  counts: readonly number[],
  n: number,
  idfs: readonly number[],
  from: number,
  order?: number[],
): SparseVector {
  const w = new Array<number>(n);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const x = (1 + Math.log(counts[i])) * idfs[from + i];
    w[i] = x;
    norm += x * x;
  }
  if (norm === 0) return EMPTY;
  norm = Math.sqrt(norm);
  // Indices sorted by weight, ties by key: keys are distinct, so the order is total and any
  // sort gives it. An insertion sort: an article's vectors hold a few dozen keys, where it beats
  // Array.prototype.sort calling a comparator closure.
  const idx = order ?? [];
  idx.length = n;
  for (let i = 0; i < n; i++) {
    const x = w[i];
    const k = keys[i];
    let j = i;
    for (; j > 0; j--) {
      const y = w[idx[j - 1]];
      if (y > x || (y === x && keys[idx[j - 1]] < k)) break;
      idx[j] = idx[j - 1];
    }
    idx[j] = i;
  }
  const outKeys = new Array<string>(n);
  const vals = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    outKeys[i] = keys[idx[i]];
    vals[i] = w[idx[i]] / norm;
  }
  return { keys: outKeys, vals };
}

/** The first `n` (heaviest) entries, renormalised: what a story keeps per member. */
export function truncate(v: SparseVector, n: number): SparseVector {
  return v.keys.length <= n ? v : { keys: v.keys.slice(0, n), vals: renormalisedHead(v.vals, n) };
}

/** `truncate` of weights by id (the same sums). */
export function truncateWeights(v: Weights, n: number): Weights {
  return v.ids.length <= n ? v : { ids: v.ids.slice(0, n), vals: renormalisedHead(v.vals, n) };
}

function renormalisedHead(weights: readonly number[], n: number): number[] {
  const vals = weights.slice(0, n);
  const norm = Math.sqrt(vals.reduce((s, x) => s + x * x, 0));
  return vals.map((x) => x / norm);
}

/**
 * Terms a centroid holds at most: past this, it keeps its CENTROID_KEEP heaviest terms, so a
 * story (or event) that never goes quiet does not grow with every rare word of its members.
 * Above the largest centroid of any dev set (633 terms), where it never applies. Was 2,000
 * (pruned to 1,000): on the synthetic stream long-running stories filled towards it and the
 * live heap rose with them after the window was full.
 */
export const CENTROID_TERMS = 1000;
/** What a pruned centroid keeps: room for a quarter of CENTROID_TERMS before it prunes again. */
export const CENTROID_KEEP = 750;

/** When a centroid prunes (more than `terms`) and how many of its heaviest terms it keeps. */
export interface CentroidBound {
  terms: number;
  keep: number;
}

/** The clusterer's bound (stories and events). */
export const CENTROID_BOUND: CentroidBound = { terms: CENTROID_TERMS, keep: CENTROID_KEEP };

/** Empty tables by size (log2 of their length), filled once (see `slots`). */
const EMPTY_SLOTS: number[][] = [];

/** A table of `n` (a power of two) empty slots: plain arrays (small typed arrays live outside the
 * heap, and allocating and freeing hundreds of thousands of them cost more than the lookups
 * saved), each allocated at its exact size (an array grown by push reserves up to half again).
 * A copy of an empty table of that size, made once by doubling an array of a double, so the
 * array holds unboxed doubles from the start; one allocation a table (building each by
 * doubling left as much garbage again as the table, much of the clusterer's garbage). */
function slots(n: number): number[] {
  const k = 31 - Math.clz32(n);
  let empty = EMPTY_SLOTS[k];
  if (!empty) {
    empty = [0.5];
    while (empty.length < n) empty = empty.concat(empty);
    EMPTY_SLOTS[k] = empty.fill(0);
  }
  return empty.slice();
}

/** Slots of the smallest table holding `room` terms at most three quarters full. */
function tableSize(room: number): number {
  let n = 16;
  while (3 * n < 4 * room) n *= 2;
  return n;
}

/**
 * Sum of member vectors with its squared norm kept incrementally (no rescan on add). An
 * open-addressing table from term id to summed weight (a lookup is a few array reads), plus
 * the order terms were first added in: iteration keeps that order (as a Map did), so every sum
 * adds the same numbers in the same order.
 */
export class Centroid {
  /**
   * Two numbers a slot: term id + 1 (0: empty), then its summed weight, side by side so that a
   * hit reads one cache line; a power of two slots, at most three quarters full.
   */
  private table: number[] = [];
  /** Slot of each term, in the order first added. */
  private order: number[] = [];
  private norm2 = 0;

  constructor(private readonly bound = CENTROID_BOUND) {}

  /** Number of terms held. */
  get size(): number {
    return this.order.length;
  }

  /** An independent copy (same table, order and norm: it answers and grows exactly as this one). */
  clone(): Centroid {
    const c = new Centroid(this.bound);
    c.table = this.table.slice();
    c.order = this.order.slice();
    c.norm2 = this.norm2;
    return c;
  }

  /** The terms in the order first added, their sums and the squared norm: what makes it answer as it does. */
  entries(): { ids: number[]; vals: number[]; norm2: number } {
    return {
      ids: this.termIds,
      vals: this.order.map((s) => this.table[2 * s + 1]),
      norm2: this.norm2,
    };
  }

  /** The centroid of `entries()` (a saved state): it answers and grows as the saved one did. */
  static fromEntries(ids: number[], vals: number[], norm2: number): Centroid {
    const c = new Centroid();
    if (ids.length > 0) c.rebuild(ids, vals);
    c.norm2 = norm2;
    return c;
  }

  /** Summed weight of a term id (0 when absent). */
  get(id: number): number {
    const table = this.table;
    const mask = (table.length >>> 1) - 1;
    if (mask < 0) return 0;
    const key = id + 1;
    for (let s = Math.imul(id, 0x9e3779b1) & mask; ; s = (s + 1) & mask) {
      const k = table[2 * s];
      if (k === key) return table[2 * s + 1];
      if (k === 0) return 0;
    }
  }

  /** Its squared norm plus its table's first number: a read of both (see StreamClusterer.reach). */
  head(): number {
    return this.table.length > 0 ? this.norm2 + this.table[0] : this.norm2;
  }

  /** Term ids held, in the order first added (for the vocabulary's sweep). */
  get termIds(): number[] {
    return this.order.map((s) => this.table[2 * s] - 1);
  }

  /** Sets `marked[id]` for every term id held (the vocabulary's sweep), without a copy. */
  mark(marked: Uint8Array): void {
    for (const s of this.order) marked[this.table[2 * s] - 1] = 1;
  }

  /** The slot holding a term id, or the empty slot where it would go. */
  private slot(id: number): number {
    const table = this.table;
    const mask = (table.length >>> 1) - 1;
    const key = id + 1;
    let s = Math.imul(id, 0x9e3779b1) & mask;
    while (table[2 * s] !== 0 && table[2 * s] !== key) s = (s + 1) & mask;
    return s;
  }

  /** The smallest table holding `room` terms at most three quarters full, with these terms in this order. */
  private rebuild(ids: number[], vals: number[], room = ids.length): void {
    this.table = slots(2 * tableSize(room));
    this.order = [];
    for (let i = 0; i < ids.length; i++) {
      const s = this.slot(ids[i]);
      this.table[2 * s] = ids[i] + 1;
      this.table[2 * s + 1] = vals[i];
      this.order.push(s);
    }
  }

  /** Adds a vector; `terms` names the ids if the centroid must prune (its ties go by term). */
  add(v: Weights, terms: TermNames): void {
    // Sized for the first vector at once (its terms are distinct): the size growing would reach.
    if (this.table.length === 0) this.rebuild([], [], v.ids.length);
    let cross = 0;
    let self = 0;
    for (let i = 0; i < v.ids.length; i++) {
      const x = v.vals[i];
      const s = this.slot(v.ids[i]);
      const fresh = this.table[2 * s] === 0;
      const old = fresh ? 0 : this.table[2 * s + 1];
      cross += old * x;
      self += x * x;
      this.table[2 * s + 1] = old + x;
      if (fresh) {
        this.table[2 * s] = v.ids[i] + 1;
        this.order.push(s);
        if (8 * this.order.length > 3 * this.table.length) this.grow();
      }
    }
    this.norm2 += 2 * cross + self;
    if (this.order.length > this.bound.terms) this.prune(terms);
  }

  /**
   * Rehashes into the smallest table holding its terms (as `rebuild` of them would: the same
   * slots in the same order), read from the old table, with `order` updated in place: no arrays
   * of ids and sums made for it.
   */
  private grow(): void {
    const old = this.table;
    const order = this.order;
    this.table = slots(2 * tableSize(order.length));
    for (let i = 0; i < order.length; i++) {
      const from = order[i];
      const s = this.slot(old[2 * from] - 1);
      this.table[2 * s] = old[2 * from];
      this.table[2 * s + 1] = old[2 * from + 1];
      order[i] = s;
    }
  }

  /** Keeps the bound's heaviest terms (ties by term: every id held here is in the vocabulary). */
  private prune(terms: TermNames): void {
    const ids = this.termIds;
    const vals = this.order.map((s) => this.table[2 * s + 1]);
    const keys = ids.map((id) => terms.term(id) ?? "");
    const kept = ids
      .map((_, i) => i)
      .sort((a, b) => vals[b] - vals[a] || (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0))
      .slice(0, this.bound.keep);
    const keptVals = kept.map((i) => vals[i]);
    // Sized for the terms it may take before it prunes again: a table just big enough for the
    // kept ones grew (a new table twice the size) within a few members, so a centroid at the bound
    // built two tables a round (much of the stream's garbage late). The size changes no answer.
    this.rebuild(
      kept.map((i) => ids[i]),
      keptVals,
      this.bound.terms,
    );
    this.norm2 = keptVals.reduce((s, x) => s + x * x, 0);
  }

  /** Cosine between two centroids (iterates the smaller one). */
  similarity(other: Centroid): number {
    if (this.norm2 <= 0 || other.norm2 <= 0) return 0;
    const [a, b] = this.size <= other.size ? [this, other] : [other, this];
    let s = 0;
    for (const slot of a.order) s += a.table[2 * slot + 1] * b.get(a.table[2 * slot] - 1);
    return s / Math.sqrt(this.norm2 * other.norm2);
  }

  /** Cosine between a normalised vector and this centroid. */
  cosine(v: Weights): number {
    if (this.norm2 <= 0 || v.ids.length === 0) return 0;
    let s = 0;
    for (let i = 0; i < v.ids.length; i++) s += v.vals[i] * this.get(v.ids[i]);
    return s / Math.sqrt(this.norm2);
  }
}

/** Limits that keep per-article cost and per-story memory small. */
export const TEXT_CHARS = 1500;
export const KEEP_TEXT = 40;
export const KEEP_ENT = 16;
/**
 * Text shorter than this (as read: its first TEXT_CHARS characters, NFKC) is a lede or an
 * excerpt, not a full body. The dev sets' text lengths fall apart here: allsides p10/p50/p90
 * 518/570/622 characters, the NeuS stream 158/404/537, every WikiNews and handpicked set p10 900
 * or more (docs/clustering.md, session 10's third round).
 */
export const LEDE_CHARS = 800;

/** An article turned into vectors (with the IDF of the moment it arrived). */
export interface Prepared {
  id: string;
  time: number | null;
  hasText: boolean;
  /** Its text is a lede (shorter than LEDE_CHARS); false without text. */
  lede: boolean;
  title: SparseVector;
  text: SparseVector;
  ent: SparseVector;
  /** Surface word of each key of `text`, in its order (for explanations; empty when not kept). */
  words: readonly (string | undefined)[];
}

/** A prepared article whose vectors carry vocabulary ids. */
export interface Interned extends Prepared {
  title: IdVector;
  text: IdVector;
  ent: IdVector;
}

/** What the clusterer compares of an article (and keeps of a member): weights by id, no strings. */
export interface Weighed {
  id: string;
  time: number | null;
  hasText: boolean;
  lede: boolean;
  title: Weights;
  text: Weights;
  ent: Weights;
}

/**
 * What an article's vectors are made of before any document frequency applies: the work that
 * depends on the article alone (tokenising, stemming, outlet stripping, entities, term counts).
 * Plain arrays of strings and numbers, so it can be computed in a worker thread and sent over
 * while the clusterer weighs the articles before it.
 */
export interface Analysis {
  id: string;
  time: number | null;
  /** The language the article was read in (`languageKey`): given, detected, else "en". */
  lang: string;
  /** Text terms (stems) in first-seen order: the title's first, then the body's new ones. */
  terms: string[];
  /** Count of each term in the text vector (the title counts twice: see analyse). */
  textCounts: number[];
  /** Count in the title of each of the first titleCounts.length terms (the title's terms). */
  titleCounts: number[];
  /** Surface word of each term (its first occurrence), for explanations. */
  words: string[];
  /** Entity keys ("@" + key) in first-seen order, and their counts. */
  ents: string[];
  entCounts: number[];
  hasText: boolean;
  /** Text shorter than LEDE_CHARS (a lede or an excerpt); false without text. */
  lede: boolean;
}

/**
 * `hasText` and `lede` in one number, as kept bytes, saved states and worker batches carry them:
 * 0 headline only, 1 full body, 2 lede (a record from before ledes were told apart reads as 1).
 */
export function textKind(p: { hasText: boolean; lede: boolean }): number {
  return p.hasText ? (p.lede ? 2 : 1) : 0;
}

/** The two flags back from a `textKind` number. */
export function fromTextKind(kind: number): { hasText: boolean; lede: boolean } {
  return { hasText: kind !== 0, lede: kind === 2 };
}

/** The document-frequency-independent part of `prepare`: pure, depends on the article only. */
export function analyse(a: ClusterInput): Analysis {
  const outlet = outletNames(a.source);
  const title = nfkc(stripOutlet(a.title ?? "", outlet));
  const body = nfkc((a.text ?? "").slice(0, TEXT_CHARS));
  // An article without a language is read as English unless its text clearly says otherwise.
  const lang = a.lang || detectLanguage(`${title}\n${body.slice(0, DETECT_CHARS)}`);
  const stems: string[] = [];
  const surface: string[] = [];
  pushTerms(title, lang, stems, surface);
  const titleEnd = stems.length;
  pushTerms(body, lang, stems, surface);
  // Terms in first-seen order with their counts; the title counts twice in the text vector (it
  // is the densest summary of the article), and a term's surface word is its first occurrence.
  const index = new Map<string, number>();
  const terms: string[] = [];
  const words: string[] = [];
  const titleCounts: number[] = [];
  const textCounts: number[] = [];
  for (let i = 0; i < stems.length; i++) {
    const t = stems[i];
    const by = i < titleEnd ? 2 : 1;
    const k = index.get(t);
    if (k !== undefined) {
      textCounts[k] += by;
      if (by === 2) titleCounts[k]++;
      continue;
    }
    index.set(t, terms.length);
    if (by === 2) titleCounts.push(1);
    terms.push(t);
    words.push(surface[i]);
    textCounts.push(by);
  }
  const entIndex = new Map<string, number>();
  const ents: string[] = [];
  const entCounts: number[] = [];
  // NFKC of the two parts joined by a line break is the two NFKCs joined by it.
  for (const e of entityKeysOf(`${title}\n${body}`, lang)) {
    if (outlet.includes(e)) continue;
    const key = `@${e}`;
    const k = entIndex.get(key);
    if (k !== undefined) entCounts[k]++;
    else {
      entIndex.set(key, ents.length);
      ents.push(key);
      entCounts.push(1);
    }
  }
  return {
    id: a.id,
    time: typeof a.published === "number" && Number.isFinite(a.published) ? a.published : null,
    lang: languageKey(lang),
    terms,
    textCounts,
    titleCounts,
    words,
    ents,
    entCounts,
    hasText: stems.length > titleEnd,
    lede: stems.length > titleEnd && body.length < LEDE_CHARS,
  };
}

/** The sequential part of `prepare`: counts an analysis in the document frequencies and weighs it. */
export function weighAnalysis(an: Analysis, df: DocFreq): Prepared {
  return weighed(an, df.addWithIdf(an.terms, an.ents), order);
}

/** Where each entry of an article's weighed vectors came from (reused article after article). */
interface Orders {
  title: number[];
  text: number[];
  ent: number[];
}
const order: Orders = { title: [], text: [], ent: [] };
/** Table slots of an article's terms then entities (reused). */
const keySlots: number[] = [];

/**
 * `weighAnalysis` with every vector's vocabulary ids. `vocab` shares `df`'s KeyTable: each key
 * is looked up once, to count it and to find its id. Ids are assigned in the order interning the
 * title, text and entity vectors one after the other assigns them (`Vocab.intern`).
 */
export function weighInterned(an: Analysis, df: DocFreq, vocab: Vocab): Interned {
  const p = weighed(an, df.addWithIdf(an.terms, an.ents, keySlots), order);
  // After a decay the slots are gone: keys are looked up again.
  const idsOf = (v: SparseVector, at: readonly number[], from: number): IdVector => {
    const ids = new Array<number>(v.keys.length);
    for (let i = 0; i < ids.length; i++) {
      ids[i] =
        keySlots.length > 0 ? vocab.idAt(keySlots[from + at[i]], v.keys[i]) : vocab.id(v.keys[i]);
    }
    return { keys: v.keys, vals: v.vals, ids };
  };
  return {
    ...p,
    title: idsOf(p.title, order.title, 0),
    text: idsOf(p.text, order.text, 0),
    ent: idsOf(p.ent, order.ent, an.terms.length),
  };
}

/**
 * `weighAnalysis` with the table slot of each entry's key in `slots` (the title's entries, then
 * the text's, then the entities'), or `slots` emptied when the count ended with a decay (which
 * may have released them: the keys must be looked up again).
 */
export function weighSlots(an: Analysis, df: DocFreq, slots: number[]): Prepared {
  const p = weighed(an, df.addWithIdf(an.terms, an.ents, keySlots), order);
  slots.length = 0;
  if (keySlots.length === 0) return p;
  for (let i = 0; i < p.title.keys.length; i++) slots.push(keySlots[order.title[i]]);
  for (let i = 0; i < p.text.keys.length; i++) slots.push(keySlots[order.text[i]]);
  const from = an.terms.length;
  for (let i = 0; i < p.ent.keys.length; i++) slots.push(keySlots[from + order.ent[i]]);
  return p;
}

function weighed(an: Analysis, idfs: number[], o: Orders): Prepared {
  const terms = an.terms;
  const title = weighCounts(terms, an.titleCounts, an.titleCounts.length, idfs, 0, o.title);
  const text = truncate(
    weighCounts(terms, an.textCounts, terms.length, idfs, 0, o.text),
    KEEP_TEXT * 4,
  );
  const ent = weighCounts(an.ents, an.entCounts, an.ents.length, idfs, terms.length, o.ent);
  const words = new Array<string | undefined>(text.keys.length);
  for (let i = 0; i < words.length; i++) words[i] = an.words[o.text[i]];
  return { id: an.id, time: an.time, hasText: an.hasText, lede: an.lede, title, text, ent, words };
}

/** Vectorise an article and count it in the document frequencies. */
export function prepare(a: ClusterInput, df: DocFreq): Prepared {
  return weighAnalysis(analyse(a), df);
}

/** Names of the model's features, in the order of `pairFeatures` (weights.json follows it). */
export const FEATURE_NAMES = [
  "title_cos",
  "text_cos",
  "entity_cos",
  "best_title",
  "best_text",
  "best_entity",
  "title_only",
  "title_only_title_cos",
  "title_only_best_title",
  "has_time",
  "time_near",
  "time_far",
  "log_size",
  "title_margin",
  "text_margin",
  "best_title_margin",
  "entity_margin",
  "best_text_margin",
] as const;

/** Base features whose lead over the other candidates is appended (indices into a row). */
const MARGIN_OF = [0, 1, 3, 2, 4];

const DAY = 86_400_000;
/**
 * Decay scale of `time_near`: a report two days after its story keeps e^-1 of a same-day one's
 * time evidence. Follow-ups a day or two later are routine, and many feeds give dates or crawl
 * times only (the dev sets' stamps are midnights); a one-day scale (e^-2 at two days) cost
 * wikinews_10E a two-day follow-up and gained nothing elsewhere.
 */
const NEAR_SCALE = 2 * DAY;

export interface GroupView {
  title: Centroid;
  text: Centroid;
  ent: Centroid;
  size: number;
  first: number | null;
  last: number | null;
}

/** Best cosine of the article with a few members (cheap: members keep truncated vectors). */
export interface BestMember {
  title: number;
  text: number;
  ent: number;
}

export function pairFeatures(a: Weighed, g: GroupView, best: BestMember): number[] {
  const row = new Array<number>(BASE_FEATURES);
  pairFeaturesInto(row, 0, a, g, best.title, best.text, best.ent);
  return row;
}

/** Number of features `pairFeatures` gives (the model's, before the margins). */
export const BASE_FEATURES = 13;
/** Number of features the model scores: the base ones, then their margins (`withMargins`). */
export const MODEL_FEATURES = FEATURE_NAMES.length;

/**
 * `pairFeatures` written into `out` from `at` (its BASE_FEATURES numbers), with the best-member
 * similarities given apart: the same values, without an array and an object per candidate.
 */
export function pairFeaturesInto(
  out: number[] | Float64Array,
  at: number,
  a: Weighed,
  g: GroupView,
  bestTitle: number,
  bestText: number,
  bestEnt: number,
): void {
  const titleCos = g.title.cosine(a.title);
  const titleOnly = a.hasText ? 0 : 1;
  // Days outside the story's [first, last] span; unknown when either side has no time.
  let nearTime = 0;
  let farTime = 0;
  let hasTime = 0;
  if (a.time !== null && g.first !== null && g.last !== null) {
    hasTime = 1;
    const gap = a.time < g.first ? g.first - a.time : a.time > g.last ? a.time - g.last : 0;
    nearTime = Math.exp(-gap / NEAR_SCALE);
    farTime = Math.min(gap / DAY, 30) / 30;
  }
  out[at] = titleCos;
  out[at + 1] = g.text.cosine(a.text);
  out[at + 2] = g.ent.cosine(a.ent);
  out[at + 3] = bestTitle;
  out[at + 4] = bestText;
  out[at + 5] = bestEnt;
  out[at + 6] = titleOnly;
  out[at + 7] = titleOnly * titleCos;
  out[at + 8] = titleOnly * bestTitle;
  out[at + 9] = hasTime;
  out[at + 10] = nearTime;
  out[at + 11] = farTime;
  out[at + 12] = Math.log(1 + g.size) / Math.log(100);
}

/**
 * Append, for each candidate, how far its title, text, best-member title, entity and best-member
 * text similarities lead the best other candidate's: relative evidence that transfers across sets
 * whose absolute similarity levels differ (headlines only, ledes, full bodies).
 */
export function withMargins(rows: number[][]): number[][] {
  return rows.map((row, i) => {
    const margins = MARGIN_OF.map((f) => {
      let other = 0;
      for (let j = 0; j < rows.length; j++) if (j !== i) other = Math.max(other, rows[j][f]);
      return row[f] - other;
    });
    return [...row, ...margins];
  });
}

/**
 * `withMargins` in place: `rows` holds `n` rows of MODEL_FEATURES numbers, each with its base
 * features filled; their margins are written after them. The best other candidate's value is the
 * largest of all (0 at least), or for the row holding it the second largest: the same maxima as
 * comparing every pair (a maximum does not depend on the order it is taken in), in one pass.
 */
export function withMarginsInto(rows: Float64Array, n: number): void {
  for (let m = 0; m < MARGIN_OF.length; m++) {
    const f = MARGIN_OF[m];
    let top = 0;
    let topAt = -1;
    let second = 0;
    for (let j = 0; j < n; j++) {
      const x = rows[j * MODEL_FEATURES + f];
      if (x > top) {
        second = top;
        top = x;
        topAt = j;
      } else if (x > second) second = x;
    }
    for (let i = 0; i < n; i++) {
      const at = i * MODEL_FEATURES;
      rows[at + BASE_FEATURES + m] = rows[at + f] - (i === topAt ? second : top);
    }
  }
}
