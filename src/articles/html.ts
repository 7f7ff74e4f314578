// Untrusted HTML from feeds, made safe to show (sanitizeHtml) or reduced to plain text (htmlToText).
// sanitizeHtml is an allow-list on top of sanitize-html: no scripts, styles, frames, forms, event
// handlers or javascript:/data: links; relative URLs made absolute; links marked
// rel="noopener noreferrer nofollow".
import { Parser } from "htmlparser2";
import sanitize from "sanitize-html";

const ALLOWED_TAGS = [
  "a",
  "abbr",
  "b",
  "blockquote",
  "br",
  "caption",
  "cite",
  "code",
  "dd",
  "del",
  "details",
  "dfn",
  "div",
  "dl",
  "dt",
  "em",
  "figcaption",
  "figure",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "img",
  "ins",
  "kbd",
  "li",
  "mark",
  "ol",
  "p",
  "picture",
  "pre",
  "q",
  "s",
  "samp",
  "small",
  "source",
  "span",
  "strong",
  "sub",
  "summary",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "time",
  "tr",
  "u",
  "ul",
  "var",
];

const RASTER_DATA_URL = /^data:image\/(?:png|gif|jpe?g|webp|avif);base64,/i;

function absolute(url: string | undefined, base: string | null | undefined): string | undefined {
  if (url === undefined) return undefined;
  const u = url.trim();
  if (!u || !base) return u;
  try {
    return new URL(u, base).href;
  } catch {
    return u;
  }
}

function absoluteSrcset(srcset: string, base: string | null | undefined): string {
  return srcset
    .split(",")
    .map((part) => {
      const [url, ...desc] = part.trim().split(/\s+/);
      return [absolute(url, base), ...desc].join(" ");
    })
    .filter((p) => /^https?:/i.test(p))
    .join(", ");
}

function options(baseUrl: string | null | undefined): sanitize.IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      // rel is always set by the transform below, whatever the feed wrote.
      a: ["href", "title", "rel"],
      img: ["src", "srcset", "alt", "title", "width", "height"],
      source: ["srcset", "type", "media"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan", "scope"],
      time: ["datetime"],
      q: ["cite"],
      blockquote: ["cite"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    // Inline raster images are harmless in <img>; every other data: URL is dropped.
    allowedSchemesByTag: { img: ["http", "https", "data"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
    nonTextTags: [
      "script",
      "style",
      "textarea",
      "option",
      "noscript",
      "template",
      "iframe",
      "object",
    ],
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: {
          ...attribs,
          ...(attribs.href !== undefined ? { href: absolute(attribs.href, baseUrl)! } : {}),
          rel: "noopener noreferrer nofollow",
        },
      }),
      img: (tagName, attribs) => {
        const out = { ...attribs };
        if (out.src !== undefined) {
          const src = out.src.trim();
          // Browsers ignore tabs, newlines and controls inside a scheme ("da\tta:"): so does this.
          const probe = src.replace(/[\u0000-\u0020]+/g, "");
          if (/^data:/i.test(probe) && !RASTER_DATA_URL.test(probe)) delete out.src;
          else out.src = absolute(src, baseUrl)!;
        }
        if (out.srcset !== undefined) out.srcset = absoluteSrcset(out.srcset, baseUrl);
        return { tagName, attribs: out };
      },
      source: (tagName, attribs) => ({
        tagName,
        attribs: attribs.srcset
          ? { ...attribs, srcset: absoluteSrcset(attribs.srcset, baseUrl) }
          : attribs,
      }),
    },
  };
}

// Building the options (and their closures) per call cost as much as sanitising a short summary,
// so the options for the last base URL are kept: a feed's items mostly share one base.
let cachedBase: string | null | undefined;
let cachedPlain: sanitize.IOptions | null = null;
let cachedWithText: sanitize.IOptions | null = null;
/** The collector of the sanitizeHtmlWithText call in progress (sanitising is synchronous). */
let collector: TextCollector | null = null;

function optionsFor(baseUrl: string | null | undefined, withText: boolean): sanitize.IOptions {
  if (!cachedPlain || cachedBase !== baseUrl) {
    cachedBase = baseUrl;
    cachedPlain = options(baseUrl);
    cachedWithText = {
      ...cachedPlain,
      onOpenTag: (name) => collector?.open(name),
      onCloseTag: (name) => collector?.close(name),
      textFilter: (escaped) => {
        collector?.text(escaped.replace(/&(?:lt|gt|amp);/g, (e) => UNESCAPE[e]));
        return escaped;
      },
    };
  }
  return withText ? cachedWithText! : cachedPlain;
}

/** Sanitised HTML: only the allow-listed tags and attributes, URLs absolute against baseUrl. */
export function sanitizeHtml(html: string, baseUrl?: string | null): string {
  if (!html) return "";
  return sanitize(html, optionsFor(baseUrl, false)).trim();
}

const UNESCAPE: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };

/**
 * sanitizeHtml and htmlToText of the same input in one parse (the feed parser needs both for
 * every item, and parsing twice was a quarter of its time). The text is that of the input, so it
 * equals htmlToText(html) up to content the sanitiser drops.
 */
export function sanitizeHtmlWithText(
  html: string,
  baseUrl?: string | null,
): { html: string; text: string } {
  if (!html) return { html: "", text: "" };
  // Nothing to parse: sanitising would return the string unchanged.
  if (!/[<>&]/.test(html)) return { html: html.trim(), text: html.replace(/\s+/g, " ").trim() };
  const opts = optionsFor(baseUrl, true);
  const text = new TextCollector();
  collector = text;
  try {
    return { html: sanitize(html, opts).trim(), text: text.result() };
  } finally {
    collector = null;
  }
}

const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "caption",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "td",
  "th",
  "tr",
  "ul",
  "details",
]);
const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "head",
  "title",
  "iframe",
  "object",
  "svg",
]);

/** Accumulates text from tag and text events: blocks become line breaks, scripts are skipped. */
class TextCollector {
  private parts: string[] = [];
  private skipping = 0;
  open(name: string): void {
    if (SKIP.has(name)) this.skipping++;
    else if (BLOCK.has(name)) this.parts.push("\n");
    else if (name === "img") this.parts.push(" ");
  }
  close(name: string): void {
    if (SKIP.has(name)) this.skipping = Math.max(0, this.skipping - 1);
    else if (BLOCK.has(name)) this.parts.push("\n");
  }
  text(t: string): void {
    if (this.skipping === 0) this.parts.push(t);
  }
  result(): string {
    // Whitespace runs become one space, then lines are trimmed and empty lines dropped.
    return this.parts
      .join("")
      .replace(/[^\S\n]+/g, " ")
      .replace(/ *\n[ \n]*/g, "\n")
      .trim();
  }
}

/** Plain text: block elements become line breaks, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  if (!html) return "";
  if (html.indexOf("<") < 0 && html.indexOf("&") < 0) return html.replace(/\s+/g, " ").trim();
  const text = new TextCollector();
  const parser = new Parser(
    {
      onopentag: (name) => text.open(name),
      onclosetag: (name) => text.close(name),
      ontext: (t) => text.text(t),
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return text.result();
}
