// The pipeline's view of the stories it is growing: each story's record (counts, times, label)
// and a bounded sample of members to label it from. Loaded from the store on first use (after a
// restart), kept in memory while the story is active, and written back with every assignment.

import type {
  AssignmentWrite,
  RestoreRow,
  Store,
  StoredArticle,
  StoryRecord,
} from "../store/types.ts";
import type { StreamClusterer } from "../stories/cluster.ts";
import { type EntityMemo, type LabelMember, labelStory } from "../stories/label.ts";
import { decodeCuts, type TermCache } from "../stories/snapshot.ts";
import type { ClusterInput } from "../stories/types.ts";

/** Members kept per story for labelling: the first few (the story's start) and the most recent. */
const FIRST_MEMBERS = 10;
const RECENT_MEMBERS = 50;
/** While articles wait, a labelled story is relabelled only once it has grown by this factor. */
const RELABEL_GROWTH = 1.5;
/** A story's provisional summary (until it is labelled): its first article's opening, this long. */
const PROVISIONAL_SUMMARY = 300;
/**
 * Stories kept in memory by default; the least recently touched go first (they reload from the
 * store, and the engine finds those that went quiet meanwhile in the store).
 */
export const MAX_CACHED = 20_000;

export interface StoryEntry {
  record: StoryRecord;
  first: LabelMember[];
  recent: LabelMember[];
  outlets: Set<string>;
  langs: Map<string, number>;
  /** articleCount at the last label (0: never labelled here). */
  labelledAt: number;
  /** False for a record adopted without its members: load() reads them before it grows. */
  complete: boolean;
}

/** The time an article counts at for a story: published, else when it was fetched. */
export const articleTime = (a: Pick<StoredArticle, "published" | "fetchedAt">): number =>
  a.published ?? a.fetchedAt;

/** What the clusterer sees of a stored article. */
export const clusterInput = (a: StoredArticle): ClusterInput => ({
  id: a.id,
  title: a.title,
  text: a.text,
  source: a.source,
  published: a.published,
  lang: a.lang,
});

/**
 * Puts a stored member back into the clusterer, in `storyId`: from the features kept with its
 * assignment, else (clustered before features were kept) re-vectorised from its text. Returns
 * which, or null for a row with neither.
 */
export function restoreRow(
  c: StreamClusterer,
  r: RestoreRow,
  storyId: string,
  terms: TermCache,
): "features" | "text" | null {
  const eventId = r.eventId ?? storyId;
  if (r.features) {
    c.restoreEncoded(r.articleId, r.features, terms, storyId, eventId, r.score ?? 0);
    return "features";
  }
  if (!r.article) return null;
  c.restore(clusterInput(r.article), storyId, eventId, r.score ?? 0);
  return "text";
}

/**
 * The re-cuts a restored member's joining caused (stored with its features), replayed right
 * after it, in clustering order as they happened (StreamClusterer.replayCut; `fromState`: the
 * member is replayed on top of a saved state).
 */
export function replayCuts(c: StreamClusterer, r: RestoreRow, fromState: boolean): void {
  if (r.features) for (const cut of decodeCuts(r.features)) c.replayCut(cut, fromState);
}

/**
 * A stored member moving to another story with the score and threshold it was clustered with (a
 * clusterer's merge or re-cut, a person's merge).
 */
export const keepingScore = (
  a: StoredArticle,
  storyId: string,
  eventId: string,
): AssignmentWrite => ({
  articleId: a.id,
  storyId,
  eventId,
  score: a.score ?? 0,
  threshold: a.threshold ?? 0,
});

const outletOf = (a: StoredArticle): string | null => {
  if (a.source) return a.source.toLowerCase();
  if (!a.url) return null;
  try {
    return new URL(a.url).hostname.replace(/^www\./, "");
  } catch {
    return null;
  }
};

const member = (a: StoredArticle): LabelMember => ({
  title: a.title,
  text: a.text,
  source: a.source,
  published: a.published,
});

export class StoryBook {
  private readonly cache = new Map<string, StoryEntry>();
  private readonly dirty = new Set<string>();
  /** Each member's entities, found once however often its story is relabelled. */
  private readonly entities: EntityMemo = new WeakMap();

  /**
   * `capacity`: stories kept in memory at most (adopting more only pushes the first ones out).
   */
  constructor(
    private readonly store: Store,
    readonly capacity = MAX_CACHED,
  ) {}

  /** The cached entry of a story, loading it (record and members) from the store if needed. */
  async load(storyId: string): Promise<StoryEntry | null> {
    const hit = this.cache.get(storyId);
    if (hit?.complete) {
      this.remember(hit);
      return hit;
    }
    const record = await this.store.getStory(storyId);
    if (!record) return null;
    const entry = emptyEntry(record);
    for (const a of await this.store.articlesOfStory(storyId)) addMember(entry, a);
    entry.labelledAt = record.articleCount;
    this.remember(entry);
    return entry;
  }

  /** A new story founded by `a`. */
  create(storyId: string, a: StoredArticle, now: number): StoryEntry {
    const t = articleTime(a);
    const entry = emptyEntry({
      id: storyId,
      headline: "",
      summary: "",
      entities: [],
      firstSeen: t,
      lastSeen: t,
      articleCount: 0,
      outletCount: 0,
      lang: null,
      status: "active",
      mergedInto: null,
      updatedAt: now,
    });
    this.remember(entry);
    return entry;
  }

  /**
   * Adds an article to a story and returns the story's new record. Labelling (entity extraction
   * above all) costs far more than clustering, so it is not done here: the story is marked and
   * flushDirty labels it once for however many articles it gained meanwhile. Until its first
   * label a new story shows its founding article's title and opening.
   */
  grow(entry: StoryEntry, a: StoredArticle, now: number): StoryRecord {
    addMember(entry, a);
    const r = entry.record;
    r.articleCount++;
    r.outletCount = entry.outlets.size;
    r.lang = topLang(entry.langs);
    r.status = "active";
    r.updatedAt = now;
    if (r.articleCount === 1 && !r.headline) {
      r.headline = a.title;
      r.summary = opening(a.text);
    }
    this.dirty.add(r.id);
    return { ...r, entities: [...r.entities] };
  }

  /**
   * Rebuilds a story's entry from its full member list (after a correction, a merge or a re-cut).
   * `label` false: keep its current label (a new one: its first member's title and opening) and
   * mark it for the next flushDirty.
   */
  rebuild(record: StoryRecord, members: StoredArticle[], now: number, label = true): StoryRecord {
    const entry = emptyEntry({ ...record, articleCount: members.length, updatedAt: now });
    for (const a of members) addMember(entry, a);
    const r = entry.record;
    r.outletCount = entry.outlets.size;
    r.lang = topLang(entry.langs);
    if (members.length > 0) {
      r.firstSeen = Math.min(...members.map(articleTime));
      r.lastSeen = Math.max(...members.map(articleTime));
      if (label) this.relabel(entry);
      else if (!r.headline) {
        // A new story waiting for its label shows its first article's title and opening (grow).
        r.headline = members[0].title;
        r.summary = opening(members[0].text);
      }
    }
    this.remember(entry);
    if (!label && members.length > 0) this.dirty.add(r.id);
    return { ...r, entities: [...r.entities] };
  }

  /**
   * Relabels stories that grew since their last label, oldest mark first, until `budgetMs` is
   * spent; returns their records to write back. Unless `all`, a story labelled before waits until
   * it has grown by half since (labels of big stories change slowly); the rest stay marked.
   */
  flushDirty(now: number, budgetMs = Number.POSITIVE_INFINITY, all = true): StoryRecord[] {
    const out: StoryRecord[] = [];
    const start = performance.now();
    for (const id of this.dirty) {
      if (performance.now() - start > budgetMs) break;
      const entry = this.cache.get(id);
      if (!entry) {
        this.dirty.delete(id);
        continue;
      }
      const r = entry.record;
      if (!all && entry.labelledAt > 0 && r.articleCount < entry.labelledAt * RELABEL_GROWTH)
        continue;
      this.dirty.delete(id);
      this.relabel(entry);
      r.updatedAt = now;
      out.push({ ...r, entities: [...r.entities] });
    }
    return out;
  }

  /** Stories waiting for a label. */
  get unlabelled(): number {
    return this.dirty.size;
  }

  /** Active cached stories whose last article is older than `before`. */
  staleActive(before: number): StoryEntry[] {
    return [...this.cache.values()].filter(
      (e) => e.record.status === "active" && e.record.lastSeen < before,
    );
  }

  /** Adopts a record read from the store (e.g. after a restart) without its members. */
  adopt(record: StoryRecord): void {
    if (this.cache.has(record.id)) return;
    const entry = emptyEntry(record);
    entry.labelledAt = record.articleCount;
    // Members are loaded on first growth; until then the entry only serves quiet detection.
    entry.complete = false;
    this.remember(entry);
  }

  /** Whether a story is in memory (without counting as a use of it). */
  holds(storyId: string): boolean {
    return this.cache.has(storyId);
  }

  forget(storyId: string): void {
    this.cache.delete(storyId);
    this.dirty.delete(storyId);
  }

  get size(): number {
    return this.cache.size;
  }

  private relabel(entry: StoryEntry): void {
    const label = labelStory([...entry.first, ...entry.recent], this.entities);
    entry.record.headline = label.headline;
    entry.record.summary = label.summary;
    entry.record.entities = label.entities;
    entry.labelledAt = entry.record.articleCount;
    this.dirty.delete(entry.record.id);
  }

  private remember(entry: StoryEntry): void {
    this.cache.delete(entry.record.id);
    this.cache.set(entry.record.id, entry);
    while (this.cache.size > this.capacity) {
      const oldest = this.cache.keys().next().value as string;
      if (this.dirty.has(oldest)) break;
      this.cache.delete(oldest);
    }
  }
}

/** The opening of a text, cut at a sentence end (else a word) within PROVISIONAL_SUMMARY. */
function opening(text: string): string {
  if (text.length <= PROVISIONAL_SUMMARY) return text;
  const head = text.slice(0, PROVISIONAL_SUMMARY);
  const sentence = head.lastIndexOf(". ");
  if (sentence > PROVISIONAL_SUMMARY / 3) return head.slice(0, sentence + 1);
  const word = head.lastIndexOf(" ");
  return `${head.slice(0, word > 0 ? word : PROVISIONAL_SUMMARY)}…`;
}

function emptyEntry(record: StoryRecord): StoryEntry {
  return {
    record: { ...record, entities: [...record.entities] },
    first: [],
    recent: [],
    outlets: new Set(),
    langs: new Map(),
    labelledAt: 0,
    complete: true,
  };
}

function addMember(entry: StoryEntry, a: StoredArticle): void {
  const m = member(a);
  if (entry.first.length < FIRST_MEMBERS) entry.first.push(m);
  else {
    entry.recent.push(m);
    if (entry.recent.length > RECENT_MEMBERS) entry.recent.shift();
  }
  const outlet = outletOf(a);
  if (outlet) entry.outlets.add(outlet);
  if (a.lang) entry.langs.set(a.lang, (entry.langs.get(a.lang) ?? 0) + 1);
  const t = articleTime(a);
  const r = entry.record;
  if (t < r.firstSeen) r.firstSeen = t;
  if (t > r.lastSeen) r.lastSeen = t;
}

function topLang(langs: Map<string, number>): string | null {
  let best: string | null = null;
  let n = 0;
  for (const [k, v] of langs)
    if (v > n || (v === n && best !== null && k < best)) [best, n] = [k, v];
  return best;
}
