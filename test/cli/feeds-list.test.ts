// storyline feeds list: what a user reads about each feed, times with their zone.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openStore } from "../../src/store/open.ts";
import { runCli as run } from "../helpers/cli.ts";

test("feeds list says its times are UTC", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "storyline-feeds-list-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openStore(join(dir, "storyline.db"));
  const feed = await store.addFeed({ url: "https://example.org/feed.xml", title: "Example" });
  await store.updateFeed(feed.id, {
    lastAttemptAt: Date.parse("2025-01-28T12:00:00Z"),
    lastSuccessAt: Date.parse("2025-01-28T12:00:00Z"),
    lastStatus: 200,
    itemsSeen: 7,
  });
  await store.close();
  const r = await run("feeds", "list", "--data", dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Example · last success 2025-01-28 12:00 UTC · 7 items · ok\n/);
});
