// An API worker: the HTTP server (G's createServer) on the shared PostgreSQL store. It keeps no
// state of its own, so any number can run behind a load balancer; new events reach its SSE clients
// through LISTEN/NOTIFY instead of waiting for the next poll of the event log.

import type { AddressInfo } from "node:net";
import type { Config } from "../config.ts";
import { createServer } from "../server/app.ts";
import type { PostgresStore } from "../store/postgres/store.ts";

export interface ApiWorker {
  url: string;
  close(): Promise<void>;
}

export async function startApiWorker(
  store: PostgresStore,
  config: Pick<Config, "adminToken" | "port" | "host">,
): Promise<ApiWorker> {
  const app = await createServer({
    store,
    adminToken: config.adminToken,
    watchEvents: (wake) => store.onEvents(() => wake()),
    // Notifications bring events at once; the poll only backs them up (e.g. across a reconnect).
    eventPollMs: 30_000,
  });
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const shown = host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host;
  return { url: `http://${shown}:${port}/`, close: () => app.close() };
}
