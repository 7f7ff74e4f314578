// `storyline eval` run as a user runs it, on labelled JSON Lines files in a temporary folder.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { scoreClustering } from "../../src/eval/metrics.ts";
import { runCli as run } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "storyline-eval-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const file = (lines: (string | object)[]) => {
  const p = join(dir, `in${n++}.jsonl`);
  writeFileSync(p, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n"));
  return p;
};

const day = (d: number, h: number) => new Date(Date.UTC(2025, 0, d, h)).toISOString();
const labelled = [
  {
    id: "q1",
    cluster: "quake",
    published: day(6, 8),
    title: "Magnitude 7.1 earthquake strikes central Chile",
    text: "A strong earthquake struck central Chile on Monday, killing at least 12 people.",
  },
  {
    id: "q2",
    cluster: "quake",
    published: day(6, 9),
    title: "Chile earthquake kills 12, damages buildings in Santiago",
    text: "At least 12 people died when a magnitude 7.1 earthquake hit central Chile.",
  },
  {
    id: "q3",
    cluster: "quake",
    published: day(6, 11),
    title: "Rescuers search rubble after deadly Chile quake",
    text: "Rescue teams searched collapsed buildings after the Chile earthquake killed 12.",
  },
  {
    id: "e1",
    cluster: "election",
    published: day(7, 8),
    title: "Dutch voters head to the polls in snap election",
    text: "Voters in the Netherlands cast ballots on Tuesday in a snap general election.",
  },
  {
    id: "e2",
    cluster: "election",
    published: day(7, 20),
    title: "Exit poll: Dutch snap election too close to call",
    text: "An exit poll showed the Dutch snap election too close to call on Tuesday night.",
  },
  {
    id: "x1",
    cluster: "zoo",
    published: day(8, 8),
    title: "Panda twins born at Berlin zoo",
    text: "Berlin zoo announced the birth of twin giant pandas on Wednesday.",
  },
];

describe("storyline eval", { concurrency: 2 }, () => {
  test("--json prints exactly the documented keys, and the scores of the clustering", async () => {
    const input = file(labelled);
    const assign = join(dir, "assign.jsonl");
    const [r, c] = await Promise.all([
      run("eval", input, "--json"),
      run("cluster", input, "--out", assign),
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(c.status, 0, c.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), [
      "bcubed",
      "pairwise",
      "nmi",
      "ari",
      "articles",
      "gold_clusters",
      "predicted_clusters",
      "articles_per_second",
    ]);
    assert.deepEqual(Object.keys(out.bcubed), ["precision", "recall", "f1"]);
    assert.deepEqual(Object.keys(out.pairwise), ["precision", "recall", "f1"]);
    assert.equal(out.articles, 6);
    assert.equal(out.gold_clusters, 3);
    assert.ok(out.articles_per_second > 0);
    // eval scores what cluster writes: recompute from the assignment file.
    const pred = new Map<string, string>(
      readFileSync(assign, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l))
        .map((x) => [x.id, x.story]),
    );
    const gold = new Map(labelled.map((a) => [a.id, a.cluster]));
    const expected = scoreClustering(pred, gold);
    assert.deepEqual(out.bcubed, expected.bcubed);
    assert.deepEqual(out.pairwise, expected.pairwise);
    assert.equal(out.nmi, expected.nmi);
    assert.equal(out.ari, expected.ari);
    assert.equal(out.predicted_clusters, expected.predicted_clusters);
  });

  test("the human form shows the engine beside both baselines", async () => {
    const r = await run("eval", file(labelled));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /6 labelled articles in 3 gold stories/);
    assert.match(r.stdout, /^engine /m);
    assert.match(r.stdout, /^\(a\) tf-idf single pass /m);
    // Singletons: BCubed precision 1, recall (1/3 x3 + 1/2 x2 + 1) / 6 = 1/2, six stories.
    assert.match(r.stdout, /^\(b\) singletons\s+1\.000\s+0\.500\s+0\.667\s.*\s6\s+\d+$/m);
    // Every header (prec. ... F1, NMI, ARI, stories, articles/s) ends where its numbers end.
    const lines = r.stdout.split("\n");
    const header = lines.findIndex((l) => l.startsWith("method "));
    const ends = (l: string) => [...l.matchAll(/\S+/g)].map((m) => m.index + m[0].length);
    const headerEnds = ends(lines[header]).slice(1);
    assert.equal(headerEnds.length, 10);
    for (const l of lines.slice(header + 1, header + 4)) {
      assert.deepEqual(ends(l).slice(-10), headerEnds, `misaligned row:\n${lines[header]}\n${l}`);
    }
    // The group titles sit over their columns: BCubed ends before pairwise begins.
    const groups = lines[header - 1];
    assert.ok(
      groups.indexOf("BCubed") < headerEnds[2] && groups.indexOf("pairwise") > headerEnds[2],
    );
  });

  test("bad lines go to stderr with line numbers; the JSON on stdout stays clean", async () => {
    const r = await run("eval", file([labelled[0], "{oops", labelled[1], { id: "n" }]), "--json");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /line 2: not valid JSON/);
    assert.match(r.stderr, /line 4: article "n" has no "title"/);
    assert.equal(JSON.parse(r.stdout).articles, 2);
    const strict = await run("eval", file([labelled[0], "{oops"]), "--strict");
    assert.equal(strict.status, 1);
    assert.equal(strict.stderr.trim().split("\n").length, 1);
  });

  test("a file without labels, or an empty one, is a one-line error", async () => {
    const unlabelled = labelled.map(({ cluster: _, ...rest }) => rest);
    const [a, b, c] = await Promise.all([
      run("eval", file(unlabelled), "--json"),
      run("eval", file([])),
      run("eval", file(labelled), "--jsn"),
    ]);
    assert.equal(a.status, 1);
    assert.match(
      a.stderr.trim(),
      /^storyline eval: .* has no articles with a "cluster" label to score against$/,
    );
    assert.equal(a.stdout, "");
    assert.equal(b.status, 1);
    assert.match(b.stderr.trim(), /has no articles with a "cluster" label/);
    assert.equal(c.status, 2);
    assert.equal(c.stderr, "storyline eval: unknown option --jsn (see storyline eval --help)\n");
  });
});
