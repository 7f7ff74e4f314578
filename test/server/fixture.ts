// A real SQLite store filled through the Store API with a few stories, and a real server on
// 127.0.0.1 over it, for the API, feed and browser tests.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { createServer, type ServerOptions } from "../../src/server/app.ts";
import { openStore } from "../../src/store/open.ts";
import type { NewArticle, Store, StoredArticle, StoryRecord } from "../../src/store/types.ts";

export const NOW = Date.parse("2025-01-28T12:00:00Z");
const H = 3600_000;

export interface SeedArticle {
  title: string;
  text: string;
  url: string;
  source: string;
  hoursAgo: number;
  html?: string | null;
  lang?: string;
}

export interface SeedStory {
  id: string;
  headline: string;
  summary: string;
  entities: string[];
  articles: SeedArticle[];
}

export const KOREA: SeedStory = {
  id: "s-korea",
  headline: "North Korea prepares to send more troops to Russia",
  summary:
    "South Korea's military says the North is preparing to send more troops to Russia after heavy casualties, as Seoul insists denuclearisation remains the goal.",
  entities: ["North Korea", "Russia", "South Korea", "Donald Trump", "Kim Jong Un"],
  articles: [
    {
      title: "North Korea to send more troops to Russia, Seoul says",
      text: "SEOUL (Reuters) - South Korea's military said North Korea is preparing to send additional troops to Russia after numerous casualties.",
      url: "https://www.reuters.com/world/asia-pacific/nk-troops-2025-01-24/",
      source: "Reuters",
      hoursAgo: 30,
    },
    {
      title: "Pyongyang 'accelerating' dispatch of troops to Russia",
      text: "North Korea may be accelerating plans to send more troops to replace frontline casualties incurred fighting Ukraine on behalf of Russia.",
      url: "https://www.telegraph.co.uk/world-news/2025/01/24/north-korea-troops/",
      source: "The Telegraph",
      hoursAgo: 20,
    },
    {
      title: "South Korea says denuclearisation of North Korea still the goal after Trump remark",
      text: "South Korea said denuclearization was still the goal after President Donald Trump called North Korea a nuclear power.",
      url: "https://www.channelnewsasia.com/asia/north-korea-trump-nuclear-power",
      source: "CNA",
      hoursAgo: 6,
    },
    {
      title: "Trump says he will reach out to Kim Jong Un again",
      text: "WASHINGTON: US President Donald Trump will reach out to Kim Jong Un again, calling the North Korean leader a smart guy.",
      url: "https://www.channelnewsasia.com/world/trump-kim-jong-un-reach-out",
      source: "CNA",
      hoursAgo: 4,
    },
  ],
};

export const STORM: SeedStory = {
  id: "s-storm",
  headline: "Storm Éowyn batters Ireland and Scotland",
  summary: "Record winds left hundreds of thousands of homes without power.",
  entities: ["Ireland", "Scotland", "Met Éireann"],
  articles: [
    {
      title: "Storm Éowyn: record winds leave homes without power",
      text: "Storm Éowyn brought record gusts to Ireland, leaving hundreds of thousands of homes without power.",
      url: "https://www.bbc.co.uk/news/articles/storm-eowyn",
      source: "BBC News",
      hoursAgo: 50,
    },
    {
      title: "Ireland counts cost of Storm Éowyn",
      text: "Met Éireann said Storm Éowyn produced the strongest winds on record in Ireland.",
      url: "https://www.rte.ie/news/storm-eowyn-cost/",
      source: "RTÉ",
      hoursAgo: 45,
    },
  ],
};

export function newArticle(a: SeedArticle, now = NOW, feedId: number | null = null): NewArticle {
  return {
    feedId,
    guid: a.url,
    url: a.url,
    canonicalUrl: a.url.replace("://www.", "://"),
    title: a.title,
    text: a.text,
    html: a.html ?? null,
    source: a.source,
    author: null,
    image: null,
    lang: a.lang ?? "en",
    published: now - a.hoursAgo * H,
    fetchedAt: now - a.hoursAgo * H,
  };
}

/** Stores a story's articles and assigns them one by one (created, then grew events). */
export async function addStory(
  store: Store,
  s: SeedStory,
  now = NOW,
  feedId: number | null = null,
): Promise<StoredArticle[]> {
  const { inserted } = await store.ingest(s.articles.map((a) => newArticle(a, now, feedId)));
  const existing = await store.getStory(s.id);
  const all = [...(existing ? await store.articlesOfStory(s.id) : []), ...inserted];
  const times = all.map((a) => a.published ?? a.fetchedAt);
  const record: StoryRecord = {
    id: s.id,
    headline: s.headline,
    summary: s.summary,
    entities: s.entities,
    firstSeen: Math.min(...times),
    lastSeen: Math.max(...times),
    articleCount: all.length,
    outletCount: new Set(all.map((a) => a.source)).size,
    lang: "en",
    status: "active",
    mergedInto: null,
    updatedAt: now,
  };
  for (const [i, a] of inserted.entries()) {
    const founding = !existing && i === 0;
    await store.commitAssignment(
      {
        articleId: a.id,
        storyId: s.id,
        eventId: s.id,
        score: founding ? 0 : 0.62 + i * 0.01,
        threshold: 0.5,
      },
      record,
      [
        {
          storyId: s.id,
          type: founding ? "created" : "grew",
          at: a.published ?? now,
          data: { articleId: a.id },
        },
      ],
    );
  }
  return inserted;
}

export interface Running {
  app: FastifyInstance;
  store: Store;
  url: string;
  dir: string;
  close(): Promise<void>;
}

export async function startServer(
  stories: SeedStory[],
  options: Partial<ServerOptions> = {},
): Promise<Running> {
  const dir = await mkdtemp(join(tmpdir(), "storyline-server-"));
  const store = await openStore(join(dir, "store.db"));
  for (const s of stories) await addStory(store, s);
  const app = await createServer({
    store,
    now: () => NOW,
    rateLimit: false,
    frontPageCacheMs: 0,
    eventPollMs: 50,
    ...options,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    app,
    store,
    dir,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
