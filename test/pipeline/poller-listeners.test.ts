// Many feeds on one host (a replay serves every outlet from 127.0.0.1): the feeds waiting for the
// host's slots must not each leave an abort listener on one long-lived signal (Node warns past
// 10: MaxListenersExceededWarning), and stop() must still drop every waiting feed at once.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { Poller } from "../../src/feeds/poller.ts";
import type { FeedState } from "../../src/feeds/types.ts";
import { feedState } from "./fixtures.ts";

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><guid>a</guid><title>Item</title><description>Text</description></item></channel></rss>`;

/** Live "abort" listeners per AbortSignal, and the most any one signal held at once. */
function countAbortListeners() {
  const live = new WeakMap<object, Set<unknown>>();
  let max = 0;
  const proto = AbortSignal.prototype as unknown as EventTarget;
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  proto.addEventListener = function (this: EventTarget, type: string, fn: unknown, opts?: unknown) {
    if (type === "abort") {
      const set = live.get(this) ?? new Set();
      live.set(this, set);
      set.add(fn);
      max = Math.max(max, set.size);
    }
    return add.call(this, type, fn as EventListener, opts as AddEventListenerOptions);
  };
  proto.removeEventListener = function (this: EventTarget, type: string, fn: unknown, o?: unknown) {
    if (type === "abort") live.get(this)?.delete(fn);
    return remove.call(this, type, fn as EventListener, o as EventListenerOptions);
  };
  return {
    max: () => max,
    restore: () => {
      proto.addEventListener = add;
      proto.removeEventListener = remove;
    },
  };
}

async function feedServer(t: { after: (fn: () => unknown) => void }, delayMs: number) {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end(RSS);
    }, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  t.after(() => new Promise((r) => server.close(r)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, requests: () => requests };
}

function memoryDeps(feeds: FeedState[], onFeed: () => void = () => {}) {
  return {
    dueFeeds: async (now: number, limit: number) =>
      feeds.filter((f) => f.nextPollAt <= now).slice(0, limit),
    updateFeed: async (id: number, patch: Partial<FeedState>) => {
      Object.assign(feeds.find((f) => f.id === id)!, patch);
    },
    onFeed: async () => onFeed(),
  };
}

test("60 feeds on one host: no signal holds more than a couple of abort listeners, and no leak warning", async (t) => {
  const { base } = await feedServer(t, 5);
  const feeds = Array.from({ length: 60 }, (_, i) => feedState(i + 1, `${base}/f${i}.xml`));
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on("warning", onWarning);
  t.after(() => process.off("warning", onWarning));
  const counter = countAbortListeners();
  let handed = 0;
  try {
    const poller = new Poller(
      memoryDeps(feeds, () => handed++),
      {
        concurrency: 8,
        hosts: { perHost: 1, minSpacingMs: 0 },
        fetch: { allowPrivate: true },
        schedule: { minIntervalMs: 3_600_000, defaultIntervalMs: 3_600_000 },
      },
    );
    const reports = await poller.pollDue();
    assert.equal(reports.length, 60);
    assert.ok(reports.every((r) => r.outcome === "updated"));
  } finally {
    counter.restore();
  }
  assert.equal(handed, 60);
  // Up to 31 feeds wait for the host's one slot at a time; each waits on its own signal.
  assert.ok(counter.max() <= 2, `a signal held ${counter.max()} abort listeners at once`);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(
    warnings.filter((w) => w === "MaxListenersExceededWarning"),
    [],
  );
});

test("stop() drops the feeds still waiting for the host and leaves them due", async (t) => {
  const { base, requests } = await feedServer(t, 100);
  const feeds = Array.from({ length: 30 }, (_, i) => feedState(i + 1, `${base}/f${i}.xml`));
  const poller = new Poller(memoryDeps(feeds), {
    concurrency: 4,
    hosts: { perHost: 1, minSpacingMs: 0 },
    fetch: { allowPrivate: true },
    schedule: { minIntervalMs: 3_600_000, defaultIntervalMs: 3_600_000 },
    idleMs: 10,
  });
  poller.start();
  while (requests() === 0) await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  await poller.stop();
  const polled = feeds.filter((f) => f.lastAttemptAt !== null).length;
  // The fetch in progress finished and was recorded; the waiting ones were dropped, not fetched.
  assert.ok(polled >= 1 && polled < 30, `${polled} polled`);
  assert.equal(requests(), polled);
  assert.ok(feeds.filter((f) => f.nextPollAt === 0).length === 30 - polled);
  assert.ok(performance.now() - t0 < 5_000);
});
