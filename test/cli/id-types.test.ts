// The batch commands hand ids back as the input wrote them, so outputs join back on the same
// JSON values; label also labels a group whose articles have text but no title.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCli as run } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "storyline-cli-ids-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, rows: object[]) => {
  const p = join(dir, name);
  writeFileSync(p, rows.map((r) => JSON.stringify(r)).join("\n"));
  return p;
};
const read = (p: string) =>
  readFileSync(p, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l));

test("cluster keeps numeric ids numbers in both outputs; export reads them back", async () => {
  const input = write("articles.jsonl", [
    {
      id: 5,
      title: "Flood waters rise in Valencia",
      text: "Rivers burst their banks.",
      published: "2026-03-01T10:00:00Z",
    },
    {
      id: "b",
      title: "Valencia flood waters keep rising",
      text: "More rain.",
      published: "2026-03-01T10:01:00Z",
    },
  ]);
  const assign = join(dir, "assign.jsonl");
  const stories = join(dir, "stories.jsonl");
  const r = await run("cluster", input, "--out", assign, "--stories", stories);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    read(assign).map((a) => a.id),
    [5, "b"],
  );
  const ids = read(stories).flatMap((s) => s.articles);
  assert.ok(ids.includes(5) && !ids.includes("5"), JSON.stringify(ids));
  const e = await run("export", stories, assign, input);
  assert.equal(e.status, 0, e.stderr);
  assert.equal(e.stderr, "");
  assert.match(e.stdout, /Rivers burst their banks\./);
});

test("label keeps the cluster's JSON type, labels title-less articles from their lede, counts in words", async () => {
  const input = write("groups.jsonl", [
    { cluster: 3, articles: [{ title: "Ceasefire agreed in the north", text: "Talks ended." }] },
    {
      cluster: "x",
      articles: [{ text: "Parliament passed the budget late on Tuesday. Opposition walked out." }],
    },
  ]);
  const out = join(dir, "labels.jsonl");
  const r = await run("label", input, "--out", out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `labelled 2 groups; wrote ${out}\n`);
  assert.equal(r.stderr, "");
  const rows = read(out);
  assert.equal(rows[0].cluster, 3);
  assert.equal(rows[1].cluster, "x");
  assert.match(rows[1].headline, /^Parliament passed the budget/);
  const one = await run(
    "label",
    write("one.jsonl", [{ cluster: 1, articles: [{ title: "A" }] }]),
    "--out",
    out,
  );
  assert.equal(one.stdout, `labelled 1 group; wrote ${out}\n`);
  const empty = await run(
    "label",
    write("empty.jsonl", [{ cluster: 7, articles: [{ title: " ", text: "" }] }]),
    "--out",
    out,
  );
  assert.match(empty.stderr, /line 1: group "7" has no article with a "title" or "text"; skipped/);
});
