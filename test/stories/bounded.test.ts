// A story that never goes quiet must not grow the clusterer's memory without bound.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KEEP_MEMBERS, StreamClusterer } from "../../src/stories/cluster.ts";
import { CENTROID_TERMS, Centroid } from "../../src/stories/features.ts";
import { Vocab } from "../../src/stories/vocab.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 20);

test("a story that keeps growing keeps its latest members one by one and stays one story", () => {
  const c = new StreamClusterer();
  const n = KEEP_MEMBERS + 150;
  const stories = new Set<string>();
  // One running story: a new article every hour for longer than the window, so it never expires.
  for (let i = 0; i < n; i++) {
    const a = c.add({
      id: `war-${i}`,
      title: `Volcano eruption near Grindavik forces evacuation, update ${i}`,
      text: "Lava from the Iceland volcano reached the outskirts of Grindavik overnight.",
      source: null,
      published: T0 + i * HOUR,
    });
    stories.add(a.storyId);
  }
  assert.equal(stories.size, 1);
  const [story] = stories;
  const members = c.members(story);
  assert.equal(members.length, KEEP_MEMBERS);
  assert.equal(members.at(-1), `war-${n - 1}`);
  // The oldest members are forgotten one by one; the story itself is live and keeps taking members.
  assert.equal(c.storyOf("war-1"), null);
  assert.equal(c.storyOf(`war-${n - 1}`), story);
  assert.equal(c.liveStories, 1);
  assert.notEqual(c.explain(`war-${n - 1}`), null);
  // Corrections still work on the kept members.
  const part = c.split(story, [`war-${n - 2}`, `war-${n - 1}`]);
  assert.deepEqual(c.members(part), [`war-${n - 2}`, `war-${n - 1}`]);
  assert.equal(c.members(story).length, KEEP_MEMBERS - 2);
  c.move(`war-${n - 3}`, part);
  assert.equal(c.storyOf(`war-${n - 3}`), part);
});

test("a centroid past its term limit keeps its heaviest terms and a consistent norm", () => {
  const vocab = new Vocab();
  const c = new Centroid();
  const heavy = vocab.intern({ keys: ["volcano", "lava"], vals: [0.8, 0.6] });
  for (let i = 0; i < 10; i++) c.add(heavy);
  // Many one-off rare words, each seen once.
  for (let i = 0; i < CENTROID_TERMS * 2; i++)
    c.add(vocab.intern({ keys: [`rare${i}`], vals: [0.1] }));
  assert.ok(c.size <= CENTROID_TERMS);
  const [volcano, lava] = heavy.ids;
  assert.ok(Math.abs(c.get(volcano) - 8) < 1e-9);
  // The cosine with the heavy vector matches one computed from the kept terms alone.
  let norm2 = 0;
  for (const id of c.termIds) norm2 += c.get(id) ** 2;
  const want = (0.8 * c.get(volcano) + 0.6 * c.get(lava)) / Math.sqrt(norm2);
  assert.ok(Math.abs(c.cosine(heavy) - want) < 1e-9);
});
