// Clustering partitions: one clusterer per article language, in one process (`storyline serve`,
// LanguageEngines) as across processes (cluster workers, src/workers/cluster-worker.ts). An
// article's partition is its stored `lang` (the feed's <language>, else the language its items are
// written in: normalise.ts, feedLanguage), "und" when neither told one; a story's is its own
// `lang`, which its members share. Both come from the store, so the key is the same when an
// article is clustered live, after a restart (from the saved state or the kept features) and after
// a crash. Batch clustering (LanguagePartitions in src/stories/stream.ts) splits the same way,
// but reads an article without a language in the one it detects.

import type { Store } from "../store/types.ts";

/** The partition of an article or a story: its language, "und" when unknown. */
export const partitionOf = (x: { lang: string | null }): string => x.lang ?? "und";

/**
 * Why two stories cannot be merged or have articles moved between them (each language is
 * clustered apart, and its engine holds only its own stories), or null when they are of one
 * language. `what` names the correction ("merging").
 */
export function languageConflict(
  a: { id: string; lang: string | null },
  b: { id: string; lang: string | null },
  what: string,
): string | null {
  const [pa, pb] = [partitionOf(a), partitionOf(b)];
  return pa === pb
    ? null
    : `story ${a.id} is in language ${pa} and story ${b.id} in ${pb}: ${what} stories of two languages is not possible`;
}

/**
 * The store as one partition's engine sees it: only that partition's articles to (re)cluster,
 * stories to mark quiet and stream clock, its own saved state and document frequencies
 * (`KEY:partition`), and only the corrections of its stories; everything else is the shared store.
 */
export function partitionView(store: Store, partition: string): Store {
  // Each correction's owner (the partition of its first story, null when that story is gone),
  // looked up once: housekeeping lists the corrections on every pass, in every partition's engine.
  const owners = new Map<number, string | null>();
  return new Proxy(store, {
    get(target, prop) {
      if (prop === "unassignedArticles")
        return (limit: number) => target.unassignedArticlesIn(partition, limit);
      if (prop === "assignedArticlesSince")
        return (since: number) => target.assignedArticlesSinceIn(partition, since);
      // The restart path: this partition's members, and its own document frequencies.
      if (prop === "restoreOrder")
        return (since: number) => target.restoreOrderIn(partition, since);
      if (prop === "restoreRenewals")
        return (since: number) => target.restoreRenewalsIn(partition, since);
      if (prop === "clusteredAfter")
        return (after: number, since: number, limit: number) =>
          target.clusteredAfterIn(partition, after, since, limit);
      // Quiet marking: only this partition's stories, on its own clock (the newest of its
      // stories on start), never another language's.
      if (prop === "staleStories")
        return (before: number, limit: number) => target.staleStoriesIn(partition, before, limit);
      if (prop === "latestStorySeen") return () => target.latestStorySeenIn(partition);
      if (prop === "getClusterSnapshot")
        return (key: string) => target.getClusterSnapshot(`${key}:${partition}`);
      if (prop === "putClusterSnapshot")
        return (key: string, data: Uint8Array, at: number) =>
          target.putClusterSnapshot(`${key}:${partition}`, data, at);
      // Corrections are applied by the engine owning the (first) story, never by every
      // partition's engine.
      if (prop === "listCorrections")
        return async () => {
          const all = await target.listCorrections();
          const fresh = all.filter((c) => !owners.has(c.id));
          const ids = [...new Set(fresh.flatMap((c) => c.storyIds.slice(0, 1)))];
          const found = new Map(
            (await target.getStories(ids)).map((st) => [st.id, partitionOf(st)]),
          );
          for (const c of fresh) owners.set(c.id, found.get(c.storyIds[0]) ?? null);
          return all.filter((c) => owners.get(c.id) === partition);
        };
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}
