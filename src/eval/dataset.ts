// Reads article sets in JSON Lines (one article per line: id, title, text, source, url,
// published, lang, and the optional gold `cluster`). Any other field is dropped here, so fields
// that echo the label (cluster_title, topic, stance, ...) never reach the engine.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { ClusterInput } from "../stories/types.ts";

export type DatasetArticle = ClusterInput & { url?: string | null; cluster?: string };

export interface ReadResult {
  articles: DatasetArticle[];
  /** One line per problem, "line N: ...": skipped lines, duplicate ids, unreadable times. */
  problems: string[];
  /** Lines skipped (invalid JSON, no id/title, duplicate id). Blank lines are not counted. */
  skipped: number;
}

/** A fatal input problem under --strict; the message is one line naming file and line. */
export class DatasetError extends Error {
  override name = "DatasetError";
}

/** Problems kept verbatim; beyond this only the count grows (a garbage file stays cheap). */
const MAX_PROBLEMS = 1000;

/**
 * Calls `onLine(value, lineNumber)` for every non-blank line that is valid JSON, and
 * `onBad(message, lineNumber)` for every line that is not. Streams the file.
 */
export async function forEachJsonLine(
  path: string,
  onLine: (value: unknown, line: number) => void,
  onBad: (message: string, line: number) => void,
): Promise<void> {
  const input = createReadStream(path, { encoding: "utf8" });
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (let raw of rl) {
      line++;
      if (line === 1 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
      if (raw.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (err) {
        onBad(`not valid JSON (${(err as Error).message.split("\n")[0]})`, line);
        continue;
      }
      onLine(value, line);
    }
  } finally {
    rl.close();
    input.destroy();
  }
}

const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Parses an ISO 8601 time to epoch milliseconds, or null. A date-time without a zone is read as
 * UTC (JavaScript would read it as the machine's local time, which would make runs differ).
 */
export function parseIsoTime(value: string): number | null {
  const s = value.trim();
  const m = ISO_DATE_TIME.exec(s);
  if (!m) return null;
  let normal = s.replace(" ", "T").replace(",", ".");
  const zone = m[1];
  if (normal.includes("T")) {
    if (!zone) normal += "Z";
    // "+0100" and "+01" are ISO 8601 but Date.parse wants "+01:00".
    else if (/^[+-]/.test(zone)) {
      const hh = zone.slice(0, 3);
      const mm = zone.slice(3).replace(":", "") || "00";
      normal = normal.slice(0, -zone.length) + `${hh}:${mm}`;
    }
  }
  const t = Date.parse(normal);
  return Number.isFinite(t) ? t : null;
}

function optionalString(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

function idOf(v: unknown): string | null {
  if (typeof v === "string" && v.trim() !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

/** Turns one parsed line into an article, or returns why it cannot be one. */
export function toArticle(value: unknown): { article: DatasetArticle } | { error: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { error: "not a JSON object" };
  }
  const o = value as Record<string, unknown>;
  const id = idOf(o.id);
  if (id === null) return { error: 'no "id" (a non-empty string or a number)' };
  const title = typeof o.title === "string" ? o.title.trim() : "";
  if (title === "") return { error: `article "${id}" has no "title"` };
  const article: DatasetArticle = {
    id,
    title,
    text: typeof o.text === "string" ? o.text : "",
    source: optionalString(o.source),
    url: optionalString(o.url),
    published: typeof o.published === "string" ? parseIsoTime(o.published) : null,
    lang: optionalString(o.lang),
  };
  const cluster = idOf(o.cluster);
  if (cluster !== null) article.cluster = cluster;
  return { article };
}

/**
 * Reads a JSON Lines article file. Bad lines (not JSON, not an object, no id or title) are
 * reported with their line number and skipped, or with `strict` throw a DatasetError. Duplicate
 * ids are reported and the first one wins. A `published` that is present but not an ISO 8601 time
 * is reported and read as unknown (null); the article is kept.
 */
export async function readArticlesJsonl(
  path: string,
  options: { strict?: boolean } = {},
): Promise<ReadResult> {
  const articles: DatasetArticle[] = [];
  const problems: string[] = [];
  let skipped = 0;
  let unlisted = 0;
  const firstLine = new Map<string, number>();
  const report = (line: number, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(`line ${line}: ${message}`);
    else unlisted++;
  };
  const bad = (message: string, line: number) => {
    if (options.strict) throw new DatasetError(`${path} line ${line}: ${message}`);
    skipped++;
    report(line, `${message}; skipped`);
  };
  await forEachJsonLine(
    path,
    (value, line) => {
      const r = toArticle(value);
      if ("error" in r) {
        bad(r.error, line);
        return;
      }
      const { article } = r;
      const first = firstLine.get(article.id);
      if (first !== undefined) {
        skipped++;
        report(line, `duplicate id "${article.id}" (first on line ${first}); skipped`);
        return;
      }
      firstLine.set(article.id, line);
      const published = (value as Record<string, unknown>).published;
      if (article.published === null && published !== null && published !== undefined) {
        if (typeof published !== "string" || published.trim() !== "") {
          report(line, `"published" ${JSON.stringify(published)} is not an ISO 8601 time; unknown`);
        }
      }
      articles.push(article);
    },
    bad,
  );
  if (unlisted > 0) problems.push(`... and ${unlisted} more problems`);
  return { articles, problems, skipped };
}
