import assert from "node:assert/strict";
import { test } from "node:test";
import { entityKeys, extractEntities } from "../../src/stories/entities.ts";
import { stem, stopWords, terms, tokenize } from "../../src/stories/text.ts";

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

test("terms drop stop words and stem English, leave other languages unstemmed", () => {
  assert.deepEqual(terms("The troops are preparing to send more troops"), [
    "troop",
    "prepar",
    "send",
    "troop",
  ]);
  assert.equal(stem("running"), "run");
  assert.equal(stem("laufen", "de"), "laufen");
  assert.ok(stopWords("de").has("und"));
  assert.ok(!terms("und der Hund", "de").includes("und"));
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
