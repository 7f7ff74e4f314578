// The front-page rank: each part moves the score the way a reader expects, deterministically.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compareRanked, type RankInput, rankStory } from "../../src/stories/rank.ts";

const NOW = Date.parse("2025-01-28T12:00:00Z");
const H = 3600_000;
const base: RankInput = {
  articles: 5,
  outlets: 3,
  countries: 2,
  lastSeen: NOW - H,
  outletTimes: [NOW - 20 * H, NOW - 10 * H, NOW - H],
};

test("parts are in [0, 1] and the score is their weighted sum", () => {
  const r = rankStory(base, NOW);
  for (const v of Object.values(r.parts)) assert.ok(v >= 0 && v <= 1);
  const sum =
    0.25 * r.parts.size + 0.3 * r.parts.diversity + 0.2 * r.parts.velocity + 0.25 * r.parts.recency;
  assert.ok(Math.abs(sum - r.score) < 1e-5);
});

test("more articles, more outlets, more countries, faster and fresher all rank higher", () => {
  const s = rankStory(base, NOW).score;
  assert.ok(rankStory({ ...base, articles: 20 }, NOW).score > s);
  assert.ok(rankStory({ ...base, outlets: 9 }, NOW).score > s);
  assert.ok(rankStory({ ...base, countries: 5 }, NOW).score > s);
  assert.ok(
    rankStory({ ...base, outletTimes: [NOW - 3 * H, NOW - 2 * H, NOW - H] }, NOW).score > s,
  );
  assert.ok(rankStory({ ...base, lastSeen: NOW - 40 * H }, NOW).score < s);
});

test("recency halves every 12 hours; velocity only counts outlets in the last 6 hours", () => {
  assert.equal(rankStory({ ...base, lastSeen: NOW }, NOW).parts.recency, 1);
  assert.equal(rankStory({ ...base, lastSeen: NOW - 12 * H }, NOW).parts.recency, 0.5);
  assert.equal(
    rankStory({ ...base, outletTimes: [NOW - 7 * H, NOW - 5 * H] }, NOW).parts.velocity,
    0.2,
  );
  // Outlets "from the future" (clock skew) do not count.
  assert.equal(rankStory({ ...base, outletTimes: [NOW + H] }, NOW).parts.velocity, 0);
});

test("deterministic given now, and compareRanked is a total order", () => {
  assert.deepEqual(rankStory(base, NOW), rankStory(base, NOW));
  const items = [
    { id: "b", score: 0.5, lastSeen: 1 },
    { id: "a", score: 0.5, lastSeen: 1 },
    { id: "c", score: 0.5, lastSeen: 2 },
    { id: "d", score: 0.9, lastSeen: 0 },
  ];
  assert.deepEqual(
    items.sort(compareRanked).map((i) => i.id),
    ["d", "c", "a", "b"],
  );
});
