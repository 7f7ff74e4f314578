// Atom 1.0 (RFC 4287) and Atom 0.3 mapped to a ParsedFeed. Text constructs (type text/html/xhtml,
// and 0.3's mode escaped/base64/xml) become HTML; links resolve against xml:base in scope.
import type { ParsedFeed } from "../types.ts";
import {
  collapse,
  emptyRaw,
  finishItem,
  plainTitle,
  type RawItem,
  toLength,
  webUrl,
} from "./item.ts";
import { readMedia } from "./media.ts";
import { hints } from "./rss.ts";
import {
  child,
  childrenNamed,
  descendants,
  elements,
  hasElementChildren,
  innerXml,
  textOf,
  type XmlNode,
} from "./xml.ts";

/** Atom elements: either namespace, or none for feeds that forgot the declaration. */
const A = ["atom", "atom03", ""];

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A text construct as HTML, or null when it is absent or out-of-line (src=...). */
function constructHtml(node: XmlNode | null): { html: string; type: "html" | "text" } | null {
  if (!node || node.attrs.src) return null;
  const type = (node.attrs.type ?? "").trim().toLowerCase();
  const mode = (node.attrs.mode ?? "").trim().toLowerCase();
  if (mode === "base64") {
    const decoded = Buffer.from(textOf(node).trim(), "base64").toString("utf8");
    return type.startsWith("text/plain")
      ? { html: escapeHtml(decoded), type: "text" }
      : { html: decoded, type: "html" };
  }
  if (
    type === "xhtml" ||
    type === "application/xhtml+xml" ||
    mode === "xml" ||
    hasElementChildren(node)
  ) {
    // xhtml content is wrapped in one <div>; any markup left unescaped is taken as such too
    const kids = elements(node);
    const onlyDiv =
      kids.length === 1 &&
      kids[0].local === "div" &&
      node.children.every((c) => typeof c !== "string" || c.trim() === "");
    const wrapper = onlyDiv ? kids[0] : node;
    return { html: innerXml(wrapper), type: "html" };
  }
  if (type === "html" || type === "text/html" || mode === "escaped")
    return { html: textOf(node), type: "html" };
  if (type === "" || type === "text" || type.startsWith("text/")) {
    return { html: escapeHtml(textOf(node)), type: "text" };
  }
  return null; // some other media type (image/png...): nothing to show as text
}

/** The best alternate link: rel alternate (or none), text/html preferred. */
function alternate(node: XmlNode): XmlNode | null {
  let best: XmlNode | null = null;
  for (const l of childrenNamed(node, A, "link")) {
    const rel = (l.attrs.rel ?? "alternate").trim().toLowerCase();
    if (rel !== "alternate" || !l.attrs.href) continue;
    const type = (l.attrs.type ?? "").toLowerCase();
    if (!best || type === "text/html" || type === "application/xhtml+xml") {
      best = l;
      if (type === "text/html") break;
    }
  }
  return best;
}

function personNames(node: XmlNode, local: "author" | "contributor"): string[] {
  return childrenNamed(node, A, local)
    .map(
      (p) =>
        collapse(textOf(child(p, A, "name"))) ||
        collapse(textOf(child(p, A, "email"))) ||
        collapse(textOf(p)),
    )
    .filter(Boolean);
}

function text(node: XmlNode, nss: readonly string[], local: string): string {
  return collapse(textOf(child(node, nss, local)));
}

function readEntry(entry: XmlNode, feedBase: string | null, feedAuthors: string[]): RawItem {
  const base = entry.base ?? feedBase;
  const raw = emptyRaw(base);
  const titleEl = child(entry, A, "title");
  const title = constructHtml(titleEl);
  if (title?.type === "text") {
    raw.title = textOf(titleEl);
    raw.titleType = "text";
  } else if (title) {
    raw.title = title.html;
    raw.titleType = "html";
  }
  raw.id = text(entry, A, "id") || null;

  const alt = alternate(entry);
  // a link's own xml:base applies to its href
  raw.link = alt ? (webUrl(alt.attrs.href, alt.base ?? base) ?? null) : null;
  for (const l of childrenNamed(entry, A, "link")) {
    if ((l.attrs.rel ?? "").toLowerCase() === "enclosure" && l.attrs.href) {
      raw.enclosures.push({
        url: webUrl(l.attrs.href, l.base ?? base) ?? l.attrs.href,
        type: l.attrs.type?.trim() || null,
        length: toLength(l.attrs.length),
      });
    }
  }

  raw.published =
    text(entry, A, "published") ||
    text(entry, A, "issued") ||
    text(entry, A, "created") ||
    text(entry, ["dc"], "date") ||
    null;
  raw.updated = text(entry, A, "updated") || text(entry, A, "modified") || null;

  const summaryEl = child(entry, A, "summary");
  const contentEl = child(entry, A, "content");
  raw.summaryHtml = constructHtml(summaryEl)?.html ?? null;
  raw.contentHtml = constructHtml(contentEl)?.html ?? null;
  // content's own xml:base (common in blog feeds) is the base for its relative URLs
  if (contentEl?.base && contentEl.base !== entry.base) raw.base = contentEl.base;

  raw.authors = personNames(entry, "author");
  if (raw.authors.length === 0) {
    const source = child(entry, A, "source");
    if (source) raw.authors = personNames(source, "author");
  }
  for (const a of childrenNamed(entry, ["dc"], "creator")) raw.authors.push(textOf(a));
  if (raw.authors.length === 0) raw.authors = [...feedAuthors];

  for (const c of childrenNamed(entry, A, "category")) {
    const v = c.attrs.label || c.attrs.term || textOf(c);
    if (v) raw.categories.push(v);
  }
  for (const c of childrenNamed(entry, ["dc"], "subject")) raw.categories.push(textOf(c));
  readMedia(entry, raw);
  return raw;
}

export function mapAtom(root: XmlNode, docUrl: string | null): ParsedFeed {
  const is03 = root.ns === "atom03" || (root.attrs.version ?? "").trim() === "0.3";
  const rootBase = root.base ?? docUrl;
  const alt = alternate(root);
  const link = alt ? webUrl(alt.attrs.href, alt.base ?? rootBase) : null;
  const titleEl = child(root, A, "title");
  const titleC = constructHtml(titleEl);
  const title = titleC
    ? plainTitle(titleC.type === "text" ? textOf(titleEl!) : titleC.html, titleC.type)
    : "";
  const feedAuthors = personNames(root, "author");
  const entries = descendants(root, A, "entry");
  const feedBase = root.base ?? docUrl ?? link;
  return {
    format: "atom",
    version: is03 ? "0.3" : "1.0",
    title: title || null,
    link,
    language: (root.attrs["xml:lang"] ?? "").trim() || null,
    // Atom has no hints of its own, but some feeds carry the syndication module's.
    hints: hints(root),
    items: entries.map((e) => finishItem(readEntry(e, feedBase, feedAuthors))),
  };
}
