// The seed: one story as a reader sees it (headline, then ledes). With its twelve lines as twelve
// articles (title = the line, no text, no time), the headline and the three "more North Korean
// troops for Russia" ledes (lines 1, 3, 7 and 8) must share a story.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { clusterAll } from "../../src/stories/stream.ts";
import { sharedFile, skipWithoutShared } from "../helpers/shared.ts";

const SEED = "seed/000_8763abbf445da859.txt";

test("seed smoke test: the troops lines share a story", { skip: skipWithoutShared(SEED) }, () => {
  const lines = readFileSync(sharedFile(SEED)!, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  assert.equal(lines.length, 12);
  const out = clusterAll(lines.map((title, i) => ({ id: `line-${i + 1}`, title, text: "" })));
  const story = (n: number) => out.find((a) => a.articleId === `line-${n}`)!.storyId;
  for (const n of [3, 7, 8]) assert.equal(story(n), story(1), `line ${n} with line 1`);
});
