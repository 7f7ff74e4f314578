// Stories and events as the clusterer holds them: centroids, time span, the founder and recent
// members (their text vectors packed for scoring), and what a story keeps of each member.

import {
  Centroid,
  type GroupView,
  KEEP_ENT,
  KEEP_TEXT,
  type Prepared,
  truncate,
  truncateWeights,
  type Weighed,
} from "./features.ts";
import { append, KeyCounts, type Posted, type Slotted } from "./index.ts";
import { WORD_SEP } from "./snapshot.ts";
import type { TermNames, Weights } from "./vocab.ts";

/** How many members per group are compared one by one (the founder and the most recent ones). */
export const RECENT = 4;

/** Query/index keys per article: all title terms, plus the heaviest entities and text terms. */
export const QUERY_ENT = 8;
export const QUERY_TEXT = 10;

/** Events a story keeps: only the latest RECENT are scored; older ones serve restores (dev max 195). */
const KEEP_EVENTS = 256;

/** What a story keeps of a member, as persisted with its assignment (encoded by snapshot.ts). */
export interface MemberFeatures {
  p: Prepared;
  /** Surface word of each kept text term (same order as p.text.keys). */
  words: string[];
}

/**
 * What a story keeps of each member, in one object: truncated vectors by vocabulary id (their
 * terms are looked up in the vocabulary, which keeps every id a live member holds), bounded memory.
 */
export interface Member extends Weighed, Posted {
  /**
   * Surface words of the kept text terms joined by WORD_SEP, each "" when equal to its term;
   * "" when all are (explanations and persisting only).
   */
  words: string;
  story: Story;
  eventId: string;
  score: number;
}

/**
 * The score of a member a person placed (split off or moved): the store records the same, so a
 * clusterer restored from its saved state and one restored from the store agree.
 */
export const PERSON_SCORE = 1;

/** A member from its kept vectors (one shape for every member). */
export function member(
  p: Weighed,
  words: string,
  story: Story,
  eventId: string,
  score: number,
): Member {
  return {
    id: p.id,
    time: p.time,
    hasText: p.hasText,
    lede: p.lede,
    title: p.title,
    text: p.text,
    ent: p.ent,
    words,
    story,
    eventId,
    score,
    at: -1,
    // One slot per member-index entry (see place), allocated at its exact size.
    slots: new Array<number>(p.title.ids.length + Math.min(p.ent.ids.length, QUERY_ENT)).fill(0),
  };
}

/** No recent members yet: shared by every group until its second member (most have one). */
const NO_RECENT: readonly Weighed[] = [];

/** A story or an event: centroids, time span and a few members to compare with one by one. */
export class Group implements GroupView {
  title: Centroid;
  text: Centroid;
  ent: Centroid;
  size = 0;
  first: number | null = null;
  last: number | null = null;
  founder: Weighed | null = null;
  recent = NO_RECENT;
  /** Members with a full body (text, not a lede), counted as the centroids count them. */
  bodies = 0;
  /**
   * The founder's and recent members' text vectors in one array (packText), its first `packed`
   * numbers, or null until first scored; an add updates it in place (repack).
   */
  textPack: number[] | null = null;
  packed = 0;

  /** A group with its own empty centroids, or sharing those of `shared` (see Story.addEvent). */
  constructor(
    readonly id: string,
    readonly seq: number,
    shared?: Group,
  ) {
    this.title = shared ? shared.title : new Centroid();
    this.text = shared ? shared.text : new Centroid();
    this.ent = shared ? shared.ent : new Centroid();
  }

  /** Counts a member; `centroids` false when they are shared with a story that already added it. */
  add(p: Weighed, terms: TermNames, centroids = true): void {
    if (centroids) {
      this.title.add(p.title, terms);
      this.text.add(p.text, terms);
      this.ent.add(p.ent, terms);
    }
    this.size++;
    if (this.textPack) repack(this, p.text, this.recent.length === RECENT);
    if (p.hasText && !p.lede) this.bodies++;
    if (p.time !== null) {
      this.first = this.first === null ? p.time : Math.min(this.first, p.time);
      this.last = this.last === null ? p.time : Math.max(this.last, p.time);
    }
    if (!this.founder) this.founder = p;
    else if (this.recent.length < RECENT) this.recent = append(this.recent as Weighed[], p);
    else {
      // Full: shifted in place (a push would reserve room for 22).
      const recent = this.recent as Weighed[];
      for (let i = 1; i < recent.length; i++) recent[i - 1] = recent[i];
      recent[recent.length - 1] = p;
    }
  }

  reset(): void {
    this.title = new Centroid();
    this.text = new Centroid();
    this.ent = new Centroid();
    this.size = 0;
    this.bodies = 0;
    this.first = this.last = null;
    this.founder = null;
    this.recent = NO_RECENT;
    this.textPack = null;
    this.packed = 0;
  }
}

export class Story extends Group implements Slotted {
  /** Its place in the story index (-1 while it holds no key). */
  slot = -1;
  /** Its number among the live stories (NearMembers), -1 once released or merged away. */
  num = -1;
  members = new Map<string, Member>();
  /** Stories a person split from this one: never merged with it automatically (null: none). */
  cannotLink: Set<string> | null = null;
  events: Group[] = [];
  /** Keys the story is found by in the story index, with how many kept members hold each. */
  indexKeys = new KeyCounts();
  /** Whether it was renewed (then it renews on time, without its stagger: renewalDue). */
  renewed = false;

  /**
   * Appends a new event. The first event of an empty story shares the story's centroids (both
   * add the same members in the same order, so they are equal) until the story gets a second
   * event or a member from elsewhere (`unshare`): most stories never do, and they keep one set.
   */
  addEvent(id: string, seq: number): Group {
    const first = this.events.length === 0 && this.size === 0;
    if (!first) this.unshare();
    const event = new Group(id, seq, first ? this : undefined);
    this.events = append(this.events, event);
    this.trimEvents();
    return event;
  }

  /** Whether an event's centroids are the story's own (then adding to the story added to it). */
  shares(event: Group): boolean {
    return event.title === this.title;
  }

  /** Gives a shared first event its own copy of the centroids, before they start to differ. */
  unshare(): void {
    const e = this.events[0];
    if (e === undefined || !this.shares(e)) return;
    e.title = this.title.clone();
    e.text = this.text.clone();
    e.ent = this.ent.clone();
  }

  keepApart(storyId: string): void {
    this.cannotLink ??= new Set();
    this.cannotLink.add(storyId);
  }

  keptApart(storyId: string): boolean {
    return this.cannotLink?.has(storyId) ?? false;
  }

  /**
   * Only the latest RECENT events are ever scored (events are only appended; a rebuild recomputes
   * them all from the members), so older ones drop their centroids and kept members, and the
   * oldest beyond KEEP_EVENTS are dropped altogether.
   */
  trimEvents(): void {
    if (this.events.length > KEEP_EVENTS) this.events.splice(0, this.events.length - KEEP_EVENTS);
    for (let i = this.events.length - RECENT - 1; i >= 0 && this.events[i].size > 0; i--) {
      this.events[i].reset();
    }
  }
}

/**
 * A group's founder's and recent members' text vectors one after the other in one array, each
 * its length then its ids and weights in pairs: a candidate's best-member text cosine reads one
 * array instead of reaching five members' (a cache miss at each of their objects and arrays).
 * Built when the group is first scored, kept as `textPack` (an add updates it: repack).
 */
export function packText(g: Group): number[] {
  let n = 0;
  if (g.founder) n += 1 + 2 * g.founder.text.ids.length;
  for (const m of g.recent) n += 1 + 2 * m.text.ids.length;
  const pack = new Array<number>(n);
  let at = 0;
  const put = (v: Weights) => {
    pack[at++] = v.ids.length;
    for (let i = 0; i < v.ids.length; i++) {
      pack[at++] = v.ids[i];
      pack[at++] = v.vals[i];
    }
  };
  if (g.founder) put(g.founder.text);
  for (const m of g.recent) put(m.text);
  g.textPack = pack;
  g.packed = n;
  return pack;
}

/**
 * A group's `packText` after a member with text vector `v` joined it, from its pack before (which
 * scoring the group has just read, instead of reaching five members), in place: when `shifted`
 * (the recent members were full) the oldest recent one, the second in the pack, moved over, then
 * `v` appended; the array doubles when full (a copy of the pack an add made most of the garbage
 * of adding).
 */
function repack(g: Group, v: Weights, shifted: boolean): void {
  let pack = g.textPack!;
  let at = g.packed;
  if (shifted) {
    const cut = 1 + 2 * pack[0];
    const resume = cut + 1 + 2 * pack[cut];
    for (let i = resume; i < at; i++) pack[i - resume + cut] = pack[i];
    at -= resume - cut;
  }
  const need = at + 1 + 2 * v.ids.length;
  if (need > pack.length) {
    const grown = new Array<number>(Math.max(need, 2 * pack.length));
    for (let i = 0; i < at; i++) grown[i] = pack[i];
    g.textPack = pack = grown;
  }
  pack[at++] = v.ids.length;
  for (let i = 0; i < v.ids.length; i++) {
    pack[at++] = v.ids[i];
    pack[at++] = v.vals[i];
  }
  g.packed = at;
}

/** How many of a member's entities are in the member index: its heaviest ones. */
export function memberEntities(p: Weighed): number {
  return Math.min(p.ent.ids.length, QUERY_ENT);
}

export const NO_WORDS: readonly string[] = [];

/** The first `n` weights by id, without their key strings (`truncateWeights`). */
export function kept(v: Weights, n: number): Weights {
  return v.ids.length <= n ? { ids: v.ids, vals: v.vals } : truncateWeights(v, n);
}

/** A member's heaviest entries only, by id (its surface words are kept apart, in `Member.words`). */
export function compact(p: Weighed): Weighed {
  return {
    id: p.id,
    time: p.time,
    hasText: p.hasText,
    lede: p.lede,
    title: { ids: p.title.ids, vals: p.title.vals },
    text: kept(p.text, KEEP_TEXT),
    ent: kept(p.ent, KEEP_ENT),
  };
}

/** Member.words back as one surface word per kept text term. */
export function splitWords(words: string, terms: readonly string[]): string[] {
  const parts = words === "" ? [] : words.split(WORD_SEP);
  return terms.map((k, i) => parts[i] || k);
}

/** What a story keeps of a prepared article: its compact vectors and their surface words. */
export function keptFeatures(p: Prepared): MemberFeatures {
  const c = {
    ...p,
    text: truncate(p.text, KEEP_TEXT),
    ent: truncate(p.ent, KEEP_ENT),
    words: NO_WORDS,
  };
  return { p: c, words: c.text.keys.map((k, i) => p.words[i] ?? k) };
}
