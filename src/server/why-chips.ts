// The chips of "why grouped": the specific names and terms that tie an article to its story.
// The clusterer explains with its own keys (lower-cased entity words and phrases: "shelley",
// "moore", "shelley moore capito", "act") and its heaviest shared terms, and the fallback with
// terms shared inside the story; a reader wants "Shelley Moore Capito" once, as written, and
// "eviction" rather than "federal" or "department".
import { stopWords } from "../stories/text.ts";

// Words that a great many stories share, so they explain no particular link: reporting verbs,
// offices and institutions named in every political story, everyday nouns of news copy.
const GENERIC = new Set(
  `officials official government governments federal state states national country countries city
  cities department agency court courts law laws president minister leader leaders former top
  man men woman women people person group groups members member public plan plans bill bills
  added adds announced announces expected including amid according percent million billion
  thousands hundreds dozens month months news report reports statement told says said call calls
  called move moves deal week weeks year years day days time times world global local high new
  act acts house office administration party parties spokesman spokeswoman spokesperson official's
  sen rep gov speaker chief head board committee general service services issue issues case cases
  he she they it we you his her their him them its against decision add
  attorney district judge justice bank bureau senator senators governor mayor secretary democrat
  democrats republican republicans democratic conservative liberal senate congress`
    .split(/\s+/)
    .filter((w) => w !== ""),
);

// Titles in front of a name ("Sen. Shelley Moore Capito"): the name still stands alone.
const TITLES = new Set(
  "mr mrs ms dr prof rep gen lt col sgt capt adm gov pres rev sens reps leader minister chairman chairwoman ceo founder pope king queen prince princess lord lady sir dame".split(
    " ",
  ),
);

export interface Chips {
  terms: string[];
  entities: string[];
}

const MAX_CHIPS = 6;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The key as the article writes it when it writes it as a name: capitalised, and for a single
 * word not only where every word is capitalised anyway (a sentence's first word, a Title Case
 * headline). Null when the article never writes it so.
 */
function asWritten(key: string, title: string, text: string, stops: Set<string>): string | null {
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])${key
      .split(/[\s-]+/)
      .map(escapeRegExp)
      .join("[\\s-]+")}(?![\\p{L}\\p{N}])`,
    "giu",
  );
  const single = !/[\s-]/.test(key);
  const words = title.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  const titleCase =
    words.length > 2 && words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length > 0.6;
  for (const [source, skipAll] of [
    [title, single && titleCase],
    [text, false],
  ] as const) {
    if (skipAll) continue;
    for (const m of source.matchAll(pattern)) {
      const found = m[0];
      if (!/^\p{Lu}/u.test(found)) continue;
      const before = source.slice(0, m.index).trimEnd();
      const after = source.slice(m.index + found.length);
      // A sentence's first word says nothing about being a name.
      if (single && (before === "" || /[.!?:"“]$/.test(before))) continue;
      // Words of a longer name ("Disease Control" in "Centers for Disease Control and
      // Prevention") are not one.
      if (/^\s+(?:(?:of|for|and|de|the)\s+)?\p{Lu}/u.test(after)) continue;
      const previous = /(\p{Lu}[\p{L}.]*)(?:\s+(?:of|for|and|de|the))?$/u.exec(before);
      const word = previous?.[1].toLowerCase().replace(/\.$/, "");
      if (word && !stops.has(word) && !GENERIC.has(word) && !TITLES.has(word)) continue;
      return found;
    }
  }
  return null;
}

/** Whether every word of `inner` is a word of `outer` (both lower-cased). */
function within(inner: string, outer: string): boolean {
  if (inner === outer) return false;
  const words = new Set(outer.split(/[\s-]+/));
  return inner.split(/[\s-]+/).every((w) => words.has(w));
}

/**
 * The chips shown for one article: its entities as written (story entities it mentions first,
 * then the explanation's), without a part of a longer name or an initial-only key ("va", "r-w"),
 * and its shared terms without generic words or words already in a name chip.
 */
export function whyChips(
  article: { title: string; text: string; lang?: string | null },
  explained: Chips,
  storyEntities: string[],
  informative: (word: string) => boolean,
): Chips {
  const { title, text } = article;
  const stops = stopWords(article.lang);
  const haystack = `${title} ${text}`.toLowerCase();
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (name: string) => {
    // "Haitians" and "Haitian" are one chip.
    const key = name.toLowerCase().replace(/s$/, "");
    if (!seen.has(key)) {
      seen.add(key);
      names.push(name);
    }
  };
  const generic = (name: string) => {
    const words = name.toLowerCase().split(/[\s-]+/);
    return words.length === 1
      ? GENERIC.has(words[0])
      : GENERIC.has(words.at(-1) ?? "") && words.length === 2 && GENERIC.has(words[0]);
  };
  // The story's entities come from the labeller's tagger: names already, as written.
  for (const e of storyEntities)
    if (informative(e) && !generic(e) && haystack.includes(e.toLowerCase())) add(e);
  for (const key of explained.entities) {
    if (!informative(key) || generic(key) || /^\p{L}(?:[-.]\p{L})*$/u.test(key)) continue;
    const written = asWritten(key, title, text, stops);
    // Two letters pass only as an acronym ("US", "UN"), not as "Va" from "W.Va.".
    if (
      !written ||
      (written.replace(/\P{L}/gu, "").length <= 2 && written !== written.toUpperCase())
    )
      continue;
    add(written);
  }
  const lower = names.map((n) => n.toLowerCase());
  const entities = names.filter((_, i) => !lower.some((o) => within(lower[i], o)));

  const nameWords = new Set(lower.flatMap((n) => n.split(/[\s-]+/)));
  const terms: string[] = [];
  for (const t of explained.terms) {
    const w = t.toLowerCase();
    if (!informative(t) || stops.has(w) || GENERIC.has(w) || nameWords.has(w)) continue;
    if (!terms.some((x) => x.toLowerCase() === w)) terms.push(t);
  }
  return { terms: terms.slice(0, MAX_CHIPS), entities: entities.slice(0, MAX_CHIPS) };
}
