// The public JSON API: stories, one story, search, feeds and the SSE stream of story events.
import type { FastifyInstance } from "fastify";
import type { FeedState } from "../feeds/types.ts";
import type { Context } from "./context.ts";
import { badRequest } from "./errors.ts";
import { decodeCursor, type FrontPageFilters, pageOf } from "./front-page.ts";
import {
  errorResponses,
  feedsResponseSchema,
  idParamsSchema,
  searchQuerySchema,
  searchResponseSchema,
  storiesQuerySchema,
  storiesResponseSchema,
  storyDetailSchema,
  storyQuerySchema,
} from "./schemas.ts";
import { loadStory } from "./story-detail.ts";
import { feedHealth, snippetHtml } from "./views/pages.ts";

export interface StoriesQuery {
  since?: string;
  lang?: string;
  category?: string;
  source?: string;
  q?: string;
  granularity?: "story" | "event";
  limit?: number;
  cursor?: string;
}

/** Epoch ms of a `since` parameter (ISO 8601 or epoch ms), or a 400 naming it. */
export function parseSince(since: string | undefined): number | undefined {
  if (since === undefined) return undefined;
  const ms = /^\d+$/.test(since) ? Number(since) : Date.parse(since);
  if (!Number.isFinite(ms))
    throw badRequest("querystring/since must be an ISO 8601 time or epoch milliseconds");
  return ms;
}

export function filtersOf(q: StoriesQuery): FrontPageFilters {
  const f: FrontPageFilters = {};
  const since = parseSince(q.since);
  if (since !== undefined) f.since = since;
  if (q.lang) f.lang = q.lang.toLowerCase();
  if (q.category) f.category = q.category;
  if (q.source) f.source = q.source;
  if (q.q) f.q = q.q;
  if (q.granularity === "event") f.granularity = "event";
  return f;
}

export async function storiesPage(ctx: Context, q: StoriesQuery) {
  const filters = filtersOf(q);
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  if (q.cursor && !cursor)
    throw badRequest("querystring/cursor is not a cursor this server gave out");
  const list = await ctx.front.ranked(filters);
  const page = pageOf(list.cards, q.limit ?? 20, cursor);
  return {
    stories: await ctx.front.withMembers(filters, list, page.items),
    nextCursor: page.nextCursor,
  };
}

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function feedView(f: FeedState) {
  return {
    ...f,
    health: feedHealth(f),
    lastAttemptAt: isoOrNull(f.lastAttemptAt),
    lastSuccessAt: isoOrNull(f.lastSuccessAt),
    nextPollAt: new Date(f.nextPollAt).toISOString(),
  };
}

export function registerApi(app: FastifyInstance, ctx: Context): void {
  app.get<{ Querystring: StoriesQuery }>(
    "/api/stories",
    {
      schema: {
        summary: "Ranked front page",
        description:
          "Stories ranked by size, source diversity, velocity and recency, with their coverage facets and a few member articles. Page with `cursor` (the previous page's nextCursor).",
        tags: ["stories"],
        querystring: storiesQuerySchema,
        response: { 200: storiesResponseSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      // Serialised once per ranking (with this route's response schema), then reused.
      const key = `api ${req.query.limit ?? 20} ${req.query.cursor ?? ""}`;
      const body = await ctx.front.response(
        filtersOf(req.query),
        key,
        async () => reply.serialize(await storiesPage(ctx, req.query)) as string,
      );
      return reply.type("application/json; charset=utf-8").send(body);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { page?: number; limit?: number } }>(
    "/api/stories/:id",
    {
      schema: {
        summary: "One story",
        description:
          "The story with one page of its articles (and why each belongs; `page`, `limit`), timeline and coverage by outlet/country/type over all its articles, related stories and lifecycle events.",
        tags: ["stories"],
        params: idParamsSchema,
        querystring: storyQuerySchema,
        response: { 200: storyDetailSchema, ...errorResponses },
      },
    },
    async (req) => (await loadStory(ctx, req.params.id, req.query.page, req.query.limit)).detail,
  );

  app.get<{ Querystring: { q: string; limit?: number } }>(
    "/api/search",
    {
      schema: {
        summary: "Search articles and stories",
        tags: ["search"],
        querystring: searchQuerySchema,
        response: { 200: searchResponseSchema, ...errorResponses },
      },
    },
    async (req) => {
      const hits = await ctx.store.search(req.query.q, req.query.limit ?? 20);
      return {
        q: req.query.q,
        results: hits.map((h) => ({ ...h, snippet: snippetHtml(h.snippet).value })),
      };
    },
  );

  app.get(
    "/api/feeds",
    {
      schema: {
        summary: "Feeds and their health",
        tags: ["feeds"],
        response: { 200: feedsResponseSchema, ...errorResponses },
      },
    },
    async () => ({ feeds: (await ctx.store.listFeeds()).map(feedView) }),
  );

  app.get<{ Querystring: { after?: number } }>(
    "/api/events",
    {
      schema: {
        summary: "Story lifecycle events (server-sent events)",
        description:
          "A text/event-stream of `story` events (data: a StoryEvent as JSON, id: its seq). Reconnect with the Last-Event-ID header (or ?after=SEQ) to resume without loss; a comment line is sent as heartbeat.",
        tags: ["events"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            after: { type: "integer", minimum: 0, description: "Resume after this seq" },
          },
        },
        headers: {
          type: "object",
          properties: { "last-event-id": { type: "string", pattern: "^\\d+$" } },
        },
        response: {
          200: {
            description: "text/event-stream",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const header = req.headers["last-event-id"];
      const after =
        typeof header === "string" && header !== "" ? Number(header) : (req.query.after ?? null);
      reply.hijack();
      reply.raw.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
        "x-content-type-options": "nosniff",
      });
      await ctx.hub.attach(reply.raw, after);
    },
  );
}
