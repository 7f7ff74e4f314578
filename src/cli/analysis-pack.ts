// A batch of analyses (features.ts `analyse`) packed for a message between threads: every string
// in one flat array and every number in one Float64Array (its buffer is transferred, not copied).
// Cloning thousands of small arrays and objects cost the receiving thread about five times more
// than cloning this (docs/clustering.md, Speed and memory), and the receiver is the clusterer's
// thread, the one that bounds the speed.
import type { Analysis } from "../stories/features.ts";

export interface PackedAnalyses {
  /** Per article: id, then term and surface word (null when equal to the term), then entities. */
  strings: (string | null)[];
  /** Per article: time (NaN when unknown), hasText, term, title term and entity counts, then the counts. */
  numbers: Float64Array<ArrayBuffer>;
}

export function packAnalyses(batch: readonly Analysis[]): PackedAnalyses {
  const strings: (string | null)[] = [];
  const numbers: number[] = [];
  for (const a of batch) {
    strings.push(a.id);
    numbers.push(
      a.time ?? Number.NaN,
      a.hasText ? 1 : 0,
      a.terms.length,
      a.titleCounts.length,
      a.ents.length,
    );
    for (let i = 0; i < a.terms.length; i++) {
      strings.push(a.terms[i], a.words[i] === a.terms[i] ? null : a.words[i]);
      numbers.push(a.textCounts[i]);
    }
    for (const c of a.titleCounts) numbers.push(c);
    for (let i = 0; i < a.ents.length; i++) {
      strings.push(a.ents[i]);
      numbers.push(a.entCounts[i]);
    }
  }
  return { strings, numbers: Float64Array.from(numbers) };
}

export function unpackAnalyses({ strings, numbers }: PackedAnalyses): Analysis[] {
  const out: Analysis[] = [];
  let s = 0;
  let n = 0;
  const str = () => strings[s++] as string;
  while (n < numbers.length) {
    const id = str();
    const time = numbers[n++];
    const hasText = numbers[n++] === 1;
    const termCount = numbers[n++];
    const titleCount = numbers[n++];
    const entCount = numbers[n++];
    const terms = new Array<string>(termCount);
    const words = new Array<string>(termCount);
    const textCounts = new Array<number>(termCount);
    for (let i = 0; i < termCount; i++) {
      terms[i] = str();
      words[i] = strings[s++] ?? terms[i];
      textCounts[i] = numbers[n++];
    }
    const titleCounts = new Array<number>(titleCount);
    for (let i = 0; i < titleCount; i++) titleCounts[i] = numbers[n++];
    const ents = new Array<string>(entCount);
    const entCounts = new Array<number>(entCount);
    for (let i = 0; i < entCount; i++) {
      ents[i] = str();
      entCounts[i] = numbers[n++];
    }
    out.push({
      id,
      time: Number.isNaN(time) ? null : time,
      terms,
      textCounts,
      titleCounts,
      words,
      ents,
      entCounts,
      hasText,
    });
  }
  return out;
}
