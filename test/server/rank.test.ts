// The front-page rank: each part moves the score the way a reader expects, deterministically.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compareRanked, type RankInput, rankBound, rankStory } from "../../src/stories/rank.ts";

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

test("rankBound from the record alone is never below the exact score", () => {
  // Every combination of counts consistent with a record (outlets, countries and outlet first
  // times come from the article rows), including last articles in the future (clock skew).
  for (const articles of [1, 2, 3, 7, 20, 60])
    for (const outlets of [1, 2, 5, 20].filter((o) => o <= articles))
      for (const countries of [0, 1, Math.min(outlets, 5)].filter((c) => c <= outlets))
        for (const lastSeen of [NOW + H, NOW, NOW - 2 * H, NOW - 7 * H, NOW - 50 * H]) {
          const outletTimes = Array.from(
            { length: outlets },
            (_, i) => lastSeen - (i * 3 * H) / outlets,
          );
          const exact = rankStory({ articles, outlets, countries, lastSeen, outletTimes }, NOW);
          const bound = rankBound({ articles, outlets, lastSeen }, NOW);
          assert.ok(bound >= exact.score, `${articles}/${outlets}/${countries}/${lastSeen}`);
        }
  // The bound separates: an old one-article story cannot reach a big fresh story's score.
  const big = rankStory({ ...base, articles: 40, outlets: 15, countries: 5 }, NOW).score;
  assert.ok(rankBound({ articles: 1, outlets: 1, lastSeen: NOW - 30 * H }, NOW) < big);
});
