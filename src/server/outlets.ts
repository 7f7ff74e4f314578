// Outlet facts (name, country, type) looked up by an article's domain, for the coverage facets.
// The table is src/server/outlets.json: 528 outlets from kagisearch/kite-public (MIT), reduced
// to the columns used here.
import table from "./outlets.json" with { type: "json" };

export interface Outlet {
  name: string;
  country: string | null;
  type: string | null;
  domains: string[];
}

const byDomain = new Map<string, Outlet>();
for (const o of table as Outlet[]) {
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

export function outletOf(article: { url: string | null; source: string | null }): ArticleOutlet {
  const domain = domainOf(article.url);
  const o = outletForDomain(domain);
  return {
    name: o?.name ?? article.source ?? domain ?? "unknown",
    domain,
    country: o?.country ?? null,
    type: o?.type ?? null,
  };
}
