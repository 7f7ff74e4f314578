// Version 3: near-duplicate (wire copy) links. Adds each article's MinHash signature, its LSH
// band keys (indexed, for candidate lookup) and duplicate_of, then computes them for the articles
// already stored, oldest first, so earlier copies become the originals.

import { bands, earliestCopy, signature, signatureToBytes } from "../../../articles/dedupe.ts";
import { candidatesFor } from "../near-duplicates.ts";
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
      const dup = earliestCopy(sig, candidatesFor(db, keys, r.at, WINDOW_MS));
      setArticle.run(signatureToBytes(sig), dup, r.id);
      for (const k of keys) addBand.run(k, r.at, r.id);
    }
  },
};
