// Keeps user-added feed URLs from reaching the operator's own network (SSRF): only public
// unicast addresses are allowed unless the operator switches `allowPrivate` on. The address is
// checked on the URL's literal host, on every DNS answer (through the `lookup` hook of node:http)
// and on the socket's connected address, for the first request and every redirect.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** A URL or address the policy refuses; the message is one line naming the host and why. */
export class BlockedAddressError extends Error {
  override name = "BlockedAddressError";
  readonly code = "EBLOCKED";
}

export interface AddressVerdict {
  allowed: boolean;
  /** ipaddr.js range name ("unicast", "loopback", "private", ...) or "invalid". */
  range: string;
  /** The address actually judged (an embedded IPv4 for mapped/translated IPv6 forms). */
  address: string;
}

// IPv6 forms that carry an IPv4 address in their low 32 bits: judge that IPv4 instead.
const EMBEDS_IPV4 = new Set(["ipv4Mapped", "rfc6145", "rfc6052"]);

/** Classifies one IP address (v4 or v6, as text) by the range it belongs to. */
export function classifyAddress(address: string): AddressVerdict {
  const text = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  // Zone ids (fe80::1%eth0) only occur on link-local addresses: judge the address part.
  const bare = text.split("%")[0];
  if (!ipaddr.isValid(bare)) return { allowed: false, range: "invalid", address: text };
  const ip = ipaddr.parse(bare);
  if (ip.kind() === "ipv6") {
    const v6 = ip as ipaddr.IPv6;
    const range = v6.range();
    if (EMBEDS_IPV4.has(range)) {
      const parts = v6.parts;
      const v4 = new ipaddr.IPv4([parts[6] >> 8, parts[6] & 255, parts[7] >> 8, parts[7] & 255]);
      return judge(v4, v4.toString(), range);
    }
    if (range === "6to4") {
      const parts = v6.parts;
      const v4 = new ipaddr.IPv4([parts[1] >> 8, parts[1] & 255, parts[2] >> 8, parts[2] & 255]);
      return judge(v4, v4.toString(), range);
    }
    // Deprecated IPv4-compatible addresses (::a.b.c.d): never a public feed server.
    if (range === "unicast" && v6.parts.slice(0, 6).every((p) => p === 0)) {
      return { allowed: false, range: "ipv4Compatible", address: v6.toString() };
    }
    return { allowed: range === "unicast", range, address: v6.toString() };
  }
  const v4 = ip as ipaddr.IPv4;
  return { allowed: v4.range() === "unicast", range: v4.range(), address: v4.toString() };
}

function judge(v4: ipaddr.IPv4, address: string, via: string): AddressVerdict {
  const range = v4.range();
  return {
    allowed: range === "unicast",
    range: range === "unicast" ? "unicast" : `${via}:${range}`,
    address,
  };
}

/** True when `address` is a public unicast address a user-added feed may reach. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address).allowed;
}

export interface UrlPolicy {
  /** Let feeds reach private, loopback and link-local addresses (operator's choice). */
  allowPrivate?: boolean;
  /**
   * Networks (CIDR, e.g. "10.20.0.0/16", or single addresses) feeds may reach although they are
   * not public: an intranet's feed server without opening everything else (cloud metadata...).
   */
  allowNetworks?: readonly string[];
}

type Network = [ipaddr.IPv4 | ipaddr.IPv6, number];
const parsedNetworks = new WeakMap<readonly string[], Network[]>();

/** Parses allowNetworks once per list; an unreadable entry is a one-line error. */
function networksOf(list: readonly string[] | undefined): Network[] {
  if (!list || list.length === 0) return [];
  let nets = parsedNetworks.get(list);
  if (!nets) {
    nets = list.map((entry) => {
      const text = entry.trim();
      try {
        if (text.includes("/")) return ipaddr.parseCIDR(text);
        const ip = ipaddr.parse(text);
        return [ip, ip.kind() === "ipv4" ? 32 : 128] as Network;
      } catch {
        throw new BlockedAddressError(`allowNetworks: "${text}" is not an address or CIDR network`);
      }
    });
    parsedNetworks.set(list, nets);
  }
  return nets;
}

/** The policy's answer for one address (the embedded IPv4 of mapped forms is what is matched). */
export function addressPermitted(address: string, policy: UrlPolicy = {}): AddressVerdict {
  const verdict = classifyAddress(address);
  if (verdict.allowed || policy.allowPrivate) return { ...verdict, allowed: true };
  if (verdict.range === "invalid") return verdict;
  const ip = ipaddr.parse(verdict.address);
  for (const [net, bits] of networksOf(policy.allowNetworks)) {
    if (ip.kind() === net.kind() && ip.match(net, bits)) return { ...verdict, allowed: true };
  }
  return verdict;
}

/**
 * Parses and checks a feed URL before any connection: http(s) only, no credentials, and when the
 * host is an IP literal (in any form the URL standard accepts: 2130706433, 0x7f.1, [::1]...) it
 * must be public. Host names are checked after DNS resolution by `guardedLookup`.
 */
export function checkUrl(raw: string | URL, policy: UrlPolicy = {}): URL {
  let url: URL;
  try {
    url = typeof raw === "string" ? new URL(raw) : raw;
  } catch {
    throw new BlockedAddressError(`not a valid URL: ${String(raw).slice(0, 200)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new BlockedAddressError(`only http and https feed URLs are fetched, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new BlockedAddressError(`feed URLs with credentials are refused: ${url.host}`);
  }
  networksOf(policy.allowNetworks); // a bad entry fails here, before any request
  if (!policy.allowPrivate) {
    const host = url.hostname;
    const literal = host.startsWith("[") ? host.slice(1, -1) : host;
    if (ipaddr.isValid(literal)) {
      const verdict = addressPermitted(literal, policy);
      if (!verdict.allowed) throw blocked(host, verdict);
    }
  }
  return url;
}

function blocked(host: string, verdict: AddressVerdict): BlockedAddressError {
  const what = verdict.address === host ? host : `${host} (${verdict.address})`;
  return new BlockedAddressError(
    `refused to connect to ${what}: ${verdict.range} address (set allowPrivate to permit)`,
  );
}

/**
 * A `lookup` for node:http(s) requests that resolves like dns.lookup and fails when any answer is
 * not public, so a connection to a private address is never opened (and a host name that resolves
 * to a mix of public and private addresses is refused as a whole: a DNS-rebinding trick).
 */
export function guardedLookup(policy: UrlPolicy = {}): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, options.all ? [] : "", 0);
      if (!policy.allowPrivate) {
        for (const a of addresses) {
          const verdict = addressPermitted(a.address, policy);
          if (!verdict.allowed)
            return callback(blocked(hostname, verdict), options.all ? [] : "", 0);
        }
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), "", 0);
      callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** Checks the address a socket actually connected to; throws BlockedAddressError if refused. */
export function checkConnectedAddress(
  host: string,
  remoteAddress: string | undefined,
  policy: UrlPolicy = {},
): void {
  if (!remoteAddress) return;
  const verdict = addressPermitted(remoteAddress, policy);
  if (!verdict.allowed) throw blocked(host, verdict);
}
