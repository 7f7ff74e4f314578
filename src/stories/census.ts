// What a clusterer's live state holds, part by part (bench/cluster.ts --census): the entries that
// grow when a long stream's memory grows. Counts, not bytes: each entry is one to three array
// slots. Reads the state (StreamClusterer.stateParts and its index sizes), never changes it.

import { KEEP_MEMBERS, type StreamClusterer } from "./cluster.ts";
import type { Group } from "./group.ts";

/** Entries held by each part of the live state. */
export interface Census {
  stories: number;
  /** Members kept one by one, and the entries of their kept vectors (title, text, entities). */
  keptMembers: number;
  memberEntries: number;
  /** Terms of the stories' own centroids (title + text + entities). */
  storyCentroidTerms: number;
  /** Events listed, those with centroids of their own (not reset, not shared), and their terms. */
  events: number;
  eventsWithCentroids: number;
  eventCentroidTerms: number;
  /** Keys the stories are found by (KeyCounts entries). */
  storyIndexKeys: number;
  vocabulary: number;
  vocabularyCapacity: number;
  docFreq: number;
  /** Keys of the story index and of the two member indexes. */
  indexKeys: number;
  memberIndexKeys: number;
  /** The same per story size (kept members 1, 10-99, 100-999, KEEP_MEMBERS). */
  bySize: CensusBucket[];
  /**
   * The same per story age, the days since its first kept member (AGE_DAYS; -1: no timed member):
   * a story is renewed 12 days after its first kept member (three windows of the default 4 days),
   * up to 22 before its first renewal once it took ten members (its stagger).
   */
  byAge: CensusBucket[];
}

/** Lower bounds of the age buckets, in days since a story's first kept member. */
const AGE_DAYS = [0, 1, 2, 4, 8, 12];
const DAY = 86_400_000;

export interface CensusBucket {
  /** Kept members (bySize) or days (byAge) from. */
  from: number;
  stories: number;
  members: number;
  memberEntries: number;
  centroidTerms: number;
  events: number;
  indexKeys: number;
}

export function census(clusterer: StreamClusterer): Census {
  const { stories, vocab, df, now } = clusterer.stateParts();
  const index = clusterer.indexSizes;
  const c: Census = {
    stories: stories.length,
    keptMembers: 0,
    memberEntries: 0,
    storyCentroidTerms: 0,
    events: 0,
    eventsWithCentroids: 0,
    eventCentroidTerms: 0,
    storyIndexKeys: 0,
    vocabulary: vocab.terms.length - vocab.free.length,
    vocabularyCapacity: vocab.terms.length,
    docFreq: df.keys.length,
    indexKeys: index.stories,
    memberIndexKeys: index.members,
    bySize: [],
    byAge: [],
  };
  const terms = (g: Group) => g.title.size + g.text.size + g.ent.size;
  const bucketOf = (n: number) =>
    n >= KEEP_MEMBERS ? KEEP_MEMBERS : 10 ** Math.floor(Math.log10(n));
  const ageOf = (first: number | null) => {
    if (first === null || now === null) return -1;
    const days = (now - first) / DAY;
    return AGE_DAYS.findLast((d) => days >= d) ?? 0;
  };
  const sizes = new Map<number, CensusBucket>();
  const ages = new Map<number, CensusBucket>();
  for (const story of stories) {
    let entries = 0;
    for (const m of story.members.values()) {
      entries += m.title.ids.length + m.text.ids.length + m.ent.ids.length;
    }
    let eventTerms = 0;
    let withCentroids = 0;
    for (const e of story.events) {
      if (e.size === 0 || story.shares(e)) continue;
      withCentroids++;
      eventTerms += terms(e);
    }
    let keys = 0;
    for (const _ of story.indexKeys.keys()) keys++;
    c.keptMembers += story.members.size;
    c.memberEntries += entries;
    c.storyCentroidTerms += terms(story);
    c.events += story.events.length;
    c.eventsWithCentroids += withCentroids;
    c.eventCentroidTerms += eventTerms;
    c.storyIndexKeys += keys;
    for (const [buckets, from] of [
      [sizes, bucketOf(Math.max(1, story.members.size))],
      [ages, ageOf(story.first)],
    ] as const) {
      let b = buckets.get(from);
      if (!b) {
        b = {
          from,
          stories: 0,
          members: 0,
          memberEntries: 0,
          centroidTerms: 0,
          events: 0,
          indexKeys: 0,
        };
        buckets.set(from, b);
      }
      b.stories++;
      b.members += story.members.size;
      b.memberEntries += entries;
      b.centroidTerms += terms(story) + eventTerms;
      b.events += story.events.length;
      b.indexKeys += keys;
    }
  }
  c.bySize = [...sizes.values()].sort((x, y) => x.from - y.from);
  c.byAge = [...ages.values()].sort((x, y) => x.from - y.from);
  return c;
}
