import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { DatasetError, parseIsoTime, readArticlesJsonl } from "../../src/eval/dataset.ts";

const dir = mkdtempSync(join(tmpdir(), "storyline-dataset-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string) => {
  const p = join(dir, `f${n++}.jsonl`);
  writeFileSync(p, text);
  return p;
};

test("reads articles, keeps only the known fields, converts published to epoch ms", async () => {
  const p = file(
    `${JSON.stringify({
      id: "a",
      title: " Quake hits coast ",
      text: "A strong earthquake struck.",
      source: "Reuters",
      url: "https://example.com/a",
      published: "2025-01-27T10:00:00Z",
      lang: "en",
      cluster: "c1",
      cluster_title: "echo of the label",
      stance: "left",
    })}\n`,
  );
  const r = await readArticlesJsonl(p);
  assert.deepEqual(r.articles, [
    {
      id: "a",
      title: "Quake hits coast",
      text: "A strong earthquake struck.",
      source: "Reuters",
      url: "https://example.com/a",
      published: Date.UTC(2025, 0, 27, 10),
      lang: "en",
      cluster: "c1",
    },
  ]);
  assert.deepEqual(r.problems, []);
  assert.equal(r.skipped, 0);
});

test("bad lines are reported with line numbers and skipped; blank lines are not problems", async () => {
  const p = file(
    [
      '{"id":"a","title":"One"}',
      "{not json",
      "",
      '{"title":"no id"}',
      '{"id":"c","text":"no title"}',
      "[1,2]",
      '{"id":"d","title":"Two"}',
    ].join("\n"),
  );
  const r = await readArticlesJsonl(p);
  assert.deepEqual(
    r.articles.map((a) => a.id),
    ["a", "d"],
  );
  assert.equal(r.skipped, 4);
  assert.equal(r.problems.length, 4);
  assert.match(r.problems[0], /^line 2: not valid JSON/);
  assert.match(r.problems[1], /^line 4: no "id"/);
  assert.match(r.problems[2], /^line 5: article "c" has no "title"/);
  assert.match(r.problems[3], /^line 6: not a JSON object/);
});

test("strict makes the first bad line fatal with a one-line error naming file and line", async () => {
  const p = file('{"id":"a","title":"One"}\n{"id":"b"}\n');
  await assert.rejects(readArticlesJsonl(p, { strict: true }), (err: Error) => {
    assert.ok(err instanceof DatasetError);
    assert.equal(err.message, `${p} line 2: article "b" has no "title"`);
    return true;
  });
});

test("duplicate ids: the first wins, the later one is reported", async () => {
  const p = file(
    '{"id":"a","title":"First"}\n{"id":"b","title":"B"}\n{"id":"a","title":"Second"}\n',
  );
  const r = await readArticlesJsonl(p, { strict: true });
  assert.deepEqual(
    r.articles.map((a) => a.title),
    ["First", "B"],
  );
  assert.deepEqual(r.problems, ['line 3: duplicate id "a" (first on line 1); skipped']);
  assert.equal(r.skipped, 1);
});

test("missing or unreadable times become null; the article is kept", async () => {
  const p = file(
    [
      '{"id":1,"title":"No time"}',
      '{"id":2,"title":"Null time","published":null}',
      '{"id":3,"title":"Bad time","published":"last Tuesday"}',
    ].join("\n"),
  );
  const r = await readArticlesJsonl(p);
  assert.deepEqual(
    r.articles.map((a) => [a.id, a.published]),
    [
      ["1", null],
      ["2", null],
      ["3", null],
    ],
  );
  assert.equal(r.skipped, 0);
  assert.deepEqual(r.problems, [
    'line 3: "published" "last Tuesday" is not an ISO 8601 time; unknown',
  ]);
});

test("an empty file gives no articles and no problems", async () => {
  const r = await readArticlesJsonl(file(""));
  assert.deepEqual(r, { articles: [], problems: [], skipped: 0 });
});

test("ISO 8601 times: zones, offsets, date only; no zone means UTC", () => {
  assert.equal(parseIsoTime("2014-03-10"), Date.UTC(2014, 2, 10));
  assert.equal(parseIsoTime("2014-03-10T12:30:00"), Date.UTC(2014, 2, 10, 12, 30));
  assert.equal(parseIsoTime("2014-03-10 12:30"), Date.UTC(2014, 2, 10, 12, 30));
  assert.equal(parseIsoTime("2014-03-10T12:30:00+0200"), Date.UTC(2014, 2, 10, 10, 30));
  assert.equal(
    parseIsoTime("2014-03-10T12:30:00.250-05:00"),
    Date.UTC(2014, 2, 10, 17, 30, 0, 250),
  );
  assert.equal(parseIsoTime("Mon, 10 Mar 2014 12:30:00 GMT"), null);
  assert.equal(parseIsoTime("2014-13-45"), null);
});
