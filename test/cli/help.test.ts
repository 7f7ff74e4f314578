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
