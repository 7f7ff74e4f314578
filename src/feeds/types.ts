// Shapes that leave the feeds stage: a parsed feed and its items, and one feed's fetch state.

export interface Enclosure {
  url: string;
  type: string | null;
  length: number | null;
}

export interface FeedItem {
  /** Stable id: guid/id, else the link, else a hash of title + date. */
  id: string;
  title: string;
  /** Absolute URL or null. */
  link: string | null;
  /** ISO 8601 instants or null. */
  published: string | null;
  updated: string | null;
  /** Sanitised HTML of the summary/description, or null. */
  summary: string | null;
  /** Sanitised HTML of the full content (content:encoded, atom:content...), or null. */
  content: string | null;
  /** Plain text of the best of content/summary, or "" when there is none. */
  text: string;
  author: string | null;
  authors: string[];
  categories: string[];
  enclosures: Enclosure[];
  image: string | null;
}

export interface FeedUpdateHints {
  /** RSS <ttl>, minutes. */
  ttlMinutes: number | null;
  /** sy:updatePeriod / sy:updateFrequency turned into one interval, minutes. */
  updateIntervalMinutes: number | null;
  /** RSS <skipHours>: hours of the day (0-23, UTC) when the feed asks not to be polled. */
  skipHours: number[];
}

export interface ParsedFeed {
  format: "rss" | "rdf" | "atom" | "json";
  /** e.g. "2.0", "0.91", "1.0", "0.3", "1.1". */
  version: string;
  title: string | null;
  link: string | null;
  language: string | null;
  hints: FeedUpdateHints;
  items: FeedItem[];
  /** Encoding the bytes were read as (WHATWG name: "utf-8", "windows-1252"...); absent for strings. */
  encoding?: string;
}

/** What the engine knows of one feed: its identity, HTTP validators and health. */
export interface FeedState {
  id: number;
  url: string;
  title: string | null;
  siteUrl: string | null;
  /** OPML category path, e.g. "World/Asia", or null. */
  category: string | null;
  enabled: boolean;
  etag: string | null;
  lastModified: string | null;
  /** Epoch milliseconds, or null when never. */
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastStatus: number | null;
  /** One line, or null after a success. */
  lastError: string | null;
  consecutiveFailures: number;
  itemsSeen: number;
  /** Mean interval between the feed's items, ms, or null when unknown. */
  avgIntervalMs: number | null;
  nextPollAt: number;
  /** Set when the feed has failed for long: polled at the slowest rate only. */
  failing: boolean;
}
