// Feed discovery from a site's home page: the feeds it announces with <link rel="alternate">
// (relative hrefs resolved against <base href> and the page URL), and, when it announces none,
// the common feed paths (/feed, /rss.xml, /atom.xml, /feed.json...), each kept only if what it
// serves really parses as a feed.
import { Parser } from "htmlparser2";
import { decodeBody } from "./parse/decode.ts";
import { FeedParseError, parseFeed } from "./parse/index.ts";

export type FeedKind = "rss" | "atom" | "rdf" | "json";

export interface DiscoveredFeed {
  url: string;
  title: string | null;
  /** From the link's type, or from the parsed feed for probed paths; null if unknown. */
  kind: FeedKind | null;
  /** "link": announced by the page; "path": found at a common path; "self": the URL is a feed. */
  via: "link" | "path" | "self";
}

const LINK_TYPES: Record<string, FeedKind> = {
  "application/rss+xml": "rss",
  "application/atom+xml": "atom",
  "application/rdf+xml": "rdf",
  "application/feed+json": "json",
  "application/json": "json",
  "text/xml": "rss",
  "application/xml": "rss",
};

/** Paths tried, in order, when a page announces no feed (WordPress, Hugo, Jekyll, Ghost, Blogger...). */
export const COMMON_FEED_PATHS = [
  "/feed",
  "/rss",
  "/feed.xml",
  "/rss.xml",
  "/atom.xml",
  "/index.xml",
  "/feed.json",
  "/index.rss",
  "/feeds/posts/default",
  "/?feed=rss2",
];

/** Feeds a page announces in <link rel="alternate" type=...>, in page order, without repeats. */
export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  let base = pageUrl;
  let sawBase = false;
  const links: { href: string; title: string | null; kind: FeedKind }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === "base" && !sawBase && attribs.href) {
          sawBase = true;
          base = resolve(attribs.href, pageUrl) ?? pageUrl;
        }
        if (name !== "link" || !attribs.href) return;
        const rel = (attribs.rel ?? "").toLowerCase().split(/\s+/);
        if (!rel.includes("alternate") && !rel.includes("feed")) return;
        const type = (attribs.type ?? "").toLowerCase().split(";")[0].trim();
        const kind = LINK_TYPES[type];
        if (!kind) return;
        links.push({ href: attribs.href.trim(), title: attribs.title?.trim() || null, kind });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const seen = new Set<string>();
  const feeds: DiscoveredFeed[] = [];
  for (const link of links) {
    // <base> applies to every link in the document, wherever it appears before or after.
    const url = resolve(link.href, base);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    feeds.push({ url, title: link.title, kind: link.kind, via: "link" });
  }
  return feeds;
}

function resolve(href: string, base: string): string | null {
  try {
    const u = new URL(href, base);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    u.hash = "";
    return u.href;
  } catch {
    return null;
  }
}

/** What discovery needs from a fetch: fetchFeed's result fits. */
export interface FetchedPage {
  status: number;
  url: string;
  body: Uint8Array | null;
  contentType: string | null;
}

export type PageFetcher = (url: string) => Promise<FetchedPage>;

export interface DiscoverOptions {
  /** Probe the common paths even when the page announces feeds (default false). */
  alwaysProbe?: boolean;
  paths?: readonly string[];
}

export interface DiscoverResult {
  feeds: DiscoveredFeed[];
  /** Why probes or the page itself failed, one line each (for --verbose output). */
  notes: string[];
}

/**
 * Full discovery for a URL: if it is itself a feed, that feed; else the feeds its page announces;
 * and, when there are none (or `alwaysProbe`), the common paths on its origin that serve a feed.
 */
export async function discover(
  pageUrl: string,
  fetchPage: PageFetcher,
  options: DiscoverOptions = {},
): Promise<DiscoverResult> {
  const notes: string[] = [];
  const page = await fetchPage(pageUrl);
  const feeds: DiscoveredFeed[] = [];
  if (page.status >= 200 && page.status < 300 && page.body) {
    const self = asFeed(page);
    if (self) return { feeds: [{ ...self, via: "self" }], notes };
    const html = decodeBody(page.body, page.contentType).text;
    feeds.push(...discoverFeeds(html, page.url));
  } else {
    notes.push(`${pageUrl}: HTTP ${page.status}`);
  }
  if (feeds.length > 0 && !options.alwaysProbe) return { feeds, notes };

  const seen = new Set(feeds.map((f) => f.url));
  for (const path of options.paths ?? COMMON_FEED_PATHS) {
    const candidate = new URL(path, page.url).href;
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    try {
      const r = await fetchPage(candidate);
      const feed = r.status >= 200 && r.status < 300 && r.body ? asFeed(r) : null;
      if (!feed) {
        notes.push(
          `${candidate}: ${r.status >= 300 || r.status < 200 ? `HTTP ${r.status}` : "not a feed"}`,
        );
        continue;
      }
      if (seen.has(feed.url) && feed.url !== candidate) continue;
      seen.add(feed.url);
      feeds.push({ ...feed, via: "path" });
    } catch (err) {
      notes.push(`${candidate}: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  return { feeds, notes };
}

/** The page as a feed if it parses as one, else null. */
function asFeed(page: FetchedPage): Omit<DiscoveredFeed, "via"> | null {
  try {
    const parsed = parseFeed(page.body!, { url: page.url, contentType: page.contentType });
    return { url: page.url, title: parsed.title, kind: parsed.format };
  } catch (err) {
    if (err instanceof FeedParseError) return null;
    throw err;
  }
}
