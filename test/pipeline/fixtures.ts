// A small labelled stream written for these tests (no shared data needed): a few stories, each
// reported by several outlets in different words, with times an hour or so apart.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReplayArticle } from "../../src/eval/replay-schedule.ts";
import { fetchFeed } from "../../src/feeds/fetch.ts";
import { parseFeed } from "../../src/feeds/parse/index.ts";
import type { FeedState } from "../../src/feeds/types.ts";
import type { Engine } from "../../src/pipeline/engine.ts";
import type { Store } from "../../src/store/types.ts";

export interface GoldArticle extends ReplayArticle {
  cluster: string;
}

const STORIES: { cluster: string; titles: string[]; text: string }[] = [
  {
    cluster: "storm",
    titles: [
      "Storm Elin cuts power to 200,000 homes along the Atlantic coast",
      "Atlantic coast reels as Storm Elin knocks out electricity",
      "Storm Elin: ferries cancelled, ports closed, homes without power",
      "Power restored to half of homes hit by Storm Elin",
    ],
    text: "Storm Elin brought gusts of 140 km/h to the Atlantic coast, cutting power lines, closing ports and cancelling ferries. Utility crews worked through the night.",
  },
  {
    cluster: "budget",
    titles: [
      "Parliament passes budget after marathon night session",
      "Finance minister Carla Moreno wins budget vote in parliament",
      "Budget approved: tax cuts and rail spending clear parliament",
      "Opposition vows to fight Moreno budget after parliament vote",
    ],
    text: "Parliament approved finance minister Carla Moreno's budget by 212 votes to 190, with income tax cuts and new rail spending.",
  },
  {
    cluster: "final",
    titles: [
      "Riverside United win cup final on penalties",
      "Penalty shoot-out hands Riverside United the cup",
      "Cup final: Riverside United beat Northport after 1-1 draw",
      "Riverside United fans celebrate cup final win",
    ],
    text: "Riverside United beat Northport on penalties in the cup final after a 1-1 draw, goalkeeper Tomas Berg saving twice in the shoot-out.",
  },
  {
    cluster: "quake",
    titles: [
      "Magnitude 6.1 earthquake shakes mountain villages near Kastro",
      "Rescuers search rubble after Kastro earthquake",
      "Kastro earthquake: aftershocks rattle villages, schools shut",
    ],
    text: "A magnitude 6.1 earthquake struck near Kastro, damaging mountain villages; rescuers searched collapsed houses as aftershocks continued.",
  },
];

const OUTLETS = ["Wire One", "Daily Two", "Coast Times", "Metro Herald"];

/** The stream: every story's articles spread over a few hours, stories interleaved. */
export function makeStream(t0 = Date.parse("2024-03-01T08:00:00Z")): GoldArticle[] {
  const out: GoldArticle[] = [];
  STORIES.forEach((s, si) => {
    s.titles.forEach((title, k) => {
      out.push({
        id: `${s.cluster}-${k}`,
        cluster: s.cluster,
        title,
        text: `${s.text} (${OUTLETS[k % OUTLETS.length]} report ${k + 1}.)`,
        source: OUTLETS[(k + si) % OUTLETS.length],
        url: `https://news${(k + si) % OUTLETS.length}.example/${s.cluster}/${k}`,
        published: t0 + si * 20 * 60_000 + k * 70 * 60_000,
        lang: "en",
      });
    });
  });
  return out;
}

/** Writes the stream as the JSON Lines a user hands to `storyline replay` (ISO 8601 times). */
export function writeStreamJsonl(path: string): void {
  writeFileSync(
    path,
    makeStream()
      .map((a) => JSON.stringify({ ...a, published: new Date(a.published!).toISOString() }))
      .join("\n"),
  );
}

/** Polls each feed URL once (conditional GET with the stored validators) into the engine. */
export async function pollOnce(
  engine: Pick<Engine, "handleFeed" | "idle">,
  store: Store,
  urls: string[],
): Promise<void> {
  for (const url of urls) {
    const feed = (await store.getFeedByUrl(url)) ?? (await store.addFeed({ url }));
    const r = await fetchFeed(
      url,
      { etag: feed.etag, lastModified: feed.lastModified },
      { allowPrivate: true },
    );
    await store.updateFeed(feed.id, {
      etag: r.etag,
      lastModified: r.lastModified,
      lastStatus: r.status,
    });
    if (r.notModified || !r.body) continue;
    await engine.handleFeed(feed, parseFeed(r.body, { url, contentType: r.contentType }));
  }
  await engine.idle();
}

/** A new, enabled feed that has never been polled. */
export function feedState(id: number, url: string): FeedState {
  return {
    id,
    url,
    title: null,
    siteUrl: null,
    category: null,
    enabled: true,
    etag: null,
    lastModified: null,
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastStatus: null,
    lastError: null,
    consecutiveFailures: 0,
    itemsSeen: 0,
    avgIntervalMs: null,
    nextPollAt: 0,
    failing: false,
  };
}

/** A fresh folder for one test (`storyline-NAME-...` in the system's temporary folder), removed after it. */
export function tempDir(t: { after: (fn: () => void) => void }, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `storyline-${name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Where the store's records take an article from story `from`: along the clusterer's re-cuts (a
 * "split" event naming it) and merges, until `to` or a dead end (""); bounded, so a test fails
 * rather than loops.
 */
export async function followMoves(
  store: Store,
  articleId: string,
  from: string,
  to: string | null | undefined,
): Promise<string> {
  let cur = from;
  for (let hops = 0; cur !== to && cur !== "" && hops < 50; hops++) {
    const split = (await store.eventsOfStory(cur)).find(
      (e) =>
        e.type === "split" &&
        e.data.by === "clusterer" &&
        (e.data.articleIds as string[]).includes(articleId),
    );
    cur = (split?.data.newStoryId as string) ?? (await store.getStory(cur))?.mergedInto ?? "";
  }
  return cur;
}
