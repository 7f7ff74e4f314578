// The NeuS/AllSides story groups (neus_train_headlines.jsonl: one line per story,
// `{cluster, articles: [{title, text}], headline, summary}`) read as a labelled article set, for
// training and for an extra evaluation stream. The dev set allsides_2021_dev_articles is drawn
// from the same roundups, so every group sharing an article with a dev set is dropped: no dev
// article may be trained on (or counted as unseen) through this set.
import type { DatasetArticle } from "./dataset.ts";
import { forEachJsonLine } from "./dataset.ts";

/**
 * A title reduced to what identifies it across copies: NFKC, lower case, letters and digits only.
 * NeuS titles carry a trailing "." and curly quotes that the dev set's copies do not.
 */
export function normaliseTitle(title: string): string {
  return title
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export interface NeusSet {
  /** In file order, each group's articles in their order; ids `CLUSTER-i`, gold label `cluster`. */
  articles: DatasetArticle[];
  groups: number;
  /** Groups left out because one of their articles' titles is in `exclude`. */
  dropped: number;
}

/**
 * Reads the groups file without the groups that share a title (normalised) with `exclude`.
 * Articles come without time or outlet (the file has none) and as English (AllSides roundups of
 * US outlets). Lines that are not a group with a cluster label and titled articles are skipped.
 */
export async function readNeusSet(path: string, exclude: Iterable<string>): Promise<NeusSet> {
  const excluded = new Set<string>();
  for (const t of exclude) excluded.add(normaliseTitle(t));
  const out: NeusSet = { articles: [], groups: 0, dropped: 0 };
  await forEachJsonLine(
    path,
    (value) => {
      const g = value as { cluster?: unknown; articles?: unknown };
      if (typeof g.cluster !== "string" || !Array.isArray(g.articles)) return;
      const cluster = g.cluster;
      const members = (g.articles as { title?: unknown; text?: unknown }[]).filter(
        (a) => typeof a?.title === "string" && a.title.trim() !== "",
      );
      if (members.length === 0) return;
      out.groups++;
      if (members.some((a) => excluded.has(normaliseTitle(a.title as string)))) {
        out.dropped++;
        return;
      }
      for (const [i, a] of members.entries()) {
        out.articles.push({
          id: `${cluster}-${i}`,
          title: (a.title as string).trim(),
          text: typeof a.text === "string" ? a.text : "",
          source: null,
          published: null,
          lang: "en",
          cluster,
        });
      }
    },
    () => {},
  );
  return out;
}
