// Version 1: feeds, articles, sightings, stories, events, corrections.

import type { Migration } from "./index.ts";

export const initial: Migration = {
  version: 1,
  name: "initial",
  up(db) {
    db.exec(`
      CREATE TABLE feeds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        url TEXT NOT NULL UNIQUE,
        title TEXT,
        site_url TEXT,
        category TEXT,
        enabled INTEGER NOT NULL DEFAULT 1,
        etag TEXT,
        last_modified TEXT,
        last_attempt_at INTEGER,
        last_success_at INTEGER,
        last_status INTEGER,
        last_error TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        items_seen INTEGER NOT NULL DEFAULT 0,
        avg_interval_ms INTEGER,
        next_poll_at INTEGER NOT NULL DEFAULT 0,
        failing INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX feeds_due ON feeds(next_poll_at) WHERE enabled = 1;

      CREATE TABLE stories (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        headline TEXT NOT NULL,
        summary TEXT NOT NULL,
        entities TEXT NOT NULL DEFAULT '[]',
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        article_count INTEGER NOT NULL,
        outlet_count INTEGER NOT NULL,
        lang TEXT,
        status TEXT NOT NULL,
        merged_into TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX stories_recent ON stories(last_seen DESC, id DESC);

      -- "at" is the published time, else the fetch time: the article's place in time.
      CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
        guid TEXT,
        url TEXT,
        canonical_url TEXT UNIQUE,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        html TEXT,
        source TEXT,
        domain TEXT,
        author TEXT,
        image TEXT,
        lang TEXT,
        published INTEGER,
        fetched_at INTEGER NOT NULL,
        at INTEGER NOT NULL,
        story_id TEXT REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
        event_id TEXT,
        score REAL,
        threshold REAL
      );
      CREATE INDEX articles_story ON articles(story_id, at);
      CREATE INDEX articles_unassigned ON articles(seq) WHERE story_id IS NULL;
      CREATE INDEX articles_at ON articles(at);
      CREATE INDEX articles_fetched ON articles(fetched_at);
      CREATE INDEX articles_source ON articles(source, story_id);

      -- One row per (feed, guid) that carried an article; NULL guids are distinct in SQLite.
      CREATE TABLE sightings (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
        guid TEXT,
        url TEXT,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        times INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX sightings_article ON sightings(article_id);
      CREATE UNIQUE INDEX sightings_feed_guid ON sightings(feed_id, guid);
      CREATE INDEX sightings_feed ON sightings(feed_id);

      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        story_id TEXT NOT NULL,
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        data TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX events_story ON events(story_id, seq);

      CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        story_ids TEXT NOT NULL,
        article_ids TEXT NOT NULL,
        at INTEGER NOT NULL,
        note TEXT
      );
    `);
  },
};
