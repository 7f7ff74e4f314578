// The ranked front page: candidate stories from the store (filtered there), their coverage rows,
// rank and facets; cached per filter until the store's event sequence moves or the entry ages
// out, so a busy front page costs one computation per change rather than one per request.
// With granularity "event", a story made of several events (the clusterer's finer ids) shows
// each event as its own card, labelled from its own articles.

import type {
  Store,
  StoredArticle,
  StoryRankRow,
  StoryRecord,
  StorySourceCount,
} from "../store/types.ts";
import { labelStory } from "../stories/label.ts";
import { compareRanked, rankBound } from "../stories/rank.ts";
import { outletMatcher } from "./outlets.ts";
import { articleTime, type StoryCard, storyCard } from "./story-data.ts";

export interface FrontPageFilters {
  since?: number;
  lang?: string;
  category?: string;
  source?: string;
  q?: string;
  granularity?: "event";
}

export interface RankedList {
  /** Cards best first; story cards have no member articles yet (see `withMembers`). */
  cards: StoryCard[];
  records: StoryRecord[];
}

interface Entry {
  key: string;
  filters: FrontPageFilters;
  at: number;
  version: number;
  /**
   * The ranking, computed when first asked for (`rankingOf`): a response served from the cache
   * never needs it, and with no cache (maxAgeMs 0) a computation nobody awaited could outlive its
   * request (and its store).
   */
  value: Promise<RankedList> | null;
  /** Story cards with their preview articles, by story id (filled on first display). */
  filled: Map<string, Promise<StoryCard>>;
  /** Finished responses (serialised JSON, rendered HTML) built from this entry, by key. */
  responses: Map<string, Promise<string>>;
}

/**
 * How many stories (or events) the ranked list holds at least: the best of all matching stories,
 * so paging the front page ends after this many.
 */
export const RANKED = 300;
/** Stories whose records and coverage rows are read at a time, after the first RANKED. */
const BATCH = 100;
/** How many recent stories a `source` filter looks through for the outlet's stories. */
export const SOURCE_SCAN = 3000;

/** A card's place in the ranked order (events of one story share its id). */
const keyOf = (c: StoryCard) => c.eventId ?? c.id;
const rankPos = (c: StoryCard) => ({
  id: keyOf(c),
  score: c.rank.score,
  lastSeen: Date.parse(c.lastSeen),
});

export class FrontPage {
  private cache = new Map<string, Entry>();

  constructor(
    private store: Store,
    private now: () => number,
    private maxAgeMs: number,
    private version: () => number,
  ) {}

  private entry(filters: FrontPageFilters): Entry {
    const key = JSON.stringify(filters);
    const hit = this.cache.get(key);
    const now = this.now();
    if (hit && hit.version === this.version() && now - hit.at < this.maxAgeMs) return hit;
    const entry: Entry = {
      key,
      filters,
      at: now,
      version: this.version(),
      value: null,
      filled: new Map(),
      responses: new Map(),
    };
    if (this.maxAgeMs > 0) {
      if (this.cache.size > 200) this.cache.clear();
      this.cache.set(key, entry);
    }
    return entry;
  }

  private rankingOf(entry: Entry): Promise<RankedList> {
    if (!entry.value) {
      entry.value = this.compute(entry.filters, entry.at);
      // A failed ranking is not kept: the next request computes it again.
      entry.value.catch(() => {
        if (this.cache.get(entry.key) === entry) this.cache.delete(entry.key);
      });
    }
    return entry.value;
  }

  ranked(filters: FrontPageFilters): Promise<RankedList> {
    return this.rankingOf(this.entry(filters));
  }

  /**
   * A response built from this ranking (e.g. one page as JSON or HTML), built once per cache
   * entry: under load the same page is served many times between two changes of the store.
   */
  response(filters: FrontPageFilters, key: string, build: () => Promise<string>): Promise<string> {
    const entry = this.entry(filters);
    let out = entry.responses.get(key);
    if (!out) {
      out = build();
      entry.responses.set(key, out);
      out.catch(() => entry.responses.delete(key));
    }
    return out;
  }

  /**
   * The cards of one page of `list` (what `ranked` gave for these filters) with their preview
   * articles filled in (once per cache entry): the records come from `list`, so no second
   * ranking is computed when the cache is off.
   */
  withMembers(
    filters: FrontPageFilters,
    list: RankedList,
    cards: StoryCard[],
  ): Promise<StoryCard[]> {
    const entry = this.entry(filters);
    const { records } = list;
    const byId = new Map(records.map((r) => [r.id, r]));
    return Promise.all(
      cards.map((c) => {
        const record = byId.get(c.id);
        if (c.eventId !== null || !record) return c;
        let filled = entry.filled.get(c.id);
        if (!filled) {
          filled = this.store
            .articlesOfStory(c.id)
            .then((members) => ({ ...c, articles: storyCard(record, [], members, 0).articles }));
          entry.filled.set(c.id, filled);
        }
        return filled;
      }),
    );
  }

  /**
   * Rank inputs of every story the filters select. The store matches a feed's source name
   * exactly; outlet names and domains are matched here over the coverage rows of recent stories
   * (at most SOURCE_SCAN of them).
   */
  private async candidates(filters: FrontPageFilters): Promise<StoryRankRow[]> {
    const { granularity: _, source, ...storeFilters } = filters;
    if (!source) return this.store.storyRankRows(storeFilters);
    const matches = outletMatcher(source);
    const rows: StoryRankRow[] = [];
    let scanned = 0;
    let cursor: string | null = null;
    do {
      const page = await this.store.listStories({ ...storeFilters, limit: 100, cursor });
      const items = page.items.filter((s) => s.status !== "merged");
      scanned += page.items.length;
      if (items.length > 0) {
        const coverage = await this.store.storySources(items.map((s) => s.id));
        const hit = new Set(coverage.filter(matches).map((r) => r.storyId));
        rows.push(...items.filter((s) => hit.has(s.id)));
      }
      cursor = page.nextCursor;
    } while (cursor && scanned < SOURCE_SCAN);
    return rows;
  }

  private async compute(filters: FrontPageFilters, now: number): Promise<RankedList> {
    const stories = await this.rankStories(await this.candidates(filters), now);
    if (filters.granularity !== "event") return { cards: stories.cards, records: stories.records };
    return { cards: await this.eventCards(stories, now), records: stories.records };
  }

  /**
   * The best stories among `rows`, exactly ranked, at least RANKED of them (or all). Stories are
   * visited by their rank bound (from the record alone), and only visited ones have their record
   * and coverage rows read: once RANKED computed scores beat the bound of every story not yet
   * visited, no such story can rank above them.
   */
  private async rankStories(rows: StoryRankRow[], now: number): Promise<StoryRanking> {
    const order = rows
      .map((r) => ({
        id: r.id,
        bound: rankBound(
          { articles: r.articleCount, outlets: r.outletCount, lastSeen: r.lastSeen },
          now,
        ),
      }))
      .sort((a, b) => b.bound - a.bound);
    const cards: StoryCard[] = [];
    const records = new Map<string, StoryRecord>();
    let next = 0;
    let rest = Number.NEGATIVE_INFINITY;
    while (next < order.length) {
      const ids = order.slice(next, next + (next === 0 ? RANKED : BATCH)).map((r) => r.id);
      next += ids.length;
      const [batch, sources] = await Promise.all([
        this.store.getStories(ids),
        this.store.storySources(ids),
      ]);
      const byStory = groupBy(sources, (r) => r.storyId);
      for (const s of batch.filter((s) => s.status !== "merged")) {
        records.set(s.id, s);
        cards.push(storyCard(s, byStory.get(s.id) ?? [], [], now));
      }
      rest = next < order.length ? order[next].bound : Number.NEGATIVE_INFINITY;
      if (cards.filter((c) => c.rank.score > rest).length >= RANKED) break;
    }
    cards.sort((a, b) => compareRanked(rankPos(a), rankPos(b)));
    // Only the cards that beat every unvisited story are surely in their final places.
    const sure = cards.filter((c) => c.rank.score > rest);
    return { cards: sure, records: sure.map((c) => records.get(c.id) as StoryRecord), rest };
  }

  /**
   * The best events: each story's events are read in the stories' rank order, and an event never
   * ranks above its story (it has no more articles, outlets or recent outlets, nor a later last
   * article), so the events found are final once RANKED of them beat the next story's score.
   */
  private async eventCards(stories: StoryRanking, now: number): Promise<StoryCard[]> {
    const cards: StoryCard[] = [];
    let next = 0;
    let rest = stories.rest;
    while (next < stories.records.length) {
      const batch = stories.records.slice(next, next + 20);
      next += batch.length;
      const members = await Promise.all(batch.map((s) => this.store.articlesOfStory(s.id)));
      batch.forEach((story, i) => {
        cards.push(...storyEvents(story, members[i], now));
      });
      rest = next < stories.cards.length ? stories.cards[next].rank.score : stories.rest;
      if (cards.filter((c) => c.rank.score > rest).length >= RANKED) break;
    }
    cards.sort((a, b) => compareRanked(rankPos(a), rankPos(b)));
    return cards.filter((c) => c.rank.score > rest);
  }
}

interface StoryRanking {
  /** Story cards best first (without member articles). */
  cards: StoryCard[];
  /** Their records, in the same order. */
  records: StoryRecord[];
  /** The highest score a story not in `cards` could have (-Infinity when none is left). */
  rest: number;
}

/** A story's event cards: the story itself when it has one event, else one card per event. */
function storyEvents(story: StoryRecord, members: StoredArticle[], now: number): StoryCard[] {
  const events = groupBy(members, (a) => a.eventId ?? story.id);
  if (events.size <= 1) {
    const only = [...events.keys()][0] ?? story.id;
    return [{ ...storyCard(story, sourceRows(story.id, members), members, now), eventId: only }];
  }
  return [...events].map(([eventId, articles]) => {
    const label = labelStory(articles);
    const times = articles.map(articleTime);
    const record: StoryRecord = {
      ...story,
      headline: label.headline,
      summary: label.summary,
      entities: label.entities,
      firstSeen: Math.min(...times),
      lastSeen: Math.max(...times),
      articleCount: articles.length,
      outletCount: new Set(articles.map((a) => a.source)).size,
    };
    return { ...storyCard(record, sourceRows(story.id, articles), articles, now), eventId };
  });
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Coverage rows (as the store's storySources gives them) computed from some articles. */
function sourceRows(storyId: string, articles: StoredArticle[]): StorySourceCount[] {
  const rows = new Map<string, StorySourceCount>();
  for (const a of articles) {
    let domain: string | null = null;
    try {
      domain = a.url ? new URL(a.url).hostname.replace(/^www\./, "") : null;
    } catch {
      domain = null;
    }
    const key = `${a.source ?? ""}\u0000${domain ?? ""}`;
    const row = rows.get(key);
    const t = articleTime(a);
    if (row) {
      row.articles++;
      row.firstAt = Math.min(row.firstAt, t);
    } else rows.set(key, { storyId, source: a.source, domain, articles: 1, firstAt: t });
  }
  return [...rows.values()];
}

interface CursorPos {
  s: number;
  l: number;
  i: string;
}

export function encodeCursor(c: StoryCard): string {
  const pos: CursorPos = { s: c.rank.score, l: Date.parse(c.lastSeen), i: keyOf(c) };
  return Buffer.from(JSON.stringify(pos)).toString("base64url");
}

/** The position a cursor names, or null when it is not one of ours. */
export function decodeCursor(cursor: string): CursorPos | null {
  try {
    const pos = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorPos;
    if (typeof pos.s === "number" && typeof pos.l === "number" && typeof pos.i === "string")
      return pos;
  } catch {
    // not base64url JSON: not ours
  }
  return null;
}

/** One page of the ranked list, starting after the cursor's position. */
export function pageOf(cards: StoryCard[], limit: number, cursor: CursorPos | null) {
  const start = cursor
    ? cards.findIndex(
        (c) => compareRanked(rankPos(c), { id: cursor.i, score: cursor.s, lastSeen: cursor.l }) > 0,
      )
    : 0;
  const from = start < 0 ? cards.length : start;
  const items = cards.slice(from, from + limit);
  const more = from + limit < cards.length;
  return {
    items,
    nextCursor: more && items.length > 0 ? encodeCursor(items[items.length - 1]) : null,
  };
}
