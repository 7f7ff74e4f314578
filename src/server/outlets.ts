// Outlet facts (name, country, type) looked up by an article's domain, for the coverage facets.
// The table is src/server/outlets.json: 528 outlets from kagisearch/kite-public (MIT), reduced
// to the columns used here. That table lacks some of the most syndicated outlets (CNN, Fox News,
// the Telegraph, the Washington Post...), whose articles would count as "unknown" country in the
// coverage facets and the diversity rank: src/server/outlets-added.json adds them, written by hand.

import table from "./outlets.json" with { type: "json" };
import added from "./outlets-added.json" with { type: "json" };

export interface Outlet {
  name: string;
  country: string | null;
  type: string | null;
  domains: string[];
}

const byDomain = new Map<string, Outlet>();
for (const o of [...(table as Outlet[]), ...(added as Outlet[])]) {
  for (const d of o.domains) byDomain.set(d.toLowerCase().replace(/^www\./, ""), o);
}

/** Host of a URL without "www.", lower-cased, or null when the URL does not parse. */
export function domainOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host.replace(/^www\./, "") || null;
  } catch {
    return null;
  }
}

/** The outlet owning a domain or one of its parent domains (edition.cnn.com -> cnn.com). */
export function outletForDomain(domain: string | null): Outlet | null {
  if (!domain) return null;
  let d = domain;
  for (;;) {
    const hit = byDomain.get(d);
    if (hit) return hit;
    const dot = d.indexOf(".");
    if (dot < 0 || d.indexOf(".", dot + 1) < 0) return null;
    d = d.slice(dot + 1);
  }
}

export interface ArticleOutlet {
  /** Display name: the outlet's name, else the article's source, else its domain. */
  name: string;
  domain: string | null;
  country: string | null;
  type: string | null;
}

/** A feed's source name for display: a bare host loses "www." and is lower-cased. */
export function sourceName(source: string | null): string | null {
  if (source === null) return null;
  const s = source.trim();
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(s)) return s.toLowerCase().replace(/^www\./, "");
  return s || null;
}

export function outletOf(article: { url: string | null; source: string | null }): ArticleOutlet {
  const domain = domainOf(article.url);
  const o = outletForDomain(domain);
  return {
    name: o?.name ?? sourceName(article.source) ?? domain ?? "unknown",
    domain,
    country: o?.country ?? null,
    type: o?.type ?? null,
  };
}

const bare = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/^www\./, "");
/** "The Guardian" and "guardian" name the same outlet. */
const nameKey = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/^the\s+/, "");

/**
 * A test for the `source` filter: does a coverage row (feed source name and article domain) belong
 * to the outlet the user typed? Accepts the outlet's name or its domain in any case, with or
 * without "www." or a scheme; the outlet table ties names and domains together where it knows
 * the outlet ("The Guardian" matches articles on theguardian.com whatever the feed called itself).
 */
export function outletMatcher(
  input: string,
): (row: { source: string | null; domain: string | null }) => boolean {
  const host = bare(input);
  const name = nameKey(input);
  const onHost = (domain: string | null) =>
    domain !== null && host !== "" && (domain === host || domain.endsWith(`.${host}`));
  return (row) => {
    const domain = row.domain ? bare(row.domain) : null;
    if (onHost(domain)) return true;
    if (row.source !== null && (nameKey(row.source) === name || bare(row.source) === host))
      return true;
    const outlet = outletForDomain(domain);
    if (!outlet) return false;
    return nameKey(outlet.name) === name || outlet.domains.some((d) => bare(d) === host);
  };
}
