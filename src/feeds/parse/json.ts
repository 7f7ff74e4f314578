// JSON Feed 1.0 and 1.1 (jsonfeed.org) mapped to a ParsedFeed.
import type { ParsedFeed } from "../types.ts";
import { FeedParseError } from "./errors.ts";
import { emptyRaw, finishItem, toLength, webUrl } from "./item.ts";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
// JSON may carry C0 controls as \u escapes, which the raw-text pass in index.ts cannot see.
const str = (v: unknown): string | null =>
  typeof v === "string" && v.trim()
    ? v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
    : typeof v === "number"
      ? String(v)
      : null;

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Plain text as HTML paragraphs. */
function textToHtml(s: string): string {
  return s
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

function authors(o: Obj): string[] {
  const list = Array.isArray(o.authors) ? o.authors : isObj(o.author) ? [o.author] : [];
  return list.flatMap((a) => (isObj(a) && str(a.name) ? [str(a.name)!] : []));
}

export function mapJsonFeed(text: string, docUrl: string | null): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new FeedParseError(`invalid JSON: ${(err as Error).message}`);
  }
  if (!isObj(doc)) throw new FeedParseError("JSON document is not a JSON Feed (not an object)");
  const version = str(doc.version) ?? "";
  const vm = /jsonfeed\.org\/version\/(\d+(?:\.\d+)?)/.exec(version);
  if (!vm && !Array.isArray(doc.items)) {
    throw new FeedParseError("JSON document is not a JSON Feed (no version and no items array)");
  }
  const link = webUrl(str(doc.home_page_url), docUrl);
  const base = link ?? docUrl ?? webUrl(str(doc.feed_url), null);
  const feedAuthors = authors(doc);
  const items = Array.isArray(doc.items) ? doc.items.filter(isObj) : [];
  return {
    format: "json",
    version: vm ? (vm[1] === "1" ? "1.0" : vm[1]) : "1.0",
    title: str(doc.title)?.trim() ?? null,
    link,
    language: str(doc.language)?.trim() ?? null,
    hints: { ttlMinutes: null, updateIntervalMinutes: null, skipHours: [] },
    items: items.map((it) => {
      const raw = emptyRaw(base);
      raw.id = str(it.id);
      raw.title = str(it.title) ?? "";
      raw.titleType = "text";
      raw.link = str(it.url) ?? str(it.external_url);
      raw.published = str(it.date_published);
      raw.updated = str(it.date_modified);
      raw.summaryHtml = str(it.summary) ? escapeHtml(str(it.summary)!) : null;
      const html = str(it.content_html);
      const plain = str(it.content_text);
      raw.contentHtml = html ?? (plain ? textToHtml(plain) : null);
      raw.authors = authors(it);
      if (raw.authors.length === 0) raw.authors = [...feedAuthors];
      if (Array.isArray(it.tags))
        raw.categories = it.tags.flatMap((t) => (str(t) ? [str(t)!] : []));
      if (Array.isArray(it.attachments)) {
        for (const a of it.attachments.filter(isObj)) {
          const url = str(a.url);
          if (url) {
            raw.enclosures.push({
              url,
              type: str(a.mime_type),
              length: toLength(str(a.size_in_bytes)),
            });
          }
        }
      }
      for (const img of [str(it.image), str(it.banner_image)]) if (img) raw.images.push(img);
      return finishItem(raw);
    }),
  };
}
