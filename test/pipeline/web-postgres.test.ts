// `storyline serve --db postgres://...` in one process: its SSE clients get events recorded by any
// process at once, through LISTEN/NOTIFY (its fallback poll of the event log is 30 s, so an event
// within 5 s proves the push), like the API workers.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { defaultConfig } from "../../src/config.ts";
import { startWeb } from "../../src/pipeline/web.ts";
import { PostgresStore } from "../../src/store/postgres/store.ts";
import { pgSkip as skip, throwawaySchema } from "../helpers/pg.ts";
import { firstEvent } from "../helpers/sse.ts";

describe("single-process serve on PostgreSQL", { skip }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
  });

  it("pushes events recorded by another process to SSE clients at once", async () => {
    const { url: db, drop } = throwawaySchema("w");
    cleanup.push(drop);
    const served = await PostgresStore.open(db);
    cleanup.push(() => served.close());
    const web = await startWeb(served, { ...defaultConfig(), port: 0 }, null);
    cleanup.push(() => web.close());
    const other = await PostgresStore.open(db);
    cleanup.push(() => other.close());

    // The server holds a listening connection (notify.ts names it storyline-listen).
    const { rows } = await other.pool.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'storyline-listen'",
    );
    assert.ok(rows[0].n >= 1, "a LISTEN connection");
    const stream = firstEvent(web.url);
    await stream.connected;
    const t0 = Date.now();
    await other.addEvents([{ storyId: "story-1", type: "created", at: t0, data: { n: 1 } }]);
    const e = await Promise.race([
      stream.event,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("no push in 5 s")), 5000).unref(),
      ),
    ]);
    assert.equal(e.storyId, "story-1");
    assert.equal(e.type, "created");
  });
});
