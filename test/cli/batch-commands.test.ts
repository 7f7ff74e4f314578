// The batch commands run as a user runs them: `node bin/storyline.js ...` on JSON Lines files
// written to a temporary folder.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, describe, test } from "node:test";
import { runCli as run } from "../helpers/cli.ts";
import { sharedFile, skipWithoutShared } from "../helpers/shared.ts";

const dir = mkdtempSync(join(tmpdir(), "storyline-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const file = (lines: (string | object)[]) => {
  const p = join(dir, `in${n++}.jsonl`);
  writeFileSync(p, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n"));
  return p;
};
const out = (name: string) => join(dir, `${name}${n++}.jsonl`);
const readJsonl = (p: string) =>
  readFileSync(p, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l));

const troops = [
  {
    id: "t1",
    title: "North Korea prepares to send more troops to Russia",
    text: "North Korea is preparing to send more troops to Russia to replace casualties, South Korea's military said on Monday.",
    source: "Reuters",
    published: "2025-01-27T08:00:00Z",
  },
  {
    id: "t2",
    title: "More North Korean troops to be sent to Russia, Seoul says",
    text: "Seoul said North Korea would send additional troops to Russia after heavy casualties.",
    source: "CNA",
    published: "2025-01-27T10:00:00Z",
  },
  {
    id: "f1",
    title: "Dutch farmers protest nitrogen rules with tractors in The Hague",
    text: "Thousands of farmers drove tractors into The Hague on Wednesday to protest against nitrogen emission rules.",
    source: "NOS",
    published: "2025-01-29T09:00:00Z",
  },
];

describe("batch commands", { concurrency: 2 }, () => {
  test("cluster writes one assignment per article and labelled stories", async () => {
    const input = file(troops);
    const assign = out("assign");
    const stories = out("stories");
    const r = await run("cluster", input, "--out", assign, "--stories", stories);
    assert.equal(r.status, 0, r.stderr);
    // Piped: no progress bar, nothing on stderr.
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^3 articles -> \d+ stories/);
    const rows = readJsonl(assign);
    assert.deepEqual(
      rows.map((x) => x.id),
      ["t1", "t2", "f1"],
    );
    for (const row of rows) assert.deepEqual(Object.keys(row), ["id", "story"]);
    const s = readJsonl(stories);
    for (const story of s) {
      assert.deepEqual(Object.keys(story), [
        "story",
        "headline",
        "summary",
        "entities",
        "articles",
        "first_seen",
        "last_seen",
      ]);
    }
    // Every article appears in exactly one story, the one its assignment names.
    const members = s.flatMap((x) => x.articles.map((id: string) => [id, x.story]));
    assert.deepEqual(new Map(members), new Map(rows.map((x) => [x.id, x.story])));
    const farmers = s.find((x) => x.articles.includes("f1"));
    assert.ok(!farmers.articles.includes("t1"), "the farmers' protest is not the troops story");
    assert.equal(farmers.first_seen, "2025-01-29T09:00:00.000Z");
  });

  test("the same input gives byte-identical output", async () => {
    const input = file(troops);
    const [a, b] = [out("a"), out("b")];
    const [sa, sb] = [out("sa"), out("sb")];
    assert.equal((await run("cluster", input, "--out", a, "--stories", sa)).status, 0);
    assert.equal((await run("cluster", input, "--out", b, "--stories", sb)).status, 0);
    assert.equal(readFileSync(a, "utf8"), readFileSync(b, "utf8"));
    assert.equal(readFileSync(sa, "utf8"), readFileSync(sb, "utf8"));
  });

  test("bad lines are reported with line numbers and skipped; duplicates keep the first", async () => {
    const input = file([
      troops[0],
      "{broken json",
      { id: "x", text: "no title" },
      { ...troops[2], id: "t1", title: "A duplicate of t1 with another title" },
      troops[2],
    ]);
    const assign = out("assign");
    const stories = out("stories");
    const r = await run("cluster", input, "--out", assign, "--stories", stories);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /line 2: not valid JSON/);
    assert.match(r.stderr, /line 3: article "x" has no "title"; skipped/);
    assert.match(r.stderr, /line 4: duplicate id "t1" \(first on line 1\); skipped/);
    assert.match(r.stderr, /skipped 3 line\(s\)/);
    assert.deepEqual(
      readJsonl(assign).map((x) => x.id),
      ["t1", "f1"],
    );
    const t1 = readJsonl(stories).find((x) => x.articles.includes("t1"));
    assert.equal(t1.headline, troops[0].title);
  });

  test("--strict stops at the first bad line with one line on stderr and writes nothing", async () => {
    const input = file([troops[0], "{broken json", troops[1]]);
    const assign = out("assign");
    const r = await run("cluster", input, "--out", assign, "--strict");
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^storyline cluster: .*line 2: not valid JSON/);
    assert.equal(existsSync(assign), false);
    // Only this run's temporary files: the tests run two at a time in one folder.
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith(basename(assign)) && f.endsWith(".tmp")),
      [],
    );
  });

  test("an empty file clusters to empty outputs", async () => {
    const input = file([]);
    const assign = out("assign");
    const stories = out("stories");
    const r = await run("cluster", input, "--out", assign, "--stories", stories);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^0 articles -> 0 stories/);
    assert.equal(readFileSync(assign, "utf8"), "");
    assert.equal(readFileSync(stories, "utf8"), "");
  });

  test("one article makes one story whose headline is its title", async () => {
    const input = file([{ id: "only", title: "Volcano erupts in Iceland - BBC News", text: "" }]);
    const assign = out("assign");
    const stories = out("stories");
    assert.equal((await run("cluster", input, "--out", assign, "--stories", stories)).status, 0);
    const [story] = readJsonl(stories);
    assert.equal(story.headline, "Volcano erupts in Iceland");
    assert.deepEqual(story.articles, ["only"]);
    assert.equal(story.first_seen, null);
    assert.equal(readJsonl(assign)[0].story, story.story);
  });

  test("articles without a time are clustered in input order", async () => {
    const input = file(troops.map(({ published: _, ...rest }) => rest));
    const assign = out("assign");
    const stories = out("stories");
    assert.equal((await run("cluster", input, "--out", assign, "--stories", stories)).status, 0);
    assert.equal(readJsonl(assign).length, 3);
    for (const s of readJsonl(stories)) {
      assert.equal(s.first_seen, null);
      assert.equal(s.last_seen, null);
    }
  });

  test("unknown flags, bad choices and missing arguments exit 2 with a clear message", async () => {
    const input = file(troops);
    const r1 = await run("cluster", input, "--out", out("o"), "--frobnicate");
    assert.equal(r1.status, 2);
    assert.equal(
      r1.stderr,
      "storyline cluster: unknown option --frobnicate (see storyline cluster --help)\n",
    );
    const r1b = await run("cluster", input, "--out");
    assert.equal(r1b.status, 2);
    assert.equal(
      r1b.stderr,
      "storyline cluster: option --out needs a value (see storyline cluster --help)\n",
    );
    const r2 = await run("cluster", input, "--out", out("o"), "--granularity", "week");
    assert.equal(r2.status, 2);
    assert.equal(
      r2.stderr.trim(),
      'storyline cluster: --granularity must be one of event, story, got "week"',
    );
    const r3 = await run("cluster", input);
    assert.equal(r3.status, 2);
    assert.match(r3.stderr, /--out ASSIGN.jsonl is required/);
    const r4 = await run("cluster", join(dir, "missing.jsonl"), "--out", out("o"));
    assert.equal(r4.status, 1);
    assert.match(r4.stderr.trim(), /^storyline cluster: no such file: .*missing.jsonl$/);
  });

  test("label writes a headline and summary per group; bad lines are reported", async () => {
    const input = file([
      {
        cluster: "g1",
        articles: [
          {
            title: "Quake hits central Chile, killing 12",
            text: "A magnitude 7.1 earthquake struck central Chile on Monday, killing at least 12 people, officials said.",
          },
          {
            title: "Is Chile ready for the next quake?",
            text: "Experts have warned for years that Chile is overdue for a large earthquake.",
          },
        ],
      },
      "not json",
      { cluster: "g2", articles: [] },
      { articles: [{ title: "no cluster id", text: "" }] },
      { cluster: 7, articles: [{ title: "Storm closes ports in Normandy", text: "" }] },
    ]);
    const o = out("labels");
    const r = await run("label", input, "--out", o);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /line 2: not valid JSON/);
    assert.match(r.stderr, /line 3: group "g2" has no article with a "title" or "text"; skipped/);
    assert.match(r.stderr, /line 4: no "cluster" id; skipped/);
    const [g1, g7, ...rest] = readJsonl(o);
    assert.deepEqual(rest, []);
    assert.deepEqual(Object.keys(g1), ["cluster", "headline", "summary"]);
    // The complete statement wins over the question; the summary opens with the central lede.
    assert.equal(g1.headline, "Quake hits central Chile, killing 12");
    assert.ok(g1.summary.startsWith("A magnitude 7.1 earthquake struck central Chile"), g1.summary);
    assert.deepEqual(g7, { cluster: 7, headline: "Storm closes ports in Normandy", summary: "" });
    const strict = await run("label", input, "--out", out("labels"), "--strict");
    assert.equal(strict.status, 1);
    assert.match(strict.stderr.trim(), /^storyline label: .*line 2: not valid JSON[^\n]*$/);
  });

  test("export prints each story as its headline then one lede per member", async () => {
    const articles = file([
      troops[0],
      { id: "t2", title: "More North Korean troops head to Russia", text: "" },
      troops[2],
    ]);
    const assign = file([
      { id: "t1", story: "s1" },
      { id: "t2", story: "s1" },
      { id: "f1", story: "s2" },
      { id: "ghost", story: "s2" },
    ]);
    const stories = file([
      { story: "s2", headline: "Farmers protest in The Hague" },
      { story: "s1", headline: "North Korea to send more troops to Russia" },
    ]);
    const r = await run("export", stories, assign, articles, "--format", "text");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        "Farmers protest in The Hague",
        troops[2].text,
        "",
        "North Korea to send more troops to Russia",
        troops[0].text,
        "More North Korean troops head to Russia",
        "",
      ].join("\n"),
    );
    assert.match(r.stderr, /1 assigned article\(s\) not in/);
    const bad = await run("export", stories, assign, articles, "--format", "pdf");
    assert.equal(bad.status, 2);
  });

  test("on a terminal a progress bar shows counts and rate", {
    skip: existsSync("/usr/bin/script") ? false : "no script(1) to provide a terminal",
  }, async () => {
    const input = file(troops);
    const assign = out("assign");
    // script(1) runs the command on a pseudo-terminal, as a user at a shell would.
    const { CI: _, ...env } = process.env;
    const shown = await new Promise<string>((resolve) => {
      execFile(
        "/usr/bin/script",
        [
          "-qec",
          `${process.execPath} bin/storyline.js cluster ${input} --out ${assign}`,
          "/dev/null",
        ],
        { env },
        (_err, stdout) => resolve(stdout),
      );
    });
    assert.match(shown, /clustering \[[█░]+\] 100% 3\/3 \d+\/s/);
    assert.match(shown, /3 articles -> \d+ stories/);
  });

  test("the seed as a smoke test: lines 1, 3, 7 and 8 (more troops for Russia) share a story", {
    skip: skipWithoutShared("seed/000_8763abbf445da859.txt"),
  }, async () => {
    const seed = readFileSync(sharedFile("seed/000_8763abbf445da859.txt")!, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    assert.equal(seed.length, 12);
    const input = file(seed.map((title, i) => ({ id: `line${i + 1}`, title, text: "" })));
    const assign = out("assign");
    assert.equal((await run("cluster", input, "--out", assign)).status, 0);
    const story = new Map(readJsonl(assign).map((x) => [x.id, x.story]));
    const troopsStory = story.get("line1");
    for (const line of ["line3", "line7", "line8"])
      assert.equal(story.get(line), troopsStory, line);
  });
});
