// An article as the engine keeps it, after normalisation.

export interface Article {
  /** Engine-wide id (stable; from the store, or the input file's id for batch runs). */
  id: string;
  title: string;
  /** Plain-text lede/excerpt/body (may be empty). */
  text: string;
  /** Outlet name or host, or null. */
  source: string | null;
  url: string | null;
  /** Canonical URL (tracking parameters removed, scheme/host normalised), or null. */
  canonicalUrl: string | null;
  /** Epoch milliseconds, or null when the feed gave no time. */
  published: number | null;
  lang: string | null;
}
