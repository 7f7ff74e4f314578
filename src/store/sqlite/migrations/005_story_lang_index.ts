// Version 5: an index for the front page filtered by language (listStories({lang})), which
// otherwise walks every story newest first until it has a page of that language.

import type { Migration } from "./index.ts";

export const storyLangIndex: Migration = {
  version: 5,
  name: "story-lang-index",
  up(db) {
    db.exec("CREATE INDEX stories_lang_recent ON stories(lang, last_seen DESC, id DESC)");
  },
};
