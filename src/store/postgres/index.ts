// The PostgreSQL backend, loaded lazily by src/store/open.ts for postgres:// URLs.

import type { Store } from "../types.ts";
import { PostgresStore, type PostgresStoreOptions } from "./store.ts";

export { PostgresStore, type PostgresStoreOptions } from "./store.ts";

/** Opens and migrates the PostgreSQL store at `url` (`?schema=NAME` keeps it in that schema). */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<Store> {
  return PostgresStore.open(url, options);
}
