// A throwaway schema per PostgreSQL test, on the server scripts/with-postgres.sh starts (the
// tests skip without it).
import { randomBytes } from "node:crypto";
import pg from "pg";

export const pgUrl = process.env.STORYLINE_TEST_PG_URL;
export const pgSkip = pgUrl
  ? false
  : "STORYLINE_TEST_PG_URL is not set (run under scripts/with-postgres.sh)";

/** A fresh schema `PREFIX_<random>`: the database URL that selects it, and what drops it. */
export function throwawaySchema(prefix: string): { url: string; drop: () => Promise<void> } {
  const schema = `${prefix}_${randomBytes(6).toString("hex")}`;
  const u = new URL(pgUrl ?? "");
  u.searchParams.set("schema", schema);
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}
