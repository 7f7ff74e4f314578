// The single-process engine as `serve` runs it: an engine per language (LanguageEngines), its
// poller configured from the Config.
import type { Config } from "../config.ts";
import { userAgent } from "../feeds/fetch.ts";
import type { Store } from "../store/types.ts";
import { LanguageEngines } from "./languages.ts";
import type { Logger } from "./log.ts";

/** The engines, their poller configured from `config` (not started). */
export function engineFromConfig(store: Store, log: Logger, config: Config): LanguageEngines {
  return new LanguageEngines({
    store,
    log,
    config,
    poller: {
      concurrency: config.poll.concurrency,
      hosts: { perHost: config.poll.perHost, minSpacingMs: config.poll.hostSpacingMs },
      fetch: { allowPrivate: config.allowPrivate, userAgent: userAgent(config.contact) },
      schedule: {
        minIntervalMs: config.poll.minIntervalMs,
        maxIntervalMs: config.poll.maxIntervalMs,
        defaultIntervalMs: Math.min(
          config.poll.maxIntervalMs,
          Math.max(config.poll.minIntervalMs, 3_600_000),
        ),
        backoffBaseMs: config.poll.minIntervalMs,
      },
      idleMs: Math.min(5000, config.poll.minIntervalMs),
    },
  });
}
