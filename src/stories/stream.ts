// Whole sets and partitioned streams around the clusterer: stream order, a clusterer per language,
// and a batch run's merged story ids resolved.

import { type ClusterOptions, StreamClusterer } from "./cluster.ts";
import { type Analysis, analyse } from "./features.ts";
import { withLanguages } from "./language.ts";
import type { Assignment, ClusterInput } from "./types.ts";
import type { WeighedArticle } from "./weigher.ts";

/**
 * Cluster a whole set: sorted by published time (ties and missing times keep input order). Each
 * language has a clusterer of its own (`LanguagePartitions`): no story mixes languages; articles
 * without one are read in their own or else the set's (`withLanguages`). A batch run re-cuts its
 * stories (ClusterOptions.recut) unless `options` turn it off.
 */
export function clusterAll(articles: ClusterInput[], options: ClusterOptions = {}): Assignment[] {
  const c = new LanguagePartitions({ recut: true, ...options });
  return resolveMerges(streamOrder(withLanguages(articles)).map((a) => c.addAnalysed(analyse(a))));
}

/**
 * A clusterer per language an article is read in (`Analysis.lang`), as the partitioned live
 * engine has (docs/scaling.md): an article never joins a story of another language, and each
 * language keeps its own document frequencies and clock. A single-language stream is clustered
 * exactly as by one StreamClusterer.
 */
export class LanguagePartitions {
  private readonly clusterers = new Map<string, StreamClusterer>();
  constructor(private readonly options: ClusterOptions = {}) {}

  addAnalysed(an: Analysis): Assignment {
    return this.clustererFor(an.lang).addAnalysed(an);
  }

  /** `addAnalysed` of a weighed article (StreamClusterer.addWeighed): the same assignment. */
  addWeighed(w: WeighedArticle): Assignment {
    return this.clustererFor(w.lang).addWeighed(w);
  }

  private clustererFor(lang: string): StreamClusterer {
    let c = this.clusterers.get(lang);
    if (!c) {
      c = new StreamClusterer(this.options);
      this.clusterers.set(lang, c);
    }
    return c;
  }
}

/**
 * Stories merged, and parts re-cut out of stories, later in the stream: rewrites a run's
 * assignments so that every article ends with the story it is in at the end (what a batch run
 * reports). Merges and splits are replayed in stream order.
 */
export function resolveMerges(out: Assignment[]): Assignment[] {
  const storyOf = new Map<string, string>();
  const membersOf = new Map<string, Set<string>>();
  const eventOf = new Map<string, string>();
  const put = (articleId: string, storyId: string) => {
    const old = storyOf.get(articleId);
    if (old !== undefined) membersOf.get(old)!.delete(articleId);
    storyOf.set(articleId, storyId);
    const members = membersOf.get(storyId);
    if (members) members.add(articleId);
    else membersOf.set(storyId, new Set([articleId]));
  };
  for (const a of out) {
    for (const id of a.merged ?? []) {
      for (const articleId of [...(membersOf.get(id) ?? [])]) put(articleId, a.storyId);
      membersOf.delete(id);
    }
    put(a.articleId, a.storyId);
    for (const part of a.split ?? []) {
      for (const articleId of part.articleIds) {
        put(articleId, part.storyId);
        // A part is one event, of its own id.
        eventOf.set(articleId, part.storyId);
      }
    }
  }
  return out.map((a) => {
    const storyId = storyOf.get(a.articleId)!;
    const eventId = eventOf.get(a.articleId) ?? (a.eventId === a.storyId ? storyId : a.eventId);
    if (storyId === a.storyId && eventId === a.eventId) return a;
    return { ...a, storyId, eventId };
  });
}

/**
 * Stream order: by published time; an article without time keeps its place after the timed
 * article before it in the input (ties keep input order). A stable sort on that key.
 */
export function streamOrder<T extends ClusterInput>(articles: readonly T[]): T[] {
  let carried = Number.NEGATIVE_INFINITY;
  const keyed = articles.map((a, i) => {
    const t = a.published;
    if (typeof t === "number" && Number.isFinite(t)) carried = t;
    return { a, i, t: carried };
  });
  keyed.sort((x, y) => x.t - y.t || x.i - y.i);
  return keyed.map((e) => e.a);
}
