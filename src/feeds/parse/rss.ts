// RSS 0.9x/2.0 (<rss><channel>) and RSS 1.0/0.90 (<rdf:RDF>) mapped to a ParsedFeed, with the
// content, Dublin Core, syndication, Media RSS and atom:link extensions.
import type { FeedUpdateHints, ParsedFeed } from "../types.ts";
import { collapse, emptyRaw, finishItem, type RawItem, toLength, webUrl } from "./item.ts";
import { readMedia } from "./media.ts";
import { child, childrenNamed, descendants, htmlOf, textOf, type XmlNode } from "./xml.ts";

/** RSS elements: no namespace in 0.9x/2.0, the RSS 1.0 or 0.90 namespace in RDF feeds. */
const R = ["", "rss1", "rss090"];
const DC = ["dc"];
const DCT = ["dcterms"];

function text(node: XmlNode, nss: readonly string[], local: string): string {
  return collapse(textOf(child(node, nss, local)));
}

/** An atom:link (rel alternate or none) inside RSS, as the page link of last resort. */
function atomAlternate(node: XmlNode): string | null {
  for (const l of childrenNamed(node, ["atom"], "link")) {
    const rel = (l.attrs.rel ?? "alternate").toLowerCase();
    if (rel === "alternate" && l.attrs.href) return l.attrs.href;
  }
  return null;
}

const PERIOD_MINUTES: Record<string, number> = {
  hourly: 60,
  daily: 1440,
  weekly: 10080,
  monthly: 43200,
  yearly: 525600,
};

export function hints(channel: XmlNode): FeedUpdateHints {
  const ttl = Number.parseInt(text(channel, R, "ttl"), 10);
  const period = text(channel, ["sy"], "updateperiod").toLowerCase();
  const freq = Number.parseInt(text(channel, ["sy"], "updatefrequency"), 10);
  let interval: number | null = null;
  // Either element alone is a hint: the period defaults to daily, the frequency to 1.
  if (PERIOD_MINUTES[period] !== undefined || (Number.isFinite(freq) && freq > 0)) {
    const minutes = PERIOD_MINUTES[period] ?? PERIOD_MINUTES.daily;
    interval = minutes / (Number.isFinite(freq) && freq > 0 ? freq : 1);
  }
  const skip = child(channel, R, "skiphours");
  const hours = new Set<number>();
  if (skip) {
    for (const h of childrenNamed(skip, R, "hour")) {
      const n = Number.parseInt(textOf(h).trim(), 10);
      if (Number.isInteger(n) && n >= 0 && n <= 24) hours.add(n % 24);
    }
  }
  return {
    ttlMinutes: Number.isFinite(ttl) && ttl > 0 ? ttl : null,
    updateIntervalMinutes: interval === null ? null : Math.round(interval),
    skipHours: [...hours].sort((a, b) => a - b),
  };
}

function readItem(item: XmlNode, feedBase: string | null): RawItem {
  const raw = emptyRaw(item.base ?? feedBase);
  raw.title = textOf(child(item, R, "title") ?? child(item, DC, "title"));
  const guid = child(item, R, "guid");
  raw.id = (guid ? collapse(textOf(guid)) : "") || item.attrs["rdf:about"] || null;

  const linkEl = child(item, R, "link");
  raw.link = collapse(textOf(linkEl)) || linkEl?.attrs.href || atomAlternate(item);
  // RSS 2.0: a guid is a permalink unless isPermaLink="false".
  if (!raw.link && guid && (guid.attrs.ispermalink ?? "true").toLowerCase() !== "false") {
    const g = collapse(textOf(guid));
    if (/^https?:\/\//i.test(g)) raw.link = g;
  }

  raw.published =
    text(item, R, "pubdate") ||
    text(item, DC, "date") ||
    text(item, DCT, "issued") ||
    text(item, DCT, "created") ||
    null;
  raw.updated =
    text(item, DCT, "modified") ||
    text(item, ["atom"], "updated") ||
    text(item, R, "lastbuilddate") ||
    null;

  const desc = child(item, R, "description") ?? child(item, DC, "description");
  raw.summaryHtml = desc ? htmlOf(desc) : null;
  const encoded = child(item, ["content"], "encoded") ?? child(item, ["xhtml"], "body");
  raw.contentHtml = encoded ? htmlOf(encoded) : null;

  for (const a of childrenNamed(item, R, "author")) raw.authors.push(textOf(a));
  for (const a of childrenNamed(item, DC, "creator")) raw.authors.push(textOf(a));
  for (const a of childrenNamed(item, ["itunes"], "author")) raw.authors.push(textOf(a));

  for (const c of childrenNamed(item, R, "category")) raw.categories.push(textOf(c));
  for (const c of childrenNamed(item, DC, "subject")) raw.categories.push(textOf(c));

  for (const e of childrenNamed(item, R, "enclosure")) {
    if (e.attrs.url) {
      raw.enclosures.push({
        url: e.attrs.url,
        type: e.attrs.type?.trim() || null,
        length: toLength(e.attrs.length),
      });
    }
  }
  readMedia(item, raw);
  return raw;
}

export function mapRss(root: XmlNode, docUrl: string | null): ParsedFeed {
  const isRdf = root.local === "rdf";
  const channel = child(root, R, "channel") ?? root;
  const version = isRdf
    ? root.children.some((c) => typeof c !== "string" && c.ns === "rss090")
      ? "0.90"
      : "1.0"
    : (root.attrs.version ?? "").trim() || "2.0";

  const channelBase = channel.base ?? docUrl;
  const link = webUrl(text(channel, R, "link") || atomAlternate(channel), channelBase);
  const title = text(channel, R, "title") || text(channel, DC, "title") || null;
  const language = text(channel, R, "language") || text(channel, DC, "language") || null;

  // Items live in the channel (RSS 2.0) or beside it (RDF); an unclosed item swallows the next
  // ones, so all descendants named item are taken.
  const items = descendants(root, R, "item");
  const feedBase = link ?? docUrl;
  return {
    format: isRdf ? "rdf" : "rss",
    version,
    title,
    link,
    language,
    hints: hints(channel),
    items: items.map((i) => finishItem(readItem(i, feedBase))),
  };
}
