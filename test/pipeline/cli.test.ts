import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { evaluate } from "../../src/eval/evaluate.ts";
import { clusterAll } from "../../src/stories/stream.ts";
import { makeStream, writeStreamJsonl } from "./fixtures.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/storyline.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, STORYLINE_LOG_LEVEL: "silent" },
  });

test("storyline feeds: add, import, list, export, remove against the store", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "storyline-feeds-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const data = ["--data", dir];
  assert.match(
    run("feeds", "add", "https://example.org/feed.xml", "--category", "World/Asia", ...data).stdout,
    /added feed 1/,
  );
  const bad = run("feeds", "add", "javascript:alert(1)", ...data);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split("\n").length, 1);
  const list = join(dir, "list.txt");
  writeFileSync(list, "https://a.example/rss News\nhttps://example.org/feed.xml\n");
  assert.match(run("feeds", "import", list, ...data).stdout, /1 added, 1 already there/);
  const feeds = JSON.parse(run("feeds", "list", "--json", ...data).stdout);
  assert.deepEqual(
    feeds.map((f: { url: string }) => f.url),
    ["https://example.org/feed.xml", "https://a.example/rss"],
  );
  const opml = run("feeds", "export", ...data).stdout;
  assert.match(
    opml,
    /<outline text="Asia"[^>]*>\s*<outline [^>]*xmlUrl="https:\/\/example.org\/feed.xml"/,
  );
  assert.match(run("feeds", "remove", "2", ...data).stdout, /removed feed 2/);
});

test("storyline replay --json prints eval's scores for the live run", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "storyline-replay-cli-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "stream.jsonl");
  writeStreamJsonl(file);
  const r = run("replay", file, "--speed", "50000", "--json", "--data", join(dir, "data"));
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (const k of [
    "bcubed",
    "pairwise",
    "nmi",
    "ari",
    "articles",
    "gold_clusters",
    "predicted_clusters",
    "articles_per_second",
  ]) {
    assert.ok(k in out, k);
  }
  assert.equal(out.articles, 15);
  assert.equal(out.gold_clusters, 4);
  assert.equal(out.replay.stored, 15);
  // The same stories as batch clustering of the file, within the live-order tolerance.
  const batch = evaluate(makeStream(), (input) => clusterAll(input)).scores;
  assert.ok(
    Math.abs(out.bcubed.f1 - batch.bcubed.f1) <= 0.02,
    `${out.bcubed.f1} vs ${batch.bcubed.f1}`,
  );
  // The kept store cannot be replayed into again.
  const again = run("replay", file, "--data", join(dir, "data"));
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already holds 15 articles/);
});
