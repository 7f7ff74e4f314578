// Seeded mutations of every fixture (inserted markup, cuts, splices): parseFeed must either
// return a feed whose HTML is still sanitised, or fail with a reason, never with an internal error.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseFeed } from "../../src/feeds/parse/index.ts";
import { FIXTURES } from "./parse-helpers.ts";

const SNIPPETS = [
  "<",
  ">",
  "&",
  "]]>",
  "<![CDATA[",
  "</item>",
  "<item>",
  "<entry>",
  '"',
  "'",
  "&#x0;",
  "&#xD800;",
  "<!--",
  "<?",
  '<!DOCTYPE x [<!ENTITY a "&a;">]>',
  'xml:base="::"',
  "\u0000",
  "{",
  "}",
  "&lol;",
  "<script>alert(1)</script>",
  "&lt;img src=x onerror=alert(1)&gt;",
  "<a href='javascript:x'>",
  "<rss>",
  "<feed>",
  "xmlns:dc=''",
];

test("mutated fixtures never raise an internal error and never leak scripts", () => {
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const files = readdirSync(FIXTURES).map((f) =>
    readFileSync(join(FIXTURES, f)).toString("latin1"),
  );
  let parsed = 0;
  for (let n = 0; n < 1500; n++) {
    let s = files[Math.floor(rand() * files.length)];
    for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) {
      const pos = Math.floor(rand() * s.length);
      const r = rand();
      if (r < 0.4)
        s = s.slice(0, pos) + SNIPPETS[Math.floor(rand() * SNIPPETS.length)] + s.slice(pos);
      else if (r < 0.7) s = s.slice(0, pos) + s.slice(pos + Math.floor(rand() * 40));
      else s = s.slice(0, pos) + s.slice(Math.floor(rand() * s.length));
    }
    let feed: ReturnType<typeof parseFeed> | null = null;
    try {
      feed = parseFeed(Buffer.from(s, "latin1"), { url: "https://ex.com/feed" });
    } catch (err) {
      assert.equal((err as Error).name, "FeedParseError", `mutation ${n}`);
      assert.doesNotMatch((err as Error).message, /^could not parse feed/, `mutation ${n}`);
      continue;
    }
    parsed++;
    for (const item of feed.items) {
      for (const html of [item.summary ?? "", item.content ?? ""]) {
        // Real markup only: escaped text such as "&lt;script&gt;" is harmless.
        assert.doesNotMatch(html, /<(?:script|style|iframe)/i, `mutation ${n}`);
        assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+\s*=/i, `mutation ${n}`);
        assert.doesNotMatch(html, /<[a-z][^>]*=\s*"\s*javascript:/i, `mutation ${n}`);
      }
    }
  }
  assert.ok(parsed > 750, `most mutations still parse (${parsed}/1500)`);
});
