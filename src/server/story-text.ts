// One stored story in the seed's plain-text form: the headline on the first line, then one line
// per member article (oldest first) with its lede, as `storyline export --story ID` prints it.
import type { Store } from "../store/types.ts";
import { lede } from "../stories/sentences.ts";

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** The story's text, or null when the store has no such story. Merged stories name their target. */
export async function storyText(store: Store, id: string): Promise<string | null> {
  const story = await store.getStory(id);
  if (!story) return null;
  const lines = [oneLine(story.headline)];
  const seen = new Set<string>();
  for (const a of await store.articlesOfStory(id)) {
    // Wire copies repeat the same lede word for word: one line is enough.
    const line = oneLine(lede(a.text, a.title));
    if (line && !seen.has(line)) {
      seen.add(line);
      lines.push(line);
    }
  }
  return `${lines.join("\n")}\n`;
}
