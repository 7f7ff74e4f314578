// The polling loop: asks the store for due feeds, fetches each within the global and per-host
// budgets, parses it, hands the parsed feed to `onFeed` (the pipeline stores the items), then
// records the feed's health, validators and next poll time. A permanent redirect updates the
// feed's URL. New validators are kept only once `onFeed` has succeeded, so a failed store never
// turns the next poll into a 304 that would lose those items.
import { FetchError, type FetchOptions, type FetchResult, fetchFeed } from "./fetch.ts";
import { HostBudget, type HostBudgetOptions, hostKey } from "./hosts.ts";
import { FeedParseError, parseFeed } from "./parse/index.ts";
import { averageInterval, planNextPoll, type ScheduleOptions } from "./schedule.ts";
import type { FeedState, FeedUpdateHints, ParsedFeed } from "./types.ts";

type FeedPatch = Partial<Omit<FeedState, "id">>;

export interface PollerDeps {
  /** Enabled feeds whose nextPollAt <= now, soonest first (Store.dueFeeds). */
  dueFeeds(now: number, limit: number): Promise<FeedState[]>;
  /** Store.updateFeed. */
  updateFeed(id: number, patch: FeedPatch): Promise<void>;
  /**
   * Receives every feed that was fetched and parsed (not 304s, not failures). It may resolve to
   * the number of items that were new, or to an object with `inserted`; the feed's itemsSeen
   * grows by that (by all the feed's items when it says nothing).
   */
  onFeed(feed: FeedState, parsed: ParsedFeed): unknown;
}

export interface PollerOptions {
  /** Fetches in flight at once across all hosts (default 8). */
  concurrency?: number;
  /** Politeness per host (default 2 at a time, 1 s apart). */
  hosts?: HostBudgetOptions;
  /** Passed to fetchFeed: allowPrivate, timeouts, size cap, user agent. */
  fetch?: Omit<FetchOptions, "signal">;
  schedule?: Partial<ScheduleOptions>;
  /** How long the loop waits when nothing is due, ms (default 5 s). */
  idleMs?: number;
  /** Wall clock, epoch ms (default Date.now). */
  now?: () => number;
  /** Called after every poll, for logs and metrics. */
  onPolled?: (report: PollReport) => void;
  /** Called when a poll could not be recorded (the store failed); the feed stays due. */
  onError?: (feed: FeedState, err: Error) => void;
}

export interface PollReport {
  feedId: number;
  url: string;
  outcome: "updated" | "not-modified" | "error";
  /** HTTP status, or null when no response came (timeout, refused, blocked...). */
  status: number | null;
  /** One line, or null. */
  error: string | null;
  /** Items in the parsed feed (0 for 304s and errors). */
  items: number;
  /** The feed's new URL after a permanent redirect, or null. */
  movedTo: string | null;
  nextPollAt: number;
  failing: boolean;
}

const UNRECORDED_PAUSE_MS = 60_000;

export class Poller {
  private readonly deps: PollerDeps;
  private readonly concurrency: number;
  private readonly hosts: HostBudget;
  private readonly fetchOptions: Omit<FetchOptions, "signal">;
  private readonly scheduleOptions: Partial<ScheduleOptions>;
  private readonly idleMs: number;
  private readonly now: () => number;
  private readonly onPolled?: (report: PollReport) => void;
  private readonly onError?: (feed: FeedState, err: Error) => void;

  private readonly inFlight = new Map<number, Promise<PollReport | null>>();
  /** Feeds whose poll could not be recorded, and when: not fetched again for a minute. */
  private readonly unrecorded = new Map<number, number>();
  /** Feed hints from each feed's last parse, for the polls that return no body (304, errors). */
  private readonly hints = new Map<number, FeedUpdateHints>();
  private fetching = 0;
  private readonly fetchWaiters: (() => void)[] = [];
  private stopping: AbortController;
  /**
   * One controller per leased feed, aborted by stop(). A feed waits on its own signal, so the
   * poller's long-lived stop signal never collects a listener per waiting feed (with many feeds on
   * one host, e.g. a replay, those listeners piled up past Node's leak warning).
   */
  private readonly polls = new Set<AbortController>();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private woken = false;

  constructor(deps: PollerDeps, options: PollerOptions = {}) {
    this.deps = deps;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.hosts = new HostBudget(options.hosts);
    this.fetchOptions = options.fetch ?? {};
    this.scheduleOptions = options.schedule ?? {};
    this.idleMs = options.idleMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.onPolled = options.onPolled;
    this.onError = options.onError;
    this.stopping = new AbortController();
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    if (this.loop) return;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.loop = this.run();
  }

  /**
   * Stops leasing feeds, drops the ones still waiting for a host slot (they stay due) and waits
   * for the fetches in progress to finish and be recorded.
   */
  async stop(): Promise<void> {
    const reason = new Error("poller stopped");
    this.stopping.abort(reason);
    for (const poll of this.polls) poll.abort(reason);
    this.nudge();
    await this.loop;
    this.loop = null;
    await Promise.allSettled(this.inFlight.values());
  }

  /**
   * Polls every feed due now, each once, leasing more as fetches finish (no batch waits for its
   * slowest feed), and resolves with their reports in the order they finished.
   */
  async pollDue(): Promise<PollReport[]> {
    const reports: PollReport[] = [];
    const done = new Set<number>();
    const pending = new Set<Promise<void>>();
    for (;;) {
      for (const p of await this.leaseBatch(done)) {
        const tracked: Promise<void> = p.then((r) => {
          if (r) reports.push(r);
          pending.delete(tracked);
        });
        pending.add(tracked);
      }
      if (pending.size === 0) break;
      await Promise.race(pending);
    }
    return reports;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      this.woken = false;
      try {
        await this.leaseBatch();
      } catch {
        // The store is unavailable: try again after the idle wait.
      }
      if (signal.aborted) break;
      // A poll finished while leasing: capacity is free again, lease at once.
      if (this.woken) continue;
      // Wait until a poll finishes (it nudges) or idleMs passes (feeds fall due over time).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.idleMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Leases due feeds up to the free capacity and starts polling them. */
  private async leaseBatch(exclude?: Set<number>): Promise<Promise<PollReport | null>[]> {
    // Leased feeds may wait on a busy host; keep a bounded queue of them beyond the fetch slots.
    const capacity = this.concurrency * 4 - this.inFlight.size;
    if (capacity <= 0 || this.stopping.signal.aborted) return [];
    const due = await this.deps.dueFeeds(this.now(), capacity + this.inFlight.size);
    const started: Promise<PollReport | null>[] = [];
    const now = this.now();
    for (const feed of due) {
      if (started.length >= capacity) break;
      if (this.inFlight.has(feed.id) || exclude?.has(feed.id)) continue;
      // A feed still due because its last poll could not be stored is not hammered in a loop.
      const failedAt = this.unrecorded.get(feed.id);
      if (failedAt !== undefined && now - failedAt < UNRECORDED_PAUSE_MS) continue;
      this.unrecorded.delete(feed.id);
      exclude?.add(feed.id);
      const p = this.pollLeased(feed)
        .catch((err: Error) => {
          this.unrecorded.set(feed.id, this.now());
          this.onError?.(feed, err);
          return null;
        })
        .finally(() => {
          this.inFlight.delete(feed.id);
          this.nudge();
        });
      this.inFlight.set(feed.id, p);
      started.push(p);
    }
    return started;
  }

  /** Polls a feed that was leased; null when stop() came before its fetch started. */
  private async pollLeased(feed: FeedState): Promise<PollReport | null> {
    if (this.stopping.signal.aborted) return null;
    const poll = new AbortController();
    this.polls.add(poll);
    try {
      return await this.pollWithin(feed, poll.signal);
    } finally {
      this.polls.delete(poll);
    }
  }

  private async pollWithin(feed: FeedState, signal: AbortSignal): Promise<PollReport | null> {
    const host = hostKey(feed.url);
    let releaseHost: () => void;
    try {
      releaseHost = await this.hosts.acquire(host, signal);
    } catch {
      return null;
    }
    try {
      await this.acquireFetchSlot(signal);
    } catch {
      releaseHost();
      return null;
    }
    try {
      await this.hosts.startSlot(host, signal);
    } catch {
      releaseHost();
      this.releaseFetchSlot();
      return null;
    }
    let fetched: FetchResult | FetchError;
    try {
      fetched = await fetchFeed(
        feed.url,
        { etag: feed.etag, lastModified: feed.lastModified },
        this.fetchOptions,
      );
    } catch (err) {
      fetched =
        err instanceof FetchError
          ? err
          : new FetchError("network", oneLine((err as Error).message));
    } finally {
      releaseHost();
      this.releaseFetchSlot();
    }
    const report = await this.record(feed, fetched);
    this.onPolled?.(report);
    return report;
  }

  private acquireFetchSlot(signal: AbortSignal): Promise<void> {
    if (this.fetching < this.concurrency) {
      this.fetching++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = () => {
        signal.removeEventListener("abort", onAbort);
        this.fetching++;
        resolve();
      };
      const onAbort = () => {
        const i = this.fetchWaiters.indexOf(waiter);
        if (i >= 0) this.fetchWaiters.splice(i, 1);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.fetchWaiters.push(waiter);
    });
  }

  private releaseFetchSlot(): void {
    this.fetching--;
    this.fetchWaiters.shift()?.();
  }

  /** Turns one fetch into the feed's new health record, calling onFeed for a fresh body. */
  private async record(feed: FeedState, fetched: FetchResult | FetchError): Promise<PollReport> {
    const now = this.now();
    const patch: FeedPatch = { lastAttemptAt: now };
    let ok = false;
    let error: string | null = null;
    let items = 0;
    let status: number | null = null;
    let movedTo: string | null = null;
    let maxAgeMs: number | null = null;
    let retryAfterMs: number | null = null;
    let avgIntervalMs = feed.avgIntervalMs;

    if (fetched instanceof FetchError) {
      error = fetched.message;
    } else {
      status = fetched.status;
      maxAgeMs = fetched.maxAgeMs;
      retryAfterMs = fetched.retryAfterMs;
      if (fetched.permanentUrl && fetched.permanentUrl !== feed.url) movedTo = fetched.permanentUrl;
      if (fetched.notModified) {
        ok = true;
        patch.etag = fetched.etag ?? feed.etag;
        patch.lastModified = fetched.lastModified ?? feed.lastModified;
      } else if (fetched.body) {
        const current = movedTo ? { ...feed, url: movedTo } : feed;
        try {
          const parsed = parseFeed(fetched.body, {
            url: fetched.url,
            contentType: fetched.contentType,
          });
          this.hints.set(feed.id, parsed.hints);
          items = parsed.items.length;
          const answer = await this.deps.onFeed(current, parsed);
          const inserted = newItems(answer) ?? parsed.items.length;
          ok = true;
          patch.itemsSeen = feed.itemsSeen + inserted;
          patch.etag = fetched.etag;
          patch.lastModified = fetched.lastModified;
          const dates = parsed.items.map((i) => i.published ?? i.updated);
          avgIntervalMs = averageInterval(dates, now) ?? feed.avgIntervalMs;
          patch.avgIntervalMs = avgIntervalMs;
          if (parsed.title && !feed.title) patch.title = parsed.title;
          if (parsed.link && !feed.siteUrl) patch.siteUrl = parsed.link;
        } catch (err) {
          error = describeParseFailure(err, fetched);
        }
      } else {
        error = `HTTP ${fetched.status}${reason(fetched.status)}`;
      }
    }

    if (error !== null) error = oneLine(error);
    const failures = ok ? 0 : feed.consecutiveFailures + 1;
    const lastSuccessAt = ok ? now : feed.lastSuccessAt;
    const plan = planNextPoll(
      {
        now,
        ok,
        consecutiveFailures: failures,
        lastSuccessAt,
        avgIntervalMs,
        hints: this.hints.get(feed.id) ?? null,
        maxAgeMs,
        retryAfterMs,
        seed: feed.id,
      },
      this.scheduleOptions,
    );
    Object.assign(patch, {
      lastStatus: status,
      lastError: error,
      consecutiveFailures: failures,
      nextPollAt: plan.nextPollAt,
      failing: plan.failing,
    });
    if (ok) patch.lastSuccessAt = now;
    await this.save(feed, patch, movedTo);
    return {
      feedId: feed.id,
      url: movedTo ?? feed.url,
      outcome: !ok ? "error" : status === 304 ? "not-modified" : "updated",
      status,
      error,
      items,
      movedTo,
      nextPollAt: plan.nextPollAt,
      failing: plan.failing,
    };
  }

  private async save(feed: FeedState, patch: FeedPatch, movedTo: string | null): Promise<void> {
    if (!movedTo) return this.deps.updateFeed(feed.id, patch);
    try {
      await this.deps.updateFeed(feed.id, { ...patch, url: movedTo });
    } catch (err) {
      // Typically another feed already has that URL: keep this one's address and say why.
      const note = `moved permanently to ${movedTo}, but the URL could not be updated: ${oneLine((err as Error).message)}`;
      await this.deps.updateFeed(feed.id, { ...patch, lastError: patch.lastError ?? note });
    }
  }
}

function newItems(answer: unknown): number | null {
  if (typeof answer === "number") return answer;
  const inserted = (answer as { inserted?: unknown } | null | undefined)?.inserted;
  return typeof inserted === "number" ? inserted : null;
}

function describeParseFailure(err: unknown, fetched: FetchResult): string {
  if (!(err instanceof FeedParseError)) {
    return `storing the feed's items failed: ${oneLine((err as Error).message)}`;
  }
  const html = /^\s*(text\/html|application\/xhtml)/i.test(fetched.contentType ?? "");
  return html
    ? `not a feed: ${fetched.url} is an HTML page (${err.message}); try storyline discover on it`
    : `unreadable feed: ${err.message}`;
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  410: "Gone",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function reason(status: number): string {
  if (status >= 300 && status < 400) return " redirect without a Location";
  const text = REASONS[status];
  return text ? ` ${text}` : "";
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim().slice(0, 500);
}
