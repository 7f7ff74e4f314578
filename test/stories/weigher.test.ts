// Weighing apart from the clusterer (weigher.ts): a clusterer fed what a Weigher made of a stream
// assigns every article exactly as one that weighs the stream itself, across the document
// frequencies' decays (when keys are released and their slots reused), per language, and when
// the clusterer weighed the start of the stream itself (the analysis pool's calling thread does
// while its threads start).
import assert from "node:assert/strict";
import { test } from "node:test";
import { engineInput } from "../../src/eval/evaluate.ts";
import { syntheticStream } from "../../src/eval/synthetic.ts";
import { StreamClusterer } from "../../src/stories/cluster.ts";
import { type Analysis, analyse } from "../../src/stories/features.ts";
import { LanguagePartitions } from "../../src/stories/stream.ts";
import { Vocab } from "../../src/stories/vocab.ts";
import { SlotIds, type WeighedArticle, Weigher } from "../../src/stories/weigher.ts";

/** A half-life of 150 documents: the counts halve, and drop keys, at 300 articles, then every 150. */
const HALF_LIFE = 150;

const analyses = (n: number, seed: number): Analysis[] =>
  [...syntheticStream({ articles: n, seed, days: 3 })].map((a) => analyse(engineInput(a)));

test("a clusterer fed a Weigher's articles assigns as one weighing them itself, across decays", () => {
  const stream = analyses(1500, 5);
  const direct = new StreamClusterer({ docFreqHalfLife: HALF_LIFE });
  const fed = new StreamClusterer({ docFreqHalfLife: HALF_LIFE });
  const weigher = new Weigher(HALF_LIFE);
  let named = 0;
  let retold = 0;
  const told = new Map<number, string>();
  for (const an of stream) {
    const w = weigher.weigh(an);
    // After a decay the article's entries name their keys; else new slots are told once.
    if (w.keys.length > 0) named++;
    w.newSlots.forEach((s, i) => {
      if (told.has(s) && told.get(s) !== w.newKeys[i]) retold++;
      told.set(s, w.newKeys[i]);
    });
    assert.deepEqual(fed.addWeighed(w), direct.addAnalysed(an), an.id);
  }
  assert.equal(named, 9, "the articles that ended a decay (at 300, 450, ..., 1,500)");
  assert.ok(retold > 100, `slots released by a decay hold other keys (${retold})`);
  assert.equal(fed.liveStories, direct.liveStories);
});

test("a stream the clusterer weighed the start of itself, the Weigher counting it, assigns the same", () => {
  const stream = analyses(900, 7);
  const direct = new StreamClusterer({ docFreqHalfLife: HALF_LIFE });
  const fed = new StreamClusterer({ docFreqHalfLife: HALF_LIFE });
  const weigher = new Weigher(HALF_LIFE);
  stream.forEach((an, i) => {
    const expected = direct.addAnalysed(an);
    if (i < 256) {
      weigher.count(an);
      assert.deepEqual(fed.addAnalysed(an), expected);
    } else assert.deepEqual(fed.addWeighed(weigher.weigh(an)), expected);
  });
});

test("each language is weighed with its own counts, as each has its own clusterer", () => {
  // Every third article read as German and every fifth as French: three clusterers, three counts.
  const stream = [...syntheticStream({ articles: 900, seed: 8, days: 3 })].map((a, i) =>
    analyse({ ...engineInput(a), lang: i % 3 === 0 ? "de" : i % 5 === 0 ? "fr" : "en" }),
  );
  const direct = new LanguagePartitions({ docFreqHalfLife: HALF_LIFE });
  const fed = new LanguagePartitions({ docFreqHalfLife: HALF_LIFE });
  const weigher = new Weigher(HALF_LIFE);
  for (const an of stream) {
    assert.deepEqual(fed.addWeighed(weigher.weigh(an)), direct.addAnalysed(an), an.id);
  }
});

test("a clusterer fed weighed articles refuses what its own counts would be needed for", () => {
  const [a, b, c] = analyses(3, 9);
  const weigher = new Weigher();
  const fed = new StreamClusterer();
  fed.addWeighed(weigher.weigh(a));
  assert.throws(() => fed.addAnalysed(b), /takes weighed articles only/);
  assert.throws(() => fed.stateParts(), /takes weighed articles only/);
  assert.throws(() => fed.docFreq, /takes weighed articles only/);
  // The Weigher counted the article again; adding it again would not have.
  assert.throws(() => fed.addWeighed(weigher.weigh(a)), /added twice/);
  assert.throws(() => fed.addWeighed(weigher.weigh({ ...c, lang: "de" })), /two languages/);
});

test("a slot whose vocabulary id a sweep freed looks its key up again; the others keep theirs", () => {
  const vocab = new Vocab();
  const slots = new SlotIds("en");
  const article = (title: number[], newSlots: number[], newKeys: string[]): WeighedArticle => ({
    id: "x",
    time: null,
    hasText: false,
    lede: false,
    lang: "en",
    title: { ids: title, vals: title.map(() => 1 / Math.sqrt(title.length)) },
    text: { ids: [], vals: [] },
    ent: { ids: [], vals: [] },
    words: "",
    newSlots,
    newKeys,
    keys: [],
  });
  const first = article([0, 1], [0, 1], ["storm", "flood"]);
  slots.intern(first, vocab);
  assert.deepEqual(first.title.ids, [vocab.id("storm"), vocab.id("flood")]);
  // A sweep keeps "storm" and frees "flood"'s id, which the next new term takes.
  const marked = new Uint8Array(vocab.capacity);
  marked[vocab.id("storm")] = 1;
  const floodId = first.title.ids[1];
  vocab.retain(marked);
  slots.forget(marked);
  assert.equal(vocab.id("power"), floodId);
  const second = article([1, 0], [], []);
  slots.intern(second, vocab);
  assert.deepEqual(
    second.title.ids.map((id) => vocab.term(id)),
    ["flood", "storm"],
  );
});
