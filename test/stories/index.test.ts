import assert from "node:assert/strict";
import { test } from "node:test";
import { InvertedIndex, MemberIndex, topK } from "../../src/stories/index.ts";

/** An index item: creation order plus the scratch fields an index writes during a query. */
const item = <X extends object>(seq: number, extra: X = {} as X) => ({
  seq,
  stamp: 0,
  sum: 0,
  ...extra,
});

test("InvertedIndex returns only items sharing a key, ranked by shared weight then age", () => {
  const idx = new InvertedIndex<ReturnType<typeof item<{ name: string }>>>();
  const a = item(0, { name: "a" });
  const b = item(1, { name: "b" });
  const c = item(2, { name: "c" });
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
  const idx = new InvertedIndex<ReturnType<typeof item>>(2);
  const items = [0, 1, 2].map((seq) => item(seq));
  for (const it of items) idx.add("common", it);
  idx.add("rare", items[2]);
  assert.deepEqual(idx.candidates(["common", "rare"], [1, 1], 10), [items[2]]);
});

test("MemberIndex gives exact dot products with members sharing a key", () => {
  const idx = new MemberIndex<ReturnType<typeof item>>();
  const m1 = item(1);
  const m2 = item(2);
  idx.add("x", m1, 0.6);
  idx.add("y", m1, 0.8);
  idx.add("y", m2, 1);
  assert.deepEqual(idx.dots(["x", "y"], [0.8, 0.6]), [m1, m2]);
  assert.ok(Math.abs(m1.sum - (0.6 * 0.8 + 0.8 * 0.6)) < 1e-12);
  assert.ok(Math.abs(m2.sum - 0.6) < 1e-12);
  // A later query starts from zero: the sums of the previous one do not leak into it.
  assert.deepEqual(idx.dots(["x"], [1]), [m1]);
  assert.ok(Math.abs(m1.sum - 0.6) < 1e-12);
  idx.remove("y", m2);
  assert.deepEqual(idx.dots(["y"], [1]), [m1]);
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
    assert.deepEqual(
      topK([...scores.keys()], (s) => scores.get(s)!, limit),
      want,
    );
  }
});
