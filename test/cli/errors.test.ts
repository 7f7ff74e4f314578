// Mistakes a user makes on the command line get one line that names the real problem, not a
// Node error code or a temporary file name.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCli as run } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "storyline-cli-errors-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const input = join(dir, "in.jsonl");
writeFileSync(
  input,
  `${JSON.stringify({ id: "a", title: "Troops cross the border", text: "" })}\n`,
);

test("an output in a folder that does not exist names the folder, not a temporary file", async () => {
  const out = join(dir, "missing", "x.jsonl");
  const r = await run("cluster", input, "--out", out);
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr,
    `storyline cluster: cannot write ${out}: folder ${join(dir, "missing")} does not exist\n`,
  );
  const l = await run("label", input, "--out", out);
  assert.equal(l.status, 1);
  assert.doesNotMatch(l.stderr, /\.tmp/);
  assert.match(l.stderr, /folder .*missing does not exist/);
  assert.deepEqual(readdirSync(dir), ["in.jsonl"], "nothing left behind");
});

test("a directory given as input or output is named as one", async () => {
  const r = await run("cluster", dir, "--out", join(dir, "x.jsonl"));
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `storyline cluster: ${dir} is a directory, not a JSON Lines file\n`);
  const e = await run("eval", dir);
  assert.equal(e.stderr, `storyline eval: ${dir} is a directory, not a JSON Lines file\n`);
  const l = await run("label", dir, "--out", join(dir, "x.jsonl"));
  assert.equal(l.stderr, `storyline label: ${dir} is a directory, not a JSON Lines file\n`);
  const o = await run("cluster", input, "--out", dir);
  assert.equal(o.status, 1);
  assert.equal(o.stderr, `storyline cluster: cannot write ${dir}: it is a directory\n`);
  assert.equal(existsSync(join(dir, "x.jsonl")), false);
});

test("feeds remove with a non-number says the feed id must be a number, and touches no store", async () => {
  const data = join(dir, "data");
  const r = await run("feeds", "remove", "abc", "--data", data);
  assert.equal(r.status, 2);
  assert.equal(
    r.stderr,
    'storyline feeds: the feed id must be a number (as feeds list shows it), got "abc"\n',
  );
  assert.equal(existsSync(data), false);
});

test("feeds list on a data folder that does not exist says so and creates nothing", async () => {
  const data = join(dir, "no-such-data");
  const r = await run("feeds", "list", "--data", data);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `storyline feeds: data folder ${data} does not exist (no feeds there)\n`);
  assert.equal(existsSync(data), false);
});

test("feeds add warns on one line when polling will refuse a private address", async () => {
  const data = join(dir, "data-private");
  const r = await run("feeds", "add", "http://127.0.0.1/x", "--data", data);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "added feed 1 http://127.0.0.1/x\n");
  assert.match(
    r.stderr,
    /^storyline feeds: warning: polling will skip this feed: .*127\.0\.0\.1.*loopback.*allowPrivate.*\n$/,
  );
  const allowed = await new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      ["bin/storyline.js", "feeds", "add", "http://10.0.0.5/y", "--data", data],
      { env: { ...process.env, STORYLINE_ALLOW_PRIVATE: "true" } },
      (_err, _stdout, stderr) => resolve(stderr),
    );
  });
  assert.equal(allowed, "");
  const pub = await run("feeds", "add", "https://example.com/feed", "--data", data);
  assert.equal(pub.stderr, "");
});

test("feeds import of a directory names it instead of EISDIR", async () => {
  const data = join(dir, "data-import");
  const r = await run("feeds", "import", dir, "--data", data);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `storyline feeds: ${dir} is a directory, not an OPML file or URL list\n`);
  assert.equal(existsSync(data), false);
});

test("a negative number after a flag is not called a flag that takes no value", async () => {
  const r = await run("replay", input, "--speed", "-5");
  assert.equal(r.status, 2);
  assert.equal(
    r.stderr,
    'storyline replay: option --speed needs a value ("-5" looks like an option; write --speed=-5 if it is the value) (see storyline replay --help)\n',
  );
  const w = await run("replay", input, "--speed=-5");
  assert.equal(w.status, 2);
  assert.equal(w.stderr, "storyline replay: --speed must be at least 0.001, got -5\n");
  const b = await run("replay", input, "--json=yes");
  assert.equal(
    b.stderr,
    "storyline replay: option --json takes no value (see storyline replay --help)\n",
  );
});
