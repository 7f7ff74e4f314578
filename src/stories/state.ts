// The clusterer's saved state in binary: the stream clock, vocabulary, document frequencies and
// every live story with its kept members, centroids and events as they are. A clusterer read
// back decides exactly as the one written (test/stories/snapshot.test.ts); the indexes are not
// written, they follow from the members (the order of a posting decides nothing). The bytes are
// bytes.ts's; the clusterer's fields come through StreamClusterer.stateParts/loadStateParts, its
// Story and Group classes from group.ts. Pure: bytes in, bytes out.

import type { ByteReader, ByteWriter } from "./bytes.ts";
import { type ClusterOptions, StreamClusterer } from "./cluster.ts";
import { Centroid, fromTextKind, textKind, type Weighed } from "./features.ts";
import { Group, type Member, member, Story } from "./group.ts";
import { WORD_SEP } from "./snapshot.ts";
import type { Weights } from "./vocab.ts";

/** "SLST": the first four bytes of a clusterer state. */
const STATE_MAGIC = 0x534c5354;
/** Bumped whenever what writeClustererState writes changes: an older state is then not read. */
const STATE_FORMAT = 3;
/** A founder or recent member that is one of the story's kept members (by index), or none. */
const REF_NONE = 0xffffffff;
const REF_INLINE = 0xfffffffe;

/**
 * Writes the clusterer's whole state: `readClustererState` makes a clusterer that decides
 * exactly as this one does.
 */
export function writeClustererState(c: StreamClusterer, w: ByteWriter): void {
  const s = c.stateParts();
  w.u32(STATE_MAGIC);
  w.u8(STATE_FORMAT);
  w.str(c.granularity);
  w.f64(c.windowMs);
  w.f64(s.seq);
  w.f64OrNull(s.now);
  w.f64(s.vocabLimit);
  w.str(s.vocab.terms.join(WORD_SEP));
  w.u32s(s.vocab.free);
  w.f64(s.df.n);
  w.str(s.df.keys.join(WORD_SEP));
  w.u32(s.df.counts.length);
  w.f64s(s.df.counts);
  w.u32(s.stories.length);
  for (const story of s.stories) writeStory(w, story);
}

/** A clusterer in the state `writeClustererState` wrote; throws on bytes it did not write or other options. */
export function readClustererState(r: ByteReader, options: ClusterOptions = {}): StreamClusterer {
  const c = new StreamClusterer(options);
  if (r.u32() !== STATE_MAGIC) throw new Error("not a clusterer state");
  const format = r.u8();
  if (format !== STATE_FORMAT)
    throw new Error(`clusterer state format ${format}, not ${STATE_FORMAT}`);
  const granularity = r.str();
  const windowMs = r.f64();
  if (granularity !== c.granularity || windowMs !== c.windowMs) {
    throw new Error(`clusterer state of another configuration (${granularity}, ${windowMs} ms)`);
  }
  const seq = r.f64();
  const now = r.f64OrNull();
  const vocabLimit = r.f64();
  const terms = r.str();
  const vocab = { terms: terms === "" ? [] : terms.split(WORD_SEP), free: r.u32s() };
  const n = r.f64();
  const keys = r.str();
  const counts = r.f64s(r.u32());
  const dfKeys = keys === "" && counts.length === 0 ? [] : keys.split(WORD_SEP);
  if (dfKeys.length !== counts.length) throw new Error("document frequencies do not match");
  const stories: Story[] = [];
  for (let i = r.u32(); i > 0; i--) stories.push(readStory(r));
  if (!r.done) throw new Error("clusterer state has trailing bytes");
  c.loadStateParts({ seq, now, vocabLimit, vocab, df: { n, keys: dfKeys, counts }, stories });
  return c;
}

function writeWeights(w: ByteWriter, v: Weights): void {
  w.u32s(v.ids);
  w.f64s(v.vals);
}

function readWeights(r: ByteReader): Weights {
  const ids = r.u32s();
  return { ids, vals: r.f64s(ids.length) };
}

function writeWeighed(w: ByteWriter, p: Weighed): void {
  w.str(p.id);
  w.f64OrNull(p.time);
  w.u8(textKind(p));
  writeWeights(w, p.title);
  writeWeights(w, p.text);
  writeWeights(w, p.ent);
}

function readWeighed(r: ByteReader): Weighed {
  const id = r.str();
  const time = r.f64OrNull();
  const kind = r.u8();
  const title = readWeights(r);
  const text = readWeights(r);
  return { id, time, ...fromTextKind(kind), title, text, ent: readWeights(r) };
}

/** A group's centroids (unless shared with its story), counts and the members it compares with. */
function writeCentroid(w: ByteWriter, c: Centroid): void {
  const e = c.entries();
  w.u32s(e.ids);
  w.f64s(e.vals);
  w.f64(e.norm2);
}

/** Where a story's kept members are in the order written (made only when a reference needs it). */
class MemberPlaces {
  private at: Map<Weighed, number> | null = null;

  constructor(private readonly story: Story) {}

  /** The index of `p` among the story's kept members, or -1 when it is not one of them. */
  of(p: Weighed): number {
    const members = this.story.members;
    if (members.get(p.id) !== p) return -1;
    // Most stories have one member.
    if (members.size === 1) return 0;
    if (!this.at) {
      this.at = new Map();
      for (const m of members.values()) this.at.set(m, this.at.size);
    }
    return this.at.get(p)!;
  }
}

function writeRef(w: ByteWriter, p: Weighed | null, places: MemberPlaces): void {
  const i = p === null ? REF_NONE : places.of(p);
  w.u32(i < 0 ? REF_INLINE : i);
  // Not a kept member (forgotten, or moved by a correction): written out.
  if (p !== null && i < 0) writeWeighed(w, p);
}

function writeGroup(w: ByteWriter, g: Group, places: MemberPlaces, centroids: boolean): void {
  if (centroids) {
    writeCentroid(w, g.title);
    writeCentroid(w, g.text);
    writeCentroid(w, g.ent);
  }
  w.u32(g.size);
  w.u32(g.bodies);
  w.f64OrNull(g.first);
  w.f64OrNull(g.last);
  writeRef(w, g.founder, places);
  w.u8(g.recent.length);
  for (const p of g.recent) writeRef(w, p, places);
}

function readCentroid(r: ByteReader): Centroid {
  const ids = r.u32s();
  const vals = r.f64s(ids.length);
  return Centroid.fromEntries(ids, vals, r.f64());
}

function readRef(r: ByteReader, members: Member[]): Weighed | null {
  const i = r.u32();
  if (i === REF_NONE) return null;
  if (i === REF_INLINE) return readWeighed(r);
  if (i >= members.length) throw new Error("clusterer state refers to a missing member");
  return members[i];
}

function readGroup(r: ByteReader, g: Group, members: Member[], centroids: boolean): void {
  if (centroids) {
    g.title = readCentroid(r);
    g.text = readCentroid(r);
    g.ent = readCentroid(r);
  }
  g.size = r.u32();
  g.bodies = r.u32();
  g.first = r.f64OrNull();
  g.last = r.f64OrNull();
  g.founder = readRef(r, members);
  const n = r.u8();
  if (n > 0) {
    const recent: Weighed[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const p = readRef(r, members);
      if (!p) throw new Error("clusterer state has an empty recent member");
      recent[i] = p;
    }
    g.recent = recent;
  }
}

function writeStory(w: ByteWriter, s: Story): void {
  w.str(s.id);
  w.f64(s.seq);
  w.u32(s.members.size);
  for (const m of s.members.values()) {
    writeWeighed(w, m);
    w.str(m.words);
    // Most members are in the story's founding event, whose id is the story's.
    const own = m.eventId === s.id;
    w.u8(own ? 1 : 0);
    if (!own) w.str(m.eventId);
    w.f64(m.score);
  }
  const places = new MemberPlaces(s);
  writeGroup(w, s, places, true);
  w.u32(s.events.length);
  for (const e of s.events) {
    w.str(e.id);
    w.f64(e.seq);
    const shared = s.shares(e);
    w.u8(shared ? 1 : 0);
    writeGroup(w, e, places, !shared);
  }
  w.u32(s.cannotLink?.size ?? 0);
  for (const id of s.cannotLink ?? []) w.str(id);
  w.u8(s.renewed ? 1 : 0);
}

/** A story as writeStory wrote it (not yet in any index). */
function readStory(r: ByteReader): Story {
  const story = new Story(r.str(), r.f64());
  const members: Member[] = new Array(r.u32());
  for (let i = 0; i < members.length; i++) {
    const p = readWeighed(r);
    const words = r.str();
    const eventId = r.u8() === 1 ? story.id : r.str();
    const m = member(p, words, story, eventId, r.f64());
    if (story.members.has(m.id)) throw new Error(`article ${m.id} twice in story ${story.id}`);
    members[i] = m;
    story.members.set(m.id, m);
  }
  readGroup(r, story, members, true);
  const events: Group[] = new Array(r.u32());
  for (let i = 0; i < events.length; i++) {
    const id = r.str();
    const seq = r.f64();
    const shared = r.u8() === 1;
    const e = new Group(id, seq, shared ? story : undefined);
    readGroup(r, e, members, !shared);
    events[i] = e;
  }
  story.events = events;
  for (let i = r.u32(); i > 0; i--) story.keepApart(r.str());
  story.renewed = r.u8() === 1;
  return story;
}
