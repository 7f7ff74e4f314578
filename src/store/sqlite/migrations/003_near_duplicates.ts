// Version 3: near-duplicate (wire copy) links. Adds each article's MinHash signature, its LSH
// band keys (indexed, for candidate lookup) and duplicate_of, then computes them for the articles
// already stored, oldest first, so earlier copies become the originals.

import type Database from "better-sqlite3";
import {
  bands,
  type DuplicateCandidate,
  earliestCopy,
  signature,
  signatureFromBytes,
  signatureToBytes,
} from "../../../articles/dedupe.ts";
import type { Migration } from "./index.ts";

/** Same window as the store's default: copies more than a week apart are not linked. */
const WINDOW_MS = 7 * 24 * 3600 * 1000;

export const nearDuplicates: Migration = {
  version: 3,
  name: "near-duplicates",
  up(db) {
    db.exec(`
      ALTER TABLE articles ADD COLUMN duplicate_of TEXT REFERENCES articles(id) ON DELETE SET NULL;
      ALTER TABLE articles ADD COLUMN signature BLOB;
      CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
      CREATE TABLE article_bands (
        band INTEGER NOT NULL,
        at INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
      );
      CREATE INDEX article_bands_band ON article_bands(band, at);
      CREATE INDEX article_bands_article ON article_bands(article_id);
    `);
    const rows = db.prepare("SELECT id, title, text, at FROM articles ORDER BY at, seq").all() as {
      id: string;
      title: string;
      text: string;
      at: number;
    }[];
    const setArticle = db.prepare(
      "UPDATE articles SET signature = ?, duplicate_of = ? WHERE id = ?",
    );
    const addBand = db.prepare("INSERT INTO article_bands (band, at, article_id) VALUES (?, ?, ?)");
    for (const r of rows) {
      const sig = signature(r.title, r.text);
      if (!sig) continue;
      const keys = bands(sig);
      const dup = earliestCopy(sig, candidates(db, keys, r.at));
      setArticle.run(signatureToBytes(sig), dup, r.id);
      for (const k of keys) addBand.run(k, r.at, r.id);
    }
  },
};

/** Candidate lookup against this version's tables (later versions have their own). */
function candidates(db: Database.Database, keys: number[], at: number): DuplicateCandidate[] {
  const rows = db
    .prepare(
      `SELECT DISTINCT a.id, a.signature, a.duplicate_of, a.at
       FROM article_bands b JOIN articles a ON a.id = b.article_id
       WHERE b.band IN (SELECT value FROM json_each(?)) AND b.at BETWEEN ? AND ?`,
    )
    .all(JSON.stringify(keys), at - WINDOW_MS, at + WINDOW_MS) as {
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
