// Connecting to PostgreSQL: a pool per store, with BIGINT/COUNT results as JavaScript numbers
// (epoch milliseconds and counts stay far below 2^53) and an optional schema taken from the URL.

import pg from "pg";

/** Type parsers for this pool only (the pg module's global parsers stay untouched). */
const INT8_OID = 20;
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID && format !== "binary") return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export interface PgTarget {
  /** The connection string without Storyline's own parameters. */
  connectionString: string;
  /** Schema to keep every table in (the `schema` URL parameter), or null for the default. */
  schema: string | null;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Splits Storyline's `schema` parameter off a postgres:// URL (several stores can share one
 * database in separate schemas, e.g. one per test). A bad schema name is a one-line error.
 */
export function parsePgUrl(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error("invalid PostgreSQL URL (expected postgres://user@host:port/database)");
  }
  const schema = u.searchParams.get("schema");
  u.searchParams.delete("schema");
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema "${schema}" in the PostgreSQL URL (use a-z, 0-9 and _)`);
  }
  return { connectionString: u.toString(), schema };
}

export interface PoolOptions {
  max?: number;
  applicationName?: string;
}

/** A pool whose connections all use the target's schema. */
export function createPool(target: PgTarget, options: PoolOptions = {}): pg.Pool {
  return new pg.Pool({
    connectionString: target.connectionString,
    max: options.max ?? 10,
    types,
    application_name: options.applicationName ?? "storyline",
    // The schema goes first; public stays reachable for extensions installed there.
    options: target.schema ? `-c search_path=${target.schema},public` : undefined,
    idleTimeoutMillis: 10_000,
  });
}

/** One connection outside any pool (LISTEN and session advisory locks need their own). */
export function createClient(target: PgTarget, applicationName = "storyline"): pg.Client {
  return new pg.Client({
    connectionString: target.connectionString,
    types,
    application_name: applicationName,
    options: target.schema ? `-c search_path=${target.schema},public` : undefined,
  });
}
