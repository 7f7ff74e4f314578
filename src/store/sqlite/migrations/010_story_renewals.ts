// Version 10: each renewed story's last renewal (the clusterer renews a story still running three
// windows after its first kept member, keeping only its latest members), so that a restart from
// kept features replays only what the clusterer keeps of it instead of every member it ever had
// (restoreOrder; docs/pipeline.md, Restart). Empty: stories renewed before it are replayed whole
// until their next renewal.

import type { Migration } from "./index.ts";

export const storyRenewals: Migration = {
  version: 10,
  name: "story-renewals",
  up(db) {
    db.exec(`
      CREATE TABLE story_renewals (
        story_id TEXT PRIMARY KEY,
        founded_n INTEGER NOT NULL,
        from_n INTEGER NOT NULL,
        renewed_n INTEGER NOT NULL,
        cut INTEGER NOT NULL,
        events TEXT NOT NULL
      )
    `);
  },
};
