// The one Store test suite. Every backend runs it (test/store/sqlite.test.ts, and the PostgreSQL
// backend's test), so both behave the same. Each test gets a fresh, empty, migrated store.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { NewArticle, Store, StoryRecord } from "../../src/store/types.ts";

export interface StoreFactory {
  /** A new, empty, migrated store. */
  create(): Promise<Store>;
  /** Opens again the database behind `store`, which the suite has closed (a restart). */
  reopen(store: Store): Promise<Store>;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 27, 8, 0, 0);

/** A normalised item as the pipeline hands it to ingest. */
export function item(over: Partial<NewArticle> = {}): NewArticle {
  return {
    feedId: null,
    guid: null,
    url: null,
    canonicalUrl: null,
    title: "Untitled",
    text: "",
    html: null,
    source: null,
    author: null,
    image: null,
    lang: "en",
    published: T0,
    fetchedAt: T0 + 60_000,
    ...over,
  };
}

/** A story record with sensible defaults. */
export function story(id: string, over: Partial<StoryRecord> = {}): StoryRecord {
  return {
    id,
    headline: `Headline of ${id}`,
    summary: `Summary of ${id}`,
    entities: [],
    firstSeen: T0,
    lastSeen: T0,
    articleCount: 1,
    outletCount: 1,
    lang: "en",
    status: "active",
    mergedInto: null,
    updatedAt: T0,
    ...over,
  };
}

// Distinct texts long enough for near-duplicate signatures, and unlike each other.
const TOPICS = [
  "Storm Elin cut power to two hundred thousand homes along the Atlantic coast overnight as crews worked",
  "The central bank raised its main interest rate by a quarter point citing persistent services inflation",
  "A new exhibition of Dutch still life paintings opened at the national gallery with loans from abroad",
  "The football club appointed a former midfielder as head coach after a run of seven straight defeats",
  "Researchers reported a battery chemistry that keeps most of its capacity after ten thousand cycles",
  "The city council approved a plan to turn a disused rail yard into housing and a riverside park",
];

export function runStoreSuite(name: string, factory: StoreFactory | (() => Promise<Store>)): void {
  const create = typeof factory === "function" ? factory : () => factory.create();
  const reopen = typeof factory === "function" ? null : (s: Store) => factory.reopen(s);
  const open: Store[] = [];
  async function fresh(): Promise<Store> {
    const s = await create();
    open.push(s);
    return s;
  }

  describe(`Store suite: ${name}`, () => {
    after(async () => {
      for (const s of open) await s.close().catch(() => {});
    });

    describe("feeds", () => {
      it("adds, finds, updates, lists and removes feeds; adding a known URL returns it", async () => {
        const s = await fresh();
        const a = await s.addFeed({
          url: "https://a.example/rss",
          title: "A",
          category: "World/Asia",
        });
        assert.equal(a.url, "https://a.example/rss");
        assert.equal(a.title, "A");
        assert.equal(a.category, "World/Asia");
        assert.equal(a.enabled, true);
        assert.equal(a.consecutiveFailures, 0);
        assert.equal(a.failing, false);
        const again = await s.addFeed({ url: "https://a.example/rss", title: "Other" });
        assert.equal(again.id, a.id);
        assert.equal(again.title, "A");
        const b = await s.addFeed({ url: "https://b.example/atom", category: "World" });
        assert.notEqual(b.id, a.id);

        await s.updateFeed(a.id, {
          etag: '"v1"',
          lastModified: "Mon, 27 Jan 2025 08:00:00 GMT",
          lastStatus: 200,
          lastSuccessAt: T0,
          lastAttemptAt: T0,
          consecutiveFailures: 2,
          failing: true,
          enabled: false,
          avgIntervalMs: 1800_000,
          itemsSeen: 12,
          nextPollAt: T0 + HOUR,
          lastError: null,
        });
        const got = await s.getFeed(a.id);
        assert.ok(got);
        assert.equal(got.etag, '"v1"');
        assert.equal(got.lastModified, "Mon, 27 Jan 2025 08:00:00 GMT");
        assert.equal(got.consecutiveFailures, 2);
        assert.equal(got.failing, true);
        assert.equal(got.enabled, false);
        assert.equal(got.avgIntervalMs, 1800_000);
        assert.equal(got.itemsSeen, 12);
        assert.equal(got.nextPollAt, T0 + HOUR);
        assert.equal((await s.getFeedByUrl("https://b.example/atom"))?.id, b.id);
        assert.equal(await s.getFeedByUrl("https://nowhere.example/"), null);
        assert.deepEqual(
          (await s.listFeeds()).map((f) => f.url),
          ["https://a.example/rss", "https://b.example/atom"],
        );
        assert.deepEqual(await s.feedCategories(), [
          { category: "World", feeds: 1 },
          { category: "World/Asia", feeds: 1 },
        ]);

        assert.equal(await s.removeFeed(b.id), true);
        assert.equal(await s.removeFeed(b.id), false);
        assert.equal(await s.getFeed(b.id), null);
        assert.equal(await s.getFeed(999_999), null);
      });

      it("lists due feeds soonest first, skipping disabled and future ones, up to the limit", async () => {
        const s = await fresh();
        const ids: number[] = [];
        for (let i = 0; i < 5; i++) {
          const f = await s.addFeed({ url: `https://f${i}.example/feed` });
          ids.push(f.id);
        }
        await s.updateFeed(ids[0], { nextPollAt: T0 + 50 });
        await s.updateFeed(ids[1], { nextPollAt: T0 + 10 });
        await s.updateFeed(ids[2], { nextPollAt: T0 + 30, enabled: false });
        await s.updateFeed(ids[3], { nextPollAt: T0 + 5 * HOUR });
        await s.updateFeed(ids[4], { nextPollAt: T0 + 20 });
        assert.deepEqual(
          (await s.dueFeeds(T0 + 100, 10)).map((f) => f.id),
          [ids[1], ids[4], ids[0]],
        );
        assert.deepEqual(
          (await s.dueFeeds(T0 + 100, 2)).map((f) => f.id),
          [ids[1], ids[4]],
        );
        assert.deepEqual(await s.dueFeeds(T0, 10), []);
      });

      it("keeps a removed feed's articles", async () => {
        const s = await fresh();
        const f = await s.addFeed({ url: "https://gone.example/rss" });
        const r = await s.ingest([
          item({ feedId: f.id, guid: "g1", url: "https://gone.example/1", title: "Kept" }),
        ]);
        await s.removeFeed(f.id);
        const a = await s.getArticle(r.inserted[0].id);
        assert.equal(a?.title, "Kept");
        assert.equal(a?.feedId, null);
      });
    });

    describe("ingest and dedupe", () => {
      it("stores every field of a new article and gives it an id", async () => {
        const s = await fresh();
        const f = await s.addFeed({ url: "https://a.example/rss" });
        const r = await s.ingest([
          item({
            feedId: f.id,
            guid: "urn:1",
            url: "https://www.a.example/news/1?utm_source=rss",
            title: "First",
            text: "Body",
            html: "<p>Body</p>",
            source: "A News",
            author: "Kim",
            image: "https://a.example/i.jpg",
            lang: "en",
          }),
        ]);
        assert.equal(r.inserted.length, 1);
        assert.equal(r.sightings, 0);
        const a = await s.getArticle(r.inserted[0].id);
        assert.ok(a);
        assert.deepEqual(a, r.inserted[0]);
        assert.equal(a.canonicalUrl, "https://a.example/news/1");
        assert.equal(a.url, "https://www.a.example/news/1?utm_source=rss");
        assert.equal(a.html, "<p>Body</p>");
        assert.equal(a.author, "Kim");
        assert.equal(a.published, T0);
        assert.equal(a.fetchedAt, T0 + 60_000);
        assert.equal(a.storyId, null);
        assert.equal(a.duplicateOf, null);
        assert.equal(await s.countArticles(), 1);
        assert.equal((await s.getArticleByUrl("https://a.example/news/1"))?.id, a.id);
      });

      it("folds the same URL seen in two feeds into one article with two sightings", async () => {
        const s = await fresh();
        const f1 = await s.addFeed({ url: "https://one.example/rss" });
        const f2 = await s.addFeed({ url: "https://two.example/rss" });
        const first = await s.ingest([
          item({ feedId: f1.id, guid: "one-1", url: "https://news.example/story", title: "Story" }),
        ]);
        const second = await s.ingest([
          item({
            feedId: f2.id,
            guid: "two-77",
            url: "http://WWW.news.example/story/?utm_source=feed&utm_medium=rss&fbclid=abc#top",
            title: "Story (copy)",
            fetchedAt: T0 + 120_000,
          }),
        ]);
        const id = first.inserted[0].id;
        assert.equal(second.inserted.length, 0);
        assert.equal(second.sightings, 1);
        assert.deepEqual(second.matched, [id]);
        assert.equal(await s.countArticles(), 1);
        const seen = await s.sightingsOf(id);
        assert.deepEqual(
          seen.map((x) => [x.feedId, x.guid]),
          [
            [f1.id, "one-1"],
            [f2.id, "two-77"],
          ],
        );
        assert.equal((await s.getArticle(id))?.title, "Story", "the first copy's fields stay");
      });

      it("treats tracking parameters, query order, default ports and fragments as the same URL", async () => {
        const s = await fresh();
        const r = await s.ingest([
          item({ url: "https://news.example/a?id=5&page=2", title: "A" }),
          item({
            url: "https://news.example:443/a?page=2&id=5&gclid=x&mc_cid=y&mc_eid=z",
            title: "A2",
          }),
          item({ url: "https://news.example/a?page=2&id=5&ref=home#comments", title: "A3" }),
          item({ url: "https://news.example/a?id=6&page=2", title: "B" }),
        ]);
        assert.deepEqual(
          r.inserted.map((a) => a.title),
          ["A", "B"],
        );
        assert.equal(r.sightings, 2);
        assert.equal(await s.countArticles(), 2);
      });

      it("keeps one article when the guid changes but the URL does not, and when the URL changes but the guid does not", async () => {
        const s = await fresh();
        const f = await s.addFeed({ url: "https://a.example/rss" });
        const r1 = await s.ingest([
          item({ feedId: f.id, guid: "g-1", url: "https://a.example/x" }),
        ]);
        const r2 = await s.ingest([
          item({ feedId: f.id, guid: "g-1-renamed", url: "https://a.example/x" }),
        ]);
        const r3 = await s.ingest([
          item({ feedId: f.id, guid: "g-1", url: "https://a.example/x-with-new-slug" }),
        ]);
        const id = r1.inserted[0].id;
        assert.deepEqual(r2.matched, [id]);
        assert.deepEqual(r3.matched, [id]);
        assert.equal(await s.countArticles(), 1);
      });

      it("dedupes by guid within one feed when items have no URL, and not across feeds", async () => {
        const s = await fresh();
        const f1 = await s.addFeed({ url: "https://a.example/rss" });
        const f2 = await s.addFeed({ url: "https://b.example/rss" });
        const r = await s.ingest([
          item({ feedId: f1.id, guid: "42", title: "No link" }),
          item({ feedId: f1.id, guid: "42", title: "No link again" }),
          item({ feedId: f2.id, guid: "42", title: "Other feed, same guid" }),
        ]);
        assert.deepEqual(
          r.inserted.map((a) => a.title),
          ["No link", "Other feed, same guid"],
        );
        assert.equal(r.sightings, 1);
      });

      it("counts a re-poll of the same item as the same sighting", async () => {
        const s = await fresh();
        const f = await s.addFeed({ url: "https://a.example/rss" });
        const it1 = item({ feedId: f.id, guid: "g", url: "https://a.example/1" });
        const r = await s.ingest([it1]);
        await s.ingest([{ ...it1, fetchedAt: it1.fetchedAt + HOUR }]);
        await s.ingest([{ ...it1, fetchedAt: it1.fetchedAt + 2 * HOUR }]);
        const seen = await s.sightingsOf(r.inserted[0].id);
        assert.equal(seen.length, 1);
        assert.equal(seen[0].times, 3);
        assert.equal(seen[0].firstSeen, it1.fetchedAt);
        assert.equal(seen[0].lastSeen, it1.fetchedAt + 2 * HOUR);
      });

      it("gives the same item the same id in any store, and keeps a supplied id", async () => {
        const a = await fresh();
        const b = await fresh();
        const x = item({ url: "https://a.example/same", title: "Same" });
        const ra = await a.ingest([x]);
        const rb = await b.ingest([item({ title: "before" }), x]);
        assert.equal(ra.inserted[0].id, rb.inserted[1].id);
        const rc = await a.ingest([item({ id: "dataset-17", url: "https://a.example/other" })]);
        assert.equal(rc.inserted[0].id, "dataset-17");
        const rd = await a.ingest([item({ id: "dataset-17", title: "replayed again" })]);
        assert.deepEqual(rd.matched, ["dataset-17"]);
      });

      it("rolls back a whole batch when one item cannot be stored", async () => {
        const s = await fresh();
        const bad = item({ url: "https://a.example/bad", title: null as unknown as string });
        await assert.rejects(s.ingest([item({ url: "https://a.example/ok" }), bad]));
        assert.equal(await s.countArticles(), 0);
      });
    });

    describe("near-duplicates", () => {
      const wire =
        "Utility crews worked through the night after Storm Elin brought down power lines across three provinces on Tuesday";
      it("links wire copies from several outlets to the earliest copy", async () => {
        const s = await fresh();
        const r = await s.ingest([
          item({
            url: "https://b.example/1",
            source: "B",
            published: T0 + HOUR,
            title: "Storm Elin cuts power to 200,000 homes",
            text: wire,
          }),
          item({
            url: "https://a.example/1",
            source: "A",
            published: T0,
            title: "Storm Elin cuts power to 200,000 homes",
            text: `${wire}.`,
          }),
        ]);
        const r2 = await s.ingest([
          item({
            url: "https://c.example/1",
            source: "C",
            published: T0 + 2 * HOUR,
            title: "Storm Elin cuts power to 200,000 homes, officials say",
            text: `${wire}, officials said`,
          }),
          item({
            url: "https://d.example/1",
            source: "D",
            published: T0 + 2 * HOUR,
            title: "Central bank raises rates",
            text: TOPICS[1],
          }),
        ]);
        const [b, a] = r.inserted;
        const [c, d] = r2.inserted;
        assert.equal(b.duplicateOf, null, "the first stored copy is an original");
        assert.equal(a.duplicateOf, b.id);
        assert.equal(c.duplicateOf, b.id, "copies point at the original, not at another copy");
        assert.equal(d.duplicateOf, null, "an unrelated article is not linked");
        assert.equal(r.nearDuplicates, 1);
        assert.equal(r2.nearDuplicates, 1);
        assert.deepEqual(
          (await s.duplicatesOf(b.id)).map((x) => x.id),
          [a.id, c.id],
        );
        assert.equal((await s.getArticle(c.id))?.duplicateOf, b.id);
      });

      it("does not link short items or copies weeks apart", async () => {
        const s = await fresh();
        const r = await s.ingest([
          item({ url: "https://a.example/s", title: "Live updates" }),
          item({ url: "https://b.example/s", title: "Live updates" }),
          item({ url: "https://a.example/w1", title: "Storm", text: wire, published: T0 }),
          item({
            url: "https://b.example/w1",
            title: "Storm",
            text: wire,
            published: T0 + 30 * DAY,
          }),
        ]);
        assert.deepEqual(
          r.inserted.map((a) => a.duplicateOf),
          [null, null, null, null],
        );
      });
    });

    describe("stories", () => {
      async function twoArticles(s: Store) {
        const r = await s.ingest([
          item({ url: "https://a.example/1", title: "One", text: TOPICS[0] }),
          item({ url: "https://b.example/2", title: "Two", text: TOPICS[1] }),
        ]);
        return r.inserted.map((a) => a.id);
      }

      it("commits an assignment with its story and events", async () => {
        const s = await fresh();
        const [a1, a2] = await twoArticles(s);
        await s.commitAssignment(
          { articleId: a1, storyId: "s1", eventId: "s1", score: 0, threshold: 0.4 },
          story("s1", { entities: ["Elin"] }),
          [{ storyId: "s1", type: "created", at: T0, data: { articleId: a1 } }],
        );
        await s.commitAssignment(
          { articleId: a2, storyId: "s1", eventId: "s1e2", score: 0.72, threshold: 0.4 },
          story("s1", { articleCount: 2, outletCount: 2, lastSeen: T0 + HOUR, entities: ["Elin"] }),
          [{ storyId: "s1", type: "grew", at: T0 + HOUR }],
        );
        const a = await s.getArticle(a2);
        assert.equal(a?.storyId, "s1");
        assert.equal(a?.eventId, "s1e2");
        assert.equal(a?.score, 0.72);
        assert.equal(a?.threshold, 0.4);
        const st = await s.getStory("s1");
        assert.equal(st?.articleCount, 2);
        assert.equal(st?.lastSeen, T0 + HOUR);
        assert.deepEqual(st?.entities, ["Elin"]);
        assert.deepEqual(
          (await s.articlesOfStory("s1")).map((x) => x.id),
          [a1, a2],
        );
        const ev = await s.eventsOfStory("s1");
        assert.deepEqual(
          ev.map((e) => e.type),
          ["created", "grew"],
        );
        assert.deepEqual(ev[0].data, { articleId: a1 });
        assert.deepEqual(ev[1].data, {});
        assert.ok(ev[1].seq > ev[0].seq);
        assert.equal(await s.countStories(), 1);
      });

      it("writes nothing when an assignment fails (one transaction)", async () => {
        const s = await fresh();
        await twoArticles(s);
        await assert.rejects(
          s.commitAssignment(
            { articleId: "no-such-article", storyId: "s9", eventId: "s9", score: 0, threshold: 0 },
            story("s9"),
            [{ storyId: "s9", type: "created", at: T0 }],
          ),
        );
        assert.equal(await s.getStory("s9"), null);
        assert.deepEqual(await s.eventsAfter(0, 10), []);
      });

      it("applies a merge with its correction in one transaction, and none of a failing one", async () => {
        const s = await fresh();
        const [a1, a2] = await twoArticles(s);
        await s.commitAssignment(
          { articleId: a1, storyId: "s1", eventId: "s1", score: 0, threshold: 0.4 },
          story("s1"),
          [{ storyId: "s1", type: "created", at: T0 }],
        );
        await s.commitAssignment(
          { articleId: a2, storyId: "s2", eventId: "s2", score: 0, threshold: 0.4 },
          story("s2"),
          [{ storyId: "s2", type: "created", at: T0 }],
        );
        const c = await s.commitChanges({
          assignments: [{ articleId: a2, storyId: "s1", eventId: "s1", score: 1, threshold: 0.4 }],
          stories: [
            story("s1", { articleCount: 2 }),
            story("s2", { status: "merged", mergedInto: "s1", articleCount: 0 }),
          ],
          events: [{ storyId: "s2", type: "merged", at: T0 + HOUR, data: { into: "s1" } }],
          correction: {
            kind: "merge",
            storyIds: ["s2", "s1"],
            articleIds: [],
            at: T0 + HOUR,
            note: "same storm",
          },
        });
        assert.ok(c);
        assert.equal(c.kind, "merge");
        assert.deepEqual(c.storyIds, ["s2", "s1"]);
        assert.equal(c.note, "same storm");
        assert.equal((await s.getArticle(a2))?.storyId, "s1");
        assert.equal((await s.getStory("s2"))?.mergedInto, "s1");
        assert.deepEqual(await s.listCorrections(), [c]);

        const before = await s.lastEventSeq();
        await assert.rejects(
          s.commitChanges({
            assignments: [
              { articleId: a1, storyId: "s2", eventId: "s2", score: 1, threshold: 0.4 },
              { articleId: "missing", storyId: "s2", eventId: "s2", score: 1, threshold: 0.4 },
            ],
            stories: [story("s2", { status: "active", mergedInto: null })],
            events: [{ storyId: "s2", type: "split", at: T0 + 2 * HOUR }],
            correction: { kind: "split", storyIds: ["s1"], articleIds: [a1], at: T0 + 2 * HOUR },
          }),
        );
        assert.equal((await s.getArticle(a1))?.storyId, "s1");
        assert.equal((await s.getStory("s2"))?.status, "merged");
        assert.equal(await s.lastEventSeq(), before);
        assert.equal((await s.listCorrections()).length, 1);
      });

      it("returns unassigned articles oldest first and assigned ones since a time", async () => {
        const s = await fresh();
        const r = await s.ingest([
          item({ url: "https://a.example/1", published: T0 }),
          item({ url: "https://a.example/2", published: T0 + DAY }),
          item({ url: "https://a.example/3", published: T0 + 2 * DAY }),
        ]);
        const [x, y, z] = r.inserted.map((a) => a.id);
        assert.deepEqual(
          (await s.unassignedArticles(10)).map((a) => a.id),
          [x, y, z],
        );
        assert.deepEqual(
          (await s.unassignedArticles(1)).map((a) => a.id),
          [x],
        );
        for (const id of [x, y, z]) {
          await s.commitAssignment(
            { articleId: id, storyId: `s-${id}`, eventId: `s-${id}`, score: 0, threshold: 0.5 },
            story(`s-${id}`),
            [],
          );
        }
        assert.deepEqual(await s.unassignedArticles(10), []);
        assert.deepEqual(
          (await s.assignedArticlesSince(T0 + DAY)).map((a) => a.id),
          [y, z],
        );
        assert.deepEqual(
          (await s.getArticles([z, "nope", x])).map((a) => a.id),
          [z, x],
        );
      });

      it("lists stories newest first with filters and cursor pagination", async () => {
        const s = await fresh();
        const asia = await s.addFeed({ url: "https://asia.example/rss", category: "World/Asia" });
        const sport = await s.addFeed({ url: "https://sport.example/rss", category: "Sport" });
        const worldwide = await s.addFeed({
          url: "https://worldwide.example/rss",
          category: "Worldwide",
        });
        const specs = [
          { id: "st-0", feed: asia.id, source: "Reuters", lang: "en", at: T0 },
          { id: "st-1", feed: sport.id, source: "BBC", lang: "en", at: T0 + HOUR },
          { id: "st-2", feed: asia.id, source: "NHK", lang: "ja", at: T0 + 2 * HOUR },
          { id: "st-3", feed: sport.id, source: "Reuters", lang: "en", at: T0 + 3 * HOUR },
          { id: "st-4", feed: worldwide.id, source: "AP", lang: "en", at: T0 + 4 * HOUR },
          { id: "st-5", feed: asia.id, source: "AP", lang: "en", at: T0 + 4 * HOUR },
        ];
        for (const [i, sp] of specs.entries()) {
          const r = await s.ingest([
            item({
              feedId: sp.feed,
              guid: sp.id,
              url: `https://x.example/${sp.id}`,
              source: sp.source,
              lang: sp.lang,
              title: `Story ${i}`,
              text: TOPICS[i],
            }),
          ]);
          await s.commitAssignment(
            {
              articleId: r.inserted[0].id,
              storyId: sp.id,
              eventId: sp.id,
              score: 0,
              threshold: 0.5,
            },
            story(sp.id, {
              lastSeen: sp.at,
              lang: sp.lang,
              headline: `Story ${i}`,
              summary: TOPICS[i],
              articleCount: i + 1,
            }),
            [],
          );
        }
        const ids = async (q: Parameters<Store["listStories"]>[0]) =>
          (await s.listStories(q)).items.map((x) => x.id);

        assert.deepEqual(await ids({ limit: 10 }), [
          "st-5",
          "st-4",
          "st-3",
          "st-2",
          "st-1",
          "st-0",
        ]);
        assert.deepEqual(await ids({ limit: 10, since: T0 + 2 * HOUR }), [
          "st-5",
          "st-4",
          "st-3",
          "st-2",
        ]);
        assert.deepEqual(await ids({ limit: 10, lang: "ja" }), ["st-2"]);
        assert.deepEqual(await ids({ limit: 10, source: "Reuters" }), ["st-3", "st-0"]);
        assert.deepEqual(await ids({ limit: 10, category: "World" }), ["st-5", "st-2", "st-0"]);
        assert.deepEqual(await ids({ limit: 10, category: "World/Asia" }), [
          "st-5",
          "st-2",
          "st-0",
        ]);
        assert.deepEqual(await ids({ limit: 10, category: "Sport", source: "Reuters" }), ["st-3"]);
        assert.deepEqual(await ids({ limit: 10, q: "battery chemistry" }), ["st-4"]);
        assert.deepEqual(await ids({ limit: 10, q: '"( OR *^' }), []);
        assert.deepEqual(await ids({ limit: 10, ids: ["st-1", "st-3", "zz"] }), ["st-3", "st-1"]);
        assert.deepEqual(await ids({ limit: 10, minArticles: 5 }), ["st-5", "st-4"]);
        assert.deepEqual(await ids({ limit: 10, status: "quiet" }), []);

        // Pages of two walk every story exactly once, in order, and end with a null cursor.
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await s.listStories({ limit: 2, cursor });
          seen.push(...page.items.map((x) => x.id));
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 10);
        assert.deepEqual(seen, ["st-5", "st-4", "st-3", "st-2", "st-1", "st-0"]);
        assert.equal(pages, 3);
        const filtered = await s.listStories({ limit: 1, source: "AP" });
        assert.deepEqual(
          filtered.items.map((x) => x.id),
          ["st-5"],
        );
        const next = await s.listStories({ limit: 1, source: "AP", cursor: filtered.nextCursor });
        assert.deepEqual(
          next.items.map((x) => x.id),
          ["st-4"],
        );
        assert.equal(next.nextCursor, null);
        await assert.rejects(s.listStories({ limit: 2, cursor: "not-a-cursor" }), /cursor/);

        assert.deepEqual(
          (await s.getStories(["st-1", "missing", "st-0"])).map((x) => x.id),
          ["st-1", "st-0"],
        );
        const rows = await s.storySources(["st-0", "st-3"]);
        assert.deepEqual(
          rows.map((r) => [r.storyId, r.source, r.domain, r.articles]),
          [
            ["st-0", "Reuters", "x.example", 1],
            ["st-3", "Reuters", "x.example", 1],
          ],
        );

        // The rank inputs of every matching story, newest first, without paging; merged stories
        // are left out.
        await s.putStory(story("st-m", { status: "merged", mergedInto: "st-0", lastSeen: T0 }));
        const rankRows = await s.storyRankRows({});
        assert.deepEqual(
          rankRows.map((r) => r.id),
          ["st-5", "st-4", "st-3", "st-2", "st-1", "st-0"],
        );
        assert.deepEqual(rankRows[0], {
          id: "st-5",
          articleCount: 6,
          outletCount: 1,
          lastSeen: T0 + 4 * HOUR,
        });
        assert.deepEqual(
          (await s.storyRankRows({ category: "World", minArticles: 3 })).map((r) => r.id),
          ["st-5", "st-2"],
        );
        assert.deepEqual(await s.storyRankRows({ q: '"( OR *^' }), []);
      });
    });

    describe("restart features", () => {
      const bytes = (...xs: number[]) => new Uint8Array(xs);
      const assign = (articleId: string, storyId: string, score = 0.8) => ({
        articleId,
        storyId,
        eventId: storyId,
        score,
        threshold: 0.5,
      });

      it("keeps features written with assignments and restores members in clustering order", async () => {
        const s = await fresh();
        const r = await s.ingest(
          [0, 1, 2, 3, 4].map((i) =>
            item({
              url: `https://a.example/${i}`,
              title: `T${i}`,
              text: TOPICS[i],
              published: T0 + i * HOUR,
            }),
          ),
        );
        const [a, b, c, d, e] = r.inserted.map((x) => x.id);
        // b (legacy: assigned without features) in story old; e clustered before c; d is in a
        // story last seen before the window.
        await s.commitChanges({
          assignments: [assign(b, "s1")],
          stories: [story("s1", { lastSeen: T0 + 4 * HOUR })],
          events: [],
        });
        await s.commitChanges({
          assignments: [assign(a, "s1", 0.6), assign(e, "s2")],
          stories: [story("s2", { lastSeen: T0 + 4 * HOUR })],
          events: [],
          features: [
            { articleId: a, data: bytes(1, 2, 3) },
            { articleId: e, data: bytes(250, 0, 7, 9) },
          ],
        });
        await s.commitChanges({
          assignments: [assign(c, "s1"), assign(d, "s0")],
          stories: [story("s0", { lastSeen: T0 - 10 * DAY })],
          events: [],
          features: [
            { articleId: c, data: bytes(4) },
            { articleId: d, data: bytes(5) },
          ],
        });
        const order = await s.restoreOrder(T0);
        assert.deepEqual(order, [b, a, e, c], "legacy first, then clustering order; s0 left out");
        const rows = await s.restoreRows([c, "nope", b, a]);
        assert.deepEqual(
          rows.map((x) => [x.articleId, x.storyId, x.eventId, x.score]),
          [
            [c, "s1", "s1", 0.8],
            [b, "s1", "s1", 0.8],
            [a, "s1", "s1", 0.6],
          ],
        );
        assert.deepEqual([...(rows[2].features ?? [])], [1, 2, 3]);
        assert.equal(rows[2].article, null, "a member with features comes without its article");
        assert.equal(rows[1].features, null);
        assert.equal(rows[1].article?.text, TOPICS[1], "a legacy member comes with its article");
        assert.deepEqual([...((await s.restoreRows([e]))[0].features ?? [])], [250, 0, 7, 9]);

        // Articles clustered after an order, in clustering order, paged, from a time on.
        const all = await s.clusteredAfter(0, Number.NEGATIVE_INFINITY, 10);
        assert.deepEqual(
          all.map((x) => x.article.id),
          [a, e, c, d],
        );
        assert.ok(all.every((x, i) => i === 0 || x.order > all[i - 1].order));
        assert.deepEqual(
          (await s.clusteredAfter(all[1].order, Number.NEGATIVE_INFINITY, 1)).map(
            (x) => x.article.id,
          ),
          [c],
        );
        assert.deepEqual(
          (await s.clusteredAfter(0, T0 + 3 * HOUR, 10)).map((x) => x.article.id),
          [e, d],
        );
      });

      it("lists of a renewed story only what its last renewal kept and what came after it", async () => {
        const s = await fresh();
        // Story s1's members by clustering order: a0 (published late: forgotten by the member
        // cap before the renewal), a1, a2 (the oldest kept), a3, then s2's x, a7 (no time), a4,
        // the renewal (cut at 3h), a6 (published long before: it joined after), a5.
        const times = [5, 1, 2, 3, 2, null, 4, -5, 6];
        const r = await s.ingest(
          times.map((h, i) =>
            item({
              url: `https://r.example/${i}`,
              text: TOPICS[i % TOPICS.length],
              published: h === null ? null : T0 + h * HOUR,
            }),
          ),
        );
        const [a0, a1, a2, a3, x, a7, a4, a6, a5] = r.inserted.map((y) => y.id);
        const feature = (id: string) => ({ articleId: id, data: bytes(1) });
        const s1 = story("s1", { lastSeen: T0 + 6 * HOUR });
        await s.commitChanges({
          assignments: [a0, a1, a2, a3].map((id) => assign(id, "s1")).concat(assign(x, "s2")),
          stories: [s1, story("s2", { lastSeen: T0 + 2 * HOUR })],
          events: [],
          features: [a0, a1, a2, a3, x].map(feature),
        });
        assert.deepEqual(await s.restoreRenewals(T0), []);
        const renewal = { storyId: "s1", cut: T0 + 3 * HOUR, from: a2, events: ["s1", "e1"] };
        await s.commitChanges({
          assignments: [a7, a4, a6].map((id) => assign(id, "s1")),
          stories: [s1],
          events: [],
          features: [a7, a4, a6].map(feature),
          renewals: [{ ...renewal, after: 2 }],
        });
        await s.commitChanges({
          assignments: [assign(a5, "s1")],
          stories: [s1],
          events: [],
          features: [feature(a5)],
        });
        assert.deepEqual(await s.restoreOrder(T0), [a3, x, a7, a4, a6, a5]);
        // Founded where its first member was clustered (before s2's x).
        const founded = (await s.restoreRows([a0]))[0].order!;
        assert.ok(founded < (await s.restoreRows([x]))[0].order!);
        const renewed = [{ storyId: "s1", founded, events: ["s1", "e1"] }];
        assert.deepEqual(await s.restoreRenewals(T0), renewed);
        assert.deepEqual(await s.restoreRenewalsIn("en", T0), renewed);
        assert.deepEqual(await s.restoreRenewalsIn("de", T0), []);
        assert.deepEqual(await s.restoreRenewals(T0 + 7 * HOUR), [], "not seen since");
        // Renewed again (keeping a4 on): the new cut replaces the old, the founding stays.
        await s.commitChanges({
          assignments: [],
          stories: [],
          events: [],
          renewals: [{ ...renewal, from: a4, cut: T0 + 4 * HOUR, events: ["e2"], after: 0 }],
        });
        assert.deepEqual(await s.restoreOrder(T0), [x, a4, a5]);
        assert.deepEqual(await s.restoreOrderIn("en", T0), [x, a4, a5]);
        assert.deepEqual(await s.restoreRenewals(T0), [{ ...renewed[0], events: ["e2"] }]);
      });

      it("writes no features when the commit fails, and prunes them with their article", async () => {
        const s = await fresh();
        const r = await s.ingest([
          item({ url: "https://a.example/1", text: TOPICS[0], fetchedAt: T0 }),
          item({ url: "https://a.example/2", text: TOPICS[1], fetchedAt: T0 + DAY }),
        ]);
        const [a, b] = r.inserted.map((x) => x.id);
        await assert.rejects(
          s.commitChanges({
            assignments: [assign(a, "s1"), assign("missing", "s1")],
            stories: [story("s1")],
            events: [],
            features: [{ articleId: a, data: bytes(1) }],
          }),
        );
        assert.deepEqual(await s.clusteredAfter(0, Number.NEGATIVE_INFINITY, 10), []);
        await s.commitChanges({
          assignments: [assign(a, "s1"), assign(b, "s1")],
          stories: [story("s1", { lastSeen: T0 + DAY })],
          events: [],
          features: [
            { articleId: a, data: bytes(1) },
            { articleId: b, data: bytes(2) },
          ],
        });
        await s.prune(T0 + HOUR, 10);
        assert.deepEqual(
          (await s.clusteredAfter(0, Number.NEGATIVE_INFINITY, 10)).map((x) => x.article.id),
          [b],
        );
        assert.deepEqual(await s.restoreOrder(T0), [b]);
      });

      it("saves and replaces a snapshot marked with the last clustering order", async () => {
        const s = await fresh();
        assert.equal(await s.getClusterSnapshot("docfreq"), null);
        await s.putClusterSnapshot("docfreq", bytes(9, 9), T0);
        assert.deepEqual(await s.getClusterSnapshot("docfreq"), {
          upTo: 0,
          at: T0,
          data: Buffer.from([9, 9]),
        });
        const r = await s.ingest([item({ url: "https://a.example/1", text: TOPICS[0] })]);
        const id = r.inserted[0].id;
        await s.commitChanges({
          assignments: [assign(id, "s1")],
          stories: [story("s1")],
          events: [],
          features: [{ articleId: id, data: bytes(1) }],
        });
        const [clustered] = await s.clusteredAfter(0, Number.NEGATIVE_INFINITY, 1);
        const big = new Uint8Array(3_000_000).map((_, i) => i % 251);
        await s.putClusterSnapshot("docfreq", big, T0 + HOUR);
        await s.putClusterSnapshot("docfreq:fr", bytes(7), T0 + HOUR);
        const snap = await s.getClusterSnapshot("docfreq");
        assert.equal(snap?.upTo, clustered.order);
        assert.equal(snap?.at, T0 + HOUR);
        assert.ok(Buffer.from(big).equals(Buffer.from(snap?.data ?? [])));
        assert.deepEqual([...((await s.getClusterSnapshot("docfreq:fr"))?.data ?? [])], [7]);
      });
    });

    describe("clustering partitions", () => {
      it("restricts each clustering read to one language's articles and stories ('und': none)", async () => {
        const s = await fresh();
        const langs = ["en", "de", null, "en"] as const;
        const r = await s.ingest(
          langs.map((lang, i) =>
            item({
              url: `https://p.example/${i}`,
              text: TOPICS[i],
              lang,
              published: T0 + i * HOUR,
            }),
          ),
        );
        const [en, de, und, en2] = r.inserted.map((x) => x.id);
        assert.deepEqual(await s.unassignedPartitions(), ["de", "en", "und"]);
        assert.deepEqual(await s.livePartitions(), ["de", "en", "und"]);
        assert.deepEqual(
          (await s.unassignedArticlesIn("en", 10)).map((a) => a.id),
          [en, en2],
        );
        assert.deepEqual(
          (await s.unassignedArticlesIn("und", 10)).map((a) => a.id),
          [und],
        );
        const assign = (articleId: string, storyId: string) => ({
          articleId,
          storyId,
          eventId: storyId,
          score: 0.9,
          threshold: 0.5,
        });
        await s.commitChanges({
          assignments: [assign(en, "s-en"), assign(de, "s-de"), assign(und, "s-und")],
          stories: [
            story("s-en", { lang: "en", lastSeen: T0 }),
            story("s-de", { lang: "de", lastSeen: T0 + HOUR }),
            story("s-und", { lang: null, lastSeen: T0 + 2 * HOUR, status: "quiet" }),
          ],
          events: [],
          features: [en, de, und].map((id) => ({ articleId: id, data: new Uint8Array([1]) })),
        });
        // en2 waits; s-und is quiet: "und" is no longer live.
        assert.deepEqual(await s.livePartitions(), ["de", "en"]);
        assert.deepEqual(await s.unassignedPartitions(), ["en"]);
        assert.deepEqual(await s.restoreOrderIn("en", T0), [en]);
        assert.deepEqual(await s.restoreOrderIn("und", T0), [und]);
        assert.deepEqual(
          (await s.clusteredAfterIn("de", 0, Number.NEGATIVE_INFINITY, 10)).map(
            (x) => x.article.id,
          ),
          [de],
        );
        assert.deepEqual(
          (await s.assignedArticlesSinceIn("de", Number.NEGATIVE_INFINITY)).map((a) => a.id),
          [de],
        );
        assert.deepEqual(
          (await s.staleStoriesIn("de", T0 + DAY, 10)).map((x) => x.id),
          ["s-de"],
        );
        assert.deepEqual(await s.staleStoriesIn("und", T0 + DAY, 10), [], "quiet already");
        assert.equal(await s.latestStorySeen(), T0 + 2 * HOUR);
        assert.equal(await s.latestStorySeenIn("en"), T0);
        assert.equal(await s.latestStorySeenIn("und"), T0 + 2 * HOUR);
        assert.equal(await s.latestStorySeenIn("fr"), null);
        // A story of one clusterer for all languages (a store from before partitions): its
        // German member is restored by no German clusterer; the English one keeps the story.
        await s.commitChanges({ assignments: [assign(en2, "s-de")], stories: [], events: [] });
        assert.deepEqual(await s.restoreOrderIn("de", T0), [de]);
        assert.deepEqual(await s.restoreOrderIn("en", T0), [en]);
      });

      it("deletes a saved snapshot by its key only", async () => {
        const s = await fresh();
        await s.putClusterSnapshot("state", new Uint8Array([1]), T0);
        await s.putClusterSnapshot("state:en", new Uint8Array([2]), T0);
        await s.deleteClusterSnapshot("state");
        await s.deleteClusterSnapshot("state:none");
        assert.equal(await s.getClusterSnapshot("state"), null);
        assert.deepEqual([...((await s.getClusterSnapshot("state:en"))?.data ?? [])], [2]);
      });
    });

    describe("events and corrections", () => {
      it("returns events after a sequence number, oldest first, up to a limit", async () => {
        const s = await fresh();
        assert.equal(await s.lastEventSeq(), 0);
        await s.addEvents([
          { storyId: "a", type: "created", at: T0 },
          { storyId: "b", type: "created", at: T0 + 1 },
          { storyId: "a", type: "grew", at: T0 + 2, data: { articles: 2 } },
          { storyId: "a", type: "quiet", at: T0 + 3 },
        ]);
        const all = await s.eventsAfter(0, 100);
        assert.deepEqual(
          all.map((e) => [e.storyId, e.type]),
          [
            ["a", "created"],
            ["b", "created"],
            ["a", "grew"],
            ["a", "quiet"],
          ],
        );
        assert.equal(await s.lastEventSeq(), all[3].seq);
        const after = await s.eventsAfter(all[1].seq, 1);
        assert.deepEqual(
          after.map((e) => e.type),
          ["grew"],
        );
        assert.deepEqual(after[0].data, { articles: 2 });
        assert.deepEqual(await s.eventsAfter(all[3].seq, 10), []);
        assert.deepEqual(
          (await s.eventsOfStory("a")).map((e) => e.type),
          ["created", "grew", "quiet"],
        );
      });

      it("stores corrections in order", async () => {
        const s = await fresh();
        const c1 = await s.addCorrection({
          kind: "move",
          storyIds: ["s1", "s2"],
          articleIds: ["x"],
          at: T0,
        });
        const c2 = await s.addCorrection({
          kind: "split",
          storyIds: ["s3"],
          articleIds: ["y", "z"],
          at: T0 + 1,
          note: "two events",
        });
        assert.ok(c2.id > c1.id);
        assert.equal(c1.note, null);
        assert.deepEqual(await s.listCorrections(), [c1, c2]);
      });
    });

    describe("search", () => {
      async function filled(s: Store) {
        const r = await s.ingest([
          item({
            url: "https://a.example/1",
            title: "Storm Elin cuts power",
            text: TOPICS[0],
            lang: "en",
          }),
          item({
            url: "https://a.example/2",
            title: "Rates rise again",
            text: TOPICS[1],
            lang: "en",
          }),
          item({
            url: "https://a.example/3",
            title: '<script>alert(1)</script> storm & "chaos"',
            text: "Storm damage <b>everywhere</b>",
            lang: "fr",
          }),
        ]);
        await s.commitAssignment(
          {
            articleId: r.inserted[1].id,
            storyId: "bank",
            eventId: "bank",
            score: 0,
            threshold: 0.5,
          },
          story("bank", {
            headline: "Central bank raises rates",
            summary: "The central bank raised its main rate to fight inflation.",
            entities: ["European Central Bank"],
          }),
          [],
        );
        return r.inserted.map((a) => a.id);
      }

      it("finds articles and stories by bm25 with <mark> snippets", async () => {
        const s = await fresh();
        const [storm, rates, scripted] = await filled(s);
        const hits = await s.search("storm", 10);
        assert.deepEqual(new Set(hits.map((h) => h.id)), new Set([storm, scripted]));
        assert.ok(hits.every((h) => h.kind === "article"));
        assert.ok(hits[0].snippet.includes("<mark>"), hits[0].snippet);
        const bank = await s.search("central bank", 10);
        const st = bank.find((h) => h.kind === "story");
        assert.equal(st?.id, "bank");
        assert.match(st.snippet, /<mark>central<\/mark> <mark>bank<\/mark>/i);
        assert.ok(bank.some((h) => h.kind === "article" && h.id === rates && h.storyId === "bank"));
        assert.deepEqual(
          (await s.search("central bank", 10, { kind: "article" })).map((h) => h.id),
          [rates],
        );
        assert.deepEqual(
          (await s.search("storm", 10, { lang: "fr" })).map((h) => h.title.startsWith("<script>")),
          [true],
        );
        assert.ok(
          hits.every((h, i) => i === 0 || hits[i - 1].score >= h.score),
          "best first",
        );
      });

      it("escapes stored text in snippets", async () => {
        const s = await fresh();
        await filled(s);
        const [hit] = await s.search("chaos", 5);
        assert.ok(hit, "found");
        assert.ok(!hit.snippet.includes("<script>"), hit.snippet);
        assert.ok(hit.snippet.includes("&lt;script&gt;"), hit.snippet);
        assert.ok(hit.snippet.includes("&amp;"), hit.snippet);
        assert.ok(hit.snippet.includes("<mark>chaos</mark>"), hit.snippet);
      });

      it("never fails on FTS syntax and falls back to any word", async () => {
        const s = await fresh();
        await filled(s);
        for (const q of [
          '"',
          "storm AND",
          "NEAR(",
          "*",
          "title:storm",
          "(((",
          "^",
          "-",
          "storm OR",
          "a\u0000b",
          "",
        ]) {
          const hits = await s.search(q, 5);
          assert.ok(Array.isArray(hits), q);
        }
        assert.ok((await s.search("title:storm", 5)).length > 0);
        assert.deepEqual(await s.search("   ", 5), []);
        const any = await s.search("storm zzzunknownword", 5);
        assert.ok(any.length > 0, "no article has both words: any word matches");
      });

      it("finds a story by its current label as it grows and is relabelled", async () => {
        const s = await fresh();
        const write = (over: Partial<StoryRecord>) =>
          s.commitChanges({ assignments: [], stories: [story("quake", over)], events: [] });
        const found = async (q: string) => (await s.search(q, 5)).some((h) => h.id === "quake");
        const first = {
          headline: "Earthquake shakes Santiago",
          summary: "Buildings swayed in the capital.",
          entities: ["Santiago"],
        };
        await write(first);
        // The pipeline rewrites the row with every article it gains, the label unchanged.
        for (let n = 2; n <= 4; n++) await write({ ...first, articleCount: n, lastSeen: T0 + n });
        assert.ok(await found("santiago"));
        assert.equal((await s.search("santiago", 5)).filter((h) => h.id === "quake").length, 1);
        await write({
          headline: "Chile counts the damage",
          summary: "Engineers inspected bridges.",
          entities: ["Valparaiso"],
          articleCount: 5,
        });
        assert.ok(!(await found("santiago")), "the old label is no longer indexed");
        assert.ok(await found("bridges"));
        assert.ok(await found("valparaiso"));
      });
    });

    describe("retention", () => {
      it("prunes old articles in batches, drops emptied stories and their events, keeps the rest", async () => {
        const s = await fresh();
        const old: NewArticle[] = [];
        for (let i = 0; i < 10; i++) {
          old.push(
            item({
              url: `https://old.example/${i}`,
              title: `old ${i}`,
              fetchedAt: T0 - 40 * DAY + i,
              published: T0 - 40 * DAY,
            }),
          );
        }
        const fresh3 = [0, 1, 2].map((i) =>
          item({ url: `https://new.example/${i}`, title: `new ${i}`, fetchedAt: T0 + i }),
        );
        const r = await s.ingest([...old, ...fresh3]);
        const ids = r.inserted.map((a) => a.id);
        // "gone": only old articles; "mixed": two old and one new.
        for (const id of ids.slice(0, 8)) {
          await s.commitAssignment(
            { articleId: id, storyId: "gone", eventId: "gone", score: 0, threshold: 0.5 },
            story("gone", { lastSeen: T0 - 40 * DAY }),
            [{ storyId: "gone", type: "grew", at: T0 - 40 * DAY }],
          );
        }
        for (const id of [ids[8], ids[9], ids[10]]) {
          await s.commitAssignment(
            { articleId: id, storyId: "mixed", eventId: "mixed", score: 0, threshold: 0.5 },
            story("mixed", { articleCount: 3, outletCount: 1 }),
            [],
          );
        }
        await s.putStory(
          story("merged-away", { status: "merged", mergedInto: "mixed", lastSeen: T0 - 50 * DAY }),
        );

        const before = T0 - 30 * DAY;
        const batches: { articles: number; stories: number }[] = [];
        for (let guard = 0; guard < 10; guard++) {
          const b = await s.prune(before, 4);
          batches.push(b);
          if (b.articles < 4) break;
        }
        assert.deepEqual(
          batches.map((b) => b.articles),
          [4, 4, 2],
        );
        assert.equal(
          batches.reduce((n, b) => n + b.stories, 0),
          2,
          "the emptied story and the old merged one",
        );
        assert.equal(await s.countArticles(), 3);
        assert.equal(await s.getStory("gone"), null);
        assert.equal(await s.getStory("merged-away"), null);
        assert.deepEqual(await s.eventsOfStory("gone"), []);
        const mixed = await s.getStory("mixed");
        assert.equal(mixed?.articleCount, 1);
        assert.deepEqual(
          (await s.articlesOfStory("mixed")).map((a) => a.id),
          [ids[10]],
        );
        assert.deepEqual(await s.sightingsOf(ids[0]), []);
        assert.equal(await s.getArticle(ids[0]), null);
        assert.deepEqual(await s.search("old", 5), []);
        assert.deepEqual(await s.prune(before, 4), { articles: 0, stories: 0 });
        // A pruned URL is new again when it comes back.
        const again = await s.ingest([old[0]]);
        assert.equal(again.inserted.length, 1);
      });
    });

    describe("restart", () => {
      it("keeps feeds, articles, sightings, stories, events and corrections across close and reopen", async (t) => {
        if (!reopen) {
          t.skip("this backend's factory cannot reopen a store");
          return;
        }
        const s = await create();
        const f = await s.addFeed({ url: "https://a.example/rss", category: "World" });
        await s.updateFeed(f.id, { etag: "e1", nextPollAt: T0 });
        const r = await s.ingest([
          item({
            feedId: f.id,
            guid: "1",
            url: "https://a.example/1",
            title: "Storm Elin",
            text: TOPICS[0],
          }),
          item({
            feedId: f.id,
            guid: "2",
            url: "https://a.example/2",
            title: "Rates",
            text: TOPICS[1],
          }),
        ]);
        const [a1] = r.inserted.map((a) => a.id);
        await s.commitAssignment(
          { articleId: a1, storyId: "keep-me", eventId: "keep-me", score: 0.3, threshold: 0.5 },
          story("keep-me", { headline: "Storm Elin" }),
          [{ storyId: "keep-me", type: "created", at: T0 }],
        );
        await s.addCorrection({
          kind: "move",
          storyIds: ["keep-me", "other"],
          articleIds: [a1],
          at: T0,
        });
        await s.close();

        const s2 = await reopen(s);
        open.push(s2);
        assert.equal((await s2.getFeed(f.id))?.etag, "e1");
        assert.equal(await s2.countArticles(), 2);
        assert.equal((await s2.getArticle(a1))?.storyId, "keep-me");
        assert.equal((await s2.getStory("keep-me"))?.headline, "Storm Elin");
        assert.equal((await s2.eventsAfter(0, 10)).length, 1);
        assert.equal((await s2.listCorrections()).length, 1);
        assert.equal((await s2.sightingsOf(a1)).length, 1);
        assert.ok((await s2.search("storm elin", 5)).some((h) => h.id === "keep-me"));
        await s2.migrate();
        const again = await s2.ingest([
          item({ feedId: f.id, guid: "1", url: "https://a.example/1" }),
        ]);
        assert.deepEqual(again.matched, [a1], "dedupe still sees the stored articles");
      });
    });
  });
}
