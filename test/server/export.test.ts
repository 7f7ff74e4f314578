// `storyline export --story ID --format text` prints a stored story in the seed's form, through
// the real CLI on a real SQLite store.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { openStore } from "../../src/store/open.ts";
import { addStory, KOREA, STORM } from "./fixture.ts";

const BIN = resolve(import.meta.dirname, "../../bin/storyline.js");
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "storyline-export-"));
  const store = await openStore(join(dir, "storyline.db"));
  await addStory(store, KOREA);
  await addStory(store, STORM);
  await store.close();
});
after(() => rm(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, "export", ...args], {
    encoding: "utf8",
    env: { ...process.env, STORYLINE_DATA: "", STORYLINE_DB: "" },
  });

test("prints the headline, then one lede per article, oldest first", () => {
  const r = cli("--story", "s-korea", "--format", "text", "--data", dir);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines[0], KOREA.headline);
  assert.equal(lines.length, 1 + KOREA.articles.length);
  assert.match(lines[1], /^SEOUL \(Reuters\) - South Korea's military said/);
  assert.match(lines[4], /^WASHINGTON: US President Donald Trump will reach out/);
  const viaDb = cli("--story", "s-storm", "--db", join(dir, "storyline.db"));
  assert.equal(viaDb.status, 0, viaDb.stderr);
  assert.equal(viaDb.stdout.split("\n")[0], STORM.headline);
});

test("an unknown story, a missing store and conflicting flags are one-line errors", () => {
  const unknown = cli("--story", "nope", "--data", dir);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no story "nope"/);
  const missing = cli("--story", "s-korea", "--data", join(dir, "nothing-here"));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no store at/);
  const both = cli("--story", "s-korea", "--data", dir, "--db", "x.db");
  assert.equal(both.status, 2);
  const format = cli("--story", "s-korea", "--data", dir, "--format", "html");
  assert.equal(format.status, 2);
  assert.match(format.stderr, /--format must be one of text/);
});
