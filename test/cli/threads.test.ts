// Analysis in worker threads (src/cli/analyse-pool.ts) changes nothing a user sees but the speed:
// the pooled and inline runs write byte-identical files, a failing thread stops the run with one
// line, and no thread outlives its run.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { AnalysePool, BATCH } from "../../src/cli/analyse-pool.ts";
import { packAnalyses, unpackAnalyses } from "../../src/cli/analysis-batch.ts";
import { engineInput } from "../../src/eval/evaluate.ts";
import { syntheticStream } from "../../src/eval/synthetic.ts";
import { StreamClusterer } from "../../src/stories/cluster.ts";
import { analyse } from "../../src/stories/features.ts";
import type { ClusterInput } from "../../src/stories/types.ts";
import { runCli } from "../helpers/cli.ts";
import { sharedFile, skipWithoutShared } from "../helpers/shared.ts";

const dir = mkdtempSync(join(tmpdir(), "storyline-threads-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const DEV = "dev/allsides_2021_dev_articles.jsonl";

/** 400 labelled synthetic articles with a line that is not JSON at line 301. */
const LABELLED = join(dir, "labelled.jsonl");
const lines = [...syntheticStream({ articles: 400, seed: 4 })].map((a, i) =>
  JSON.stringify({
    id: `g${i}`,
    title: a.title,
    text: a.text,
    published: new Date(a.published!).toISOString(),
    cluster: a.cluster,
  }),
);
writeFileSync(LABELLED, [...lines.slice(0, 300), "{not json", ...lines.slice(300)].join("\n"));

test("cluster writes the same bytes with two analysis threads as inline", {
  skip: skipWithoutShared(DEV),
}, async () => {
  const input = sharedFile(DEV)!;
  const runs = await Promise.all(
    ["0", "2"].map(async (threads) => {
      const out = join(dir, `assign-${threads}.jsonl`);
      const stories = join(dir, `stories-${threads}.jsonl`);
      const r = await runCli(
        "cluster",
        input,
        "--out",
        out,
        "--stories",
        stories,
        "--threads",
        threads,
      );
      assert.equal(r.status, 0, r.stderr);
      return [readFileSync(out, "utf8"), readFileSync(stories, "utf8")];
    }),
  );
  assert.ok(runs[0][0].split("\n").length > 4 * BATCH, "the set spans several batches");
  assert.equal(runs[1][0], runs[0][0]);
  assert.equal(runs[1][1], runs[0][1]);
});

test("eval scores the same with and without an analysis thread", async () => {
  const [inline, pooled] = await Promise.all(
    ["0", "1"].map((threads) => runCli("eval", LABELLED, "--json", "--threads", threads)),
  );
  assert.equal(pooled.status, 0, pooled.stderr);
  const scores = (s: string) => {
    const { articles_per_second, ...rest } = JSON.parse(s);
    assert.ok(articles_per_second > 0);
    return rest;
  };
  assert.equal(scores(pooled.stdout).articles, 400);
  assert.deepEqual(scores(pooled.stdout), scores(inline.stdout));
});

/**
 * Every article of `articles` through a pool of `threads`, as the batch commands add them, and
 * the kinds of its batches in order ("a": analysed on this thread, "w": weighed by the threads).
 */
async function pooled(articles: ClusterInput[], threads: number, claim: boolean) {
  const clusterer = new StreamClusterer();
  const got = [];
  let kinds = "";
  const pool = new AnalysePool(threads, claim);
  try {
    for await (const batch of pool.analysed(articles)) {
      if (batch.kind === "analysed")
        for (const an of batch.items) got.push(clusterer.addAnalysed(an));
      else for (const w of batch.items) got.push(clusterer.addWeighed(w));
      kinds += batch.kind === "analysed" ? "a" : "w";
    }
  } finally {
    await pool.close();
  }
  return { got, kinds };
}

test("a synthetic stream analysed and weighed by one, two or three threads is assigned exactly as article by article", async () => {
  const articles = [...syntheticStream({ articles: 3000, seed: 11, days: 5 })].map((a) =>
    engineInput(a),
  );
  const direct = new StreamClusterer();
  const expected = articles.map((a) => direct.add(a));
  const batches = Math.ceil(articles.length / BATCH);
  for (const threads of [1, 2, 3]) {
    // Every batch weighed by the threads.
    const waited = await pooled(articles, threads, false);
    assert.equal(waited.kinds, "w".repeat(batches));
    assert.deepEqual(waited.got, expected, `${threads} thread(s)`);
    // The calling thread analyses (and weighs) batches while the threads start: a prefix.
    const { got, kinds } = await pooled(articles, threads, true);
    assert.match(kinds, /^a*w*$/);
    assert.equal(kinds.length, batches);
    assert.deepEqual(got, expected, `${threads} thread(s), batches ${kinds}`);
  }
});

test("the calling thread's batches, then the threads', assign as article by article", async () => {
  // The consumer takes its time over the first batch (which it analysed itself while the thread
  // started), so that the thread takes on the next ones: the thread counts the first batch
  // without weighing it, then weighs the rest. Whatever the timing, the assignments are the same.
  const articles = [...syntheticStream({ articles: 2000, seed: 12, days: 4 })].map((a) =>
    engineInput(a),
  );
  const direct = new StreamClusterer();
  const expected = articles.map((a) => direct.add(a));
  const clusterer = new StreamClusterer();
  const got = [];
  const pool = new AnalysePool(1);
  let first = true;
  try {
    for await (const batch of pool.analysed(articles)) {
      if (batch.kind === "analysed")
        for (const an of batch.items) got.push(clusterer.addAnalysed(an));
      else for (const w of batch.items) got.push(clusterer.addWeighed(w));
      if (first) await new Promise((resolve) => setTimeout(resolve, 1500));
      first = false;
    }
  } finally {
    await pool.close();
  }
  assert.deepEqual(got, expected);
});

test("an article that cannot be analysed fails the run with one line naming it", async () => {
  const articles: ClusterInput[] = [...syntheticStream({ articles: 2 * BATCH, seed: 2 })].map((a) =>
    engineInput(a),
  );
  articles.splice(BATCH + 3, 0, { id: "broken", title: 42 as unknown as string, text: "" });
  const pool = new AnalysePool(1);
  try {
    await assert.rejects(
      async () => {
        for await (const batch of pool.analysed(articles)) void batch;
      },
      (err: Error) => {
        assert.match(err.message, /^cannot analyse article "broken": /);
        assert.doesNotMatch(err.message, /\n/);
        return true;
      },
    );
  } finally {
    await pool.close();
  }
});

test("a process using the pool exits promptly after a failure, with a non-zero status", async () => {
  // The commands' shape: pool in a try/finally, the error printed on one line by the caller.
  const script = `
    import { AnalysePool } from "./src/cli/analyse-pool.ts";
    const pool = new AnalysePool(1);
    const bad = Array.from({ length: 600 }, (_, i) => ({ id: "a" + i, title: i === 300 ? 42 : "Title " + i, text: "" }));
    try {
      for await (const batch of pool.analysed(bad)) void batch;
    } catch (err) {
      process.stderr.write(err.message + "\\n");
      process.exitCode = 1;
    } finally {
      await pool.close();
    }`;
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { timeout: 120_000 },
      (err, _stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : null) : 0, stderr }),
    );
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^cannot analyse article "a300": .+\n$/);
});

test("a bad line is reported the same with threads, and --strict stops on it", async () => {
  const input = LABELLED;
  const outs = ["0", "1"].map((t) => join(dir, `bad-${t}.jsonl`));
  const [inline, pooled] = await Promise.all(
    ["0", "1"].map((t, i) => runCli("cluster", input, "--out", outs[i], "--threads", t)),
  );
  assert.equal(pooled.status, 0, pooled.stderr);
  assert.match(pooled.stderr, /line 301: /);
  assert.equal(pooled.stderr, inline.stderr);
  assert.equal(readFileSync(outs[1], "utf8"), readFileSync(outs[0], "utf8"));
  const strict = await runCli(
    "cluster",
    input,
    "--out",
    join(dir, "strict.jsonl"),
    "--threads",
    "1",
    "--strict",
  );
  assert.equal(strict.status, 1);
  assert.match(strict.stderr, /^storyline cluster: .*line 301: .*\n$/);
});

test("--threads takes a whole number from 0", async () => {
  const bads = ["-1", "1.5", "many"];
  const runs = await Promise.all(
    bads.map((bad) =>
      runCli("cluster", "x.jsonl", "--out", join(dir, "x.jsonl"), `--threads=${bad}`),
    ),
  );
  runs.forEach((r, i) => {
    assert.equal(r.status, 2, bads[i]);
    assert.match(r.stderr, /^storyline cluster: --threads .*\n$/);
  });
});

test("a packed batch unpacks to the same analyses, edge cases included", () => {
  const batch = [
    { id: "no-time", title: "Floods hit Valencia", text: "", source: null, published: null },
    { id: 'id with "quotes", \u0000 and émoji 🌊', title: "?!", text: "", published: 0 },
    {
      id: "full",
      title: "Storm Elin cuts power to 200,000 homes - BBC News",
      text: "Utility crews worked through the night after Storm Elin brought down lines.",
      source: "BBC News",
      published: Date.UTC(2025, 0, 2, 3, 4, 5, 6) + 0.5,
      lang: "en",
    },
    { id: "de", title: "Sturm in Sachsen", text: "Der Sturm deckt Dächer ab.", lang: "de-AT" },
  ].map((a) => analyse(a));
  assert.equal(batch[1].terms.length, 0, "an article with no terms at all is packed too");
  const packed = structuredClone(packAnalyses(batch));
  assert.deepEqual(unpackAnalyses(packed), batch);
  assert.deepEqual(unpackAnalyses(packAnalyses([])), []);
});
