import assert from "node:assert/strict";
import { test } from "node:test";
import { cleanTitle, headlineQuality } from "../../src/stories/headline.ts";
import { type EntityMemo, labelStory } from "../../src/stories/label.ts";
import { lede, splitSentences } from "../../src/stories/sentences.ts";

test("sentences split on terminal punctuation, not after abbreviations and initials", () => {
  assert.deepEqual(
    splitSentences(
      'President John F. Kennedy met Mr. Smith in the U.S. Capitol at 3 p.m. on Monday. "We will win," he said. Really? Yes!\nA new paragraph',
    ),
    [
      "President John F. Kennedy met Mr. Smith in the U.S. Capitol at 3 p.m. on Monday.",
      '"We will win," he said.',
      "Really?",
      "Yes!",
      "A new paragraph",
    ],
  );
  assert.deepEqual(splitSentences("  \n "), []);
});

test("a lede is the first sentence, two when the first is short, or the title without text", () => {
  assert.equal(
    lede(
      "Troops crossed the border early on Monday, officials in the capital said. More later.",
      "T",
    ),
    "Troops crossed the border early on Monday, officials in the capital said.",
  );
  assert.equal(
    lede("Fire in Rome. Hundreds flee their homes.", "T"),
    "Fire in Rome. Hundreds flee their homes.",
  );
  assert.equal(lede("", "Quake hits Chile"), "Quake hits Chile");
});

test("titles lose outlet suffixes, tags and feed full stops, and keep the rest", () => {
  assert.equal(cleanTitle("Quake hits Chile coast - Reuters"), "Quake hits Chile coast");
  assert.equal(cleanTitle("Quake hits Chile coast | BBC News"), "Quake hits Chile coast");
  assert.equal(
    cleanTitle("Quake hits Chile coast - La Tercera", "latercera.com"),
    "Quake hits Chile coast",
  );
  assert.equal(cleanTitle("BREAKING: Quake hits Chile coast."), "Quake hits Chile coast");
  assert.equal(cleanTitle("DA convenes grand jury: report"), "DA convenes grand jury");
  assert.equal(cleanTitle("Talks resume with the U.S."), "Talks resume with the U.S.");
  // A dash that is part of the headline stays.
  assert.equal(cleanTitle("Markets fall - and keep falling"), "Markets fall - and keep falling");
});

test("headline quality prefers complete plain statements", () => {
  const plain = headlineQuality("Earthquake of magnitude 7.1 hits central Chile");
  assert.equal(plain, 1);
  for (const bad of [
    "Is Chile ready for the next big earthquake?",
    "Earthquake hits central Chile, killing dozens of people in the...",
    "EARTHQUAKE HITS CENTRAL CHILE, DOZENS DEAD",
    "10 things to know about the Chile earthquake",
    "You won't believe what this earthquake did to Chile",
    "Why the Chile earthquake was so deadly",
  ])
    assert.ok(headlineQuality(bad) < plain * 0.7, bad);
});

const quake = [
  {
    title: "You won't believe what happened in Chile today",
    text: "A strong earthquake struck central Chile on Monday. Buildings shook in Santiago.",
    source: "clickbait.example",
  },
  {
    title: "Magnitude 7.1 earthquake strikes central Chile, killing 12 - Reuters",
    text: "SANTIAGO (Reuters) - A magnitude 7.1 earthquake struck central Chile on Monday, killing at least 12 people and damaging buildings in Santiago, officials said.",
    source: "Reuters",
  },
  {
    title: "Chile earthquake: 12 dead as magnitude 7.1 quake hits Santiago region",
    text: "A magnitude 7.1 earthquake hit central Chile on Monday and killed at least 12 people, officials in Santiago said. Rescue teams searched collapsed homes in Valparaiso overnight.",
    source: "Example Times",
  },
  {
    title: "Is Chile ready for the next big earthquake?",
    text: 'Experts have long warned that "the big one is coming. Chile sits on one of the most active faults in the world, and experts said the country was better prepared than most.',
    source: "Opinion Daily",
  },
];

test("labelStory picks a central, complete title and strips its outlet suffix", () => {
  const label = labelStory(quake);
  assert.equal(label.headline, "Magnitude 7.1 earthquake strikes central Chile, killing 12");
});

test("labelStory's summary: one to three lede sentences, no near-repeats, no dangling quotes", () => {
  const { summary } = labelStory(quake);
  const sentences = splitSentences(summary);
  assert.ok(sentences.length >= 1 && sentences.length <= 3, summary);
  // The dateline is gone, and the two ledes that say the same thing appear once.
  assert.ok(!summary.includes("(Reuters)"), summary);
  const killed = sentences.filter((s) => /killing at least 12|killed at least 12/.test(s));
  assert.equal(killed.length, 1, summary);
  // The sentence with an unclosed quote is never used.
  assert.ok(!summary.includes("the big one"), summary);
});

test("labelStory names the shared entities and is deterministic", () => {
  const a = labelStory(quake);
  assert.ok(a.entities.includes("Chile"), a.entities.join(", "));
  assert.ok(a.entities.includes("Santiago"), a.entities.join(", "));
  assert.deepEqual(labelStory(quake), a);
});

test("labelStory with an entity memo: the same labels as the story grows, each member tagged once", () => {
  const memo: EntityMemo = new WeakMap();
  for (let n = 1; n <= quake.length; n++) {
    const members = quake.slice(0, n);
    assert.deepEqual(labelStory(members, memo), labelStory(members), `${n} members`);
  }
  // Every member was ranked among the entity members at some size, and kept.
  assert.ok(
    quake.every((m) => memo.has(m)),
    "all members memoised",
  );
  // A later label reads the memo instead of tagging again: a planted answer shows through.
  const planted: EntityMemo = new WeakMap(
    quake.map((m) => [m, { people: [], organizations: [], places: ["Atlantis"] }]),
  );
  assert.deepEqual(labelStory(quake, planted).entities, ["Atlantis"]);
});

test("labelStory on one member, on titles without text, and on nothing", () => {
  const one = labelStory([{ title: "Storm closes ports in Normandy - AFP", text: "" }]);
  assert.equal(one.headline, "Storm closes ports in Normandy");
  assert.equal(one.summary, "");
  assert.deepEqual(labelStory([]), { headline: "", summary: "", entities: [] });
});
