// Near-duplicate lookup: the earliest stored copy of a new article among the articles sharing at
// least one LSH band key with it, within a time window around it. Candidates come from an
// in-memory band index per connection (src/store/band-index.ts) over the last INDEX_CAPACITY
// articles stored, filled from the narrow article_signatures table when first used and brought
// up to date at the start of every ingest transaction (so articles another process stored count
// too). Only the matches tied for the earliest time are read from the articles table, for their
// id and link.
//
// Up to schema version 7 the band keys were a table (article_bands): 16 inserts at random places
// of a B-tree per article, whose pages, once the index outgrew the cache, made both the lookup and
// every commit slower as the store grew (bench/store.ts: 264 -> 818 µs of CPU per article over
// 100,000 articles). Migration 8 drops that table.

import type Database from "better-sqlite3";
import {
  type DuplicateCandidate,
  earliestCopy,
  signatureFromBytes,
} from "../../articles/dedupe.ts";
import { BandIndex } from "../band-index.ts";

/**
 * Articles the index holds, newest first: a week at 14,000 articles a day, about 55 MB. A copy
 * is only looked for among them (wire copies follow their original within hours).
 */
export const INDEX_CAPACITY = 100_000;

interface State {
  index: BandIndex;
  /** Signatures stored after a seq, newest first, at most INDEX_CAPACITY. */
  newer: Database.Statement;
  articles: Database.Statement;
}

const states = new WeakMap<Database.Database, State>();

function stateOf(db: Database.Database): State {
  let s = states.get(db);
  if (!s) {
    s = {
      index: new BandIndex(INDEX_CAPACITY),
      newer: db.prepare(
        "SELECT seq, at, signature FROM article_signatures WHERE seq > ? ORDER BY seq DESC LIMIT ?",
      ),
      articles: db.prepare(
        "SELECT seq, id, duplicate_of FROM articles WHERE seq IN (SELECT value FROM json_each(?))",
      ),
    };
    states.set(db, s);
  }
  return s;
}

/**
 * Adds the signatures stored since the index last looked (all of the newest INDEX_CAPACITY on
 * first use): call inside the write transaction, before looking anything up.
 */
export function syncBandIndex(db: Database.Database): void {
  const s = stateOf(db);
  const rows = s.newer.all(s.index.lastSeq, INDEX_CAPACITY) as {
    seq: number;
    at: number;
    signature: Buffer;
  }[];
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i];
    s.index.add(r.seq, r.at, signatureFromBytes(r.signature));
  }
}

/** Adds an article this connection just stored (inside the transaction that stores it). */
export function addToBandIndex(db: Database.Database, seq: number, at: number, sig: Uint32Array) {
  stateOf(db).index.add(seq, at, sig);
}

/** Forgets deleted articles (after a prune committed). */
export function dropFromBandIndex(db: Database.Database, seqs: number[]): void {
  states.get(db)?.index.drop(seqs);
}

/**
 * Drops the connection's index (after a rolled-back write transaction: it may hold rows that
 * were never committed, and their seqs are reused); the next ingest rebuilds it.
 */
export function forgetBandIndex(db: Database.Database): void {
  states.delete(db);
}

/**
 * The id of the earliest stored copy `sig` duplicates (its original when that copy is itself a
 * copy), among indexed articles sharing a band key in `keys` within windowMs of `at`; null when
 * none. Same answer as earliestCopy over every such candidate: earliest time, then smallest id.
 */
export function nearDuplicateOf(
  db: Database.Database,
  sig: Uint32Array,
  keys: number[],
  at: number,
  windowMs: number,
): string | null {
  const s = stateOf(db);
  for (;;) {
    const found = s.index.matches(sig, keys, at, windowMs);
    if (found.length === 0) return null;
    const earliest = Math.min(...found.map((m) => m.at));
    const tied = new Map(found.filter((m) => m.at === earliest).map((m) => [m.seq, m.sig]));
    const rows = s.articles.all(JSON.stringify([...tied.keys()])) as {
      seq: number;
      id: string;
      duplicate_of: string | null;
    }[];
    if (rows.length < tied.size) {
      // Pruned by another process sharing the file: forget them and look again.
      const alive = new Set(rows.map((r) => r.seq));
      s.index.drop([...tied.keys()].filter((seq) => !alive.has(seq)));
      continue;
    }
    const candidates: DuplicateCandidate[] = rows.map((r) => ({
      id: r.id,
      signature: tied.get(r.seq) as Uint32Array,
      duplicateOf: r.duplicate_of,
      at: earliest,
    }));
    return earliestCopy(sig, candidates);
  }
}
