// Version 9: an index of the active stories by last article, for the engine's quiet marking
// (staleStories), which otherwise walks every story older than the quiet horizon, nearly all of
// them long quiet, on every housekeeping pass.

import type { Migration } from "./index.ts";

export const activeStoriesIndex: Migration = {
  version: 9,
  name: "active-stories-index",
  up(db) {
    db.exec("CREATE INDEX stories_active ON stories(last_seen, id) WHERE status = 'active'");
  },
};
