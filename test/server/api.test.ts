// The JSON API against a real server on 127.0.0.1 over a real SQLite store.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { RANKED } from "../../src/server/front-page.ts";
import {
  addStory,
  KOREA,
  NOW,
  newArticle,
  type Running,
  type SeedStory,
  STORM,
  startServer,
} from "./fixture.ts";

async function get(r: Running, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(r.url + path, { headers });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text.startsWith("{") ? JSON.parse(text) : text,
  };
}

async function send(
  r: Running,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(r.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe("public API", () => {
  let r: Running;
  before(async () => {
    r = await startServer([KOREA, STORM]);
  });
  after(() => r.close());

  test("GET /api/stories ranks stories and gives their coverage facets and rank parts", async () => {
    const { status, body } = await get(r, "/api/stories");
    assert.equal(status, 200);
    assert.deepEqual(
      body.stories.map((s: { id: string }) => s.id),
      ["s-korea", "s-storm"],
    );
    const korea = body.stories[0];
    assert.equal(korea.headline, KOREA.headline);
    assert.equal(korea.articleCount, 4);
    assert.equal(korea.outletCount, 3);
    assert.deepEqual(korea.domains, ["channelnewsasia.com", "reuters.com", "telegraph.co.uk"]);
    assert.deepEqual(korea.countries, ["Singapore", "United Kingdom"]);
    assert.ok(korea.outletTypes.length >= 1);
    assert.equal(korea.firstSeen, new Date(NOW - 30 * 3600_000).toISOString());
    assert.equal(korea.lastSeen, new Date(NOW - 4 * 3600_000).toISOString());
    for (const part of ["size", "diversity", "velocity", "recency"]) {
      assert.ok(korea.rank.parts[part] >= 0 && korea.rank.parts[part] <= 1, part);
    }
    assert.ok(korea.rank.score > body.stories[1].rank.score);
    // One preview article per outlet, earliest first.
    assert.deepEqual(
      korea.articles.map((a: { outlet: { name: string } }) => a.outlet.name),
      ["Reuters", "The Telegraph", "Channel NewsAsia"],
    );
    assert.match(korea.articles[0].lede, /^SEOUL \(Reuters\)/);
  });

  test("cursor pagination walks the ranked list without repeats; a forged cursor is a 400", async () => {
    const p1 = await get(r, "/api/stories?limit=1");
    assert.equal(p1.body.stories.length, 1);
    assert.ok(p1.body.nextCursor);
    const p2 = await get(
      r,
      `/api/stories?limit=1&cursor=${encodeURIComponent(p1.body.nextCursor)}`,
    );
    assert.deepEqual(
      p2.body.stories.map((s: { id: string }) => s.id),
      ["s-storm"],
    );
    assert.equal(p2.body.nextCursor, null);
    const bad = await get(r, "/api/stories?cursor=nonsense");
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /cursor/);
  });

  test("a later front page says it continues and links back to the first page", async () => {
    const p1 = await get(r, "/");
    assert.doesNotMatch(p1.body, /continued|Back to the first page/);
    const cursor = (await get(r, "/api/stories?limit=1")).body.nextCursor;
    const later = await get(r, `/?cursor=${encodeURIComponent(cursor)}`);
    assert.equal(later.status, 200);
    assert.match(later.body, /<h1>Top stories, continued<\/h1>/);
    assert.match(later.body, /<p class="first-page"><a href="\/">Back to the first page<\/a><\/p>/);
    assert.match(later.body, /That is the end of the ranked stories/);
    assert.doesNotMatch(p1.body, /That is the end/);
  });

  test("filters: q, lang and since narrow the list", async () => {
    const q = await get(r, `/api/stories?q=${encodeURIComponent("Éowyn")}`);
    assert.deepEqual(
      q.body.stories.map((s: { id: string }) => s.id),
      ["s-storm"],
    );
    assert.equal((await get(r, "/api/stories?lang=de")).body.stories.length, 0);
    const since = await get(r, `/api/stories?since=${new Date(NOW - 10 * 3600_000).toISOString()}`);
    assert.deepEqual(
      since.body.stories.map((s: { id: string }) => s.id),
      ["s-korea"],
    );
    const sinceMs = await get(r, `/api/stories?since=${NOW - 10 * 3600_000}`);
    assert.equal(sinceMs.body.stories.length, 1);
  });

  test("granularity=event shows each event of a story as its own card", async () => {
    // Re-assign two of the Korea articles to a second event of the same story.
    const members = await r.store.articlesOfStory("s-korea");
    const story = await r.store.getStory("s-korea");
    assert.ok(story);
    for (const a of members.slice(2)) {
      await r.store.commitAssignment(
        { articleId: a.id, storyId: "s-korea", eventId: "e-trump", score: 0.7, threshold: 0.5 },
        story,
        [],
      );
    }
    const { body } = await get(r, "/api/stories?granularity=event");
    const korea = body.stories.filter((s: { id: string }) => s.id === "s-korea");
    assert.deepEqual(korea.map((c: { eventId: string }) => c.eventId).sort(), [
      "e-trump",
      "s-korea",
    ]);
    for (const c of korea) assert.equal(c.articleCount, 2);
    const trump = korea.find((c: { eventId: string }) => c.eventId === "e-trump");
    assert.ok(trump.headline.length > 0);
    assert.notEqual(trump.headline, KOREA.headline);
    assert.deepEqual(trump.countries, ["Singapore"]);
    const storm = body.stories.find((s: { id: string }) => s.id === "s-storm");
    assert.equal(storm.eventId, "s-storm");
    // The story view is unchanged.
    const stories = await get(r, "/api/stories");
    assert.equal(stories.body.stories.filter((s: { id: string }) => s.id === "s-korea").length, 1);
    for (const a of members.slice(2)) {
      await r.store.commitAssignment(
        { articleId: a.id, storyId: "s-korea", eventId: "s-korea", score: 0.7, threshold: 0.5 },
        story,
        [],
      );
    }
  });

  test("bad parameters get a 400 JSON error naming the parameter", async () => {
    for (const [path, word] of [
      ["/api/stories?limit=0", "limit"],
      ["/api/stories?limit=abc", "limit"],
      ["/api/stories?since=yesterday", "since"],
      ["/api/stories?granularity=century", "granularity"],
      ["/api/stories?colour=red", "colour"],
      ["/api/search", "q"],
    ]) {
      const { status, body } = await get(r, path);
      assert.equal(status, 400, path);
      assert.equal(body.status, 400);
      assert.equal(body.code, "bad_request");
      assert.ok(body.message.includes(word), `${path}: ${body.message}`);
    }
  });

  test("400 messages say what was expected, not the validator's regex", async () => {
    for (const [path, message] of [
      [
        "/api/stories?since=yesterday",
        "querystring/since must be an ISO 8601 time or epoch milliseconds",
      ],
      [
        "/api/stories?since=2025-13-45",
        "querystring/since must be an ISO 8601 time or epoch milliseconds",
      ],
      ["/api/stories?granularity=chapter", "querystring/granularity must be one of story, event"],
      ["/api/stories?lang=english", "querystring/lang must be a language code such as en or pt-BR"],
      ["/api/stories/s-korea?page=two", "querystring/page must be a whole number"],
      ["/api/stories?limit=2.5", "querystring/limit must be a whole number"],
      ["/api/search?q=", "querystring/q must not be empty"],
    ]) {
      const { status, body } = await get(r, path);
      assert.equal(status, 400, path);
      assert.equal(body.message, message, path);
    }
  });

  test("GET /api/stories/:id has articles with outlets and why, timeline, coverage and events", async () => {
    const { status, body } = await get(r, "/api/stories/s-korea");
    assert.equal(status, 200);
    assert.equal(body.articles.length, 4);
    const [first, second] = body.articles;
    assert.equal(first.outlet.name, "Reuters");
    assert.equal(first.outlet.country, "United Kingdom");
    assert.equal(first.url, KOREA.articles[0].url);
    assert.equal(second.why.threshold, 0.5);
    assert.ok(second.why.score > second.why.threshold);
    assert.ok(second.why.terms.includes("troops"), second.why.terms.join(","));
    assert.ok(second.why.entities.includes("North Korea"));
    const total = body.timeline.buckets.reduce((s: number, b: { count: number }) => s + b.count, 0);
    assert.equal(total, 4);
    assert.equal(body.timeline.buckets[0].first, true);
    assert.equal(body.timeline.firstReporter.outlet, "Reuters");
    assert.deepEqual(body.coverage.outlets[0], { name: "Channel NewsAsia", count: 2 });
    // Reuters and the Telegraph (from the hand-written additions to the outlet table) are British.
    assert.deepEqual(body.coverage.countries, [
      { name: "Singapore", count: 2 },
      { name: "United Kingdom", count: 2 },
    ]);
    assert.deepEqual(
      body.events.map((e: { type: string }) => e.type),
      ["created", "grew", "grew", "grew"],
    );
    const missing = await get(r, "/api/stories/nope");
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      status: 404,
      code: "not_found",
      message: "story nope not found",
    });
  });

  test("related stories share entities", async () => {
    const extra: SeedStory = {
      id: "s-korea-nuclear",
      headline: "Seoul rebukes Trump over North Korea nuclear remark",
      summary: "South Korea says denuclearisation remains the goal.",
      entities: ["South Korea", "Donald Trump"],
      articles: [
        {
          title: "Seoul rebukes Trump",
          text: "South Korea rebuked President Trump’s remarks.",
          url: "https://www.nknews.org/2025/01/seoul-rebukes",
          source: "NK News",
          hoursAgo: 3,
        },
      ],
    };
    await addStory(r.store, extra);
    const { body } = await get(r, "/api/stories/s-korea");
    assert.deepEqual(body.related[0], {
      id: "s-korea-nuclear",
      headline: extra.headline,
      shared: ["South Korea", "Donald Trump"],
    });
  });

  test("GET /api/search finds articles and stories with <mark> snippets", async () => {
    const { status, body } = await get(r, "/api/search?q=troops");
    assert.equal(status, 200);
    assert.ok(body.results.length >= 2);
    for (const hit of body.results) {
      assert.match(hit.snippet, /<mark>troops<\/mark>/i);
      assert.doesNotMatch(hit.snippet.replace(/<\/?mark>/g, ""), /</);
    }
    assert.ok(body.results.some((h: { storyId: string }) => h.storyId === "s-korea"));
  });

  test("GET /api/feeds reports each feed's health", async () => {
    const feed = await r.store.addFeed({
      url: "https://example.org/rss.xml",
      title: "Example",
      category: "World",
    });
    await r.store.updateFeed(feed.id, {
      consecutiveFailures: 2,
      lastError: "HTTP 503",
      lastStatus: 503,
    });
    const { body } = await get(r, "/api/feeds");
    const f = body.feeds.find((x: { id: number }) => x.id === feed.id);
    assert.equal(f.health, "erroring");
    assert.equal(f.lastError, "HTTP 503");
    assert.equal(f.category, "World");
  });

  test("/api/openapi.json is a valid OpenAPI 3.1 document with every public route and its parameters", async () => {
    const { body } = await get(r, "/api/openapi.json");
    assert.equal(body.openapi, "3.1.0");
    const validator = new Validator();
    const verdict = await validator.validate(body);
    assert.equal(validator.version, "3.1");
    assert.ok(verdict.valid, JSON.stringify(verdict.errors));
    for (const p of [
      "/api/stories",
      "/api/stories/{id}",
      "/api/search",
      "/api/feeds",
      "/api/events",
      "/api/admin/feeds",
      "/api/admin/stories/merge",
    ]) {
      assert.ok(body.paths[p], p);
    }
    const params = body.paths["/api/stories"].get.parameters.map((p: { name: string }) => p.name);
    for (const n of ["since", "lang", "category", "source", "q", "granularity", "limit", "cursor"])
      assert.ok(params.includes(n), n);
    assert.ok(body.paths["/api/stories/{id}"].get.responses["404"]);
    assert.equal(body.paths["/"], undefined, "HTML pages are not part of the API document");
  });

  test("security headers on pages and API; HTML 404 for pages, JSON 404 for the API", async () => {
    const page = await fetch(`${r.url}/`);
    const csp = page.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(page.headers.get("x-content-type-options"), "nosniff");
    const html404 = await fetch(`${r.url}/no/such/page`, { headers: { accept: "text/html" } });
    assert.equal(html404.status, 404);
    assert.match(await html404.text(), /<h1>Not found<\/h1>/);
    const api404 = await get(r, "/api/nothing");
    assert.equal(api404.body.code, "not_found");
  });

  test("every HTML page advertises RSS, Atom and JSON feeds in its head", async () => {
    for (const path of [
      "/",
      "/?category=World",
      "/story/s-korea",
      "/search",
      "/search?q=troops",
      "/feeds",
      "/nowhere",
    ]) {
      const res = await fetch(r.url + path, { headers: { accept: "text/html" } });
      const page = await res.text();
      const head = page.slice(0, page.indexOf("</head>"));
      for (const type of ["application/rss+xml", "application/atom+xml", "application/feed+json"]) {
        assert.match(
          head,
          new RegExp(`<link rel="alternate" type="${type.replace("+", "\\+")}"`),
          `${path} ${type}`,
        );
      }
    }
    const story = await (await fetch(`${r.url}/story/s-korea`)).text();
    assert.match(story, /href="\/story\/s-korea\/feed\.atom"/);
    const category = await (await fetch(`${r.url}/?category=World`)).text();
    assert.match(category, /href="\/feed\.json\?category=World"/);
  });

  test("GET /healthz answers 200 with the article count", async () => {
    const { status, body } = await get(r, "/healthz");
    assert.equal(status, 200);
    assert.equal(body.status, "ok");
    assert.ok(body.articles >= 6);
  });
});

describe("front-page cache", () => {
  test("cached pages are reused until the event log moves, then rebuilt", async () => {
    const r = await startServer([STORM], { frontPageCacheMs: 60_000, eventPollMs: 30 });
    try {
      const first = await fetch(`${r.url}/api/stories`);
      assert.equal(first.headers.get("content-type"), "application/json; charset=utf-8");
      assert.deepEqual(
        (await first.json()).stories.map((s: { id: string }) => s.id),
        ["s-storm"],
      );
      assert.doesNotMatch(await (await fetch(`${r.url}/`)).text(), /North Korea/);
      await addStory(r.store, KOREA);
      // Within a few polls of the event log the cached ranking is dropped.
      let ids: string[] = [];
      for (let i = 0; i < 50 && ids.length < 2; i++) {
        await new Promise((res) => setTimeout(res, 30));
        ids = (await (await fetch(`${r.url}/api/stories`)).json()).stories.map(
          (s: { id: string }) => s.id,
        );
      }
      assert.deepEqual(ids, ["s-korea", "s-storm"]);
      assert.match(
        await (await fetch(`${r.url}/`)).text(),
        /North Korea prepares to send more troops/,
      );
      const p2 = await get(r, "/api/stories?limit=1&cursor=bogus");
      assert.equal(p2.status, 400);
    } finally {
      await r.close();
    }
  });
});

describe("rate limiting", () => {
  test("a client over the limit gets 429 JSON with Retry-After; /healthz is not limited", async () => {
    const r = await startServer([STORM], { rateLimit: { max: 3, timeWindowMs: 60_000 } });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await get(r, "/api/stories")).status, 200);
      const over = await get(r, "/api/stories");
      assert.equal(over.status, 429);
      assert.equal(over.body.code, "rate_limited");
      assert.ok(over.headers.get("retry-after"));
      assert.equal((await get(r, "/healthz")).status, 200);
    } finally {
      await r.close();
    }
  });

  test("behind a trusted proxy the limit applies per forwarded client", async () => {
    const r = await startServer([STORM], {
      rateLimit: { max: 2, timeWindowMs: 60_000 },
      trustProxy: "127.0.0.1",
    });
    try {
      const as = (ip: string) => get(r, "/api/stories", { "x-forwarded-for": ip });
      assert.equal((await as("203.0.113.1")).status, 200);
      assert.equal((await as("203.0.113.1")).status, 200);
      assert.equal((await as("203.0.113.1")).status, 429);
      assert.equal((await as("203.0.113.2")).status, 200);
    } finally {
      await r.close();
    }
  });
});

describe("admin API", () => {
  test("closed without a configured token", async () => {
    const r = await startServer([]);
    try {
      const res = await send(
        r,
        "POST",
        "/api/admin/feeds",
        { url: "https://example.org/feed" },
        { "x-admin-token": "x" },
      );
      assert.equal(res.status, 403);
      assert.equal(res.body.code, "admin_closed");
      assert.equal((await r.store.listFeeds()).length, 0);
    } finally {
      await r.close();
    }
  });

  describe("with a token", () => {
    let r: Running;
    const auth = { "x-admin-token": "s3cret-token" };
    before(async () => {
      r = await startServer([KOREA, STORM], { adminToken: "s3cret-token" });
    });
    after(() => r.close());

    test("a missing or wrong token is a 401 and changes nothing", async () => {
      assert.equal(
        (await send(r, "POST", "/api/admin/feeds", { url: "https://a.example/feed" })).status,
        401,
      );
      const wrong = await send(
        r,
        "POST",
        "/api/admin/feeds",
        { url: "https://a.example/feed" },
        { "x-admin-token": "nope" },
      );
      assert.equal(wrong.status, 401);
      assert.equal((await r.store.listFeeds()).length, 0);
    });

    test("add and remove feeds", async () => {
      const added = await send(
        r,
        "POST",
        "/api/admin/feeds",
        { url: "https://news.example/rss", category: "World" },
        auth,
      );
      assert.equal(added.status, 201);
      assert.equal(added.body.health, "new");
      const again = await send(
        r,
        "POST",
        "/api/admin/feeds",
        { url: "https://news.example/rss" },
        auth,
      );
      assert.equal(again.status, 200);
      assert.equal(again.body.id, added.body.id);
      const bad = await send(
        r,
        "POST",
        "/api/admin/feeds",
        { url: "ftp://news.example/rss" },
        auth,
      );
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /url/);
      assert.equal(
        (await send(r, "DELETE", `/api/admin/feeds/${added.body.id}`, undefined, auth)).status,
        204,
      );
      assert.equal(
        (await send(r, "DELETE", `/api/admin/feeds/${added.body.id}`, undefined, auth)).status,
        404,
      );
      assert.equal((await r.store.listFeeds()).length, 0);
    });

    test("import OPML: adds new feeds with their folder as category, counts known ones", async () => {
      await r.store.addFeed({ url: "https://known.example/rss" });
      const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
<outline text="World"><outline text="Asia"><outline type="rss" text="NK News" xmlUrl="https://www.nknews.org/feed/"/></outline></outline>
<outline type="rss" text="Known" xmlUrl="https://known.example/rss"/>
<outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/>
</body></opml>`;
      const res = await fetch(`${r.url}/api/admin/opml`, {
        method: "POST",
        headers: { "content-type": "text/x-opml", ...auth },
        body: opml,
      });
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.deepEqual(
        body.added.map((f: { url: string; category: string; title: string }) => [
          f.url,
          f.category,
          f.title,
        ]),
        [["https://www.nknews.org/feed/", "World/Asia", "NK News"]],
      );
      assert.equal(body.existing, 1);
      assert.deepEqual(body.skipped, ["javascript:alert(1)"]);
      const broken = await fetch(`${r.url}/api/admin/opml`, {
        method: "POST",
        headers: { "content-type": "text/x-opml", ...auth },
        body: "<html>not opml</html>",
      });
      assert.equal(broken.status, 400);
      assert.equal((await broken.json()).code, "bad_request");
      for (const f of await r.store.listFeeds()) await r.store.removeFeed(f.id);
    });

    test("merge, split and move are validated, recorded as corrections and announced as events", async () => {
      const self = await send(
        r,
        "POST",
        "/api/admin/stories/merge",
        { from: "s-storm", into: "s-storm" },
        auth,
      );
      assert.equal(self.status, 400);
      const unknown = await send(
        r,
        "POST",
        "/api/admin/stories/merge",
        { from: "s-storm", into: "nope" },
        auth,
      );
      assert.equal(unknown.status, 404);

      const merge = await send(
        r,
        "POST",
        "/api/admin/stories/merge",
        { from: "s-storm", into: "s-korea", note: "test" },
        auth,
      );
      assert.equal(merge.status, 202);
      assert.equal(merge.body.correction.kind, "merge");
      assert.deepEqual(merge.body.correction.storyIds, ["s-storm", "s-korea"]);
      assert.equal(merge.body.applied, false);

      const korea = await r.store.articlesOfStory("s-korea");
      const stranger = await send(
        r,
        "POST",
        "/api/admin/stories/s-korea/split",
        { articleIds: ["not-a-member"] },
        auth,
      );
      assert.equal(stranger.status, 400);
      assert.match(stranger.body.message, /not-a-member/);
      const all = await send(
        r,
        "POST",
        "/api/admin/stories/s-korea/split",
        { articleIds: korea.map((a) => a.id) },
        auth,
      );
      assert.equal(all.status, 400);
      const split = await send(
        r,
        "POST",
        "/api/admin/stories/s-korea/split",
        { articleIds: [korea[3].id] },
        auth,
      );
      assert.equal(split.status, 202);

      const move = await send(
        r,
        "POST",
        `/api/admin/articles/${korea[2].id}/move`,
        { to: "s-storm" },
        auth,
      );
      assert.equal(move.status, 202);
      assert.deepEqual(move.body.correction.storyIds, ["s-korea", "s-storm"]);

      const stored = await r.store.listCorrections();
      assert.deepEqual(
        stored.map((c) => c.kind),
        ["merge", "split", "move"],
      );
      const events = await r.store.eventsOfStory("s-korea");
      assert.equal(events.filter((e) => e.type === "corrected").length, 3);
    });

    test("with an in-process pipeline the correction goes through it", async () => {
      const seen: string[] = [];
      const r2 = await startServer([KOREA, STORM], {
        adminToken: "t",
        applyCorrection: async (input) => {
          seen.push(input.kind);
          if (input.kind === "merge") {
            const e = new Error("story s-storm was merged meanwhile");
            e.name = "CorrectionError";
            throw e;
          }
          return { correction: await r2.store.addCorrection(input), storyId: "s-new" };
        },
      });
      try {
        const members = await r2.store.articlesOfStory("s-korea");
        const split = await send(
          r2,
          "POST",
          "/api/admin/stories/s-korea/split",
          { articleIds: [members[0].id] },
          { "x-admin-token": "t" },
        );
        assert.equal(split.status, 202);
        assert.equal(split.body.applied, true);
        assert.equal(split.body.storyId, "s-new");
        const merge = await send(
          r2,
          "POST",
          "/api/admin/stories/merge",
          { from: "s-storm", into: "s-korea" },
          { "x-admin-token": "t" },
        );
        assert.equal(merge.status, 409);
        assert.match(merge.body.message, /merged meanwhile/);
        assert.deepEqual(seen, ["split", "merge"]);
      } finally {
        await r2.close();
      }
    });
  });
});

describe("source filter", () => {
  const GUARDIAN: SeedStory = {
    id: "s-guardian",
    headline: "Guardian story",
    summary: "A story only the Guardian covered.",
    entities: [],
    articles: [
      {
        title: "Guardian story",
        text: "Only the Guardian covered this.",
        url: "https://www.theguardian.com/world/2025/jan/27/story",
        source: "www.theguardian.com",
        hoursAgo: 2,
      },
    ],
  };
  let r: Running;
  before(async () => {
    r = await startServer([KOREA, STORM, GUARDIAN]);
  });
  after(() => r.close());

  test("matches outlet names in any case and domains with or without www.", async () => {
    const ids = async (source: string) =>
      (await get(r, `/api/stories?source=${encodeURIComponent(source)}`)).body.stories.map(
        (s: { id: string }) => s.id,
      );
    for (const s of [
      "The Guardian",
      "the guardian",
      "guardian",
      "theguardian.com",
      "www.theguardian.com",
      "WWW.THEGUARDIAN.COM",
      "https://www.theguardian.com/",
    ])
      assert.deepEqual(await ids(s), ["s-guardian"], s);
    assert.deepEqual(await ids("bbc.com"), ["s-storm"], "a domain the outlet table ties to BBC");
    assert.deepEqual(await ids("reuters"), ["s-korea"]);
    assert.deepEqual(await ids("rte.ie"), ["s-storm"]);
    assert.deepEqual(await ids("Nobody Times"), []);
  });
});

describe("front page empty states", () => {
  let r: Running;
  before(async () => {
    r = await startServer([KOREA]);
  });
  after(() => r.close());

  test("filters matching nothing say so, link to clear them and keep an unknown category", async () => {
    const { status, body } = await get(r, "/?category=Nowhere&q=zebra");
    assert.equal(status, 200);
    assert.match(body, /No stories match these filters\. <a href="\/">Clear the filters<\/a>/);
    assert.doesNotMatch(body, /No stories yet/);
    assert.match(body, /<option selected>Nowhere<\/option>/);
    const partial = await get(r, "/partials/stories?source=Nobody");
    assert.match(partial.body, /No stories match these filters/);
  });

  test("no stories and every feed erroring points to the feed health page", async () => {
    const empty = await startServer([]);
    try {
      const feeds = await get(empty, "/feeds");
      assert.match(feeds.body, /No feeds yet\. Add one with <code>storyline feeds add URL<\/code>/);
      assert.doesNotMatch(feeds.body, /0 feeds: \.|<table/);
      assert.match(
        (await get(empty, "/")).body,
        /No stories yet\.<\/p><p>Stories appear here .*<a href="\/feeds">Feed health<\/a>.*<code>storyline feeds add URL<\/code>/,
      );
      for (const url of ["https://a.example/rss", "https://b.example/rss"]) {
        const feed = await empty.store.addFeed({ url, title: url, category: null });
        await empty.store.updateFeed(feed.id, { consecutiveFailures: 2, lastError: "HTTP 500" });
      }
      const { body } = await get(empty, "/");
      assert.match(body, /every feed is failing to load\. See <a href="\/feeds">Feed health<\/a>/);
    } finally {
      await empty.close();
    }
  });
});

test("/favicon.ico and the linked icon are served, so pages log no 404", async () => {
  const r = await startServer([]);
  try {
    const page = await get(r, "/");
    const href = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)">/.exec(page.body)?.[1];
    assert.ok(href, "the page links an icon");
    for (const path of [href, "/favicon.ico"]) {
      const res = await fetch(r.url + path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("content-type"), "image/svg+xml", path);
      assert.match(await res.text(), /^<svg /, path);
    }
  } finally {
    await r.close();
  }
});

describe("story page", () => {
  let r: Running;
  before(async () => {
    r = await startServer([KOREA]);
  });
  after(() => r.close());

  test("history names each event's article, the founder started the story, chips differ per article", async () => {
    const { status, body } = await get(r, "/story/s-korea");
    assert.equal(status, 200);
    const history = /<h2 id="ev-h">History<\/h2>(.*?)<\/section>/s.exec(body)?.[1] ?? "";
    assert.match(history, /created with <a href="#a-[^"]+">North Korea to send more troops/);
    assert.match(
      history,
      /grew: <a href="#a-[^"]+">Pyongyang &#39;accelerating&#39;[^<]*<\/a> \(The Telegraph\)/,
    );
    assert.doesNotMatch(history, /grew<\/li>/, "no bare grew line");
    const whys = [...body.matchAll(/<details class="why">(.*?)<\/details>/gs)].map((m) => m[1]);
    assert.equal(whys.length, 4);
    assert.match(whys[0], /<p>Started the story\.<\/p>/);
    assert.doesNotMatch(body, /Started the story or was placed/);
    const chips = whys.map((w) => /Shared terms: (.*?)<\/p>/s.exec(w)?.[1] ?? "");
    assert.ok(new Set(chips).size > 1, `per-article terms: ${chips.join(" | ")}`);
  });

  test("the story page explains its rank part by part, matching the API's score", async () => {
    const api = (await get(r, "/api/stories/s-korea")).body.story.rank;
    const { body } = await get(r, "/story/s-korea");
    const rank = /<details class="rank"><summary>(.*?)<\/summary>(.*?)<\/details>/s.exec(body);
    assert.ok(rank, "a rank disclosure");
    assert.equal(rank[1], `Rank ${api.score.toFixed(3)}: why here`);
    for (const [name, weight] of [
      ["size", 0.25],
      ["diversity", 0.3],
      ["velocity", 0.2],
      ["recency", 0.25],
    ] as const)
      assert.match(
        rank[2],
        new RegExp(`<strong>${name}</strong> ${api.parts[name].toFixed(2)} × ${weight}: `),
      );
    assert.match(rank[2], /4 articles/);
    assert.match(rank[2], /3 outlets, 2 countries known/);
  });

  test("an article in another language is marked up with its language", async () => {
    await addStory(r.store, {
      id: "s-de",
      headline: "Bundestag stimmt ab",
      summary: "",
      entities: [],
      articles: [
        {
          title: "Bundestag stimmt über Haushalt ab",
          text: "Der Bundestag hat abgestimmt.",
          url: "https://www.tagesschau.de/haushalt",
          source: "tagesschau",
          hoursAgo: 1,
          lang: "de",
        },
      ],
    });
    const { body } = await get(r, "/story/s-de");
    assert.match(body, /<li class="article" id="a-[^"]+" lang="de">/);
    // One article at one time: no "last seen" repeating "first seen".
    assert.doesNotMatch(body, /last seen/);
  });

  test("search results say when each article was published and each story last grew", async () => {
    const { body } = await get(r, "/search?q=troops");
    const kinds = [...body.matchAll(/<p class="kind">(.*?)<\/p>/gs)].map((m) => m[1]);
    assert.ok(kinds.length >= 2);
    for (const k of kinds) assert.match(k, /^(article, |story, updated )<time datetime="[^"]+">/);
    assert.ok(
      kinds.some((k) => k.includes("27 Jan 2025, 06:00 UTC")),
      kinds.join(" | "),
    );
  });
});

describe("rank over all stories", () => {
  // One story of 60 articles from 20 outlets that went quiet 36 hours ago, then RANKED + 20
  // one-article stories from the last hours: the big one is older than all of them, so it is not
  // among the 300 most recently active stories, yet it outranks every one of them.
  let r: Running;
  before(async () => {
    r = await startServer([]);
    const big: SeedStory = {
      id: "s-big",
      headline: "Big story that went quiet",
      summary: "Sixty articles from twenty outlets.",
      entities: [],
      articles: Array.from({ length: 60 }, (_, i) => ({
        title: `Big story report ${i}`,
        text: `Report ${i} of the big story.`,
        url: `https://outlet${i % 20}.example/big/${i}`,
        source: `Outlet ${i % 20}`,
        hoursAgo: 36 + (60 - i) / 10,
      })),
    };
    await addStory(r.store, big);
    const small = Array.from({ length: RANKED + 20 }, (_, i) => ({
      title: `Small story ${i}`,
      text: `Only one outlet reported small story number ${i}.`,
      url: `https://small.example/${i}`,
      source: "Small Times",
      hoursAgo: (i + 1) / 60,
    }));
    const { inserted } = await r.store.ingest(small.map((a) => newArticle(a)));
    await r.store.commitChanges({
      assignments: inserted.map((a, i) => ({
        articleId: a.id,
        storyId: `s-small-${i}`,
        eventId: `s-small-${i}`,
        score: 0,
        threshold: 0.5,
      })),
      stories: inserted.map((a, i) => ({
        id: `s-small-${i}`,
        headline: a.title,
        summary: a.text,
        entities: [],
        firstSeen: a.published ?? NOW,
        lastSeen: a.published ?? NOW,
        articleCount: 1,
        outletCount: 1,
        lang: "en",
        status: "active",
        mergedInto: null,
        updatedAt: NOW,
      })),
      events: [],
    });
  });
  after(() => r.close());

  test("an older but much bigger story outside the most recent RANKED tops the front page", async () => {
    const recent = await r.store.listStories({ limit: RANKED });
    assert.ok(!recent.items.some((s) => s.id === "s-big"), "not among the most recent");
    const { body } = await get(r, "/api/stories?limit=3");
    assert.equal(body.stories[0].id, "s-big");
    assert.equal(body.stories[0].articleCount, 60);
    assert.equal(body.stories[0].outletCount, 20);
    assert.ok(body.stories[0].rank.score > body.stories[1].rank.score);
    const events = await get(r, "/api/stories?limit=3&granularity=event");
    assert.equal(events.body.stories[0].id, "s-big");
    const page = await get(r, "/");
    assert.match(page.body, /<ol class="stories" id="stories"><li class="story" id="s-s-big"/);
  });

  test("paging walks at least RANKED stories, best first, without repeats", async () => {
    const seen: string[] = [];
    const scores: number[] = [];
    let cursor: string | null = null;
    do {
      const { body } = await get(
        r,
        `/api/stories?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      for (const s of body.stories) {
        seen.push(s.id);
        scores.push(s.rank.score);
      }
      cursor = body.nextCursor;
    } while (cursor);
    assert.ok(seen.length >= RANKED, `${seen.length} stories`);
    assert.equal(new Set(seen).size, seen.length);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    // The newest small story outranks older small ones (recency), and the big one leads.
    assert.equal(seen[0], "s-big");
    assert.equal(seen[1], "s-small-0");
  });
});

describe("a story with many articles", () => {
  // 120 articles from four outlets over two days: three pages of 50.
  const LONG: SeedStory = {
    id: "s-long",
    headline: "Dam failure floods the valley",
    summary: "A dam failed after days of rain.",
    entities: ["Valley Dam", "2021"],
    articles: Array.from({ length: 120 }, (_, i) => ({
      title: `Dam failure update ${i}: valley evacuation continues`,
      text: `On Tuesday, 10 villages near the Valley Dam were evacuated, as in 2021. Engineers inspect the spillway ${i}.`,
      url: `https://outlet${i % 4}.example/dam/${i}`,
      source: `Outlet ${i % 4}`,
      hoursAgo: 48 - i * 0.4,
    })),
  };
  let r: Running;
  before(async () => {
    r = await startServer([LONG]);
  });
  after(() => r.close());

  test("the API pages a story's articles; timeline and coverage count all of them", async () => {
    const p1 = await get(r, "/api/stories/s-long");
    assert.equal(p1.status, 200);
    assert.equal(p1.body.articles.length, 50);
    assert.deepEqual(p1.body.articlePage, { page: 1, limit: 50, total: 120, pages: 3 });
    assert.equal(p1.body.story.articleCount, 120);
    const sum = (xs: { count: number }[]) => xs.reduce((s, x) => s + x.count, 0);
    assert.equal(sum(p1.body.timeline.buckets), 120);
    assert.equal(sum(p1.body.coverage.outlets), 120);
    assert.match(p1.body.articles[0].title, /update 0:/);
    const p3 = await get(r, "/api/stories/s-long?page=3");
    assert.equal(p3.body.articles.length, 20);
    assert.match(p3.body.articles[19].title, /update 119:/);
    assert.equal(sum(p3.body.timeline.buckets), 120);
    const p2 = await get(r, "/api/stories/s-long?page=2&limit=100");
    assert.equal(p2.body.articles.length, 20);
    assert.deepEqual(p2.body.articlePage, { page: 2, limit: 100, total: 120, pages: 2 });
    // Pages of 50 hold every article exactly once.
    const ids = [p1, await get(r, "/api/stories/s-long?page=2"), p3].flatMap((p) =>
      p.body.articles.map((a: { id: string }) => a.id),
    );
    assert.equal(new Set(ids).size, 120);
    assert.equal((await get(r, "/api/stories/s-long?page=4")).status, 404);
    assert.equal((await get(r, "/api/stories/s-long?limit=0")).status, 400);
    assert.equal((await get(r, "/api/stories/s-long?page=0")).status, 400);
    const doc = (await get(r, "/api/openapi.json")).body;
    const params = doc.paths["/api/stories/{id}"].get.parameters.map(
      (p: { name: string }) => p.name,
    );
    assert.deepEqual(params.sort(), ["id", "limit", "page"]);
    assert.ok(doc.paths["/api/stories/{id}"].get.responses["200"]);
  });

  test("the story page shows one page of articles with links to the others", async () => {
    const count = (body: string) => body.match(/<li class="article"/g)?.length ?? 0;
    const p1 = await get(r, "/story/s-long");
    assert.equal(count(p1.body), 50);
    assert.match(p1.body, /<h2 id="art-h">120 articles<\/h2>/);
    assert.match(p1.body, /Articles 1–50 of 120, oldest first/);
    assert.match(p1.body, /href="\/story\/s-long\?page=2#art-h" rel="next">/);
    assert.doesNotMatch(p1.body, /rel="prev"/);
    assert.match(p1.body, /aria-label="Timeline: 120 articles/);
    const p2 = await get(r, "/story/s-long?page=2");
    assert.equal(count(p2.body), 50);
    assert.match(p2.body, /<ol class="articles" id="articles" start="51">/);
    assert.match(p2.body, /href="\/story\/s-long#art-h" rel="prev">/);
    assert.match(p2.body, /href="\/story\/s-long\?page=3#art-h" rel="next">/);
    assert.match(p2.body, /href="\/story\/s-long\?page=2#art-h" aria-current="page">2<\/a>/);
    assert.match(p2.body, /data-live-partial="\/partials\/story\/s-long\/articles\?page=2"/);
    const partial = await get(r, "/partials/story/s-long/articles?page=3");
    assert.equal(count(partial.body), 20);
    assert.equal((await get(r, "/story/s-long?page=4")).status, 404);
    // The history folds the long run of growth and links articles on other pages to their page.
    const history = /<h2 id="ev-h">History<\/h2>(.*?)<\/section>/s.exec(p2.body)?.[1] ?? "";
    assert.ok((history.match(/<li/g)?.length ?? 0) <= 6, history.slice(0, 400));
    assert.match(history, /grew by 115 more articles/);
    assert.match(history, /created with <a href="\/story\/s-long#a-[^"]+">Dam failure update 0:/);
    assert.match(history, /<a href="\/story\/s-long\?page=3#a-[^"]+">Dam failure update 119:/);
  });

  test("a search hit for an article on page 2 of a story lands on page 2 at that article", async () => {
    const p2 = await get(r, "/api/stories/s-long?page=2");
    const target = p2.body.articles[29]; // the 80th article, "Dam failure update 79"
    assert.match(target.title, /update 79:/);
    const { body } = await get(r, "/search?q=spillway%2079");
    const href = new RegExp(`href="(/story/s-long\\?article=${target.id})"`).exec(body)?.[1];
    assert.ok(href, "the search result links the article through ?article=");
    const hop = await fetch(r.url + href, { redirect: "manual" });
    assert.equal(hop.status, 302);
    assert.equal(hop.headers.get("location"), `/story/s-long?page=2#a-${target.id}`);
    const landed = await get(r, `/story/s-long?page=2`);
    assert.match(landed.body, new RegExp(`id="a-${target.id}"`));
    // An id that is not in the story goes to its first page.
    const stray = await fetch(`${r.url}/story/s-long?article=nope`, { redirect: "manual" });
    assert.equal(stray.headers.get("location"), "/story/s-long#a-nope");
  });

  test("why-grouped chips leave out numbers, weekdays and other empty words", async () => {
    const { body } = await get(r, "/api/stories/s-long?page=2");
    const chips = body.articles.flatMap((a: { why: { terms: string[]; entities: string[] } }) => [
      ...a.why.terms,
      ...a.why.entities,
    ]);
    assert.ok(chips.length > 0);
    for (const chip of chips) assert.match(chip, /\p{L}/u, `chip ${chip}`);
    for (const word of ["tuesday", "2021", "10"])
      assert.ok(!chips.some((c: string) => c.toLowerCase() === word), word);
    assert.ok(chips.includes("Valley Dam"), "real entities stay");
    // The story's key-entity chips too.
    assert.deepEqual(body.story.entities, ["Valley Dam"]);
    assert.ok(
      chips.some((c: string) => /spillway|engineers|villages/.test(c)),
      chips.join(" "),
    );
  });
});

describe("story history wording", () => {
  let r: Running;
  before(async () => {
    r = await startServer([STORM]);
    // A merge of a one-article story, then a run of growth all within one minute.
    const at = NOW - 3600_000;
    await r.store.addEvents([
      {
        storyId: "s-storm",
        type: "created",
        at: at - 2000,
        data: { splitFrom: "s-older", articleIds: ["x3"] },
      },
      {
        storyId: "s-storm",
        type: "split",
        at: at - 1000,
        data: { newStoryId: "s-part", articleIds: ["x1", "x2"], by: "clusterer" },
      },
      { storyId: "s-storm", type: "merged", at, data: { from: "s-gone", articles: 1 } },
      ...Array.from({ length: 9 }, (_, i) => ({
        storyId: "s-storm",
        type: "grew" as const,
        at: at + 1000 * (i + 1),
        data: { articleCount: 3 + i },
      })),
    ]);
  });
  after(() => r.close());

  test("one absorbed article is singular and a folded run within one minute shows one time", async () => {
    const { body } = await get(r, "/story/s-storm");
    const history = /<h2 id="ev-h">History<\/h2>(.*?)<\/section>/s.exec(body)?.[1] ?? "";
    const text = history.replace(/<[^>]+>/g, "");
    assert.match(text, /absorbed another story \(1 article\)/);
    // The re-cut's split names how many left, links the story they went to, and who split them.
    assert.match(text, /2 articles split off into another story \(regrouped by the clusterer\)/);
    assert.match(history, /href="\/story\/s-part"/);
    // A story a person split off says where it came from.
    assert.match(text, /split off from another story with 1 article(?! \()/);
    assert.match(history, /href="\/story\/s-older"/);
    // Its page would only redirect back here: no link.
    assert.match(history, /absorbed another story \(1 article\)/);
    assert.match(text, /28 Jan 2025, 11:00 UTC: grew by 5 more articles/);
    assert.doesNotMatch(text, /11:00 UTC to 28 Jan 2025, 11:00 UTC/);
  });

  test("a mistyped page number in a browser gets a 'Bad request' page naming the parameter", async () => {
    const { status, body } = await get(r, "/story/s-storm?page=abc", { accept: "text/html" });
    assert.equal(status, 400);
    assert.match(body, /<h1>Bad request<\/h1><p>querystring\/page must be a whole number<\/p>/);
    assert.doesNotMatch(body, /Something went wrong/);
  });

  test("the page of a merged story sends the reader on to the story that took its articles", async () => {
    const merged = (id: string, into: string) => ({
      id,
      headline: `Old headline of ${id}`,
      summary: "",
      entities: [],
      firstSeen: NOW - 7200_000,
      lastSeen: NOW - 7200_000,
      articleCount: 0,
      outletCount: 0,
      lang: "en",
      status: "merged" as const,
      mergedInto: into,
      updatedAt: NOW,
    });
    // s-old was merged into s-mid, which was merged into s-storm.
    await r.store.commitChanges({
      assignments: [],
      stories: [merged("s-old", "s-mid"), merged("s-mid", "s-storm")],
      events: [],
    });
    const hop = await fetch(`${r.url}/story/s-old`, { redirect: "manual" });
    assert.equal(hop.status, 302);
    assert.equal(hop.headers.get("location"), "/story/s-storm");
    const page = await get(r, "/story/s-old");
    assert.match(page.body, /<h1[^>]*>Storm Éowyn batters Ireland and Scotland<\/h1>/);
    // The API still answers for the merged story itself, saying where it went.
    const api = await get(r, "/api/stories/s-old");
    assert.equal(api.body.mergedInto, "s-mid");
  });
});
