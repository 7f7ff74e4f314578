// A real HTTP server on 127.0.0.1 (port 0) for the fetch and poll tests: each test registers
// route handlers and reads back the requests the server saw (headers included).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface SeenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface FixtureServer {
  origin: string;
  url(path: string): string;
  route(path: string, handler: Handler): void;
  seen: SeenRequest[];
  /** Requests whose path is `path`. */
  hits(path: string): SeenRequest[];
  close(): Promise<void>;
}

export async function startServer(): Promise<FixtureServer> {
  const routes = new Map<string, Handler>();
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    seen.push({ path, headers: req.headers, at: Date.now() });
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => origin + path,
    route: (path, handler) => routes.set(path, handler),
    seen,
    hits: (path) => seen.filter((s) => s.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A small valid RSS 2.0 document with `n` items, one hour apart, newest first. */
export function rss(n: number, opts: { title?: string; start?: number; stepMs?: number } = {}) {
  const start = opts.start ?? Date.UTC(2026, 0, 10, 12);
  const step = opts.stepMs ?? 3_600_000;
  const items = Array.from({ length: n }, (_, i) => {
    const date = new Date(start - i * step).toUTCString();
    return `<item><title>Item ${i}</title><link>https://news.example/${i}</link><guid>item-${i}</guid><pubDate>${date}</pubDate><description>Text ${i}</description></item>`;
  }).join("");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${opts.title ?? "Fixture feed"}</title><link>https://news.example/</link>${items}</channel></rss>`;
}
