import assert from "node:assert/strict";
import { test } from "node:test";
import { randomInt, seededRandom } from "../../src/eval/random.ts";
import {
  InvertedIndex,
  KeyCounts,
  MemberIndex,
  type Posted,
  TopK,
} from "../../src/stories/index.ts";
import { Vocab } from "../../src/stories/vocab.ts";

// Index keys are vocabulary ids.
const vocab = new Vocab();
const k = (term: string) => vocab.id(term);

/** An index item: creation order plus the places an index keeps on it. */
const item = <X extends object>(seq: number, extra: X = {} as X) => ({
  seq,
  slots: [] as number[],
  slot: -1,
  at: -1,
  ...extra,
});

/** The members a member-index query touched (`dots` returns how many), each with its dot product. */
const touched = <M extends Posted>(idx: MemberIndex<M>, n: number) =>
  Array.from(idx.table.touched.subarray(0, n), (at) => ({
    m: idx.table.items[at]!,
    sum: idx.table.sum(at),
  }));

test("InvertedIndex returns only items sharing a key, ranked by shared weight then age", () => {
  const idx = new InvertedIndex<ReturnType<typeof item<{ name: string }>>>();
  const a = item(0, { name: "a" });
  const b = item(1, { name: "b" });
  const c = item(2, { name: "c" });
  idx.add(k("korea"), a);
  idx.add(k("troop"), a);
  idx.add(k("korea"), b);
  idx.add(k("bitcoin"), c);
  const got = idx
    .ranked([k("korea"), k("troop")], [0.5, 0.5], 10)
    .list()
    .map((x) => x.name);
  assert.deepEqual(got, ["a", "b"]);
  assert.deepEqual(
    idx
      .ranked([k("korea")], [1], 10)
      .list()
      .map((x) => x.name),
    ["a", "b"],
  );
  assert.deepEqual(idx.ranked([k("korea"), k("troop")], [0.5, 0.5], 1).list(), [a]);
  idx.remove(k("korea"), a);
  idx.remove(k("troop"), a);
  assert.deepEqual(idx.ranked([k("korea"), k("troop")], [0.5, 0.5], 10).list(), [b]);
  assert.deepEqual(idx.ranked([k("nothing")], [1], 10).list(), []);
});

test("InvertedIndex skips keys shared by too many items", () => {
  const idx = new InvertedIndex<ReturnType<typeof item>>(2);
  const items = [0, 1, 2].map((seq) => item(seq));
  for (const it of items) idx.add(k("common"), it);
  idx.add(k("rare"), items[2]);
  assert.deepEqual(idx.ranked([k("common"), k("rare")], [1, 1], 10).list(), [items[2]]);
});

test("InvertedIndex recycles the places of items that left every key without mixing them up", () => {
  const idx = new InvertedIndex<ReturnType<typeof item<{ name: string }>>>();
  const [shared, other] = [k("shared"), k("other")];
  const old = Array.from({ length: 300 }, (_, i) => item(i, { name: `old${i}` }));
  for (const it of old) idx.add(shared, it);
  idx.add(other, old[0]);
  // All but the first leave: their places are reused by newer items, which must rank by their
  // own sums and ages (equal sums: the older first).
  for (const it of old.slice(1)) idx.remove(shared, it);
  assert.ok(old.slice(1).every((it) => it.slot === -1));
  const young = Array.from({ length: 5 }, (_, i) => item(1000 + i, { name: `new${i}` }));
  for (const it of young) idx.add(shared, it);
  idx.add(other, young[3]);
  assert.deepEqual(
    idx
      .ranked([shared, other], [0.25, 0.5], 10)
      .list()
      .map((x) => x.name),
    ["old0", "new3", "new0", "new1", "new2", "new4"],
  );
  assert.deepEqual(
    idx
      .ranked([other], [1], 1)
      .list()
      .map((x) => x.name),
    ["old0"],
  );
  idx.remove(shared, old[0]);
  idx.remove(other, old[0]);
  assert.equal(old[0].slot, -1);
  assert.deepEqual(
    idx
      .ranked([other, shared], [1, 1], 2)
      .list()
      .map((x) => x.name),
    ["new3", "new0"],
  );
  assert.equal(idx.size, 2);
});

test("MemberIndex gives exact dot products with members sharing a key", () => {
  const idx = new MemberIndex<ReturnType<typeof item>>();
  const m1 = item(1);
  const m2 = item(2);
  // The last argument numbers each member's entries (its place in the member's `slots`).
  idx.add(k("x"), m1, 0.6, 0);
  idx.add(k("y"), m1, 0.8, 1);
  idx.add(k("y"), m2, 1, 0);
  const first = touched(idx, idx.dots([k("x"), k("y")], [0.8, 0.6]));
  assert.deepEqual(
    first.map((t) => t.m),
    [m1, m2],
  );
  assert.ok(Math.abs(first[0].sum - (0.6 * 0.8 + 0.8 * 0.6)) < 1e-12);
  assert.ok(Math.abs(first[1].sum - 0.6) < 1e-12);
  // A later query starts from zero: the sums of the previous one do not leak into it.
  const later = touched(idx, idx.dots([k("x")], [1]));
  assert.deepEqual(
    later.map((t) => t.m),
    [m1],
  );
  assert.ok(Math.abs(later[0].sum - 0.6) < 1e-12);
  idx.remove(k("y"), m2, 0);
  assert.deepEqual(
    touched(idx, idx.dots([k("y")], [1])).map((t) => t.m),
    [m1],
  );
  assert.equal(idx.size, 2);
  idx.remove(k("x"), m1, 0);
  idx.remove(k("y"), m1, 1);
  assert.equal(idx.dots([k("x"), k("y")], [1, 1]), 0);
  assert.equal(idx.size, 0);
  // A member no posting holds leaves the table.
  assert.equal(m1.at, -1);
});

test("MemberIndex removals in any order leave exactly the remaining members and weights", () => {
  const idx = new MemberIndex<ReturnType<typeof item>>();
  const keys = ["red", "green", "blue"].map(k);
  const members = Array.from({ length: 40 }, (_, i) => item(i));
  // Member i holds every key, with weight i + 1 on key j scaled by j + 1.
  for (const m of members) {
    for (let j = 0; j < keys.length; j++) idx.add(keys[j], m, (m.seq + 1) * (j + 1), j);
  }
  const gone = new Set<number>();
  for (const i of [0, 39, 17, 5, 6, 38, 20, 1]) {
    for (let j = 0; j < keys.length; j++) idx.remove(keys[j], members[i], j);
    gone.add(i);
    const got = touched(idx, idx.dots(keys, [1, 1, 1]));
    assert.deepEqual(
      got.map((t) => t.m.seq).sort((x, y) => x - y),
      members.filter((m) => !gone.has(m.seq)).map((m) => m.seq),
    );
    for (const t of got) assert.equal(t.sum, (t.m.seq + 1) * 6);
  }
  // Removing an entry that is not there changes nothing.
  idx.remove(keys[0], members[0], 0);
  assert.equal(idx.dots([keys[0]], [1]), 40 - gone.size);
});

test("TopK keeps the highest scores, ties by age, exactly as a full sort would, reused or new", () => {
  let x = 7;
  // One TopK reused across rounds (reset leaves the last round's entries past its size).
  const reused = new TopK<{ seq: number }>();
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
    const fresh = new TopK<{ seq: number }>(limit);
    reused.reset(limit);
    for (const [item, v] of scores) {
      // `takes` may only turn away what `offer` would turn away.
      const before = reused.list();
      if (!reused.takes(v)) {
        reused.offer(item, v);
        assert.deepEqual(reused.list(), before);
      } else reused.offer(item, v);
      fresh.offer(item, v);
    }
    assert.deepEqual(fresh.list(), want);
    assert.deepEqual(reused.list(), want);
    assert.equal(reused.size, want.length);
  }
});

test("KeyCounts counts holders of each key, few keys or hundreds, and reports a key's first and last", () => {
  const random = seededRandom(3);
  const counts = new KeyCounts();
  const model = new Map<number, number>();
  for (let step = 0; step < 30_000; step++) {
    // Keys spread wide enough to pass the table's threshold and collide in it, then thin out.
    const key = randomInt(random, step < 15_000 ? 400 : 40) * 7;
    const n = model.get(key) ?? 0;
    if (n > 0 && random() < (step < 15_000 ? 0.3 : 0.6)) {
      assert.equal(counts.remove(key), n === 1, `remove ${key} at ${step}`);
      if (n === 1) model.delete(key);
      else model.set(key, n - 1);
    } else {
      assert.equal(counts.add(key), n === 0, `add ${key} at ${step}`);
      model.set(key, n + 1);
    }
    if (step === 15_000) assert.ok(model.size > 64, "the table was in use");
  }
  const sorted = (a: Iterable<number>) => [...a].sort((x, y) => x - y);
  assert.deepEqual(sorted(counts.keys()), sorted(model.keys()));
  for (const [key, n] of model)
    for (let i = 1; i <= n; i++) assert.equal(counts.remove(key), i === n);
  assert.deepEqual([...counts.keys()], []);
});

test("KeyCounts restored from keys and counts answers as the one they came from", () => {
  for (const size of [5, 200]) {
    const ids = Array.from({ length: size }, (_, i) => 3 * i + 1);
    const restored = new KeyCounts();
    restored.load(
      ids,
      ids.map((_, i) => 1 + (i % 3)),
    );
    assert.deepEqual(
      [...restored.keys()].sort((x, y) => x - y),
      ids,
    );
    assert.equal(restored.remove(1), true, "a key held once is gone after one removal");
    assert.equal(restored.remove(4), false, "a key held twice is not");
    assert.equal(restored.add(1), true);
    assert.equal(restored.add(2), true, "a new key");
    assert.equal(restored.add(4), false);
  }
});
