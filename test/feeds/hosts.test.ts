import assert from "node:assert/strict";
import { getEventListeners, setMaxListeners } from "node:events";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { HostBudget, hostKey } from "../../src/feeds/hosts.ts";

async function run(
  budget: HostBudget,
  host: string,
  log: { host: string; start: number; end: number }[],
  holdMs: number,
) {
  const release = await budget.acquire(host);
  await budget.startSlot(host);
  const start = performance.now();
  await sleep(holdMs);
  log.push({ host, start, end: performance.now() });
  release();
}

test("request starts on one host are spaced by minSpacingMs", async () => {
  const budget = new HostBudget({ perHost: 4, minSpacingMs: 60 });
  const log: { host: string; start: number; end: number }[] = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 4 }, () => run(budget, "a.example", log, 5)));
  const starts = log.map((l) => l.start).sort((x, y) => x - y);
  // The k-th start can be late (a busy machine) but never earlier than k spacings after t0
  // (2 ms allowed for timer rounding).
  for (const [k, s] of starts.entries())
    assert.ok(s - t0 >= k * 60 - 2, `start ${k} at ${s - t0} ms`);
});

test("no more than perHost requests run at once on one host; other hosts are not held up", async () => {
  const budget = new HostBudget({ perHost: 2, minSpacingMs: 0 });
  let active = 0;
  let peak = 0;
  const job = async (host: string) => {
    const release = await budget.acquire(host);
    active++;
    peak = Math.max(peak, active);
    await sleep(30);
    active--;
    release();
  };
  const t0 = performance.now();
  const other = (async () => {
    const release = await budget.acquire("b.example");
    const waited = performance.now() - t0;
    release();
    return waited;
  })();
  await Promise.all([...Array.from({ length: 6 }, () => job("a.example")), other]);
  assert.equal(peak, 2);
  assert.ok((await other) < 25, "another host got its slot at once");
  // 6 jobs, 2 at a time, 30 ms each: at least three rounds.
  assert.ok(performance.now() - t0 >= 85);
});

test("an aborted wait leaves the queue and rejects", async () => {
  const budget = new HostBudget({ perHost: 1, minSpacingMs: 0 });
  const release = await budget.acquire("c.example");
  const ac = new AbortController();
  const waiting = budget.acquire("c.example", ac.signal);
  ac.abort(new Error("stopped"));
  await assert.rejects(waiting, /stopped/);
  assert.equal(budget.stats().get("c.example")?.waiting, 0);
  release();
  const again = await budget.acquire("c.example");
  again();
});

test("granted waits leave no listener behind on a long-lived signal", async () => {
  const budget = new HostBudget({ perHost: 1, minSpacingMs: 0 });
  const ac = new AbortController();
  // 49 waits at once hold a listener each while they wait (Node warns past 10 by default).
  setMaxListeners(64, ac.signal);
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      const release = await budget.acquire("d.example", ac.signal);
      await sleep(1);
      release();
    }),
  );
  assert.equal(getEventListeners(ac.signal, "abort").length, 0);
});

test("hosts are keyed by host name and port, case-insensitively", () => {
  assert.equal(hostKey("https://News.Example.com/feed"), "news.example.com");
  assert.equal(hostKey("http://127.0.0.1:8080/a"), "127.0.0.1:8080");
});
