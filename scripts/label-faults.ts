// Counts labels a reader would fault, over the NeuS story groups and the dev sets' gold stories:
// summaries that give one figure twice, datelines, broken characters, page furniture, first-person
// sentences; headlines that ask, carry a tag ("Opinion |", "The Latest:", "(Update1)") or shout.
// The patterns here are plain and independent of the labeller's own filters, so a before/after
// run shows what changed.
//
//   node --import tsx scripts/label-faults.ts [--show]   (--show prints each faulted label)
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { readArticlesJsonl } from "../src/eval/dataset.ts";
import { type LabelMember, labelStory } from "../src/stories/label.ts";
import { splitSentences } from "../src/stories/sentences.ts";
import { DEV_SETS } from "./dev-sets.ts";

const dir = resolve(import.meta.dirname, "../../shared/data/dev");
const groups: LabelMember[][] = readFileSync(resolve(dir, "neus_train_headlines.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) =>
    JSON.parse(l).articles.map((a: LabelMember) => ({ title: a.title ?? "", text: a.text ?? "" })),
  );
for (const set of DEV_SETS) {
  const { articles } = await readArticlesJsonl(resolve(dir, `${set}.jsonl`));
  const stories = new Map<string, LabelMember[]>();
  for (const a of articles) {
    if (a.cluster === undefined) continue;
    stories.set(a.cluster, [...(stories.get(a.cluster) ?? []), a]);
  }
  groups.push(...stories.values());
}

const figures = (s: string) =>
  (
    s.match(/(?<![\w.,/-])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,/-])\d{2,}(?:\.\d+)?(?![\w-])/g) ??
    []
  )
    .map((x) => x.replace(/,/g, ""))
    .filter((x) => !/^(?:19|20)\d\d$/.test(x));
const faults = {
  "summary: one figure in two sentences": (_h: string, ss: string[]) => {
    const seen = new Set<string>();
    for (const s of ss) {
      const mine = new Set(figures(s));
      for (const x of mine) if (seen.has(x)) return true;
      for (const x of mine) seen.add(x);
    }
    return false;
  },
  "summary: dateline or wire tag": (_h: string, ss: string[]) =>
    ss.some((s) =>
      /^(?:[A-Z][A-Z .,'-]{2,}|[A-Z][a-z]+(?:, [A-Z][a-z]+)?)(?: \([^)]+\))? ?(?:--|[-–—])\s|^\([A-Za-z ]+\)/.test(
        s,
      ),
    ),
  "summary: broken characters or HTML entities": (_h: string, ss: string[]) =>
    ss.some((s) => /[âÃ][\u0080-\u00bf]|&(?:[a-z]+|#\d+);/.test(s)),
  "summary: caption, byline or call to action": (_h: string, ss: string[]) =>
    ss.some((s) =>
      /read more|sign up|\bsubscribe\b|click here|photo:|file photo|in this .{0,20}(?:photo|handout)|\((?:\d(?:st|nd|rd|th) )?[LR]\)|^by [A-Z]|why it matters:|driving the news:/i.test(
        s,
      ),
    ),
  "summary: first person outside quotes": (_h: string, ss: string[]) =>
    ss.some((s) =>
      /(?:^|\s)(?:I|I'm|I’m|we|We|our|Our|my|My)\s/.test(s.replace(/"[^"]*"|“[^”]*”/g, " ")),
    ),
  "summary: a question": (_h: string, ss: string[]) => ss.some((s) => /\?["'”’]?$/.test(s)),
  "headline: a question": (h: string) => /\?["'”’]?$/.test(h),
  "headline: tag or live label": (h: string) =>
    /^(?:opinion|analysis|watch|live|the latest|report|breaking|exclusive|q&a)\b\s*[:|]|\((?:update\d*|video)\)|as it happened/i.test(
      h,
    ),
  "headline: broken characters": (h: string) => /[âÃ][\u0080-\u00bf]|&(?:[a-z]+|#\d+);/.test(h),
};

const counts = new Map<string, number>(Object.keys(faults).map((k) => [k, 0]));
let sentences = 0;
let withSummary = 0;
for (const members of groups) {
  const { headline, summary } = labelStory(members);
  const ss = splitSentences(summary);
  if (ss.length > 0) withSummary++;
  sentences += ss.length;
  for (const [name, test] of Object.entries(faults))
    if (test(headline, ss)) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (process.argv.includes("--show"))
        console.log(`${name}\n  H: ${headline}\n  S: ${summary}\n`);
    }
}
console.log(
  `${groups.length} stories (NeuS groups and the dev sets' gold stories), ${withSummary} with a summary, ${(sentences / Math.max(1, withSummary)).toFixed(2)} sentences per summary\n`,
);
console.log("| fault | stories |\n|---|---:|");
for (const [name, n] of counts) console.log(`| ${name} | ${n} |`);
