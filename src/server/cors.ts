// Cross-origin reads: the JSON API and the feeds out are public, read-only and use no cookies, so
// any web page may fetch them (a dashboard, a widget, another reader) with `*`. The admin routes
// are never opened to other origins: their token must not be usable from a foreign page.
import cors from "@fastify/cors";
import type { FastifyInstance, FastifyRequest } from "fastify";

const READABLE =
  /^\/(api\/(?!admin\/)|healthz(\?|$)|(search\/|story\/[^/?]+\/)?feed\.(rss|atom|json)(\?|$))/;

/** True for the URLs other origins may read. */
export function crossOriginReadable(url: string): boolean {
  return READABLE.test(url);
}

export async function registerCors(app: FastifyInstance): Promise<void> {
  await app.register(cors, {
    hook: "onRequest",
    delegator: (req: FastifyRequest, done) => {
      if (!crossOriginReadable(req.url)) return done(null, { origin: false });
      done(null, {
        origin: "*",
        methods: ["GET", "HEAD"],
        // A client revalidating by hand sends If-None-Match (not a CORS-safelisted header), and
        // wants to read the ETag it gets back.
        allowedHeaders: ["If-None-Match", "Last-Event-ID"],
        exposedHeaders: ["ETag", "Retry-After", "Location"],
        maxAge: 86_400,
      });
    },
  });
}
