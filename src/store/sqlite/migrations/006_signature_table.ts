// Version 6: MinHash signatures move out of the articles table into a narrow table keyed by seq.
// Near-duplicate lookup reads the signature of every article sharing a band key with the new one
// (hundreds when a big story's copies pile up in the window); read from the articles table, each
// candidate cost a row fetch of the full article (title, text, html), which stopped fitting in the
// page cache as the store grew, so ingest slowed down with size. The narrow table holds only what
// the lookup compares (time and signature: about 200 bytes a row) and stays in cache.

import type { Migration } from "./index.ts";

export const signatureTable: Migration = {
  version: 6,
  name: "signature-table",
  up(db) {
    db.exec(`
      CREATE TABLE article_signatures (
        seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        signature BLOB NOT NULL
      );
      INSERT INTO article_signatures (seq, at, signature)
        SELECT seq, at, signature FROM articles WHERE signature IS NOT NULL;
      ALTER TABLE articles DROP COLUMN signature;
    `);
  },
};
