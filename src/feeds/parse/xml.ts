// A lenient XML tree for feeds, built from htmlparser2's tokenizer in XML mode: it never rejects a
// document for a bare "&", an HTML entity, an unclosed tag or garbage before the root, and it
// resolves namespace prefixes to short canonical keys so mappers can ask for "content:encoded"
// whatever prefix the feed chose. Written by hand because no XML library on npm is both this
// tolerant and safe: the DOCTYPE is cut out before tokenizing, its internal entities are expanded
// under a size cap (billion laughs fails fast), external entities are never fetched, and element
// nesting is capped.
import { decodeHTMLStrict } from "entities";
import { Parser } from "htmlparser2";
import { FeedParseError } from "./errors.ts";

export interface XmlNode {
  /** Canonical namespace key ("" for none; see KNOWN_NS), or the raw URI when unknown. */
  ns: string;
  /** Local name, lower-cased. */
  local: string;
  /** Attributes by lower-cased qualified name, values entity-decoded. */
  attrs: Record<string, string>;
  children: XmlChild[];
  /** Absolute URL from the xml:base in scope (resolved against the document URL), or null. */
  base: string | null;
}
export type XmlChild = XmlNode | string;

export interface XmlLimits {
  /** Deepest element nesting accepted. */
  maxDepth: number;
  /** Most characters one internal entity may expand to, and all of them together. */
  maxEntityExpansion: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 256, maxEntityExpansion: 1_000_000 };

const KNOWN_NS: Record<string, string> = {
  "http://www.w3.org/2005/atom": "atom",
  "http://purl.org/atom/ns#": "atom03",
  "http://purl.org/rss/1.0/": "rss1",
  "http://my.netscape.com/rdf/simple/0.9/": "rss090",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
  "http://purl.org/rss/1.0/modules/content/": "content",
  "http://purl.org/dc/elements/1.1/": "dc",
  "http://purl.org/dc/terms/": "dcterms",
  "http://search.yahoo.com/mrss/": "media",
  "http://search.yahoo.com/mrss": "media",
  "http://purl.org/rss/1.0/modules/syndication/": "sy",
  "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
  "http://www.w3.org/1999/xhtml": "xhtml",
  "http://www.w3.org/xml/1998/namespace": "xml",
  // RSS 2.0 served inside a namespace by some early tools: the same elements as none.
  "http://backend.userland.com/rss2": "",
  "http://blogs.law.harvard.edu/tech/rss": "",
};

function nsKey(uri: string): string {
  const k = KNOWN_NS[uri.trim().toLowerCase()];
  return k ?? uri.trim();
}

export function resolveUrl(ref: string, base: string | null | undefined): string | null {
  const r = ref.trim();
  if (!r) return null;
  try {
    return new URL(r, base ?? undefined).href;
  } catch {
    return null;
  }
}

// ---- DOCTYPE and internal entities ----

interface Doctype {
  /** The document with the DOCTYPE blanked out. */
  text: string;
  /** Internal general entities, name -> replacement text (unexpanded). */
  entities: Map<string, string>;
}

function cutDoctype(text: string): Doctype {
  const entities = new Map<string, string>();
  const start = text.search(/<!DOCTYPE/i);
  // Only a DOCTYPE in the prolog counts; one later on is just text to skip.
  if (start < 0) return { text, entities };
  const firstTag = text.slice(0, start).search(/<[A-Za-z]/);
  if (firstTag >= 0) return { text, entities };
  let i = start + 9;
  let depth = 0;
  let quote = "";
  for (; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === ">" && depth <= 0) break;
  }
  const decl = text.slice(start, i + 1);
  const re =
    /<!ENTITY\s+(%\s+)?([A-Za-z_:][\w.:-]*)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b[^>]*)>/g;
  for (let m = re.exec(decl); m; m = re.exec(decl)) {
    if (m[1]) continue; // parameter entities only matter inside the DTD, which is never read
    // External entities expand to nothing: they are never fetched.
    entities.set(m[2], m[5] ? "" : (m[3] ?? m[4] ?? ""));
  }
  return { text: text.slice(0, start) + " ".repeat(decl.length) + text.slice(i + 1), entities };
}

const PREDEFINED = new Set(["amp", "lt", "gt", "quot", "apos"]);

/** Expands internal entities with a cap, computing sizes first so a bomb fails before it grows. */
class EntityExpander {
  private sizes = new Map<string, number>();
  private expanded = new Map<string, string>();
  private total = 0;
  constructor(
    private defs: Map<string, string>,
    private cap: number,
  ) {}

  private size(name: string, stack: Set<string>): number {
    const known = this.sizes.get(name);
    if (known !== undefined) return known;
    if (stack.has(name)) throw new FeedParseError(`entity &${name}; refers to itself`);
    stack.add(name);
    const def = this.defs.get(name) ?? "";
    let n = def.length;
    for (const m of def.matchAll(/&([A-Za-z_:][\w.:-]*);/g)) {
      if (!this.defs.has(m[1]) || PREDEFINED.has(m[1])) continue;
      n += this.size(m[1], stack) - m[0].length;
      if (n > this.cap) {
        throw new FeedParseError(
          `entity expansion limit exceeded: &${name}; expands to more than ${this.cap} characters`,
        );
      }
    }
    stack.delete(name);
    this.sizes.set(name, n);
    return n;
  }

  private expand(name: string): string {
    const done = this.expanded.get(name);
    if (done !== undefined) return done;
    this.size(name, new Set());
    const out = (this.defs.get(name) ?? "").replace(/&([A-Za-z_:][\w.:-]*);/g, (all, n: string) =>
      this.defs.has(n) && !PREDEFINED.has(n) ? this.expand(n) : all,
    );
    this.expanded.set(name, out);
    return out;
  }

  apply(text: string): string {
    return text.replace(/&([A-Za-z_:][\w.:-]*);/g, (all, n: string) => {
      if (!this.defs.has(n) || PREDEFINED.has(n)) return all;
      const v = this.expand(n);
      this.total += v.length;
      if (this.total > this.cap) {
        throw new FeedParseError(
          `entity expansion limit exceeded: more than ${this.cap} characters in total`,
        );
      }
      return v;
    });
  }
}

// ---- tree building ----

interface Scope {
  prefixes: Map<string, string> | null;
}

/** Parses text into a tree under a virtual document node (local "#document"). */
export function parseXml(
  input: string,
  baseUrl: string | null,
  limits: XmlLimits = DEFAULT_XML_LIMITS,
): XmlNode {
  const { text, entities } = cutDoctype(input);
  const expander =
    entities.size > 0 ? new EntityExpander(entities, limits.maxEntityExpansion) : null;
  const decodeText = (raw: string): string => {
    if (raw.indexOf("&") < 0) return raw;
    return decodeHTMLStrict(expander ? expander.apply(raw) : raw);
  };

  const doc: XmlNode = { ns: "", local: "#document", attrs: {}, children: [], base: null };
  const stack: XmlNode[] = [doc];
  const scopes: Scope[] = [{ prefixes: null }];
  let pending = "";
  let pendingCdata = false;

  const flush = () => {
    if (!pending) return;
    const value = pendingCdata ? pending : decodeText(pending);
    pending = "";
    const parent = stack[stack.length - 1];
    const last = parent.children[parent.children.length - 1];
    if (typeof last === "string") parent.children[parent.children.length - 1] = last + value;
    else parent.children.push(value);
  };

  const lookup = (prefix: string): string | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const p = scopes[i].prefixes;
      if (p?.has(prefix)) return p.get(prefix);
    }
    return undefined;
  };

  const parser = new Parser(
    {
      onopentag(name, rawAttrs) {
        flush();
        if (stack.length > limits.maxDepth) {
          throw new FeedParseError(`elements nested deeper than ${limits.maxDepth} levels`);
        }
        const parent = stack[stack.length - 1];
        const attrs: Record<string, string> = {};
        let prefixes: Map<string, string> | null = null;
        for (const k in rawAttrs) {
          const key = k.toLowerCase();
          const v = decodeText(rawAttrs[k]);
          attrs[key] = v;
          if (key === "xmlns" || key.startsWith("xmlns:")) {
            prefixes ??= new Map();
            prefixes.set(key === "xmlns" ? "" : key.slice(6), v);
          }
        }
        scopes.push({ prefixes });
        const colon = name.indexOf(":");
        const prefix = colon >= 0 ? name.slice(0, colon).toLowerCase() : "";
        const local = (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase();
        const uri = lookup(prefix);
        // An undeclared prefix is taken at its word: "dc:creator" without xmlns:dc is still dc.
        const ns = uri !== undefined ? nsKey(uri) : prefix;
        const xb = attrs["xml:base"];
        const base =
          xb !== undefined ? (resolveUrl(xb, parent.base ?? baseUrl) ?? parent.base) : parent.base;
        const node: XmlNode = { ns, local, attrs, children: [], base };
        parent.children.push(node);
        stack.push(node);
      },
      onclosetag() {
        flush();
        if (stack.length > 1) {
          stack.pop();
          scopes.pop();
        }
      },
      ontext(data) {
        pending += data;
      },
      oncdatastart() {
        flush();
        pendingCdata = true;
      },
      oncdataend() {
        flush();
        pendingCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  parser.write(text);
  parser.end();
  flush();
  return doc;
}

// ---- reading the tree ----

export function elements(node: XmlNode): XmlNode[] {
  const out: XmlNode[] = [];
  for (const c of node.children) if (typeof c !== "string") out.push(c);
  return out;
}

/** First child element with this local name in one of the namespaces. */
export function child(node: XmlNode, nss: readonly string[], local: string): XmlNode | null {
  for (const c of node.children) {
    if (typeof c !== "string" && c.local === local && nss.includes(c.ns)) return c;
  }
  return null;
}

export function childrenNamed(node: XmlNode, nss: readonly string[], local: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const c of node.children) {
    if (typeof c !== "string" && c.local === local && nss.includes(c.ns)) out.push(c);
  }
  return out;
}

/** Descendants with this local name (not looking inside a match), e.g. items whose end tag was lost. */
export function descendants(node: XmlNode, nss: readonly string[], local: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode) => {
    for (const c of n.children) {
      if (typeof c === "string") continue;
      if (c.local === local && nss.includes(c.ns)) {
        out.push(c);
        walk(c); // an unclosed item swallows the next ones: they are still items
      } else walk(c);
    }
  };
  walk(node);
  return out;
}

const CONTAINERS = new Set(["item", "entry"]);

/** Text content, skipping nested items/entries swallowed by an unclosed tag. */
export function textOf(node: XmlNode | null): string {
  if (!node) return "";
  let s = "";
  for (const c of node.children) {
    if (typeof c === "string") s += c;
    else if (!CONTAINERS.has(c.local)) s += textOf(c);
  }
  return s;
}

export function hasElementChildren(node: XmlNode): boolean {
  for (const c of node.children) if (typeof c !== "string") return true;
  return false;
}

const VOID = new Set(["br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area"]);

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, "&quot;");
}

/** Children serialised back to markup (for HTML carried unescaped inside an element). */
export function innerXml(node: XmlNode): string {
  let s = "";
  for (const c of node.children) {
    if (typeof c === "string") {
      s += escapeText(c);
      continue;
    }
    if (CONTAINERS.has(c.local)) continue;
    s += `<${c.local}`;
    for (const k in c.attrs) {
      if (k === "xmlns" || k.startsWith("xmlns:")) continue;
      s += ` ${k}="${escapeAttr(c.attrs[k])}"`;
    }
    // A void element left open in XML mode swallowed what followed it: put that back after it.
    if (VOID.has(c.local)) s += `>${innerXml(c)}`;
    else s += `>${innerXml(c)}</${c.local}>`;
  }
  return s;
}

/** An element's value as HTML: its text when it holds only text (escaped or CDATA), else markup. */
export function htmlOf(node: XmlNode | null): string {
  if (!node) return "";
  return hasElementChildren(node) ? innerXml(node) : textOf(node);
}
