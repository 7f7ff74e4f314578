// The streaming story clusterer. Each article is vectorised (features.ts), candidate stories are
// fetched from an inverted index (index.ts), every candidate is scored by the learned model
// (model.ts) and the article joins the best one when the score reaches the threshold, else it
// founds a new story. Stories quiet for longer than the window (or their own pace's longer
// allowance, at most two windows) are released. The stories and events it holds are group.ts's,
// the reads that score an article against them scoring.ts's. Pure and deterministic: no clock,
// no randomness, every tie broken by creation order.

import { type AgeEntry, AgeQueue } from "./aging.ts";
import {
  type Analysis,
  analyse,
  BASE_FEATURES,
  type BestMember,
  type Centroid,
  DocFreq,
  type DocFreqState,
  KEEP_ENT,
  KEEP_TEXT,
  MODEL_FEATURES,
  pairFeatures,
  pairFeaturesInto,
  type SparseVector,
  type Weighed,
  weighInterned,
  withMargins,
  withMarginsInto,
} from "./features.ts";
import {
  compact,
  Group,
  type Member,
  type MemberFeatures,
  member,
  memberEntities,
  NO_WORDS,
  PERSON_SCORE,
  QUERY_ENT,
  QUERY_TEXT,
  RECENT,
  Story,
  splitWords,
} from "./group.ts";
import { derivedId, fnv1a32, unitOf } from "./hash.ts";
import { append, InvertedIndex, MemberIndex, MemberTable, NUM, TopK } from "./index.ts";
import { KeyTable } from "./key-table.ts";
import { defaultWeights, Model, type ModelWeights, type Thresholds } from "./model.ts";
import {
  bestMember,
  bestText,
  CANDIDATES,
  copyBase,
  headOf,
  LookupKeys,
  NearMembers,
  type Query,
  QueryScratch,
  rankBy,
  Scored,
} from "./scoring.ts";
import { decodeKept, keptTime, type TermCache } from "./snapshot.ts";
import type { Assignment, ClusterInput, Granularity, RecutPart, Renewal } from "./types.ts";
import { Vocab, type Weights } from "./vocab.ts";
import { SlotIds, surfaceWords, type WeighedArticle } from "./weigher.ts";

const DAY = 86_400_000;

/** Once a clusterer has taken a weighed article, its document frequencies are the Weigher's. */
const WEIGHED_ONLY =
  "this clusterer takes weighed articles only (its document frequencies are kept by the Weigher that weighs them)";

export interface ClusterOptions {
  granularity?: Granularity;
  /**
   * Stories quiet longer than this stop taking members and are released (default 4 days), unless
   * their own pace allows them up to two (see allowance).
   */
  windowMs?: number;
  /** Model weights (default: the trained src/stories/weights.json). */
  model?: ModelWeights;
  /** Documents between halvings of the document frequencies (default 100,000; DocFreq). */
  docFreqHalfLife?: number;
  /**
   * Told, for every article added, which stories retrieval found and which were scored, before
   * the article is placed (src/eval/recall.ts: did its gold story reach the decision?).
   */
  observe?: (clusterer: StreamClusterer, retrieval: Retrieval) => void;
  /**
   * Re-cut a story as it reaches RECUT_SIZES members (Thresholds.recut; granularity "story";
   * Assignment.split reports the parts), and join at Thresholds.recutThreshold. Every Storyline
   * command sets it (`clusterAll`, `storyline cluster|eval`, the live engine, whose restarts
   * replay each cut after the member that caused it: replayCut). Default false: every story
   * kept whole, joins at `threshold`.
   */
  recut?: boolean;
}

/**
 * Story sizes at which the re-cut runs: a few cuts per story, of at most 16 members (O(n^3)
 * linkage on 16 is some 4,000 steps), while a first report that joined a story of the same kind
 * is still a small part of it.
 */
const RECUT_SIZES = new Set([4, 6, 8, 12, 16]);
const RECUT_MAX = 16;
/** A story is re-cut only while the live stories hold this many times its members. */
const RECUT_SHARE = 2;

/** The candidates of one article's decision (ClusterOptions.observe). */
export interface Retrieval {
  articleId: string;
  /** Every story the two indexes returned (up to 2 x CANDIDATES). */
  retrieved: string[];
  /** Those scored (FULLY_SCORED of highest prescore), best score first. */
  scored: string[];
}

/**
 * Candidates scored per article, of the up to 2 x CANDIDATES retrieved: those of highest
 * prescore (see `choose`). Session 8 scored 8 (seven-set mean +0.0015, UCI alone); session 9
 * chose 12, refitted: fewer rivals widen the margins, and 8 lost 0.014 on the larger read-only
 * NeuS stream and 0.046 on the synthetic one (docs/clustering.md, session 9).
 */
const FULLY_SCORED = 12;

/** Member-index keys shared by more members than this are common words: skipped. */
const MEMBER_POSTING = 150;
/** Best-member similarities below this are noise (and not worth ranking). */
const NEAR_FLOOR = 0.05;
/** Events inside a story close after this long without members. */
const EVENT_WINDOW = 2 * DAY;
/**
 * Members a story keeps one by one (kept vectors, member-index entries, the keys it is found by):
 * a story that keeps growing forgets its oldest members beyond this, and those older than
 * MEMBER_WINDOWS windows before its latest member (see forgetOldest). Far above the largest
 * story of any dev set (351 members), where it never applies.
 */
export const KEEP_MEMBERS = 1000;
/**
 * A story forgets its members published more than this many windows before its latest one. Two,
 * not one: on the synthetic stream one window (4 days, shorter than its running stories' 5)
 * cost 0.009 BCubed F1 on the first 200,000 articles, two cost nothing. Never reached on the
 * dev sets (their outputs are identical with one window).
 */
const MEMBER_WINDOWS = 2;
/**
 * A story running this many windows after its first kept member is renewed (see renew): on the
 * synthetic stream, chains of same-kind events (whose stories last at most five days) never went
 * quiet, and the number of such weeks-long stories, with their centroids, kept members and index
 * keys, grew for a month of stream after the window was full. Renewed, such a story holds only
 * what its last window brought, so the whole state holds only what the last STORY_WINDOWS
 * windows brought (up to RENEW_STAGGER more before its first renewal). Three windows (12 days, 6
 * at event level): the longest story of any dev set spans 7 days, and their outputs are
 * identical; with two, a still active story of
 * handpicked_2014 was cut at 8 days (then released), and without it among the candidates four
 * reports of two gold stories became one story (BCubed F1 0.734 -> 0.727).
 */
const STORY_WINDOWS = 3;
/**
 * A story that took at least STAGGER_MEMBERS members since its founding waits its own share of
 * RENEW_STAGGER more windows before its first renewal, from a hash of its id (renewalDue); its
 * later renewals come on time. On the synthetic stream the chains of same-kind events all start
 * in its first two days and, renewed every ~2.5 windows (three windows after the first kept
 * member, keeping the last two days) in step, made the whole state swing by 20%. Spread once over
 * a whole such period, their phases are spread from then on, and their period (so the level of
 * the state they hold) stays what it was; a stagger at every renewal would lengthen every period.
 * Never earlier than STORY_WINDOWS. Small stories renew on time: the one story of the dev sets
 * that runs that long (handpicked_2014, three reports over twelve days) takes a fourth report two
 * days later if its renewal waits (its decisions must not move).
 */
const RENEW_STAGGER = 2.5;
const STAGGER_MEMBERS = 10;
/**
 * What a renewal keeps: the members published within this long of the story's latest one, the
 * event window (at most the story window): the members of the events still open, which the next
 * report can still extend (pickEvent), while the story's older days are closed events. A whole
 * window (4 days) was tried first: it held no less memory (the 1,000,000-article synthetic
 * stream's live heap 279 -> 316 MB by day 24, two days 279 -> 306 MB; docs/clustering.md).
 */
const RENEW_KEEP = EVENT_WINDOW;
/**
 * A story's own pace stretches its window (see allowance): it may take members while quiet for up
 * to PACE of its mean gaps between reports, at least one window and at most LINGER_WINDOWS. A
 * story of reports a day apart is not over after four quiet days, one of a single burst is. PACE
 * from the dev sets' errors: wikinews_10E's Iran story (three reports over two days, then one five
 * days later: 5 mean gaps) was cut by the fixed window; handpicked_2014's Ukraine story (twenty
 * reports in seven days, then the referendum reports five days later, another gold story: 14 mean
 * gaps) must close.
 */
const PACE = 6;
const LINGER_WINDOWS = 2;
/**
 * Bounded revision (see absorbNearMisses): singleton stories re-scored per joining article; the
 * founding score that makes a singleton a near miss (its best candidate scored this, short of the
 * join threshold, when it founded its story); and the score the joining article itself must give
 * the singleton (a story that merely filled its candidate pool is not re-scored: on allsides such
 * re-scorings merged same-kind stories, and they were most of the cost).
 */
const REVISE_CHECKS = 1;
const NEAR_MISS = 0.3;
const REVISE_FLOOR = 0.05;

/** Vocabulary size below which unused ids are never swept. */
const VOCAB_SWEEP_MIN = 65_536;
/**
 * The next sweep comes when the table has grown by this share of the ids the last one left in use
 * (a sweep costs about as much as the live state it marks, which the ids in use follow, so its
 * cost per new id stays the same): the table holds at most twice the live terms. A memory trade:
 * a quarter (sessions 6-18) kept the vocabulary 25-30% smaller (about 20 MB of the live heap at
 * 1,000,000 articles) but cost the clusterer's thread about a tenth of its time once the rest of
 * it had become fast (docs/speed-history.md, session 19).
 */
const VOCAB_SWEEP_GROWTH = 1;

/** One scored candidate: used by the decision and by the training script. */
export interface Candidate {
  storyId: string;
  features: number[];
  score: number;
  /** Features before the margins over the other candidates were appended. */
  base: number[];
}

/**
 * What a saved state holds of a clusterer besides its options (StreamClusterer.stateParts; the
 * bytes are state.ts's).
 */
export interface StateParts {
  seq: number;
  now: number | null;
  vocabLimit: number;
  vocab: { terms: string[]; free: number[] };
  df: DocFreqState;
  /** The live stories, least recently active first. */
  stories: Story[];
}

export interface Explanation {
  terms: string[];
  entities: string[];
  score: number;
  threshold: number;
}

export class StreamClusterer {
  readonly granularity: Granularity;
  /** ClusterOptions.recut, with granularity "story" only (events are not re-cut). */
  private readonly recuts: boolean;
  readonly windowMs: number;
  private readonly model: Model;
  private readonly observe: ClusterOptions["observe"];
  /** Document frequencies and vocabulary ids in one table (a key is looked up once). */
  private readonly df: DocFreq;
  private readonly vocab: Vocab;
  /** Vocabulary size that triggers the next sweep of unused ids (see sweepVocab). */
  private vocabLimit = VOCAB_SWEEP_MIN;
  /** Set by the first weighed article: the Weigher's slots (its document frequencies replace `df`). */
  private slotIds: SlotIds | null = null;
  private readonly scratch = new QueryScratch();
  private readonly index = new InvertedIndex<Story>(300);
  /** Member titles and entities: best single-member similarities without a scan (one member table). */
  private readonly titleIndex = new MemberIndex<Member>(
    MEMBER_POSTING,
    new MemberTable((m: Member) => m.story.num),
  );
  private readonly entIndex = new MemberIndex<Member>(MEMBER_POSTING, this.titleIndex.table);
  /** The latest nearMembers query's stories (reused). */
  private readonly near = new NearMembers();
  /** Prescores of the candidates and their order (reused; see choose). */
  private prescores = new Float64Array(2 * CANDIDATES + 1);
  private rank = new Int32Array(2 * CANDIDATES + 1);
  /** What `reach` read (never used otherwise). */
  reached = 0;
  /** Lookup keys of the article being scored or placed (reused). */
  private readonly keys = new LookupKeys();
  /**
   * Features of the latest scoring's candidates, MODEL_FEATURES numbers each (base, margins), and
   * of a bridge's rescoring: reused, so that scoring an article allocates no row per candidate.
   */
  private rows = new Float64Array(32 * MODEL_FEATURES);
  /** `scoreCandidates`' scratch: the stories retrieved, the titled ones, their scores, the result. */
  private readonly pool: Story[] = [];
  private readonly titled = new TopK<Story>();
  private scores = new Float64Array(2 * CANDIDATES + 1);
  private readonly decided = new Scored();
  private readonly revised = new Scored();
  private others = new Float64Array(32 * MODEL_FEATURES);
  /** Features of the open events of a story an article joins (at most RECENT), those events, and their best-member similarities (reused). */
  private readonly eventRows = new Float64Array(RECENT * MODEL_FEATURES);
  private readonly openEvents: Group[] = [];
  private readonly best: BestMember = { title: 0, text: 0, ent: 0 };
  /** The re-cut's scratch: member-by-member cosines, member norms, weights by term id. */
  private readonly sims = new Float64Array(RECUT_MAX * RECUT_MAX);
  private readonly norms = new Float64Array(RECUT_MAX);
  private dense = new Float64Array(0);
  /** Live stories in order of last activity (oldest first). */
  private readonly live = new Map<string, Story>();
  /** Live stories by when they come due for renewal (see noteAge), for the bound on a story's age. */
  private readonly ages = new AgeQueue();
  /**
   * Live stories by when they go quiet for a window (entries added as they take members) or, past
   * it, by the end of their allowance: entries of stories changed since are checked and skipped.
   */
  private readonly quiet = new AgeQueue();
  /** The live story of each member article. */
  private readonly byArticle = new Map<string, Story>();
  private seq = 0;
  private now: number | null = null;
  /** Renewals since the article being added was read: its Assignment reports them. */
  private renewals: Renewal[] = [];
  /** Renewed stories a restore from kept features founds at an earlier place (restoreRenewed). */
  private readonly reserved = new Map<string, { seq: number; events: string[] }>();

  constructor(options: ClusterOptions = {}) {
    this.df = new DocFreq(options.docFreqHalfLife, new KeyTable());
    this.vocab = new Vocab(this.df.table);
    this.granularity = options.granularity ?? "story";
    this.recuts = options.recut === true && this.granularity === "story";
    this.model = new Model(options.model ?? defaultWeights);
    this.observe = options.observe;
    this.windowMs = clusteringWindow(options);
    if (!(this.windowMs > 0)) throw new Error(`windowMs must be positive, got ${this.windowMs}`);
  }

  /** Assign one article (in stream order) to a live story or a new one. */
  add(a: ClusterInput): Assignment {
    return this.addAnalysed(analyse(a));
  }

  /**
   * `add` for an article already analysed (features.ts `analyse`, e.g. in a worker thread ahead
   * of the stream): the same assignment as `add` of that article.
   */
  addAnalysed(an: Analysis): Assignment {
    const known = this.assignmentOf(an.id);
    if (known) return known;
    const q = this.queryAnalysed(an);
    return this.decide(q, an.id, surfaceWords(q.p, KEEP_TEXT));
  }

  /**
   * `addAnalysed` for an article a Weigher weighed (weigher.ts, e.g. in a worker thread ahead of
   * the stream): the same assignment, provided the Weigher was given every article of the stream
   * in its order and no other. From the first such article on, the document frequencies are the
   * Weigher's: this clusterer drops its own and takes weighed articles only (and cannot save its
   * state). An article already added is an error: the Weigher counted it, `add` would not have.
   */
  addWeighed(w: WeighedArticle): Assignment {
    if (typeof w.id !== "string" || w.id === "") throw new Error("article without an id");
    if (this.assignmentOf(w.id)) throw new Error(`article "${w.id}" added twice`);
    if (!this.slotIds) {
      this.slotIds = new SlotIds(w.lang);
      this.df.load({ n: 0, keys: [], counts: [] });
    } else if (w.lang !== this.slotIds.lang) {
      // The Weigher counts each language apart (LanguagePartitions has a clusterer per language).
      throw new Error(`weighed articles of two languages (${this.slotIds.lang}, ${w.lang})`);
    }
    if (this.vocab.size > this.vocabLimit) this.sweepVocab();
    this.slotIds.intern(w, this.vocab);
    if (this.renewals.length > 0) this.renewals = [];
    this.advance(w.time);
    return this.decide(this.asQuery(w), w.id, w.words);
  }

  /** Joins the article's best story, or founds one; `words`: its kept surface words. */
  private decide(q: Query<Weighed>, id: string, words: string): Assignment {
    const scored = this.scoreCandidates(q, this.nearMembers(q));
    const best = scored.n > 0 ? scored.stories[0] : undefined;
    const bestScore = scored.scores[0];
    // The article's kind against its best candidate sets its join, bridge and revision.
    const kind = this.kindOf(q.p, best);
    const bar = this.joinThreshold(kind, best);
    if (best && bestScore >= bar) {
      const { story, merged } = this.bridge(best, scored, kind);
      // Unless the bridge merged stories into it, the story is as it was scored.
      const scoredAt = merged.length === 0 ? scored.rows[0] * MODEL_FEATURES : -1;
      const assignment = this.attach(story, q, words, bestScore, false, kind, bar, scoredAt);
      merged.push(...this.absorbNearMisses(story, scored, kind));
      const out = merged.length > 0 ? { ...assignment, merged } : assignment;
      if (this.recuts && kind.recut !== undefined && this.live.get(story.id) === story) {
        const split = this.recut(story, kind.recut);
        if (split.length > 0) out.split = split;
      }
      return out;
    }
    const story = this.found(derivedId("s", id));
    return this.attach(story, q, words, best ? bestScore : 0, true, kind, bar);
  }

  /**
   * Hysteresis merge: other candidates the article also clears the (higher) merge threshold for,
   * and whose text or entity centroid agrees with the chosen story's, are the same story (an
   * article sharing one word with each of two stories does not bridge them); they merge into
   * the oldest, unless a person split them apart.
   */
  private bridge(
    first: Story,
    scored: Scored,
    kind: Thresholds,
  ): { story: Story; merged: string[] } {
    const limit = this.granularity === "event" ? null : kind.mergeThreshold;
    const agree = kind.mergeAgreement ?? 0;
    const group = [first];
    // The candidates after the first (the best), as scored.
    const n = scored.n - 1;
    if (limit !== null && n > 0) {
      // Rescored against each other only: the chosen story no longer counts as a rival.
      if (this.others.length < n * MODEL_FEATURES) {
        this.others = new Float64Array(2 * n * MODEL_FEATURES);
      }
      const rows = this.others;
      for (let i = 0; i < n; i++) {
        const from = scored.rows[i + 1] * MODEL_FEATURES;
        copyBase(this.rows, from, rows, i * MODEL_FEATURES);
      }
      withMarginsInto(rows, n);
      const rescored: { story: Story; score: number }[] = [];
      for (let i = 0; i < n; i++) {
        const score = this.model.scoreAt(rows, i * MODEL_FEATURES);
        if (score >= limit) rescored.push({ story: scored.stories[i + 1], score });
      }
      rescored.sort((x, y) => y.score - x.score || x.story.seq - y.story.seq);
      for (const c of rescored) {
        const s = c.story;
        if (group.some((g) => g.keptApart(s.id) || s.keptApart(g.id))) continue;
        if (Math.max(s.text.similarity(first.text), s.ent.similarity(first.ent)) < agree) continue;
        group.push(s);
      }
    }
    if (group.length === 1) return { story: first, merged: [] };
    group.sort((x, y) => x.seq - y.seq);
    const [survivor, ...rest] = group;
    for (const s of rest) this.merge(s.id, survivor.id);
    return { story: survivor, merged: rest.map((s) => s.id) };
  }

  /**
   * Bounded revision of order effects: an article that founded a story because the story it nearly
   * joined had not yet grown the words it shares may fit once the story has. When an article joins
   * `story`, the singleton stories among its candidates (best first, at most REVISE_CHECKS) that it
   * scored at REVISE_FLOOR or more and whose founder was a near miss are re-scored as that founder against every other live story; when its
   * best is now `story` at the merge threshold, the singleton merges into `story` (reported in
   * `merged`, as a bridged merge is). Stateless: the founder's kept vectors and its founding score
   * (stored with its assignment) are all it reads, so a restored clusterer revises the same way.
   */
  private absorbNearMisses(story: Story, scored: Scored, kind: Thresholds): string[] {
    const limit = this.granularity === "event" ? null : kind.mergeThreshold;
    if (limit === null) return [];
    const out: string[] = [];
    let checks = 0;
    for (let k = 0; k < scored.n; k++) {
      // Best first: the rest scored lower still.
      if (checks >= REVISE_CHECKS || scored.scores[k] < REVISE_FLOOR) break;
      const s = this.live.get(scored.stories[k].id);
      if (!s || s === story || s.members.size !== 1 || s.cannotLink || story.keptApart(s.id)) {
        continue;
      }
      const founder = s.members.values().next().value as Member;
      if (founder.score < NEAR_MISS) continue;
      checks++;
      const q = this.asQuery(founder);
      const near = this.nearMembers(q);
      if (this.model.marginsRaise && this.scoreAlone(q, near, story) < limit) continue;
      const revised = this.scoreCandidates(q, near, s);
      if (revised.n === 0 || revised.stories[0] !== story || revised.scores[0] < limit) continue;
      this.merge(s.id, story.id);
      out.push(s.id);
    }
    return out;
  }

  /**
   * Vectorise an article (counting it in the document frequencies) and advance the stream clock.
   * Exposed with `candidates` and `attachTo` for scripts/train-model.ts, which replays gold labels.
   */
  query(a: ClusterInput): Query {
    return this.queryAnalysed(analyse(a));
  }

  private queryAnalysed(an: Analysis): Query {
    if (typeof an.id !== "string" || an.id === "") throw new Error("article without an id");
    if (this.slotIds) throw new Error(WEIGHED_ONLY);
    // Unused ids are recycled before the article's are assigned, when the table is large.
    if (this.vocab.size > this.vocabLimit) this.sweepVocab();
    const p = weighInterned(an, this.df, this.vocab);
    // Those of a restore or a query are not reported (they were when their articles were added).
    if (this.renewals.length > 0) this.renewals = [];
    this.advance(p.time);
    return this.asQuery(p);
  }

  private asQuery<P extends Weighed>(p: P): Query<P> {
    return this.scratch.load(p, this.vocab.capacity);
  }

  /**
   * Frees the ids no live story holds (released stories leave their terms behind): marks every
   * term of every live centroid and kept vector, then recycles the rest. Runs when the table has
   * grown by VOCAB_SWEEP_GROWTH since the last sweep, so its cost is spread thin; it changes no score.
   */
  private sweepVocab(): void {
    const marked = new Uint8Array(this.vocab.capacity);
    const vector = (v: Weights) => {
      for (const id of v.ids) marked[id] = 1;
    };
    const prepared = (p: Weighed | null) => {
      if (p) for (const v of [p.title, p.text, p.ent]) vector(v);
    };
    const group = (g: Group) => {
      g.title.mark(marked);
      g.text.mark(marked);
      g.ent.mark(marked);
      prepared(g.founder);
      for (const p of g.recent) prepared(p);
    };
    for (const story of this.live.values()) {
      group(story);
      for (const e of story.events) group(e);
      for (const m of story.members.values()) prepared(m);
    }
    this.vocab.retain(marked);
    this.slotIds?.forget(marked);
    this.vocabLimit = Math.max(
      VOCAB_SWEEP_MIN,
      Math.ceil((1 + VOCAB_SWEEP_GROWTH) * this.vocab.size),
    );
  }

  /** Advance the stream clock to an article's time, releasing the stories it leaves behind. */
  private advance(time: number | null): void {
    if (time !== null && (this.now === null || time > this.now)) {
      this.now = time;
      this.expire();
    }
  }

  /** Candidate stories of a prepared article with their features and scores, best first. */
  score(q: Query): Candidate[] {
    const scored = this.scoreCandidates(q, this.nearMembers(q));
    return scored.stories.slice(0, scored.n).map((story, k) => {
      const at = scored.rows[k] * MODEL_FEATURES;
      const features = Array.from(this.rows.subarray(at, at + MODEL_FEATURES));
      return {
        storyId: story.id,
        features,
        score: scored.scores[k],
        base: features.slice(0, BASE_FEATURES),
      };
    });
  }

  /**
   * The score of one story for an article as if it were the article's only candidate. With no
   * negative margin weight this bounds its score among any rivals (a margin is at most the value
   * it is the margin of), so a revision that cannot pass skips scoring every candidate.
   */
  private scoreAlone(q: Query<Weighed>, near: NearMembers, story: Story): number {
    const base = pairFeatures(q.p, story, {
      title: near.title(story),
      text: bestText(q, story),
      ent: near.ent(story),
    });
    return this.model.score(withMargins([base])[0]);
  }

  /** Best title and entity similarity with any single member of each story, from the member index. */
  private nearMembers(q: Query<Weighed>): NearMembers {
    const near = this.near;
    near.start();
    const table = this.titleIndex.table;
    const { sums, words } = table;
    const { title, ent } = q.p;
    for (let pass = 0; pass < 2; pass++) {
      const v = pass === 0 ? title : ent;
      const index = pass === 0 ? this.titleIndex : this.entIndex;
      // The article's heaviest entities only, as members are indexed by (memberEntities).
      const n = index.dots(v.ids, v.vals, pass === 0 ? v.ids.length : QUERY_ENT);
      const touched = table.touched;
      for (let i = 0; i < n; i++) {
        const at = touched[i];
        const d = sums[2 * at];
        if (d > NEAR_FLOOR) near.note(words[4 * at + NUM], d, pass === 0);
      }
    }
    return near;
  }

  /**
   * Of the retrieved candidates, only the FULLY_SCORED of highest prescore stay (in retrieval
   * order; ties by creation order): the number kept. The prescore is what retrieval already
   * knows, no centroid or member read: the summed weight of the article's lookup keys the story
   * holds (the story index's sum) plus the best title and the best entity similarity of any one
   * member (the member indexes). Only the kept are featurised, and the margins are among them.
   */
  private choose(near: NearMembers, stories: Story[], count: number): number {
    let n = count;
    if (n > FULLY_SCORED) {
      if (this.prescores.length < n) {
        this.prescores = new Float64Array(n);
        this.rank = new Int32Array(n);
      }
      const pre = this.prescores;
      const rank = this.rank;
      for (let i = 0; i < n; i++) {
        const s = stories[i];
        pre[i] = this.index.sumOf(s) + near.title(s) + near.ent(s);
        rank[i] = i;
      }
      rankBy(rank, n, pre, stories);
      // The lowest kept: a candidate stays when it ranks at or above it.
      const bar = rank[FULLY_SCORED - 1];
      const lowest = pre[bar];
      const seq = stories[bar].seq;
      let kept = 0;
      for (let i = 0; i < n; i++) {
        const p = pre[i];
        if (p > lowest || (p === lowest && stories[i].seq <= seq)) stories[kept++] = stories[i];
      }
      n = kept;
    }
    return n;
  }

  /**
   * Reads the head of every table the scoring of these stories reads (each centroid's, the packed
   * text): reaching one is a chain of cache misses (story, centroid, array, elements), which the
   * scoring would wait for one after another; here the chains of all the candidates are in
   * flight together. What it reads is kept (`reached`) so that the reads are not left out.
   */
  private reach(stories: readonly Story[], n: number): void {
    let x = 0;
    for (let i = 0; i < n; i++) {
      const s = stories[i];
      x += s.title.head() + s.text.head() + s.ent.head();
      if (s.textPack !== null) x += s.textPack[0];
    }
    this.reached = x;
  }

  /**
   * `reach` for the events `pickEvent` scores: the head of each one's centroid tables and of its
   * founder's and recent members' vectors (which `bestMember` reads one member after another).
   */
  private reachEvents(events: readonly Group[]): void {
    let x = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      x += e.title.head() + e.text.head() + e.ent.head();
      if (e.founder) x += headOf(e.founder);
      for (let j = 0; j < e.recent.length; j++) x += headOf(e.recent[j]);
    }
    this.reached = x;
  }

  /**
   * `score` of an article or a kept member, without the story `exclude` (the member's own): in
   * `decided`, or in `revised` when a story is left out (a revision scores while the article's
   * own decision is read).
   */
  private scoreCandidates(q: Query<Weighed>, near: NearMembers, exclude?: Story): Scored {
    const { keys, weights, n: count } = this.keys.of(q.p);
    // One more from the index when a story is left out, so it does not take a candidate's place.
    const top = this.index.ranked(keys, weights, CANDIDATES + (exclude ? 1 : 0), count);
    const stories = this.pool;
    let m = 0;
    for (let i = 0; i < top.size; i++) {
      if (top.items[i] !== exclude) stories[m++] = top.items[i];
    }
    // By the stories' numbers: reaching each story found was a cache miss. The stories with a
    // title similarity (above 0) are those found by title, the first `near.titled`.
    const titled = this.titled.reset(CANDIDATES);
    for (let i = 0; i < near.titled; i++) {
      const num = near.nums[i];
      const v = near.titleOf(num);
      // Most rank below the full top's lowest: their stories are not reached.
      if (!titled.takes(v)) continue;
      const story = near.story(num);
      if (story !== exclude) titled.offer(story, v);
    }
    const retrieving = m;
    for (let i = 0; i < titled.size; i++) {
      const story = titled.items[i];
      let j = 0;
      while (j < retrieving && stories[j] !== story) j++;
      if (j === retrieving) stories[m++] = story;
    }
    // An article's own decision only (a revision leaves a story out).
    const retrieved = this.observe && !exclude ? stories.slice(0, m).map((s) => s.id) : null;
    const n = this.choose(near, stories, m);
    this.reach(stories, n);
    if (this.rows.length < n * MODEL_FEATURES) this.rows = new Float64Array(2 * n * MODEL_FEATURES);
    const rows = this.rows;
    for (let i = 0; i < n; i++) {
      const story = stories[i];
      pairFeaturesInto(
        rows,
        i * MODEL_FEATURES,
        q.p,
        story,
        near.title(story),
        bestText(q, story),
        near.ent(story),
      );
    }
    withMarginsInto(rows, n);
    if (this.scores.length < n) this.scores = new Float64Array(2 * n);
    const scores = this.scores;
    const out = (exclude ? this.revised : this.decided).reset(n);
    const order = out.rows;
    for (let i = 0; i < n; i++) {
      scores[i] = this.model.scoreAt(rows, i * MODEL_FEATURES);
      order[i] = i;
    }
    rankBy(order, n, scores, stories);
    for (let k = 0; k < n; k++) {
      out.stories[k] = stories[order[k]];
      out.scores[k] = scores[order[k]];
    }
    out.n = n;
    if (retrieved) {
      const scored = out.stories.slice(0, n).map((s) => s.id);
      this.observe!(this, { articleId: q.p.id, retrieved, scored });
    }
    return out;
  }

  /** Put a prepared article into the story with this id (creating it): for training replays. */
  attachTo(q: Query, storyId: string): void {
    const story = this.live.get(storyId) ?? this.found(storyId);
    const kind = this.kindOf(q.p, story);
    this.attach(story, q, surfaceWords(q.p, KEEP_TEXT), 1, false, kind, this.joinThreshold(kind));
  }

  /**
   * Rebuild state from a stored assignment (after a restart): same ids, no decision made. `score`
   * is the one it was assigned with (a founder's decides whether it was a near miss).
   */
  restore(a: ClusterInput, storyId: string, eventId: string, score: number): void {
    if (this.byArticle.has(a.id)) return;
    const p = this.query(a).p;
    this.reinstate(compact(p), storyId, eventId, score, surfaceWords(p, KEEP_TEXT));
  }

  /**
   * Rebuild a member from the features kept when it was clustered (encodeMember's bytes of
   * memberFeatures): no tokenising and no document-frequency count (those come from a saved
   * DocFreq), so members restored in clustering order give the state the clusterer had. A cache
   * shared by a whole restore decodes each distinct term once and keeps its vocabulary id.
   */
  restoreEncoded(
    articleId: string,
    bytes: Uint8Array,
    cache: TermCache,
    storyId: string,
    eventId: string,
    score: number,
  ): void {
    if (this.byArticle.has(articleId)) return;
    this.advance(keptTime(bytes));
    if (this.vocab.size > this.vocabLimit) this.sweepVocab();
    const k = decodeKept(articleId, bytes, cache, this.vocab);
    // Kept vectors are already truncated (as compact would leave them).
    const p = k.text.ids.length > KEEP_TEXT || k.ent.ids.length > KEEP_ENT ? compact(k) : k;
    this.reinstate(p, storyId, eventId, score, k.words);
  }

  /** What a story keeps of a live member, to persist with its assignment (or null). */
  memberFeatures(articleId: string): MemberFeatures | null {
    const m = this.byArticle.get(articleId)?.members.get(articleId);
    if (!m) return null;
    // Every id a live member holds is in the vocabulary (sweeps keep them).
    const v = (w: Weights): SparseVector => ({
      keys: w.ids.map((id) => this.vocab.term(id) ?? ""),
      vals: w.vals,
    });
    const text = v(m.text);
    const p = {
      id: m.id,
      time: m.time,
      hasText: m.hasText,
      lede: m.lede,
      title: v(m.title),
      text,
      ent: v(m.ent),
    };
    return { p: { ...p, words: NO_WORDS }, words: splitWords(m.words, text.keys) };
  }

  /** The document frequencies, to save and load with the stream (snapshot.ts). */
  get docFreq(): DocFreq {
    if (this.slotIds) throw new Error(WEIGHED_ONLY);
    return this.df;
  }

  /**
   * Before a restore from kept features that replays a renewed story only from its last renewal
   * (its Renewal): called where the story was founded in the stream (before the first member
   * clustered after its founder), so that it takes its place among the other stories (which
   * survives a merge, ties between candidates); its first restored member founds it there with
   * the renewal's events, in their order, each with centroids of its own, as the renewal's
   * rebuild left them.
   */
  restoreRenewed(storyId: string, events: string[]): void {
    if (this.live.has(storyId)) return;
    this.reserved.set(storyId, { seq: this.seq++, events });
  }

  /** Places a member's kept vectors (compact) with its surface words, as it was assigned. */
  private reinstate(p: Weighed, storyId: string, eventId: string, score: number, words: string) {
    const story = this.live.get(storyId) ?? this.foundRestored(storyId);
    let event = story.events.find((e) => e.id === eventId);
    if (!event) {
      event = story.addEvent(eventId, this.seq++);
    }
    this.place(story, event, member(p, words, story, event.id, score));
  }

  /** Members of a live story, in the order they joined ([] when unknown or released). */
  members(storyId: string): string[] {
    return [...(this.live.get(storyId)?.members.keys() ?? [])];
  }

  /** The live story holding an article, or null. */
  storyOf(articleId: string): string | null {
    return this.byArticle.get(articleId)?.id ?? null;
  }

  /** Terms and entities holding a vocabulary id (bounded: ids of released stories' terms are recycled). */
  get vocabularySize(): number {
    return this.vocab.size;
  }

  /** The longest a story may stay quiet and still take members (its pace's allowance at most). */
  get lingerMs(): number {
    return LINGER_WINDOWS * this.windowMs;
  }

  /**
   * Stream time after which the live state is full by its own bounds: a story is released when
   * quiet for a window (at most two, by its pace), and renewed (keeping its last RENEW_KEEP)
   * STORY_WINDOWS windows after its first kept member (the first time plus its stagger, at most
   * RENEW_STAGGER windows), so from then on nothing it holds is older than this, and an endless
   * stream of the same rate holds as much as it will (bench/cluster.ts judges flatness from here).
   */
  get fullAfterMs(): number {
    return stateSpan(this);
  }

  /** Number of live stories (released ones are not counted). */
  get liveStories(): number {
    return this.live.size;
  }

  /** Keys of the story index and of the two member indexes (census.ts). */
  get indexSizes(): { stories: number; members: number } {
    return { stories: this.index.size, members: this.titleIndex.size + this.entIndex.size };
  }

  /** Kept members of the live stories. */
  get liveMembers(): number {
    return this.byArticle.size;
  }

  /** Ids of the live stories, least recently active first. */
  liveStoryIds(): string[] {
    return [...this.live.keys()];
  }

  /**
   * For state.ts (which writes and reads the saved state outside this file, the clusterer being
   * long enough) and census.ts, which counts it: the fields it holds, the live stories by
   * reference. Not for deciding anything.
   */
  stateParts(): StateParts {
    if (this.slotIds) throw new Error(WEIGHED_ONLY);
    return {
      seq: this.seq,
      now: this.now,
      vocabLimit: this.vocabLimit,
      vocab: this.vocab.state(),
      df: this.df.state(),
      stories: [...this.live.values()],
    };
  }

  /**
   * For state.ts only: makes this new clusterer the one whose parts these are (read from a saved
   * state), its indexes built from the stories' kept members. Throws on a story or member twice.
   */
  loadStateParts(parts: StateParts): void {
    if (this.live.size > 0 || this.seq > 0) throw new Error("only a new clusterer loads a state");
    this.seq = parts.seq;
    this.now = parts.now;
    this.vocabLimit = parts.vocabLimit;
    // The counts first: the table then lists the counted keys in the saved order (state() again).
    this.df.load(parts.df);
    this.vocab.load(parts.vocab);
    for (const story of parts.stories) {
      if (this.live.has(story.id)) throw new Error(`story ${story.id} twice in the state`);
      this.near.number(story);
      this.live.set(story.id, story);
    }
    for (const story of parts.stories) this.noteAge(story, null);
    for (const story of parts.stories) this.noteQuiet(story);
    this.indexAll();
  }

  /**
   * The indexes of the live stories' kept members, as `indexPlaced` member by member would make
   * them, built at once: entries are counted per key first, so that every posting is allocated
   * once at its exact size (adding one by one copies each small posting at every add).
   */
  private indexAll(): void {
    const cap = this.vocab.capacity;
    const titleCount = new Int32Array(cap);
    const entCount = new Int32Array(cap);
    const storyCount = new Int32Array(cap);
    // Members of the current story holding each key (its KeyCounts).
    const held = new Int32Array(cap);
    for (const story of this.live.values()) {
      const keys: number[] = [];
      for (const m of story.members.values()) {
        if (this.byArticle.has(m.id)) throw new Error(`article ${m.id} twice in the state`);
        this.byArticle.set(m.id, story);
        // LookupKeys.of(m) without its arrays: every title id, the first entities and text terms
        // (the member-index entries among them, all checked against the vocabulary here).
        const t = m.title.ids;
        const e = m.ent.ids;
        const x = m.text.ids;
        const ents = Math.min(e.length, QUERY_ENT);
        for (let i = 0; i < t.length + ents + Math.min(x.length, QUERY_TEXT); i++) {
          const k =
            i < t.length ? t[i] : i < t.length + ents ? e[i - t.length] : x[i - t.length - ents];
          if (this.vocab.term(k) === undefined)
            throw new Error(`term id ${k} not in the vocabulary`);
          if (held[k]++ === 0) keys.push(k);
          if (i < t.length) titleCount[k]++;
          else if (i < t.length + ents) entCount[k]++;
        }
      }
      const counts = keys.map((k) => held[k]);
      for (const k of keys) {
        held[k] = 0;
        storyCount[k]++;
      }
      story.indexKeys.load(keys, counts);
    }
    // Each posting at its size, then filled in the same order (members of stories by activity).
    const title = new Postings(titleCount);
    const ent = new Postings(entCount);
    const stories = sized<Story>(storyCount);
    const storyAt = new Int32Array(cap);
    for (const story of this.live.values()) {
      for (const m of story.members.values()) {
        const titles = m.title.ids.length;
        for (let i = 0; i < titles; i++) title.put(m.title.ids[i], m, m.title.vals[i], i);
        for (let i = 0; i < Math.min(m.ent.ids.length, QUERY_ENT); i++) {
          ent.put(m.ent.ids[i], m, m.ent.vals[i], titles + i);
        }
      }
      for (const k of story.indexKeys.keys()) stories[k][storyAt[k]++] = story;
    }
    for (let k = 0; k < cap; k++) {
      if (titleCount[k] > 0) {
        this.titleIndex.load(k, title.items[k], title.weights[k], title.entries[k]);
      }
      if (entCount[k] > 0) this.entIndex.load(k, ent.items[k], ent.weights[k], ent.entries[k]);
      if (storyCount[k] > 0) this.index.load(k, stories[k]);
    }
  }

  /** A person's correction: all of `fromStoryId` joins `intoStoryId`. */
  merge(fromStoryId: string, intoStoryId: string): void {
    if (fromStoryId === intoStoryId) return;
    const from = this.mustGet(fromStoryId);
    const into = this.mustGet(intoStoryId);
    this.unindex(from);
    this.live.delete(from.id);
    this.near.unnumber(from);
    const first = into.first;
    into.unshare();
    for (const [id, m] of from.members) {
      m.story = into;
      this.titleIndex.table.reown(m);
      into.members.set(id, m);
      into.add(m, this.vocab);
      this.byArticle.set(id, into);
      this.indexMember(into, m);
    }
    into.events.push(...from.events);
    into.trimEvents();
    for (const id of from.cannotLink ?? []) into.keepApart(id);
    this.noteAge(into, first);
    this.forgetOldest(into);
    this.touch(into);
  }

  /**
   * A person's correction: these articles leave the story and form a new one (its id returned).
   * Members the story no longer keeps one by one (see forgetOldest) leave in the store only: at
   * least one of the articles must be kept. When every kept member leaves, they form the new
   * story and the old one (in the store, its forgotten members) is released.
   */
  split(storyId: string, articleIds: string[]): string {
    const story = this.mustGet(storyId);
    const leaving = new Set(articleIds);
    if (leaving.size === 0) throw new Error("split needs at least one article");
    const moved = [...story.members].filter(([id]) => leaving.has(id));
    if (moved.length === 0) throw new Error(`article ${articleIds[0]} is not in story ${storyId}`);
    // The new id derives from the earliest leaving member and the story it leaves (partId).
    const part = this.found(this.partId(moved[0][0], storyId));
    this.moveOut(
      story,
      part,
      moved.map(([, m]) => m),
      (m) => {
        m.score = PERSON_SCORE;
      },
    );
    story.keepApart(part.id);
    part.keepApart(story.id);
    // Queued by its quiet time, as a restored clusterer queues it (moveOut queues the story).
    this.noteQuiet(part);
    return part.id;
  }

  /**
   * Average linkage over the text vectors of a story's kept members (a story of RECUT_SIZES
   * members): groups merge, closest first (ties: the earlier pair), while their mean cosine is at
   * least `at`. The single-pass decision compares an article with the story's centroid, so a
   * first report of a new story of a known kind (the next month's jobs report) joins the story of
   * that kind and stays: its sibling reports join it too. Their members are close to each other
   * and far from the rest, which the linkage sees (docs/clustering.md, Design, step 5). Each group
   * apart from the oldest member's leaves as a new story (its id from its earliest member, as a
   * split's).
   */
  private recut(story: Story, at: number): RecutPart[] {
    const n = story.members.size;
    if (!RECUT_SIZES.has(n) || !this.recutJudges(story, 0)) return [];
    const ms = [...story.members.values()];
    const sims = this.recutSims(ms);
    const groups = ms.map((_, i) => [i]);
    for (;;) {
      let best = -1;
      let bi = -1;
      let bj = -1;
      for (let i = 0; i < groups.length; i++) {
        for (let j = i + 1; j < groups.length; j++) {
          let sum = 0;
          for (const p of groups[i]) for (const q of groups[j]) sum += sims[p * RECUT_MAX + q];
          const mean = sum / (groups[i].length * groups[j].length);
          if (mean > best) [best, bi, bj] = [mean, i, j];
        }
      }
      if (bi < 0 || best < at) break;
      groups[bi] = groups[bi].concat(groups[bj]);
      groups.splice(bj, 1);
    }
    const parts: RecutPart[] = [];
    for (const g of groups) {
      if (g.includes(0)) continue;
      const articleIds = g.sort((x, y) => x - y).map((i) => ms[i].id);
      parts.push({ storyId: this.cut(story, articleIds), from: story.id, articleIds });
    }
    return parts;
  }

  /**
   * Cosines of the members' kept text vectors, pair by pair (row i, column j at i * RECUT_MAX + j):
   * each member's weights spread over a dense array by term id, read by the others, cleared.
   */
  private recutSims(ms: readonly Member[]): Float64Array {
    const n = ms.length;
    const sims = this.sims;
    if (this.dense.length < this.vocab.capacity) {
      this.dense = new Float64Array(Math.max(2 * this.dense.length, this.vocab.capacity));
    }
    const dense = this.dense;
    const norms = this.norms;
    for (let i = 0; i < n; i++) {
      const vals = ms[i].text.vals;
      let n2 = 0;
      for (let k = 0; k < vals.length; k++) n2 += vals[k] * vals[k];
      norms[i] = Math.sqrt(n2);
    }
    for (let i = 0; i < n; i++) {
      const a = ms[i].text;
      for (let k = 0; k < a.ids.length; k++) dense[a.ids[k]] = a.vals[k];
      for (let j = i + 1; j < n; j++) {
        const b = ms[j].text;
        let dot = 0;
        for (let k = 0; k < b.ids.length; k++) dot += b.vals[k] * dense[b.ids[k]];
        const norm = norms[i] * norms[j];
        const cos = norm > 0 ? dot / norm : 0;
        sims[i * RECUT_MAX + j] = cos;
        sims[j * RECUT_MAX + i] = cos;
      }
      for (let k = 0; k < a.ids.length; k++) dense[a.ids[k]] = 0;
    }
    return sims;
  }

  /**
   * The id of a part leaving a story (a split's or a cut's): from its earliest member and the
   * story, never a live story's (the same member may leave the same story twice: a cut, then a
   * person's split after a move back).
   */
  private partId(articleId: string, storyId: string): string {
    let id = derivedId("s", `${articleId}\u0000split\u0000${storyId}`);
    for (let k = 1; this.live.has(id); k++)
      id = derivedId("s", `${articleId}\u0000split${k}\u0000${storyId}`);
    return id;
  }

  /**
   * Moves kept members out of a story into a new one (the re-cut's part): as a person's split,
   * but with their scores kept and no cannot-link (a later article may bridge them again).
   */
  private cut(story: Story, articleIds: string[]): string {
    const id = this.partId(articleIds[0], story.id);
    this.cutInto(
      story,
      this.found(id),
      articleIds.map((a) => story.members.get(a)!),
    );
    return id;
  }

  /**
   * A restore's replay of a re-cut (Assignment.split, stored with the features of the member
   * whose joining caused it), called right after that member is restored. A restore places each
   * member in the story it is stored in now, so the part may already hold members, founded at
   * the first one's place (all of them from kept features, those clustered after the state from a
   * saved state): it is founded again here, where the cut founded it. `fromState`: the members
   * the cut lists that are still in `from` came with a saved state made before the cut, and move
   * too; restored from kept features, a member in `from` is stored there now (a person merged or
   * moved it back) and stays. Members that a later cut moved on are placed by that cut's replay.
   */
  replayCut(c: RecutPart, fromState: boolean): void {
    const story = this.live.get(c.from);
    const early = this.live.get(c.storyId);
    // A part renewed since is restored as its renewal left it (restoreRenewed): what it kept.
    if (early?.renewed) return;
    const moved: Member[] = [];
    for (const id of c.articleIds) {
      const m = (fromState ? story?.members.get(id) : undefined) ?? early?.members.get(id);
      if (m) moved.push(m);
    }
    if (early) {
      for (const m of early.members.values()) if (!moved.includes(m)) moved.push(m);
      early.members.clear();
      this.release(early);
    }
    if (moved.length > 0) this.cutInto(story, this.found(c.storyId), moved);
  }

  /** A cut: `moved` leave `story` for `part` (just founded), both rebuilt; `part` active last. */
  private cutInto(story: Story | undefined, part: Story, moved: Member[]): void {
    // One event, the part's own (resolveMerges gives it to them too).
    this.moveOut(story, part, moved, (m) => {
      m.eventId = part.id;
    });
    this.touch(part);
  }

  /**
   * Moves kept members out of `story` (none when it is not live) into `part` (a story just
   * founded), `each` adjusting each moved member; both are rebuilt from their members, `story`
   * released if none is left.
   */
  private moveOut(
    story: Story | undefined,
    part: Story,
    moved: Member[],
    each: (m: Member) => void,
  ): void {
    if (story) {
      for (const m of moved) story.members.delete(m.id);
      if (story.members.size === 0) this.release(story);
      else this.rebuild(story);
    }
    for (const m of moved) {
      m.story = part;
      each(m);
      this.titleIndex.table.reown(m);
      part.members.set(m.id, m);
      this.byArticle.set(m.id, part);
    }
    this.rebuild(part);
    // The story's latest member may have left: queued again by the quiet time of those it keeps,
    // as a clusterer restored from a saved state queues it (else the two would part ways).
    if (story && this.live.get(story.id) === story) this.noteQuiet(story);
  }

  /** A person's correction: one article moves to another live story, which keeps it. */
  move(articleId: string, toStoryId: string): void {
    const from = this.byArticle.get(articleId);
    if (!from) throw new Error(`article ${articleId} is not in a live story`);
    const to = this.mustGet(toStoryId);
    if (from === to) return;
    const m = from.members.get(articleId)!;
    from.members.delete(articleId);
    this.unindexMember(m);
    if (from.members.size === 0) this.release(from);
    else {
      this.rebuild(from);
      // Its latest member may have left: queued by the quiet time of those it keeps (as moveOut).
      this.noteQuiet(from);
    }
    const threshold = this.kindOf(m, to).eventThreshold;
    const event = this.pickEvent(to, this.asQuery(m), threshold) ?? this.newEvent(to, m.id);
    this.place(to, event, member(m, m.words, to, event.id, PERSON_SCORE));
  }

  /** Why an article is in its story: shared terms and entities, its score and the threshold. */
  explain(articleId: string): Explanation | null {
    const story = this.byArticle.get(articleId);
    const m = story?.members.get(articleId);
    if (!story || !m) return null;
    const terms = (v: Weights) => v.ids.map((id) => this.vocab.term(id) ?? "");
    // Indices of the member's entries it shares most with the story (ties by term).
    const top = (v: Weights, keys: string[], c: Centroid, n: number) =>
      v.ids
        .map((id, i) => [i, v.vals[i] * (c.get(id) - v.vals[i])] as const)
        .filter((e) => e[1] > 0)
        .sort((x, y) => y[1] - x[1] || (keys[x[0]] < keys[y[0]] ? -1 : 1))
        .slice(0, n)
        .map((e) => e[0]);
    const textKeys = terms(m.text);
    const words = splitWords(m.words, textKeys);
    const entKeys = terms(m.ent);
    return {
      terms: top(m.text, textKeys, story.text, 8).map((i) => words[i]),
      entities: top(m.ent, entKeys, story.ent, 6).map((i) => entKeys[i].slice(1)),
      score: m.score,
      threshold: this.joinThreshold(this.kindOf(m, story)),
    };
  }

  private assignmentOf(articleId: string): Assignment | null {
    const story = this.byArticle.get(articleId);
    const m = story?.members.get(articleId);
    if (!story || !m) return null;
    return {
      articleId,
      storyId: story.id,
      eventId: m.eventId,
      // Whether it founded the story (its founder now may be a later one: a renewal or a
      // correction rebuilds the story from the members it keeps).
      isNew: story.id === derivedId("s", articleId),
      score: m.score,
      threshold: this.joinThreshold(this.kindOf(m, story)),
    };
  }

  /**
   * The thresholds of an article against a story: by the article's kind, and for a lede by
   * whether the story holds a full body (Model.thresholds). A member's assignment and explanation
   * report them against the story it is in now.
   */
  private kindOf(p: Weighed, story: Group | undefined): Thresholds {
    return this.model.thresholds(p.hasText, p.lede && story !== undefined && story.bodies === 0);
  }

  /**
   * The score an article needs to join (a top-level unit with granularity "event"). The re-cut's
   * lower bar holds only for a story the re-cut still judges once the article joins
   * (recutJudges): a join it would never check again is held to the bar of a clusterer without
   * the re-cut. Else a story that has taken most of a small stream's first articles takes the
   * rest too, unjudged (handpicked_2014 fell into one story of 71 of its 74 articles at a bar of
   * 0.15, and 0.2 was one step from it; docs/quality-history.md, session 23). Without `story`
   * (a member's assignment and explanation reported later, the join's story unknown): the
   * re-cut's bar, which every score that joined clears.
   */
  private joinThreshold(t: Thresholds, story?: Story): number {
    if (this.granularity === "event") return t.eventThreshold;
    if (!this.recuts || (story && !this.recutJudges(story, 1))) return t.threshold;
    return t.recutThreshold ?? t.threshold;
  }

  /**
   * Whether the re-cut judges a story's members once `joining` more have joined, as it reaches
   * its next size: only a story that keeps every member it took (none forgotten by age, never
   * renewed), so that the linkage judges all of them, and only while the live articles are
   * RECUT_SHARE times its members or more. In a stream that is mostly this story, its own words
   * are in nearly every document: their weights fall towards nothing and each report's few
   * words of its own decide the cosines.
   */
  private recutJudges(story: Story, joining: number): boolean {
    const n = story.members.size;
    if (story.size !== n || story.renewed) return false;
    return this.byArticle.size + joining >= RECUT_SHARE * (n + joining);
  }

  private mustGet(storyId: string): Story {
    const s = this.live.get(storyId);
    if (!s) throw new Error(`no live story ${storyId}`);
    return s;
  }

  /** A new live story; `seq` is its place among the stories (a restore may reserve an earlier one). */
  private found(id: string, seq = this.seq++): Story {
    const story = new Story(id, seq);
    this.near.number(story);
    this.live.set(id, story);
    return story;
  }

  /** A restored story: founded now, or as restoreRenewed reserved it. */
  private foundRestored(id: string): Story {
    const r = this.reserved.get(id);
    if (!r) return this.found(id);
    this.reserved.delete(id);
    const story = this.found(id, r.seq);
    story.renewed = true;
    for (const e of r.events) story.events = append(story.events, new Group(e, this.seq++));
    return story;
  }

  /** `scoredAt`: where `story`'s features for this article are in `rows`, when unchanged since (else -1). */
  private attach(
    story: Story,
    q: Query<Weighed>,
    words: string,
    score: number,
    isNew: boolean,
    kind: Thresholds,
    threshold: number,
    scoredAt = -1,
  ): Assignment {
    const p = q.p;
    let event: Group | null = null;
    if (this.granularity === "story") {
      event = isNew ? null : this.pickEvent(story, q, kind.eventThreshold, scoredAt);
    }
    event ??= this.newEvent(story, isNew || this.granularity === "event" ? story.id : p.id);
    this.place(story, event, member(compact(p), words, story, event.id, score));
    const assignment: Assignment = {
      articleId: p.id,
      storyId: story.id,
      eventId: event.id,
      isNew,
      score,
      threshold,
    };
    if (this.renewals.length > 0) {
      assignment.renewed = this.renewals;
      this.renewals = [];
    }
    return assignment;
  }

  /**
   * The event of a story an article belongs to (event threshold), or null for a new event.
   * `scoredAt` as in attach: an event sharing the story's centroids (its only one) has the
   * story's members, size and span too, so its centroid cosines and best-member text cosine are
   * the story's, taken from `rows` instead of computed again (the same sums of the same arrays).
   */
  private pickEvent(
    story: Story,
    q: Query<Weighed>,
    threshold: number,
    scoredAt = -1,
  ): Group | null {
    if (this.granularity === "event") return story.events[0] ?? null;
    const p = q.p;
    const open = this.openEvents;
    open.length = 0;
    const events = story.events;
    for (let i = Math.max(0, events.length - RECENT); i < events.length; i++) {
      const e = events[i];
      if (p.time === null || e.last === null || Math.abs(p.time - e.last) <= EVENT_WINDOW) {
        open.push(e);
      }
    }
    this.reachEvents(open);
    const rows = this.eventRows;
    const b = this.best;
    for (let i = 0; i < open.length; i++) {
      const e = open[i];
      const at = i * MODEL_FEATURES;
      if (scoredAt >= 0 && story.shares(e)) {
        bestMember(q, e, false, b);
        copyBase(this.rows, scoredAt, rows, at);
        // Only the best-member title and entity cosines differ: the story's come from every
        // kept member (the member index), the event's from its founder and recent members.
        rows[at + 3] = b.title;
        rows[at + 5] = b.ent;
        rows[at + 8] = rows[at + 6] * b.title;
      } else {
        bestMember(q, e, true, b);
        pairFeaturesInto(rows, at, p, e, b.title, b.text, b.ent);
      }
    }
    withMarginsInto(rows, open.length);
    let best: Group | null = null;
    let bestScore = -1;
    for (let i = 0; i < open.length; i++) {
      const s = this.model.scoreAt(rows, i * MODEL_FEATURES);
      if (s > bestScore) {
        best = open[i];
        bestScore = s;
      }
    }
    open.length = 0;
    return best && bestScore >= threshold ? best : null;
  }

  private newEvent(story: Story, articleId: string): Group {
    const id = articleId === story.id ? story.id : derivedId("e", articleId);
    return story.addEvent(id, this.seq++);
  }

  /** Puts a member (made for this story and event) in them and in the indexes. */
  private place(story: Story, event: Group, m: Member): void {
    const first = story.first;
    story.add(m, this.vocab);
    this.noteAge(story, first);
    event.add(m, this.vocab, !story.shares(event));
    story.members.set(m.id, m);
    this.indexPlaced(story, m);
    this.forgetOldest(story);
    this.touch(story);
  }

  /** Puts a kept member of a story in the member indexes, `byArticle` and the story index. */
  private indexPlaced(story: Story, m: Member): void {
    // Entry numbers: the title terms, then the entities (one `slots` array serves both indexes).
    const titles = m.title.ids.length;
    for (let i = 0; i < titles; i++) this.titleIndex.add(m.title.ids[i], m, m.title.vals[i], i);
    for (let i = 0; i < memberEntities(m); i++) {
      this.entIndex.add(m.ent.ids[i], m, m.ent.vals[i], titles + i);
    }
    this.byArticle.set(m.id, story);
    this.indexMember(story, m);
  }

  private indexMember(story: Story, p: Weighed): void {
    const { keys, n } = this.keys.of(p);
    for (let i = 0; i < n; i++) {
      if (story.indexKeys.add(keys[i])) this.index.add(keys[i], story);
    }
  }

  /**
   * A story forgets its oldest members one by one (they stay in its centroids and its size)
   * past KEEP_MEMBERS, and those published more than MEMBER_WINDOWS windows before its latest
   * member: a quiet story takes no more articles after the window, and an old member of a story
   * that never goes quiet need not either. So the kept members of all stories are bounded by the
   * articles of two windows, and memory stays flat however long stories run (on the synthetic
   * stream, chains of same-kind events live for weeks and held ever more members). Members
   * without time stay.
   */
  private forgetOldest(story: Story): void {
    const horizon =
      story.last === null ? Number.NEGATIVE_INFINITY : story.last - MEMBER_WINDOWS * this.windowMs;
    for (const m of story.members.values()) {
      if (story.members.size <= KEEP_MEMBERS && (m.time === null || m.time >= horizon)) return;
      this.forgetMember(story, m);
      const { keys, n } = this.keys.of(m);
      for (let i = 0; i < n; i++) {
        if (story.indexKeys.remove(keys[i])) this.index.remove(keys[i], story);
      }
    }
  }

  /** A member leaves its story's kept state: its vectors, its id and its member-index entries. */
  private forgetMember(story: Story, m: Member): void {
    story.members.delete(m.id);
    this.byArticle.delete(m.id);
    this.unindexMember(m);
  }

  private unindexMember(m: Member): void {
    const titles = m.title.ids;
    for (let i = 0; i < titles.length; i++) this.titleIndex.remove(titles[i], m, i);
    for (let i = 0; i < memberEntities(m); i++)
      this.entIndex.remove(m.ent.ids[i], m, titles.length + i);
  }

  private unindex(story: Story): void {
    story.indexKeys.forEachKey((k) => this.index.remove(k, story));
    story.indexKeys.clear();
  }

  /** Recompute centroids, events and index keys from the members (after a split, move or renewal). */
  private rebuild(story: Story): void {
    this.unindex(story);
    story.reset();
    const events = new Map(story.events.map((e) => [e.id, e]));
    for (const e of events.values()) e.reset();
    for (const m of story.members.values()) {
      story.add(m, this.vocab);
      let e = events.get(m.eventId);
      if (!e) {
        e = new Group(m.eventId, this.seq++);
        events.set(e.id, e);
      }
      e.add(m, this.vocab);
      this.indexMember(story, m);
    }
    story.events = [...events.values()].filter((e) => e.size > 0);
    story.trimEvents();
    // Queued even if its first time stays: its members taken (its stagger) may be fewer now.
    this.noteAge(story, null);
  }

  /** Move a story that took members to the back of the activity order, and queue its quiet time. */
  private touch(story: Story): void {
    this.live.delete(story.id);
    this.live.set(story.id, story);
    this.noteQuiet(story);
  }

  /**
   * Renew the stories past their renewal time (renewalDue; earliest first), and release those
   * quiet for longer than their allowance (see allowance).
   */
  private expire(): void {
    if (this.now === null) return;
    const horizon = this.now - this.windowMs;
    while (this.ages.earliest < this.now) {
      const e = this.ages.pop()!;
      if (!this.aged(e)) continue;
      const story = this.live.get(e.id)!;
      // Three windows passed, its stagger not yet: queued again by its renewal time.
      const due = this.renewalDue(story);
      if (due >= this.now) {
        this.ages.push(due, story.seq, story.id);
        continue;
      }
      // A renewal changes a lingering story's allowance: it is queued again (renew).
      if (this.over(story)) this.release(story);
      else this.renew(story);
    }
    // Stories whose quiet time passed the window: released past their allowance (in creation
    // order, whatever stale entries the queue held), else queued again by its end.
    let gone: Set<Story> | null = null;
    while (this.quiet.earliest < this.now) {
      const e = this.quiet.pop()!;
      const story = this.live.get(e.id);
      // A story left without a timed member (a cut or a split took them) never goes quiet, as
      // noteQuiet: its entry is dropped, not queued again at an allowance from no time.
      if (story?.seq !== e.seq || story.last === null || story.last >= horizon || gone?.has(story))
        continue;
      if (!this.over(story)) {
        this.quiet.push(story.last + this.allowance(story), story.seq, story.id);
        continue;
      }
      gone ??= new Set();
      gone.add(story);
    }
    if (gone) for (const story of [...gone].sort((a, b) => a.seq - b.seq)) this.release(story);
  }

  /** Whether a story has been quiet for longer than its allowance (it takes no more members). */
  private over(story: Story): boolean {
    return story.last !== null && this.now! - story.last > this.allowance(story);
  }

  /**
   * How long a story may stay quiet and still take members: PACE of the mean gaps between its
   * kept members' times, at least one window and at most LINGER_WINDOWS.
   */
  private allowance(story: Story): number {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let timed = 0;
    for (const m of story.members.values()) {
      if (m.time === null) continue;
      timed++;
      if (m.time < first) first = m.time;
      if (m.time > last) last = m.time;
    }
    const gap = timed > 1 ? (last - first) / (timed - 1) : 0;
    return Math.min(LINGER_WINDOWS * this.windowMs, Math.max(this.windowMs, PACE * gap));
  }

  /**
   * Queues a story by the time it goes quiet for a window (the queue then checks its allowance),
   * dropping the stale entries (of released stories, or from before a story's latest member) when
   * they outnumber the live stories.
   */
  private noteQuiet(story: Story): void {
    if (story.last === null) return;
    this.quiet.push(story.last + this.windowMs, story.seq, story.id);
    if (this.quiet.size > 2 * this.live.size + 1024) this.quiet.retain((e) => this.current(e));
  }

  /** Whether a quiet entry is that of a live story's latest member or its allowance. */
  private current(e: AgeEntry): boolean {
    const story = this.live.get(e.id);
    return story?.seq === e.seq && story.last !== null && e.at >= story.last + this.windowMs;
  }

  /**
   * A story still running at its renewal time (renewalDue) continues in place
   * (same id, same events for the members it keeps): it forgets its members published more than
   * RENEW_KEEP before its latest one (kept vectors, member-index entries, index keys only they
   * held, events left empty) and its centroids, events and index keys are rebuilt from the
   * members it keeps, as those of a story founded by them. Its first kept member is then that
   * recent, so it is renewed again if it runs on. What it keeps is never empty: it was active
   * within the window, and its latest member stays. Members without time stay, as in forgetOldest.
   */
  private renew(story: Story): void {
    const cut = story.last! - Math.min(RENEW_KEEP, this.windowMs);
    for (const m of story.members.values())
      if (m.time !== null && m.time < cut) this.forgetMember(story, m);
    story.renewed = true;
    this.rebuild(story);
    this.noteQuiet(story);
    const from = story.members.keys().next().value!;
    const events = story.events.map((e) => e.id);
    this.renewals.push({ storyId: story.id, cut, from, events });
  }

  /**
   * When a story is renewed if it still runs: STORY_WINDOWS windows after its first kept member,
   * and, before its first renewal and once it took STAGGER_MEMBERS members, its own share of
   * RENEW_STAGGER windows more. A function of its state (its members taken only grow until its
   * first time changes, or a rebuild queues it again; `renewed` is saved and restored), so a
   * restored clusterer renews as one that never stopped.
   */
  private renewalDue(story: Story): number {
    const staggered = !story.renewed && story.size >= STAGGER_MEMBERS;
    const stagger = staggered ? RENEW_STAGGER * unitOf(fnv1a32(story.id, 0x9e3779b9)) : 0;
    return story.first! + (STORY_WINDOWS + stagger) * this.windowMs;
  }

  /**
   * Whether an age entry is that of a live story's current first time, three windows on, or its
   * renewal time (else it is stale).
   */
  private aged(e: AgeEntry): boolean {
    const story = this.live.get(e.id);
    if (story === undefined || story.seq !== e.seq || story.first === null) return false;
    return e.at === story.first + STORY_WINDOWS * this.windowMs || e.at === this.renewalDue(story);
  }

  /**
   * Queues a story three windows after its first time when that is new or changed (`before`: what
   * it was; null queues it anyway), dropping the stale entries when they outnumber the live
   * stories. Past that, expire queues it again by its renewal time if that is later.
   */
  private noteAge(story: Story, before: number | null): void {
    if (story.first === null || story.first === before) return;
    this.ages.push(story.first + STORY_WINDOWS * this.windowMs, story.seq, story.id);
    if (this.ages.size > 2 * this.live.size + 1024) this.ages.retain((e) => this.aged(e));
  }

  private release(story: Story): void {
    this.unindex(story);
    this.live.delete(story.id);
    for (const m of story.members.values()) {
      this.byArticle.delete(m.id);
      this.unindexMember(m);
    }
    this.near.unnumber(story);
  }
}

const NOTHING: never[] = [];

/** One array per key, of `count[key]` empty places (a dense array: keys are vocabulary ids). */
function sized<T>(count: Int32Array): T[][] {
  const out: T[][] = [];
  for (let k = 0; k < count.length; k++) out.push(count[k] > 0 ? new Array<T>(count[k]) : NOTHING);
  return out;
}

/** Member-index postings being filled by `indexAll`, each at its final size. */
class Postings {
  readonly items: Member[][];
  readonly weights: number[][];
  readonly entries: number[][];
  private readonly at: Int32Array;

  constructor(count: Int32Array) {
    this.items = sized(count);
    this.weights = sized(count);
    this.entries = sized(count);
    this.at = new Int32Array(count.length);
  }

  put(k: number, m: Member, w: number, entry: number): void {
    const j = this.at[k]++;
    this.items[k][j] = m;
    this.weights[k][j] = w;
    this.entries[k][j] = entry;
  }
}

/** The window a clusterer with these options uses: the one given, else its granularity's default. */
export function clusteringWindow(
  options: Pick<ClusterOptions, "windowMs" | "granularity">,
): number {
  return options.windowMs ?? (options.granularity === "event" ? EVENT_WINDOW : 4 * DAY);
}

/**
 * How old the oldest member a clusterer with these options holds can be (fullAfterMs): a story is
 * renewed STORY_WINDOWS windows after its first kept member, up to RENEW_STAGGER more the first
 * time. A store must keep articles at least this long, or a restart would replay live stories
 * without some of their members.
 */
export function stateSpan(options: Pick<ClusterOptions, "windowMs" | "granularity">): number {
  return (STORY_WINDOWS + RENEW_STAGGER) * clusteringWindow(options);
}
