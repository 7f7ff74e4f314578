// Near-duplicate lookup: the earliest stored copy of a new article among the articles sharing at
// least one LSH band key with it, within a time window around it. The band index is keyed
// (week, band, seq), so the lookup seeks every (week of the window, band) pair. A big story puts
// hundreds of its articles (similar, but not copies) under the same band keys within the window,
// and each is compared: the per-candidate cost is what sets the ingest rate of a large store. So
// candidates' signatures come from an in-memory cache backed by the narrow article_signatures
// table (migration 6), never from the wide articles rows, and only the few matches tied for the
// earliest time are read from the articles table (for their id and link).

import type Database from "better-sqlite3";
import {
  type DuplicateCandidate,
  earliestCopy,
  NEAR_DUPLICATE_JACCARD,
  signatureFromBytes,
} from "../../articles/dedupe.ts";

const WEEK_MS = 7 * 86_400_000;

/** The week number of an epoch-ms time (floor, also before 1970). */
export function weekOf(at: number): number {
  return Math.floor(at / WEEK_MS);
}

/** Signatures kept in memory per connection: a week of 15,000 articles a day, about 50 MB. */
const CACHE_LIMIT = 150_000;

interface Cached {
  at: number;
  sig: Uint32Array;
}

interface State {
  bandSeqs: Database.Statement;
  signatureOf: Database.Statement;
  articles: Database.Statement;
  /** seq -> signature, oldest first (a Map keeps insertion order), at most CACHE_LIMIT. */
  cache: Map<number, Cached>;
}

const states = new WeakMap<Database.Database, State>();

function stateOf(db: Database.Database): State {
  let s = states.get(db);
  if (!s) {
    s = {
      // Reads only the band index (a covering WITHOUT ROWID B-tree); a seq repeats when it
      // shares several bands, which is rare but for true copies.
      bandSeqs: db
        .prepare(`
          SELECT seq FROM article_bands
          WHERE week IN (SELECT value FROM json_each(?)) AND band IN (SELECT value FROM json_each(?))`)
        .pluck(),
      signatureOf: db.prepare("SELECT at, signature FROM article_signatures WHERE seq = ?"),
      articles: db.prepare(
        "SELECT seq, id, duplicate_of FROM articles WHERE seq IN (SELECT value FROM json_each(?))",
      ),
      cache: new Map(),
    };
    states.set(db, s);
  }
  return s;
}

/**
 * A candidate's time and signature, from memory when seen before. A seq's row never changes
 * (AUTOINCREMENT never reuses a committed seq; a pruned one loses its bands, so it is never
 * a candidate again), so entries stay right, also while other processes write the file. Only a
 * rolled-back insert could leave a wrong entry: forgetSignatures() after a failed transaction.
 */
function candidate(s: State, seq: number): Cached | null {
  const hit = s.cache.get(seq);
  if (hit) return hit;
  const row = s.signatureOf.get(seq) as { at: number; signature: Buffer } | undefined;
  if (!row) return null;
  const entry = { at: row.at, sig: signatureFromBytes(row.signature) };
  s.cache.set(seq, entry);
  if (s.cache.size > CACHE_LIMIT) {
    const oldest = s.cache.keys().next().value as number;
    s.cache.delete(oldest);
  }
  return entry;
}

/**
 * isNearDuplicate with an early exit: most candidates are similar articles that are not copies,
 * and stop being one as soon as too many positions differ.
 */
function nearDuplicate(sig: Uint32Array, other: Uint32Array): boolean {
  const allowed = sig.length - Math.ceil(NEAR_DUPLICATE_JACCARD * sig.length);
  let differ = 0;
  for (let i = 0; i < sig.length; i++) {
    if (sig[i] !== other[i] && ++differ > allowed) return false;
  }
  return true;
}

/** Drops the connection's cached signatures (after a rolled-back write transaction). */
export function forgetSignatures(db: Database.Database): void {
  states.get(db)?.cache.clear();
}

/**
 * The id of the earliest stored copy `sig` duplicates (its original when that copy is itself a
 * copy), among articles sharing a band key in `keys` within windowMs of `at`; null when none.
 * Same answer as earliestCopy over every candidate: earliest time, then smallest id.
 */
export function nearDuplicateOf(
  db: Database.Database,
  sig: Uint32Array,
  keys: number[],
  at: number,
  windowMs: number,
): string | null {
  const s = stateOf(db);
  const weeks: number[] = [];
  for (let w = weekOf(at - windowMs); w <= weekOf(at + windowMs); w++) weeks.push(w);
  const seqs = s.bandSeqs.all(JSON.stringify(weeks), JSON.stringify(keys)) as number[];
  // Only the matches earliest in time are kept; their ids are read afterwards.
  let earliest = Number.POSITIVE_INFINITY;
  let tied = new Map<number, Uint32Array>();
  for (const seq of seqs) {
    if (tied.has(seq)) continue;
    const c = candidate(s, seq);
    if (!c || c.at > earliest || Math.abs(c.at - at) > windowMs) continue;
    if (!nearDuplicate(sig, c.sig)) continue;
    if (c.at < earliest) {
      earliest = c.at;
      tied = new Map();
    }
    tied.set(seq, c.sig);
  }
  if (tied.size === 0) return null;
  const found = s.articles.all(JSON.stringify([...tied.keys()])) as {
    seq: number;
    id: string;
    duplicate_of: string | null;
  }[];
  const candidates: DuplicateCandidate[] = found.map((r) => ({
    id: r.id,
    signature: tied.get(r.seq) as Uint32Array,
    duplicateOf: r.duplicate_of,
    at: earliest,
  }));
  return earliestCopy(sig, candidates);
}
