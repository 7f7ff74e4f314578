// Conditional GET for every page, feed and API answer: an ETag from the body's bytes, and 304
// Not Modified when the client sends it back in If-None-Match. Feed readers poll /feed.rss every
// few minutes; without this each poll downloads the whole feed again.
import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

/** Strong validator: the same bytes give the same tag, whichever process serves them. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

/** If-None-Match matches when it is `*` or lists the tag (weak comparison, RFC 9110 13.1.2). */
export function matches(ifNoneMatch: string, tag: string): boolean {
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === tag);
}

/** onSend hook: tags successful GET/HEAD bodies (streams such as SSE are left alone). */
export async function conditionalGet(
  req: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  if (req.method !== "GET" && req.method !== "HEAD") return payload;
  if (reply.statusCode !== 200) return payload;
  if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return payload;
  const tag = etagOf(payload);
  reply.header("etag", tag);
  const inm = req.headers["if-none-match"];
  if (inm && matches(inm, tag)) {
    reply.code(304);
    reply.removeHeader("content-length");
    return "";
  }
  return payload;
}
