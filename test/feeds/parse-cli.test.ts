// `storyline parse` end to end: files, URLs on a local server, refusals and error lines.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { FIXTURES, fixture } from "./parse-helpers.ts";

function run(
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["bin/storyline.js", "parse", ...args]);
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => {
      stdout += d;
    });
    p.stderr.on("data", (d) => {
      stderr += d;
    });
    p.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

let server: Server;
let base = "";
let dir = "";
let endlessBytes = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "storyline-parse-"));
  server = createServer((req, res) => {
    if (req.url === "/feed.xml") {
      res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
      res.end(fixture("relative-links-no-base.xml"));
    } else if (req.url === "/koi8") {
      res.writeHead(200, { "content-type": "text/xml; charset=koi8-r" });
      res.end(fixture("http-charset-koi8-r.xml"));
    } else if (req.url === "/endless") {
      // Streams without end: the client must stop at its size cap.
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) endlessBytes += chunk.length;
        if (!res.destroyed) res.once("drain", pump);
      };
      res.on("close", () => res.destroy());
      pump();
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not here");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

test("--json prints title, link and items with ISO times and nulls, exit 0", async () => {
  const r = await run(join(FIXTURES, "rss-2.0-full.xml"), "--json");
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ["title", "link", "items"]);
  assert.equal(out.title, "The Daily Example");
  assert.equal(out.link, "https://news.example.com/");
  assert.deepEqual(Object.keys(out.items[0]), [
    "id",
    "title",
    "link",
    "published",
    "updated",
    "summary",
    "content",
    "author",
  ]);
  assert.equal(out.items[0].published, "2024-03-05T14:30:00.000Z");
  assert.equal(out.items[0].updated, null);
  assert.equal(out.items[2].summary, null);
});

test("without --json a readable summary", async () => {
  const r = await run(join(FIXTURES, "atom-1.0.xml"));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Example Blog {2}\[Atom 1\.0, 3 items\]\n/);
  assert.match(r.stdout, /2024-03-05 17:00Z {2}Atom & HTML title/);
});

test("an unreadable feed is one line on stderr and a non-zero exit", async () => {
  const cases = [
    ["html-page.html", /not a feed: got an HTML page/],
    ["billion-laughs.xml", /entity expansion limit exceeded/],
    ["broken.json", /invalid JSON/],
  ] as const;
  const [missing, ...runs] = await Promise.all([
    run(join(dir, "nope.xml")),
    ...cases.map(([name]) => run(join(FIXTURES, name), "--json")),
  ]);
  cases.forEach(([name, why], i) => {
    const r = runs[i];
    assert.equal(r.status, 1, name);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, why);
  });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no such file/);
});

test("a 100 MB feed file is refused from its size, without reading it", async () => {
  const path = join(dir, "huge.xml");
  await writeFile(path, "");
  await truncate(path, 100 * 1024 * 1024); // sparse: no 100 MB written or read
  const r = await run(path, "--json");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /feed is 100\.0 MB, over the 20\.0 MB limit/);
});

test("a URL is fetched and parsed with the response URL and charset", async () => {
  const [r, k] = await Promise.all([
    run(`${base}/feed.xml`, "--json", "--allow-private"),
    run(`${base}/koi8`, "--json", "--allow-private"),
  ]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.link, `${base}/`);
  assert.equal(out.items[0].link, `${base}/2024/03/story.html`, "relative link against feed URL");
  assert.equal(JSON.parse(k.stdout).items[0].title, "Привет, мир");
});

test("URL errors: 404, endless body over the cap, private address without permission", async () => {
  const [nf, big, blocked] = await Promise.all([
    run(`${base}/missing`, "--allow-private"),
    run(`${base}/endless`, "--allow-private", "--max-mb", "1"),
    run(`${base}/feed.xml`),
  ]);
  assert.equal(nf.status, 1, nf.stderr);
  assert.match(nf.stderr, /HTTP 404/);

  assert.equal(big.status, 1, big.stderr);
  assert.equal(big.stderr.trim().split("\n").length, 1, big.stderr);
  assert.ok(endlessBytes < 64 * 1024 * 1024, `stopped early (${endlessBytes} bytes sent)`);

  assert.equal(blocked.status, 1, blocked.stderr);
  assert.match(blocked.stderr, /loopback address \(use --allow-private to permit\)/);
  assert.equal(blocked.stderr.trim().split("\n").length, 1, blocked.stderr);
});
