#!/usr/bin/env node
// Runs every test/**/*.test.ts file (or the files and folders given) with Node's own test runner (Node 20 does not expand globs).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return find(p);
    return e.name.endsWith(".test.ts") ? [p] : [];
  });
}

// Arguments may name test files or folders (a folder means every test file under it).
const only = process.argv.slice(2);
const files = (only.length > 0 ? only : ["test"]).flatMap((p) =>
  statSync(p).isDirectory() ? find(p).sort() : [p],
);
const r = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  { stdio: "inherit" },
);
process.exit(r.status ?? 1);
