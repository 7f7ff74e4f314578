// Turns store records into what the API and the pages show: ranked story cards with coverage
// facets, and one story's details (timeline, coverage, related stories, "why grouped").

import type { StoredArticle, StoryEvent, StoryRecord, StorySourceCount } from "../store/types.ts";
import { defaultRankOptions, type Rank, rankStory } from "../stories/rank.ts";
import { termPairs } from "../stories/text.ts";
import { type ArticleOutlet, outletForDomain, outletOf, sourceName } from "./outlets.ts";
import { whyChips } from "./why-chips.ts";

export interface Explanation {
  terms: string[];
  entities: string[];
  score: number;
  threshold: number;
}

export interface ArticleView {
  id: string;
  title: string;
  lede: string;
  url: string | null;
  published: string | null;
  outlet: ArticleOutlet;
  duplicateOf: string | null;
  lang: string | null;
}

export interface StoryCard {
  id: string;
  /** Set when the card shows one event of a story (granularity "event"). */
  eventId: string | null;
  headline: string;
  summary: string;
  entities: string[];
  firstSeen: string;
  lastSeen: string;
  articleCount: number;
  outletCount: number;
  domains: string[];
  countries: string[];
  outletTypes: string[];
  lang: string | null;
  status: string;
  rank: Rank;
  articles: ArticleView[];
}

export const LEDE_CHARS = 300;

export const articleTime = (a: StoredArticle) => a.published ?? a.fetchedAt;
export const iso = (ms: number) => new Date(ms).toISOString();

export function lede(text: string, max = LEDE_CHARS): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${cut.slice(0, space > max * 0.6 ? space : max)}…`;
}

export function articleView(a: StoredArticle): ArticleView {
  return {
    id: a.id,
    title: a.title,
    lede: lede(a.text),
    url: a.url,
    published: iso(articleTime(a)),
    outlet: outletOf(a),
    duplicateOf: a.duplicateOf,
    lang: a.lang,
  };
}

const byTime = (a: StoredArticle, b: StoredArticle) =>
  articleTime(a) - articleTime(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function distinct(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort();
}

/** Outlet facts of one coverage row (the store's per-outlet counts of a story). */
export function rowOutlet(row: StorySourceCount): ArticleOutlet {
  const o = outletForDomain(row.domain);
  return {
    name: o?.name ?? sourceName(row.source) ?? row.domain ?? "unknown",
    domain: row.domain,
    country: o?.country ?? null,
    type: o?.type ?? null,
  };
}

/**
 * A story card: the record, its coverage facets and rank (from the store's per-outlet rows) and a
 * few member articles (one per outlet, earliest first, as the seed shows them).
 */
export function storyCard(
  story: StoryRecord,
  sources: StorySourceCount[],
  members: StoredArticle[],
  now: number,
  preview = 3,
): StoryCard {
  const outlets = sources.map(rowOutlet);
  const names = distinct(outlets.map((o) => o.name));
  const countries = distinct(outlets.map((o) => o.country));
  const firstAt = new Map<string, number>();
  sources.forEach((r, i) => {
    const t = firstAt.get(outlets[i].name);
    if (t === undefined || r.firstAt < t) firstAt.set(outlets[i].name, r.firstAt);
  });
  const outletCount = sources.length > 0 ? names.length : story.outletCount;
  const rank = rankStory(
    {
      articles: story.articleCount,
      outlets: outletCount,
      countries: countries.length,
      lastSeen: story.lastSeen,
      outletTimes: [...firstAt.values()],
    },
    now,
    defaultRankOptions,
  );
  const seen = new Set<string>();
  const firstPerOutlet = [...members]
    .sort(byTime)
    .map(articleView)
    .filter((v) => !seen.has(v.outlet.name) && seen.add(v.outlet.name));
  return {
    id: story.id,
    eventId: null,
    headline: story.headline,
    summary: story.summary,
    entities: story.entities.filter(informative).slice(0, 8),
    firstSeen: iso(story.firstSeen),
    lastSeen: iso(story.lastSeen),
    articleCount: story.articleCount,
    outletCount,
    domains: distinct(outlets.map((o) => o.domain)),
    countries,
    outletTypes: distinct(outlets.map((o) => o.type)),
    lang: story.lang,
    status: story.status,
    rank,
    articles: firstPerOutlet.slice(0, preview),
  };
}

export interface Bucket {
  start: string;
  count: number;
  /** Set on the bucket holding the story's first article. */
  first: boolean;
}

export interface Timeline {
  bucketMs: number;
  buckets: Bucket[];
  firstReporter: { articleId: string; outlet: string; at: string } | null;
}

const BUCKET_SIZES = [5, 15, 30, 60, 180, 360, 720, 1440, 10080].map((m) => m * 60_000);

/** The chart shows at least this long, so a young story is a few bars, not one full-width block. */
const MIN_RANGE_MS = 3600_000;

/**
 * Articles counted per time bucket; the bucket size grows with the story's span (<= 48 buckets),
 * which counts as at least MIN_RANGE_MS.
 */
export function timeline(articles: StoredArticle[]): Timeline {
  const sorted = [...articles].sort(byTime);
  if (sorted.length === 0) return { bucketMs: BUCKET_SIZES[0], buckets: [], firstReporter: null };
  const t0 = articleTime(sorted[0]);
  const range = Math.max(MIN_RANGE_MS, articleTime(sorted[sorted.length - 1]) - t0);
  const bucketMs =
    BUCKET_SIZES.find((b) => range / b < 48) ??
    Math.ceil(range / 48 / BUCKET_SIZES[8]) * BUCKET_SIZES[8];
  const start = Math.floor(t0 / bucketMs) * bucketMs;
  const n = Math.max(
    Math.floor((articleTime(sorted[sorted.length - 1]) - start) / bucketMs) + 1,
    Math.ceil(MIN_RANGE_MS / bucketMs),
  );
  const counts = new Array<number>(n).fill(0);
  for (const a of sorted) counts[Math.floor((articleTime(a) - start) / bucketMs)]++;
  return {
    bucketMs,
    buckets: counts.map((count, i) => ({
      start: iso(start + i * bucketMs),
      count,
      first: i === 0,
    })),
    firstReporter: { articleId: sorted[0].id, outlet: outletOf(sorted[0]).name, at: iso(t0) },
  };
}

export interface Facet {
  name: string;
  count: number;
}

export interface Coverage {
  outlets: Facet[];
  countries: Facet[];
  types: Facet[];
}

function facet(values: string[]): Facet[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** Articles per outlet, per country and per outlet type ("unknown" when the table lacks it). */
export function coverage(articles: StoredArticle[]): Coverage {
  const outlets = articles.map(outletOf);
  return {
    outlets: facet(outlets.map((o) => o.name)),
    countries: facet(outlets.map((o) => o.country ?? "unknown")),
    types: facet(outlets.map((o) => o.type ?? "unknown")),
  };
}

// Words that explain nothing about why two articles report the same story: dates and times,
// ordinal and clock suffixes left over from "1st" or "10am", honorifics, wire-agency datelines and
// pieces of links. (Stop words never become terms in the first place.)
const UNINFORMATIVE = new Set([
  ..."monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight".split(
    " ",
  ),
  // Not "march" (a protest march) nor "may" (a stop word already).
  ..."january february april june july august september october november december".split(" "),
  ..."jan feb apr jun jul aug sep sept oct nov dec".split(" "),
  ..."st nd rd th am pm gmt utc bst cet est edt pst pdt".split(" "),
  ..."mr mrs ms dr".split(" "),
  ..."reuters afp ap dpa ansa efe upi".split(" "),
  ..."http https www com html".split(" "),
]);

/**
 * Whether a term or entity is worth a "why grouped" chip: it has a letter (so no "2021", "10" or
 * "3.5") and is not a date, time or dateline word.
 */
export function informative(word: string): boolean {
  return /\p{L}/u.test(word) && !UNINFORMATIVE.has(word.toLowerCase());
}

/** The article's informative content terms (stem -> the word as written). */
function termsOf(a: StoredArticle): Map<string, string> {
  return new Map(
    termPairs(`${a.title} ${a.text}`, a.lang)
      .filter(([, word]) => informative(word))
      .reverse(),
  );
}

/**
 * Why each article belongs to its story: the clusterer's own explanation when it has one, else the
 * stored score/threshold with the terms the article shares with most other members and the
 * story's entities it mentions. Terms are weighed over all `members`; explanations are given for
 * `shown` (a page of them) only.
 */
export function explainMembers(
  members: StoredArticle[],
  storyEntities: string[],
  explain?: ((articleId: string) => Explanation | null) | null,
  shown: StoredArticle[] = members,
): Map<string, Explanation | null> {
  const termMaps = new Map(members.map((a) => [a.id, termsOf(a)]));
  // In how many members each term occurs.
  const df = new Map<string, number>();
  for (const m of termMaps.values()) for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const entities = storyEntities.filter(informative);
  const out = new Map<string, Explanation | null>();
  for (const a of shown) {
    const fromClusterer = explain?.(a.id);
    if (fromClusterer) {
      out.set(a.id, { ...fromClusterer, ...whyChips(a, fromClusterer, entities, informative) });
      continue;
    }
    const own = termMaps.get(a.id) ?? termsOf(a);
    // Shared terms weighted like tf-idf within the story: a term every member has says little
    // about this article, so the chips differ from article to article.
    const weight = (n: number) => n * Math.log((members.length + 1) / (n + 1));
    const terms = [...own.keys()]
      .map((t) => [t, (df.get(t) ?? 1) - 1] as const)
      .filter(([, n]) => n > 0)
      .sort((x, y) => weight(y[1]) - weight(x[1]) || y[1] - x[1] || x[0].localeCompare(y[0]))
      // More than are shown: generic words and words of names are taken out next.
      .slice(0, 12)
      .map(([t]) => own.get(t) as string);
    const chips = whyChips(a, { terms, entities: [] }, entities, informative);
    out.set(
      a.id,
      a.score === null && chips.terms.length === 0 && chips.entities.length === 0
        ? null
        : { ...chips, score: a.score ?? 0, threshold: a.threshold ?? 0 },
    );
  }
  return out;
}

export interface RelatedStory {
  id: string;
  headline: string;
  shared: string[];
}

/** Other stories sharing the most entities with this one (candidates come from the caller). */
export function relatedStories(
  story: StoryRecord,
  candidates: StoryRecord[],
  limit = 5,
): RelatedStory[] {
  const mine = new Set(story.entities.map((e) => e.toLowerCase()));
  return candidates
    .filter((c) => c.id !== story.id && c.status !== "merged")
    .map((c) => ({ c, shared: c.entities.filter((e) => mine.has(e.toLowerCase())) }))
    .filter((x) => x.shared.length > 0)
    .sort((a, b) => b.shared.length - a.shared.length || b.c.lastSeen - a.c.lastSeen)
    .slice(0, limit)
    .map(({ c, shared }) => ({ id: c.id, headline: c.headline, shared }));
}

export function eventView(e: StoryEvent) {
  return { seq: e.seq, storyId: e.storyId, type: e.type, at: iso(e.at), data: e.data };
}
