// The synthetic stream as the store takes it: benchmarks that fill a store share this mapping.
import type { SyntheticArticle } from "../src/eval/synthetic.ts";
import type { NewArticle } from "../src/store/types.ts";

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
