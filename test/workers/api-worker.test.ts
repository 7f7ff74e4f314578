// Two API workers (separate processes, no state of their own) on one PostgreSQL store: both serve
// what another process writes, and both push a new event to their SSE clients at once through
// LISTEN/NOTIFY (their fallback poll of the event log is 30 s, so a prompt event proves the push).

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { PostgresStore } from "../../src/store/postgres/store.ts";
import { pgSkip as skip, throwawaySchema } from "../helpers/pg.ts";
import { firstEvent } from "../helpers/sse.ts";

const root = join(import.meta.dirname, "../..");

function startApi(db: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "src/cli/main.ts"),
      "worker",
      "--role",
      "api",
      "--port",
      "0",
      "--db",
      db,
    ],
    {
      cwd: root,
      env: { ...process.env, STORYLINE_LOG_LEVEL: "warn", STORYLINE_LOG_FORMAT: "json" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      out += d;
      const m = /open (http:\/\/\S+)/.exec(out);
      if (m && out.includes(" ready")) resolve(m[1]);
    });
    child.stderr?.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) => reject(new Error(`api worker exited (${code}): ${out}`)));
  });
  return { child, url };
}

describe("API workers on PostgreSQL", { skip }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
  });

  it("serve the shared store and push new events to SSE clients at once", async () => {
    const { url: db, drop } = throwawaySchema("a");
    cleanup.push(drop);
    const store = await PostgresStore.open(db);
    cleanup.push(() => store.close());

    const apis = [startApi(db), startApi(db)];
    cleanup.push(async () => {
      for (const a of apis) {
        if (a.child.exitCode === null) {
          a.child.kill("SIGTERM");
          await once(a.child, "exit");
        }
      }
    });
    const urls = await Promise.all(apis.map((a) => a.url));

    for (const url of urls) {
      const r = await fetch(`${url}healthz`);
      assert.equal(r.status, 200);
    }
    const streams = urls.map((url) => firstEvent(url));
    await Promise.all(streams.map((s) => s.connected));

    // Another process (here: this test) records an event: both workers push it within seconds.
    const t0 = Date.now();
    await store.addEvents([{ storyId: "story-1", type: "created", at: t0, data: { n: 1 } }]);
    const events = (await Promise.race([
      Promise.all(streams.map((s) => s.event)),
      new Promise((_, reject) => setTimeout(() => reject(new Error("no push in 5 s")), 5000)),
    ])) as { storyId: string; type: string }[];
    for (const e of events) {
      assert.equal(e.storyId, "story-1");
      assert.equal(e.type, "created");
    }
    assert.ok(Date.now() - t0 < 5000);
  });
});
