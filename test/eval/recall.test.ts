import assert from "node:assert/strict";
import { test } from "node:test";
import { candidateRecall } from "../../src/eval/recall.ts";
import { clusterAll } from "../../src/stories/stream.ts";
import type { ClusterInput } from "../../src/stories/types.ts";

const at = (hour: number) => Date.UTC(2024, 2, 1, hour);

// Gold stories: A (a volcano, three reports), B (a rate rise), C (a later rate rise).
const articles: (ClusterInput & { gold: string })[] = [
  {
    id: "a1",
    title: "Volcano erupts near Grindavik in Iceland",
    text: "Lava flows toward the town of Grindavik after the volcano on the Reykjanes peninsula erupted overnight.",
    gold: "A",
  },
  {
    id: "b1",
    title: "Central bank raises interest rates to fight inflation",
    text: "The central bank lifted its benchmark rate by half a point, citing stubborn inflation.",
    gold: "B",
  },
  {
    id: "a2",
    title: "Iceland volcano eruption threatens Grindavik",
    text: "The eruption on the Reykjanes peninsula sent lava toward Grindavik, where residents were evacuated.",
    gold: "A",
  },
  // Of story A, but sharing no word with it: its story cannot be retrieved.
  {
    id: "a3",
    title: "Insurers brace for claims",
    text: "Homeowners wait for payouts after a difficult week.",
    gold: "A",
  },
  // The first report of C, worded like B's: it joins B (a false merge).
  {
    id: "c1",
    title: "Central bank raises interest rates again to fight inflation",
    text: "The central bank lifted its benchmark rate by another half point, citing stubborn inflation.",
    gold: "C",
  },
].map((a, i) => ({ ...a, source: `Outlet ${i}`, published: at(i + 1), lang: "en" }));
const input: ClusterInput[] = articles.map(({ gold: _, ...a }) => a);
const gold = new Map(articles.map((a) => [a.id, a.gold]));

test("candidate recall: where each article whose gold story was live lost it, and what first reports did", () => {
  const r = candidateRecall(input, gold);
  assert.deepEqual(r, {
    articles: 5,
    // a2 and a3 (a1's story was live for both).
    joinable: 2,
    // a2 found its story; a3 shares nothing with it.
    retrieved: 1,
    scored: 1,
    chosen: 1,
    joinedOther: 0,
    founded: 1,
    foundedBestJoinable: 0,
    // a1 and b1 founded their stories; c1 joined B's.
    firstFounded: 2,
    firstJoined: 1,
  });
});

test("observing the candidates changes no decision", () => {
  const plain = clusterAll(input);
  const seen: string[] = [];
  const observed = clusterAll(input, { observe: (_, r) => seen.push(r.articleId) });
  assert.deepEqual(observed, plain);
  // Every article's own decision is observed once, in stream order.
  assert.deepEqual(seen, ["a1", "b1", "a2", "a3", "c1"]);
  assert.equal(plain.find((a) => a.articleId === "c1")?.storyId, plain[1].storyId);
});
