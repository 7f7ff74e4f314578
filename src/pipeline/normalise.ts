// Feed item -> article the store can keep: plain text for the clusterer, sanitised HTML for the
// page, a canonical URL for deduplication, an outlet name, a language and a time. Feed content is
// untrusted; it is sanitised once, at the parser boundary (parseFeed returns allow-list sanitised
// HTML and its plain text), and used here as given: sanitising again would double the costliest
// step of ingest (sanitize-html is most of the parse cost).
import { canonicalUrl } from "../articles/url.ts";
import type { FeedItem, FeedState, ParsedFeed } from "../feeds/types.ts";
import type { NewArticle } from "../store/types.ts";
import { nfkc } from "../stories/chars.ts";
import { DETECT_CHARS, detectLanguage } from "../stories/language.ts";

/** Longest title and text kept (a feed that puts a whole book in an item loses nothing useful). */
const MAX_TITLE = 500;
const MAX_TEXT = 20_000;
/** A published time further ahead of the fetch than this is a feed's clock error: use the fetch time. */
const FUTURE_SLACK_MS = 60 * 60_000;

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

/** "en-US" / "EN_gb" -> "en"; anything that is not a language tag -> null. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  const m = /^\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*\s*$/.exec(tag ?? "");
  return m ? m[1].toLowerCase() : null;
}

/** Characters of a feed's items read for its language when it names none. */
const FEED_SAMPLE = 8 * DETECT_CHARS;

/**
 * A feed's language: its `<language>` reduced to the primary subtag, else the one its items are
 * clearly written in (their titles and the opening of their texts together: a feed keeps to one
 * language, and many items tell it better than one), else null.
 */
export function feedLanguage(parsed: ParsedFeed): string | null {
  const declared = primaryLanguage(parsed.language);
  if (declared) return declared;
  let sample = "";
  for (const item of parsed.items) {
    if (sample.length >= FEED_SAMPLE) break;
    sample += `${item.title}\n${item.text.slice(0, DETECT_CHARS / 2)}\n`;
  }
  return detectLanguage(nfkc(sample.slice(0, FEED_SAMPLE)), FEED_SAMPLE);
}

/** The host of a URL without "www.", or null. */
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, "") || null;
  } catch {
    return null;
  }
}

/** The outlet a feed's articles are credited to: the feed's name, else its site's host. */
export function outletName(feed: FeedState, parsed: ParsedFeed): string | null {
  const title = collapse(feed.title ?? "") || collapse(parsed.title ?? "");
  if (title) return title.slice(0, 200);
  return hostOf(feed.siteUrl) ?? hostOf(parsed.link) ?? hostOf(feed.url);
}

function parseTime(iso: string | null, fetchedAt: number): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return null;
  return t > fetchedAt + FUTURE_SLACK_MS ? fetchedAt : t;
}

/** One feed item as a NewArticle, or null when it has neither a title nor any text. */
export function normaliseItem(
  item: FeedItem,
  feed: FeedState,
  parsed: ParsedFeed,
  fetchedAt: number,
  source: string | null = outletName(feed, parsed),
  lang: string | null = feedLanguage(parsed),
): NewArticle | null {
  const html = item.content || item.summary || null;
  const text = collapseText(item.text).slice(0, MAX_TEXT);
  let title = collapse(item.title).slice(0, MAX_TITLE);
  if (!title) title = text.slice(0, 120);
  if (!title) return null;
  return {
    feedId: feed.id,
    guid: item.id || null,
    url: item.link,
    canonicalUrl: canonicalUrl(item.link),
    title,
    text,
    html,
    source,
    author: item.author ? collapse(item.author).slice(0, 200) || null : null,
    image: item.image,
    lang,
    published: parseTime(item.published ?? item.updated, fetchedAt),
    fetchedAt,
  };
}

/**
 * Paragraph breaks kept, other runs of whitespace collapsed. The parser's plain text ends each
 * block element with one line break, so every line break is a paragraph boundary: collapsing it
 * would run a caption into the next sentence ("… civilian lives The Palestinian …").
 */
function collapseText(s: string): string {
  return s
    .split(/\s*\n\s*/)
    .map(collapse)
    .filter((p) => p.length > 0)
    .join("\n\n");
}

/**
 * Every usable item of a parsed feed, oldest first (feeds list newest first; items without a time
 * keep their reverse feed order), so that stories grow in the order things happened.
 */
export function normaliseFeed(
  feed: FeedState,
  parsed: ParsedFeed,
  fetchedAt: number,
): NewArticle[] {
  const source = outletName(feed, parsed);
  const lang = feedLanguage(parsed);
  const out: NewArticle[] = [];
  for (let i = parsed.items.length - 1; i >= 0; i--) {
    const a = normaliseItem(parsed.items[i], feed, parsed, fetchedAt, source, lang);
    if (a) out.push(a);
  }
  return out
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (x.a.published ?? fetchedAt) - (y.a.published ?? fetchedAt) || x.i - y.i)
    .map((x) => x.a);
}
