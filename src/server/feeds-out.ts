// Feeds of stories: RSS 2.0, Atom 1.0 and JSON Feed 1.1 from one neutral model. Every text is
// escaped (and characters XML 1.0 forbids are dropped); item HTML is sanitised by the caller.

export interface OutItem {
  id: string;
  title: string;
  url: string | null;
  /** Sanitised HTML body of the item. */
  html: string;
  /** Plain-text summary. */
  text: string;
  published: number;
  updated: number;
  author: string | null;
}

export interface OutFeed {
  title: string;
  description: string;
  /** The HTML page this feed follows. */
  homeUrl: string;
  /** The feed's URL without its extension: `${base}.rss`, `${base}.atom`, `${base}.json`. */
  selfBase: string;
  /** Query string after the extension ("?q=..."), or "". */
  selfQuery: string;
  items: OutItem[];
  /** Used when there are no items. */
  now: number;
}

export type FeedFormat = "rss" | "atom" | "json";

export const feedTypes: Record<FeedFormat, string> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
};

// XML 1.0 allows tab, newline, carriage return and most of Unicode; anything else is dropped.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function clean(s: string): string {
  return s.replace(INVALID_XML, "");
}

export function xml(s: string): string {
  return clean(s).replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&apos;",
  );
}

const updatedOf = (f: OutFeed) => f.items.reduce((m, i) => Math.max(m, i.updated), 0) || f.now;

export function renderFeed(format: FeedFormat, feed: OutFeed): string {
  if (format === "rss") return rss(feed);
  if (format === "atom") return atom(feed);
  return jsonFeed(feed);
}

function rss(f: OutFeed): string {
  const items = f.items.map(
    (i) => `  <item>
    <title>${xml(i.title)}</title>
${i.url ? `    <link>${xml(i.url)}</link>\n` : ""}    <guid isPermaLink="false">${xml(i.id)}</guid>
    <pubDate>${new Date(i.published).toUTCString()}</pubDate>
    <description>${xml(i.html)}</description>
${i.author ? `    <dc:creator>${xml(i.author)}</dc:creator>\n` : ""}  </item>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>${xml(f.title)}</title>
  <link>${xml(f.homeUrl)}</link>
  <description>${xml(f.description)}</description>
  <atom:link href="${xml(`${f.selfBase}.rss${f.selfQuery}`)}" rel="self" type="application/rss+xml"/>
  <lastBuildDate>${new Date(updatedOf(f)).toUTCString()}</lastBuildDate>
  <generator>Storyline</generator>
${items.join("")}</channel>
</rss>
`;
}

function atom(f: OutFeed): string {
  const entries = f.items.map(
    (i) => `  <entry>
    <id>${xml(i.id)}</id>
    <title type="text">${xml(i.title)}</title>
${i.url ? `    <link rel="alternate" type="text/html" href="${xml(i.url)}"/>\n` : ""}    <published>${new Date(i.published).toISOString()}</published>
    <updated>${new Date(i.updated).toISOString()}</updated>
${i.author ? `    <author><name>${xml(i.author)}</name></author>\n` : ""}    <summary type="text">${xml(i.text)}</summary>
    <content type="html">${xml(i.html)}</content>
  </entry>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(`${f.selfBase}.atom${f.selfQuery}`)}</id>
  <title type="text">${xml(f.title)}</title>
  <subtitle type="text">${xml(f.description)}</subtitle>
  <updated>${new Date(updatedOf(f)).toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(`${f.selfBase}.atom${f.selfQuery}`)}"/>
  <link rel="alternate" type="text/html" href="${xml(f.homeUrl)}"/>
  <author><name>Storyline</name></author>
  <generator>Storyline</generator>
${entries.join("")}</feed>
`;
}

function jsonFeed(f: OutFeed): string {
  return JSON.stringify(
    {
      version: "https://jsonfeed.org/version/1.1",
      title: clean(f.title),
      home_page_url: f.homeUrl,
      feed_url: `${f.selfBase}.json${f.selfQuery}`,
      description: clean(f.description),
      items: f.items.map((i) => ({
        id: i.id,
        ...(i.url ? { url: i.url } : {}),
        title: clean(i.title),
        content_html: clean(i.html),
        summary: clean(i.text),
        date_published: new Date(i.published).toISOString(),
        date_modified: new Date(i.updated).toISOString(),
        ...(i.author ? { authors: [{ name: clean(i.author) }] } : {}),
      })),
    },
    null,
    2,
  );
}
