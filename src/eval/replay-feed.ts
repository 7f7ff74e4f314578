// RSS 2.0 and OPML documents for the replay server. Hand-written: the documents are small and
// fixed in shape, and escaping is the only subtle part (done here for every text node).
import type { ReplayArticle } from "./replay-schedule.ts";

export interface ReplayOutlet {
  slug: string;
  title: string;
  /** Most common language of the outlet's articles, or null. */
  lang: string | null;
}

// XML 1.0 forbids most C0 control characters even when escaped; drop them.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The article's text as HTML paragraphs (blank lines separate paragraphs). */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${htmlEscape(p)}</p>`)
    .join("\n");
}

/** Link of an article: its own URL, or a stable one on the replay server when it has none. */
export function articleLink(a: ReplayArticle, base: string): string {
  if (a.url && /^https?:\/\//i.test(a.url)) return a.url;
  return `${base}/article/${encodeURIComponent(a.id)}`;
}

export function renderRss(
  outlet: ReplayOutlet,
  items: readonly ReplayArticle[],
  base: string,
  lastBuildDate: Date,
): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    "<channel>",
    `<title>${xmlEscape(outlet.title)}</title>`,
    `<link>${xmlEscape(`${base}/outlet/${outlet.slug}`)}</link>`,
    `<description>${xmlEscape(`Replayed articles of ${outlet.title}`)}</description>`,
    `<atom:link href="${xmlEscape(`${base}/feed/${outlet.slug}.xml`)}" rel="self" type="application/rss+xml"/>`,
  ];
  if (outlet.lang) parts.push(`<language>${xmlEscape(outlet.lang)}</language>`);
  parts.push(`<lastBuildDate>${lastBuildDate.toUTCString()}</lastBuildDate>`);
  // Newest first, as real feeds list them.
  for (let i = items.length - 1; i >= 0; i--) {
    const a = items[i];
    parts.push("<item>");
    parts.push(`<title>${xmlEscape(a.title)}</title>`);
    parts.push(`<link>${xmlEscape(articleLink(a, base))}</link>`);
    parts.push(`<guid isPermaLink="false">${xmlEscape(a.id)}</guid>`);
    if (typeof a.published === "number" && Number.isFinite(a.published)) {
      parts.push(`<pubDate>${new Date(a.published).toUTCString()}</pubDate>`);
    }
    if (a.text) parts.push(`<description>${xmlEscape(textToHtml(a.text))}</description>`);
    parts.push("</item>");
  }
  parts.push("</channel>", "</rss>", "");
  return parts.join("\n");
}

export function renderOpml(outlets: readonly ReplayOutlet[], base: string, title: string): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `<head><title>${xmlEscape(title)}</title></head>`,
    "<body>",
    ...outlets.map(
      (o) =>
        `<outline type="rss" text="${xmlEscape(o.title)}" title="${xmlEscape(o.title)}" xmlUrl="${xmlEscape(`${base}/feed/${o.slug}.xml`)}" htmlUrl="${xmlEscape(`${base}/outlet/${o.slug}`)}"/>`,
    ),
    "</body>",
    "</opml>",
    "",
  ];
  return lines.join("\n");
}
