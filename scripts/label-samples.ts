// Prints the labels (headline, summary, entities) of the largest gold stories of dev sets, for
// reading by eye: run it before and after a change to the labeller and diff the two outputs.
//
//   node --import tsx scripts/label-samples.ts [--sets a,b] [--top 30] > labels.txt
import { resolve } from "node:path";
import { readArticlesJsonl } from "../src/eval/dataset.ts";
import { labelStory } from "../src/stories/label.ts";
import { intFlag, scriptFlags } from "./args.ts";
import { DEV_SETS } from "./dev-sets.ts";

const script = import.meta.filename;
const values = scriptFlags(
  script,
  "node --import tsx scripts/label-samples.ts [--sets a,b] [--top 30] > labels.txt",
  {
    sets: { type: "string", default: DEV_SETS.join(",") },
    top: { type: "string", default: "30" },
  },
);
const top = intFlag(script, "top", values.top);
const dir = resolve(import.meta.dirname, "../../shared/data/dev");

for (const set of values.sets!.split(",")) {
  const { articles } = await readArticlesJsonl(resolve(dir, `${set}.jsonl`));
  const stories = new Map<string, typeof articles>();
  for (const a of articles) {
    if (a.cluster === undefined) continue;
    const list = stories.get(a.cluster) ?? [];
    list.push(a);
    stories.set(a.cluster, list);
  }
  const largest = [...stories]
    .sort((x, y) => y[1].length - x[1].length || (x[0] < y[0] ? -1 : 1))
    .slice(0, top);
  console.log(`# ${set}: the ${largest.length} largest of ${stories.size} gold stories\n`);
  for (const [cluster, members] of largest) {
    // Stream order, as the engine labels them.
    const ordered = [...members].sort((a, b) => (a.published ?? 0) - (b.published ?? 0));
    const label = labelStory(ordered);
    console.log(`## ${set} ${cluster} (${members.length} articles)`);
    console.log(`H: ${label.headline}`);
    console.log(`S: ${label.summary}`);
    console.log(`E: ${label.entities.join(" | ")}\n`);
  }
}
