// Article ids and page cursors shared by both backends, so that the same input gives the same ids
// and cursors on SQLite and PostgreSQL.

import { createHash } from "node:crypto";
import type { NewArticle } from "./types.ts";

/**
 * A stable id for a new article: a 64-bit hash (16 hex digits, prefixed "a") of its canonical URL,
 * else of (feed, guid), else of title + time. Re-ingesting the same item after a crash therefore
 * gives the same id.
 */
export function deriveArticleId(item: NewArticle, canonical: string | null): string {
  const key = canonical
    ? `u:${canonical}`
    : item.guid
      ? `g:${item.feedId ?? ""}:${item.guid}`
      : `t:${item.source ?? ""}:${item.title}:${item.published ?? item.fetchedAt}`;
  return `a${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}

/** Position after the last story of a page (stories are ordered by lastSeen desc, id desc). */
export interface StoryCursor {
  lastSeen: number;
  id: string;
}

export function encodeCursor(c: StoryCursor): string {
  return Buffer.from(JSON.stringify([c.lastSeen, c.id])).toString("base64url");
}

/** Decodes a cursor; a malformed one throws a one-line error (the server answers 400). */
export function decodeCursor(s: string): StoryCursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 2 && Number.isFinite(v[0]) && typeof v[1] === "string") {
      return { lastSeen: v[0], id: v[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError("invalid cursor");
}

/** A cursor that did not come from a previous page. */
export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
}
