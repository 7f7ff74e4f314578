// createServer: the fastify app serving the JSON API (+ OpenAPI 3.1), feeds out, SSE, admin
// routes and the web page over one Store. The caller listens (and closes, which stops polling).
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { registerAdmin } from "./admin.ts";
import { registerApi } from "./api.ts";
import type { Context, ServerOptions } from "./context.ts";
import { registerCors } from "./cors.ts";
import { errorBody } from "./errors.ts";
import { conditionalGet } from "./etag.ts";
import { EventHub } from "./events.ts";
import { FrontPage } from "./front-page.ts";
import { errorSchema, feedSchema, storyEventSchema } from "./schemas.ts";
import { layout } from "./views/layout.ts";
import { errorPage } from "./views/pages.ts";
import { registerWeb } from "./web.ts";

export type { ServerOptions } from "./context.ts";

// Scripts only from this origin (no inline script, whatever a feed carries), no plugins, no
// framing, no third-party anything.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": CSP,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
};

const isApi = (url: string) => url.startsWith("/api/") || url === "/healthz";

export async function createServer(opts: ServerOptions): Promise<FastifyInstance> {
  const options: FastifyServerOptions = {
    logger: opts.logger ?? false,
    trustProxy: opts.trustProxy ?? false,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
  };
  const app = Fastify(options);
  const now = opts.now ?? Date.now;
  const hub = new EventHub(opts.store, opts.eventPollMs ?? 1000, opts.heartbeatMs ?? 15_000);
  const front = new FrontPage(opts.store, now, opts.frontPageCacheMs ?? 5000, () => hub.version);
  const ctx: Context = {
    store: opts.store,
    hub,
    front,
    now,
    opts,
    siteName: opts.siteName ?? "Storyline",
  };

  app.addSchema(errorSchema);
  app.addSchema(feedSchema);
  app.addSchema(storyEventSchema);

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Storyline API",
        version: "0.1.0",
        description:
          "Stories grouped from news feeds: ranked front page, stories, search, feeds, live events.",
        license: { name: "Apache-2.0", identifier: "Apache-2.0" },
      },
      components: {
        securitySchemes: { adminToken: { type: "apiKey", in: "header", name: "x-admin-token" } },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });

  await registerCors(app);

  if (opts.rateLimit !== false) {
    const rl = opts.rateLimit ?? { max: 300, timeWindowMs: 60_000 };
    await app.register(rateLimit, {
      global: true,
      max: rl.max,
      timeWindow: rl.timeWindowMs,
      // Static files, health checks and the (token-protected) admin routes are not limited.
      allowList: (req) =>
        req.url.startsWith("/static/") ||
        req.url === "/healthz" ||
        req.url.startsWith("/api/admin/"),
      errorResponseBuilder: (_req, c) => ({
        statusCode: 429,
        status: 429,
        code: "rate_limited",
        message: `too many requests: at most ${c.max} per ${c.after}; retry later`,
      }),
    });
  }

  app.addHook("onSend", async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    return payload;
  });
  app.addHook("onSend", conditionalGet);

  app.setErrorHandler((err, req, reply) => {
    const body = errorBody(err);
    if (body.status >= 500) req.log.error({ err }, "request failed");
    const retryAfter = reply.getHeader("retry-after");
    reply.code(body.status);
    if (retryAfter !== undefined) reply.header("retry-after", retryAfter);
    if (isApi(req.url) || !(req.headers.accept ?? "").includes("text/html"))
      return reply.send(body);
    return reply.type("text/html; charset=utf-8").send(
      layout(
        {
          title: `${body.status} · ${ctx.siteName}`,
          siteName: ctx.siteName,
          feeds: [],
          section: "front",
        },
        errorPage(body.status, body.message),
      ),
    );
  });

  app.setNotFoundHandler((req, reply) => {
    const message = `no such page: ${req.method} ${req.url.split("?")[0]}`;
    reply.code(404);
    if (isApi(req.url) || !(req.headers.accept ?? "").includes("text/html"))
      return reply.send({ status: 404, code: "not_found", message });
    return reply.type("text/html; charset=utf-8").send(
      layout(
        {
          title: `Not found · ${ctx.siteName}`,
          siteName: ctx.siteName,
          feeds: [],
          section: "front",
        },
        errorPage(404, message),
      ),
    );
  });

  app.get(
    "/healthz",
    {
      config: { rateLimit: false },
      schema: {
        summary: "Liveness and readiness",
        tags: ["meta"],
        response: {
          200: {
            type: "object",
            required: ["status", "articles", "lastEventSeq"],
            properties: {
              status: { type: "string" },
              articles: { type: "integer" },
              lastEventSeq: { type: "integer" },
            },
          },
        },
      },
    },
    async () => ({
      status: "ok",
      articles: await ctx.store.countArticles(),
      lastEventSeq: hub.latestSeq,
    }),
  );

  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  registerApi(app, ctx);
  registerAdmin(app, ctx);
  registerWeb(app, ctx);

  await hub.start();
  app.addHook("onClose", async () => hub.stop());
  if (opts.watchEvents) {
    // Pushed wake-ups (PostgreSQL LISTEN/NOTIFY): new events reach SSE clients without the poll delay.
    const unwatch = await opts.watchEvents(() => void hub.poll());
    app.addHook("onClose", async () => unwatch());
  }
  // Open SSE streams would keep close() waiting: end them as soon as closing starts.
  app.addHook("preClose", async () => hub.stop());
  return app;
}
