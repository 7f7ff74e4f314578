// The synthetic stream as the store takes it: benchmarks that fill a store share this mapping.
import type { SyntheticArticle } from "../src/eval/synthetic.ts";
import type { NewArticle, StoredArticle, StoryRecord } from "../src/store/types.ts";

/** A generated article as a feed item would arrive: fetched when published, no feed, no HTML. */
export function syntheticNewArticle(a: SyntheticArticle): NewArticle {
  return {
    feedId: null,
    guid: a.id,
    url: a.url,
    canonicalUrl: a.url,
    title: a.title,
    text: a.text,
    html: null,
    source: a.source,
    author: null,
    image: null,
    lang: a.lang,
    published: a.published,
    fetchedAt: a.published,
  };
}

/** A one-article story record founded by `a` (benchmarks that store gold stories grow it). */
export function storyFoundedBy(id: string, a: StoredArticle): StoryRecord {
  const t = a.published ?? a.fetchedAt;
  return {
    id,
    headline: a.title,
    summary: a.text.slice(0, 200),
    entities: [],
    firstSeen: t,
    lastSeen: t,
    articleCount: 0,
    outletCount: 0,
    lang: "en",
    status: "active",
    mergedInto: null,
    updatedAt: t,
  };
}
