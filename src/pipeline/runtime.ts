// Wiring shared by the commands that run the engine (serve, replay): the engine with its poller
// configured from the Config, and the HTTP server (src/server) bound to the running engine.
import type { AddressInfo } from "node:net";
import type { Config } from "../config.ts";
import { createServer } from "../server/app.ts";
import type { Store } from "../store/types.ts";
import { Engine } from "./engine.ts";
import type { Logger } from "./log.ts";

/** The engine, its poller configured from `config` (not started). */
export function engineFromConfig(store: Store, log: Logger, config: Config): Engine {
  return new Engine({
    store,
    log,
    config,
    poller: {
      concurrency: config.poll.concurrency,
      hosts: { perHost: config.poll.perHost, minSpacingMs: config.poll.hostSpacingMs },
      fetch: { allowPrivate: config.allowPrivate },
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

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server (JSON API, feeds, web page) on the store, wired to the engine. */
export async function startWeb(
  store: Store,
  config: Config,
  engine: Engine | null,
): Promise<WebServer> {
  const app = await createServer({
    store,
    adminToken: config.adminToken,
    explain: engine ? (id) => engine.explain(id) : null,
    applyCorrection: engine ? (input) => engine.applyCorrection(input) : null,
    onFeedsChanged: engine ? () => engine.nudgePoller() : null,
  });
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const shown = host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host;
  return { url: `http://${shown}:${port}/`, close: () => app.close() };
}
