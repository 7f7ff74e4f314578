import assert from "node:assert/strict";
import { test } from "node:test";
import { lcsLength, rouge, rougeTokens } from "../../src/eval/rouge.ts";

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} != ${expected}`);

test("ROUGE on two sentences of equal length", () => {
  // reference: the cat sat on the mat (6 tokens); candidate: the cat was on the mat (6 tokens)
  const r = rouge("The cat was on the mat.", "the cat sat on the mat");
  // unigrams shared (clipped): the x2, cat, on, mat = 5 -> P = R = F = 5/6
  close(r.rouge1.f1, 5 / 6, "rouge1");
  // bigrams: ref {the cat, cat sat, sat on, on the, the mat}, cand {the cat, cat was, was on,
  // on the, the mat}: shared the cat, on the, the mat = 3 of 5 -> 3/5
  close(r.rouge2.f1, 3 / 5, "rouge2");
  // LCS: the cat on the mat = 5 -> 5/6
  close(r.rougeL.f1, 5 / 6, "rougeL");
});

test("ROUGE on reordered words: unigrams match, order does not", () => {
  // ref: police arrest suspect in paris attack; cand: paris attack suspect arrested by police
  const r = rouge(
    "Paris attack suspect arrested by police",
    "Police arrest suspect in Paris attack",
  );
  // shared unigrams: paris, attack, suspect, police = 4 of 6 -> 2/3
  close(r.rouge1.f1, 2 / 3, "rouge1");
  // shared bigrams: "paris attack" = 1 of 5 -> 1/5
  close(r.rouge2.f1, 1 / 5, "rouge2");
  // LCS: "paris attack" (police comes first in one and last in the other) = 2 -> 2/6
  close(r.rougeL.f1, 1 / 3, "rougeL");
});

test("ROUGE with different lengths: precision and recall differ", () => {
  // cand: police arrest man (3); ref: police arrest suspect in paris attack (6); shared 2
  const r = rouge("Police arrest man", "Police arrest suspect in Paris attack");
  close(r.rouge1.precision, 2 / 3, "p");
  close(r.rouge1.recall, 2 / 6, "r");
  // F = 2 (2/3)(1/3) / (2/3 + 1/3) = 4/9
  close(r.rouge1.f1, 4 / 9, "f1");
  // bigram "police arrest" shared: P = 1/2, R = 1/5, F = 2(1/10)/(7/10) = 2/7
  close(r.rouge2.f1, 2 / 7, "rouge2");
});

test("repeated words are clipped to the reference count", () => {
  // cand: the the the (3); ref: the cat (2): "the" counted once -> P = 1/3, R = 1/2, F = 2/5
  close(rouge("the the the", "the cat").rouge1.f1, 2 / 5, "clipped");
});

test("empty texts score 0; tokens are lower-cased Unicode words", () => {
  assert.equal(rouge("", "a headline").rouge1.f1, 0);
  assert.equal(rouge("a headline", "").rougeL.f1, 0);
  assert.equal(rouge("one", "one").rouge2.f1, 0);
  assert.deepEqual(rougeTokens("Zürich’s mayor — 5G, “Élan”!"), [
    "zürich’s",
    "mayor",
    "5g",
    "élan",
  ]);
  assert.equal(lcsLength(["a", "b", "c", "d"], ["b", "d", "a", "c"]), 2);
});
