// Named entities. Two tools with different costs:
// - entityKeys(): a fast capitalised-phrase extractor used on every article by the clusterer
//   (measured: ~5 µs for a title and lede).
// - extractEntities(): compromise's people/organisation/place tagger, for labels and the API. It
//   costs 1-5 ms per title and lede on this machine (measured on allsides_2021_dev_articles), far
//   over the clusterer's budget of 0.2 ms per article, so the clusterer never calls it.
import nlp from "compromise";
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

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*/gu;
const UPPER = /^\p{Lu}/u;
// Capitalised but naming no entity: days and months say when, not who or where.
const CALENDAR = new Set(
  "monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december".split(
    " ",
  ),
);

// News metonymy: a capital or seat of power stands for its country ("Pyongyang" for North Korea,
// "the Kremlin" for Russia). Outlets alternate the two, so both keys are emitted. Hand-written:
// no library maps these, and the list is small and stable.
const METONYMS: Record<string, string> = {
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
};

/**
 * Lower-cased capitalised words and multi-word capitalised phrases ("north korea", "korea"),
 * skipping stop words. Headline-style Title Case yields every content word: the model weighs
 * the entity similarity together with the title similarity, so that noise is tolerated.
 */
export function entityKeys(text: string, lang?: string | null): string[] {
  const stops = stopWords(lang);
  const out: string[] = [];
  let phrase: string[] = [];
  let lastEnd = -1;
  const alias = (key: string) => {
    const country = METONYMS[key];
    if (country) out.push(...country.split(" "), ...(country.includes(" ") ? [country] : []));
  };
  const flush = () => {
    if (phrase.length > 1) {
      const key = phrase.join(" ");
      out.push(key);
      alias(key);
    }
    phrase = [];
  };
  // Positions are those of the normalised text: NFKC changes lengths ("…" is three characters,
  // "ﬁ" two, "e" + a combining accent one), so the gaps between words are sliced from it too.
  const norm = text.normalize("NFKC");
  for (const m of norm.matchAll(WORD)) {
    const start = m.index;
    // A phrase breaks on punctuation between words (only spaces may separate its words).
    if (phrase.length > 0 && !/^\s+$/.test(norm.slice(lastEnd, start))) flush();
    lastEnd = start + m[0].length;
    const word = m[0].replace(/['’]s$/, "").replace(/[’]/g, "'");
    const lower = word.toLowerCase();
    if (!UPPER.test(word) || stops.has(lower) || CALENDAR.has(lower) || lower.length < 2) {
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
