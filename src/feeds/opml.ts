// OPML 1.0/2.0 import and export. Nested outlines are folders; a feed's category is its folder
// path ("World/Asia"), or its `category` attribute when it sits at the top level. Every outline
// attribute is kept (the known ones as fields, the rest in `extra`, in order) and every <head>
// element, so parseOpml(toOpml(doc)) gives back the same document.
import { Parser } from "htmlparser2";

/** An OPML file that cannot be read; the message is one line. */
export class OpmlError extends Error {
  override name = "OpmlError";
}

export interface OpmlFeed {
  xmlUrl: string;
  text: string | null;
  title: string | null;
  htmlUrl: string | null;
  /** The outline's type attribute ("rss", "atom"...), or null. */
  type: string | null;
  /** The `category` attribute as written (comma-separated slash paths), or null. */
  categoryAttr: string | null;
  /** Texts of the enclosing outlines, outermost first. */
  folders: string[];
  /** Other attributes, in document order. */
  extra: [string, string][];
}

export interface OpmlDocument {
  version: string;
  title: string | null;
  /** <head> elements other than <title>, in order (dateCreated, ownerName...). */
  head: [string, string][];
  feeds: OpmlFeed[];
  /** Outlines with a URL that were not taken as feeds, one line each with the reason (absent
   * when there are none, so parseOpml(toOpml(doc)) still equals doc). */
  skipped?: string[];
}

const KNOWN = new Set(["xmlurl", "text", "title", "htmlurl", "type", "category"]);

/** Reads an OPML document (tolerant of case in attribute names and of unclosed tags). */
export function parseOpml(xml: string): OpmlDocument {
  const doc: OpmlDocument = { version: "", title: null, head: [], feeds: [] };
  const skipped: string[] = [];
  // `pending`: a typeless url outline taken as a feed unless an outline opens inside it.
  const stack: { name: string; folder: string | null; pending?: boolean }[] = [];
  let sawOpml = false;
  let inHead = false;
  let headField: string | null = null;
  let headText = "";
  const folders = () => stack.flatMap((s) => (s.folder === null ? [] : [s.folder]));

  const parser = new Parser(
    {
      onopentag(rawName, attribs) {
        const name = rawName.toLowerCase();
        if (name === "opml") {
          sawOpml = true;
          doc.version = attribs.version ?? "";
        } else if (name === "head") {
          inHead = true;
        } else if (inHead && stack.at(-1)?.name === "head") {
          headField = rawName;
          headText = "";
        }
        let folder: string | null = null;
        let pending = false;
        if (name === "outline") {
          const parent = stack.at(-1);
          if (parent?.pending) {
            // The outline holds others, so it is a folder after all, not a feed.
            doc.feeds.pop();
            parent.pending = false;
          }
          const attr = lowerKeys(attribs);
          // Many exporters write a feed as `url` without `type="rss"`; a typeless http(s) url
          // outline is taken as a feed, while other types (link, include...) are reported.
          const typeless = attr.type === undefined || attr.type.trim() === "";
          const urlFeed =
            attr.url !== undefined && (isFeedType(attr.type) || (typeless && isHttp(attr.url)));
          const xmlUrl = attr.xmlurl ?? (urlFeed ? attr.url : undefined);
          if (xmlUrl === undefined && attr.url !== undefined && attr.url.trim() !== "") {
            const line = xml.slice(0, parser.startIndex).split("\n").length;
            const label = (attr.text ?? attr.title ?? "").trim().slice(0, 80);
            const why = typeless
              ? `url "${attr.url.trim().slice(0, 200)}" is not an http(s) address`
              : `type "${attr.type}" is not a feed type (rss, atom, feed, json)`;
            skipped.push(`line ${line}: outline${label ? ` "${label}"` : ""} skipped: ${why}`);
          }
          if (xmlUrl !== undefined && xmlUrl.trim() !== "") {
            pending = attr.xmlurl === undefined && typeless;
            doc.feeds.push({
              xmlUrl: xmlUrl.trim(),
              text: attr.text ?? null,
              title: attr.title ?? null,
              htmlUrl: attr.htmlurl ?? null,
              type: attr.type ?? null,
              categoryAttr: attr.category ?? null,
              folders: folders(),
              extra: Object.entries(attribs).filter(
                ([k]) =>
                  !KNOWN.has(k.toLowerCase()) && !(k.toLowerCase() === "url" && !attr.xmlurl),
              ),
            });
          }
          if (xmlUrl === undefined || pending)
            folder = (attr.text ?? attr.title ?? "").trim() || null;
        }
        stack.push({ name, folder, pending });
      },
      ontext(text) {
        if (headField !== null) headText += text;
      },
      onclosetag(rawName) {
        const name = rawName.toLowerCase();
        if (headField !== null && rawName === headField) {
          if (headField.toLowerCase() === "title") doc.title = headText.trim() || null;
          else doc.head.push([headField, headText.trim()]);
          headField = null;
        }
        if (name === "head") inHead = false;
        // Pop up to the matching element: unclosed children are closed with their parent.
        for (let i = stack.length - 1; i >= 0; i--) {
          if (stack[i].name === name) {
            stack.length = i;
            break;
          }
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  if (skipped.length > 0) doc.skipped = skipped;
  if (!sawOpml) {
    const start = xml.trimStart().slice(0, 40).replace(/\s+/g, " ");
    throw new OpmlError(`not an OPML file (no <opml> element; it starts with "${start}")`);
  }
  return doc;
}

function lowerKeys(attribs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attribs)) {
    const key = k.toLowerCase();
    if (!(key in out)) out[key] = v;
  }
  return out;
}

function isHttp(url: string): boolean {
  return /^https?:\/\/\S/i.test(url.trim());
}

function isFeedType(type: string | undefined): boolean {
  return type !== undefined && /^(rss|atom|feed|json)$/i.test(type.trim());
}

/**
 * The category a feed is filed under: its folder path, else the first path of its `category`
 * attribute (leading slash dropped), else null.
 */
export function feedCategory(feed: OpmlFeed): string | null {
  if (feed.folders.length > 0) return feed.folders.join("/");
  const first = feed.categoryAttr
    ?.split(",")
    .map((c) => c.trim().replace(/^\/+|\/+$/g, ""))
    .find((c) => c !== "");
  return first ?? null;
}

/**
 * Writes an OPML 2.0 document (or the version the document carries). Folders become nested
 * outlines, opened and closed in feed order, so feeds sorted by folder give one outline per folder
 * and any order reads back exactly as given.
 */
export function toOpml(doc: OpmlDocument): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<opml version="${attr(doc.version || "2.0")}">`);
  out.push("  <head>");
  if (doc.title !== null) out.push(`    <title>${text(doc.title)}</title>`);
  for (const [name, value] of doc.head) {
    if (/^[A-Za-z_][\w.-]*$/.test(name)) out.push(`    <${name}>${text(value)}</${name}>`);
  }
  out.push("  </head>");
  out.push("  <body>");
  let open: string[] = [];
  for (const feed of doc.feeds) {
    let common = 0;
    while (
      common < open.length &&
      common < feed.folders.length &&
      open[common] === feed.folders[common]
    )
      common++;
    for (let i = open.length - 1; i >= common; i--) out.push(`${indent(i)}</outline>`);
    for (let i = common; i < feed.folders.length; i++) {
      const name = attr(feed.folders[i]);
      out.push(`${indent(i)}<outline text="${name}" title="${name}">`);
    }
    open = feed.folders;
    out.push(`${indent(open.length)}<outline ${feedAttributes(feed)}/>`);
  }
  for (let i = open.length - 1; i >= 0; i--) out.push(`${indent(i)}</outline>`);
  out.push("  </body>");
  out.push("</opml>");
  return `${out.join("\n")}\n`;
}

function indent(depth: number): string {
  return "  ".repeat(depth + 2);
}

function feedAttributes(feed: OpmlFeed): string {
  const pairs: [string, string | null][] = [
    ["text", feed.text ?? feed.title ?? feed.xmlUrl],
    ["title", feed.title],
    ["type", feed.type],
    ["xmlUrl", feed.xmlUrl],
    ["htmlUrl", feed.htmlUrl],
    ["category", feed.categoryAttr],
    ...feed.extra,
  ];
  return pairs
    .filter((p): p is [string, string] => p[1] !== null && /^[A-Za-z_][\w.:-]*$/.test(p[0]))
    .map(([k, v]) => `${k}="${attr(v)}"`)
    .join(" ");
}

function text(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(s: string): string {
  return text(s)
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}

export interface UrlListResult {
  feeds: OpmlFeed[];
  /** One line per unusable line: "line 3: not an http(s) URL: ...". */
  problems: string[];
}

/**
 * Reads a plain list of feed URLs, one per line, each optionally followed by whitespace and a
 * category path ("https://example.com/feed World/Asia"). Blank lines and # comments are skipped.
 */
export function feedsFromUrlList(list: string): UrlListResult {
  const feeds: OpmlFeed[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  list.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const [url, ...rest] = line.split(/\s+/);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`line ${i + 1}: not a URL: "${line.slice(0, 200)}"`);
      return;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      problems.push(`line ${i + 1}: not an http(s) URL: ${url.slice(0, 200)}`);
      return;
    }
    if (seen.has(parsed.href)) {
      problems.push(`line ${i + 1}: duplicate of an earlier line: ${parsed.href}`);
      return;
    }
    seen.add(parsed.href);
    const category = rest.join(" ").replace(/^\/+|\/+$/g, "");
    feeds.push({
      xmlUrl: parsed.href,
      text: parsed.host,
      title: null,
      htmlUrl: null,
      type: "rss",
      categoryAttr: null,
      folders: category ? category.split("/").filter((s) => s !== "") : [],
      extra: [],
    });
  });
  return { feeds, problems };
}
