// The HTTP server (src/server: JSON API, feeds, web page) bound to a running engine: its
// explanations, corrections and feed-list changes go through the engine.
import type { AddressInfo } from "node:net";
import type { Config } from "../config.ts";
import { createServer } from "../server/app.ts";
import type { PostgresStore } from "../store/postgres/store.ts";
import type { Store } from "../store/types.ts";
import type { LanguageEngines } from "./languages.ts";

/** How often SSE clients' event log is read when nothing pushes new events (SQLite). */
const EVENT_POLL_MS = 1000;
/** The same when PostgreSQL pushes them (LISTEN/NOTIFY): a backup across reconnects only. */
const PUSHED_EVENT_POLL_MS = 30_000;

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server (JSON API, feeds, web page) on the store, wired to the engine. */
export async function startWeb(
  store: Store,
  config: Config,
  engine: LanguageEngines | null,
): Promise<WebServer> {
  // PostgreSQL notifies every event recorded, by this engine or by any other process (an API
  // worker's admin correction), so SSE clients get them at once instead of on the next poll.
  const push = (store as Partial<Pick<PostgresStore, "onEvents">>).onEvents?.bind(store);
  const app = await createServer({
    store,
    adminToken: config.adminToken,
    explain: engine ? (id) => engine.explain(id) : null,
    applyCorrection: engine ? (input) => engine.applyCorrection(input) : null,
    onFeedsChanged: engine ? () => engine.nudgePoller() : null,
    watchEvents: push ? (wake) => push(() => wake()) : null,
    eventPollMs: push ? PUSHED_EVENT_POLL_MS : EVENT_POLL_MS,
  });
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const shown = host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host;
  return { url: `http://${shown}:${port}/`, close: () => app.close() };
}
