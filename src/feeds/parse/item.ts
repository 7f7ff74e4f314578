// What every format's mapper fills in for one item, and the shared steps that turn it into a
// normalised FeedItem: id fallback, plain-text title, sanitised HTML, dates, de-duplicated lists.
import { createHash } from "node:crypto";
import { htmlToText, sanitizeHtmlWithText } from "../../articles/html.ts";
import type { Enclosure, FeedItem } from "../types.ts";
import { parseDate } from "./dates.ts";
import { resolveUrl } from "./xml.ts";

export interface RawItem {
  /** guid / id / rdf:about as written. */
  id: string | null;
  title: string;
  /** "html" when the title is markup (Atom type="html"), "text" when plain, "guess" for RSS. */
  titleType: "html" | "text" | "guess";
  /** Link as written; resolved against base. */
  link: string | null;
  /** Base for relative URLs in this item (xml:base, else feed link, else feed URL). */
  base: string | null;
  published: string | null;
  updated: string | null;
  summaryHtml: string | null;
  contentHtml: string | null;
  authors: string[];
  categories: string[];
  enclosures: Enclosure[];
  /** Candidate image URLs in order of preference (thumbnails first). */
  images: string[];
}

export function emptyRaw(base: string | null): RawItem {
  return {
    id: null,
    title: "",
    titleType: "guess",
    link: null,
    base,
    published: null,
    updated: null,
    summaryHtml: null,
    contentHtml: null,
    authors: [],
    categories: [],
    enclosures: [],
    images: [],
  };
}

export function collapse(s: string): string {
  return s.replace(/[\s\u00a0]+/g, " ").trim();
}

const LOOKS_LIKE_MARKUP = /<\/?[a-z][^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);/i;

/** A title as plain text. RSS does not say whether titles are markup, so markup is detected. */
export function plainTitle(title: string, type: RawItem["titleType"]): string {
  if (type === "text") return collapse(title);
  if (type === "guess" && !LOOKS_LIKE_MARKUP.test(title)) return collapse(title);
  return collapse(htmlToText(title).replace(/\n/g, " "));
}

/** An absolute http(s) URL, or null (javascript:, data: and unresolvable links are dropped). */
export function webUrl(ref: string | null | undefined, base: string | null): string | null {
  if (!ref) return null;
  const abs = resolveUrl(ref, base);
  return abs && /^https?:\/\//i.test(abs) ? abs : null;
}

/** "jane@example.com (Jane Doe)" -> "Jane Doe"; names otherwise kept as written. */
export function authorName(s: string): string {
  const t = collapse(s);
  const paren = /^\S+@\S+\s*\((.+)\)$/.exec(t);
  if (paren) return paren[1].trim();
  const angle = /^(.+?)\s*<\S+@\S+>$/.exec(t);
  if (angle) return angle[1].trim();
  return t;
}

function unique(list: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of list) {
    const t = collapse(s);
    if (t && !seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  }
  return out;
}

function clean(html: string | null, base: string | null): { html: string; text: string } | null {
  if (html === null || html.trim() === "") return null;
  const out = sanitizeHtmlWithText(html, base);
  return out.html === "" ? null : out;
}

function firstImage(html: string | null): string | null {
  if (!html) return null;
  const m = /<img\b[^>]*?\bsrc="(https?:[^"]+)"/i.exec(html);
  return m ? m[1].replace(/&amp;/g, "&") : null;
}

export function finishItem(raw: RawItem): FeedItem {
  const base = raw.base;
  const link = webUrl(raw.link, base);
  const title = plainTitle(raw.title, raw.titleType);
  const published = parseDate(raw.published);
  const updated = parseDate(raw.updated);
  const cleanSummary = clean(raw.summaryHtml, base);
  const cleanContent = clean(raw.contentHtml, base);
  const summary = cleanSummary?.html ?? null;
  const content = cleanContent?.html ?? null;
  const text = (cleanContent ?? cleanSummary)?.text ?? "";
  const authors = unique(raw.authors.map(authorName));

  let id = raw.id ? collapse(raw.id) : "";
  if (!id) id = link ?? "";
  if (!id) {
    const h = createHash("sha1").update(`${title}\n${published ?? raw.published ?? ""}`);
    id = `sha1:${h.digest("hex")}`;
  }

  const enclosures: Enclosure[] = [];
  const seenEnc = new Set<string>();
  for (const e of raw.enclosures) {
    const url = webUrl(e.url, base);
    if (!url || seenEnc.has(url)) continue;
    seenEnc.add(url);
    enclosures.push({ url, type: e.type, length: e.length });
  }
  let image: string | null = null;
  for (const candidate of raw.images) {
    image = webUrl(candidate, base);
    if (image) break;
  }
  image ??= enclosures.find((e) => e.type?.startsWith("image/"))?.url ?? null;
  image ??= firstImage(content) ?? firstImage(summary);

  return {
    id,
    title,
    link,
    published,
    updated,
    summary,
    content,
    text,
    author: authors[0] ?? null,
    authors,
    categories: unique(raw.categories),
    enclosures,
    image,
  };
}

export function toLength(s: string | undefined | null): number | null {
  if (s === undefined || s === null) return null;
  const n = Number(String(s).trim());
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}
