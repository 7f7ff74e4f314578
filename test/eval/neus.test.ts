import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { normaliseTitle, readNeusSet } from "../../src/eval/neus.ts";

const dir = mkdtempSync(join(tmpdir(), "storyline-neus-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const group = (cluster: string, titles: string[]) =>
  JSON.stringify({
    cluster,
    articles: titles.map((title) => ({ title, text: `${title} Text.` })),
    headline: "h",
    summary: "s",
  });

test("a NeuS group sharing an article with a dev set is dropped whole, the others kept in file order", async () => {
  const path = join(dir, "groups.jsonl");
  writeFileSync(
    path,
    [
      group("neus-train-0", [
        "Senate passes the budget.",
        "Budget clears Senate.",
        "A win for the budget.",
      ]),
      // Its second article is a dev article, with NeuS's trailing period and curly quote.
      group("neus-train-1", [
        "Court blocks rule.",
        "Judge’s ruling halts eviction ban.",
        "Ban on hold.",
      ]),
      "not json",
      group("neus-train-2", ["Storm nears coast.", "Hurricane to make landfall.", "Coast braces."]),
    ].join("\n"),
  );
  const set = await readNeusSet(path, ["Judge's ruling halts eviction ban", "Unrelated dev title"]);
  assert.equal(set.groups, 3);
  assert.equal(set.dropped, 1);
  assert.deepEqual(
    set.articles.map((a) => [a.id, a.cluster]),
    [
      ["neus-train-0-0", "neus-train-0"],
      ["neus-train-0-1", "neus-train-0"],
      ["neus-train-0-2", "neus-train-0"],
      ["neus-train-2-0", "neus-train-2"],
      ["neus-train-2-1", "neus-train-2"],
      ["neus-train-2-2", "neus-train-2"],
    ],
  );
  assert.deepEqual(set.articles[3], {
    id: "neus-train-2-0",
    title: "Storm nears coast.",
    text: "Storm nears coast. Text.",
    source: null,
    published: null,
    lang: "en",
    cluster: "neus-train-2",
  });
});

test("titles match across case, punctuation and Unicode forms", () => {
  assert.equal(
    normaliseTitle("Trump’s “Shadow Diplomacy”."),
    normaliseTitle("trump's shadow diplomacy"),
  );
  assert.notEqual(normaliseTitle("Senate passes bill"), normaliseTitle("Senate passes bills"));
});
