// `storyline cluster FILE.jsonl --out ASSIGN.jsonl [--stories STORIES.jsonl]`: groups the articles
// of a JSON Lines file into stories, as they would arrive (published order), and writes one
// assignment per article and, optionally, one labelled story per line.
import { type DatasetArticle, forEachJsonLine } from "../../eval/dataset.ts";
import { labelStory } from "../../stories/label.ts";
import type { Assignment } from "../../stories/types.ts";
import { choiceFlag, parseFlags } from "../args.ts";
import {
  checkOutputFile,
  clusterWithProgress,
  isoOrNull,
  loadArticles,
  THREADS_USAGE,
  threadsFlag,
  writeJsonl,
} from "../batch.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";
import { progress } from "../progress.ts";

const usage = `Usage: storyline cluster FILE.jsonl --out ASSIGN.jsonl [--stories STORIES.jsonl]
                         [--granularity event|story] [--threads N] [--strict]

Groups the articles of FILE.jsonl (one JSON object per line: id, title, text, source, url,
published, lang) into stories, processing them in published order.

  --out FILE          write {"id","story"} per article, in the input's order
  --stories FILE      also write {"story","headline","summary","entities","articles",
                      "first_seen","last_seen"} per story, in order of first appearance
  --granularity G     story (default): what a news aggregator shows as one story;
                      event: finer, one happening within a story
${THREADS_USAGE}
  --strict            stop at the first bad input line instead of skipping it`;

interface StoryRow {
  story: string;
  headline: string;
  summary: string;
  entities: string[];
  articles: (string | number)[];
  first_seen: string | null;
  last_seen: string | null;
}

/** Stories in order of first appearance in the stream, each with its members in stream order. */
export function storyRows(
  articles: DatasetArticle[],
  assignments: Assignment[],
  asInput: (id: string) => string | number = (id) => id,
): StoryRow[] {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const members = new Map<string, DatasetArticle[]>();
  for (const a of assignments) {
    const list = members.get(a.storyId) ?? [];
    list.push(byId.get(a.articleId)!);
    members.set(a.storyId, list);
  }
  const bar = progress("labelling", members.size);
  const rows: StoryRow[] = [];
  for (const [story, list] of members) {
    const label = labelStory(list);
    // A loop, not Math.min(...): a story may have more members than a call has arguments.
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const a of list) {
      if (typeof a.published !== "number") continue;
      first = Math.min(first, a.published);
      last = Math.max(last, a.published);
    }
    rows.push({
      story,
      headline: label.headline,
      summary: label.summary,
      entities: label.entities,
      articles: list.map((a) => asInput(a.id)),
      first_seen: isoOrNull(first),
      last_seen: isoOrNull(last),
    });
    bar.tick();
  }
  bar.done();
  return rows;
}

/**
 * The ids written as JSON numbers in FILE (first occurrence wins, as in the reader), so the
 * outputs repeat an id as the input wrote it: `"id": 5` stays 5, not "5". The article reader
 * keeps ids as strings; this second, cheap pass is what remembers their JSON type.
 */
async function numericIds(file: string): Promise<Map<string, number>> {
  const seen = new Set<string>();
  const numbers = new Map<string, number>();
  await forEachJsonLine(
    file,
    (v) => {
      const id = (v as { id?: unknown } | null)?.id;
      if (typeof id !== "number" && typeof id !== "string") return;
      const key = String(id);
      if (seen.has(key)) return;
      seen.add(key);
      if (typeof id === "number") numbers.set(key, id);
    },
    () => {},
  );
  return numbers;
}

const command: Command = {
  name: "cluster",
  summary: "group the articles of a JSON Lines file into stories",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        out: { type: "string" },
        stories: { type: "string" },
        granularity: { type: "string" },
        threads: { type: "string" },
        strict: { type: "boolean", default: false },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expects one FILE.jsonl\n${usage}`);
    if (!values.out) throw new UsageError(`--out ASSIGN.jsonl is required\n${usage}`);
    const granularity = choiceFlag(values.granularity, "granularity", ["event", "story"], "story");
    const [file] = positionals;

    // Before the work, so a mistyped output path does not cost a whole clustering run.
    await checkOutputFile(values.out);
    if (values.stories) await checkOutputFile(values.stories);
    const threads = threadsFlag(values.threads);
    const articles = await loadArticles(file, values.strict ?? false);
    const start = performance.now();
    const assignments = await clusterWithProgress(articles, granularity, threads);
    const seconds = (performance.now() - start) / 1000;
    const storyOf = new Map(assignments.map((a) => [a.articleId, a.storyId]));
    const numbers = await numericIds(file);
    const asInput = (id: string) => numbers.get(id) ?? id;
    await writeJsonl(
      values.out,
      articles.map((a) => ({ id: asInput(a.id), story: storyOf.get(a.id)! })),
    );
    const storyCount = new Set(storyOf.values()).size;
    if (values.stories) await writeJsonl(values.stories, storyRows(articles, assignments, asInput));
    const rate = seconds > 0 ? Math.round(articles.length / seconds) : 0;
    process.stdout.write(
      `${articles.length} articles -> ${storyCount} stories (${granularity}) in ${seconds.toFixed(2)} s, ${rate} articles/s; wrote ${values.out}${values.stories ? ` and ${values.stories}` : ""}\n`,
    );
    return 0;
  },
};

export default command;
