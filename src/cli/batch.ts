// Shared by the batch commands (cluster, eval, label, export): reading JSON Lines inputs with
// their problems reported on stderr, clustering with a progress bar, and writing JSON Lines
// outputs whole (a temporary file renamed into place, so a failed run leaves no half file).
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { finished } from "node:stream/promises";
import { type DatasetArticle, readArticlesJsonl } from "../eval/dataset.ts";
import { engineInput } from "../eval/evaluate.ts";
import { withLanguages } from "../stories/language.ts";
import { LanguagePartitions, resolveMerges, streamOrder } from "../stories/stream.ts";
import type { Assignment, ClusterInput, Granularity } from "../stories/types.ts";
import { AnalysePool, defaultThreads } from "./analyse-pool.ts";
import { numberFlag } from "./args.ts";
import { UsageError } from "./command.ts";
import { progress } from "./progress.ts";

/** Prints each problem as "FILE line N: ..." on stderr, then how many lines were skipped. */
export function reportProblems(path: string, problems: string[], skipped: number): void {
  for (const p of problems) process.stderr.write(`${path} ${p}\n`);
  if (skipped > 0) process.stderr.write(`${path}: skipped ${skipped} line(s)\n`);
}

/** Fails with one line naming `path` when it is a folder (reading one says only "EISDIR"). */
export async function checkInputFile(path: string): Promise<void> {
  const st = await stat(path).catch(() => null); // a missing file is reported by the reader
  if (st?.isDirectory()) throw new Error(`${path} is a directory, not a JSON Lines file`);
}

export async function loadArticles(path: string, strict: boolean): Promise<DatasetArticle[]> {
  await checkInputFile(path);
  const { articles, problems, skipped } = await readArticlesJsonl(path, { strict });
  reportProblems(path, problems, skipped);
  return articles;
}

/**
 * Inputs smaller than this are analysed inline unless --threads says otherwise: a thread's start
 * (loading the sources and compromise) costs about a second of CPU, more than it saves on the dev
 * sets (docs/speed-history.md, round 4).
 */
export const POOL_MIN_ARTICLES = 20_000;

/**
 * Clusters articles in stream order with a progress bar, the analysis of each article done by
 * `threads` worker threads (null: the default for this input's size; 0: inline); returns final
 * assignments in stream order.
 */
export async function clusterWithProgress(
  articles: readonly ClusterInput[],
  granularity: Granularity,
  threads: number | null,
): Promise<Assignment[]> {
  const clusterer = new LanguagePartitions({ granularity, recut: true });
  const bar = progress("clustering", articles.length);
  const out: Assignment[] = [];
  const pool = new AnalysePool(
    threads ?? (articles.length >= POOL_MIN_ARTICLES ? defaultThreads() : 0),
  );
  try {
    const input = withLanguages(articles.map((x) => engineInput(x)));
    for await (const batch of pool.analysed(streamOrder(input))) {
      const before = out.length;
      if (batch.kind === "analysed")
        for (const an of batch.items) out.push(clusterer.addAnalysed(an));
      else for (const w of batch.items) out.push(clusterer.addWeighed(w));
      bar.tick(out.length - before);
    }
  } finally {
    await pool.close();
  }
  bar.done();
  return resolveMerges(out);
}

/** The `--threads` flag of the batch commands: analysis threads, 0 for none, null when absent. */
export function threadsFlag(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = numberFlag(value, "threads", 0, { min: 0, max: 64 });
  if (!Number.isInteger(n))
    throw new UsageError(`--threads expects a whole number, got "${value}"`);
  return n;
}

export const THREADS_USAGE = `  --threads N         worker threads analysing and weighing articles ahead of the clusterer; default:
                      cores minus one (at least 1) from ${POOL_MIN_ARTICLES.toLocaleString("en")} articles on, none below;
                      0: none. The output does not depend on it`;

/** Writes one JSON value per line to `path`, replacing it only once everything is written. */
export async function writeJsonl(path: string, rows: Iterable<unknown>): Promise<number> {
  await checkOutputFile(path);
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
    // Name the file the user asked for, not the temporary one beside it.
    const e = err as NodeJS.ErrnoException;
    if (e.path === tmp) throw new Error(`cannot write ${path}: ${e.code ?? e.message}`);
    throw err;
  }
  return count;
}

/** One line naming what is wrong with an output path before anything is written. */
export async function checkOutputFile(path: string): Promise<void> {
  const dir = dirname(path);
  const dirStat = await stat(dir).catch(() => null);
  if (!dirStat) throw new Error(`cannot write ${path}: folder ${dir} does not exist`);
  if (!dirStat.isDirectory()) throw new Error(`cannot write ${path}: ${dir} is not a folder`);
  const st = await stat(path).catch(() => null);
  if (st?.isDirectory()) throw new Error(`cannot write ${path}: it is a directory`);
}

export function isoOrNull(t: number | null | undefined): string | null {
  return typeof t === "number" && Number.isFinite(t) ? new Date(t).toISOString() : null;
}
