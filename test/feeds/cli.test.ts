import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { describeNetworkError } from "../../src/feeds/fetch.ts";
import { type FixtureServer, rss, startServer } from "./http-fixture.ts";

const exec = promisify(execFile);

// Async (not spawnSync): the fixture server lives in this process and must keep answering.
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, ["bin/storyline.js", ...args], { encoding: "utf8" });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let srv: FixtureServer;
let dir: string;
before(async () => {
  srv = await startServer();
  dir = await mkdtemp(join(tmpdir(), "storyline-opml-cli-"));
});
after(async () => {
  await srv.close();
  await rm(dir, { recursive: true, force: true });
});

test("opml check --json lists feeds with their categories", async () => {
  const r = await run("opml", "check", "test/fixtures/opml/nested-2.0.opml", "--json");
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.title, "Newsroom & Friends");
  assert.equal(out.feeds.length, 5);
  assert.deepEqual(out.feeds[0], {
    url: "https://www3.nhk.or.jp/rss/news/cat0.xml",
    title: "NHK World",
    htmlUrl: "https://www3.nhk.or.jp/",
    category: "World/Asia",
    type: "rss",
  });
  assert.deepEqual(out.problems, []);
});

test("opml check reports duplicates and unusable URLs and exits 1; a non-OPML file is one line", async () => {
  const file = join(dir, "bad.opml");
  await writeFile(
    file,
    `<opml version="2.0"><body><outline text="a" xmlUrl="https://a.example/f"/><outline text="b" xmlUrl="https://a.example/f"/><outline text="c" xmlUrl="file:///etc/passwd"/></body></opml>`,
  );
  const r = await run("opml", "check", file);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /feed 2 \(b\): same URL as feed 1/);
  assert.match(r.stderr, /feed 3 \(c\): not an http\(s\) URL/);
  const rssFile = join(dir, "not.opml");
  await writeFile(rssFile, rss(1));
  const bad = await run("opml", "check", rssFile);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr.trim().split("\n").length, 1);
  assert.match(bad.stderr, /not an OPML file/);
});

test("opml from-urls turns a URL list into OPML that check reads back", async () => {
  const list = join(dir, "urls.txt");
  await writeFile(
    list,
    "# feeds\nhttps://a.example/feed World/Asia\nhttps://b.example/rss\nnot-a-url\n",
  );
  const r = await run("opml", "from-urls", list, "--title", "Mine");
  assert.equal(r.code, 1, "one bad line");
  assert.match(r.stderr, /line 4: not a URL: "not-a-url"/);
  const opml = join(dir, "out.opml");
  await writeFile(opml, r.stdout);
  const back = JSON.parse((await run("opml", "check", opml, "--json")).stdout);
  assert.equal(back.title, "Mine");
  assert.deepEqual(
    back.feeds.map((f: { url: string; category: string | null }) => [f.url, f.category]),
    [
      ["https://b.example/rss", null],
      ["https://a.example/feed", "World/Asia"],
    ],
  );
});

test("discover prints the feeds a local site announces; without --allow-private it refuses", async () => {
  srv.route("/home", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      `<html><head><link rel="alternate" type="application/rss+xml" title="Home feed" href="/home/feed.xml"></head></html>`,
    );
  });
  const r = await run("discover", srv.url("/home"), "--json", "--allow-private");
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [
    { url: srv.url("/home/feed.xml"), title: "Home feed", kind: "rss", via: "link" },
  ]);
  const refused = await run("discover", srv.url("/home"));
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /loopback address \(use --allow-private to permit\)/);
  assert.equal(refused.stderr.trim().split("\n").length, 1);
});

test("discover exits 1 with a message when a site has no feeds", async () => {
  srv.route("/bare", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html><body>nothing</body></html>");
  });
  const r = await run("discover", srv.url("/bare"), "--allow-private", "--timeout", "2");
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no feeds found at/);
});

test("fetch failures are plain words with the code kept in parentheses, on one line", async () => {
  const refused = await run("parse", "http://127.0.0.1:1/", "--allow-private");
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, "storyline parse: 127.0.0.1:1: connection refused (ECONNREFUSED)\n");
  const dns = await run("parse", "http://no-such-host.invalid/feed");
  assert.equal(dns.code, 1);
  assert.match(
    dns.stderr,
    /^storyline parse: no-such-host\.invalid: DNS lookup failed( temporarily)? \((ENOTFOUND|EAI_AGAIN)\)\n$/,
  );
  // TLS failures carry the certificate's problem in words, as Node reports them by code.
  const expired = Object.assign(new Error("certificate has expired"), { code: "CERT_HAS_EXPIRED" });
  assert.equal(describeNetworkError(expired), "TLS certificate has expired (CERT_HAS_EXPIRED)");
  const odd = Object.assign(new Error("something\nelse"), { code: "EWEIRD" });
  assert.equal(describeNetworkError(odd), "EWEIRD something");
});

test("opml check takes a url outline without type and reports the ones it skips", async () => {
  const file = join(dir, "url-outlines.opml");
  await writeFile(
    file,
    `<opml version="1.0"><body>\n<outline text="o1" url="http://a.example/rss"/>\n<outline text="Site" type="link" url="https://b.example/"/>\n</body></opml>`,
  );
  const r = await run("opml", "check", file);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /OPML 1\.0, 1 feed\n/);
  assert.match(r.stdout, /http:\/\/a\.example\/rss/);
  assert.equal(
    r.stderr,
    `${file} line 3: outline "Site" skipped: type "link" is not a feed type (rss, atom, feed, json)\n`,
  );
});
