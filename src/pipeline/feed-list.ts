// The engine's feed list in and out: OPML import (also from a plain list of URLs) and export,
// against the store. Shared by `storyline serve --feeds`, `storyline feeds` and replay.
import { feedCategory, feedsFromUrlList, type OpmlFeed, parseOpml, toOpml } from "../feeds/opml.ts";
import type { Store } from "../store/types.ts";

export interface ImportResult {
  added: number;
  existing: number;
  /** One line per feed that could not be added. */
  problems: string[];
}

/** Checks a feed URL a person typed: http(s) and nothing else; returns it normalised. */
export function feedUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new Error(`not a URL: ${raw.slice(0, 200)}`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new Error(
      `feeds are fetched over http or https, not ${u.protocol.replace(":", "")}: ${raw.slice(0, 200)}`,
    );
  }
  if (u.username || u.password) throw new Error(`feed URLs may not carry credentials: ${u.host}`);
  return u.href;
}

/** Adds the feeds of an OPML document (or a list of URLs, one a line); known URLs are kept. */
export async function importFeeds(store: Store, text: string): Promise<ImportResult> {
  const looksLikeXml = /^\s*(<\?xml|<opml|<!--)/i.test(text);
  let feeds: OpmlFeed[];
  const problems: string[] = [];
  if (looksLikeXml) feeds = parseOpml(text).feeds;
  else {
    const list = feedsFromUrlList(text);
    feeds = list.feeds;
    problems.push(...list.problems);
  }
  let added = 0;
  let existing = 0;
  for (const f of feeds) {
    let url: string;
    try {
      url = feedUrl(f.xmlUrl);
    } catch (err) {
      problems.push((err as Error).message);
      continue;
    }
    if (await store.getFeedByUrl(url)) {
      existing++;
      continue;
    }
    await store.addFeed({
      url,
      title: f.title ?? f.text,
      siteUrl: f.htmlUrl,
      category: feedCategory(f),
    });
    added++;
  }
  return { added, existing, problems };
}

/** The store's feeds as an OPML 2.0 document, filed in folders by category. */
export async function exportFeeds(store: Store, title = "Storyline feeds"): Promise<string> {
  const feeds = (await store.listFeeds()).sort(
    (a, b) => (a.category ?? "").localeCompare(b.category ?? "") || a.id - b.id,
  );
  return toOpml({
    version: "2.0",
    title,
    head: [["dateCreated", new Date().toUTCString()]],
    feeds: feeds.map((f) => ({
      xmlUrl: f.url,
      text: f.title ?? f.url,
      title: f.title,
      htmlUrl: f.siteUrl,
      type: "rss",
      categoryAttr: null,
      folders: f.category ? f.category.split("/").filter((p) => p !== "") : [],
      extra: [],
    })),
  });
}
