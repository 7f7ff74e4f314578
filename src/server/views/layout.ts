// The page frame: head with feed autodiscovery links, landmarks, skip link, navigation.
import { type Html, html } from "./html.ts";

export interface FeedLink {
  title: string;
  /** Feed URL without extension (path or absolute). */
  base: string;
  /** Query string ("?category=World") that goes after the extension, or "". */
  query?: string;
}

export interface PageOptions {
  title: string;
  siteName: string;
  feeds: FeedLink[];
  /** Which nav entry is current. */
  section: "front" | "search" | "feeds" | "story";
  /** Data attributes for the script: live-update source of this page. */
  live?: { partial: string; story?: string } | null;
  description?: string;
}

const formats = [
  ["rss", "application/rss+xml", "RSS"],
  ["atom", "application/atom+xml", "Atom"],
  ["json", "application/feed+json", "JSON Feed"],
] as const;

export function feedLinksHead(feeds: FeedLink[]): Html {
  return html`${feeds.flatMap((f) =>
    formats.map(
      ([ext, type, name]) =>
        html`<link rel="alternate" type="${type}" title="${`${f.title} (${name})`}" href="${`${f.base}.${ext}${f.query ?? ""}`}">
`,
    ),
  )}`;
}

export function feedLinksBody(feeds: FeedLink[]): Html {
  return html`<ul class="feed-links" aria-label="Feeds of this page">${feeds.map(
    (f) =>
      html`<li>${f.title}: ${formats.map(([ext, , name], i) => html`${i > 0 ? " · " : ""}<a href="${`${f.base}.${ext}${f.query ?? ""}`}">${name}</a>`)}</li>`,
  )}</ul>`;
}

export function layout(o: PageOptions, body: Html): string {
  // Every page advertises a feed: its own, else the front page's.
  const feeds = o.feeds.length > 0 ? o.feeds : [{ title: "Top stories", base: "/feed" }];
  const nav = (href: string, label: string, key: PageOptions["section"]) =>
    html`<li><a href="${href}"${o.section === key ? html` aria-current="page"` : ""}>${label}</a></li>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ""}
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">
${feedLinksHead(feeds)}<script src="/static/app.js" defer></script>
</head>
<body${o.live ? html` data-live-partial="${o.live.partial}"${o.live.story ? html` data-live-story="${o.live.story}"` : ""}` : ""}>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="/">${o.siteName}</a>
<nav aria-label="Main"><ul>${nav("/", "Front page", "front")}${nav("/search", "Search", "search")}${nav("/feeds", "Feed health", "feeds")}</ul></nav>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer class="site">
${feedLinksBody(feeds)}
<p>Storyline groups articles from the feeds you chose into stories. <a href="/api/openapi.json">API</a></p>
</footer>
<div id="live-status" class="visually-hidden" role="status" aria-live="polite"></div>
</body>
</html>
`.value;
}
