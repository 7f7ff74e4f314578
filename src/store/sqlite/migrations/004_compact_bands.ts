// Version 4: the band index becomes one WITHOUT ROWID B-tree keyed (week, band, seq) instead of a
// table plus two indexes keyed (band, at) and by text id. With the week (of the article's time)
// first, one ingest batch touches only the few pages of its week instead of thousands of pages
// spread over the whole index (band keys are random), so a commit writes little; lookups seek
// each (week, band) pair of the window (3 weeks x 16 bands for the default 7-day window).
// The store deletes an article's bands itself (it recomputes them from the signature).

import type { Migration } from "./index.ts";

export const compactBands: Migration = {
  version: 4,
  name: "compact-bands",
  up(db) {
    db.exec(`
      CREATE TABLE article_bands_v4 (
        week INTEGER NOT NULL,
        band INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (week, band, seq)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO article_bands_v4 (week, band, seq)
        SELECT (b.at - ((b.at % 604800000) + 604800000) % 604800000) / 604800000, b.band, a.seq
        FROM article_bands b JOIN articles a ON a.id = b.article_id;
      DROP TABLE article_bands;
      ALTER TABLE article_bands_v4 RENAME TO article_bands;
    `);
  },
};
