import assert from "node:assert/strict";
import { test } from "node:test";
import {
  averageInterval,
  type PollOutcome,
  planNextPoll,
  unitHash,
} from "../../src/feeds/schedule.ts";

const MIN = 60_000;
const HOUR = 3_600_000;
const now = Date.UTC(2026, 0, 10, 12, 0, 0);
const ok = (extra: Partial<PollOutcome> = {}): PollOutcome => ({
  now,
  ok: true,
  consecutiveFailures: 0,
  lastSuccessAt: now,
  avgIntervalMs: null,
  seed: 7,
  ...extra,
});
const fail = (failures: number, extra: Partial<PollOutcome> = {}): PollOutcome => ({
  now,
  ok: false,
  consecutiveFailures: failures,
  lastSuccessAt: now - HOUR,
  avgIntervalMs: HOUR,
  seed: 7,
  ...extra,
});
const within = (value: number, target: number, frac: number) =>
  assert.ok(
    Math.abs(value - target) <= target * frac + 1,
    `${value} not within ${frac} of ${target}`,
  );

test("a feed publishing hourly is polled about every 30 minutes", () => {
  const p = planNextPoll(ok({ avgIntervalMs: HOUR }));
  within(p.intervalMs, 30 * MIN, 0.1);
  assert.equal(p.nextPollAt, now + p.intervalMs);
  assert.equal(p.failing, false);
});

test("the interval stays within 5 minutes and 24 hours", () => {
  const inRange = (ms: number, lo: number, hi: number) => assert.ok(ms >= lo && ms <= hi, `${ms}`);
  // Jitter spreads feeds by up to 10% but never past the bounds.
  inRange(planNextPoll(ok({ avgIntervalMs: MIN })).intervalMs, 5 * MIN, 5.5 * MIN);
  inRange(planNextPoll(ok({ avgIntervalMs: 7 * 24 * HOUR })).intervalMs, 21.6 * HOUR, 24 * HOUR);
  const custom = planNextPoll(ok({ avgIntervalMs: MIN }), { minIntervalMs: 15 * MIN });
  inRange(custom.intervalMs, 15 * MIN, 16.5 * MIN);
});

test("an unknown publishing rate uses the default interval", () => {
  const p = planNextPoll(ok());
  within(p.intervalMs, HOUR, 0.1);
  assert.match(p.reason, /unknown/);
});

test("the feed's own hints slow polling down: ttl, sy:updatePeriod, Cache-Control max-age", () => {
  const hints = { ttlMinutes: 120, updateIntervalMinutes: null, skipHours: [] };
  const ttl = planNextPoll(ok({ avgIntervalMs: 10 * MIN, hints }));
  within(ttl.intervalMs, 120 * MIN, 0.1);
  assert.equal(ttl.reason, "ttl");
  const sy = planNextPoll(
    ok({
      avgIntervalMs: 10 * MIN,
      hints: { ttlMinutes: null, updateIntervalMinutes: 360, skipHours: [] },
    }),
  );
  within(sy.intervalMs, 6 * HOUR, 0.1);
  const maxAge = planNextPoll(ok({ avgIntervalMs: 10 * MIN, maxAgeMs: 3 * HOUR }));
  within(maxAge.intervalMs, 3 * HOUR, 0.1);
  assert.equal(maxAge.reason, "Cache-Control max-age");
  // A hint never pushes past the slowest rate.
  assert.ok(planNextPoll(ok({ maxAgeMs: 30 * 24 * HOUR })).intervalMs <= 24 * HOUR);
});

test("a poll that would land in skipHours moves to the next allowed hour", () => {
  // 12:00 + ~30 min lands in hour 12; skip 12, 13 and 14 -> 15:00 UTC.
  const p = planNextPoll(
    ok({
      avgIntervalMs: HOUR,
      hints: { ttlMinutes: null, updateIntervalMinutes: null, skipHours: [12, 13, 14] },
    }),
  );
  assert.equal(p.nextPollAt, Date.UTC(2026, 0, 10, 15));
  assert.match(p.reason, /skipHours/);
  // All 24 hours listed is nonsense: ignored.
  const all = planNextPoll(
    ok({
      avgIntervalMs: HOUR,
      hints: { ttlMinutes: null, updateIntervalMinutes: null, skipHours: [...Array(24).keys()] },
    }),
  );
  within(all.intervalMs, 30 * MIN, 0.1);
});

test("failures back off exponentially with bounded jitter, up to the slowest rate", () => {
  const intervals = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((f) => planNextPoll(fail(f)).intervalMs);
  for (let i = 0; i < intervals.length; i++) {
    const expected = Math.min(24 * HOUR, 5 * MIN * 2 ** i);
    assert.ok(
      intervals[i] >= Math.max(5 * MIN, expected * 0.8) - 1,
      `failure ${i + 1}: ${intervals[i]}`,
    );
    assert.ok(
      intervals[i] <= Math.min(24 * HOUR, expected * 1.2) + 1,
      `failure ${i + 1}: ${intervals[i]}`,
    );
  }
  // Grows: each step at least 1.3x the one before until the cap.
  for (let i = 1; i < 8; i++) assert.ok(intervals[i] > intervals[i - 1] * 1.3, `step ${i}`);
  assert.equal(intervals[8], 24 * HOUR);
});

test("the jitter is deterministic for one seed and spreads different seeds", () => {
  assert.equal(planNextPoll(fail(3)).intervalMs, planNextPoll(fail(3)).intervalMs);
  const spread = new Set(
    Array.from({ length: 20 }, (_, i) => planNextPoll(fail(3, { seed: i })).intervalMs),
  );
  assert.ok(spread.size >= 15, `20 feeds got ${spread.size} distinct retry delays`);
  for (let i = 0; i < 1000; i++) {
    const u = unitHash(i, "x");
    assert.ok(u >= 0 && u < 1);
  }
});

test("Retry-After is honoured on 429/503 when longer than the backoff", () => {
  const p = planNextPoll(fail(1, { retryAfterMs: 2 * HOUR }));
  assert.equal(p.intervalMs, 2 * HOUR);
  assert.equal(p.reason, "Retry-After");
  // Capped at the slowest rate.
  assert.equal(planNextPoll(fail(1, { retryAfterMs: 9 * 24 * HOUR })).intervalMs, 24 * HOUR);
  // Also a floor on success (e.g. a 200 with Retry-After).
  within(planNextPoll(ok({ avgIntervalMs: 10 * MIN, retryAfterMs: HOUR })).intervalMs, HOUR, 0.1);
});

test("a feed failing for long is marked failing and polled only at the slowest rate", () => {
  const many = planNextPoll(fail(10));
  assert.equal(many.failing, true);
  assert.equal(many.intervalMs, 24 * HOUR);
  const long = planNextPoll(fail(3, { lastSuccessAt: now - 3 * 24 * HOUR }));
  assert.equal(long.failing, true);
  // Not after one failure following a long quiet but healthy spell.
  assert.equal(planNextPoll(fail(1, { lastSuccessAt: now - 3 * 24 * HOUR })).failing, false);
  assert.equal(planNextPoll(fail(9)).failing, false);
  // One success clears it.
  assert.equal(planNextPoll(ok({ avgIntervalMs: HOUR })).failing, false);
});

test("averageInterval reads item dates, ignores junk and future dates, and slows for dormant feeds", () => {
  const hourly = Array.from({ length: 10 }, (_, i) => new Date(now - i * HOUR).toISOString());
  assert.equal(averageInterval(hourly, now), HOUR);
  assert.equal(averageInterval([...hourly, null, "garbage", now + 10 * HOUR], now), HOUR);
  assert.equal(averageInterval([now], now), null);
  assert.equal(averageInterval([now, now], now), null);
  // Ten hourly items that ended 20 hours ago: the quiet spell counts as one more interval.
  const dormant = Array.from({ length: 10 }, (_, i) => now - 20 * HOUR - i * HOUR);
  assert.equal(averageInterval(dormant, now), (29 * HOUR) / 10);
  // Only the most recent `window` items count.
  const burst = [...Array.from({ length: 5 }, (_, i) => now - i * MIN), now - 100 * HOUR];
  assert.equal(averageInterval(burst, now, 5), MIN);
});
