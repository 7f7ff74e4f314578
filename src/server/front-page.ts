// The ranked front page: candidate stories from the store (filtered there), their articles, rank
// and facets; cached per filter until the store's event sequence moves or the entry ages out, so
// a busy front page costs one computation per change rather than one per request.

import type {
  Store,
  StoredArticle,
  StoryQuery,
  StoryRecord,
  StorySourceCount,
} from "../store/types.ts";
import { compareRanked } from "../stories/rank.ts";
import { type StoryCard, storyCard } from "./story-data.ts";

export interface FrontPageFilters {
  since?: number;
  lang?: string;
  category?: string;
  source?: string;
  q?: string;
}

export interface RankedList {
  /** Cards without member articles, best first (see `withMembers`). */
  cards: StoryCard[];
  records: StoryRecord[];
}

interface Entry {
  at: number;
  version: number;
  value: Promise<RankedList>;
  members: Map<string, Promise<StoredArticle[]>>;
}

/** How many recent stories (store order) are ranked; older ones do not reach the front page. */
export const CANDIDATES = 300;

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
      members: new Map(),
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

  /** The cards of one page with their preview articles filled in. */
  async withMembers(filters: FrontPageFilters, cards: StoryCard[]): Promise<StoryCard[]> {
    const entry = this.entry(filters);
    const { records } = await entry.value;
    const byId = new Map(records.map((r) => [r.id, r]));
    return Promise.all(
      cards.map(async (c) => {
        let members = entry.members.get(c.id);
        if (!members) {
          members = this.store.articlesOfStory(c.id);
          entry.members.set(c.id, members);
        }
        const record = byId.get(c.id);
        const articles = await members;
        if (!record) return c;
        return { ...c, articles: storyCard(record, [], articles, 0).articles };
      }),
    );
  }

  private async compute(filters: FrontPageFilters, now: number): Promise<RankedList> {
    const records: StoryRecord[] = [];
    let cursor: string | null = null;
    do {
      const query: StoryQuery = {
        ...filters,
        limit: Math.min(100, CANDIDATES - records.length),
        cursor,
      };
      const page = await this.store.listStories(query);
      records.push(...page.items.filter((s) => s.status !== "merged"));
      cursor = page.nextCursor;
    } while (cursor && records.length < CANDIDATES);
    const rows = records.length > 0 ? await this.store.storySources(records.map((r) => r.id)) : [];
    const byStory = new Map<string, StorySourceCount[]>();
    for (const row of rows) {
      const list = byStory.get(row.storyId);
      if (list) list.push(row);
      else byStory.set(row.storyId, [row]);
    }
    const cards = records
      .map((s) => storyCard(s, byStory.get(s.id) ?? [], [], now))
      .sort((a, b) =>
        compareRanked(
          { id: a.id, score: a.rank.score, lastSeen: Date.parse(a.lastSeen) },
          { id: b.id, score: b.rank.score, lastSeen: Date.parse(b.lastSeen) },
        ),
      );
    return { cards, records };
  }
}

interface CursorPos {
  s: number;
  l: number;
  i: string;
}

export function encodeCursor(c: StoryCard): string {
  const pos: CursorPos = { s: c.rank.score, l: Date.parse(c.lastSeen), i: c.id };
  return Buffer.from(JSON.stringify(pos)).toString("base64url");
}

/** The position a cursor names, or null when it is not one of ours. */
export function decodeCursor(cursor: string): CursorPos | null {
  try {
    const pos = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorPos;
    if (typeof pos.s === "number" && typeof pos.l === "number" && typeof pos.i === "string")
      return pos;
  } catch {
    // fall through
  }
  return null;
}

/** One page of the ranked list, starting after the cursor's position. */
export function pageOf(cards: StoryCard[], limit: number, cursor: CursorPos | null) {
  const start = cursor
    ? cards.findIndex(
        (c) =>
          compareRanked(
            { id: c.id, score: c.rank.score, lastSeen: Date.parse(c.lastSeen) },
            { id: cursor.i, score: cursor.s, lastSeen: cursor.l },
          ) > 0,
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
