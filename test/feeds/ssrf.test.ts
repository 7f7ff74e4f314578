import assert from "node:assert/strict";
import { test } from "node:test";
import {
  addressPermitted,
  BlockedAddressError,
  checkConnectedAddress,
  checkUrl,
  classifyAddress,
  guardedLookup,
  isPublicAddress,
} from "../../src/feeds/ssrf.ts";

const refused = [
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["10.1.2.3", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["169.254.169.254", "linkLocal"],
  ["100.64.0.1", "carrierGradeNat"],
  ["0.0.0.0", "unspecified"],
  ["224.0.0.1", "multicast"],
  ["255.255.255.255", "broadcast"],
  ["::1", "loopback"],
  ["::", "unspecified"],
  ["fe80::1", "linkLocal"],
  ["fe80::1%eth0", "linkLocal"],
  ["fc00::1", "uniqueLocal"],
  ["fd12:3456::1", "uniqueLocal"],
  ["ff02::1", "multicast"],
  ["::ffff:127.0.0.1", "ipv4Mapped:loopback"],
  ["::ffff:7f00:1", "ipv4Mapped:loopback"],
  ["[::ffff:127.0.0.1]", "ipv4Mapped:loopback"],
  ["::ffff:10.0.0.1", "ipv4Mapped:private"],
  ["::ffff:169.254.169.254", "ipv4Mapped:linkLocal"],
  ["64:ff9b::7f00:1", "rfc6052:loopback"],
  ["2002:c0a8:0101::1", "6to4:private"],
  ["::7f00:1", "ipv4Compatible"],
  ["not-an-ip", "invalid"],
] as const;

const allowed = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.216.34",
  "172.32.0.1",
  "100.128.0.1",
  "2606:4700:4700::1111",
  "::ffff:8.8.8.8",
];

test("private, loopback, link-local and other special addresses are refused by range", () => {
  for (const [address, range] of refused) {
    const v = classifyAddress(address);
    assert.equal(v.allowed, false, `${address} should be refused`);
    assert.equal(v.range, range, `${address} range`);
  }
});

test("public unicast addresses, including mapped public IPv4, are allowed", () => {
  for (const address of allowed) assert.equal(isPublicAddress(address), true, address);
});

test("IPv4 literals in decimal, octal, hex and short forms are normalised and refused", () => {
  for (const url of [
    "http://127.0.0.1/feed",
    "http://2130706433/feed",
    "http://0x7f000001/feed",
    "http://0177.0.0.1/feed",
    "http://0x7f.1/feed",
    "http://127.1/feed",
    "http://017700000001/",
    "http://[::1]:8080/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a00:1]/",
    "https://169.254.169.254/latest/meta-data/",
    "http://0/",
    "http://192.168.0.1./",
  ]) {
    assert.throws(() => checkUrl(url), BlockedAddressError, url);
  }
});

test("the refusal is one line that names the host and the reason", () => {
  try {
    checkUrl("http://2130706433/feed");
    assert.fail("should throw");
  } catch (err) {
    const msg = (err as Error).message;
    assert.equal(msg.includes("\n"), false);
    assert.match(msg, /127\.0\.0\.1/);
    assert.match(msg, /loopback/);
    assert.match(msg, /allowPrivate/);
  }
});

test("with allowPrivate the operator may reach private literals", () => {
  assert.equal(checkUrl("http://127.0.0.1:8080/x", { allowPrivate: true }).port, "8080");
  assert.equal(checkUrl("http://[::1]/x", { allowPrivate: true }).hostname, "[::1]");
});

test("non-http schemes, credentials and malformed URLs are refused whatever the policy", () => {
  for (const url of [
    "file:///etc/passwd",
    "ftp://example.com/feed",
    "gopher://x/",
    "javascript:1",
  ]) {
    assert.throws(() => checkUrl(url, { allowPrivate: true }), /only http and https/, url);
  }
  assert.throws(() => checkUrl("http://user:pw@example.com/"), /credentials/);
  assert.throws(() => checkUrl("http://exa mple.com/"), /not a valid URL/);
  assert.equal(checkUrl("https://example.com/feed.xml").hostname, "example.com");
});

test("host names are judged after DNS resolution: localhost resolves to loopback and is refused", async () => {
  const lookup = guardedLookup();
  const err = await new Promise<Error | null>((resolve) =>
    lookup("localhost", { family: 4 }, (e) => resolve(e)),
  );
  assert.ok(err instanceof BlockedAddressError);
  assert.match(err.message, /localhost.*loopback/);

  const allowing = guardedLookup({ allowPrivate: true });
  const address = await new Promise<string>((resolve, reject) =>
    allowing("localhost", { family: 4 }, (e, a) => (e ? reject(e) : resolve(a as string))),
  );
  assert.equal(address, "127.0.0.1");
});

test("the connected address is checked too", () => {
  assert.throws(() => checkConnectedAddress("feeds.example", "::ffff:10.0.0.7"), /private/);
  assert.doesNotThrow(() => checkConnectedAddress("feeds.example", "93.184.216.34"));
});

test("allowNetworks opens listed private networks only", () => {
  const policy = { allowNetworks: ["10.20.0.0/16", "fd00:1::/32", "192.168.1.7"] };
  assert.equal(addressPermitted("10.20.3.4", policy).allowed, true);
  assert.equal(addressPermitted("::ffff:10.20.3.4", policy).allowed, true);
  assert.equal(addressPermitted("10.21.0.1", policy).allowed, false);
  assert.equal(addressPermitted("fd00:1:2::5", policy).allowed, true);
  assert.equal(addressPermitted("192.168.1.7", policy).allowed, true);
  assert.equal(addressPermitted("192.168.1.8", policy).allowed, false);
  assert.equal(addressPermitted("169.254.169.254", policy).allowed, false);
  assert.equal(addressPermitted("8.8.8.8", policy).allowed, true);
  assert.equal(checkUrl("http://10.20.0.9/feed", policy).hostname, "10.20.0.9");
  assert.throws(() => checkUrl("http://10.30.0.9/feed", policy), /private address/);
  assert.throws(
    () => checkUrl("http://x.example/", { allowNetworks: ["10.0.0.0/99"] }),
    /allowNetworks: "10\.0\.0\.0\/99"/,
  );
});
