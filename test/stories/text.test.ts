import assert from "node:assert/strict";
import { test } from "node:test";
import {
  charClass,
  LETTER,
  LOWER,
  MARK,
  NUMBER,
  SPACE,
  UNSPACED,
  UPPER,
} from "../../src/stories/chars.ts";
import { entityKeys, extractEntities } from "../../src/stories/entities.ts";
import {
  STEM_CACHE,
  stem,
  stemCacheSize,
  stopWords,
  terms,
  tokenize,
} from "../../src/stories/text.ts";

test("tokenize keeps letters of any script, strips possessives and splits unspaced scripts", () => {
  assert.deepEqual(tokenize("North Korea's SPA met — Beyoncé, iOS 7.1"), [
    "north",
    "korea",
    "spa",
    "met",
    "beyoncé",
    "ios",
    "7.1",
  ]);
  assert.deepEqual(tokenize("Москва: «Пожар»"), ["москва", "пожар"]);
  assert.deepEqual(tokenize("北朝鮮"), ["北朝", "朝鮮"]);
  assert.deepEqual(tokenize(""), []);
});

test("terms drop stop words and stem English with Porter, other languages with Snowball", () => {
  assert.deepEqual(terms("The troops are preparing to send more troops"), [
    "troop",
    "prepar",
    "send",
    "troop",
  ]);
  assert.equal(stem("running"), "run");
  assert.equal(stem("laufen", "de"), "lauf");
  assert.equal(stem("Überschwemmungen".toLowerCase(), "de"), stem("überschwemmung", "de"));
  assert.equal(stem("inundaciones", "es"), stem("inundación", "es"));
  assert.equal(stem("наводнения", "ru"), stem("наводнение", "ru"));
  // A language without a stemmer keeps its words.
  assert.equal(stem("kapal", "ms"), "kapal");
  assert.ok(stopWords("de").has("und"));
  assert.ok(!terms("und der Hund", "de").includes("und"));
  // French and Italian elided articles are cut: the word is the same term with or without one.
  assert.deepEqual(terms("l'incendie, un incendie", "fr"), ["incend", "incend"]);
  assert.deepEqual(terms("dell'incendio e l'incendio", "it"), ["incend", "incend"]);
});

test("entityKeys finds capitalised names and phrases, not stop words or weekdays", () => {
  const keys = entityKeys("On Tuesday President Donald Trump called North Korea a nuclear power.");
  assert.ok(keys.includes("donald trump") || keys.includes("president donald trump"));
  assert.ok(keys.includes("north korea"));
  assert.ok(keys.includes("trump"));
  assert.ok(!keys.includes("tuesday"));
  assert.ok(!keys.includes("on"));
  assert.deepEqual(entityKeys(""), []);
});

test("entityKeys keeps phrases whole when NFKC changes the text's length", () => {
  // "…" becomes three characters, "ﬃ" three, full-width letters stay one, "e" + a combining
  // accent becomes one: word positions must be read from the normalised text throughout.
  const longer = entityKeys("Unveiled … Kim Jong Un visits Seoul");
  assert.ok(longer.includes("kim jong un"), JSON.stringify(longer));
  assert.ok(entityKeys("Oﬃcial: Kim Jong Un visits").includes("kim jong un"));
  const wide = entityKeys("Ｎｏｒｔｈ Ｋｏｒｅａ … Kim Jong Un");
  assert.ok(wide.includes("north korea") && wide.includes("kim jong un"), JSON.stringify(wide));
  const shorter = entityKeys("Se\u0301ance ended at Salt Lake City. Boston Globe reports");
  assert.ok(shorter.includes("salt lake city") && shorter.includes("boston globe"));
  // ... and a break stays a break: the comma still separates two names.
  assert.ok(!entityKeys("Cafe\u0301 owner Bob, Paris Hilton").includes("bob paris"));
});

test("extractEntities separates people, organisations and places", () => {
  const e = extractEntities(
    "SEOUL (Reuters) - South Korea said President Donald Trump had called Pyongyang a nuclear power.",
  );
  assert.ok(e.people.some((p) => p.includes("Trump")));
  assert.ok(e.places.includes("South Korea"));
  assert.ok(e.places.includes("Pyongyang"));
});

test("entityKeys adds the country a capital stands for", () => {
  const keys = entityKeys("Pyongyang accelerates troop dispatch to Moscow's war");
  assert.ok(keys.includes("north korea") && keys.includes("russia"), JSON.stringify(keys));
  assert.ok(entityKeys("The White House said").includes("united states"));
});

test("tokenize handles apostrophes, number separators, NFKC and unspaced scripts exactly", () => {
  // The outputs of the regular-expression tokeniser the scanner replaced.
  assert.deepEqual(
    tokenize("Don’t stop O’Brien’s 1,000.5 pay-out, ½ ٣.٥ ๑๒ 東京都 x'y 'quoted' e\u0301 ﬁnal"),
    [
      "don't",
      "stop",
      "o'brien",
      "1,000.5",
      "pay",
      "out",
      "1",
      "2",
      "٣.٥",
      "๑๒",
      "東京",
      "京都",
      "x'y",
      "quoted",
      "é",
      "final",
    ],
  );
});

test("entityKeys joins phrases across white space only, and strips possessives", () => {
  assert.deepEqual(
    entityKeys(
      "Kim Jong-un’s visit: Pyongyang. The Kremlin, Vladimir Putin’s aide O’Brien-Smith in Seoul\u00a0Today",
    ),
    [
      "kim",
      "jong-un",
      "kim jong-un",
      "pyongyang",
      "north",
      "korea",
      "north korea",
      "kremlin",
      "russia",
      "vladimir",
      "putin",
      "vladimir putin",
      "o'brien-smith",
      "seoul",
      "south",
      "korea",
      "south korea",
      "today",
      "seoul today",
    ],
  );
});

test("entityKeys takes a capitalised word that names an Object property like any other", () => {
  // The capitals' table was a plain object: "Constructor" found its constructor and threw.
  assert.deepEqual(entityKeys("Constructor Group wins contract"), [
    "constructor",
    "group",
    "constructor group",
  ]);
});

test("the character class table agrees with the regular expressions, filled and refilled", () => {
  const tests: [RegExp, number][] = [
    [/^\p{L}$/u, LETTER],
    [/^\p{M}$/u, MARK],
    [/^\p{N}$/u, NUMBER],
    [/^\p{Lu}$/u, UPPER],
    [/^\s$/, SPACE],
    [/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]$/u, UNSPACED],
    [/^\p{Ll}$/u, LOWER],
  ];
  const expected = (cp: number) => {
    const ch = String.fromCodePoint(cp);
    return tests.reduce((c, [re, bit]) => (re.test(ch) ? c | bit : c), 0);
  };
  const all = LETTER | MARK | NUMBER | UPPER | SPACE | UNSPACED | LOWER;
  // Every code point of the Basic Multilingual Plane and a sample beyond it, twice: the first
  // lookup fills the table, the second reads it.
  const points: number[] = [];
  for (let cp = 0; cp < 0x10000; cp++) points.push(cp);
  for (let cp = 0x10000; cp < 0x110000; cp += 97) points.push(cp);
  points.push(0x20000, 0x1d400, 0x10400, 0x1f600);
  for (let round = 0; round < 2; round++) {
    const wrong = points.filter((cp) => (charClass(cp) & all) !== expected(cp));
    assert.deepEqual(wrong, [], `round ${round}`);
  }
});

test("the stem cache gives the same stems cold and warm and stays bounded", () => {
  const words = ["running", "troops", "elections", "happily", "relational", "o'brien", "7.1"];
  const cold = words.map((w) => stem(w));
  assert.deepEqual(cold, ["run", "troop", "elect", "happili", "relat", "o'brien", "7.1"]);
  const german = ["häuser", "regierungen", "überschwemmungen"];
  const germanCold = german.map((w) => stem(w, "de"));
  assert.deepEqual(germanCold, ["haus", "regier", "uberschwemm"]);
  assert.deepEqual(
    words.map((w) => stem(w)),
    cold,
  );
  // More distinct words than the cache holds: it empties when full and never exceeds its bound.
  let largest = 0;
  for (let i = 0; i < STEM_CACHE * 1.5; i++) {
    stem(`word${i.toString(36).replace(/\d/g, "x")}ing`);
    largest = Math.max(largest, stemCacheSize());
  }
  assert.ok(largest <= STEM_CACHE, `${largest} entries`);
  assert.deepEqual(
    words.map((w) => stem(w)),
    cold,
  );
  // Each language has its own cache, with the same bound.
  assert.deepEqual(
    german.map((w) => stem(w, "de")),
    germanCold,
  );
  assert.ok(stemCacheSize("de") <= STEM_CACHE && stemCacheSize("de") >= german.length);
});
