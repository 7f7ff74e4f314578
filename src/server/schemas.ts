// JSON schemas of the API: fastify validates parameters with them and serialises responses with
// them, and @fastify/swagger turns them into the OpenAPI 3.1 document.

const str = { type: "string" } as const;
const nstr = { type: ["string", "null"] } as const;
const int = { type: "integer" } as const;
const num = { type: "number" } as const;
const strs = { type: "array", items: str } as const;
const dateTime = { type: "string", format: "date-time" } as const;

export const errorSchema = {
  $id: "Error",
  type: "object",
  required: ["status", "code", "message"],
  properties: { status: int, code: str, message: str },
} as const;

export const outletSchema = {
  type: "object",
  required: ["name", "domain", "country", "type"],
  properties: { name: str, domain: nstr, country: nstr, type: nstr },
} as const;

export const articleSchema = {
  type: "object",
  required: ["id", "title", "lede", "url", "published", "outlet", "duplicateOf", "lang"],
  properties: {
    id: str,
    title: str,
    lede: str,
    url: nstr,
    published: { type: ["string", "null"], format: "date-time" },
    outlet: outletSchema,
    duplicateOf: nstr,
    lang: nstr,
  },
} as const;

const partsSchema = {
  type: "object",
  required: ["size", "diversity", "velocity", "recency"],
  properties: { size: num, diversity: num, velocity: num, recency: num },
} as const;

export const storyCardSchema = {
  type: "object",
  required: [
    "id",
    "headline",
    "summary",
    "entities",
    "firstSeen",
    "lastSeen",
    "articleCount",
    "outletCount",
    "domains",
    "countries",
    "outletTypes",
    "lang",
    "status",
    "rank",
    "articles",
  ],
  properties: {
    id: str,
    eventId: nstr,
    headline: str,
    summary: str,
    entities: strs,
    firstSeen: dateTime,
    lastSeen: dateTime,
    articleCount: int,
    outletCount: int,
    domains: strs,
    countries: strs,
    outletTypes: strs,
    lang: nstr,
    status: { type: "string", enum: ["active", "quiet", "merged"] },
    rank: {
      type: "object",
      required: ["score", "parts"],
      properties: { score: num, parts: partsSchema },
    },
    articles: {
      type: "array",
      items: articleSchema,
      description: "A few member articles, one per outlet",
    },
  },
} as const;

const isoOrMs = {
  type: "string",
  description: "ISO 8601 instant, or epoch milliseconds",
  pattern: "^(\\d{1,15}|\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+)?(Z|[+-]\\d{2}:?\\d{2})?)$",
} as const;

export const storiesQuerySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    since: isoOrMs,
    lang: { type: "string", pattern: "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$" },
    category: { type: "string", minLength: 1, maxLength: 200 },
    source: { type: "string", minLength: 1, maxLength: 200 },
    q: { type: "string", minLength: 1, maxLength: 500 },
    granularity: {
      type: "string",
      enum: ["story", "event"],
      default: "story",
      description:
        "story: one card per story; event: one card per event inside stories (eventId set, labelled from the event's own articles)",
    },
    limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
    cursor: { type: "string", minLength: 1, maxLength: 500 },
  },
} as const;

export const storiesResponseSchema = {
  type: "object",
  required: ["stories", "nextCursor"],
  properties: { stories: { type: "array", items: storyCardSchema }, nextCursor: nstr },
} as const;

const facetList = {
  type: "array",
  items: { type: "object", required: ["name", "count"], properties: { name: str, count: int } },
} as const;

const explanationSchema = {
  type: ["object", "null"],
  required: ["terms", "entities", "score", "threshold"],
  properties: { terms: strs, entities: strs, score: num, threshold: num },
} as const;

export const storyQuerySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    page: {
      type: "integer",
      minimum: 1,
      default: 1,
      description: "Page of the story's articles (1 = the oldest); past the last page is a 404",
    },
    limit: { type: "integer", minimum: 1, maximum: 200, default: 50 },
  },
} as const;

export const idParamsSchema = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", minLength: 1, maxLength: 200 } },
} as const;

export const storyDetailSchema = {
  type: "object",
  required: [
    "story",
    "articles",
    "articlePage",
    "timeline",
    "coverage",
    "related",
    "events",
    "mergedInto",
  ],
  properties: {
    story: storyCardSchema,
    mergedInto: nstr,
    articles: {
      type: "array",
      description: "One page of the story's articles, oldest first (see articlePage)",
      items: {
        type: "object",
        required: [...articleSchema.required, "why"],
        properties: { ...articleSchema.properties, why: explanationSchema },
      },
    },
    articlePage: {
      type: "object",
      description:
        "Which page of the articles this is; timeline, coverage and counts are over all of them",
      required: ["page", "limit", "total", "pages"],
      properties: {
        page: { type: "integer", minimum: 1 },
        limit: { type: "integer", minimum: 1 },
        total: { type: "integer", minimum: 0, description: "Articles on all pages" },
        pages: { type: "integer", minimum: 1 },
      },
    },
    timeline: {
      type: "object",
      required: ["bucketMs", "buckets", "firstReporter"],
      properties: {
        bucketMs: int,
        buckets: {
          type: "array",
          items: {
            type: "object",
            required: ["start", "count", "first"],
            properties: { start: dateTime, count: int, first: { type: "boolean" } },
          },
        },
        firstReporter: {
          type: ["object", "null"],
          required: ["articleId", "outlet", "at"],
          properties: { articleId: str, outlet: str, at: dateTime },
        },
      },
    },
    coverage: {
      type: "object",
      required: ["outlets", "countries", "types"],
      properties: { outlets: facetList, countries: facetList, types: facetList },
    },
    related: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "headline", "shared"],
        properties: { id: str, headline: str, shared: strs },
      },
    },
    events: { type: "array", items: { $ref: "StoryEvent#" } },
  },
} as const;

export const storyEventSchema = {
  $id: "StoryEvent",
  type: "object",
  required: ["seq", "storyId", "type", "at", "data"],
  properties: {
    seq: int,
    storyId: str,
    type: { type: "string", enum: ["created", "grew", "merged", "split", "quiet", "corrected"] },
    at: dateTime,
    data: { type: "object", additionalProperties: true },
  },
} as const;

export const searchQuerySchema = {
  type: "object",
  required: ["q"],
  additionalProperties: false,
  properties: {
    q: { type: "string", minLength: 1, maxLength: 500 },
    limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
  },
} as const;

export const searchResponseSchema = {
  type: "object",
  required: ["q", "results"],
  properties: {
    q: str,
    results: {
      type: "array",
      items: {
        type: "object",
        required: ["kind", "id", "title", "snippet", "score", "storyId"],
        properties: {
          kind: { type: "string", enum: ["article", "story"] },
          id: str,
          title: str,
          snippet: { type: "string", description: "Escaped text with matches in <mark>…</mark>" },
          score: num,
          storyId: nstr,
        },
      },
    },
  },
} as const;

export const feedSchema = {
  $id: "Feed",
  type: "object",
  required: [
    "id",
    "url",
    "title",
    "category",
    "enabled",
    "health",
    "lastAttemptAt",
    "lastSuccessAt",
    "lastStatus",
    "lastError",
    "consecutiveFailures",
    "itemsSeen",
    "nextPollAt",
  ],
  properties: {
    id: int,
    url: str,
    title: nstr,
    siteUrl: nstr,
    category: nstr,
    enabled: { type: "boolean" },
    health: { type: "string", enum: ["ok", "new", "erroring", "failing", "disabled"] },
    lastAttemptAt: { type: ["string", "null"], format: "date-time" },
    lastSuccessAt: { type: ["string", "null"], format: "date-time" },
    lastStatus: { type: ["integer", "null"] },
    lastError: nstr,
    consecutiveFailures: int,
    itemsSeen: int,
    avgIntervalMs: { type: ["number", "null"] },
    nextPollAt: dateTime,
  },
} as const;

export const feedsResponseSchema = {
  type: "object",
  required: ["feeds"],
  properties: { feeds: { type: "array", items: { $ref: "Feed#" } } },
} as const;

export const adminHeadersSchema = {
  type: "object",
  properties: { "x-admin-token": { type: "string", description: "The operator's admin token" } },
} as const;

export const correctionResponseSchema = {
  type: "object",
  required: ["correction", "applied"],
  properties: {
    correction: {
      type: "object",
      required: ["id", "kind", "storyIds", "articleIds", "at"],
      properties: {
        id: int,
        kind: { type: "string", enum: ["merge", "split", "move"] },
        storyIds: strs,
        articleIds: strs,
        at: dateTime,
        note: nstr,
      },
    },
    applied: {
      type: "boolean",
      description:
        "True when the in-process pipeline applied it; false when it was only recorded (pipelines apply recorded corrections on their next housekeeping)",
    },
    storyId: { type: ["string", "null"], description: "split: the new story's id, when applied" },
  },
} as const;

export const errorResponses = {
  400: { $ref: "Error#" },
  404: { $ref: "Error#" },
  429: { $ref: "Error#" },
} as const;
