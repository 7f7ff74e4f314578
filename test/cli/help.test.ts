import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

const run = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/storyline.js", ...args], { encoding: "utf8" });

test("storyline --help lists the commands and exits 0", () => {
  const r = run("--help");
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Usage: storyline <command>/);
});

test("an unknown command is one line on stderr and exit code 2", () => {
  const r = run("frobnicate");
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split("\n").length, 1);
  assert.match(r.stderr, /unknown command "frobnicate"/);
});

test("storyline help COMMAND prints that command's usage, like COMMAND --help", () => {
  const r = run("help", "cluster");
  assert.equal(r.status, 0);
  assert.equal(r.stdout, run("cluster", "--help").stdout);
  assert.match(r.stdout, /^Usage: storyline cluster FILE\.jsonl/);
  const bad = run("help", "frobnicate");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown command "frobnicate"/);
});
