// `storyline label CLUSTERS.jsonl --out OUT.jsonl`: labels groups of articles formed elsewhere.
// Input lines: {"cluster", "articles": [{"title", "text"}]}; output: {"cluster","headline","summary"}.
import { DatasetError, forEachJsonLine } from "../../eval/dataset.ts";
import { type LabelMember, labelStory } from "../../stories/label.ts";
import { splitSentences } from "../../stories/sentences.ts";
import { parseFlags } from "../args.ts";
import { checkInputFile, checkOutputFile, reportProblems, writeJsonl } from "../batch.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";
import { progress } from "../progress.ts";

const usage = `Usage: storyline label CLUSTERS.jsonl --out OUT.jsonl [--strict]

Chooses a headline and a one-to-three sentence summary for each group of articles.
Input, one group per line: {"cluster": ID, "articles": [{"title": ..., "text": ...}, ...]}
(each article may also carry "source" and "published"; one without a title stands in with the
first sentence of its text). Output, one line per group: {"cluster", "headline", "summary"},
with "cluster" exactly as in the input (a number stays a number).

  --out FILE   where to write the labels
  --strict     stop at the first bad input line instead of skipping it`;

interface Group {
  /** As in the input (a string or a number), so the output joins back on the same value. */
  cluster: string | number;
  members: LabelMember[];
}

const MAX_LEDE_TITLE = 160;

/** A stand-in title for an article that has text but none: its first sentence, cut short. */
function titleFromLede(text: string): string {
  const first = splitSentences(text)[0]?.trim() ?? "";
  if (first.length <= MAX_LEDE_TITLE) return first;
  const cut = first.slice(0, MAX_LEDE_TITLE);
  return `${cut.slice(0, cut.lastIndexOf(" ") > 0 ? cut.lastIndexOf(" ") : cut.length)}…`;
}

/** A group from one input line, or why the line cannot be one. */
function toGroup(value: unknown): Group | string {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return "not a JSON object";
  const o = value as Record<string, unknown>;
  const cluster =
    (typeof o.cluster === "string" && o.cluster !== "") ||
    (typeof o.cluster === "number" && Number.isFinite(o.cluster))
      ? o.cluster
      : null;
  if (cluster === null) return 'no "cluster" id';
  if (!Array.isArray(o.articles)) return `group "${cluster}" has no "articles" array`;
  const members: LabelMember[] = [];
  for (const a of o.articles as unknown[]) {
    const r = (a ?? {}) as Record<string, unknown>;
    const text = typeof r.text === "string" ? r.text : "";
    const title =
      typeof r.title === "string" && r.title.trim() !== "" ? r.title : titleFromLede(text);
    if (title === "") continue;
    members.push({
      title,
      text,
      source: typeof r.source === "string" ? r.source : null,
    });
  }
  if (members.length === 0) return `group "${cluster}" has no article with a "title" or "text"`;
  return { cluster, members };
}

const command: Command = {
  name: "label",
  summary: "choose a headline and summary for groups of articles formed elsewhere",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      { out: { type: "string" }, strict: { type: "boolean", default: false } },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expects one CLUSTERS.jsonl\n${usage}`);
    if (!values.out) throw new UsageError(`--out OUT.jsonl is required\n${usage}`);
    const [file] = positionals;
    const groups: Group[] = [];
    const problems: string[] = [];
    const bad = (message: string, line: number) => {
      if (values.strict) throw new DatasetError(`${file} line ${line}: ${message}`);
      problems.push(`line ${line}: ${message}; skipped`);
    };
    await checkInputFile(file);
    await checkOutputFile(values.out);
    await forEachJsonLine(
      file,
      (value, line) => {
        const g = toGroup(value);
        if (typeof g === "string") bad(g, line);
        else groups.push(g);
      },
      bad,
    );
    reportProblems(file, problems, problems.length);
    const bar = progress("labelling", groups.length);
    const rows = groups.map((g) => {
      const { headline, summary } = labelStory(g.members);
      bar.tick();
      return { cluster: g.cluster, headline, summary };
    });
    bar.done();
    await writeJsonl(values.out, rows);
    process.stdout.write(
      `labelled ${rows.length} ${rows.length === 1 ? "group" : "groups"}; wrote ${values.out}\n`,
    );
    return 0;
  },
};

export default command;
