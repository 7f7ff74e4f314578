// Cross-origin reads over real HTTP: another site's page may read the API and the feeds out, never
// the admin routes or the HTML pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { crossOriginReadable } from "../../src/server/cors.ts";
import { KOREA, type Running, STORM, startServer } from "./fixture.ts";

const ORIGIN = "https://dashboard.example";
let r: Running;
before(async () => {
  r = await startServer([KOREA, STORM], { adminToken: "s3cret-token" });
});
after(() => r.close());

async function preflight(path: string, method: string, headers: string) {
  return fetch(r.url + path, {
    method: "OPTIONS",
    headers: {
      origin: ORIGIN,
      "access-control-request-method": method,
      "access-control-request-headers": headers,
    },
  });
}

test("a foreign page can read the API and the feeds, and the ETag they carry", async () => {
  for (const path of [
    "/api/stories",
    "/api/stories/s-korea",
    "/feed.rss",
    "/feed.json",
    "/healthz",
  ]) {
    const res = await fetch(r.url + path, { headers: { origin: ORIGIN } });
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("access-control-allow-origin"), "*", path);
    assert.match(res.headers.get("access-control-expose-headers") ?? "", /ETag/i, path);
    await res.body?.cancel();
  }
});

test("a preflight for revalidating with If-None-Match is allowed, for reads only", async () => {
  const res = await preflight("/api/stories", "GET", "if-none-match");
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  assert.match(res.headers.get("access-control-allow-headers") ?? "", /If-None-Match/i);
  const methods = res.headers.get("access-control-allow-methods") ?? "";
  assert.match(methods, /GET/);
  assert.doesNotMatch(methods, /POST|DELETE|PUT/);
});

test("the admin routes and the HTML pages are not opened to other origins", async () => {
  const admin = await preflight("/api/admin/feeds", "POST", "x-admin-token,content-type");
  assert.equal(admin.headers.get("access-control-allow-origin"), null);
  assert.equal(admin.headers.get("access-control-allow-headers"), null);
  const page = await fetch(`${r.url}/`, { headers: { origin: ORIGIN } });
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("access-control-allow-origin"), null);
  await page.body?.cancel();
});

test("which URLs are readable across origins", () => {
  for (const url of [
    "/api/search?q=x",
    "/feed.atom",
    "/search/feed.rss?q=storm",
    "/story/s-1/feed.json",
    "/healthz",
  ]) {
    assert.equal(crossOriginReadable(url), true, url);
  }
  for (const url of [
    "/",
    "/story/s-1",
    "/search?q=x",
    "/api/admin/feeds",
    "/feeds",
    "/feed.rssx",
    "/healthzz",
  ]) {
    assert.equal(crossOriginReadable(url), false, url);
  }
});
