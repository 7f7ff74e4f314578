// Candidate lookup for near-duplicate detection: articles sharing at least one LSH band key with
// the new one, within a time window around it (the band index is (band, at)).

import type Database from "better-sqlite3";
import { type DuplicateCandidate, signatureFromBytes } from "../../articles/dedupe.ts";

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
      FROM article_bands b JOIN articles a ON a.id = b.article_id
      WHERE b.band IN (SELECT value FROM json_each(?)) AND b.at BETWEEN ? AND ?
        AND a.signature IS NOT NULL`);
    statements.set(db, stmt);
  }
  const rows = stmt.all(JSON.stringify(keys), at - windowMs, at + windowMs) as {
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
