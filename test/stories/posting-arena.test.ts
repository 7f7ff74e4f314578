import assert from "node:assert/strict";
import { test } from "node:test";
import { randomInt, seededRandom } from "../../src/eval/random.ts";
import { PostingArena } from "../../src/stories/posting-arena.ts";

/** A key's entries as written (each `width` 32-bit words), read back from the arena. */
function read(arena: PostingArena, key: number): number[][] {
  const out: number[][] = [];
  const start = arena.start(key);
  for (let i = 0; i < arena.length(key); i++) {
    const at = start + arena.width * i;
    out.push(Array.from(arena.ints.subarray(at, at + arena.width)));
  }
  return out;
}

/** Appends an entry as the indexes do: push, then write its words. */
function append(arena: PostingArena, key: number, entry: number[]): void {
  const at = arena.push(key);
  arena.ints.set(entry, at);
}

/** Removes entry `i` as the indexes do: the last entry fills its place, then pop. */
function removeAt(arena: PostingArena, key: number, i: number): void {
  const start = arena.start(key);
  const last = start + arena.width * (arena.length(key) - 1);
  arena.ints.copyWithin(start + arena.width * i, last, last + arena.width);
  arena.pop(key);
}

/** A member-index entry: two integers, then a double at the entry's third word (width 4). */
type Mixed = [number, number, number];

function readMixed(arena: PostingArena, key: number): Mixed[] {
  const start = arena.start(key);
  return Array.from({ length: arena.length(key) }, (_, i) => {
    const at = start + 4 * i;
    return [arena.ints[at], arena.ints[at + 1], arena.nums[(at + 2) >> 1]];
  });
}

function appendMixed(arena: PostingArena, key: number, [a, b, x]: Mixed): void {
  const at = arena.push(key);
  arena.ints[at] = a;
  arena.ints[at + 1] = b;
  arena.nums[(at + 2) >> 1] = x;
}

test("PostingArena keeps every key's entries through random adds and removals", () => {
  const random = seededRandom(7);
  // The member index's layout: the doubles must come through every move of a block intact.
  const arena = new PostingArena(4);
  const model = new Map<number, Mixed[]>();
  let next = 0;
  for (let step = 0; step < 20_000; step++) {
    // Few keys, some grown to hundreds of entries: blocks move up and down the size classes.
    const key = randomInt(random, 40) * randomInt(random, 3);
    const entries = model.get(key) ?? [];
    if (entries.length > 0 && random() < 0.45) {
      const i = randomInt(random, entries.length);
      removeAt(arena, key, i);
      entries[i] = entries[entries.length - 1];
      entries.pop();
    } else {
      const entry: Mixed = [next, -next, next / 3];
      next++;
      appendMixed(arena, key, entry);
      entries.push(entry);
    }
    model.set(key, entries);
  }
  let held = 0;
  for (const [key, entries] of model) {
    assert.deepEqual(readMixed(arena, key), entries, `key ${key}`);
    if (entries.length > 0) held++;
  }
  assert.equal(arena.size, held);
  assert.equal(arena.length(1_000_000), 0, "a key never seen holds nothing");
});

test("PostingArena reuses freed blocks: filling and emptying again does not grow it", () => {
  const arena = new PostingArena(1);
  const cycle = () => {
    for (let key = 0; key < 50; key++) for (let i = 0; i <= key; i++) append(arena, key, [i]);
    for (let key = 0; key < 50; key++) for (let i = key; i >= 0; i--) removeAt(arena, key, i);
  };
  cycle();
  const size = arena.ints.length;
  for (let round = 0; round < 20; round++) cycle();
  assert.equal(arena.size, 0);
  assert.equal(arena.ints.length, size);
});

test("PostingArena fill sets a restored posting at once and refuses a key already held", () => {
  const arena = new PostingArena(2);
  const start = arena.fill(5, 3);
  arena.ints.set([1, 2, 3, 4, 5, 6], start);
  assert.deepEqual(read(arena, 5), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  append(arena, 5, [7, 8]);
  append(arena, 5, [9, 10]);
  assert.equal(arena.length(5), 5);
  assert.deepEqual(read(arena, 5).at(-1), [9, 10]);
  assert.throws(() => arena.fill(5, 1), /key 5 is already indexed/);
  assert.equal(arena.size, 1);
});

test("PostingArena gives memory back when most of its postings empty, keeping the rest (doubles included) intact", () => {
  const arena = new PostingArena(4);
  for (let key = 0; key < 8000; key++) {
    for (let i = 0; i < 10; i++) appendMixed(arena, key, [key, i, key / 7]);
  }
  const busy = arena.ints.length;
  for (let key = 0; key < 8000; key++) {
    if (key % 20 !== 0) for (let i = 9; i >= 0; i--) removeAt(arena, key, i);
  }
  assert.ok(arena.ints.length <= busy / 4, `${arena.ints.length} words left of ${busy}`);
  assert.equal(arena.size, 400);
  for (let key = 0; key < 8000; key++) {
    const want =
      key % 20 === 0 ? Array.from({ length: 10 }, (_, i): Mixed => [key, i, key / 7]) : [];
    assert.deepEqual(readMixed(arena, key), want, `key ${key}`);
  }
  // Busy again: the kept postings grow on as before.
  for (let key = 0; key < 8000; key += 20) appendMixed(arena, key, [key, 10, key / 7]);
  assert.deepEqual(readMixed(arena, 40).at(-1), [40, 10, 40 / 7]);
  assert.equal(arena.length(40), 11);
});
