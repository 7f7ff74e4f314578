import assert from "node:assert/strict";
import { test } from "node:test";
import { InvertedIndex, MemberIndex, topK } from "../../src/stories/index.ts";

test("InvertedIndex returns only items sharing a key, ranked by shared weight then age", () => {
  const idx = new InvertedIndex<{ seq: number; name: string }>();
  const a = { seq: 0, name: "a" };
  const b = { seq: 1, name: "b" };
  const c = { seq: 2, name: "c" };
  idx.add("korea", a);
  idx.add("troop", a);
  idx.add("korea", b);
  idx.add("bitcoin", c);
  const got = idx.candidates(["korea", "troop"], [0.5, 0.5], 10).map((x) => x.name);
  assert.deepEqual(got, ["a", "b"]);
  assert.deepEqual(
    idx.candidates(["korea"], [1], 10).map((x) => x.name),
    ["a", "b"],
  );
  assert.deepEqual(idx.candidates(["korea", "troop"], [0.5, 0.5], 1), [a]);
  idx.remove("korea", a);
  idx.remove("troop", a);
  assert.deepEqual(idx.candidates(["korea", "troop"], [0.5, 0.5], 10), [b]);
  assert.deepEqual(idx.candidates(["nothing"], [1], 10), []);
});

test("InvertedIndex skips keys shared by too many items", () => {
  const idx = new InvertedIndex<{ seq: number }>(2);
  const items = [0, 1, 2].map((seq) => ({ seq }));
  for (const it of items) idx.add("common", it);
  idx.add("rare", items[2]);
  assert.deepEqual(idx.candidates(["common", "rare"], [1, 1], 10), [items[2]]);
});

test("MemberIndex gives exact dot products with members sharing a key", () => {
  const idx = new MemberIndex<string>();
  idx.add("x", "m1", 0.6);
  idx.add("y", "m1", 0.8);
  idx.add("y", "m2", 1);
  const d = idx.dots(["x", "y"], [0.8, 0.6]);
  assert.ok(Math.abs(d.get("m1")! - (0.6 * 0.8 + 0.8 * 0.6)) < 1e-12);
  assert.ok(Math.abs(d.get("m2")! - 0.6) < 1e-12);
  idx.remove("y", "m2");
  assert.equal(idx.dots(["y"], [1]).has("m2"), false);
});

test("topK keeps the highest scores, ties by age, exactly as a full sort would", () => {
  let x = 7;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  for (let round = 0; round < 50; round++) {
    const scores = new Map<{ seq: number }, number>();
    const n = Math.floor(rand() * 40);
    // Coarse scores so ties are common; insertion order differs from creation order.
    for (let i = 0; i < n; i++)
      scores.set({ seq: Math.floor(rand() * 1000) * 100 + i }, Math.floor(rand() * 5));
    const limit = Math.floor(rand() * 12);
    const want = [...scores]
      .sort((a, b) => b[1] - a[1] || a[0].seq - b[0].seq)
      .slice(0, limit)
      .map((e) => e[0]);
    assert.deepEqual(topK(scores, limit), want);
  }
});
