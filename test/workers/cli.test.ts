// `storyline worker` argument handling: bad input is one clear line and exit code 2, before any
// connection is attempted.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

const root = join(import.meta.dirname, "../..");
const run = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/storyline.js", "worker", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, STORYLINE_DB: "", STORYLINE_CONFIG: "" },
  });

function oneLineError(r: ReturnType<typeof run>, pattern: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, pattern);
}

test("worker without --role names the roles", () => {
  oneLineError(
    run("--db", "postgres://x@127.0.0.1:1/db"),
    /--role is required \(fetch, cluster, api\)/,
  );
});

test("worker with an unknown role lists the roles", () => {
  oneLineError(run("--role", "bake"), /--role must be one of fetch, cluster, api, got "bake"/);
});

test("worker refuses a SQLite store: workers share PostgreSQL", () => {
  oneLineError(run("--role", "fetch", "--db", "data/storyline.db"), /pass --db postgres:\/\//);
});

test("worker rejects a bad lease and an unknown partition scheme", () => {
  oneLineError(run("--role", "fetch", "--lease", "0"), /--lease must be at least 1/);
  oneLineError(
    run("--role", "cluster", "--partition-by", "region"),
    /--partition-by must be one of language, none/,
  );
});

test("worker --help shows the roles and the flags", () => {
  const r = run("--help");
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--role fetch\|cluster\|api/);
  assert.match(r.stdout, /--lease SECONDS/);
});
