// The HTTP server (src/server: JSON API, feeds, web page) bound to a running engine: its
// explanations, corrections and feed-list changes go through the engine.
import type { AddressInfo } from "node:net";
import type { Config } from "../config.ts";
import { createServer } from "../server/app.ts";
import type { Store } from "../store/types.ts";
import type { Engine } from "./engine.ts";

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
