import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { START_FLAGS } from "../../src/cli/heap.ts";

// V8 lays out the heap when the process starts, so these flags work only on node's command line:
// every way a user starts storyline must carry them.

test("the storyline command and npm start run node with the heap's start flags", () => {
  const shebang = readFileSync("bin/storyline.js", "utf8").split("\n")[0];
  const start = JSON.parse(readFileSync("package.json", "utf8")).scripts.start as string;
  for (const flag of START_FLAGS) {
    assert.ok(shebang.split(" ").includes(flag), `bin/storyline.js's first line lacks ${flag}`);
    assert.ok(start.split(" ").includes(flag), `npm start lacks ${flag}`);
  }
});

test("bin/storyline.js runs as a program through its first line", () => {
  // As npx and an installed command run it: the file itself, not `node FILE` (node refuses a
  // flag it does not know, so this also checks that the first line's flags are valid).
  const r = spawnSync("bin/storyline.js", ["--help"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Usage: storyline <command>/);
});
