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
          if (/^data:/i.test(src) && !RASTER_DATA_URL.test(src)) delete out.src;
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

/** Sanitised HTML: only the allow-listed tags and attributes, URLs absolute against baseUrl. */
export function sanitizeHtml(html: string, baseUrl?: string | null): string {
  if (!html) return "";
  return sanitize(html, options(baseUrl)).trim();
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

/** Plain text: block elements become line breaks, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  if (!html) return "";
  if (html.indexOf("<") < 0 && html.indexOf("&") < 0) return html.replace(/\s+/g, " ").trim();
  const parts: string[] = [];
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipping++;
        else if (BLOCK.has(name)) parts.push("\n");
        else if (name === "img") parts.push(" ");
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK.has(name)) parts.push("\n");
      },
      ontext(text) {
        if (skipping === 0) parts.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return parts
    .join("")
    .split("\n")
    .map((line) => line.replace(/[\s\u00a0]+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n");
}
