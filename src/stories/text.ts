// Text features for the clusterer: Unicode-aware tokens, stop words and stems.

import { stemmer } from "stemmer";
import * as stopwordLists from "stopword";

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

// Letters with optional inner apostrophes (don't, O'Brien), or numbers with inner separators (7.1).
const TOKEN = /\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*|\p{N}+(?:[.,]\p{N}+)*/gu;
// Scripts written without spaces: a run becomes overlapping character bigrams.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/** Lower-cased tokens of a text in reading order (no stop-word removal, no stemming). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize("NFKC").toLowerCase().matchAll(TOKEN)) {
    let tok = m[0];
    if (UNSPACED.test(tok)) {
      if (tok.length === 1) out.push(tok);
      for (let i = 0; i + 1 < tok.length; i++) out.push(tok.slice(i, i + 2));
      continue;
    }
    // Possessive "'s" carries nothing: Korea's -> korea.
    if (tok.endsWith("'s") || tok.endsWith("’s")) tok = tok.slice(0, -2);
    out.push(tok.replace(/’/g, "'"));
  }
  return out;
}

// Porter stemming is a few microseconds a word and news copy repeats its words: stems are cached,
// and the cache is emptied when full so that it stays bounded on an endless stream.
const STEM_CACHE = 50_000;
const stems = new Map<string, string>();

/** Porter stem for English (and unknown language); other languages are left as they are. */
export function stem(word: string, lang?: string | null): string {
  if (lang && !lang.toLowerCase().startsWith("en")) return word;
  let s = stems.get(word);
  if (s === undefined) {
    s = /^[a-z']+$/.test(word) ? stemmer(word) : word;
    if (stems.size >= STEM_CACHE) stems.clear();
    stems.set(word, s);
  }
  return s;
}

/** Content terms with the word each came from: [stem, surface] pairs in reading order. */
export function termPairs(text: string, lang?: string | null): [string, string][] {
  const stops = stopWords(lang);
  const out: [string, string][] = [];
  for (const tok of tokenize(text)) {
    if (tok.length < 2 && !UNSPACED.test(tok)) continue;
    if (stops.has(tok)) continue;
    out.push([stem(tok, lang), tok]);
  }
  return out;
}

/** Content terms: tokens without stop words or one-letter words, stemmed. */
export function terms(text: string, lang?: string | null): string[] {
  return termPairs(text, lang).map((p) => p[0]);
}
