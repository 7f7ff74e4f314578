// The web page (server-rendered HTML, live fragments), feeds out and static files.
import { readFileSync } from "node:fs";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sanitizeHtml } from "../articles/html.ts";
import type { FeedState } from "../feeds/types.ts";
import type { SearchHit } from "../store/types.ts";
import { filtersOf, type StoriesQuery, storiesPage } from "./api.ts";
import type { Context } from "./context.ts";
import { type FeedFormat, feedTypes, type OutFeed, type OutItem, renderFeed } from "./feeds-out.ts";
import { articleTime, type StoryCard } from "./story-data.ts";
import { ARTICLES_PER_PAGE, type LoadedStory, loadStory } from "./story-detail.ts";
import { formatTime } from "./views/format.ts";
import { escapeHtml, type Html, html } from "./views/html.ts";
import { type FeedLink, layout } from "./views/layout.ts";
import {
  articleLink,
  type EmptyReason,
  feedHealth,
  feedsPage,
  frontPage,
  type StoryPageData,
  safeUrl,
  searchPage,
  storyArticlesHtml,
  storyListHtml,
  storyPage,
} from "./views/pages.ts";

const FORMATS: FeedFormat[] = ["rss", "atom", "json"];
const FEED_ITEMS = 50;

const frontQuerySchema = {
  type: "object",
  properties: {
    q: { type: "string", maxLength: 500 },
    lang: { type: "string", maxLength: 20 },
    category: { type: "string", maxLength: 200 },
    source: { type: "string", maxLength: 200 },
    cursor: { type: "string", maxLength: 500 },
  },
} as const;

type FrontQuery = {
  q?: string;
  lang?: string;
  category?: string;
  source?: string;
  cursor?: string;
};

/** Only non-empty filters, as the API and the feeds take them. */
function cleanFilters(q: FrontQuery): StoriesQuery {
  const out: StoriesQuery = {};
  for (const k of ["q", "lang", "category", "source"] as const) {
    const v = q[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

function queryString(params: { [k: string]: string | number | undefined }): string {
  const s = new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) =>
      v === undefined || v === "" ? [] : [[k, String(v)]],
    ),
  ).toString();
  return s ? `?${s}` : "";
}

/** Search results on the page: the best 50. */
const SEARCH_LIMIT = 50;

/** The story a merged story ended up in (following merges of merges), or null if not merged. */
async function survivorOf(ctx: Context, id: string): Promise<string | null> {
  let at = id;
  const seen = new Set([id]);
  for (;;) {
    const s = await ctx.store.getStory(at);
    if (s?.status !== "merged" || !s.mergedInto || seen.has(s.mergedInto))
      return at === id ? null : at;
    at = s.mergedInto;
    seen.add(at);
  }
}

function baseUrl(ctx: Context, req: FastifyRequest): string {
  return (ctx.opts.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, "");
}

function sendPage(reply: FastifyReply, body: string, status = 200) {
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .header("cache-control", "no-cache")
    .send(body);
}

function cardHtml(c: StoryCard, base: string): string {
  const members = c.articles.map((a) => {
    const href = safeUrl(a.url);
    return html`<li>${a.outlet.name}: ${href ? html`<a href="${href}">${a.title}</a>` : a.title}${a.lede ? html`<br>${a.lede}` : ""}</li>`;
  });
  return html`<p>${c.summary}</p><p>${c.outletCount} outlets · ${c.articleCount} articles · first seen ${formatTime(c.firstSeen)}</p><ul>${members}</ul><p><a href="${`${base}/story/${encodeURIComponent(c.id)}`}">The whole story</a></p>`
    .value;
}

function storyItem(c: StoryCard, base: string): OutItem {
  return {
    id: `${base}/story/${encodeURIComponent(c.id)}`,
    title: c.headline || "(untitled story)",
    url: `${base}/story/${encodeURIComponent(c.id)}`,
    html: cardHtml(c, base),
    text: c.summary,
    published: Date.parse(c.firstSeen),
    updated: Date.parse(c.lastSeen),
    author: null,
  };
}

export function registerWeb(app: FastifyInstance, ctx: Context): void {
  const staticDir = new URL("./static/", import.meta.url);
  const files = new Map(
    [
      ["app.js", "text/javascript; charset=utf-8"],
      ["style.css", "text/css; charset=utf-8"],
      ["favicon.svg", "image/svg+xml"],
    ].map(([name, type]) => [name, { body: readFileSync(new URL(name, staticDir)), type }]),
  );
  app.get<{ Params: { file: string } }>(
    "/static/:file",
    { schema: { hide: true } },
    async (req, reply) => {
      const f = files.get(req.params.file);
      if (!f) return sendPage(reply, "not found", 404);
      return reply.type(f.type).header("cache-control", "public, max-age=300").send(f.body);
    },
  );

  // Browsers ask for /favicon.ico whatever the page links: answer with the SVG icon.
  app.get("/favicon.ico", { schema: { hide: true } }, async (_req, reply) => {
    const f = files.get("favicon.svg");
    return reply
      .type("image/svg+xml")
      .header("cache-control", "public, max-age=86400")
      .send(f?.body);
  });

  const page = (
    title: string,
    section: Parameters<typeof layout>[0]["section"],
    feeds: FeedLink[],
    body: Html,
    live?: { partial: string; story?: string },
  ) =>
    layout(
      {
        title: `${title} · ${ctx.siteName}`,
        siteName: ctx.siteName,
        feeds,
        section,
        live: live ?? null,
      },
      body,
    );

  /** When each search hit happened: an article's time, a story's last article. */
  const hitTimes = async (hits: SearchHit[]): Promise<Map<string, number>> => {
    const [articles, stories] = await Promise.all([
      ctx.store.getArticles(hits.filter((h) => h.kind === "article").map((h) => h.id)),
      ctx.store.getStories(hits.filter((h) => h.kind === "story").map((h) => h.id)),
    ]);
    return new Map<string, number>([
      ...articles.map((a) => [a.id, articleTime(a)] as [string, number]),
      ...stories.map((s) => [s.id, s.lastSeen] as [string, number]),
    ]);
  };

  /** Why the front page has no story: its filters, feeds that all fail, or nothing yet. */
  const emptyReason = async (filters: StoriesQuery): Promise<EmptyReason> => {
    if (Object.keys(filters).length > 0) return "filtered";
    const feeds = await ctx.store.listFeeds();
    const failing = (f: FeedState) => ["erroring", "failing"].includes(feedHealth(f));
    return feeds.length > 0 && feeds.every(failing) ? "feeds-failing" : "none";
  };

  app.get<{ Querystring: FrontQuery }>(
    "/",
    { schema: { hide: true, querystring: frontQuerySchema } },
    async (req, reply) => {
      const filters = cleanFilters(req.query);
      const cursor = req.query.cursor || undefined;
      const body = await ctx.front.response(
        filtersOf(filters),
        `page ${cursor ?? ""}`,
        async () => {
          const [page1, categories] = await Promise.all([
            storiesPage(ctx, { ...filters, limit: 20, cursor }),
            ctx.store.feedCategories(),
          ]);
          const empty = page1.stories.length === 0 ? await emptyReason(filters) : "none";
          const qs = queryString({ ...filters });
          const next = page1.nextCursor
            ? `/${queryString({ ...filters, cursor: page1.nextCursor })}`
            : null;
          // The page's feed carries its filters (a category, a language...).
          const feeds: FeedLink[] = [
            {
              title: filters.category ? `Stories in ${filters.category}` : "Top stories",
              base: "/feed",
              query: qs,
            },
          ];
          return page(
            filters.category ? `Stories: ${filters.category}` : "Top stories",
            "front",
            feeds,
            frontPage(
              page1.stories,
              next,
              filters,
              categories.map((c) => c.category),
              empty,
              cursor ? `/${qs}` : null,
            ),
            // Live updates refresh the first page only; later pages stay as they were ranked.
            cursor ? undefined : { partial: `/partials/stories${qs}` },
          );
        },
      );
      return sendPage(reply, body);
    },
  );

  app.get<{ Querystring: FrontQuery }>(
    "/partials/stories",
    { schema: { hide: true, querystring: frontQuerySchema } },
    async (req, reply) => {
      const filters = cleanFilters(req.query);
      const p = await storiesPage(ctx, { ...filters, limit: 20 });
      const next = p.nextCursor ? `/${queryString({ ...filters, cursor: p.nextCursor })}` : null;
      const empty = p.stories.length === 0 ? await emptyReason(filters) : "none";
      return sendPage(reply, storyListHtml(p.stories, next, empty).value);
    },
  );

  const storyData = ({ detail: d, pageOf, members, founder }: LoadedStory): StoryPageData => ({
    card: d.story,
    articles: d.articles.map((a) => ({ view: a, why: a.why })),
    articlePage: d.articlePage,
    members,
    pageOf,
    founder,
    timeline: d.timeline,
    coverage: d.coverage,
    related: d.related,
    events: d.events,
  });

  const storyPageSchema = {
    hide: true,
    querystring: {
      type: "object",
      properties: {
        page: { type: "integer", minimum: 1, maximum: 100000 },
        article: { type: "string", maxLength: 200 },
      },
    },
  } as const;

  app.get<{ Params: { id: string }; Querystring: { page?: number; article?: string } }>(
    "/story/:id",
    { schema: storyPageSchema },
    async (req, reply) => {
      const { article } = req.query;
      if (article !== undefined && req.query.page === undefined) {
        // A link to one article (search results, feeds): the page of the story that holds it.
        const members = await ctx.store.articlesOfStory(req.params.id);
        const at = members.findIndex((a) => a.id === article);
        const n = at < 0 ? 1 : Math.floor(at / ARTICLES_PER_PAGE) + 1;
        return reply.redirect(`${articleLink(req.params.id, article, n)}`);
      }
      // A merged story has no articles left: show the story that took them.
      const into = await survivorOf(ctx, req.params.id);
      if (into) return reply.redirect(`/story/${encodeURIComponent(into)}`);
      const pageNo = req.query.page ?? 1;
      const loaded = await loadStory(ctx, req.params.id, pageNo);
      const d = loaded.detail;
      const id = encodeURIComponent(req.params.id);
      const title = d.story.headline || "Story";
      return sendPage(
        reply,
        page(
          pageNo > 1 ? `${title} (articles, page ${pageNo})` : title,
          "story",
          [{ title: `New articles in “${d.story.headline}”`, base: `/story/${id}/feed` }],
          storyPage(storyData(loaded)),
          {
            partial: `/partials/story/${id}/articles${pageNo > 1 ? `?page=${pageNo}` : ""}`,
            story: req.params.id,
          },
        ),
      );
    },
  );

  app.get<{ Params: { id: string }; Querystring: { page?: number } }>(
    "/partials/story/:id/articles",
    { schema: storyPageSchema },
    async (req, reply) => {
      const loaded = await loadStory(ctx, req.params.id, req.query.page ?? 1);
      return sendPage(reply, storyArticlesHtml(storyData(loaded)).value);
    },
  );

  app.get<{ Querystring: { q?: string } }>(
    "/search",
    {
      schema: {
        hide: true,
        querystring: { type: "object", properties: { q: { type: "string", maxLength: 500 } } },
      },
    },
    async (req, reply) => {
      const q = (req.query.q ?? "").trim();
      const hits = q ? await ctx.store.search(q, SEARCH_LIMIT) : [];
      const times = await hitTimes(hits);
      const feeds: FeedLink[] = q
        ? [{ title: `Search: ${q}`, base: "/search/feed", query: queryString({ q }) }]
        : [];
      return sendPage(
        reply,
        page(
          q ? `Search: ${q}` : "Search",
          "search",
          feeds,
          searchPage(q, hits, times, SEARCH_LIMIT),
        ),
      );
    },
  );

  app.get("/feeds", { schema: { hide: true } }, async (_req, reply) => {
    const feeds = await ctx.store.listFeeds();
    return sendPage(
      reply,
      page(
        "Feed health",
        "feeds",
        [{ title: "Top stories", base: "/feed" }],
        feedsPage(feeds, ctx.now()),
      ),
    );
  });

  // Feeds out: the front page (with its filters, e.g. ?category=World), a search, one story.
  for (const format of FORMATS) {
    const send = (reply: FastifyReply, feed: OutFeed) =>
      reply
        .type(`${feedTypes[format]}; charset=utf-8`)
        .header("cache-control", "public, max-age=60")
        .send(renderFeed(format, feed));

    app.get<{ Querystring: FrontQuery }>(
      `/feed.${format}`,
      { schema: { hide: true, querystring: frontQuerySchema } },
      async (req, reply) => {
        const filters = cleanFilters(req.query);
        const base = baseUrl(ctx, req);
        const p = await storiesPage(ctx, { ...filters, limit: 30 });
        const qs = queryString({ ...filters });
        return send(reply, {
          title: filters.category
            ? `${ctx.siteName}: ${filters.category}`
            : `${ctx.siteName}: top stories`,
          description: "Stories ranked by size, source diversity, velocity and recency.",
          homeUrl: `${base}/${qs}`,
          selfBase: `${base}/feed`,
          selfQuery: qs,
          items: p.stories.map((c) => storyItem(c, base)),
          now: ctx.now(),
        });
      },
    );

    app.get<{ Querystring: { q: string } }>(
      `/search/feed.${format}`,
      {
        schema: {
          hide: true,
          querystring: {
            type: "object",
            required: ["q"],
            properties: { q: { type: "string", minLength: 1, maxLength: 500 } },
          },
        },
      },
      async (req, reply) => {
        const base = baseUrl(ctx, req);
        const hits = await ctx.store.search(req.query.q, FEED_ITEMS);
        const times = await hitTimes(hits);
        const qs = queryString({ q: req.query.q });
        return send(reply, {
          title: `${ctx.siteName}: search “${req.query.q}”`,
          description: `Articles and stories matching “${req.query.q}”.`,
          homeUrl: `${base}/search${qs}`,
          selfBase: `${base}/search/feed`,
          selfQuery: qs,
          items: hits.map((h) => {
            const page =
              h.kind === "story"
                ? `${base}/story/${encodeURIComponent(h.id)}`
                : h.storyId
                  ? `${base}${articleLink(h.storyId, h.id)}`
                  : `${base}/search${qs}`;
            const t = times.get(h.id) ?? ctx.now();
            const text = h.snippet.replace(/<\/?mark>/g, "");
            return {
              id:
                h.kind === "story"
                  ? `${base}/story/${encodeURIComponent(h.id)}`
                  : `urn:storyline:article:${encodeURIComponent(h.id)}`,
              title: h.title || "(untitled)",
              url: page,
              html: `<p>${h.snippet.replace(/<(?!\/?mark>)/g, "&lt;")}</p>`,
              text: decodeBasic(text),
              published: t,
              updated: t,
              author: null,
            };
          }),
          now: ctx.now(),
        });
      },
    );

    app.get<{ Params: { id: string } }>(
      `/story/:id/feed.${format}`,
      { schema: { hide: true } },
      async (req, reply) => {
        const base = baseUrl(ctx, req);
        const story = await ctx.store.getStory(req.params.id);
        if (!story) return reply.callNotFound();
        const members = (await ctx.store.articlesOfStory(story.id))
          .sort((a, b) => articleTime(b) - articleTime(a))
          .slice(0, FEED_ITEMS);
        const id = encodeURIComponent(story.id);
        return send(reply, {
          title: `${ctx.siteName}: ${story.headline}`,
          description: story.summary || story.headline,
          homeUrl: `${base}/story/${id}`,
          selfBase: `${base}/story/${id}/feed`,
          selfQuery: "",
          items: members.map((a) => ({
            id: `urn:storyline:article:${encodeURIComponent(a.id)}`,
            title: a.title || "(untitled)",
            url: safeUrl(a.url) ?? `${base}${articleLink(story.id, a.id)}`,
            html: a.html ? sanitizeHtml(a.html, a.url) : `<p>${escapeHtml(a.text)}</p>`,
            text: a.text,
            published: articleTime(a),
            updated: articleTime(a),
            author: a.source ?? a.author,
          })),
          now: ctx.now(),
        });
      },
    );
  }
}

const decodeBasic = (s: string) =>
  s.replace(
    /&(lt|gt|quot|#39|amp);/g,
    (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e] ?? "",
  );
