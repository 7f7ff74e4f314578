// Turning untrusted search text into a safe full-text query, and FTS snippets into safe HTML.
// Shared by both backends.

/** Markers the backends put around matches in raw snippets (control characters never shown). */
export const MARK_START = "\u0002";
export const MARK_END = "\u0003";

/** At most this many terms are taken from a query (longer ones are cut, not rejected). */
const MAX_TERMS = 16;

/** The words of a user query (letters, digits; lowercased), deduplicated, in order. */
export function queryTerms(q: string): string[] {
  const terms = (
    q
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).filter((t) => t.length <= 64);
  return [...new Set(terms)].slice(0, MAX_TERMS);
}

/**
 * An SQLite FTS5 MATCH expression for the terms: each quoted (so no FTS syntax survives), all
 * required ("and") or any ("or"); null when there is nothing to search.
 */
export function fts5Query(terms: string[], mode: "and" | "or"): string | null {
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(mode === "and" ? " " : " OR ");
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A raw snippet with MARK_START/MARK_END around matches -> escaped HTML with <mark> tags. */
export function snippetHtml(raw: string): string {
  // Balanced markers only: a stray one (from stored text) is dropped, never an unclosed <mark>.
  let out = "";
  let open = false;
  for (const part of raw.split(/([\u0002\u0003])/)) {
    if (part === MARK_START) {
      if (!open) out += "<mark>";
      open = true;
    } else if (part === MARK_END) {
      if (open) out += "</mark>";
      open = false;
    } else {
      out += escapeHtml(part.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ""));
    }
  }
  return open ? `${out}</mark>` : out;
}
