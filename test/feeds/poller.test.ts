import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, test } from "node:test";
import { Poller, type PollerOptions, type PollReport } from "../../src/feeds/poller.ts";
import type { FeedState, ParsedFeed } from "../../src/feeds/types.ts";
import { openStore } from "../../src/store/open.ts";
import type { Store } from "../../src/store/types.ts";
import { type FixtureServer, rss, startServer } from "./http-fixture.ts";

let srv: FixtureServer;
let dir: string;
let store: Store;
let handed: { feed: FeedState; parsed: ParsedFeed }[];

before(async () => {
  srv = await startServer();
});
after(() => srv.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "storyline-poller-"));
  store = await openStore(join(dir, "store.db"));
  handed = [];
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const HOUR = 3_600_000;

function poller(extra: PollerOptions = {}): Poller {
  return new Poller(
    {
      dueFeeds: (now, limit) => store.dueFeeds(now, limit),
      updateFeed: (id, patch) => store.updateFeed(id, patch),
      onFeed: (feed, parsed) => {
        handed.push({ feed, parsed });
        return { inserted: parsed.items.length };
      },
    },
    {
      fetch: { allowPrivate: true, timeoutMs: 2000 },
      hosts: { perHost: 4, minSpacingMs: 0 },
      ...extra,
    },
  );
}

/** Serves a fixed feed with validators, answering 304 when the client sends them back. */
function conditional(path: string, body: string) {
  const etag = '"feed-v1"';
  const lastModified = "Sat, 10 Jan 2026 12:00:00 GMT";
  srv.route(path, (req, res) => {
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, {
      "content-type": "application/rss+xml",
      etag,
      "last-modified": lastModified,
    });
    res.end(body);
  });
}

async function makeDue(id: number) {
  await store.updateFeed(id, { nextPollAt: 0 });
}

test("first poll hands the parsed feed over and stores validators; the second sends them and gets a 304", async () => {
  conditional("/news.xml", rss(5, { title: "Fixture News", start: Date.now() - 600_000 }));
  const feed = await store.addFeed({ url: srv.url("/news.xml") });
  const p = poller();
  const t0 = Date.now();

  const [first] = await p.pollDue();
  assert.equal(first.outcome, "updated");
  assert.equal(first.items, 5);
  assert.equal(handed.length, 1);
  assert.equal(handed[0].parsed.items.length, 5);
  assert.equal(handed[0].feed.id, feed.id);
  let stored = (await store.getFeed(feed.id))!;
  assert.equal(stored.etag, '"feed-v1"');
  assert.equal(stored.lastModified, "Sat, 10 Jan 2026 12:00:00 GMT");
  assert.equal(stored.lastStatus, 200);
  assert.equal(stored.lastError, null);
  assert.equal(stored.itemsSeen, 5);
  assert.equal(stored.avgIntervalMs, HOUR);
  assert.equal(stored.title, "Fixture News");
  assert.ok(stored.lastSuccessAt! >= t0);
  assert.ok(stored.nextPollAt > t0 + 4 * 60_000, "not due again for minutes");

  // Nothing is due now: a second pass does not fetch.
  assert.deepEqual(await p.pollDue(), []);
  assert.equal(srv.hits("/news.xml").length, 1);

  await makeDue(feed.id);
  const [second] = await p.pollDue();
  assert.equal(second.outcome, "not-modified");
  assert.equal(second.status, 304);
  const hits = srv.hits("/news.xml");
  assert.equal(hits.length, 2);
  assert.equal(hits[1].headers["if-none-match"], '"feed-v1"');
  assert.equal(hits[1].headers["if-modified-since"], "Sat, 10 Jan 2026 12:00:00 GMT");
  assert.equal(handed.length, 1, "a 304 hands nothing over");
  stored = (await store.getFeed(feed.id))!;
  assert.equal(stored.lastStatus, 304);
  assert.equal(stored.consecutiveFailures, 0);
  assert.equal(stored.etag, '"feed-v1"');
  assert.equal(stored.itemsSeen, 5);
});

test("a permanent redirect updates the feed's URL in the store", async () => {
  conditional("/new-home.xml", rss(2));
  srv.route("/old-home.xml", (_req, res) => {
    res.writeHead(301, { location: "/new-home.xml" });
    res.end();
  });
  const feed = await store.addFeed({ url: srv.url("/old-home.xml") });
  const [r] = await poller().pollDue();
  assert.equal(r.movedTo, srv.url("/new-home.xml"));
  assert.equal((await store.getFeed(feed.id))!.url, srv.url("/new-home.xml"));
  assert.equal(handed[0].feed.url, srv.url("/new-home.xml"));
});

test("a permanent redirect to a URL another feed already has keeps the address and says why", async () => {
  conditional("/merged-target.xml", rss(2));
  srv.route("/merged-old.xml", (_req, res) => {
    res.writeHead(308, { location: "/merged-target.xml" });
    res.end();
  });
  const old = await store.addFeed({ url: srv.url("/merged-old.xml") });
  const target = await store.addFeed({ url: srv.url("/merged-target.xml") });
  await store.updateFeed(target.id, { nextPollAt: Date.now() + HOUR });
  const [r] = await poller().pollDue();
  assert.equal(r.feedId, old.id);
  const stored = (await store.getFeed(old.id))!;
  assert.equal(stored.url, srv.url("/merged-old.xml"));
  assert.match(
    stored.lastError ?? "",
    /moved permanently to .*merged-target\.xml, but the URL could not be updated/,
  );
  assert.equal(stored.lastStatus, 200, "the poll itself was recorded");
});

test("a temporary redirect keeps the feed's URL", async () => {
  conditional("/temp-target.xml", rss(2));
  srv.route("/temp.xml", (_req, res) => {
    res.writeHead(302, { location: "/temp-target.xml" });
    res.end();
  });
  const feed = await store.addFeed({ url: srv.url("/temp.xml") });
  const [r] = await poller().pollDue();
  assert.equal(r.outcome, "updated");
  assert.equal((await store.getFeed(feed.id))!.url, srv.url("/temp.xml"));
});

test("a failing feed records a one-line error and backs off further after each failure", async () => {
  srv.route("/broken.xml", (_req, res: ServerResponse) => {
    res.writeHead(500);
    res.end("boom");
  });
  const feed = await store.addFeed({ url: srv.url("/broken.xml") });
  const p = poller();
  const delays: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const before = Date.now();
    const [r] = await p.pollDue();
    assert.equal(r.outcome, "error");
    const stored = (await store.getFeed(feed.id))!;
    assert.equal(stored.consecutiveFailures, i);
    assert.equal(stored.lastStatus, 500);
    assert.equal(stored.lastError, "HTTP 500 Internal Server Error");
    assert.equal(stored.lastSuccessAt, null);
    delays.push(stored.nextPollAt - before);
    await makeDue(feed.id);
  }
  for (let i = 1; i < delays.length; i++) {
    assert.ok(delays[i] > delays[i - 1] * 1.3, `backoff grows: ${delays.join(", ")}`);
  }
  assert.equal(handed.length, 0);
});

test("after many failures the feed is marked failing and polled at the slowest rate", async () => {
  const feed = await store.addFeed({ url: srv.url("/missing-for-good.xml") });
  await store.updateFeed(feed.id, { consecutiveFailures: 9 });
  const before = Date.now();
  const [r] = await poller().pollDue();
  assert.equal(r.failing, true);
  const stored = (await store.getFeed(feed.id))!;
  assert.equal(stored.failing, true);
  assert.equal(stored.lastError, "HTTP 404 Not Found");
  assert.ok(stored.nextPollAt >= before + 24 * HOUR);
});

test("429 with Retry-After pushes the next poll out by that long", async () => {
  srv.route("/limited.xml", (_req, res) => {
    res.writeHead(429, { "retry-after": "7200" });
    res.end();
  });
  const feed = await store.addFeed({ url: srv.url("/limited.xml") });
  const before = Date.now();
  await poller().pollDue();
  const stored = (await store.getFeed(feed.id))!;
  assert.equal(stored.lastStatus, 429);
  assert.ok(stored.nextPollAt >= before + 2 * HOUR, "waits the Retry-After");
  assert.ok(stored.nextPollAt <= Date.now() + 2 * HOUR + 1000);
});

test("an HTML page where a feed was expected says so and suggests discovery", async () => {
  srv.route("/page", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      "<!doctype html><html><head><title>Home</title></head><body><p>Hello</p></body></html>",
    );
  });
  const feed = await store.addFeed({ url: srv.url("/page") });
  await poller().pollDue();
  const stored = (await store.getFeed(feed.id))!;
  assert.match(stored.lastError ?? "", /HTML page.*discover/);
  assert.equal(stored.lastError!.includes("\n"), false);
});

test("without the private-address allowance a 127.0.0.1 feed is refused and never contacted", async () => {
  srv.route("/private.xml", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.end(rss(1));
  });
  const feed = await store.addFeed({ url: srv.url("/private.xml") });
  await poller({ fetch: { timeoutMs: 2000 } }).pollDue();
  const stored = (await store.getFeed(feed.id))!;
  assert.match(stored.lastError ?? "", /refused to connect to 127\.0\.0\.1: loopback/);
  assert.equal(srv.hits("/private.xml").length, 0);
});

test("when onFeed fails the new validators are not kept, so the next poll fetches the items again", async () => {
  conditional("/flaky-store.xml", rss(3));
  const feed = await store.addFeed({ url: srv.url("/flaky-store.xml") });
  let fail = true;
  const p = new Poller(
    {
      dueFeeds: (now, limit) => store.dueFeeds(now, limit),
      updateFeed: (id, patch) => store.updateFeed(id, patch),
      onFeed: () => {
        if (fail) throw new Error("disk full");
      },
    },
    { fetch: { allowPrivate: true, timeoutMs: 2000 }, hosts: { minSpacingMs: 0 } },
  );
  await p.pollDue();
  let stored = (await store.getFeed(feed.id))!;
  assert.match(stored.lastError ?? "", /storing the feed's items failed: disk full/);
  assert.equal(stored.etag, null);
  assert.equal(stored.consecutiveFailures, 1);
  fail = false;
  await makeDue(feed.id);
  const [r] = await p.pollDue();
  assert.equal(r.outcome, "updated");
  assert.equal(srv.hits("/flaky-store.xml")[1].headers["if-none-match"], undefined);
  stored = (await store.getFeed(feed.id))!;
  assert.equal(stored.etag, '"feed-v1"');
});

test("requests to one host are spaced, and the global limit caps fetches in flight", async () => {
  let active = 0;
  let peak = 0;
  for (let i = 0; i < 6; i++) {
    srv.route(`/spaced-${i}.xml`, (_req, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.end(rss(1));
      }, 40);
    });
    await store.addFeed({ url: srv.url(`/spaced-${i}.xml`) });
  }
  const t0 = Date.now();
  const reports = await poller({
    hosts: { perHost: 3, minSpacingMs: 50 },
    concurrency: 2,
  }).pollDue();
  assert.equal(reports.length, 6);
  assert.ok(peak <= 2, `at most 2 in flight, saw ${peak}`);
  const starts = [0, 1, 2, 3, 4, 5]
    .map((i) => srv.hits(`/spaced-${i}.xml`)[0].at)
    .sort((a, b) => a - b);
  // Arrivals can be late on a busy machine but never closer than the spacing allows overall:
  // the k-th request arrives at least k spacings after the first leaves.
  for (const [k, at] of starts.entries())
    assert.ok(at - t0 >= k * 50 - 2, `request ${k} at ${at - t0} ms`);
});

test("start() polls in the background and stop() waits for the poll in progress", async () => {
  srv.route("/bg.xml", (_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end(rss(2));
    }, 150);
  });
  const feed = await store.addFeed({ url: srv.url("/bg.xml") });
  const reports: PollReport[] = [];
  const p = poller({ idleMs: 20, onPolled: (r) => reports.push(r) });
  p.start();
  while (srv.hits("/bg.xml").length === 0) await new Promise((r) => setTimeout(r, 10));
  await p.stop();
  assert.equal(reports.length, 1, "the fetch in progress was finished and recorded");
  assert.equal((await store.getFeed(feed.id))!.lastStatus, 200);
  assert.equal(srv.hits("/bg.xml").length, 1);
});

test("a poll that cannot be recorded is reported and the feed is not fetched again in a loop", async () => {
  conditional("/unrecordable.xml", rss(1));
  await store.addFeed({ url: srv.url("/unrecordable.xml") });
  const errors: string[] = [];
  const p = new Poller(
    {
      dueFeeds: (now, limit) => store.dueFeeds(now, limit),
      // The real store, with its writes failing (a full disk, a lost connection).
      updateFeed: async () => {
        throw new Error("database is locked");
      },
      onFeed: () => 0,
    },
    {
      fetch: { allowPrivate: true, timeoutMs: 2000 },
      hosts: { minSpacingMs: 0 },
      idleMs: 10,
      onError: (_feed, err) => errors.push(err.message),
    },
  );
  p.start();
  await new Promise((r) => setTimeout(r, 400));
  await p.stop();
  assert.deepEqual(errors, ["database is locked"]);
  assert.equal(srv.hits("/unrecordable.xml").length, 1, "still due, but not re-fetched at once");
});
