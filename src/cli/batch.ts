// Shared by the batch commands (cluster, eval, label, export): reading JSON Lines inputs with
// their problems reported on stderr, clustering with a progress bar, and writing JSON Lines
// outputs whole (a temporary file renamed into place, so a failed run leaves no half file).
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { finished } from "node:stream/promises";
import { type DatasetArticle, readArticlesJsonl } from "../eval/dataset.ts";
import { engineInput } from "../eval/evaluate.ts";
import { StreamClusterer, streamOrder } from "../stories/cluster.ts";
import type { Assignment, ClusterInput, Granularity } from "../stories/types.ts";
import { progress } from "./progress.ts";

/** Prints each problem as "FILE line N: ..." on stderr, then how many lines were skipped. */
export function reportProblems(path: string, problems: string[], skipped: number): void {
  for (const p of problems) process.stderr.write(`${path} ${p}\n`);
  if (skipped > 0) process.stderr.write(`${path}: skipped ${skipped} line(s)\n`);
}

export async function loadArticles(path: string, strict: boolean): Promise<DatasetArticle[]> {
  const { articles, problems, skipped } = await readArticlesJsonl(path, { strict });
  reportProblems(path, problems, skipped);
  return articles;
}

/** Clusters articles in stream order with a progress bar; returns assignments in stream order. */
export function clusterWithProgress(
  articles: readonly ClusterInput[],
  granularity: Granularity,
): Assignment[] {
  const clusterer = new StreamClusterer({ granularity });
  const bar = progress("clustering", articles.length);
  const out: Assignment[] = [];
  for (const a of streamOrder(articles.map((x) => engineInput(x)))) {
    out.push(clusterer.add(a));
    bar.tick();
  }
  bar.done();
  return out;
}

/** Writes one JSON value per line to `path`, replacing it only once everything is written. */
export async function writeJsonl(path: string, rows: Iterable<unknown>): Promise<number> {
  const tmp = `${path}.${process.pid}.tmp`;
  const stream = createWriteStream(tmp);
  let count = 0;
  try {
    let chunk = "";
    for (const row of rows) {
      chunk += `${JSON.stringify(row)}\n`;
      count++;
      if (chunk.length > 1 << 20) {
        // once() rejects if the stream fails while we wait.
        if (!stream.write(chunk)) await once(stream, "drain");
        chunk = "";
      }
    }
    stream.end(chunk);
    await finished(stream);
    await rename(tmp, path);
  } catch (err) {
    stream.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
  return count;
}

export function isoOrNull(t: number | null | undefined): string | null {
  return typeof t === "number" && Number.isFinite(t) ? new Date(t).toISOString() : null;
}
