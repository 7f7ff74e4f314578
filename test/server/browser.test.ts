// The web page in Debian's chromium (playwright-core): front page, story page with chart, search,
// a live update without reload, and hostile feed content that runs nothing and shows as text.
// Screenshots go to test-artifacts/ (gitignored).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import {
  addStory,
  KOREA,
  NOW,
  type Running,
  type SeedStory,
  STORM,
  startServer,
} from "./fixture.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts");
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const XSS: SeedStory = {
  id: "s-xss",
  headline: '<script>window.__xss="headline";alert(1)</script>Payload story',
  summary: "<img src=x onerror=\"window.__xss='summary';alert(2)\"> summary",
  entities: ['<svg onload="alert(3)">'],
  articles: [
    {
      title: "<img src=x onerror=\"window.__xss='title';alert(4)\">Hostile title",
      text: '<script>window.__xss="text"</script><a href="javascript:alert(5)">click</a> lede',
      url: "javascript:window.__xss='url';alert(6)",
      source: '<b onmouseover="alert(7)">Evil Outlet</b>',
      hoursAgo: 2,
      html: '<p>ok<script>alert(8)</script><img src="x" onerror="alert(9)"></p>',
    },
    {
      title: "Second hostile <iframe src=javascript:alert(10)>",
      text: '"><svg/onload=alert(11)> more text',
      url: 'https://evil.example/a?x="><script>alert(12)</script>',
      source: "Evil Two",
      hoursAgo: 1,
    },
  ],
};

// Every visible text's contrast against the background it sits on (WCAG 2 relative luminance):
// the texts below AA (4.5:1, or 3:1 for large text). A plain string, so the browser runs it as is.
const LOW_CONTRAST = `(() => {
  const rgba = (c) => {
    const m = c.match(/[\\d.]+/g).map(Number);
    return { r: m[0], g: m[1], b: m[2], a: m[3] ?? 1 };
  };
  const channel = (v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgba(getComputedStyle(el).backgroundColor);
      if (c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255 };
  };
  const low = [];
  for (const el of document.querySelectorAll("body *")) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || el.getClientRects().length === 0) continue;
    if (el.closest(".skip, .visually-hidden")) continue;
    const [hi, lo] = [luminance(rgba(st.color)), luminance(background(el))].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(st.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(st.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5))
      low.push(el.tagName + " '" + el.textContent.trim().slice(0, 30) + "' " + ratio.toFixed(2));
  }
  return low;
})()`;

const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed`;

describe("web page in chromium", { skip }, () => {
  let r: Running;
  let ctx: BrowserContext;
  let profile: string;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    r = await startServer([STORM, KOREA, XSS], { eventPollMs: 100 });
    const ok = await r.store.addFeed({
      url: "https://feeds.example/world.xml",
      title: "World news",
      category: "World",
    });
    await r.store.updateFeed(ok.id, {
      lastAttemptAt: NOW - 60_000,
      lastSuccessAt: NOW - 60_000,
      lastStatus: 200,
      itemsSeen: 42,
    });
    const bad = await r.store.addFeed({
      url: "https://evil.example/feed",
      title: "<img src=x onerror=\"window.__xss='feed';alert(13)\">",
    });
    await r.store.updateFeed(bad.id, {
      lastAttemptAt: NOW - 60_000,
      consecutiveFailures: 3,
      lastStatus: 500,
      lastError: "<script>window.__xss='error';alert(14)</script> server error",
    });
    profile = await mkdtemp(join(tmpdir(), "storyline-chromium-"));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ARGS,
      headless: true,
      viewport: { width: 1100, height: 900 },
      // Pages show times in the reader's zone: the tests read them in UTC whatever the host's zone.
      env: { ...process.env, TZ: "UTC" },
    });
  });
  after(async () => {
    await ctx?.close();
    await r?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Page> {
    const page = await ctx.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(r.url + path);
    return page;
  }

  test("front page lists ranked stories like the seed and advertises its feeds", async () => {
    const page = await open("/");
    const headlines = await page.locator("li.story h2").allTextContents();
    assert.equal(headlines[0], KOREA.headline);
    assert.equal(headlines.length, 3);
    const meta = await page.locator("li.story").first().locator(".meta").textContent();
    assert.match(meta ?? "", /^3 outlets · first seen 27 Jan 2025, 06:00 UTC/);
    const outlets = await page.locator("li.story").first().locator(".outlet").allTextContents();
    assert.deepEqual(outlets, ["Reuters", "The Telegraph", "Channel NewsAsia"]);
    const feeds = await page
      .locator('head link[rel="alternate"]')
      .evaluateAll((ls) => ls.map((l) => l.getAttribute("type")));
    assert.deepEqual(feeds, [
      "application/rss+xml",
      "application/atom+xml",
      "application/feed+json",
    ]);
    // Keyboard: the first Tab reaches the skip link.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
    assert.equal(await page.locator("main").count(), 1);
    assert.equal(await page.locator("nav[aria-label]").count(), 1);
    await page.screenshot({ path: join(ARTIFACTS, "front.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, "front-phone.png"), fullPage: false });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth,
    );
    assert.equal(overflow, false, "no horizontal scrolling on a phone");
    await page.close();
  });

  test("a story page opens from the front page with its articles, chart and coverage", async () => {
    const page = await open("/");
    await page.getByRole("link", { name: KOREA.headline }).click();
    await page.waitForURL(/\/story\/s-korea$/);
    assert.equal(await page.locator("h1").textContent(), KOREA.headline);
    assert.equal(await page.locator("ol.articles > li").count(), 4);
    assert.equal((await page.locator("svg.timeline rect.bar").count()) > 0, true);
    assert.equal(await page.locator("svg.timeline rect.bar.first").count(), 1);
    assert.match(
      (await page.locator("figure.chart figcaption").first().textContent()) ?? "",
      /First reported by Reuters/,
    );
    assert.ok((await page.locator(".coverage svg").count()) >= 2);
    await page.locator("details.why summary").first().click();
    assert.match(
      (await page.locator("details.why").first().textContent()) ?? "",
      /Started the story\./,
    );
    await page.locator("details.why summary").nth(1).click();
    assert.match(
      (await page.locator("details.why").nth(1).textContent()) ?? "",
      /against threshold 0\.500/,
    );
    await page.screenshot({ path: join(ARTIFACTS, "story.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
      false,
    );
    await page.screenshot({ path: join(ARTIFACTS, "story-phone.png"), fullPage: true });
    await page.close();
  });

  test("the feed health page is readable on a phone", async () => {
    const page = await open("/feeds");
    await page.setViewportSize({ width: 390, height: 844 });
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
      false,
      "no horizontal scrolling",
    );
    const url = page.locator("table.feeds .url", { hasText: "feeds.example" });
    const box = await url.boundingBox();
    assert.ok(
      box && box.width > 200,
      `the URL gets a line of its own, not a sliver: ${box?.width}`,
    );
    const next = page.locator('table.feeds td[data-label="Next poll"]').first();
    assert.ok(await next.isVisible());
    const cell = await next.boundingBox();
    assert.ok(cell && cell.x >= 0 && cell.x + cell.width <= 390, "Next poll is not cut off");
    const label = await next.evaluate((el) => getComputedStyle(el, "::before").content);
    assert.equal(label, '"Next poll: "', "each stacked cell is labelled with its column");
    await page.screenshot({ path: join(ARTIFACTS, "feeds-phone.png"), fullPage: true });
    await page.close();
  });

  test("search finds a story", async () => {
    const page = await open("/search");
    await page.getByLabel("Search articles and stories").fill("troops");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/search\?q=troops/);
    assert.ok((await page.locator("ol.results > li").count()) >= 2);
    assert.ok((await page.locator("ol.results mark").count()) >= 2);
    await page.locator("ol.results h2 a").first().click();
    await page.waitForURL(/\/story\/s-korea/);
    await page.goBack();
    await page.screenshot({ path: join(ARTIFACTS, "search.png"), fullPage: true });
    await page.close();
  });

  test("a new story appears on the open front page without a reload", async () => {
    const page = await open("/");
    await page.waitForSelector("body[data-live=connected]");
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    const fresh: SeedStory = {
      id: "s-live",
      headline: "Live: parliament passes the budget",
      summary: "Just in.",
      entities: ["Parliament"],
      articles: [
        {
          title: "Parliament passes budget",
          text: "The budget passed.",
          url: "https://www.bbc.co.uk/news/budget",
          source: "BBC News",
          hoursAgo: 0,
        },
        {
          title: "Budget approved",
          text: "MPs approved the budget.",
          url: "https://www.reuters.com/budget",
          source: "Reuters",
          hoursAgo: 0,
        },
      ],
    };
    await addStory(r.store, fresh);
    await page.getByText(fresh.headline).waitFor({ timeout: 10_000 });
    assert.equal(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
      true,
    );
    assert.match((await page.locator("#live-status").textContent()) ?? "", /Updated/);
    await page.screenshot({ path: join(ARTIFACTS, "live-update.png"), fullPage: false });
    await page.close();
  });

  test("hostile feed content runs nothing and renders as text", async () => {
    const before = dialogs.length;
    for (const path of ["/", "/story/s-xss", "/search?q=hostile", "/feeds"]) {
      const page = await open(path);
      await page.waitForLoadState("load");
      await page.waitForTimeout(200);
      assert.equal(
        await page.evaluate(() => (window as unknown as { __xss?: string }).__xss),
        undefined,
        path,
      );
      // No element from the payloads exists; no link leads to javascript:.
      assert.equal(
        await page.locator("main script, main img, main iframe, main svg[onload]").count(),
        0,
        path,
      );
      const hrefs = await page
        .locator("a[href]")
        .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      assert.ok(!hrefs.some((h) => /^\s*javascript:/i.test(h)), path);
      if (path === "/story/s-xss") {
        assert.equal(await page.locator("h1").textContent(), XSS.headline);
        const text = (await page.locator("main").textContent()) ?? "";
        assert.ok(text.includes(XSS.articles[0].title), "title shown as text");
        assert.ok(
          text.includes('<b onmouseover="alert(7)">Evil Outlet</b>'),
          "outlet shown as text",
        );
        // The javascript: URL is not a link: the title stays plain text.
        assert.equal(await page.locator("ol.articles li").first().locator("h3 a").count(), 0);
        await page.screenshot({ path: join(ARTIFACTS, "hostile.png"), fullPage: true });
      }
      if (path === "/feeds") {
        assert.equal(await page.locator("table.feeds tbody tr").count(), 2);
        assert.match(
          (await page.locator("table.feeds").textContent()) ?? "",
          /<script>window\.__xss='error'/,
        );
        await page.screenshot({ path: join(ARTIFACTS, "feeds.png"), fullPage: true });
      }
      await page.close();
    }
    assert.deepEqual(dialogs.slice(before), []);
    assert.deepEqual(pageErrors, []);
  });

  test("a story of many articles pages them, usable by keyboard and on a phone", async () => {
    const many: SeedStory = {
      id: "s-many",
      headline: "Dam failure floods the valley",
      summary: "A dam failed after days of rain.",
      entities: ["Valley Dam"],
      articles: Array.from({ length: 120 }, (_, i) => ({
        title: `Dam failure update ${i}`,
        text: `Villages near the Valley Dam were evacuated; engineers inspect the spillway ${i}.`,
        url: `https://outlet${i % 4}.example/dam/${i}`,
        source: `Outlet ${i % 4}`,
        hoursAgo: 48 - i * 0.4,
      })),
    };
    await addStory(r.store, many);
    const page = await open("/story/s-many");
    await page.setViewportSize({ width: 390, height: 844 });
    assert.equal(await page.locator("ol.articles > li").count(), 50);
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
      false,
      "no horizontal scrolling",
    );
    // Every page link is a comfortable tap target.
    const pager = page.locator("nav.pager").first();
    for (const box of await pager
      .locator("a")
      .evaluateAll((as) => as.map((a) => a.getBoundingClientRect().toJSON())))
      assert.ok(box.width >= 44 && box.height >= 44, JSON.stringify(box));
    // Countries are unknown for these outlets: said in words, not as one "unknown" bar.
    assert.match(
      (await page.locator(".coverage figure").first().textContent()) ?? "",
      /Not known for these outlets/,
    );
    await pager.screenshot({ path: join(ARTIFACTS, "story-pager-phone.png") });
    // The keyboard reaches "Later" and it opens page 2 (articles 51 to 100).
    const later = pager.getByRole("link", { name: "Later →" });
    await later.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/story\/s-many\?page=2#art-h$/);
    // It lands on the articles, not on the timeline at the top of the page.
    const heading = await page.locator("#art-h").boundingBox();
    assert.ok(heading && heading.y > -5 && heading.y < 100, `articles heading at ${heading?.y}`);
    assert.equal(await page.locator("ol.articles").getAttribute("start"), "51");
    assert.match(
      (await page.locator("ol.articles > li h3").first().textContent()) ?? "",
      /update 50$/,
    );
    await page.screenshot({ path: join(ARTIFACTS, "story-page2-phone.png"), fullPage: false });
    // A long outlet name in a coverage chart wraps instead of being cut off.
    await page.goto(`${r.url}/story/s-xss`);
    const clipped = await page
      .locator(".bar-label")
      .evaluateAll((ls) =>
        ls.filter((l) => l.scrollWidth > l.clientWidth).map((l) => l.textContent),
      );
    assert.deepEqual(clipped, []);
    assert.ok(
      (await page.locator(".bar-label").allTextContents()).includes(
        '<b onmouseover="alert(7)">Evil Outlet</b>',
      ),
    );
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test("every text meets AA contrast, in the light and the dark scheme", async () => {
    for (const scheme of ["light", "dark"] as const) {
      for (const path of ["/", "/story/s-korea", "/search?q=troops", "/feeds", "/story/nope"]) {
        const page = await open(path);
        await page.emulateMedia({ colorScheme: scheme });
        await page.evaluate(() => {
          document.querySelectorAll("details").forEach((d) => {
            d.open = true;
          });
        });
        assert.deepEqual(await page.evaluate(LOW_CONTRAST), [], `${scheme} ${path}`);
        if (path === "/story/s-korea" && scheme === "dark")
          await page.screenshot({ path: join(ARTIFACTS, "story-dark.png"), fullPage: true });
        await page.close();
      }
    }
  });

  test("times show in the reader's time zone, with the UTC time as a tooltip", async () => {
    const page = await ctx.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Emulation.setTimezoneOverride", { timezoneId: "Asia/Tokyo" });
    await page.goto(`${r.url}/story/s-korea`);
    const first = page.locator(".meta time").first();
    assert.equal(await first.textContent(), "27 Jan 2025, 15:00 GMT+9");
    assert.equal(await first.getAttribute("title"), "27 Jan 2025, 06:00 UTC");
    assert.equal(await first.getAttribute("datetime"), "2025-01-27T06:00:00.000Z");
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
