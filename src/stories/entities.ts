// Named entities. Two tools with different costs:
// - entityKeys(): a fast capitalised-phrase extractor used on every article by the clusterer
//   (measured: ~5 µs for a title and lede).
// - extractEntities(): compromise's people/organisation/place tagger, for labels and the API. It
//   costs 1-5 ms per title and lede on this machine (measured on allsides_2021_dev_articles), far
//   over the clusterer's budget of 0.2 ms per article, so the clusterer never calls it.
import nlp from "compromise";
import { charClass, LETTER, MARK, NUMBER, nfkc, SPACE, UPPER } from "./chars.ts";
import { stopWords } from "./text.ts";

export interface Entities {
  people: string[];
  organizations: string[];
  places: string[];
}

function clean(list: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list) {
    const name = raw
      .replace(/['’]s\b/g, "")
      .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, "")
      .replace(/\s+/g, " ")
      .trim();
    const key = name.toLowerCase();
    if (name.length < 2 || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/** People, organisations and places named in an English text, in order of first mention. */
export function extractEntities(text: string): Entities {
  const doc = nlp(text);
  return {
    people: clean(doc.people().out("array") as string[]),
    organizations: clean(doc.organizations().out("array") as string[]),
    places: clean(doc.places().out("array") as string[]),
  };
}

// Capitalised but naming no entity: days and months say when, not who or where.
const CALENDAR = new Set(
  "monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december".split(
    " ",
  ),
);

// News metonymy: a capital or seat of power stands for its country ("Pyongyang" for North Korea,
// "the Kremlin" for Russia). Outlets alternate the two, so both keys are emitted. Hand-written:
// no library maps these, and the list is small and stable.
const METONYMS = new Map<string, string>(
  Object.entries({
    pyongyang: "north korea",
    seoul: "south korea",
    moscow: "russia",
    kremlin: "russia",
    kyiv: "ukraine",
    kiev: "ukraine",
    beijing: "china",
    tehran: "iran",
    damascus: "syria",
    ankara: "turkey",
    cairo: "egypt",
    baghdad: "iraq",
    kabul: "afghanistan",
    islamabad: "pakistan",
    riyadh: "saudi arabia",
    tokyo: "japan",
    taipei: "taiwan",
    caracas: "venezuela",
    havana: "cuba",
    berlin: "germany",
    paris: "france",
    elysee: "france",
    madrid: "spain",
    rome: "italy",
    ottawa: "canada",
    canberra: "australia",
    "new delhi": "india",
    "white house": "united states",
    pentagon: "united states",
    "downing street": "britain",
    westminster: "britain",
  }),
);

/**
 * Lower-cased capitalised words and multi-word capitalised phrases ("north korea", "korea"),
 * skipping stop words. Headline-style Title Case yields every content word: the model weighs
 * the entity similarity together with the title similarity, so that noise is tolerated.
 */
export function entityKeys(text: string, lang?: string | null): string[] {
  return entityKeysOf(nfkc(text), lang);
}

const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;
const HYPHEN = 0x2d;
const WORD_START = LETTER | NUMBER;
const WORD_PART = LETTER | MARK | NUMBER;

/**
 * `entityKeys` of a text already in NFKC. Words are what the regular expression
 * `[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*` (global, unicode) matched, found by a scanner over char
 * codes; positions are those of the normalised text (NFKC changes lengths: "…" is three
 * characters, "ﬁ" two, "e" + a combining accent one).
 */
export function entityKeysOf(norm: string, lang?: string | null): string[] {
  const stops = stopWords(lang);
  const out: string[] = [];
  let phrase: string[] = [];
  const alias = (key: string) => {
    const country = METONYMS.get(key);
    if (country) out.push(...country.split(" "), ...(country.includes(" ") ? [country] : []));
  };
  const flush = () => {
    if (phrase.length > 1) {
      const key = phrase.join(" ");
      out.push(key);
      alias(key);
    }
    if (phrase.length > 0) phrase = [];
  };
  const n = norm.length;
  let i = 0;
  while (i < n) {
    let cp = norm.codePointAt(i)!;
    let c = charClass(cp);
    // A phrase breaks on anything but white space between words.
    if ((c & WORD_START) === 0) {
      if ((c & SPACE) === 0) flush();
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    const upper = (c & UPPER) !== 0;
    i += cp > 0xffff ? 2 : 1;
    while (i < n) {
      const q = norm.charCodeAt(i);
      if (q === APOSTROPHE || q === RIGHT_QUOTE || q === HYPHEN) {
        i++;
        continue;
      }
      cp = norm.codePointAt(i)!;
      c = charClass(cp);
      if ((c & WORD_PART) === 0) break;
      i += cp > 0xffff ? 2 : 1;
    }
    // Only a capitalised word can name an entity (the others still end a phrase).
    if (!upper) {
      flush();
      continue;
    }
    let word = norm.slice(start, i);
    const last = word.length - 1;
    if (last >= 2 && word.charCodeAt(last) === 0x73) {
      const q = word.charCodeAt(last - 1);
      if (q === APOSTROPHE || q === RIGHT_QUOTE) word = word.slice(0, -2);
    }
    const lower = word.toLowerCase().replace(/’/g, "'");
    if (stops.has(lower) || CALENDAR.has(lower) || lower.length < 2) {
      flush();
      continue;
    }
    phrase.push(lower);
    out.push(lower);
    alias(lower);
  }
  flush();
  return out;
}
