import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { openStore, parseStoreTarget } from "../../src/store/open.ts";

const dir = mkdtempSync(join(tmpdir(), "storyline-open-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("openStore", () => {
  it("opens a SQLite file at a path, creating its folder, migrated and usable", async () => {
    const path = join(dir, "new", "folder", "storyline.db");
    const s = await openStore(path);
    await s.addFeed({ url: "https://a.example/rss" });
    await s.close();
    assert.ok(existsSync(path));
    const again = await openStore(`sqlite://${path}`);
    assert.equal((await again.listFeeds()).length, 1);
    await again.close();
  });

  it("reads sqlite: URLs and postgres URLs without opening anything", () => {
    assert.deepEqual(parseStoreTarget("data/storyline.db"), {
      kind: "sqlite",
      path: "data/storyline.db",
    });
    assert.deepEqual(parseStoreTarget("sqlite:data/x.db"), { kind: "sqlite", path: "data/x.db" });
    assert.deepEqual(parseStoreTarget("sqlite:///tmp/a%20b.db"), {
      kind: "sqlite",
      path: "/tmp/a b.db",
    });
    assert.deepEqual(parseStoreTarget("postgres://u@h/db"), {
      kind: "postgres",
      url: "postgres://u@h/db",
    });
    assert.deepEqual(parseStoreTarget("postgresql://h/db"), {
      kind: "postgres",
      url: "postgresql://h/db",
    });
  });

  it("refuses other URLs and empty targets with one line", async () => {
    await assert.rejects(openStore("mysql://h/db"), /unsupported store URL "mysql:\/\/"/);
    await assert.rejects(openStore("  "), /no store given/);
  });
});
