// Version 2: FTS5 indexes over articles (title, text) and stories (headline, summary, entities),
// kept in step with their tables by triggers, and built from the rows already there.

import type { Migration } from "./index.ts";

const TOKENIZE = "porter unicode61 remove_diacritics 2";

export const fulltext: Migration = {
  version: 2,
  name: "fulltext",
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='seq', tokenize='${TOKENIZE}'
      );
      CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
      END;
      CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
          VALUES ('delete', old.seq, old.title, old.text);
      END;
      CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
          VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
      END;
      INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');

      CREATE VIRTUAL TABLE stories_fts USING fts5(
        headline, summary, entities, content='stories', content_rowid='n', tokenize='${TOKENIZE}'
      );
      CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN
        INSERT INTO stories_fts(rowid, headline, summary, entities)
          VALUES (new.n, new.headline, new.summary, new.entities);
      END;
      CREATE TRIGGER stories_fts_delete AFTER DELETE ON stories BEGIN
        INSERT INTO stories_fts(stories_fts, rowid, headline, summary, entities)
          VALUES ('delete', old.n, old.headline, old.summary, old.entities);
      END;
      CREATE TRIGGER stories_fts_update AFTER UPDATE OF headline, summary, entities ON stories BEGIN
        INSERT INTO stories_fts(stories_fts, rowid, headline, summary, entities)
          VALUES ('delete', old.n, old.headline, old.summary, old.entities);
        INSERT INTO stories_fts(rowid, headline, summary, entities)
          VALUES (new.n, new.headline, new.summary, new.entities);
      END;
      INSERT INTO stories_fts(stories_fts) VALUES ('rebuild');
    `);
  },
};
