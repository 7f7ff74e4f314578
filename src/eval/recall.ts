// Candidate recall in the real clusterer run: for each article whose gold story already has a
// member in a live predicted story (its story is "joinable"), did any such story reach the
// decision (retrieved by the indexes, among the scored, chosen)? An article whose story is not
// retrieved can never join it, whatever the model. scripts/errors-dev.ts --recall prints it.

import type { ClusterOptions } from "../stories/cluster.ts";
import { analyse } from "../stories/features.ts";
import { withLanguages } from "../stories/language.ts";
import { LanguagePartitions, streamOrder } from "../stories/stream.ts";
import type { ClusterInput } from "../stories/types.ts";

export interface RecallReport {
  articles: number;
  /** Articles with a joinable story: a live predicted story holding an article of their gold story. */
  joinable: number;
  /** Of those, a joinable story was among the retrieved candidates... */
  retrieved: number;
  /** ...among the scored ones... */
  scored: number;
  /** ...and the article joined it (its best candidate, at the threshold). */
  chosen: number;
  /** Joinable articles that joined another story, or founded one. */
  joinedOther: number;
  founded: number;
  /** Founded although their best candidate was a joinable story (below the threshold). */
  foundedBestJoinable: number;
  /** The first article of its gold story (nothing to join): founded a story, or joined one. */
  firstFounded: number;
  firstJoined: number;
}

/** Clusters `articles` as clusterAll does, and counts where each gold story got lost. */
export function candidateRecall(
  articles: ClusterInput[],
  gold: ReadonlyMap<string, string>,
  options: ClusterOptions = {},
): RecallReport {
  const r: RecallReport = {
    articles: articles.length,
    joinable: 0,
    retrieved: 0,
    scored: 0,
    chosen: 0,
    joinedOther: 0,
    founded: 0,
    foundedBestJoinable: 0,
    firstFounded: 0,
    firstJoined: 0,
  };
  /** Articles placed so far, by gold story. */
  const placed = new Map<string, string[]>();
  let seen: { joinable: Set<string>; retrieved: string[]; scored: string[] } | null = null;
  const parts = new LanguagePartitions({
    ...options,
    // Before the article is placed: the predicted stories holding its gold story now.
    observe: (c, { articleId, retrieved, scored }) => {
      const joinable = new Set<string>();
      for (const id of placed.get(gold.get(articleId) ?? "") ?? []) {
        const s = c.storyOf(id);
        if (s !== null) joinable.add(s);
      }
      seen = { joinable, retrieved, scored };
    },
  });
  for (const a of streamOrder(withLanguages(articles))) {
    seen = null;
    const assigned = parts.addAnalysed(analyse(a));
    const g = gold.get(a.id);
    if (g === undefined) continue;
    const mates = placed.get(g);
    if (mates) mates.push(a.id);
    else placed.set(g, [a.id]);
    const s = seen as { joinable: Set<string>; retrieved: string[]; scored: string[] } | null;
    if (!s || s.joinable.size === 0) {
      if (mates) continue; // its gold story's stories were all released
      if (assigned.isNew) r.firstFounded++;
      else r.firstJoined++;
      continue;
    }
    r.joinable++;
    const has = (ids: string[]) => ids.some((id) => s.joinable.has(id));
    if (has(s.retrieved)) r.retrieved++;
    if (has(s.scored)) r.scored++;
    const best = s.scored[0];
    if (assigned.isNew) {
      r.founded++;
      if (best !== undefined && s.joinable.has(best)) r.foundedBestJoinable++;
    } else if (s.joinable.has(best)) r.chosen++;
    else r.joinedOther++;
  }
  return r;
}
