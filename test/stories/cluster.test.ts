import assert from "node:assert/strict";
import { test } from "node:test";
import { StreamClusterer } from "../../src/stories/cluster.ts";
import { FEATURE_NAMES } from "../../src/stories/features.ts";
import { derivedId } from "../../src/stories/hash.ts";
import { defaultWeights, type ModelWeights } from "../../src/stories/model.ts";
import { clusterAll, streamOrder } from "../../src/stories/stream.ts";
import type { ClusterInput } from "../../src/stories/types.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 20);

function art(id: string, title: string, day: number | null = null, text = ""): ClusterInput {
  return { id, title, text, source: null, published: day === null ? null : T0 + day * DAY };
}

const NEWS: ClusterInput[] = [
  art("k1", "North Korea prepares to send more troops to Russia", 0),
  art("b1", "Bitcoin exchange Mt. Gox files for bankruptcy protection", 0),
  art("k2", "North Korea to send more troops to Russia, Seoul says", 0),
  art("b2", "Mt. Gox bitcoin exchange files for bankruptcy in Tokyo", 0.1),
  art("k3", "More North Korean troops heading to Russia after heavy losses", 0.2),
  art("q1", "Iceland volcano erupts again near Grindavik", 0.3),
];

/** Partition as sorted groups of article ids (independent of story ids). */
function groups(assignments: { articleId: string; storyId: string }[]): string[][] {
  const by = new Map<string, string[]>();
  for (const a of assignments) by.set(a.storyId, [...(by.get(a.storyId) ?? []), a.articleId]);
  return [...by.values()].map((g) => g.sort()).sort((x, y) => (x[0] < y[0] ? -1 : 1));
}

test("related headlines share a story, unrelated ones do not", () => {
  const g = groups(clusterAll(NEWS));
  assert.ok(
    g.some((x) => ["k1", "k2", "k3"].every((id) => x.includes(id))),
    JSON.stringify(g),
  );
  assert.ok(g.some((x) => x.includes("b1") && x.includes("b2") && !x.includes("k1")));
  assert.ok(g.some((x) => x.length === 1 && x[0] === "q1"));
});

test("same input gives the same output, ties kept in input order", () => {
  const tied = NEWS.map((a) => ({ ...a, published: T0 }));
  assert.deepEqual(clusterAll(tied), clusterAll(tied));
  assert.deepEqual(clusterAll(NEWS), clusterAll(NEWS.map((a) => ({ ...a }))));
  assert.deepEqual(
    streamOrder(tied).map((a) => a.id),
    tied.map((a) => a.id),
  );
  // Story ids derive from the founding article, never from order of discovery or the clock.
  const first = clusterAll(tied).find((a) => a.articleId === "k1")!;
  assert.equal(first.storyId, derivedId("s", "k1"));
  assert.equal(first.isNew, true);
});

test("stream order sorts by time and keeps untimed articles after their timed predecessor", () => {
  const input = [art("c", "c", 2), art("x", "x"), art("a", "a", 0), art("b", "b", 1)];
  assert.deepEqual(
    streamOrder(input).map((a) => a.id),
    ["a", "b", "c", "x"],
  );
});

test("empty input and a single article", () => {
  assert.deepEqual(clusterAll([]), []);
  const [one] = clusterAll([art("only", "A lone headline about a harbour fire")]);
  assert.equal(one.articleId, "only");
  assert.equal(one.storyId, derivedId("s", "only"));
  assert.equal(one.eventId, one.storyId);
  assert.equal(one.isNew, true);
});

test("articles without time are clustered and never expire anything", () => {
  const untimed = NEWS.map((a) => ({ ...a, published: null }));
  const c = new StreamClusterer({ windowMs: 1 });
  const out = untimed.map((a) => c.add(a));
  const k1 = out.find((a) => a.articleId === "k1")!;
  assert.equal(out.find((a) => a.articleId === "k3")!.storyId, k1.storyId);
  assert.deepEqual(c.members(k1.storyId).sort(), ["k1", "k2", "k3"]);
});

test("stories quiet longer than the window stop taking members and are released", () => {
  const c = new StreamClusterer({ windowMs: DAY });
  const s = c.add(art("v1", "Iceland volcano erupts, flights grounded", 0)).storyId;
  assert.equal(c.add(art("v2", "Iceland volcano eruption grounds flights", 0.2)).storyId, s);
  c.add(art("x1", "Central bank raises interest rates by half a point", 5));
  assert.deepEqual(c.members(s), [], "the quiet story's state is released");
  assert.equal(c.storyOf("v1"), null);
  assert.equal(c.explain("v1"), null);
  assert.equal(c.liveStories, 1);
  const late = c.add(art("v3", "Iceland volcano erupts, flights grounded again", 5.1));
  assert.notEqual(late.storyId, s);
  assert.equal(late.isNew, true);
});

test("a story left with untimed members only never goes quiet, and the clock still advances", () => {
  // Feeds mix dated and undated items. Once a split takes a story's only timed member, the
  // story has no latest time: its queued quiet time must not loop the expiry forever.
  const c = new StreamClusterer({ windowMs: DAY });
  const s = c.add(art("v1", "Iceland volcano erupts, flights grounded", 0)).storyId;
  assert.equal(c.add(art("v2", "Iceland volcano eruption grounds flights")).storyId, s);
  const part = c.split(s, ["v1"]);
  assert.deepEqual(c.members(s), ["v2"]);
  c.add(art("x1", "Central bank raises interest rates by half a point", 5));
  assert.deepEqual(c.members(s), ["v2"], "an untimed story stays live, as in an untimed stream");
  assert.deepEqual(c.members(part), [], "the timed part went quiet and was released");
  assert.equal(c.add(art("v3", "Iceland volcano eruption grounds flights", 5.1)).storyId, s);
});

test("memory stays flat on a long stream: live stories bounded by the window", () => {
  const c = new StreamClusterer({ windowMs: 2 * DAY });
  let maxLive = 0;
  for (let d = 0; d < 60; d++) {
    for (let i = 0; i < 5; i++) {
      c.add(art(`d${d}-${i}`, `Topic${d}x${i} unique headline number ${d * 10 + i}`, d + i / 10));
    }
    maxLive = Math.max(maxLive, c.liveStories);
  }
  assert.ok(maxLive <= 20, `live stories ${maxLive}`);
});

test("explain names shared terms and entities, the score and the threshold", () => {
  const c = new StreamClusterer();
  c.add(art("k1", "North Korea prepares to send more troops to Russia", 0));
  const a = c.add(art("k2", "North Korea to send more troops to Russia, Seoul says", 0));
  const e = c.explain("k2")!;
  assert.ok(e.terms.includes("troops"), JSON.stringify(e));
  assert.ok(e.entities.includes("north korea") || e.entities.includes("russia"), JSON.stringify(e));
  assert.equal(e.score, a.score);
  assert.equal(e.threshold, defaultWeights.headlineOnly.threshold); // a headline
  assert.equal(a.threshold, e.threshold);
  assert.ok(e.score >= e.threshold);
  assert.equal(c.explain("nope"), null);
});

test("granularity event reports events as the top-level unit", () => {
  for (const a of clusterAll(NEWS, { granularity: "event" })) assert.equal(a.eventId, a.storyId);
  const story = clusterAll(NEWS);
  for (const a of story) assert.ok(a.eventId === a.storyId || a.eventId.startsWith("e"));
});

test("restore rebuilds stories with the same ids and later articles join them", () => {
  const first = new StreamClusterer();
  const out = NEWS.slice(0, 5).map((a) => first.add(a));
  const again = new StreamClusterer();
  NEWS.slice(0, 5).forEach((a, i) => {
    again.restore(a, out[i].storyId, out[i].eventId, out[i].score);
  });
  const k = out.find((a) => a.articleId === "k1")!.storyId;
  assert.deepEqual(again.members(k), first.members(k));
  const next = art("k4", "North Korea sends more troops to Russia", 0.5);
  assert.equal(again.add(next).storyId, first.add(next).storyId);
});

// A model that joins (and merges) when titles overlap: makes corrections testable exactly.
const TITLE_MODEL: ModelWeights = {
  features: [...FEATURE_NAMES],
  weights: FEATURE_NAMES.map((n) => (n === "title_cos" ? 10 : 0)),
  bias: -3,
  threshold: 0.5,
  mergeThreshold: 0.5,
  eventThreshold: 0.9,
  headlineOnly: { threshold: 0.5, mergeThreshold: 0.5, eventThreshold: 0.9 },
};

test("an article bridging two stories merges them into the older one", () => {
  const c = new StreamClusterer({ model: TITLE_MODEL });
  const s = c.add(art("a1", "alpha bravo charlie")).storyId;
  const t = c.add(art("a2", "delta echo foxtrot")).storyId;
  assert.notEqual(s, t);
  const bridge = c.add(art("a3", "alpha bravo charlie delta echo foxtrot"));
  assert.equal(bridge.storyId, s);
  assert.deepEqual(bridge.merged, [t]);
  assert.deepEqual(c.members(s), ["a1", "a2", "a3"]);
  assert.deepEqual(c.members(t), []);
  const all = clusterAll(
    [
      art("a1", "alpha bravo charlie"),
      art("a2", "delta echo foxtrot"),
      art("a3", "alpha bravo charlie delta echo foxtrot"),
    ],
    { model: TITLE_MODEL },
  );
  assert.deepEqual(new Set(all.map((a) => a.storyId)), new Set([s]));
});

// Join and merge settings per kind of article, from the joining article's own kind: headlines
// join at 0.5 and bridge at 0.5; articles with text need 0.9999 to join and never bridge.
const KIND_MODEL: ModelWeights = {
  ...TITLE_MODEL,
  threshold: 0.9999,
  mergeThreshold: null,
  eventThreshold: 0.99999,
  headlineOnly: { threshold: 0.5, mergeThreshold: 0.5, eventThreshold: 0.9 },
};

test("a headline-only article and one with text are judged by their own thresholds", () => {
  const second = (text: string) => {
    const c = new StreamClusterer({ model: KIND_MODEL });
    const first = c.add(art("a1", "alpha bravo charlie")).storyId;
    return { first, a: c.add(art("a2", "alpha bravo charlie", null, text)) };
  };
  const headline = second("");
  const withText = second("Quebec romeo sierra tango uniform.");
  // The same score (the model reads the titles only here), two decisions.
  assert.equal(headline.a.score, withText.a.score);
  assert.ok(headline.a.score > 0.5 && headline.a.score < 0.9999, `score ${headline.a.score}`);
  assert.equal(headline.a.storyId, headline.first);
  assert.equal(headline.a.threshold, 0.5);
  assert.equal(withText.a.isNew, true);
  assert.equal(withText.a.threshold, 0.9999);

  // Bridges: with text the article joins one story and merges nothing.
  const bridge = (text: string) => {
    const c = new StreamClusterer({ model: { ...KIND_MODEL, threshold: 0.5 } });
    const s = c.add(art("b1", "alpha bravo charlie")).storyId;
    const t = c.add(art("b2", "delta echo foxtrot")).storyId;
    return { s, t, a: c.add(art("b3", "alpha bravo charlie delta echo foxtrot", null, text)) };
  };
  const h = bridge("");
  assert.equal(h.a.storyId, h.s);
  assert.deepEqual(h.a.merged, [h.t]);
  const x = bridge("Quebec romeo sierra tango uniform.");
  assert.ok(x.a.storyId === x.s || x.a.storyId === x.t, x.a.storyId);
  assert.equal(x.a.merged, undefined);
});

test("model weights without the headline-only thresholds are refused", () => {
  const { headlineOnly: _, ...old } = TITLE_MODEL;
  assert.throws(
    () => new StreamClusterer({ model: old as ModelWeights }),
    /headlineOnly thresholds: refit/,
  );
});

test("split parts stay split; merge and move are respected by later clustering", () => {
  const c = new StreamClusterer({ model: TITLE_MODEL });
  const s = c.add(art("a1", "alpha bravo charlie")).storyId;
  const t = c.add(art("a2", "delta echo foxtrot")).storyId;
  c.merge(t, s);
  assert.deepEqual(c.members(s), ["a1", "a2"]);
  assert.equal(c.storyOf("a2"), s);

  const p = c.split(s, ["a2"]);
  assert.notEqual(p, s);
  assert.notEqual(p, t, "a split never reuses a retired id");
  assert.deepEqual(c.members(s), ["a1"]);
  assert.deepEqual(c.members(p), ["a2"]);
  // Same corrections, same new id.
  const c2 = new StreamClusterer({ model: TITLE_MODEL });
  c2.add(art("a1", "alpha bravo charlie"));
  c2.merge(c2.add(art("a2", "delta echo foxtrot")).storyId, s);
  assert.equal(c2.split(s, ["a2"]), p);

  const bridge = c.add(art("a3", "alpha bravo charlie delta echo foxtrot"));
  assert.equal(bridge.merged, undefined, "cannot-link keeps the split parts apart");
  assert.notEqual(c.storyOf("a1"), c.storyOf("a2"));

  c.move("a1", p);
  assert.equal(c.storyOf("a1"), p);
  c.add(art("a4", "alpha bravo charlie"));
  assert.equal(c.storyOf("a1"), p, "a moved article stays where a person put it");

  assert.throws(() => c.move("a1", "no-such-story"), /no live story/);
  assert.throws(() => c.split(p, ["zzz"]), /not in story/);
  assert.throws(() => c.merge("no-such-story", p), /no live story/);
});

test("model weights must match the code's features", () => {
  assert.throws(
    () => new StreamClusterer({ model: { ...TITLE_MODEL, features: ["x"], weights: [1] } }),
    /features/,
  );
});

test("explain still shows surface words after an article is moved", () => {
  const c = new StreamClusterer();
  c.add(art("k1", "North Korea prepares to send more troops to Russia", 0));
  const other = c.add(art("b1", "Bitcoin exchange Mt. Gox files for bankruptcy protection", 0));
  c.add(art("k2", "North Korea to send more troops to Russia, Seoul says", 0));
  c.add(art("b2", "Mt. Gox bitcoin exchange files for bankruptcy in Tokyo", 0.1));
  assert.equal(c.storyOf("b2"), other.storyId);
  const part = c.split(other.storyId, ["b2"]);
  assert.equal(c.storyOf("b2"), part);
  c.move("b2", other.storyId);
  assert.equal(c.storyOf("b2"), other.storyId);
  assert.deepEqual(c.members(part), [], "the emptied story is released");
  const e = c.explain("b2")!;
  assert.ok(e.terms.includes("bankruptcy") || e.terms.includes("exchange"), JSON.stringify(e));
});

test("a near miss that founded a story joins it once the story has grown the words they share", () => {
  // Bridged merges off (no two stories' centroids agree at 0.99): only the revision merges here.
  // The articles are headlines: their own kind's values apply.
  const model = {
    ...TITLE_MODEL,
    headlineOnly: { ...TITLE_MODEL.headlineOnly, mergeAgreement: 0.99 },
  };
  const c = new StreamClusterer({ model });
  const s = c.add(art("r1", "alpha bravo charlie"));
  const early = c.add(art("r2", "alpha delta echo"));
  assert.equal(early.isNew, true);
  assert.ok(
    early.score >= 0.3 && early.score < model.headlineOnly.threshold,
    `near miss: ${early.score}`,
  );
  // r3 joins r1's story and brings "delta": r2, scored again, now joins it at the merge threshold.
  const grown = c.add(art("r3", "bravo charlie delta"));
  assert.equal(grown.storyId, s.storyId);
  assert.deepEqual(grown.merged, [early.storyId]);
  assert.deepEqual(c.members(s.storyId), ["r1", "r3", "r2"]);
  assert.equal(c.storyOf("r2"), s.storyId);
  assert.deepEqual(
    new Set(
      clusterAll(
        [
          art("r1", "alpha bravo charlie"),
          art("r2", "alpha delta echo"),
          art("r3", "bravo charlie delta"),
        ],
        { model },
      ).map((a) => a.storyId),
    ),
    new Set([s.storyId]),
  );

  // The same from kept features and stored scores after a restart.
  const again = new StreamClusterer({ model });
  const first = new StreamClusterer({ model });
  for (const a of [art("r1", "alpha bravo charlie"), art("r2", "alpha delta echo")]) {
    const r = first.add(a);
    again.restore(a, r.storyId, r.eventId, r.score);
  }
  assert.deepEqual(again.add(art("r3", "bravo charlie delta")).merged, [early.storyId]);

  // A founder that was far from every story (score under the near-miss floor) is left alone.
  const far = new StreamClusterer({ model });
  far.add(art("f1", "alpha bravo charlie"));
  const lone = far.add(art("f2", "alpha delta echo foxtrot golf"));
  assert.ok(lone.score < 0.3, `not a near miss: ${lone.score}`);
  assert.equal(far.add(art("f3", "bravo charlie delta")).merged, undefined);
});

test("an article close to many stories is scored fully against the closest twelve only", () => {
  const c = new StreamClusterer();
  const topics = ["ferry", "strike", "crane", "tanker", "yacht", "dredger", "pilot", "customs"];
  const blaze = "Firefighters in Grimsby fought the blaze at the docks through the night.";
  // Two stories of the article's event; eight sharing a title word (found through their
  // members' titles), eight sharing its text and place (found through the story index).
  const stories = [
    art("h0", "Grimsby harbour fire spreads to warehouses", 0, blaze),
    art("h1", "Grimsby harbour fire: crews battle blaze", 0, blaze),
    ...topics.map((w, i) => art(`a${i}`, `Harbour ${w} dispute in Hull`, 0)),
    ...topics.map((w, i) => art(`b${i}`, `Council approves ${w} budget`, 0, blaze)),
  ];
  for (const a of stories) c.attachTo(c.query(a), `story-${a.id}`);
  const q = c.query(art("new", "Harbour fire in Grimsby: crews battle blaze", 0.1, blaze));
  const candidates = c.score(q);
  assert.equal(candidates.length, 12);
  assert.deepEqual(
    candidates
      .slice(0, 2)
      .map((k) => k.storyId)
      .sort(),
    ["story-h0", "story-h1"],
  );
  assert.ok(candidates[0].score >= defaultWeights.threshold, `joins: ${candidates[0].score}`);
});
