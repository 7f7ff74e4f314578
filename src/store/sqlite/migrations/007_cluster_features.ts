// Version 7: what a restart needs to rebuild the clusterer without re-vectorising the window.
// article_features holds each clustered article's kept vectors (written with its assignment; `n`
// is the clustering order), deleted with the article. cluster_snapshots holds the clusterer's
// document-frequency table, saved now and then; `up_to` is the last `n` it counts.

import type { Migration } from "./index.ts";

export const clusterFeatures: Migration = {
  version: 7,
  name: "cluster-features",
  up(db) {
    db.exec(`
      CREATE TABLE article_features (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        seq INTEGER NOT NULL UNIQUE REFERENCES articles(seq) ON DELETE CASCADE,
        data BLOB NOT NULL
      );
      CREATE TABLE cluster_snapshots (
        key TEXT PRIMARY KEY,
        up_to INTEGER NOT NULL,
        at INTEGER NOT NULL,
        data BLOB NOT NULL
      );
    `);
  },
};
