// The ranked front page: candidate stories from the store (filtered there), their coverage rows,
// rank and facets; cached per filter until the store's event sequence moves or the entry ages
// out, so a busy front page costs one computation per change rather than one per request.
// With granularity "event", a story made of several events (the clusterer's finer ids) shows
// each event as its own card, labelled from its own articles.

import type {
  Store,
  StoredArticle,
  StoryQuery,
  StoryRecord,
  StorySourceCount,
} from "../store/types.ts";
import { labelStory } from "../stories/label.ts";
import { compareRanked } from "../stories/rank.ts";
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
  at: number;
  version: number;
  value: Promise<RankedList>;
  /** Story cards with their preview articles, by story id (filled on first display). */
  filled: Map<string, Promise<StoryCard>>;
  /** Finished responses (serialised JSON, rendered HTML) built from this entry, by key. */
  responses: Map<string, Promise<string>>;
}

/** How many recent stories (store order) are ranked; older ones do not reach the front page. */
export const CANDIDATES = 300;
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
      at: now,
      version: this.version(),
      value: this.compute(filters, now),
      filled: new Map(),
      responses: new Map(),
    };
    if (this.maxAgeMs > 0) {
      if (this.cache.size > 200) this.cache.clear();
      this.cache.set(key, entry);
      entry.value.catch(() => this.cache.delete(key));
    }
    return entry;
  }

  ranked(filters: FrontPageFilters): Promise<RankedList> {
    return this.entry(filters).value;
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

  /** The cards of one page with their preview articles filled in (once per cache entry). */
  async withMembers(filters: FrontPageFilters, cards: StoryCard[]): Promise<StoryCard[]> {
    const entry = this.entry(filters);
    const { records } = await entry.value;
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

  private async candidates(filters: FrontPageFilters): Promise<StoryRecord[]> {
    const { granularity: _, source, ...storeFilters } = filters;
    // The store matches a feed's source name exactly; outlet names and domains are matched here
    // over the coverage rows of recent stories (at most SOURCE_SCAN of them).
    const matches = source ? outletMatcher(source) : null;
    const records: StoryRecord[] = [];
    let scanned = 0;
    let cursor: string | null = null;
    do {
      const query: StoryQuery = {
        ...storeFilters,
        limit: matches ? 100 : Math.min(100, CANDIDATES - records.length),
        cursor,
      };
      const page = await this.store.listStories(query);
      let items = page.items.filter((s) => s.status !== "merged");
      scanned += page.items.length;
      if (matches && items.length > 0) {
        const rows = await this.store.storySources(items.map((s) => s.id));
        const hit = new Set(rows.filter(matches).map((r) => r.storyId));
        items = items.filter((s) => hit.has(s.id));
      }
      records.push(...items.slice(0, CANDIDATES - records.length));
      cursor = page.nextCursor;
    } while (cursor && records.length < CANDIDATES && (!matches || scanned < SOURCE_SCAN));
    return records;
  }

  private async compute(filters: FrontPageFilters, now: number): Promise<RankedList> {
    const records = await this.candidates(filters);
    const cards =
      filters.granularity === "event"
        ? await this.eventCards(records, now)
        : await this.storyCards(records, now);
    cards.sort((a, b) => compareRanked(rankPos(a), rankPos(b)));
    return { cards, records };
  }

  private async storyCards(records: StoryRecord[], now: number): Promise<StoryCard[]> {
    const rows = records.length > 0 ? await this.store.storySources(records.map((r) => r.id)) : [];
    const byStory = groupBy(rows, (r) => r.storyId);
    return records.map((s) => storyCard(s, byStory.get(s.id) ?? [], [], now));
  }

  private async eventCards(records: StoryRecord[], now: number): Promise<StoryCard[]> {
    const members = await Promise.all(records.map((s) => this.store.articlesOfStory(s.id)));
    return records.flatMap((story, i) => {
      const events = groupBy(members[i], (a) => a.eventId ?? story.id);
      if (events.size <= 1) {
        const only = [...events.keys()][0] ?? story.id;
        return [
          { ...storyCard(story, sourceRows(story.id, members[i]), members[i], now), eventId: only },
        ];
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
    });
  }
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
