// Text features for the clusterer: Unicode-aware tokens, stop words and stems per language.

import { stemmer as arabic } from "@orama/stemmers/arabic";
import { stemmer as bulgarian } from "@orama/stemmers/bulgarian";
import { stemmer as danish } from "@orama/stemmers/danish";
import { stemmer as dutch } from "@orama/stemmers/dutch";
import { stemmer as finnish } from "@orama/stemmers/finnish";
import { stemmer as french } from "@orama/stemmers/french";
import { stemmer as german } from "@orama/stemmers/german";
import { stemmer as greek } from "@orama/stemmers/greek";
import { stemmer as hungarian } from "@orama/stemmers/hungarian";
import { stemmer as indonesian } from "@orama/stemmers/indonesian";
import { stemmer as italian } from "@orama/stemmers/italian";
import { stemmer as norwegian } from "@orama/stemmers/norwegian";
import { stemmer as portuguese } from "@orama/stemmers/portuguese";
import { stemmer as romanian } from "@orama/stemmers/romanian";
import { stemmer as russian } from "@orama/stemmers/russian";
import { stemmer as serbian } from "@orama/stemmers/serbian";
import { stemmer as spanish } from "@orama/stemmers/spanish";
import { stemmer as swedish } from "@orama/stemmers/swedish";
import { stemmer as turkish } from "@orama/stemmers/turkish";
import { stemmer as ukrainian } from "@orama/stemmers/ukrainian";
import { stemmer } from "stemmer";
import * as stopwordLists from "stopword";
import { charClass, LETTER, MARK, NUMBER, nfkc, UNSPACED } from "./chars.ts";

// ISO 639-1 codes (the `lang` field) to the ISO 639-3 names the stopword package uses.
const LANG3: Record<string, string> = {
  af: "afr",
  ar: "ara",
  bg: "bul",
  bn: "ben",
  ca: "cat",
  cs: "ces",
  da: "dan",
  de: "deu",
  el: "ell",
  en: "eng",
  eo: "epo",
  es: "spa",
  et: "est",
  eu: "eus",
  fa: "fas",
  fi: "fin",
  fr: "fra",
  ga: "gle",
  gl: "glg",
  he: "heb",
  hi: "hin",
  hr: "hrv",
  hu: "hun",
  hy: "hye",
  id: "ind",
  it: "ita",
  ja: "jpn",
  ko: "kor",
  la: "lat",
  lt: "lit",
  lv: "lav",
  mr: "mar",
  ms: "msa",
  nb: "nob",
  nl: "nld",
  no: "nob",
  pl: "pol",
  pt: "por",
  ro: "ron",
  ru: "rus",
  sk: "slk",
  sl: "slv",
  so: "som",
  sv: "swe",
  sw: "swa",
  th: "tha",
  tl: "tgl",
  tr: "tur",
  uk: "ukr",
  ur: "urd",
  vi: "vie",
  zh: "zho",
};

// Words that carry no story identity in news copy (reporting verbs, boilerplate, media labels).
const NEWS_STOP = [
  "said",
  "says",
  "say",
  "told",
  "tells",
  "according",
  "also",
  "would",
  "could",
  "may",
  "might",
  "new",
  "news",
  "report",
  "reports",
  "reported",
  "update",
  "updated",
  "video",
  "photos",
  "photo",
  "watch",
  "live",
  "read",
  "more",
  "just",
  "one",
  "two",
  "first",
  "last",
  "year",
  "years",
  "day",
  "days",
  "week",
  "time",
  "people",
  "get",
  "gets",
  "make",
  "makes",
  "like",
  "now",
  "will",
  "it's",
];

const stopSets = new Map<string, Set<string>>();

/** The stop-word set for a language (English when unknown); built once per language. */
export function stopWords(lang?: string | null): Set<string> {
  const code = (lang ?? "en").slice(0, 2).toLowerCase();
  let set = stopSets.get(code);
  if (!set) {
    // biome-ignore lint/performance/noDynamicNamespaceImportAccess: lists are picked by language at run time
    const list = stopwordLists[LANG3[code] ?? "eng"] ?? stopwordLists.eng ?? [];
    set = new Set([...list, ...(code === "en" ? NEWS_STOP : [])].map((w) => w.toLowerCase()));
    stopSets.set(code, set);
  }
  return set;
}

/** Lower-cased tokens of a text in reading order (no stop-word removal, no stemming). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  pushTokens(nfkc(text).toLowerCase(), out);
  return out;
}

const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;
const DOT = 0x2e;
const COMMA = 0x2c;
const WORD_PART = LETTER | MARK;

/**
 * Tokens of a lower-cased NFKC text, pushed to `out`. A hand-written scanner that matches what
 * the regular expression `\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*|\p{N}+(?:[.,]\p{N}+)*`
 * (global, unicode) matched: letters with optional inner apostrophes (don't, o'brien), or numbers
 * with inner separators (7.1); anything else is skipped a code point at a time.
 */
function pushTokens(s: string, out: string[]): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    let cp = s.codePointAt(i)!;
    let c = charClass(cp);
    const start = i;
    i += cp > 0xffff ? 2 : 1;
    if ((c & (LETTER | NUMBER)) === 0) continue;
    // Union of the token's classes (is any character of an unspaced script?) and whether it
    // holds a typographic apostrophe.
    let seen = c;
    let curly = false;
    const part = c & LETTER ? WORD_PART : NUMBER;
    for (;;) {
      while (i < n) {
        cp = s.codePointAt(i)!;
        c = charClass(cp);
        if ((c & part) === 0) break;
        seen |= c;
        i += cp > 0xffff ? 2 : 1;
      }
      // A joiner ("'" or "’" inside a word, "." or "," inside a number) followed by a letter or
      // a digit continues the token.
      if (i + 1 >= n) break;
      const q = s.charCodeAt(i);
      if (part === WORD_PART ? q !== APOSTROPHE && q !== RIGHT_QUOTE : q !== DOT && q !== COMMA) {
        break;
      }
      cp = s.codePointAt(i + 1)!;
      c = charClass(cp);
      if ((c & (part === WORD_PART ? LETTER : NUMBER)) === 0) break;
      if (q === RIGHT_QUOTE) curly = true;
      seen |= c;
      i += cp > 0xffff ? 3 : 2;
    }
    let tok = s.slice(start, i);
    // Scripts written without spaces: a run becomes overlapping character bigrams.
    if (seen & UNSPACED) {
      if (tok.length === 1) out.push(tok);
      for (let j = 0; j + 1 < tok.length; j++) out.push(tok.slice(j, j + 2));
      continue;
    }
    // Possessive "'s" carries nothing: Korea's -> korea.
    if (tok.endsWith("'s") || tok.endsWith("’s")) tok = tok.slice(0, -2);
    out.push(curly ? tok.replace(/’/g, "'") : tok);
  }
}

// Stemming is a few microseconds a word and news copy repeats its words: stems are cached per
// language, and a cache is emptied when full so that it stays bounded on an endless stream.
export const STEM_CACHE = 50_000;

// Snowball stemmers of the languages news is most written in (English keeps Porter's, from the
// `stemmer` package, so that English terms stay what they were).
const SNOWBALL: Record<string, (word: string) => string> = {
  ar: arabic,
  bg: bulgarian,
  da: danish,
  de: german,
  el: greek,
  es: spanish,
  fi: finnish,
  fr: french,
  hu: hungarian,
  id: indonesian,
  it: italian,
  nb: norwegian,
  nl: dutch,
  nn: norwegian,
  no: norwegian,
  pt: portuguese,
  ro: romanian,
  ru: russian,
  sr: serbian,
  sv: swedish,
  tr: turkish,
  uk: ukrainian,
};

// Elided articles and prepositions glued to the next word ("l'incendie", "dell'anno"): cut, so
// that the word is found with and without one.
const ELIDED: Record<string, Set<string>> = {
  fr: new Set([
    "l'",
    "d'",
    "qu'",
    "n'",
    "s'",
    "j'",
    "c'",
    "m'",
    "t'",
    "jusqu'",
    "lorsqu'",
    "puisqu'",
  ]),
  it: new Set([
    "l'",
    "d'",
    "dell'",
    "all'",
    "nell'",
    "dall'",
    "sull'",
    "un'",
    "c'",
    "quest'",
    "quell'",
  ]),
};

/** How one language's words become terms: its stop words, stemmer and stems seen so far. */
interface Language {
  stops: Set<string>;
  /** Null: words are their own terms. */
  stemmer: ((word: string) => string) | null;
  english: boolean;
  elided: Set<string> | null;
  stems: Map<string, string>;
}

const languages = new Map<string, Language>();

/** The word handling of a `lang` value: English (Porter) when it is missing or empty. */
function language(lang?: string | null): Language {
  // Keyed as stopWords keys its lists (a missing language is English's, an empty one apart).
  const key = (lang ?? "en").slice(0, 2).toLowerCase();
  let l = languages.get(key);
  if (!l) {
    const english = !lang || lang.toLowerCase().startsWith("en");
    l = {
      stops: stopWords(lang),
      stemmer: english ? stemmer : (SNOWBALL[key] ?? null),
      english,
      elided: ELIDED[key] ?? null,
      stems: new Map(),
    };
    languages.set(key, l);
  }
  return l;
}

/** Stem of a lower-cased word in a language (its Snowball stemmer; Porter for English). */
function stemIn(l: Language, word: string): string {
  if (l.stemmer === null) return word;
  let s = l.stems.get(word);
  if (s === undefined) {
    // Porter is for English letters only; a Snowball stemmer takes words of its own alphabet
    // and leaves the rest, numbers included, as they are.
    s = !l.english || /^[a-z']+$/.test(word) ? l.stemmer(word) : word;
    if (l.stems.size >= STEM_CACHE) l.stems.clear();
    l.stems.set(word, s);
  }
  return s;
}

/** Stem of a lower-cased word: Porter for English (and unknown language), Snowball for others. */
export function stem(word: string, lang?: string | null): string {
  return stemIn(language(lang), word);
}

/** Entries in a language's stem cache (for tests of its bound). */
export const stemCacheSize = (lang?: string | null) => language(lang).stems.size;

/**
 * Content terms of an NFKC text, in reading order: each term's stem pushed to `terms` and the
 * word it came from to `words`.
 */
export function pushTerms(
  normalised: string,
  lang: string | null | undefined,
  terms: string[],
  words: string[],
): void {
  const l = language(lang);
  const tokens: string[] = [];
  pushTokens(normalised.toLowerCase(), tokens);
  for (let tok of tokens) {
    if (l.elided !== null) {
      const q = tok.indexOf("'");
      if (q > 0 && q + 2 < tok.length && l.elided.has(tok.slice(0, q + 1))) tok = tok.slice(q + 1);
    }
    // One-letter words go, but not a character of an unspaced script (a token of one code unit
    // is that character).
    if (tok.length < 2 && (charClass(tok.charCodeAt(0)) & UNSPACED) === 0) continue;
    if (l.stops.has(tok)) continue;
    terms.push(stemIn(l, tok));
    words.push(tok);
  }
}

/** Content terms with the word each came from: [stem, surface] pairs in reading order. */
export function termPairs(text: string, lang?: string | null): [string, string][] {
  const terms: string[] = [];
  const words: string[] = [];
  pushTerms(nfkc(text), lang, terms, words);
  return terms.map((t, i) => [t, words[i]]);
}

/** Content terms: tokens without stop words or one-letter words, stemmed. */
export function terms(text: string, lang?: string | null): string[] {
  const out: string[] = [];
  pushTerms(nfkc(text), lang, out, []);
  return out;
}
