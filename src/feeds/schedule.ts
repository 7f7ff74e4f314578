// When to poll a feed next: pure functions of what the last poll saw (no clock, no I/O; the
// jitter comes from a seed so a plan is reproducible).
//
// - A healthy feed is polled about twice per publishing interval (from its items' dates), within
//   [minIntervalMs, maxIntervalMs], never sooner than its own hints ask (RSS ttl, sy:updatePeriod,
//   Cache-Control max-age) and never in the UTC hours it lists in skipHours.
// - A failing feed backs off exponentially with jitter, honouring Retry-After.
// - A feed that has failed for long (many failures in a row, or days since its last success) is
//   marked `failing` and polled at the slowest rate only, until it answers again.

import { fnv1a32, unitOf } from "../stories/hash.ts";
import type { FeedUpdateHints } from "./types.ts";

export interface ScheduleOptions {
  /** Fastest polling, ms (default 5 minutes). */
  minIntervalMs: number;
  /** Slowest polling, ms, also the rate of a failing feed (default 24 hours). */
  maxIntervalMs: number;
  /** Interval while a feed's publishing rate is unknown, ms (default 1 hour). */
  defaultIntervalMs: number;
  /** First retry delay after a failure, doubled for each further failure, ms (default 5 minutes). */
  backoffBaseMs: number;
  /** Consecutive failures after which a feed is marked failing (default 10). */
  failAfterFailures: number;
  /** Time since the last success after which a feed that keeps failing is marked (default 2 days). */
  failAfterMs: number;
}

export const SCHEDULE_DEFAULTS: ScheduleOptions = {
  minIntervalMs: 5 * 60_000,
  maxIntervalMs: 24 * 3_600_000,
  defaultIntervalMs: 3_600_000,
  backoffBaseMs: 5 * 60_000,
  failAfterFailures: 10,
  failAfterMs: 2 * 24 * 3_600_000,
};

// A long outage is only declared after a few failures in a row, not on the first one after a
// quiet spell.
const MIN_FAILURES_FOR_OUTAGE = 3;

export interface PollOutcome {
  now: number;
  /** The poll succeeded (a feed was read, or 304 not modified). */
  ok: boolean;
  /** Consecutive failures including this poll (0 after a success). */
  consecutiveFailures: number;
  /** Last success including this poll, epoch ms, or null when never. */
  lastSuccessAt: number | null;
  /** Mean interval between the feed's items, ms, or null when unknown. */
  avgIntervalMs: number | null;
  hints?: FeedUpdateHints | null;
  /** Cache-Control max-age of the last response, ms. */
  maxAgeMs?: number | null;
  /** Retry-After of the last response, ms from now. */
  retryAfterMs?: number | null;
  /** Seeds the jitter (e.g. the feed id): different feeds spread out, one feed is reproducible. */
  seed: number | string;
}

export interface PollPlan {
  nextPollAt: number;
  intervalMs: number;
  failing: boolean;
  /** Short account of what decided the interval, for logs and the health report. */
  reason: string;
}

export function planNextPoll(
  outcome: PollOutcome,
  options: Partial<ScheduleOptions> = {},
): PollPlan {
  const o = { ...SCHEDULE_DEFAULTS, ...options };
  const { now } = outcome;
  const clamp = (ms: number) => Math.min(o.maxIntervalMs, Math.max(o.minIntervalMs, ms));
  const retryAfter = outcome.retryAfterMs ?? 0;

  if (!outcome.ok) {
    const failures = Math.max(1, outcome.consecutiveFailures);
    const since = outcome.lastSuccessAt === null ? 0 : now - outcome.lastSuccessAt;
    const failing =
      failures >= o.failAfterFailures ||
      (failures >= MIN_FAILURES_FOR_OUTAGE &&
        outcome.lastSuccessAt !== null &&
        since > o.failAfterMs);
    if (failing) {
      const reason = `failing (${failures} failures in a row): slowest rate`;
      return skip(
        { nextPollAt: now + o.maxIntervalMs, intervalMs: o.maxIntervalMs, failing, reason },
        outcome.hints,
      );
    }
    const exp = Math.min(o.maxIntervalMs, o.backoffBaseMs * 2 ** Math.min(failures - 1, 30));
    // Jitter ±20% so that feeds failing together (one host down) do not retry together.
    let interval = clamp(exp * (0.8 + 0.4 * unitHash(outcome.seed, failures)));
    let reason = `backoff after ${failures} failure${failures > 1 ? "s" : ""}`;
    if (retryAfter > interval) {
      interval = Math.min(o.maxIntervalMs, retryAfter);
      reason = "Retry-After";
    }
    return skip(
      { nextPollAt: now + interval, intervalMs: interval, failing: false, reason },
      outcome.hints,
    );
  }

  let interval: number;
  let reason: string;
  if (outcome.avgIntervalMs !== null && outcome.avgIntervalMs > 0) {
    interval = outcome.avgIntervalMs / 2;
    reason = "half the publishing interval";
  } else {
    interval = o.defaultIntervalMs;
    reason = "publishing rate unknown";
  }
  const hints = outcome.hints;
  const floors: [number, string][] = [
    [(hints?.ttlMinutes ?? 0) * 60_000, "ttl"],
    [(hints?.updateIntervalMinutes ?? 0) * 60_000, "sy:updatePeriod"],
    [outcome.maxAgeMs ?? 0, "Cache-Control max-age"],
    [retryAfter, "Retry-After"],
  ];
  for (const [floor, why] of floors) {
    if (floor > interval) {
      interval = floor;
      reason = why;
    }
  }
  interval = clamp(interval);
  // ±10% so that feeds added together drift apart instead of polling in lockstep.
  interval = Math.round(interval * (0.9 + 0.2 * unitHash(outcome.seed, now)));
  interval = Math.min(o.maxIntervalMs, Math.max(o.minIntervalMs, interval));
  return skip({ nextPollAt: now + interval, intervalMs: interval, failing: false, reason }, hints);
}

/** Moves a plan out of the feed's skipHours (UTC) to the start of the next allowed hour. */
function skip(plan: PollPlan, hints: FeedUpdateHints | null | undefined): PollPlan {
  const hours = new Set(hints?.skipHours ?? []);
  if (hours.size === 0 || hours.size >= 24) return plan;
  let at = plan.nextPollAt;
  let moved = false;
  for (let i = 0; i < 24 && hours.has(new Date(at).getUTCHours()); i++) {
    at = (Math.floor(at / 3_600_000) + 1) * 3_600_000;
    moved = true;
  }
  if (!moved) return plan;
  const start = plan.nextPollAt - plan.intervalMs;
  return {
    ...plan,
    nextPollAt: at,
    intervalMs: at - start,
    reason: `${plan.reason}, after skipHours`,
  };
}

/**
 * Mean interval between a feed's items, ms, from their dates (ISO strings or epoch ms; nulls and
 * unreadable dates ignored), over the most recent `window` dated items. When the newest item is
 * older than that mean, the quiet spell up to `now` counts as one more interval, so a feed that
 * stopped publishing slows down. Null with fewer than two distinct dates.
 */
export function averageInterval(
  dates: readonly (string | number | null | undefined)[],
  now: number,
  window = 20,
): number | null {
  const times = [
    ...new Set(
      dates
        .map((d) => (typeof d === "number" ? d : d ? Date.parse(d) : Number.NaN))
        .filter((t) => Number.isFinite(t) && t <= now),
    ),
  ]
    .sort((a, b) => b - a)
    .slice(0, window);
  if (times.length < 2) return null;
  const newest = times[0];
  const oldest = times[times.length - 1];
  const gaps = times.length - 1;
  const mean = (newest - oldest) / gaps;
  const quiet = now - newest;
  return quiet > mean ? (now - oldest) / (gaps + 1) : mean;
}

/** A number in [0, 1) from a seed and a salt. */
export function unitHash(seed: number | string, salt: number | string): number {
  return unitOf(fnv1a32(`${seed}:${salt}`, 0x811c9dc5));
}
