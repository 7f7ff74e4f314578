import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import https from "node:https";
import net, { type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import zlib from "node:zlib";
import { loadConfig } from "../../src/config.ts";
import {
  FetchError,
  type FetchOptions,
  fetchFeed,
  parseFreshness,
  parseMaxAge,
  parseRetryAfter,
  userAgent,
} from "../../src/feeds/fetch.ts";
import { pollerOptionsFromConfig } from "../../src/workers/fetch-worker.ts";
import { type FixtureServer, rss, startServer } from "./http-fixture.ts";

let srv: FixtureServer;
const none = { etag: null, lastModified: null };
// Only 127.0.0.1 is ever contacted, with the operator's allowance switched on.
const local: FetchOptions = { allowPrivate: true, timeoutMs: 2000, connectTimeoutMs: 1000 };
const feed = rss(3);

before(async () => {
  srv = await startServer();
});
after(() => srv.close());

async function rejects(p: Promise<unknown>, code: string): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof FetchError, `expected a FetchError, got ${err}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.message.includes("\n"), false);
    return err;
  }
  assert.fail(`expected a ${code} error`);
}

test("a 200 returns the body, validators and caching hints, and names Storyline", async () => {
  srv.route("/ok.xml", (_req, res) => {
    res.writeHead(200, {
      "content-type": "application/rss+xml; charset=utf-8",
      etag: '"v1"',
      "last-modified": "Sat, 10 Jan 2026 12:00:00 GMT",
      "cache-control": "public, max-age=600",
    });
    res.end(feed);
  });
  const r = await fetchFeed(srv.url("/ok.xml"), none, local);
  assert.equal(r.status, 200);
  assert.equal(Buffer.from(r.body!).toString("utf8"), feed);
  assert.equal(r.etag, '"v1"');
  assert.equal(r.lastModified, "Sat, 10 Jan 2026 12:00:00 GMT");
  assert.equal(r.maxAgeMs, 600_000);
  assert.equal(r.notModified, false);
  const ua = srv.hits("/ok.xml")[0].headers["user-agent"] ?? "";
  assert.match(ua, /^Storyline\/\d+\.\d+\.\d+ /);
  assert.match(srv.hits("/ok.xml")[0].headers["accept-encoding"] ?? "", /gzip.*br/);
});

test("the User-Agent carries the operator's contact when configured, and no made-up URL otherwise", async () => {
  srv.route("/ua.xml", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.end(feed);
  });
  await fetchFeed(srv.url("/ua.xml"), none, local);
  const config = loadConfig({ env: { STORYLINE_CONTACT: "https://news.example.org/about" } });
  await fetchFeed(srv.url("/ua.xml"), none, {
    ...local,
    userAgent: pollerOptionsFromConfig(config).fetch?.userAgent,
  });
  const [plain, withContact] = srv.hits("/ua.xml").map((h) => h.headers["user-agent"] ?? "");
  assert.match(plain, /^Storyline\/\d+\.\d+\.\d+ \(open-source news story engine; feed fetcher\)$/);
  assert.doesNotMatch(plain, /\+|https?:/);
  assert.match(withContact, /^Storyline\/\S+ \(\+https:\/\/news\.example\.org\/about; /);
  assert.equal(userAgent("ops@example.org").includes("(+ops@example.org; "), true);
  assert.throws(
    () => loadConfig({ env: { STORYLINE_CONTACT: "call me (maybe)" } }),
    /STORYLINE_CONTACT.*http\(s\) URL or an e-mail address/,
  );
});

test("a second fetch sends If-None-Match and If-Modified-Since and gets a 304", async () => {
  const lastModified = "Sat, 10 Jan 2026 12:00:00 GMT";
  srv.route("/cond.xml", (req, res) => {
    if (
      req.headers["if-none-match"] === '"abc"' &&
      req.headers["if-modified-since"] === lastModified
    ) {
      res.writeHead(304, { etag: '"abc"' });
      res.end();
      return;
    }
    res.writeHead(200, {
      "content-type": "application/rss+xml",
      etag: '"abc"',
      "last-modified": lastModified,
    });
    res.end(feed);
  });
  const first = await fetchFeed(srv.url("/cond.xml"), none, local);
  assert.equal(first.status, 200);
  const second = await fetchFeed(
    srv.url("/cond.xml"),
    { etag: first.etag, lastModified: first.lastModified },
    local,
  );
  assert.equal(second.status, 304);
  assert.equal(second.notModified, true);
  assert.equal(second.body, null);
  const hits = srv.hits("/cond.xml");
  assert.equal(hits.length, 2);
  assert.equal(hits[0].headers["if-none-match"], undefined);
  assert.equal(hits[1].headers["if-none-match"], '"abc"');
  assert.equal(hits[1].headers["if-modified-since"], lastModified);
});

test("error statuses come back as results without a body", async () => {
  srv.route("/gone", (_req, res) => {
    res.writeHead(410, { "content-type": "text/html" });
    res.end("<h1>gone</h1>");
  });
  srv.route("/boom", (_req, res) => {
    res.writeHead(500);
    res.end("oops");
  });
  assert.equal((await fetchFeed(srv.url("/gone"), none, local)).status, 410);
  const r = await fetchFeed(srv.url("/boom"), none, local);
  assert.equal(r.status, 500);
  assert.equal(r.body, null);
  assert.equal((await fetchFeed(srv.url("/no-such-path"), none, local)).status, 404);
});

test("429 and 503 carry Retry-After in seconds and as an HTTP date", async () => {
  const now = Date.UTC(2026, 0, 10, 12, 0, 0);
  srv.route("/busy", (_req, res) => {
    res.writeHead(429, { "retry-after": "120" });
    res.end();
  });
  srv.route("/down", (_req, res) => {
    res.writeHead(503, { "retry-after": new Date(now + 3_600_000).toUTCString() });
    res.end();
  });
  const busy = await fetchFeed(srv.url("/busy"), none, { ...local, now: () => now });
  assert.equal(busy.status, 429);
  assert.equal(busy.retryAfterMs, 120_000);
  const down = await fetchFeed(srv.url("/down"), none, { ...local, now: () => now });
  assert.equal(down.status, 503);
  assert.equal(down.retryAfterMs, 3_600_000);
});

test("a redirect chain is followed; only an all-permanent start is reported as the new URL", async () => {
  const body = (_req: unknown, res: import("node:http").ServerResponse) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.end(feed);
  };
  const redirect =
    (status: number, to: string) => (_req: unknown, res: import("node:http").ServerResponse) => {
      res.writeHead(status, { location: to });
      res.end();
    };
  srv.route("/final.xml", body);
  srv.route("/p1", redirect(301, "/p2"));
  srv.route("/p2", redirect(308, srv.url("/final.xml")));
  srv.route("/t1", redirect(302, "/p2"));
  srv.route("/m1", redirect(301, "/t2"));
  srv.route("/t2", redirect(307, "/final.xml"));

  const all = await fetchFeed(srv.url("/p1"), none, local);
  assert.equal(all.status, 200);
  assert.equal(all.url, srv.url("/final.xml"));
  assert.deepEqual(all.redirects, [srv.url("/p2"), srv.url("/final.xml")]);
  assert.equal(all.permanentUrl, srv.url("/final.xml"));

  const temp = await fetchFeed(srv.url("/t1"), none, local);
  assert.equal(temp.url, srv.url("/final.xml"));
  assert.equal(temp.permanentUrl, null);

  const mixed = await fetchFeed(srv.url("/m1"), none, local);
  assert.equal(mixed.permanentUrl, srv.url("/t2"));
});

test("redirect loops and more than 5 redirects fail with a clear error; exactly 5 is fine", async () => {
  srv.route("/loop-a", (_req, res) => {
    res.writeHead(302, { location: "/loop-b" });
    res.end();
  });
  srv.route("/loop-b", (_req, res) => {
    res.writeHead(302, { location: "/loop-a" });
    res.end();
  });
  for (let i = 0; i < 7; i++) {
    srv.route(`/hop${i}`, (_req, res) => {
      if (i === 6) {
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.end(feed);
        return;
      }
      res.writeHead(302, { location: `/hop${i + 1}` });
      res.end();
    });
  }
  const loop = await rejects(fetchFeed(srv.url("/loop-a"), none, local), "redirect-loop");
  assert.match(loop.message, /loop-b -> .*loop-a/);
  await rejects(fetchFeed(srv.url("/hop0"), none, local), "too-many-redirects");
  const five = await fetchFeed(srv.url("/hop1"), none, local);
  assert.equal(five.status, 200);
  assert.equal(five.redirects.length, 5);
});

test("a redirect to another scheme is refused on the hop itself", async () => {
  srv.route("/to-file", (_req, res) => {
    res.writeHead(302, { location: "file:///etc/passwd" });
    res.end();
  });
  await rejects(fetchFeed(srv.url("/to-file"), none, local), "blocked");
});

test("without allowPrivate a 127.0.0.1 or localhost URL is refused before any request", async () => {
  srv.route("/private.xml", (_req, res) => {
    res.writeHead(200);
    res.end(feed);
  });
  const literal = await rejects(
    fetchFeed(srv.url("/private.xml"), none, { timeoutMs: 2000 }),
    "blocked",
  );
  assert.match(literal.message, /loopback/);
  const named = srv.url("/private.xml").replace("127.0.0.1", "localhost");
  const resolved = await rejects(fetchFeed(named, none, { timeoutMs: 2000 }), "blocked");
  assert.match(resolved.message, /localhost.*loopback/);
  assert.equal(srv.hits("/private.xml").length, 0);
});

test("a server that is slow to answer or to send its body hits the total timeout", async () => {
  srv.route("/slow-headers", (_req, res) => {
    setTimeout(() => {
      if (!res.destroyed) res.end(feed);
    }, 3000).unref();
  });
  srv.route("/slow-body", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.write("<rss>");
    const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(" ")), 50);
    t.unref();
  });
  const t0 = performance.now();
  const e = await rejects(
    fetchFeed(srv.url("/slow-headers"), none, { ...local, timeoutMs: 300 }),
    "timeout",
  );
  assert.match(e.message, /timed out after 300 ms/);
  await rejects(fetchFeed(srv.url("/slow-body"), none, { ...local, timeoutMs: 300 }), "timeout");
  assert.ok(performance.now() - t0 < 2000, "both timeouts fire promptly");
});

test("an endless response is cut off at the size cap, not buffered", async () => {
  let sent = 0;
  srv.route("/endless", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) sent += chunk.length;
      if (!res.destroyed) res.once("drain", pump);
    };
    pump();
  });
  const e = await rejects(
    fetchFeed(srv.url("/endless"), none, { ...local, maxBytes: 256 * 1024 }),
    "too-large",
  );
  assert.match(e.message, /larger than 262144 bytes/);
  assert.ok(sent < 16 * 1024 * 1024, `server stopped being read early (sent ${sent})`);
});

test("a declared Content-Length over the cap is refused from the header", async () => {
  srv.route("/huge", (_req, res) => {
    res.writeHead(200, {
      "content-type": "application/rss+xml",
      "content-length": String(100 * 1024 * 1024),
    });
    res.write("<rss>");
  });
  await rejects(
    fetchFeed(srv.url("/huge"), none, { ...local, maxBytes: 1024 * 1024 }),
    "too-large",
  );
});

test("gzip, deflate (wrapped and raw) and brotli bodies are decompressed", async () => {
  const encoders: Record<string, (b: Buffer) => Buffer> = {
    gzip: zlib.gzipSync,
    deflate: zlib.deflateSync,
    "deflate-raw": zlib.deflateRawSync,
    br: zlib.brotliCompressSync,
  };
  for (const [name, encode] of Object.entries(encoders)) {
    srv.route(`/enc-${name}`, (_req, res) => {
      res.writeHead(200, {
        "content-type": "application/rss+xml",
        "content-encoding": name === "deflate-raw" ? "deflate" : name,
      });
      res.end(encode(Buffer.from(feed)));
    });
    const r = await fetchFeed(srv.url(`/enc-${name}`), none, local);
    assert.equal(Buffer.from(r.body!).toString("utf8"), feed, name);
  }
});

test("a compressed bomb is stopped at the decompressed size cap", async () => {
  const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024));
  srv.route("/bomb", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": "gzip" });
    res.end(bomb);
  });
  assert.ok(bomb.length < 1024 * 1024);
  await rejects(
    fetchFeed(srv.url("/bomb"), none, { ...local, maxBytes: 1024 * 1024 }),
    "too-large",
  );
});

test("a corrupt compressed body and an unknown encoding fail with a decode error", async () => {
  srv.route("/bad-gzip", (_req, res) => {
    res.writeHead(200, { "content-encoding": "gzip" });
    res.end("this is not gzip");
  });
  srv.route("/zstd", (_req, res) => {
    res.writeHead(200, { "content-encoding": "zstd" });
    res.end("xx");
  });
  await rejects(fetchFeed(srv.url("/bad-gzip"), none, local), "decode");
  const e = await rejects(fetchFeed(srv.url("/zstd"), none, local), "decode");
  assert.match(e.message, /unsupported Content-Encoding "zstd"/);
});

test("media content types are refused; feeds served as text/plain or text/html still come through", async () => {
  srv.route("/pic", (_req, res) => {
    res.writeHead(200, { "content-type": "image/png" });
    res.end(Buffer.alloc(10));
  });
  srv.route("/plain", (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(feed);
  });
  srv.route("/html", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(feed);
  });
  const e = await rejects(fetchFeed(srv.url("/pic"), none, local), "content-type");
  assert.match(e.message, /image\/png, not a feed/);
  const plain = await fetchFeed(srv.url("/plain"), none, local);
  assert.equal(plain.contentType, "text/plain");
  assert.equal(Buffer.from(plain.body!).toString(), feed);
  assert.equal((await fetchFeed(srv.url("/html"), none, local)).status, 200);
});

test("a connection refused is a one-line network error", async () => {
  const closed = await startServer();
  const url = closed.url("/x");
  await closed.close();
  const e = await rejects(fetchFeed(url, none, local), "network");
  assert.match(e.message, /ECONNREFUSED/);
});

test("the caller's signal aborts a fetch", async () => {
  srv.route("/hang", () => {});
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  await rejects(fetchFeed(srv.url("/hang"), none, { ...local, signal: ac.signal }), "aborted");
});

test("Cache-Control and Retry-After parsing", () => {
  assert.equal(parseMaxAge("max-age=300"), 300_000);
  assert.equal(parseMaxAge("public, s-maxage=10, max-age=60"), 60_000);
  assert.equal(parseMaxAge("no-cache"), null);
  assert.equal(parseMaxAge(undefined), null);
  const date = "Thu, 01 Jan 2026 00:00:00 GMT";
  assert.equal(parseFreshness(null, "Thu, 01 Jan 2026 00:30:00 GMT", date, 0), 1_800_000);
  assert.equal(parseFreshness("max-age=60", "Thu, 01 Jan 2026 00:30:00 GMT", date, 0), 60_000);
  assert.equal(parseFreshness("no-cache", "Thu, 01 Jan 2026 00:30:00 GMT", date, 0), null);
  // "Expires: 0" and past dates mean already stale.
  assert.equal(parseFreshness(null, "0", date, 0), 0);
  const now = Date.UTC(2026, 0, 1);
  assert.equal(parseRetryAfter("30", now), 30_000);
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:10:00 GMT", now), 600_000);
  assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
  assert.equal(parseRetryAfter("soon", now), null);
});

// A listener that never accepts (backlog full): the TCP connection cannot complete. Node always
// accepts, so a tiny python3 listener plays that server; skipped where python3 is absent.
const python = spawnSync("python3", ["--version"]).status === 0;

test("a server that never completes the connection hits the connect timeout", {
  skip: !python && "python3 not found",
}, async () => {
  const child = spawn("python3", [
    "-c",
    "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(30)",
  ]);
  const filler: Socket[] = [];
  try {
    const port = await new Promise<number>((resolve) =>
      child.stdout.once("data", (d) => resolve(Number(String(d).trim()))),
    );
    // Fill the accept queue so further handshakes stay pending.
    for (let i = 0; i < 2; i++) filler.push(net.connect(port, "127.0.0.1").on("error", () => {}));
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    const e = await rejects(
      fetchFeed(`http://127.0.0.1:${port}/feed`, none, {
        ...local,
        connectTimeoutMs: 200,
        timeoutMs: 5000,
      }),
      "timeout",
    );
    assert.match(
      e.message,
      new RegExp(`could not connect to 127\\.0\\.0\\.1:${port} within 200 ms`),
    );
    assert.ok(performance.now() - t0 < 2000, "the connect timeout, not the total one, fired");
  } finally {
    for (const s of filler) s.destroy();
    child.kill();
  }
});

const openssl = spawnSync("openssl", ["version"]).status === 0;

test("HTTPS: a feed behind TLS is fetched when its CA is trusted, refused in one line when not", {
  skip: !openssl && "openssl not found",
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "storyline-tls-"));
  const key = join(dir, "key.pem");
  const cert = join(dir, "cert.pem");
  const made = spawnSync("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    "1",
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1",
  ]);
  assert.equal(made.status, 0, String(made.stderr));
  const pem = await readFile(cert, "utf8");
  let userAgent = "";
  const server = https.createServer({ key: await readFile(key), cert: pem }, (req, res) => {
    userAgent = req.headers["user-agent"] ?? "";
    res.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": "gzip" });
    res.end(zlib.gzipSync(feed));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  try {
    const r = await fetchFeed(url, none, { ...local, ca: pem });
    assert.equal(r.status, 200);
    assert.equal(Buffer.from(r.body!).toString(), feed);
    assert.match(userAgent, /^Storyline\//);
    const e = await rejects(fetchFeed(url, none, local), "network");
    assert.match(e.message, /SELF_SIGNED|self[- ]signed/i);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  }
});

test("a body cut short by the server is a network error, not a truncated feed", async () => {
  srv.route("/cut", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml", "content-length": "10000" });
    res.write(feed.slice(0, 100));
    setTimeout(() => res.socket?.destroy(), 20);
  });
  const e = await rejects(fetchFeed(srv.url("/cut"), none, local), "network");
  assert.match(e.message, /closed the connection mid-body/);
});

test("host names resolve through the guarded lookup: localhost is reachable with the allowance", async () => {
  srv.route("/by-name.xml", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.end(feed);
  });
  const r = await fetchFeed(srv.url("/by-name.xml").replace("127.0.0.1", "localhost"), none, local);
  assert.equal(r.status, 200);
  assert.equal(Buffer.from(r.body!).toString(), feed);
});

test("every redirect hop is checked: with only 127.0.0.0/8 allowed, a hop to [::1] or to cloud metadata is refused", async () => {
  const only = { timeoutMs: 2000, allowNetworks: ["127.0.0.0/8"] };
  srv.route("/allowed.xml", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.end(feed);
  });
  const port = new URL(srv.origin).port;
  srv.route("/hop-to-v6", (_req, res) => {
    res.writeHead(302, { location: `http://[::1]:${port}/allowed.xml` });
    res.end();
  });
  srv.route("/hop-to-metadata", (_req, res) => {
    res.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/" });
    res.end();
  });
  assert.equal((await fetchFeed(srv.url("/allowed.xml"), none, only)).status, 200);
  const v6 = await rejects(fetchFeed(srv.url("/hop-to-v6"), none, only), "blocked");
  assert.match(v6.message, /\[::1\].*loopback/);
  const meta = await rejects(fetchFeed(srv.url("/hop-to-metadata"), none, only), "blocked");
  assert.match(meta.message, /169\.254\.169\.254.*linkLocal/);
  assert.equal(srv.hits("/allowed.xml").length, 1, "no refused hop reached the server");
});
