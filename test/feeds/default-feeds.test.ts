import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { feedCategory, parseOpml } from "../../src/feeds/opml.ts";
import { sharedFile, skipWithoutShared } from "../helpers/shared.ts";

const shipped = join(import.meta.dirname, "../../src/feeds/default-feeds.opml");

test("the default feed list has about 150 distinct http(s) feeds, filed in nested categories", async () => {
  const doc = parseOpml(await readFile(shipped, "utf8"));
  assert.ok(doc.feeds.length >= 140 && doc.feeds.length <= 160, `${doc.feeds.length} feeds`);
  const urls = doc.feeds.map((f) => f.xmlUrl);
  assert.equal(new Set(urls).size, urls.length, "no feed twice");
  for (const u of urls) assert.match(u, /^https?:\/\//);
  const categories = new Set(doc.feeds.map((f) => feedCategory(f)));
  for (const c of [
    "World/Europe/UK",
    "World/Asia/Japan",
    "World/Africa/Nigeria",
    "Science/Climate",
    "Technology/AI",
  ]) {
    assert.ok(categories.has(c), `has ${c}`);
  }
  const hosts = new Set(urls.map((u) => new URL(u).host));
  assert.ok(hosts.size >= 90, `spread over ${hosts.size} hosts`);
});

test("every default feed is a real URL from the shared feed list", {
  skip: skipWithoutShared("feeds/categories.json"),
}, async () => {
  const categories = JSON.parse(
    await readFile(sharedFile("feeds/categories.json")!, "utf8"),
  ) as Record<string, { feeds: string[] }>;
  const known = new Set(Object.values(categories).flatMap((c) => c.feeds));
  const doc = parseOpml(await readFile(shipped, "utf8"));
  for (const f of doc.feeds) assert.ok(known.has(f.xmlUrl), f.xmlUrl);
});

test("scripts/make-default-feeds.ts reproduces the shipped file byte for byte", {
  skip: skipWithoutShared("feeds/outlets.jsonl"),
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "storyline-default-feeds-"));
  try {
    const out = join(dir, "feeds.opml");
    const dataDir = join(sharedFile("feeds/categories.json")!, "..");
    await promisify(execFile)(process.execPath, [
      "--import",
      "tsx",
      "scripts/make-default-feeds.ts",
      dataDir,
      out,
    ]);
    assert.equal(await readFile(out, "utf8"), await readFile(shipped, "utf8"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
