import assert from "node:assert/strict";
import { test } from "node:test";
import { clusterWithProgress } from "../../src/cli/batch.ts";
import { analyse } from "../../src/stories/features.ts";
import { detectLanguage, withLanguages } from "../../src/stories/language.ts";
import { clusterAll } from "../../src/stories/stream.ts";
import type { Assignment, ClusterInput } from "../../src/stories/types.ts";
import { HEADLINES, LEDES, SCRIPTS, SHORT_ENGLISH, STORIES } from "./language-fixtures.ts";

const detect = (text: string) => detectLanguage(text.normalize("NFKC"));

test("detection names the language of headlines with a lede, and never a wrong one", () => {
  for (const [lang, texts] of Object.entries(LEDES)) {
    for (const t of texts) assert.equal(detect(t), lang, t);
  }
  for (const [lang, t] of SCRIPTS) assert.equal(detect(t), lang, t);
  // A headline alone: named when its function words are clear, else left unnamed (read as
  // English), but never named wrongly.
  let named = 0;
  let foreign = 0;
  for (const [lang, texts] of Object.entries(HEADLINES)) {
    for (const t of texts) {
      const got = detect(t);
      assert.ok(got === lang || got === null, `${t}: ${got}`);
      if (lang !== "en") {
        foreign++;
        if (got === lang) named++;
      }
    }
  }
  assert.ok(named >= 0.7 * foreign, `${named} of ${foreign} headlines named`);
});

test("detection leaves short English titles of foreign names alone", () => {
  for (const t of SHORT_ENGLISH) {
    const got = detect(t);
    assert.ok(got === null || got === "en", `${t}: ${got}`);
  }
  assert.equal(detect("Los Angeles Lakers beat Las Vegas in La Jolla"), null);
  assert.equal(detect("Le Pen and De Niro at the Tour de France"), "en");
});

test("an article without a language is analysed exactly as one in English unless detected", () => {
  const english = {
    id: "a",
    title: "Storm Elin cuts power to 200,000 homes",
    text: "Utility crews worked through the night after the storm brought down lines.",
    source: "Example News",
    published: 1,
  };
  assert.deepEqual(analyse({ ...english, lang: null }), analyse({ ...english, lang: "en" }));
  assert.deepEqual(analyse({ ...english, lang: "" }), analyse({ ...english, lang: "en" }));
  const german = { ...english, title: LEDES.de[0], text: "" };
  assert.deepEqual(analyse({ ...german, lang: null }), analyse({ ...german, lang: "de" }));
  assert.notDeepEqual(analyse({ ...german, lang: null }), analyse({ ...german, lang: "en" }));
});

/** A language's two stories as articles an hour apart, alternating between the stories. */
function articles(lang: string, withLang: boolean): ClusterInput[] {
  const [[nameA, a], [nameB, b]] = Object.entries(STORIES[lang]);
  const out: ClusterInput[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    for (const [name, story] of [
      [nameA, a],
      [nameB, b],
    ] as const) {
      if (i >= story.length) continue;
      out.push({
        id: `${name}-${i}`,
        title: story[i][0],
        text: story[i][1],
        source: `Outlet ${out.length}`,
        published: Date.UTC(2025, 2, 3, 8 + out.length),
        lang: withLang ? lang : null,
      });
    }
  }
  return out;
}

for (const lang of ["de", "es"]) {
  for (const withLang of [true, false]) {
    test(`${lang} stories ${withLang ? "with" : "without"} lang: each told in its own words is one story, apart from the other`, () => {
      const input = articles(lang, withLang);
      const story = new Map(clusterAll(input).map((x) => [x.articleId, x.storyId]));
      const [nameA, nameB] = Object.keys(STORIES[lang]);
      const of = (name: string) =>
        new Set(input.filter((x) => x.id.startsWith(name)).map((x) => story.get(x.id)));
      assert.equal(of(nameA).size, 1, `${nameA}: ${[...of(nameA)]}`);
      assert.equal(of(nameB).size, 1, `${nameB}: ${[...of(nameB)]}`);
      assert.notEqual([...of(nameA)][0], [...of(nameB)][0]);
    });
  }
}

/** One meeting reported in English and in German: the same names, numbers and place. */
const MEETING: [string, string, string][] = [
  [
    "en",
    "Merkel meets Macron in Paris",
    "Angela Merkel and Emmanuel Macron met in Paris on Monday to discuss the EU budget.",
  ],
  [
    "de",
    "Merkel trifft Macron in Paris",
    "Angela Merkel und Emmanuel Macron haben sich am Montag in Paris zum EU-Haushalt getroffen.",
  ],
  [
    "en",
    "Merkel and Macron discuss EU budget in Paris",
    "Angela Merkel met Emmanuel Macron in Paris to talk about the EU budget.",
  ],
  [
    "de",
    "Merkel und Macron beraten in Paris über EU-Haushalt",
    "Angela Merkel hat Emmanuel Macron in Paris getroffen, es ging um den EU-Haushalt.",
  ],
];
const meeting = (given: boolean): ClusterInput[] =>
  MEETING.map(([lang, title, text], i) => ({
    id: `${lang}-${i}`,
    title,
    text,
    source: `Outlet ${i}`,
    published: Date.UTC(2025, 2, 3, 8 + i),
    lang: given ? lang : null,
  }));

for (const given of [true, false]) {
  test(`no story mixes languages (${given ? "given" : "detected"}): one meeting reported in English and German is two stories`, async () => {
    const input = meeting(given);
    const check = (assignments: Assignment[]) => {
      const story = new Map(assignments.map((x) => [x.articleId, x.storyId]));
      assert.equal(story.get("en-0"), story.get("en-2"));
      assert.equal(story.get("de-1"), story.get("de-3"));
      assert.notEqual(story.get("en-0"), story.get("de-1"));
    };
    check(clusterAll(input));
    // storyline cluster's path (analyses from the pool) partitions alike.
    check(await clusterWithProgress(input, "story", 0));
  });
}

test("a set of headlines without a language is read in the set's language, also the headlines too short to tell", () => {
  const titles = (lang: string): ClusterInput[] =>
    articles(lang, false).map((a) => ({ ...a, text: "" }));
  // Some of these headlines name no language alone (detect gives null): without the set's
  // language they were read as English and clustered apart from their story.
  const es = titles("es");
  assert.ok(es.some((a) => detect(a.title) === null));
  assert.deepEqual(
    withLanguages(es).map((a) => a.lang),
    es.map(() => "es"),
  );
  const story = new Map(clusterAll(es).map((x) => [x.articleId, x.storyId]));
  for (const name of Object.keys(STORIES.es)) {
    const ids = new Set(es.filter((a) => a.id.startsWith(name)).map((a) => story.get(a.id)));
    assert.equal(ids.size, 1, `${name}: ${[...ids]}`);
  }
  // An English set without a language is left as it is: read as English, as before.
  const english = HEADLINES.en.map((title, i) => ({ id: `en-${i}`, title, text: "", lang: null }));
  assert.ok(withLanguages(english).every((a) => a.lang === null || a.lang === "en"));
});
