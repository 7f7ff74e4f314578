// Canonical URLs: the identity key the store deduplicates articles by. It is a key, not a link:
// show `Article.url` to people. Rules (docs/store.md):
// - only http(s) URLs have one; anything else (or an unparsable string) gives null;
// - the scheme becomes https (the same article is often linked over both) and the host is
//   lowercased without a leading "www." and without a trailing dot; default ports, user info and
//   the fragment are dropped;
// - the path keeps its case; a trailing slash is removed (except for the root "/"), and so are
//   repeated slashes;
// - tracking parameters (utm_*, fbclid, gclid, ...) are removed, the rest sorted by name then value
//   (stable), and an empty query disappears.

/** Query parameters that only track the click and never select content (compared lowercased). */
const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "gclsrc",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "yclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "mkt_tok",
  "ref",
  "ref_src",
  "ref_url",
  "referrer",
  "cmpid",
  "cmp",
  "_ga",
  "_gl",
  "_hsenc",
  "_hsmi",
  "__hstc",
  "__hssc",
  "__hsfp",
  "hsctatracking",
  "ocid",
  "ncid",
  "icid",
  "smid",
  "sr_share",
  "share",
  "spm",
  "s_kwcid",
  "twclid",
  "ttclid",
  "li_fat_id",
  "oly_anr_id",
  "oly_enc_id",
  "rb_clickid",
  "vero_id",
  "vero_conv",
  "wt.mc_id",
  "wt_mc_id",
  "ito",
  "at_medium",
  "at_campaign",
  "at_custom1",
  "at_custom2",
  "at_custom3",
  "at_custom4",
  "taid",
  "cid_source",
  "xtor",
]);

/** Parameter prefixes that are tracking families (utm_source, utm_medium, ..., pk_campaign, ...). */
const TRACKING_PREFIXES = ["utm_", "pk_", "mtm_", "itm_", "hmb_", "__twitter"];

const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

/** True when a query parameter name only tracks the click. */
export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/** The canonical form of an http(s) URL (see the rules above), or null when it has none. */
export function canonicalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  if (u.port === DEFAULT_PORTS[u.protocol]) u.port = "";
  let host = u.hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("www.") && host.length > 4) host = host.slice(4);
  if (!host) return null;
  const port = u.port ? `:${u.port}` : "";

  let path = u.pathname.replace(/\/{2,}/g, "/");
  if (path.length > 1 && path.endsWith("/")) path = path.replace(/\/+$/, "") || "/";

  const params = [...u.searchParams].filter(([k]) => k !== "" && !isTrackingParam(k));
  params.sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0,
  );
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : "";

  return `https://${host}${port}${path}${query}`;
}

/** The host of a URL without "www." (for coverage by domain), or null. */
export function urlDomain(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/\.$/, "");
    return host.startsWith("www.") ? host.slice(4) : host || null;
  } catch {
    return null;
  }
}
