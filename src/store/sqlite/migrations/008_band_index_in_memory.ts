// Version 8: two changes that keep the cost of a write flat as the store grows.
// - The LSH band index leaves the file: near-duplicate lookup keeps it in memory, filled from
//   article_signatures (src/store/sqlite/near-duplicates.ts). Its 16 B-tree inserts per article at
//   random places were most of the growth of ingest and commit cost with the store's size.
// - A story's full-text entry is rewritten only when its headline, summary or entities change.
//   The pipeline rewrites a story's row with every article it gains (counts and times), and the
//   old trigger reindexed the unchanged text each time.

import type { Migration } from "./index.ts";

export const bandIndexInMemory: Migration = {
  version: 8,
  name: "band-index-in-memory",
  up(db) {
    db.exec(`
      DROP TABLE article_bands;
      DROP TRIGGER stories_fts_update;
      CREATE TRIGGER stories_fts_update AFTER UPDATE OF headline, summary, entities ON stories
      WHEN old.headline IS NOT new.headline OR old.summary IS NOT new.summary
        OR old.entities IS NOT new.entities
      BEGIN
        INSERT INTO stories_fts(stories_fts, rowid, headline, summary, entities)
          VALUES ('delete', old.n, old.headline, old.summary, old.entities);
        INSERT INTO stories_fts(rowid, headline, summary, entities)
          VALUES (new.n, new.headline, new.summary, new.entities);
      END;
    `);
  },
};
