// `storyline export --story ID`: one story of the engine's store in the seed's text form.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { storyText } from "../server/story-text.ts";
import { openStore } from "../store/open.ts";
import { UsageError } from "./command.ts";

/** The store a --db/--data pair (or the environment, or ./data) names. */
export function storeTarget(data: string | undefined, db: string | undefined): string {
  if (db !== undefined && data !== undefined) throw new UsageError("give --data or --db, not both");
  if (db) return db;
  if (data) return join(resolve(data), "storyline.db");
  if (process.env.STORYLINE_DB) return process.env.STORYLINE_DB;
  return join(resolve(process.env.STORYLINE_DATA ?? "./data"), "storyline.db");
}

export async function exportStoredStory(id: string, data?: string, db?: string): Promise<number> {
  const target = storeTarget(data, db);
  if (!/^postgres(ql)?:\/\//i.test(target) && !existsSync(target.replace(/^sqlite:(\/\/)?/i, "")))
    throw new UsageError(`no store at ${target}: pass --data DIR or --db FILE|URL`);
  const store = await openStore(target);
  try {
    const text = await storyText(store, id);
    if (text === null) {
      process.stderr.write(`storyline export: no story "${id}" in ${target}\n`);
      return 1;
    }
    process.stdout.write(text);
    return 0;
  } finally {
    await store.close();
  }
}
