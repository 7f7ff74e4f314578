// Whether a summary sentence states again a fact another sentence already gave. Two outlets
// word one fact apart ("...hit another grim milestone" / "...recorded a grim milestone"), so a
// cosine cut alone misses most repeats: their term vectors differ in the many words each outlet
// chose, while they share the story's own words (the ones several members use) and its numbers.
import { entityKeys } from "./entities.ts";
import { terms } from "./text.ts";

export interface Sentence {
  text: string;
  /** Unit term vector (stem -> weight). */
  vec: Map<string, number>;
  terms: Set<string>;
  /** Names (capitalised words and phrases, lower-cased). */
  names: Set<string>;
  /** Numbers that carry a fact ("194000", "5.9"): not years, not single digits. */
  numbers: Set<string>;
}

// Cosine at which two sentences say the same thing whatever else they share.
const NEAR_REPEAT = 0.4;
// Story words (used by several members) two sentences may share and still tell different facts:
// the subject ("Texas", "abortion", "law") is shared by every sentence of a story.
const SHARED_CORE = 4;
// Story words shared by a sentence that brings no new name or number, and the share of its terms
// they make up (below it, the sentence tells what was done in words of its own).
const SAME_NAMES_CORE = 3;
const SAME_NAMES_SHARE = 0.3;
// Share of the shorter sentence's terms found in the other: one restates the other.
const CONTAINED = 0.5;

// A number on its own, not part of a word or code ("COVID-19", "F-35", "G7").
const NUMBER =
  /(?<![\p{L}\p{N}.,/-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\p{L}\p{N}-])|(?<![\p{L}\p{N}.,/-])\d+(?:\.\d+)?(?![\p{L}\p{N}-])/gu;

export function numbersIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(NUMBER)) {
    const n = m[0].replace(/,/g, "");
    if (/^\d$/.test(n) || /^(?:19|20)\d\d$/.test(n)) continue;
    out.add(n);
  }
  return out;
}

export function sentence(text: string, vec: Map<string, number>): Sentence {
  // The sentence's first word is capitalised whatever it is: only later words can be names.
  const names = entityKeys(text.replace(/^\P{L}*\p{L}+/u, ""));
  return {
    text,
    vec,
    terms: new Set(terms(text)),
    names: new Set(names),
    numbers: numbersIn(text),
  };
}

/**
 * The story's own words: terms in the title or lede of at least two members (and of a fifth of
 * them in a large story), given each member's terms.
 */
export function storyCore(members: Iterable<string>[]): Set<string> {
  const df = new Map<string, number>();
  let n = 0;
  for (const m of members) {
    n++;
    for (const t of new Set(m)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const min = Math.max(2, Math.ceil(n / 5));
  const core = new Set<string>();
  for (const [t, count] of df) if (count >= min) core.add(t);
  return core;
}

/** How many of the story's own words a sentence uses. */
export function onTopic(c: Sentence, core: Set<string>): number {
  let n = 0;
  for (const t of c.terms) if (core.has(t)) n++;
  return n;
}

/** Whether `c` says again what `d` says, given the story's own words. */
export function repeats(c: Sentence, d: Sentence, core: Set<string>): boolean {
  let cosine = 0;
  for (const [k, x] of c.vec) cosine += x * (d.vec.get(k) ?? 0);
  if (cosine >= NEAR_REPEAT) return true;
  let shared = 0;
  let sharedCore = 0;
  for (const t of c.terms)
    if (d.terms.has(t)) {
      shared++;
      if (core.has(t)) sharedCore++;
    }
  if (sharedCore >= SHARED_CORE) return true;
  const smaller = Math.min(c.terms.size, d.terms.size);
  if (smaller > 0 && shared / smaller >= CONTAINED) return true;
  // One figure in both: a precise one ("194,000", "5.9") is one fact however it is worded; a
  // short one ("42") is when the story's words are around it.
  for (const x of c.numbers)
    if (d.numbers.has(x) && (x.replace(/\D/g, "").length >= 3 || sharedCore >= 2)) return true;
  // Nothing new to name or count, around the story's words: "Gwar singer Dave Brockie died
  // Sunday" under "Dave Brockie, the frontman of Gwar, has been found dead".
  if (sharedCore >= SAME_NAMES_CORE && shared / c.terms.size >= SAME_NAMES_SHARE) {
    const said = d.text.toLowerCase();
    for (const x of c.names) if (!said.includes(x)) return false;
    for (const x of c.numbers) if (!d.numbers.has(x)) return false;
    return true;
  }
  return false;
}
