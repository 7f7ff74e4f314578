import assert from "node:assert/strict";
import { test } from "node:test";
import { type SyntheticArticle, syntheticStream } from "../../src/eval/synthetic.ts";
import { KINDS } from "../../src/eval/synthetic-kinds.ts";

const collect = (articles: number, seed: number, days?: number) => [
  ...syntheticStream({ articles, seed, days }),
];

function byEvent(s: SyntheticArticle[]): Map<string, SyntheticArticle[]> {
  const events = new Map<string, SyntheticArticle[]>();
  for (const a of s) {
    const list = events.get(a.cluster);
    if (list) list.push(a);
    else events.set(a.cluster, [a]);
  }
  return events;
}

// One stream shared by the tests that only read it.
const STREAM = collect(20000, 2);
const EVENTS = byEvent(STREAM);
const words = (a: SyntheticArticle) =>
  new Set(`${a.title} ${a.text}`.toLowerCase().match(/\p{L}{4,}/gu) ?? []);
/** In how many articles of the stream each word appears. */
const DF = new Map<string, number>();
for (const a of STREAM) for (const w of words(a)) DF.set(w, (DF.get(w) ?? 0) + 1);

test("the same seed gives the same stream, byte for byte; another seed another", () => {
  const a = collect(3000, 5);
  assert.equal(JSON.stringify(collect(3000, 5)), JSON.stringify(a));
  const b = collect(3000, 6);
  assert.notDeepEqual(
    b.slice(0, 50).map((x) => x.title),
    a.slice(0, 50).map((x) => x.title),
  );
});

test("articles come in published order with unique ids, titles and ledes", () => {
  assert.equal(STREAM.length, 20000);
  assert.equal(new Set(STREAM.map((a) => a.id)).size, 20000);
  for (let i = 1; i < STREAM.length; i++) assert.ok(STREAM[i].published >= STREAM[i - 1].published);
  for (const a of STREAM) {
    assert.ok(a.title.length > 10 && a.text.length > 20, a.id);
    assert.match(a.text, /[."]$/, a.text);
    assert.doesNotMatch(`${a.title} ${a.text}`, /[{}]|undefined|NaN/, a.id);
  }
  // Over days, not hours: 20,000 articles span at least the default week.
  const days = (STREAM[STREAM.length - 1].published - STREAM[0].published) / 86_400_000;
  // Events start over the default week; running stories end at most five days later.
  assert.ok(days >= 6 && days <= 12, `${days} days`);
});

test("story sizes are heavy-tailed: mostly one to three articles, some tens, a few hundreds", () => {
  const sizes = [...EVENTS.values()].map((m) => m.length);
  const oneOff = sizes.filter((n) => n === 1).length / STREAM.length;
  assert.ok(oneOff > 0.3 && oneOff < 0.4, `one-off share of articles ${oneOff}`);
  const small = sizes.filter((n) => n <= 3).length / sizes.length;
  assert.ok(small > 0.8, `stories of 1-3 articles: ${small}`);
  const tens = sizes.filter((n) => n >= 10 && n <= 50).length;
  assert.ok(tens >= 50, `stories of 10-50 articles: ${tens}`);
  const hundreds = sizes.filter((n) => n >= 100);
  assert.ok(hundreds.length >= 3, `stories of 100+ articles: ${hundreds.length}`);
  // No single story dominates the stream.
  assert.ok(Math.max(...sizes) <= 0.05 * STREAM.length);
});

test("a running story lasts days and its later developments are worded anew", () => {
  const [, members] = [...EVENTS].sort((x, y) => y[1].length - x[1].length)[0];
  const span = (members[members.length - 1].published - members[0].published) / 86_400_000;
  assert.ok(span >= 1, `the largest story spans ${span.toFixed(1)} days`);
  // Titles of the first hours and of later days share few exact titles.
  const dayOne = members.filter((a) => a.published - members[0].published < 6 * 3_600_000);
  const later = members.filter((a) => a.published - members[0].published >= 86_400_000);
  const early = new Set(dayOne.map((a) => a.title.replace(/ [-|] .*$/, "").toLowerCase()));
  const repeated = later.filter((a) =>
    early.has(a.title.replace(/ [-|] .*$/, "").toLowerCase()),
  ).length;
  assert.ok(repeated < later.length / 2, `${repeated} of ${later.length} later titles repeat`);
  // Bursts decay: more articles in the story's first day than in any later day.
  const perDay = new Map<number, number>();
  for (const a of members) {
    const d = Math.floor((a.published - members[0].published) / 86_400_000);
    perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  assert.equal(Math.max(...perDay.values()), perDay.get(0));
});

test("outlets report one event in their own words, sharing its key words but rarely whole sentences", () => {
  const big = [...EVENTS.values()].filter((m) => m.length >= 20);
  assert.ok(big.length >= 10);
  const sentences = (a: SyntheticArticle) =>
    a.text.replace(/^[A-Z ]+\([^)]*\) - /, "").split(/(?<=[."]) (?=[A-Z"])/);
  let firsts = 0;
  let distinctFirsts = 0;
  let pairs = 0;
  let sharing = 0;
  for (const members of big) {
    assert.ok(new Set(members.map((a) => a.source)).size > members.length / 4);
    assert.ok(new Set(members.map((a) => a.title)).size > members.length / 2);
    // Outlets' own copy (agency copy is verbatim by design; quotes are the speaker's words).
    const own = members.filter(
      (a) =>
        !/\((Global Press Agency|Continental Wire|Pacific Newswire|Atlas News Service)\)/.test(
          a.text,
        ),
    );
    const first = own.map((a) => sentences(a)[0]);
    firsts += first.length;
    distinctFirsts += new Set(first).size;
    for (let i = 0; i + 1 < own.length; i += 2) {
      const mine = new Set(sentences(own[i]).filter((x) => !x.startsWith('"')));
      pairs++;
      if (sentences(own[i + 1]).some((x) => mine.has(x))) sharing++;
    }
    // Yet they share the story's key words: a word rare in the stream is in most of its articles.
    const counts = new Map<string, number>();
    for (const a of members)
      for (const w of words(a))
        if ((DF.get(w) ?? 0) < STREAM.length * 0.02) counts.set(w, (counts.get(w) ?? 0) + 1);
    assert.ok(Math.max(...counts.values()) >= members.length * 0.6, members[0].title);
  }
  assert.ok(
    distinctFirsts / firsts > 0.6,
    `${distinctFirsts} distinct of ${firsts} first sentences`,
  );
  assert.ok(sharing / pairs < 0.15, `${sharing} of ${pairs} pairs of outlets share a sentence`);
});

test("wire copy: several outlets republish an agency's text nearly verbatim", () => {
  let wired = 0;
  for (const members of EVENTS.values()) {
    const texts = new Map<string, Set<string>>();
    for (const a of members) {
      const m = /^[^(]*\(([^)]+)\) - (.{60})/.exec(a.text);
      if (m && /Agency|Wire|Newswire|News Service/.test(m[1])) {
        const outlets = texts.get(m[2]) ?? new Set();
        outlets.add(a.source);
        texts.set(m[2], outlets);
      }
    }
    for (const outlets of texts.values()) if (outlets.size >= 3) wired++;
  }
  assert.ok(wired >= 20, `${wired} wire texts carried by three outlets or more`);
});

test("many kinds of event recur with other entities on other days", () => {
  assert.ok(KINDS.length >= 60, `${KINDS.length} kinds`);
  assert.ok(new Set(KINDS.map((k) => k.domain)).size >= 12);
  // Each kind has several title and lede templates.
  for (const k of KINDS) assert.ok(k.titles.length >= 2 && k.ledes.length >= 2, k.name);
  // The same kind, by a shared word, recurs on many days with different places.
  const fires = STREAM.filter((a) => /\bwildfire|forest fire|bushfire\b/i.test(a.title));
  const fireEvents = new Set(fires.map((a) => a.cluster));
  assert.ok(fireEvents.size >= 10, `${fireEvents.size} wildfire events`);
  const days = new Set(fires.map((a) => Math.floor(a.published / 86_400_000)));
  assert.ok(days.size >= 5);
});

test("entities come from large pools; a few big names recur across unrelated stories", () => {
  const big = collect(60000, 3, 4);
  const names = new Map<string, Set<string>>();
  for (const a of big)
    for (const m of a.text.matchAll(/\b([A-Z][a-z]+ [A-Z][a-z]+) (?:said|told)\b/g)) {
      const events = names.get(m[1]) ?? new Set();
      events.add(a.cluster);
      names.set(m[1], events);
    }
  assert.ok(names.size >= 8_000, `${names.size} distinct people quoted`);
  const spread = [...names.values()].map((s) => s.size).sort((x, y) => y - x);
  assert.ok(spread[0] >= 20, `the most quoted person appears in ${spread[0]} stories`);
  const once = spread.filter((n) => n === 1).length / spread.length;
  assert.ok(once > 0.5, `${once} of people appear in one story only`);
});

test("the vocabulary keeps growing with the stream", () => {
  const vocab = new Set<string>();
  const sizeAt: number[] = [];
  STREAM.forEach((a, i) => {
    for (const w of `${a.title} ${a.text}`.toLowerCase().match(/\p{L}+/gu) ?? []) vocab.add(w);
    if (i + 1 === 5000 || i + 1 === 20000) sizeAt.push(vocab.size);
  });
  assert.ok(sizeAt[0] >= 5000, `${sizeAt[0]} words in 5,000 articles`);
  assert.ok(sizeAt[1] >= sizeAt[0] * 1.8, `${sizeAt[0]} -> ${sizeAt[1]} words`);
});

test("publishing follows a daily cycle: nights are quieter than days", () => {
  const byHour = new Array(24).fill(0);
  for (const a of STREAM) byHour[new Date(a.published).getUTCHours()]++;
  const night = byHour[1] + byHour[2] + byHour[3];
  const day = byHour[10] + byHour[11] + byHour[12];
  assert.ok(day > 3 * night, `night ${night}, day ${day}`);
});

test("a stream asked for a negative number of articles or days is refused with what was wrong", () => {
  assert.throws(
    () => collect(-5, 1),
    /^Error: synthetic stream: articles must be 0 or more, got -5$/,
  );
  assert.throws(
    () => collect(10, 1, 0),
    /^Error: synthetic stream: days must be a positive number, got 0$/,
  );
  assert.throws(() => collect(10, 1, Number.NaN), /days must be a positive number, got NaN/);
  assert.deepEqual(collect(0, 1), []);
});
