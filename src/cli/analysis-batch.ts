// A batch of analyses (features.ts `analyse`): made the same way on any thread (a failure names
// its article), and packed for a message between threads: every string in one flat array and
// every number in one Float64Array (its buffer is transferred, not copied).
// Receiving this costs the clusterer's thread (the one that bounds the speed) about 8-11 µs an
// article against 10-30 µs for the analyses cloned as objects (bench/analysis-transfer.ts).
import { type Analysis, analyse } from "../stories/features.ts";
import type { ClusterInput } from "../stories/types.ts";

/** The analyses of a batch; throws one line naming the article that cannot be analysed. */
export function analyseBatch(batch: readonly ClusterInput[]): Analysis[] {
  return batch.map((a) => {
    try {
      return analyse(a);
    } catch (err) {
      throw new Error(`cannot analyse article "${a.id}": ${(err as Error).message}`);
    }
  });
}

export interface PackedAnalyses {
  /** Per article: id, language, then term and surface word (null when equal to the term), then entities. */
  strings: (string | null)[];
  /** Per article: time (NaN when unknown), hasText, term, title term and entity counts, then the counts. */
  numbers: Float64Array<ArrayBuffer>;
}

export function packAnalyses(batch: readonly Analysis[]): PackedAnalyses {
  const strings: (string | null)[] = [];
  const numbers: number[] = [];
  for (const a of batch) {
    strings.push(a.id, a.lang);
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
    const lang = str();
    const time = numbers[n++];
    const hasText = numbers[n++] === 1;
    const termCount = numbers[n++];
    const titleCount = numbers[n++];
    const entCount = numbers[n++];
    const terms: string[] = [];
    const words: string[] = [];
    const textCounts: number[] = [];
    for (let i = 0; i < termCount; i++) {
      const term = str();
      terms.push(term);
      const word = strings[s++];
      words.push(word ?? term);
      textCounts.push(numbers[n++]);
    }
    const titleCounts: number[] = [];
    for (let i = 0; i < titleCount; i++) titleCounts.push(numbers[n++]);
    const ents: string[] = [];
    const entCounts: number[] = [];
    for (let i = 0; i < entCount; i++) {
      ents.push(str());
      entCounts.push(numbers[n++]);
    }
    out.push({
      id,
      time: Number.isNaN(time) ? null : time,
      lang,
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
