// Admin routes, behind the operator's token (x-admin-token header): feeds and corrections.
// Without a configured token they answer 403 and do nothing.
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { feedCategory, OpmlError, parseOpml } from "../feeds/opml.ts";
import { languageConflict } from "../pipeline/partitions.ts";
import type { Correction, CorrectionInput, StoryRecord } from "../store/types.ts";
import { feedView } from "./api.ts";
import type { Context } from "./context.ts";
import { badRequest, HttpError, notFound } from "./errors.ts";
import {
  adminHeadersSchema,
  correctionResponseSchema,
  errorResponses,
  idParamsSchema,
} from "./schemas.ts";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function checkToken(expected: string | null | undefined, req: FastifyRequest): void {
  if (!expected)
    throw new HttpError(
      403,
      "admin_closed",
      "admin routes are closed: no admin token is configured",
    );
  const given = req.headers["x-admin-token"];
  if (typeof given !== "string" || given === "")
    throw new HttpError(401, "unauthorized", "missing x-admin-token header");
  // Compare digests so the comparison takes the same time whatever the token's length.
  if (!timingSafeEqual(digest(given), digest(expected)))
    throw new HttpError(401, "unauthorized", "wrong admin token");
}

const adminErrors = {
  ...errorResponses,
  401: { $ref: "Error#" },
  403: { $ref: "Error#" },
} as const;

const httpUrl = {
  type: "string",
  minLength: 1,
  maxLength: 2000,
  pattern: "^[Hh][Tt][Tt][Pp][Ss]?://",
} as const;
const storyId = { type: "string", minLength: 1, maxLength: 200 } as const;

export function registerAdmin(app: FastifyInstance, ctx: Context): void {
  const { store } = ctx;
  const admin = { tags: ["admin"], headers: adminHeadersSchema, security: [{ adminToken: [] }] };

  app.register(async (scope) => {
    scope.addHook("onRequest", async (req) => checkToken(ctx.opts.adminToken, req));

    scope.post<{ Body: { url: string; title?: string; category?: string } }>(
      "/api/admin/feeds",
      {
        schema: {
          ...admin,
          summary: "Add a feed",
          body: {
            type: "object",
            required: ["url"],
            additionalProperties: false,
            properties: {
              url: httpUrl,
              title: { type: "string", maxLength: 500 },
              category: { type: "string", maxLength: 200 },
            },
          },
          response: { 201: { $ref: "Feed#" }, 200: { $ref: "Feed#" }, ...adminErrors },
        },
      },
      async (req, reply) => {
        if (!isHttpUrl(req.body.url))
          throw badRequest(`body/url is not an http(s) URL: "${req.body.url}"`);
        const existed = await store.getFeedByUrl(req.body.url);
        const feed = existed ?? (await store.addFeed(req.body));
        if (!existed) ctx.opts.onFeedsChanged?.();
        reply.code(existed ? 200 : 201);
        return feedView(feed);
      },
    );

    scope.delete<{ Params: { id: number } }>(
      "/api/admin/feeds/:id",
      {
        schema: {
          ...admin,
          summary: "Remove a feed (its articles stay)",
          params: {
            type: "object",
            required: ["id"],
            properties: { id: { type: "integer", minimum: 1 } },
          },
          response: { 204: { type: "null", description: "Removed" }, ...adminErrors },
        },
      },
      async (req, reply) => {
        if (!(await store.removeFeed(req.params.id))) throw notFound(`feed ${req.params.id}`);
        ctx.opts.onFeedsChanged?.();
        reply.code(204);
        return null;
      },
    );

    // OPML arrives as the raw document.
    scope.addContentTypeParser(
      ["application/xml", "text/xml", "text/x-opml", "application/x-opml"],
      { parseAs: "string", bodyLimit: 5 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );

    scope.post<{ Body: string }>(
      "/api/admin/opml",
      {
        schema: {
          ...admin,
          summary: "Import feeds from an OPML document",
          description:
            "Send the OPML document as the body (content-type text/x-opml or application/xml).",
          consumes: ["text/x-opml", "application/xml", "text/xml"],
          body: { type: "string", minLength: 1 },
          response: {
            200: {
              type: "object",
              required: ["added", "existing", "skipped"],
              properties: {
                added: { type: "array", items: { $ref: "Feed#" } },
                existing: { type: "integer", description: "Feeds already subscribed" },
                skipped: {
                  type: "array",
                  items: { type: "string" },
                  description: "Outlines whose xmlUrl is not an http(s) URL",
                },
              },
            },
            ...adminErrors,
          },
        },
      },
      async (req) => {
        let doc: ReturnType<typeof parseOpml>;
        try {
          doc = parseOpml(req.body);
        } catch (err) {
          if (err instanceof OpmlError) throw badRequest(`body: ${err.message}`);
          throw err;
        }
        const added = [];
        const skipped: string[] = [];
        let existing = 0;
        for (const f of doc.feeds) {
          if (!isHttpUrl(f.xmlUrl)) {
            skipped.push(f.xmlUrl);
            continue;
          }
          if (await store.getFeedByUrl(f.xmlUrl)) {
            existing++;
            continue;
          }
          added.push(
            feedView(
              await store.addFeed({
                url: f.xmlUrl,
                title: f.title ?? f.text,
                siteUrl: f.htmlUrl,
                category: feedCategory(f),
              }),
            ),
          );
        }
        if (added.length > 0) ctx.opts.onFeedsChanged?.();
        return { added, existing, skipped };
      },
    );

    const correct = async (input: CorrectionInput) => {
      let correction: Correction;
      let storyId: string | null = null;
      if (ctx.opts.applyCorrection) {
        try {
          ({ correction, storyId } = await ctx.opts.applyCorrection(input));
        } catch (err) {
          // The pipeline refuses corrections that no longer fit (e.g. a story merged meanwhile).
          if ((err as Error).name === "CorrectionError")
            throw new HttpError(409, "conflict", (err as Error).message);
          throw err;
        }
      } else {
        correction = await store.addCorrection(input);
        await store.addEvents(
          input.storyIds.map((id) => ({
            storyId: id,
            type: "corrected" as const,
            at: input.at,
            data: {
              correction: correction.id,
              kind: input.kind,
              articleIds: input.articleIds,
              storyIds: input.storyIds,
            },
          })),
        );
      }
      void ctx.hub.poll();
      return {
        correction: {
          ...correction,
          at: new Date(correction.at).toISOString(),
          note: correction.note ?? null,
        },
        applied: !!ctx.opts.applyCorrection,
        storyId,
      };
    };

    const requireStory = async (id: string) => {
      const s = await store.getStory(id);
      if (!s) throw notFound(`story ${id}`);
      if (s.status === "merged")
        throw new HttpError(409, "conflict", `story ${id} was merged into ${s.mergedInto}`);
      return s;
    };

    // Checked here too, not only by the pipeline: an API server that only records corrections
    // (a worker deployment) must not store one that its cluster worker could never apply.
    const sameLanguage = (a: StoryRecord, b: StoryRecord, what: string) => {
      const why = languageConflict(a, b, what);
      if (why) throw new HttpError(409, "conflict", why);
    };

    scope.post<{ Body: { from: string; into: string; note?: string } }>(
      "/api/admin/stories/merge",
      {
        schema: {
          ...admin,
          summary: "Merge one story into another",
          body: {
            type: "object",
            required: ["from", "into"],
            additionalProperties: false,
            properties: { from: storyId, into: storyId, note: { type: "string", maxLength: 1000 } },
          },
          response: { 202: correctionResponseSchema, ...adminErrors, 409: { $ref: "Error#" } },
        },
      },
      async (req, reply) => {
        const { from, into } = req.body;
        if (from === into) throw badRequest("body/from and body/into are the same story");
        sameLanguage(await requireStory(from), await requireStory(into), "merging");
        reply.code(202);
        return correct({
          kind: "merge",
          storyIds: [from, into],
          articleIds: [],
          at: ctx.now(),
          note: req.body.note ?? null,
        });
      },
    );

    scope.post<{ Params: { id: string }; Body: { articleIds: string[]; note?: string } }>(
      "/api/admin/stories/:id/split",
      {
        schema: {
          ...admin,
          summary: "Split articles out of a story into a new story",
          params: idParamsSchema,
          body: {
            type: "object",
            required: ["articleIds"],
            additionalProperties: false,
            properties: {
              articleIds: {
                type: "array",
                minItems: 1,
                maxItems: 1000,
                uniqueItems: true,
                items: storyId,
              },
              note: { type: "string", maxLength: 1000 },
            },
          },
          response: { 202: correctionResponseSchema, ...adminErrors, 409: { $ref: "Error#" } },
        },
      },
      async (req, reply) => {
        const id = req.params.id;
        await requireStory(id);
        const members = new Set((await store.articlesOfStory(id)).map((a) => a.id));
        const strangers = req.body.articleIds.filter((a) => !members.has(a));
        if (strangers.length > 0)
          throw badRequest(`body/articleIds: not in story ${id}: ${strangers.join(", ")}`);
        if (req.body.articleIds.length === members.size)
          throw badRequest("body/articleIds: a split must leave at least one article in the story");
        reply.code(202);
        return correct({
          kind: "split",
          storyIds: [id],
          articleIds: req.body.articleIds,
          at: ctx.now(),
          note: req.body.note ?? null,
        });
      },
    );

    scope.post<{ Params: { id: string }; Body: { to: string; note?: string } }>(
      "/api/admin/articles/:id/move",
      {
        schema: {
          ...admin,
          summary: "Move an article to another story",
          params: idParamsSchema,
          body: {
            type: "object",
            required: ["to"],
            additionalProperties: false,
            properties: { to: storyId, note: { type: "string", maxLength: 1000 } },
          },
          response: { 202: correctionResponseSchema, ...adminErrors, 409: { $ref: "Error#" } },
        },
      },
      async (req, reply) => {
        const article = await store.getArticle(req.params.id);
        if (!article) throw notFound(`article ${req.params.id}`);
        if (!article.storyId)
          throw new HttpError(409, "conflict", `article ${article.id} has no story yet`);
        if (article.storyId === req.body.to)
          throw badRequest(`body/to: article is already in story ${req.body.to}`);
        const to = await requireStory(req.body.to);
        sameLanguage(await requireStory(article.storyId), to, "moving articles between");
        reply.code(202);
        return correct({
          kind: "move",
          storyIds: [article.storyId, req.body.to],
          articleIds: [article.id],
          at: ctx.now(),
          note: req.body.note ?? null,
        });
      },
    );
  });
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}
