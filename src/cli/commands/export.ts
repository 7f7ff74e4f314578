// `storyline export STORIES.jsonl ASSIGN.jsonl ARTICLES.jsonl --format text`: prints stories as a
// reader sees them (the seed's form): the headline, then one line per member article's lede.
import { forEachJsonLine } from "../../eval/dataset.ts";
import { labelStory } from "../../stories/label.ts";
import { lede } from "../../stories/sentences.ts";
import { choiceFlag, parseFlags } from "../args.ts";
import { checkInputFile, loadArticles } from "../batch.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";
import { exportStoredStory } from "../export-story.ts";

const usage = `Usage: storyline export STORIES.jsonl ASSIGN.jsonl ARTICLES.jsonl [--format text] [--strict]
       storyline export --story ID [--format text] [--data DIR | --db FILE|URL]

Prints each story of STORIES.jsonl (from storyline cluster --stories) with its members from
ASSIGN.jsonl ({"id","story"} per article) and their text from ARTICLES.jsonl: the headline on
one line, then one line per member's lede (the first sentence or two of its text, or its title
when it has none); stories are separated by a blank line.

With --story, prints one story of the engine's store in the same form (headline, then the ledes
of its articles, oldest first).

  --format text   the only format so far (default)
  --strict        stop at the first bad input line instead of skipping it
  --story ID      a stored story (from the web page or GET /api/stories)
  --data DIR      the data folder whose storyline.db to read (default ./data, or $STORYLINE_DATA)
  --db FILE|URL   the store itself: a SQLite file or postgres:// URL (or $STORYLINE_DB)`;

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

const command: Command = {
  name: "export",
  summary: "print stories with their members' ledes, in the seed's text form",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        format: { type: "string" },
        strict: { type: "boolean", default: false },
        story: { type: "string" },
        data: { type: "string" },
        db: { type: "string" },
      },
      usage,
    );
    // --story: one story from the store (helper G's part of this command).
    if (values.story !== undefined) {
      if (positionals.length > 0) throw new UsageError(`--story takes no files\n${usage}`);
      choiceFlag(values.format, "format", ["text"], "text");
      return exportStoredStory(values.story, values.data, values.db);
    }
    if (values.data !== undefined || values.db !== undefined)
      throw new UsageError(`--data and --db go with --story\n${usage}`);
    if (positionals.length !== 3)
      throw new UsageError(`expects STORIES.jsonl ASSIGN.jsonl ARTICLES.jsonl\n${usage}`);
    choiceFlag(values.format, "format", ["text"], "text");
    const [storiesFile, assignFile, articlesFile] = positionals;
    const strict = values.strict ?? false;

    const problem = (file: string, message: string, line: number) => {
      if (strict) throw new Error(`${file} line ${line}: ${message}`);
      process.stderr.write(`${file} line ${line}: ${message}; skipped\n`);
    };
    for (const f of [storiesFile, assignFile, articlesFile]) await checkInputFile(f);
    const headlines = new Map<string, string>();
    await forEachJsonLine(
      storiesFile,
      (v, line) => {
        const o = (v ?? {}) as Record<string, unknown>;
        if (typeof o.story !== "string" || typeof o.headline !== "string")
          problem(storiesFile, 'expected {"story", "headline", ...}', line);
        else if (!headlines.has(o.story)) headlines.set(o.story, o.headline);
      },
      (m, line) => problem(storiesFile, m, line),
    );
    const members = new Map<string, string[]>();
    await forEachJsonLine(
      assignFile,
      (v, line) => {
        const o = (v ?? {}) as Record<string, unknown>;
        // cluster writes an id as its input did, so a number is an id too.
        const id = typeof o.id === "number" ? String(o.id) : o.id;
        if (typeof id !== "string" || typeof o.story !== "string") {
          problem(assignFile, 'expected {"id", "story"}', line);
          return;
        }
        const list = members.get(o.story) ?? [];
        list.push(id);
        members.set(o.story, list);
      },
      (m, line) => problem(assignFile, m, line),
    );
    const articles = new Map((await loadArticles(articlesFile, strict)).map((a) => [a.id, a]));

    // Stories in STORIES.jsonl order, then any assigned story it does not list.
    const order = [...headlines.keys(), ...[...members.keys()].filter((s) => !headlines.has(s))];
    const blocks: string[] = [];
    let missing = 0;
    for (const story of order) {
      const found = (members.get(story) ?? []).flatMap((id) => {
        const a = articles.get(id);
        if (!a) missing++;
        return a ? [a] : [];
      });
      if (found.length === 0 && !headlines.has(story)) continue;
      const headline = headlines.get(story) ?? labelStory(found).headline;
      blocks.push(
        [oneLine(headline), ...found.map((a) => oneLine(lede(a.text, a.title)))].join("\n"),
      );
    }
    if (missing > 0)
      process.stderr.write(
        `${assignFile}: ${missing} assigned article(s) not in ${articlesFile}\n`,
      );
    process.stdout.write(blocks.length > 0 ? `${blocks.join("\n\n")}\n` : "");
    return 0;
  },
};

export default command;
