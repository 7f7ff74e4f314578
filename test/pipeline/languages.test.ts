// The single-process engine (serve, npm start) clusters each language apart: three real HTTP feeds
// on 127.0.0.1 (English with <language>, German with <language>, French without one: detected
// from its items) report one meeting with the same names, into a real SQLite file.

import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Writable } from "node:stream";
import { type TestContext, test } from "node:test";
import { defaultConfig } from "../../src/config.ts";
import type { FeedState, ParsedFeed } from "../../src/feeds/types.ts";
import { Engine } from "../../src/pipeline/engine.ts";
import { LanguageEngines } from "../../src/pipeline/languages.ts";
import { createLogger } from "../../src/pipeline/log.ts";
import { normaliseFeed } from "../../src/pipeline/normalise.ts";
import { startWeb } from "../../src/pipeline/web.ts";
import { openStore } from "../../src/store/open.ts";
import type { Store, StoredArticle } from "../../src/store/types.ts";
import { pgSkip, throwawaySchema } from "../helpers/pg.ts";
import { pollOnce, tempDir } from "./fixtures.ts";

const config = {
  clustering: { windowMs: 3 * 86_400_000, granularity: "story" as const },
  quietAfterMs: 86_400_000,
  retention: { horizonMs: 30 * 86_400_000, intervalMs: 3_600_000, batchSize: 500 },
};
const HOUR = 3_600_000;
const T0 = Date.parse("2024-05-14T08:00:00Z");

interface Item {
  guid: string;
  title: string;
  text: string;
  at: number;
}

// Five reports per language of one meeting (the same names, place and figure in all three
// languages), released in two rounds after the first three.
const REPORTS: Record<"en" | "de" | "fr", [string, string][]> = {
  en: [
    [
      "Scholz and Macron agree Airbus fighter jet deal in Berlin",
      "German Chancellor Olaf Scholz and French President Emmanuel Macron agreed in Berlin on Tuesday to fund the Airbus FCAS fighter jet with 8 billion euros.",
    ],
    [
      "Macron and Scholz seal 8 billion euro FCAS jet pact in Berlin",
      "Emmanuel Macron and Olaf Scholz sealed the funding of the FCAS fighter jet built by Airbus and Dassault at their meeting in Berlin.",
    ],
    [
      "Berlin talks: Scholz and Macron back Airbus FCAS fighter funding",
      "The chancellor and the president backed 8 billion euros for the Airbus FCAS fighter jet after talks in Berlin on Tuesday.",
    ],
    [
      "Airbus welcomes FCAS fighter jet deal struck by Scholz and Macron",
      "Airbus said the 8 billion euro FCAS fighter jet deal agreed by Olaf Scholz and Emmanuel Macron in Berlin secures thousands of jobs.",
    ],
    [
      "Opposition questions cost of Scholz and Macron FCAS fighter jet deal",
      "Critics of the FCAS fighter jet deal agreed by Scholz and Macron in Berlin said the 8 billion euros for Airbus lacked oversight.",
    ],
  ],
  de: [
    [
      "Scholz und Macron einigen sich in Berlin auf Airbus-Kampfjet",
      "Bundeskanzler Olaf Scholz und der französische Präsident Emmanuel Macron haben sich am Dienstag in Berlin auf die Finanzierung des Kampfjets FCAS von Airbus mit 8 Milliarden Euro geeinigt.",
    ],
    [
      "Macron und Scholz besiegeln in Berlin den FCAS-Pakt über 8 Milliarden Euro",
      "Emmanuel Macron und Olaf Scholz haben bei ihrem Treffen in Berlin die Finanzierung des Kampfjets FCAS von Airbus und Dassault besiegelt.",
    ],
    [
      "Treffen in Berlin: Scholz und Macron stützen den Kampfjet FCAS von Airbus",
      "Der Kanzler und der Präsident haben nach Gesprächen in Berlin am Dienstag 8 Milliarden Euro für den Kampfjet FCAS von Airbus zugesagt.",
    ],
    [
      "Airbus begrüßt die Einigung von Scholz und Macron auf den Kampfjet FCAS",
      "Airbus sagte, die Einigung von Olaf Scholz und Emmanuel Macron in Berlin auf den Kampfjet FCAS über 8 Milliarden Euro sichere tausende Stellen.",
    ],
    [
      "Opposition kritisiert die Kosten des Kampfjets FCAS von Scholz und Macron",
      "Kritiker der Einigung von Scholz und Macron in Berlin auf den Kampfjet FCAS sagten, die 8 Milliarden Euro für Airbus seien nicht kontrolliert.",
    ],
  ],
  fr: [
    [
      "Scholz et Macron s'accordent à Berlin sur l'avion de combat d'Airbus",
      "Le chancelier allemand Olaf Scholz et le président Emmanuel Macron se sont mis d'accord mardi à Berlin sur le financement de l'avion de combat SCAF d'Airbus, pour 8 milliards d'euros.",
    ],
    [
      "Macron et Scholz scellent à Berlin un pacte de 8 milliards pour le SCAF",
      "Emmanuel Macron et Olaf Scholz ont scellé à Berlin le financement de l'avion de combat SCAF construit par Airbus et Dassault.",
    ],
    [
      "Réunion à Berlin : Scholz et Macron soutiennent l'avion de combat d'Airbus",
      "Le chancelier et le président ont accordé mardi à Berlin 8 milliards d'euros pour l'avion de combat SCAF d'Airbus après leurs entretiens.",
    ],
    [
      "Airbus salue l'accord de Scholz et Macron sur l'avion de combat SCAF",
      "Airbus a déclaré que l'accord de 8 milliards d'euros conclu à Berlin par Olaf Scholz et Emmanuel Macron sur le SCAF garantit des milliers d'emplois.",
    ],
    [
      "L'opposition critique le coût de l'avion de combat SCAF de Scholz et Macron",
      "Les critiques de l'accord conclu à Berlin par Scholz et Macron sur le SCAF ont dit que les 8 milliards d'euros pour Airbus manquaient de contrôle.",
    ],
  ],
};
const LANGS = ["en", "de", "fr"] as const;

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/**
 * Feeds on 127.0.0.1 whose items the test releases; French declares no language, nor does "xx",
 * whose items (names only) tell none.
 */
async function feedServer(t: TestContext) {
  const items: Record<string, Item[]> = { en: [], de: [], fr: [], xx: [] };
  const declared: Record<string, string | null> = { en: "en-GB", de: "de", fr: null, xx: null };
  const server = createServer((req, res) => {
    const lang = (req.url ?? "").slice(1, 3);
    const feed = items[lang];
    if (!feed) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Feed ${lang}</title><link>https://${lang}.example/</link>
${declared[lang] ? `<language>${declared[lang]}</language>` : ""}
${feed
  .map(
    (i) => `<item><guid isPermaLink="false">${i.guid}</guid><title>${xml(i.title)}</title>
<link>https://${lang}.example/${i.guid}</link><description>${xml(i.text)}</description>
<pubDate>${new Date(i.at).toUTCString()}</pubDate></item>`,
  )
  .join("\n")}
</channel></rss>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urls = LANGS.map((l) => `${base}/${l}.xml`);
  const xxUrl = `${base}/xx.xml`;
  /** Releases report k of each language, `k` hours plus a few minutes after T0. */
  const release = (k: number) => {
    LANGS.forEach((l, li) => {
      const [title, text] = REPORTS[l][k];
      items[l].push({ guid: `${l}-${k}`, title, text, at: T0 + k * HOUR + li * 5 * 60_000 });
    });
  };
  return { items, urls, xxUrl, release };
}

const tempStore = (t: TestContext) => join(tempDir(t, "languages"), "storyline.db");

/** A logger whose JSON lines are kept in `lines`. */
function keptLog() {
  const lines: { msg: string; [k: string]: unknown }[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, log: createLogger({ level: "info", format: "json" }, sink) };
}

async function languageEngines(store: Store, log = keptLog().log): Promise<LanguageEngines> {
  const engines = new LanguageEngines({ store, log, config, housekeepingMs: 2_000_000_000 });
  await engines.start();
  return engines;
}

/** Feed items stored as the engine stores them, but not clustered (what a crash leaves). */
const storeOnly = (store: Store) => ({
  handleFeed: async (feed: FeedState, parsed: ParsedFeed) => {
    const r = await store.ingest(normaliseFeed(feed, parsed, Date.now()));
    return { items: parsed.items.length, inserted: r.inserted.length, sightings: r.sightings };
  },
  idle: async () => {},
});

/** guid -> story id of every stored article. */
async function assignments(store: Store): Promise<Map<string, string | null>> {
  const all = await store.assignedArticlesSince(Number.NEGATIVE_INFINITY);
  return new Map(all.map((a) => [a.guid!, a.storyId]));
}

async function byGuid(store: Store): Promise<Map<string, StoredArticle>> {
  const all = await store.assignedArticlesSince(Number.NEGATIVE_INFINITY);
  return new Map(all.map((a) => [a.guid!, a]));
}

/** The guids of each story, as sorted lists, sorted. */
function groups(assigned: Map<string, string | null>): string[][] {
  const by = new Map<string, string[]>();
  for (const [guid, story] of assigned) {
    const list = by.get(story ?? "none") ?? [];
    list.push(guid);
    by.set(story ?? "none", list);
  }
  return [...by.values()].map((g) => g.sort()).sort((a, b) => a[0].localeCompare(b[0]));
}

const guids = (lang: string, n: number) => Array.from({ length: n }, (_, k) => `${lang}-${k}`);

/** One story per language, across a clean restart (saved states) and one from kept features. */
async function perLanguageAcrossRestarts(t: TestContext, target: string): Promise<void> {
  const feeds = await feedServer(t);
  const store = await openStore(target);
  t.after(() => store.close());
  for (const k of [0, 1, 2]) feeds.release(k);

  const first = await languageEngines(store);
  await pollOnce(first, store, feeds.urls);
  const stored = await byGuid(store);
  assert.equal(stored.size, 9);
  for (const l of LANGS) {
    for (const g of guids(l, 3)) assert.equal(stored.get(g)?.lang, l, g);
  }
  // Each language's reports join each other; no story mixes languages.
  assert.deepEqual(groups(await assignments(store)), [
    guids("de", 3),
    guids("en", 3),
    guids("fr", 3),
  ]);
  assert.deepEqual([...first.engines.keys()].sort(), ["de", "en", "fr"]);
  assert.equal(first.stats.clustered, 9);
  assert.equal(first.liveStories, 3);
  for (const l of LANGS) {
    const s = await store.getStory(stored.get(`${l}-0`)!.storyId!);
    assert.equal(s?.lang, l);
    assert.equal(s?.articleCount, 3);
  }
  // explain() answers from the article's own language's clusterer.
  const why = first.explain(stored.get("de-1")!.id);
  assert.ok(
    why?.entities.some((e) => /scholz/i.test(e)),
    JSON.stringify(why),
  );
  assert.equal(why?.score, stored.get("de-1")!.score);
  await first.stop();
  const before = await assignments(store);

  // A clean stop saved each language's state: the restart loads them and replays nothing.
  for (const l of LANGS) assert.ok(await store.getClusterSnapshot(`state:${l}`), l);
  const second = await languageEngines(store);
  assert.equal(second.stats.restored, 9);
  assert.equal(second.stats.restoredFromState, 9);
  assert.deepEqual(await assignments(store), before);
  feeds.release(3);
  await pollOnce(second, store, feeds.urls);
  const afterState = await assignments(store);
  for (const l of LANGS) assert.equal(afterState.get(`${l}-3`), before.get(`${l}-0`), `${l}-3`);
  await second.stop();

  // Without saved states (and their document frequencies): restored from the kept features.
  for (const l of LANGS) {
    await store.deleteClusterSnapshot(`state:${l}`);
    await store.deleteClusterSnapshot(`docfreq:${l}`);
  }
  const third = await languageEngines(store);
  assert.equal(third.stats.restored, 12);
  assert.equal(third.stats.restoredFromState, 0);
  assert.equal(third.stats.restoredFromText, 0);
  assert.deepEqual(await assignments(store), afterState);
  feeds.release(4);
  await pollOnce(third, store, feeds.urls);
  const last = await assignments(store);
  for (const l of LANGS) assert.equal(last.get(`${l}-4`), before.get(`${l}-0`), `${l}-4`);
  assert.deepEqual(groups(last), [guids("de", 5), guids("en", 5), guids("fr", 5)]);
  await third.stop();
}

test("one meeting reported in English, German and French (detected) is one story per language, across restarts (SQLite)", async (t) => {
  await perLanguageAcrossRestarts(t, tempStore(t));
});

test("the same on PostgreSQL (serve --db postgres://)", { skip: pgSkip }, async (t) => {
  const schema = throwawaySchema("lang");
  t.after(schema.drop);
  await perLanguageAcrossRestarts(t, schema.url);
});

test("after a crash each language's engine restores and recovers its own articles; no language told is 'und'", async (t) => {
  const feeds = await feedServer(t);
  const store = await openStore(tempStore(t));
  t.after(() => store.close());
  for (const k of [0, 1, 2]) feeds.release(k);
  feeds.items.xx.push(
    { guid: "xx-0", title: "Scholz, Macron, Airbus: FCAS, Berlin", text: "", at: T0 + 10 * 60_000 },
    { guid: "xx-1", title: "FCAS: Scholz, Macron, Berlin, Airbus", text: "", at: T0 + HOUR },
  );
  const urls = [...feeds.urls, feeds.xxUrl];
  const first = await languageEngines(store);
  await pollOnce(first, store, urls);
  assert.deepEqual([...first.engines.keys()].sort(), ["de", "en", "fr", "und"]);
  const stored = await byGuid(store);
  assert.equal(stored.get("xx-0")?.lang, null);
  const firstRound = await assignments(store);
  for (const x of ["xx-0", "xx-1"]) {
    const story = firstRound.get(x);
    assert.deepEqual(
      [...firstRound].filter(([g, s]) => s === story && !g.startsWith("xx")),
      [],
      "the 'und' feed's reports join no other language's",
    );
  }
  await first.stop();
  assert.ok(await store.getClusterSnapshot("state:und"));
  // Running again: one more report each is clustered, then the process dies (no stop, no state
  // saved after them), and one more report each is stored but never clustered.
  const crashed = await languageEngines(store);
  feeds.release(3);
  await pollOnce(crashed, store, urls);
  feeds.release(4);
  await pollOnce(storeOnly(store), store, urls);
  assert.equal((await store.unassignedArticles(10)).length, 3);
  const beforeRestart = await assignments(store);

  const restarted = await languageEngines(store);
  assert.equal(restarted.stats.restoredFromState, 11, "the states saved on stop");
  assert.equal(restarted.stats.restored, 14, "and the 3 members clustered after them");
  assert.equal(restarted.stats.recovered, 3);
  await restarted.stop();
  const after = await assignments(store);
  for (const [g, s] of beforeRestart) if (s) assert.equal(after.get(g), s, g);
  for (const l of LANGS) {
    assert.equal(after.get(`${l}-3`), firstRound.get(`${l}-0`), `${l}-3`);
    assert.equal(after.get(`${l}-4`), firstRound.get(`${l}-0`), `${l}-4`);
  }
  assert.deepEqual(await store.unassignedArticles(10), []);
});

test("a correction merging an English and a German story is refused, and nothing changes", async (t) => {
  const feeds = await feedServer(t);
  const store = await openStore(tempStore(t));
  t.after(() => store.close());
  for (const k of [0, 1, 2]) feeds.release(k);
  const engines = await languageEngines(store);
  await pollOnce(engines, store, feeds.urls);
  const stored = await byGuid(store);
  const en = stored.get("en-0")!.storyId!;
  const de = stored.get("de-0")!.storyId!;
  const before = await assignments(store);
  await assert.rejects(
    engines.applyCorrection({ kind: "merge", storyIds: [en, de], articleIds: [], at: T0 }),
    (err: Error) =>
      err.name === "CorrectionError" &&
      /language en .* in de: merging stories of two languages/.test(err.message),
  );
  await assert.rejects(
    engines.applyCorrection({
      kind: "move",
      storyIds: [de, en],
      articleIds: [stored.get("de-1")!.id],
      at: T0,
    }),
    (err: Error) => err.name === "CorrectionError",
  );
  // Through the admin API as serve wires it: 409 with the reason.
  const web = await startWeb(
    store,
    { ...defaultConfig(), port: 0, host: "127.0.0.1", adminToken: "a-long-admin-token-for-tests" },
    engines,
  );
  const res = await fetch(`${web.url}api/admin/stories/merge`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-admin-token": "a-long-admin-token-for-tests",
    },
    body: JSON.stringify({ from: en, into: de }),
  });
  await web.close();
  assert.equal(res.status, 409);
  assert.match(((await res.json()) as { message: string }).message, /two languages/);
  // An API server that only records corrections (a worker deployment's) refuses them too.
  const recorder = await startWeb(
    store,
    { ...defaultConfig(), port: 0, host: "127.0.0.1", adminToken: "a-long-admin-token-for-tests" },
    null,
  );
  const admin = (path: string, body: unknown) =>
    fetch(`${recorder.url}api/admin/${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-admin-token": "a-long-admin-token-for-tests",
      },
      body: JSON.stringify(body),
    });
  const merged = await admin("stories/merge", { from: de, into: en });
  const moved = await admin(`articles/${stored.get("de-1")!.id}/move`, { to: en });
  await recorder.close();
  assert.equal(merged.status, 409);
  assert.match(((await merged.json()) as { message: string }).message, /merging stories of two/);
  assert.equal(moved.status, 409);
  assert.match(((await moved.json()) as { message: string }).message, /moving articles between/);
  assert.deepEqual(await store.listCorrections(), [], "a refused correction is not stored");
  assert.deepEqual(await assignments(store), before);
  assert.equal((await store.getStory(en))?.status, "active");
  // Within one language a person's split and merge still apply.
  const r = await engines.applyCorrection({
    kind: "split",
    storyIds: [de],
    articleIds: [stored.get("de-2")!.id],
    at: T0,
  });
  assert.ok(r.storyId);
  const split = await assignments(store);
  assert.equal(split.get("de-2"), r.storyId);
  await engines.applyCorrection({
    kind: "merge",
    storyIds: [r.storyId!, de],
    articleIds: [],
    at: T0,
  });
  assert.deepEqual(await assignments(store), before);
  assert.equal((await store.listCorrections()).length, 2);
  await engines.stop();
});

test("each language goes quiet on its own stream time, also after a restart", async (t) => {
  const feeds = await feedServer(t);
  const store = await openStore(tempStore(t));
  t.after(() => store.close());
  for (const k of [0, 1, 2]) feeds.release(k);
  const engines = await languageEngines(store);
  await pollOnce(engines, store, feeds.urls);
  const stored = await byGuid(store);
  const story = (l: string) => stored.get(`${l}-0`)!.storyId!;
  // Two days later only the German feed has news (another story).
  feeds.items.de.push({
    guid: "de-flood",
    title: "Hochwasser in Bayern: Tausende Menschen werden evakuiert",
    text: "Nach tagelangem Regen sind in Bayern tausende Menschen vor dem Hochwasser der Donau in Sicherheit gebracht worden.",
    at: T0 + 2 * 24 * HOUR,
  });
  await pollOnce(engines, store, feeds.urls);
  await engines.housekeeping();
  const status = async (l: string) => (await store.getStory(story(l)))?.status;
  assert.equal(await status("de"), "quiet");
  assert.equal(await status("en"), "active", "English time has not moved");
  assert.equal(await status("fr"), "active");
  await engines.stop();
  // A restart takes each language's clock from its own newest story.
  const restarted = await languageEngines(store);
  await restarted.housekeeping();
  assert.equal(await status("en"), "active");
  assert.equal(await status("fr"), "active");
  await restarted.stop();
});

test("a store of one clusterer for every language (before this) starts: its state is dropped with a log line, nothing stored is lost", async (t) => {
  const feeds = await feedServer(t);
  const store = await openStore(tempStore(t));
  t.after(() => store.close());
  for (const k of [0, 1, 2]) feeds.release(k);
  // What serve ran before: one Engine on the whole store.
  const old = new Engine({ store, log: keptLog().log, config, housekeepingMs: 2_000_000_000 });
  await old.start();
  await pollOnce(old, store, feeds.urls);
  await old.stop();
  const before = await assignments(store);
  const mixed = groups(before).find((g) => g.some((x) => x.startsWith("en")));
  assert.ok(
    mixed?.some((x) => x.startsWith("de")),
    `one clusterer joined English and German: ${JSON.stringify(groups(before))}`,
  );
  assert.ok(await store.getClusterSnapshot("state"));
  assert.ok(await store.getClusterSnapshot("docfreq"));

  const { lines, log } = keptLog();
  const engines = await languageEngines(store, log);
  const dropped = lines.filter((l) => /one clusterer for all languages not used/.test(l.msg));
  assert.deepEqual(
    dropped.map((l) => l.key),
    ["state", "docfreq"],
  );
  assert.equal(await store.getClusterSnapshot("state"), null);
  assert.equal(await store.getClusterSnapshot("docfreq"), null);
  // Nothing stored is lost, duplicated or reassigned.
  assert.equal(await store.countArticles(), 9);
  assert.deepEqual(await assignments(store), before);
  assert.deepEqual(await store.unassignedArticles(10), []);
  feeds.release(3);
  await pollOnce(engines, store, feeds.urls);
  await engines.stop();
  const after = await assignments(store);
  assert.equal(after.size, 12);
  for (const [guid, s] of before) assert.equal(after.get(guid), s, guid);
  // The mixed story is continued by its own language only (its record's); a new report in the
  // other language starts a story of that language.
  const mixedStory = before.get("en-0")!;
  const own = (await store.getStory(mixedStory))?.lang;
  assert.ok(own === "en" || own === "de", own ?? "none");
  const other = own === "en" ? "de" : "en";
  assert.equal(after.get(`${own}-3`), mixedStory);
  const otherStory = after.get(`${other}-3`)!;
  assert.notEqual(otherStory, mixedStory);
  assert.deepEqual(
    [...after].filter(([, s]) => s === otherStory).map(([g]) => g),
    [`${other}-3`],
  );
  for (const s of new Set(after.values())) {
    const members = [...after.values()].filter((x) => x === s).length;
    assert.equal((await store.getStory(s!))?.articleCount, members, s!);
  }
  // The next start finds no state of the old kind and logs nothing about it.
  const again = keptLog();
  const next = await languageEngines(store, again.log);
  assert.ok(!again.lines.some((l) => /one clusterer for all languages/.test(l.msg)));
  assert.ok(next.stats.restoredFromState > 0);
  await next.stop();
});
