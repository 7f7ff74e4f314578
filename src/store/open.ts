// Opens the store a target names: a file path or sqlite: URL -> SQLite (the default), a
// postgres:// or postgresql:// URL -> PostgreSQL (loaded only when asked for). The store is
// migrated to the latest schema before it is returned.

import { fileURLToPath } from "node:url";
import { SqliteStore } from "./sqlite/store.ts";
import type { Store } from "./types.ts";

/** What a store target names, without opening anything. */
export function parseStoreTarget(
  target: string,
): { kind: "sqlite"; path: string } | { kind: "postgres"; url: string } {
  const t = target.trim();
  if (t === "") throw new Error("no store given: pass a file path or a postgres:// URL");
  if (/^postgres(ql)?:\/\//i.test(t)) return { kind: "postgres", url: t };
  if (/^sqlite:/i.test(t)) {
    // sqlite:///abs/path, sqlite://rel/path or sqlite:path
    const rest = t.slice("sqlite:".length);
    if (rest.startsWith("///"))
      return { kind: "sqlite", path: fileURLToPath(`file://${rest.slice(2)}`) };
    return { kind: "sqlite", path: decodeURIComponent(rest.replace(/^\/\//, "")) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) {
    throw new Error(
      `unsupported store URL "${t.split("://")[0]}://": use a file path or postgres://`,
    );
  }
  return { kind: "sqlite", path: t };
}

/** Opens and migrates the store at `target` (see parseStoreTarget). */
export async function openStore(target: string): Promise<Store> {
  const parsed = parseStoreTarget(target);
  if (parsed.kind === "sqlite") return SqliteStore.open(parsed.path);
  // A variable specifier keeps the PostgreSQL backend (and pg) out of SQLite-only runs.
  const modulePath = "./postgres/index.ts";
  let mod: { openPostgresStore?: (url: string) => Promise<Store> };
  try {
    mod = await import(modulePath);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && String(err).includes("postgres/index")) {
      throw new Error(
        "the PostgreSQL store is not available in this build (src/store/postgres is missing)",
      );
    }
    throw err;
  }
  if (typeof mod.openPostgresStore !== "function") {
    throw new Error("src/store/postgres/index.ts does not export openPostgresStore(url)");
  }
  return mod.openPostgresStore(parsed.url);
}
