// Numbered schema migrations. PRAGMA user_version holds the version a database is at; each
// pending migration runs in its own transaction, in order, when the store opens.

import type Database from "better-sqlite3";
import { initial } from "./001_initial.ts";
import { fulltext } from "./002_fulltext.ts";
import { nearDuplicates } from "./003_near_duplicates.ts";
import { compactBands } from "./004_compact_bands.ts";
import { storyLangIndex } from "./005_story_lang_index.ts";
import { signatureTable } from "./006_signature_table.ts";
import { clusterFeatures } from "./007_cluster_features.ts";
import { bandIndexInMemory } from "./008_band_index_in_memory.ts";
import { activeStoriesIndex } from "./009_active_stories_index.ts";
import { storyRenewals } from "./010_story_renewals.ts";

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Every migration, in version order. Append new ones; never edit a released one. */
export const MIGRATIONS: Migration[] = [
  initial,
  fulltext,
  nearDuplicates,
  compactBands,
  storyLangIndex,
  signatureTable,
  clusterFeatures,
  bandIndexInMemory,
  activeStoriesIndex,
  storyRenewals,
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The schema version of a database (0 for a new file). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/**
 * Brings a database to `target` (default: the latest version); returns the versions applied.
 * A database newer than this code is refused with a one-line error rather than misread.
 */
export function migrate(db: Database.Database, target = LATEST_VERSION): number[] {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new Error(
      `the database is at schema version ${current}, newer than this Storyline (${LATEST_VERSION}); upgrade Storyline`,
    );
  }
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
