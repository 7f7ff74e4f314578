// Text features for the clusterer: Unicode-aware tokens, stop words and stems.

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

// Porter stemming is a few microseconds a word and news copy repeats its words: stems are cached,
// and the cache is emptied when full so that it stays bounded on an endless stream.
export const STEM_CACHE = 50_000;
const stems = new Map<string, string>();

/** Whether a language is stemmed with Porter: English, and an unknown language. */
const porter = (lang?: string | null) => !lang || lang.toLowerCase().startsWith("en");

/** Porter stem for English (and unknown language); other languages are left as they are. */
export function stem(word: string, lang?: string | null): string {
  return porter(lang) ? porterStem(word) : word;
}

function porterStem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = /^[a-z']+$/.test(word) ? stemmer(word) : word;
    if (stems.size >= STEM_CACHE) stems.clear();
    stems.set(word, s);
  }
  return s;
}

/** Entries in the stem cache (for tests of its bound). */
export const stemCacheSize = () => stems.size;

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
  const stops = stopWords(lang);
  const stemmed = porter(lang);
  const tokens: string[] = [];
  pushTokens(normalised.toLowerCase(), tokens);
  for (const tok of tokens) {
    // One-letter words go, but not a character of an unspaced script (a token of one code unit
    // is that character).
    if (tok.length < 2 && (charClass(tok.charCodeAt(0)) & UNSPACED) === 0) continue;
    if (stops.has(tok)) continue;
    terms.push(stemmed ? porterStem(tok) : tok);
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
