// The clusterer's invariants, checked by property (fast-check): random streams of articles,
// dated, undated and out of order, interleaved with a person's corrections (split, merge, move)
// of the stories on the front page, at the settings commands use (re-cut on or off, story or
// event granularity) and a one-day window, so that stories expire, renew and are cut. After every
// step each live story's members name it as their story and can explain why they are in it, an
// added article is in the story its assignment gives, and no article is in two stories; a twin
// fed the same articles weighed apart (addWeighed, as with analysis threads) decides alike; one
// saved and read back midway decides as the one that ran on. And a batch run reports each
// article in the story that holds it. Run by invariants.test.ts in a worker thread.
import assert from "node:assert/strict";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import fc from "fast-check";
import { ByteReader, ByteWriter } from "../../src/stories/bytes.ts";
import { type ClusterOptions, StreamClusterer } from "../../src/stories/cluster.ts";
import { analyse } from "../../src/stories/features.ts";
import { readClustererState, writeClustererState } from "../../src/stories/state.ts";
import { resolveMerges } from "../../src/stories/stream.ts";
import type { Assignment, ClusterInput } from "../../src/stories/types.ts";
import { Weigher } from "../../src/stories/weigher.ts";
import examples from "./invariants-examples.json" with { type: "json" };

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1);
/** The clusterer's settings a run draws: as every command clusters, or without the re-cut, or events. */
const SETTINGS: Record<string, ClusterOptions> = {
  story: { windowMs: DAY, recut: true },
  "story without re-cut": { windowMs: DAY },
  event: { windowMs: DAY, granularity: "event" },
};

// Words of a few subjects: articles drawn mostly from one share a story's vocabulary; a word
// from another subject blurs it, as real reports do.
const SUBJECTS = [
  "volcano erupts iceland lava flights grounded ash evacuation reykjavik",
  "central bank raises interest rates inflation lagarde markets bonds",
  "earthquake strikes turkey rescuers rubble aftershock ankara casualties",
  "election result parliament coalition votes chancellor berlin ballot",
  "football final champions league madrid goal penalty stadium",
  "wildfire spreads california firefighters acres evacuated winds smoke",
].map((s) => s.split(" "));

const article = fc.record({
  subject: fc.nat({ max: SUBJECTS.length - 1 }),
  other: fc.nat({ max: SUBJECTS.length - 1 }),
  words: fc.array(fc.nat({ max: 8 }), { minLength: 3, maxLength: 7 }),
  withText: fc.boolean(),
  // Hours from the article's place in the stream (an hour apart), six either way; or no time.
  jitter: fc.option(fc.integer({ min: -6, max: 6 }), { freq: 2 }),
});
type ArticleSpec = typeof article extends fc.Arbitrary<infer T> ? T : never;

// A correction picks its story, articles and target by position among what is live then.
const step = fc.oneof(
  { weight: 8, arbitrary: article.map((a) => ({ kind: "add" as const, a })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(), fc.nat()).map(([s, k]) => ({ kind: "split" as const, s, k })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(), fc.nat()).map(([s, t]) => ({ kind: "merge" as const, s, t })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(), fc.nat()).map(([s, t]) => ({ kind: "move" as const, s, t })),
  },
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Shrunk steps of failures found (with what they broke), kept as regression cases. */
const EXAMPLES = examples as { why: string; steps: Step[]; cut: number }[];

function input(spec: ArticleSpec, n: number): ClusterInput {
  const pool = SUBJECTS[spec.subject];
  const words = spec.words.map((w, i) => (i === 1 ? SUBJECTS[spec.other][w] : pool[w]));
  const title = words.join(" ");
  const text = spec.withText ? `${title} said officials on ${pool.join(" ")}.` : "";
  const published = spec.jitter === null ? null : T0 + (n + spec.jitter) * 3_600_000;
  return { id: `a${n}`, title, text, source: `outlet${n % 5}`, published };
}

/** What a step did, as data: equal runs give equal records. */
type Outcome = Assignment | string | null;

/** `apply`, the articles weighed apart first (as the analysis threads do): `addWeighed`. */
function applyWeighed(c: StreamClusterer, weigher: Weigher, s: Step, n: number): Outcome {
  return s.kind === "add" ? c.addWeighed(weigher.weigh(analyse(input(s.a, n)))) : apply(c, s, n);
}

/** People correct the stories on the front page: one of the four most recently active. */
function recent(live: string[], pick: number): string {
  return live[live.length - 1 - (pick % Math.min(live.length, 4))];
}

function apply(c: StreamClusterer, s: Step, n: number): Outcome {
  if (s.kind === "add") return c.add(input(s.a, n));
  const live = c.liveStoryIds();
  if (live.length === 0) return null;
  const story = recent(live, s.s);
  const members = c.members(story);
  if (s.kind === "split") {
    // The members whose bit is set in k, some but not all of them.
    const leaving = members.filter((_, i) => (s.k >> i) & 1);
    if (leaving.length === 0 || leaving.length === members.length) return null;
    return c.split(story, leaving);
  }
  const target = recent(live, s.t);
  if (s.kind === "merge") {
    c.merge(story, target);
    return `merged ${story} into ${target}`;
  }
  if (members.length === 0) return null;
  c.move(members[0], target);
  return `moved ${members[0]} to ${target}`;
}

/** Every live story's members name it as their story, and no article is in two stories. */
function assertConsistent(c: StreamClusterer): void {
  const seen = new Map<string, string>();
  for (const story of c.liveStoryIds()) {
    for (const id of c.members(story)) {
      assert.equal(seen.get(id), undefined, `${id} in ${seen.get(id)} and ${story}`);
      seen.set(id, story);
      assert.equal(c.storyOf(id), story, `${id} is a member of ${story}`);
      // Every kept member can say why it is there: words of its own, a finite score.
      const why = c.explain(id);
      assert.ok(
        why && Number.isFinite(why.score) && Number.isFinite(why.threshold),
        `explain ${id}`,
      );
    }
  }
}

/** Where an added article ends: its story, or the re-cut part that took it. */
function storyAfterAdd(a: Assignment): string {
  return a.split?.find((p) => p.articleIds.includes(a.articleId))?.storyId ?? a.storyId;
}

function save(c: StreamClusterer, options: ClusterOptions): StreamClusterer {
  const w = new ByteWriter();
  writeClustererState(c, w);
  return readClustererState(new ByteReader(w.bytes().slice()), options);
}

/** Runs the property; throws fast-check's report (the shrunk steps) when it fails. */
export function checkInvariants(numRuns: number, seed: number): void {
  fc.assert(
    fc.property(
      fc.array(step, { minLength: 20, maxLength: 80, size: "max" }),
      fc.nat(),
      fc.constantFrom(...Object.keys(SETTINGS)),
      (steps, cut, setting) => {
        const options = SETTINGS[setting];
        const c = new StreamClusterer(options);
        const twin = new StreamClusterer(options);
        const weigher = new Weigher();
        const at = cut % steps.length;
        let restored: StreamClusterer | null = null;
        steps.forEach((s, n) => {
          if (n === at) restored = save(c, options);
          const out = apply(c, s, n);
          if (s.kind === "add") {
            const a = out as Assignment;
            assert.equal(c.storyOf(a.articleId), storyAfterAdd(a), `a${n} is where it was put`);
          }
          assertConsistent(c);
          assert.deepEqual(applyWeighed(twin, weigher, s, n), out, `step ${n} weighed apart`);
          if (restored) assert.deepEqual(apply(restored, s, n), out, `step ${n} after a restore`);
        });
      },
    ),
    // Runs that once failed first, then the seeded random ones.
    {
      seed,
      numRuns,
      examples: EXAMPLES.map((e) => [e.steps, e.cut, "story"] as [Step[], number, string]),
    },
  );
}

/**
 * A batch run's report (resolveMerges of the assignments, merges and cuts replayed in order)
 * puts every article the clusterer still holds in the story that holds it.
 */
export function checkResolved(numRuns: number, seed: number): void {
  fc.assert(
    fc.property(
      fc.array(article, { minLength: 20, maxLength: 120, size: "max" }),
      fc.constantFrom(...Object.keys(SETTINGS)),
      (articles, setting) => {
        const c = new StreamClusterer(SETTINGS[setting]);
        const out = articles.map((a, n) => c.add(input(a, n)));
        for (const a of resolveMerges(out)) {
          const live = c.storyOf(a.articleId);
          if (live !== null) assert.equal(a.storyId, live, `${a.articleId} reported in its story`);
        }
      },
    ),
    { seed, numRuns },
  );
}

// In a worker thread: the test reports a step that loops forever instead of hanging the suite.
if (!isMainThread && workerData?.invariants) {
  try {
    checkInvariants(workerData.numRuns, workerData.seed);
    checkResolved(workerData.numRuns, workerData.seed);
    parentPort!.postMessage(null);
  } catch (e) {
    // fast-check's report names the steps; the assertion that failed is its cause.
    const cause = e instanceof Error && e.cause instanceof Error ? `\n${e.cause.message}` : "";
    parentPort!.postMessage(e instanceof Error ? `${e.message}${cause}` : String(e));
  }
}
