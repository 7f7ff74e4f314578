// Fetches one feed over HTTP(S), politely and safely: conditional GET, connect and total
// timeouts, a byte cap enforced while the body streams in (and on the decompressed size),
// gzip/deflate/brotli, at most N redirects with loop detection, and the SSRF policy of ssrf.ts.
//
// Built on node:http/https rather than the bundled fetch (undici) because the SSRF check needs
// the resolved and the connected IP address: http.request takes a `lookup` hook per request and
// exposes the socket, while Node 20's global fetch offers neither without a custom dispatcher.

import http from "node:http";
import https from "node:https";
import { createRequire } from "node:module";
import type { Socket } from "node:net";
import tls from "node:tls";
import zlib from "node:zlib";
import {
  BlockedAddressError,
  checkConnectedAddress,
  checkUrl,
  guardedLookup,
  type UrlPolicy,
} from "./ssrf.ts";

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export interface FetchOptions {
  /** Let the URL reach private, loopback and link-local addresses (default false). */
  allowPrivate?: boolean;
  /** Private networks (CIDR) the URL may reach without allowPrivate, e.g. ["10.20.0.0/16"]. */
  allowNetworks?: readonly string[];
  /** Time to resolve the host and open the TCP connection, ms (default 10 s). */
  connectTimeoutMs?: number;
  /** Time for the whole fetch, redirects and body included, ms (default 30 s). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes, both as sent and once decompressed (default 10 MB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  userAgent?: string;
  /** Extra trusted certificate authorities (PEM), e.g. an intranet's own CA. */
  ca?: string | Buffer | (string | Buffer)[];
  signal?: AbortSignal;
  /** Clock for Retry-After dates (default Date.now). */
  now?: () => number;
}

export interface FetchResult {
  /** HTTP status of the last response (200, 304, 404, 429, 503...). */
  status: number;
  /** URL of the last response, after redirects. */
  url: string;
  /** Every redirect target in order (empty when there was none). */
  redirects: string[];
  /** The feed's new address when it moved permanently (only 301/308 hops from the start). */
  permanentUrl: string | null;
  /** 304: the feed has not changed since the validators were issued. */
  notModified: boolean;
  /** Decompressed body of a 2xx response, else null. */
  body: Uint8Array | null;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Cache-Control max-age, ms, or null. */
  maxAgeMs: number | null;
  /** Retry-After (seconds or HTTP date) as a delay from now, ms, or null. */
  retryAfterMs: number | null;
}

export type FetchErrorCode =
  | "blocked"
  | "timeout"
  | "too-large"
  | "redirect-loop"
  | "too-many-redirects"
  | "content-type"
  | "decode"
  | "aborted"
  | "network";

/** A fetch that produced no usable HTTP response; the message is one line. */
export class FetchError extends Error {
  override name = "FetchError";
  constructor(
    readonly code: FetchErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const FETCH_DEFAULTS = {
  connectTimeoutMs: 10_000,
  timeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
} as const;

const pkg = createRequire(import.meta.url)("../../package.json") as { version: string };

/**
 * Identifies the engine to the sites it polls. The project has no public homepage to name, so the
 * contact is the operator's (config `contact`: a URL or e-mail address), when they set one.
 */
export function userAgent(contact: string | null = null): string {
  return `Storyline/${pkg.version} (${contact ? `+${contact}; ` : ""}open-source news story engine; feed fetcher)`;
}

export const USER_AGENT = userAgent();

const ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, " +
  "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const PERMANENT = new Set([301, 308]);
// Bodies that are certainly not feeds: refused from the header, before any byte is read.
const NOT_A_FEED = /^(image|audio|video|font)\/|^application\/(pdf|zip|gzip|x-tar|vnd\.)/i;

export async function fetchFeed(
  url: string,
  validators: Validators,
  opts: FetchOptions = {},
): Promise<FetchResult> {
  const o: Opts = {
    ...opts,
    connectTimeoutMs: opts.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs,
    timeoutMs: opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs,
    maxBytes: opts.maxBytes ?? FETCH_DEFAULTS.maxBytes,
    maxRedirects: opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects,
  };
  const policy: UrlPolicy = {
    allowPrivate: o.allowPrivate ?? false,
    allowNetworks: o.allowNetworks,
  };
  let current = toFetchError(() => checkUrl(url, policy));

  // One controller bounds the whole fetch: the total timeout and the caller's signal abort it.
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new FetchError("timeout", `timed out after ${o.timeoutMs} ms fetching ${current.href}`),
      ),
    o.timeoutMs,
  );
  const onCallerAbort = () =>
    controller.abort(new FetchError("aborted", `fetch of ${current.href} was aborted`));
  if (o.signal?.aborted) onCallerAbort();
  o.signal?.addEventListener("abort", onCallerAbort, { once: true });

  try {
    const redirects: string[] = [];
    const seen = new Set([current.href]);
    let permanentUrl: string | null = null;
    let permanentChain = true;
    for (;;) {
      const res = await request(current, validators, o, controller.signal);
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode ?? 0) && location) {
        res.destroy();
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          throw new FetchError("network", `bad redirect Location "${location.slice(0, 200)}"`);
        }
        next.hash = "";
        if (seen.has(next.href)) {
          throw new FetchError("redirect-loop", `redirect loop: ${current.href} -> ${next.href}`);
        }
        if (redirects.length >= o.maxRedirects) {
          throw new FetchError(
            "too-many-redirects",
            `more than ${o.maxRedirects} redirects from ${url}`,
          );
        }
        current = toFetchError(() => checkUrl(next, policy));
        seen.add(next.href);
        redirects.push(next.href);
        permanentChain &&= PERMANENT.has(res.statusCode ?? 0);
        if (permanentChain) permanentUrl = next.href;
        continue;
      }
      return await finish(res, current, redirects, permanentUrl, o, controller.signal);
    }
  } catch (err) {
    if (controller.signal.aborted && controller.signal.reason instanceof FetchError) {
      throw controller.signal.reason;
    }
    throw err instanceof FetchError ? err : networkError(err, current);
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener("abort", onCallerAbort);
  }
}

function toFetchError<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new FetchError("blocked", (err as Error).message);
  }
}

function networkError(err: unknown, url: URL): FetchError {
  if (err instanceof BlockedAddressError) return new FetchError("blocked", err.message);
  return new FetchError("network", `${url.host}: ${describeNetworkError(err)}`);
}

// Plain words for the error codes a feed fetch commonly meets; the code stays in parentheses so
// it can still be searched for.
const PLAIN_ERRORS: Record<string, string> = {
  ENOTFOUND: "DNS lookup failed",
  EAI_AGAIN: "DNS lookup failed temporarily",
  EAI_FAIL: "DNS lookup failed",
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ECONNABORTED: "connection aborted",
  EPIPE: "connection closed while sending",
  ETIMEDOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EPROTO: "TLS handshake failed",
  CERT_HAS_EXPIRED: "TLS certificate has expired",
  CERT_NOT_YET_VALID: "TLS certificate is not valid yet",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate chain ends in a self-signed certificate",
  UNABLE_TO_GET_ISSUER_CERT: "TLS certificate issuer is unknown",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS certificate issuer is unknown",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate cannot be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate is for another host name",
};

/** One line saying why a connection failed, e.g. "DNS lookup failed (ENOTFOUND)". */
export function describeNetworkError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const plain = e.code ? PLAIN_ERRORS[e.code] : undefined;
  const reason = plain
    ? `${plain} (${e.code})`
    : e.code
      ? `${e.code}${e.message && !e.message.includes(e.code) ? ` ${e.message}` : ""}`
      : e.message;
  return String(reason).split("\n")[0];
}

type Opts = FetchOptions & { [K in keyof typeof FETCH_DEFAULTS]: number };

function request(
  url: URL,
  validators: Validators,
  o: Opts,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  const headers: Record<string, string> = {
    "user-agent": o.userAgent ?? USER_AGENT,
    accept: ACCEPT,
    "accept-encoding": "gzip, deflate, br",
  };
  if (validators.etag) headers["if-none-match"] = validators.etag;
  if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  const policy: UrlPolicy = {
    allowPrivate: o.allowPrivate ?? false,
    allowNetworks: o.allowNetworks,
  };
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const req = mod.request(url, {
      method: "GET",
      headers,
      // A fresh connection per fetch, so every connection goes through the guarded lookup.
      agent: false,
      lookup: guardedLookup(policy),
      // `ca` replaces Node's root store, so the extra authorities are added to it.
      ...(o.ca && url.protocol === "https:"
        ? { ca: [...tls.rootCertificates, ...(Array.isArray(o.ca) ? o.ca : [o.ca])] }
        : {}),
    });
    const onAbort = () => req.destroy(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    req.on("socket", (socket: Socket) => {
      if (!socket.connecting) return;
      const connectTimer = setTimeout(
        () =>
          req.destroy(
            new FetchError(
              "timeout",
              `could not connect to ${url.host} within ${o.connectTimeoutMs} ms`,
            ),
          ),
        o.connectTimeoutMs,
      );
      socket.once("connect", () => {
        clearTimeout(connectTimer);
        if (policy.allowPrivate) return;
        try {
          checkConnectedAddress(url.hostname, socket.remoteAddress, policy);
        } catch (err) {
          req.destroy(err as Error);
        }
      });
      socket.once("close", () => clearTimeout(connectTimer));
    });
    req.on("response", (res) => {
      signal.removeEventListener("abort", onAbort);
      signal.addEventListener("abort", () => res.destroy(signal.reason), { once: true });
      resolve(res);
    });
    req.on("error", (err) => {
      signal.removeEventListener("abort", onAbort);
      reject(err);
    });
    req.end();
  });
}

async function finish(
  res: http.IncomingMessage,
  url: URL,
  redirects: string[],
  permanentUrl: string | null,
  o: Opts,
  signal: AbortSignal,
): Promise<FetchResult> {
  const status = res.statusCode ?? 0;
  const h = res.headers;
  const contentType = h["content-type"] ?? null;
  const result: FetchResult = {
    status,
    url: url.href,
    redirects,
    permanentUrl,
    notModified: status === 304,
    body: null,
    contentType,
    etag: h.etag ?? null,
    lastModified: h["last-modified"] ?? null,
    maxAgeMs: parseFreshness(h["cache-control"], h.expires, h.date, (o.now ?? Date.now)()),
    retryAfterMs: parseRetryAfter(h["retry-after"], (o.now ?? Date.now)()),
  };
  if (status < 200 || status >= 300) {
    res.destroy();
    return result;
  }
  if (contentType && NOT_A_FEED.test(contentType.trim())) {
    res.destroy();
    throw new FetchError("content-type", `${url.href} is ${contentType.split(";")[0]}, not a feed`);
  }
  const declared = Number(h["content-length"]);
  if (Number.isFinite(declared) && declared > o.maxBytes) {
    res.destroy();
    throw tooLarge(url, o.maxBytes);
  }
  const raw = await readCapped(res, o.maxBytes, url, signal);
  result.body = await decode(raw, h["content-encoding"], o.maxBytes, url);
  return result;
}

function tooLarge(url: URL, maxBytes: number): FetchError {
  return new FetchError("too-large", `${url.href} is larger than ${maxBytes} bytes; cut off`);
}

/** Reads a body, destroying the stream as soon as it passes maxBytes (endless bodies included). */
function readCapped(
  res: http.IncomingMessage,
  maxBytes: number,
  url: URL,
  signal: AbortSignal,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Reject first: destroying closes the stream, which must not win the race.
        reject(tooLarge(url, maxBytes));
        res.destroy();
        return;
      }
      chunks.push(chunk);
    });
    res.on("end", () => resolve(Buffer.concat(chunks, size)));
    res.on("error", (err) =>
      reject(
        signal.aborted
          ? signal.reason
          : new FetchError(
              "network",
              `${url.host} closed the connection mid-body (${describeNetworkError(err)})`,
            ),
      ),
    );
    // A body cut short ends in "close" without "end" (and, depending on timing, an "error").
    res.on("close", () => {
      if (!res.complete) {
        reject(
          signal.aborted
            ? signal.reason
            : new FetchError("network", `${url.host} closed the connection mid-body`),
        );
      }
    });
  });
}

type Inflate = (
  buf: Buffer,
  opts: zlib.ZlibOptions,
  cb: (e: Error | null, r: Buffer) => void,
) => void;

/** Decompresses off the main thread, refusing output beyond maxBytes (zip bombs). */
async function decode(
  raw: Buffer,
  encoding: string | undefined,
  maxBytes: number,
  url: URL,
): Promise<Uint8Array> {
  const enc = (encoding ?? "").trim().toLowerCase();
  if (enc === "" || enc === "identity") return raw;
  const run = (f: Inflate) =>
    new Promise<Buffer>((resolve, reject) =>
      f(raw, { maxOutputLength: maxBytes }, (e, r) => (e ? reject(e) : resolve(r))),
    );
  try {
    if (enc === "gzip" || enc === "x-gzip") return await run(zlib.gunzip as Inflate);
    if (enc === "br") return await run(zlib.brotliDecompress as Inflate);
    if (enc === "deflate") {
      // "deflate" should be zlib-wrapped, but some servers send raw deflate: try both.
      try {
        return await run(zlib.inflate as Inflate);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw err;
        return await run(zlib.inflateRaw as Inflate);
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw tooLarge(url, maxBytes);
    throw new FetchError(
      "decode",
      `${url.href}: cannot decompress ${enc} body (${(err as Error).message})`,
    );
  }
  throw new FetchError("decode", `${url.href}: unsupported Content-Encoding "${enc}"`);
}

/** Cache-Control max-age in ms; null when absent or when the response must not be reused. */
export function parseMaxAge(cacheControl: string | undefined | null): number | null {
  if (!cacheControl) return null;
  const m = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  if (!m) return null;
  return Number(m[1]) * 1000;
}

/**
 * How long the response stays fresh, ms: Cache-Control max-age, else Expires measured against the
 * server's Date header (so clock skew does not matter), else null. no-store/no-cache: null.
 */
export function parseFreshness(
  cacheControl: string | undefined | null,
  expires: string | undefined | null,
  date: string | undefined | null,
  now: number,
): number | null {
  if (cacheControl && /(?:^|[,\s])no-(?:store|cache)\b/i.test(cacheControl)) return null;
  const maxAge = parseMaxAge(cacheControl);
  if (maxAge !== null || !expires) return maxAge;
  const at = Date.parse(expires);
  if (Number.isNaN(at)) return null;
  const served = date ? Date.parse(date) : Number.NaN;
  return Math.max(0, at - (Number.isNaN(served) ? now : served));
}

/** Retry-After as a delay in ms from `now`: delta-seconds or an HTTP date; null if unreadable. */
export function parseRetryAfter(value: string | undefined | null, now: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
