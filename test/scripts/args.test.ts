import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { test } from "node:test";

const root = resolve(import.meta.dirname, "../..");

/** Runs a bench/ or scripts/ script with tsx: its exit status and what it wrote. */
function run(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A mistyped flag of a developer script gets one line naming the script and the flag, not a stack
// trace, and the script does nothing (the flag could have changed what it writes).
test("an unknown flag of a script is one line naming it, exit status 2", () => {
  for (const script of ["scripts/eval-dev.ts", "scripts/train-model.ts", "bench/cluster.ts"]) {
    const r = run(script, "--wirte");
    assert.equal(r.status, 2, script);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, `${script}: Unknown option '--wirte' (--help lists the options)\n`);
  }
});

test("a number flag out of range or not a number names the flag and the value", () => {
  const r = run("scripts/errors-dev.ts", "--top", "0");
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'scripts/errors-dev.ts: --top expects an integer >= 1, got "0"\n');
  const seed = run("scripts/eval-headlines.ts", "--seed", "one");
  assert.equal(seed.status, 2);
  assert.equal(
    seed.stderr,
    'scripts/eval-headlines.ts: --seed expects an integer >= 0, got "one"\n',
  );
});

test("a script given the wrong number of arguments says how many it takes", () => {
  const r = run("scripts/build-embeddings.ts");
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    /^scripts\/build-embeddings\.ts: takes 1 argument, got 0 \(usage: .*WINK_EMBEDDINGS\.json.*\)\n$/,
  );
  const extra = run("scripts/eval-dev.ts", "wikinews_small");
  assert.equal(extra.status, 2);
  assert.match(extra.stderr, /^scripts\/eval-dev\.ts: Unexpected argument 'wikinews_small'/);
});

test("--help prints the usage and exits 0", () => {
  const r = run("scripts/label-samples.ts", "--help");
  assert.equal(r.status, 0);
  assert.equal(
    r.stdout,
    "usage: node --import tsx scripts/label-samples.ts [--sets a,b] [--top 30] > labels.txt\n",
  );
});
