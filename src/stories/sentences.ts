// Sentence splitting for news copy, and an article's lede (its first sentences).
// Hand-written rather than Intl.Segmenter: ICU's sentence breaks split after "Mr.", "U.S." and
// initials ("John F. Kennedy"), which news text is full of; compromise is far slower.

// Words after which a period does not end a sentence (compared lower-cased, without the period).
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "st",
  "jr",
  "sr",
  "gen",
  "gov",
  "sen",
  "rep",
  "reps",
  "sens",
  "lt",
  "col",
  "sgt",
  "capt",
  "cmdr",
  "adm",
  "maj",
  "pres",
  "rev",
  "hon",
  "inc",
  "corp",
  "co",
  "ltd",
  "llc",
  "no",
  "nos",
  "vs",
  "etc",
  "approx",
  "dept",
  "est",
  "fig",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "mt",
  "ft",
  "ave",
  "blvd",
  "u.s",
  "u.k",
  "u.n",
  "e.g",
  "i.e",
  "a.m",
  "p.m",
  "d.c",
]);

// A sentence end: terminal punctuation, optional closing quotes/brackets, then white space.
const END = /[.!?…]+["'”’)\]]*(?=\s)/g;

/** Splits text into sentences; paragraph breaks always end a sentence. Trimmed, non-empty. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n|\r?\n/)) {
    const p = paragraph.replace(/\s+/g, " ").trim();
    if (p === "") continue;
    let start = 0;
    for (const m of p.matchAll(END)) {
      const end = m.index + m[0].length;
      const next = p.slice(end).trimStart();
      // The next sentence starts with a capital, a digit or an opening quote.
      if (!/^["'“‘([]?[\p{Lu}\p{N}]/u.test(next)) continue;
      if (/^\.(?![.])/.test(m[0])) {
        const before = p.slice(start, m.index).match(/(\S+)$/)?.[1] ?? "";
        const word = before.replace(/^["'“‘([]+/, "").toLowerCase();
        // Abbreviations and single-letter initials ("John F. Kennedy") do not end sentences.
        if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word)) continue;
      }
      out.push(p.slice(start, end).trim());
      start = end;
    }
    const rest = p.slice(start).trim();
    if (rest !== "") out.push(rest);
  }
  return out;
}

/**
 * An article's lede as a reader sees it: the first sentence of its text (two when the first is
 * short), or its title when there is no text.
 */
export function lede(text: string, title: string): string {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return title.trim();
  let out = sentences[0];
  if (out.split(" ").length < 12 && sentences.length > 1) out += ` ${sentences[1]}`;
  return out;
}
