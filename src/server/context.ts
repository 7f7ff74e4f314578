// What the route modules share: the store, the front-page cache, the event hub and the options.
import type { Correction, CorrectionInput, Store } from "../store/types.ts";
import type { EventHub } from "./events.ts";
import type { FrontPage } from "./front-page.ts";
import type { Explanation } from "./story-data.ts";

/** What the running pipeline returns for a correction it applied (Engine.applyCorrection). */
export interface AppliedCorrection {
  correction: Correction;
  /** split: the id of the new story. */
  storyId: string | null;
}

export interface ServerOptions {
  store: Store;
  /** Token the admin routes require in the x-admin-token header; no token closes them. */
  adminToken?: string | null;
  /** true, false, or pino options/instance for fastify's logger. Default false. */
  logger?: boolean | Record<string, unknown>;
  /** Requests per client per window on the public routes; false turns limiting off. */
  rateLimit?: { max: number; timeWindowMs: number } | false;
  /** Clock for ranking (tests pin it); Date.now by default. */
  now?: () => number;
  /** The clusterer's explanation of an article's assignment, when the pipeline runs in-process. */
  explain?: ((articleId: string) => Explanation | null) | null;
  /**
   * Applies a correction in the running pipeline, which stores it with its effects (the
   * in-process Engine passes its applyCorrection). Without it the correction is only recorded
   * (store.addCorrection) and pipelines pick it up from the store.
   */
  applyCorrection?: ((input: CorrectionInput) => Promise<AppliedCorrection>) | null;
  /** Called after feeds were added or removed through the admin API. */
  onFeedsChanged?: (() => void) | null;
  /** How often the event log is polled for SSE clients and cache freshness, ms (default 1000). */
  eventPollMs?: number;
  /**
   * Subscribes to pushes of new events from other processes (the PostgreSQL store's onEvents):
   * each wake-up reads the event log at once. Returns the function that unsubscribes.
   */
  watchEvents?: ((wake: () => void) => Promise<() => Promise<void>>) | null;
  /** SSE heartbeat comment interval, ms (default 15000). */
  heartbeatMs?: number;
  /** Longest time a front-page computation is reused, ms (default 5000; 0 disables the cache). */
  frontPageCacheMs?: number;
  /** Absolute base URL for feeds (e.g. https://news.example.org); else from the request's Host. */
  publicUrl?: string | null;
  /**
   * Behind a reverse proxy: trust its X-Forwarded-For/-Proto/-Host (fastify's trustProxy: true,
   * or the proxies' addresses/CIDRs), so rate limits apply per real client. Default false.
   */
  trustProxy?: boolean | string | string[];
  /** Shown in page titles and feeds. */
  siteName?: string;
}

export interface Context {
  store: Store;
  hub: EventHub;
  front: FrontPage;
  now: () => number;
  opts: ServerOptions;
  siteName: string;
}
