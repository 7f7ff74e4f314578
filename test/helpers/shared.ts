// Locates the development data in ../shared (absent on a user's fresh clone: tests skip then).
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export const sharedDir = resolve(import.meta.dirname, "../../../shared");
export const devDir = resolve(sharedDir, "data/dev");

/** Path of a file under ../shared/data, or null when it is not there. */
export function sharedFile(rel: string): string | null {
  const p = resolve(sharedDir, "data", rel);
  return existsSync(p) ? p : null;
}

/** Reason to pass as `skip` when the shared data is missing, else false. */
export function skipWithoutShared(rel: string): string | false {
  return sharedFile(rel) ? false : `../shared/data/${rel} is not here`;
}
