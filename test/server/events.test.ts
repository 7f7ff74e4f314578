// Server-sent events: live story events, resumable with Last-Event-ID, with heartbeats.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, test } from "node:test";
import { addStory, KOREA, type Running, STORM, startServer } from "./fixture.ts";

interface Sse {
  events: { id: string; event: string; data: Record<string, unknown> }[];
  comments: string[];
  close(): void;
  /** Resolves once `n` events have arrived (or rejects after 5 s). */
  waitFor(n: number): Promise<void>;
  waitForComment(re: RegExp): Promise<void>;
}

function listen(url: string, headers: Record<string, string> = {}): Promise<Sse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: "text/event-stream", ...headers } }, (res) => {
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers["content-type"]), /^text\/event-stream/);
      const sse: Sse = {
        events: [],
        comments: [],
        close: () => req.destroy(),
        waitFor: (n) => until(() => sse.events.length >= n),
        waitForComment: (re) => until(() => sse.comments.some((c) => re.test(c))),
      };
      const waiters: (() => void)[] = [];
      const until = (ok: () => boolean) =>
        new Promise<void>((res2, rej2) => {
          if (ok()) return res2();
          const t = setTimeout(
            () => rej2(new Error(`timed out; got ${JSON.stringify(sse.events)}`)),
            5000,
          );
          waiters.push(() => {
            if (ok()) {
              clearTimeout(t);
              res2();
            }
          });
        });
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let end = buf.indexOf("\n\n");
        while (end >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) sse.comments.push(line.slice(1).trim());
            else {
              const i = line.indexOf(":");
              fields[line.slice(0, i)] = line.slice(i + 1).trimStart();
            }
          }
          if (fields.data)
            sse.events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
          end = buf.indexOf("\n\n");
        }
        for (const w of waiters) w();
      });
      res.on("error", () => {});
      resolve(sse);
    });
    req.on("error", (err) => {
      if ((err as NodeJS.ErrnoException).code !== "ECONNRESET") reject(err);
    });
    req.end();
  });
}

let r: Running;
before(async () => {
  r = await startServer([STORM], { heartbeatMs: 100 });
});
after(() => r.close());

test("a new story's events reach a connected client, then a client resumes after Last-Event-ID", async () => {
  const live = await listen(`${r.url}/api/events`);
  await live.waitForComment(/connected/);
  await addStory(r.store, KOREA);
  await live.waitFor(4);
  assert.deepEqual(
    live.events.map((e) => [e.event, e.data.type, e.data.storyId]),
    [
      ["story", "created", "s-korea"],
      ["story", "grew", "s-korea"],
      ["story", "grew", "s-korea"],
      ["story", "grew", "s-korea"],
    ],
  );
  const ids = live.events.map((e) => Number(e.id));
  assert.deepEqual(
    ids,
    [...ids].sort((a, b) => a - b),
  );
  live.close();

  // A client that saw only the first of these resumes and gets exactly the rest, in order.
  const resumed = await listen(`${r.url}/api/events`, { "last-event-id": String(ids[0]) });
  await resumed.waitFor(3);
  assert.deepEqual(
    resumed.events.map((e) => Number(e.id)),
    ids.slice(1),
  );
  // ...and keeps receiving live events afterwards.
  await r.store.addEvents([{ storyId: "s-korea", type: "quiet", at: Date.now() }]);
  await resumed.waitFor(4);
  assert.equal(resumed.events[3].data.type, "quiet");
  assert.equal(Number(resumed.events[3].id), ids[ids.length - 1] + 1);
  resumed.close();
});

test("?after=SEQ resumes like Last-Event-ID, and heartbeats keep the stream open", async () => {
  const s = await listen(`${r.url}/api/events?after=0`);
  await s.waitFor(2);
  assert.equal(s.events[0].id, "1");
  assert.equal(s.events[0].data.storyId, "s-storm");
  await s.waitForComment(/heartbeat/);
  s.close();
});

test("a bad Last-Event-ID is a 400", async () => {
  const res = await fetch(`${r.url}/api/events`, { headers: { "last-event-id": "abc" } });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).code, "bad_request");
});
