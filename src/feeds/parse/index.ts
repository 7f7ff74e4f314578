// parseFeed: bytes or text of any feed format -> a normalised ParsedFeed, or a FeedParseError
// whose one-line message says why not. Decoding, size and safety limits are applied here.
import type { ParsedFeed } from "../types.ts";
import { mapAtom } from "./atom.ts";
import { decodeBody } from "./decode.ts";
import { FeedParseError } from "./errors.ts";
import { mapJsonFeed } from "./json.ts";
import { mapRss } from "./rss.ts";
import { DEFAULT_XML_LIMITS, elements, parseXml, type XmlNode } from "./xml.ts";

export { FeedParseError } from "./errors.ts";

export const DEFAULT_MAX_FEED_BYTES = 20 * 1024 * 1024;

const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const CONTROLS_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

export interface ParseOptions {
  /** The feed's own URL: the base for relative links when the feed gives none. */
  url?: string | null;
  /** HTTP Content-Type, for its charset and to recognise JSON Feed. */
  contentType?: string | null;
  /** Largest body accepted, in bytes (strings: UTF-16 code units). Default 20 MB. */
  maxBytes?: number;
  /** Deepest element nesting accepted. Default 256. */
  maxDepth?: number;
  /** Most characters internal DTD entities may expand to. Default 1,000,000. */
  maxEntityExpansion?: number;
}

/** "512 KB", "20.0 MB": sizes in limit messages. */
export function formatSize(n: number): string {
  return n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Breadth-first search for the feed's root element, past any garbage before it. */
function findRoot(doc: XmlNode): XmlNode | null {
  let level = elements(doc);
  for (let depth = 0; depth < 6 && level.length > 0; depth++) {
    for (const n of level) {
      if (n.local === "rss" || n.local === "feed" || (n.local === "rdf" && n.ns === "rdf"))
        return n;
    }
    for (const n of level) if (n.local === "rdf") return n;
    level = level.flatMap(elements);
  }
  return null;
}

function firstElementName(doc: XmlNode): string | null {
  const first = elements(doc)[0];
  return first ? first.local : null;
}

export function parseFeed(body: Uint8Array | string, opts: ParseOptions = {}): ParsedFeed {
  try {
    return parse(body, opts);
  } catch (err) {
    if (err instanceof FeedParseError) throw err;
    // Anything else is a bug or an exhausted resource; callers still get one line, no stack.
    throw new FeedParseError(`could not parse feed: ${(err as Error).message ?? String(err)}`);
  }
}

function parse(body: Uint8Array | string, opts: ParseOptions): ParsedFeed {
  const max = opts.maxBytes ?? DEFAULT_MAX_FEED_BYTES;
  if (body.length > max) {
    throw new FeedParseError(
      `feed is ${formatSize(body.length)}, over the ${formatSize(max)} limit`,
    );
  }
  const bytes = typeof body === "string" ? null : decodeBody(body, opts.contentType);
  const decoded = (bytes ? bytes.text : (body as string)).replace(/^\uFEFF/, "");
  // C0 controls are not allowed in XML and PostgreSQL refuses NUL: they go before anything else.
  const text = CONTROLS.test(decoded) ? decoded.replace(CONTROLS_ALL, "") : decoded;
  const start = text.search(/\S/);
  if (start < 0) throw new FeedParseError("empty document: no feed");
  const url = opts.url ?? null;

  const ct = (opts.contentType ?? "").toLowerCase();
  const isJson = text[start] === "{" || (/json/.test(ct) && text[start] !== "<");
  const feed = isJson ? mapJsonFeed(text, url) : parseXmlFeed(text, url, opts);
  if (bytes) feed.encoding = bytes.encoding;
  return feed;
}

function parseXmlFeed(text: string, url: string | null, opts: ParseOptions): ParsedFeed {
  const doc = parseXml(text, url, {
    maxDepth: opts.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth,
    maxEntityExpansion: opts.maxEntityExpansion ?? DEFAULT_XML_LIMITS.maxEntityExpansion,
  });
  const root = findRoot(doc);
  if (!root) {
    const first = firstElementName(doc);
    if (first === "html" || first === "head" || first === "body") {
      throw new FeedParseError("not a feed: got an HTML page");
    }
    if (first === null) throw new FeedParseError("not a feed: no XML elements found");
    throw new FeedParseError(`not a feed: root element is <${first}>, not rss, RDF or feed`);
  }
  return root.local === "feed" ? mapAtom(root, url) : mapRss(root, url);
}
