// Candidate lookup for near-duplicate detection: articles sharing at least one LSH band key with
// the new one, within a time window around it. The band index is keyed (week, band, seq), so the
// lookup seeks every (week of the window, band) pair.

import type Database from "better-sqlite3";
import { type DuplicateCandidate, signatureFromBytes } from "../../articles/dedupe.ts";

const WEEK_MS = 7 * 86_400_000;

/** The week number of an epoch-ms time (floor, also before 1970). */
export function weekOf(at: number): number {
  return Math.floor(at / WEEK_MS);
}

const statements = new WeakMap<Database.Database, Database.Statement>();

/** Stored articles that share a band with `keys` and lie within windowMs of `at`. */
export function candidatesFor(
  db: Database.Database,
  keys: number[],
  at: number,
  windowMs: number,
): DuplicateCandidate[] {
  let stmt = statements.get(db);
  if (!stmt) {
    stmt = db.prepare(`
      SELECT DISTINCT a.id, a.signature, a.duplicate_of, a.at
      FROM article_bands b JOIN articles a ON a.seq = b.seq
      WHERE b.week IN (SELECT value FROM json_each(?)) AND b.band IN (SELECT value FROM json_each(?))
        AND a.at BETWEEN ? AND ? AND a.signature IS NOT NULL`);
    statements.set(db, stmt);
  }
  const weeks: number[] = [];
  for (let w = weekOf(at - windowMs); w <= weekOf(at + windowMs); w++) weeks.push(w);
  const rows = stmt.all(
    JSON.stringify(weeks),
    JSON.stringify(keys),
    at - windowMs,
    at + windowMs,
  ) as {
    id: string;
    signature: Buffer;
    duplicate_of: string | null;
    at: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    signature: signatureFromBytes(r.signature),
    duplicateOf: r.duplicate_of,
    at: r.at,
  }));
}
