// A story that never goes quiet must not grow the clusterer's memory without bound.
import assert from "node:assert/strict";
import { test } from "node:test";
import { census } from "../../src/stories/census.ts";
import { KEEP_MEMBERS, StreamClusterer } from "../../src/stories/cluster.ts";
import { CENTROID_KEEP, CENTROID_TERMS, Centroid } from "../../src/stories/features.ts";
import { Vocab } from "../../src/stories/vocab.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 20);

test("a story that keeps growing keeps its latest members one by one and stays one story", () => {
  const c = new StreamClusterer();
  const n = KEEP_MEMBERS + 150;
  const stories = new Set<string>();
  // One running story: a new article every three minutes, all inside one window, so the
  // member limit applies before the window does.
  for (let i = 0; i < n; i++) {
    const a = c.add({
      id: `war-${i}`,
      title: `Volcano eruption near Grindavik forces evacuation, update ${i}`,
      text: "Lava from the Iceland volcano reached the outskirts of Grindavik overnight.",
      source: null,
      published: T0 + i * 3 * MINUTE,
    });
    stories.add(a.storyId);
  }
  assert.equal(stories.size, 1);
  const [story] = stories;
  const members = c.members(story);
  assert.equal(members.length, KEEP_MEMBERS);
  assert.equal(members.at(-1), `war-${n - 1}`);
  // The oldest members are forgotten one by one; the story itself is live and keeps taking members.
  assert.equal(c.storyOf("war-1"), null);
  assert.equal(c.storyOf(`war-${n - 1}`), story);
  assert.equal(c.liveStories, 1);
  assert.notEqual(c.explain(`war-${n - 1}`), null);
  // Corrections still work on the kept members.
  const part = c.split(story, [`war-${n - 2}`, `war-${n - 1}`]);
  assert.deepEqual(c.members(part), [`war-${n - 2}`, `war-${n - 1}`]);
  assert.equal(c.members(story).length, KEEP_MEMBERS - 2);
  c.move(`war-${n - 3}`, part);
  assert.equal(c.storyOf(`war-${n - 3}`), part);
});

test("a story that never goes quiet keeps one by one only the members of its last two windows", () => {
  const c = new StreamClusterer();
  const story = (i: number) =>
    c.add({
      id: `lava-${i}`,
      title: `Volcano eruption near Grindavik forces evacuation, update ${i}`,
      text: "Lava from the Iceland volcano reached the outskirts of Grindavik overnight.",
      source: null,
      published: T0 + i * HOUR,
    }).storyId;
  // Twelve days of hourly reports: one story throughout, three times the 4-day window.
  const s = story(0);
  for (let i = 1; i < 288; i++) assert.equal(story(i), s, `report ${i}`);
  // It keeps the reports of the last two windows (hours 95..287) and no older one.
  assert.equal(c.windowMs, 4 * DAY);
  const kept = (2 * c.windowMs) / HOUR;
  assert.deepEqual(
    c.members(s),
    Array.from({ length: kept + 1 }, (_, k) => `lava-${287 - kept + k}`),
  );
  assert.equal(c.storyOf("lava-10"), null);
  assert.equal(c.storyOf("lava-287"), s);
  assert.equal(c.liveStories, 1);

  // A split moves the kept members; a forgotten one leaves in the store only.
  const part = c.split(s, ["lava-10", "lava-200", "lava-201"]);
  assert.deepEqual(c.members(part), ["lava-200", "lava-201"]);
  assert.equal(c.members(s).length, kept - 1);
  assert.throws(() => c.split(s, ["lava-10"]), /not in story/);
  // Every kept member leaves: they form the new story, the old one (forgotten members only) is released.
  const rest = c.members(s);
  const all = c.split(s, rest);
  assert.notEqual(all, s);
  assert.deepEqual(c.members(all), rest);
  assert.deepEqual(c.members(s), []);
  assert.equal(c.liveStories, 2);
});

test("a story reported every hour for 34 days stays one story, renewed in place once up to 22 days after its first report, then every ten days", () => {
  const c = new StreamClusterer();
  const article = (i: number) => ({
    id: `flood-${i}`,
    title: `Flooding along the Oder river forces evacuations, update ${i}`,
    text: "Water levels on the Oder kept rising overnight near Wroclaw.",
    source: null,
    published: T0 + i * HOUR,
  });
  const report = (i: number) => c.add(article(i)).storyId;
  const kept = (s: string) => c.members(s).map((id) => Number(id.slice("flood-".length)));
  const window = c.windowMs / HOUR;
  // Hourly reports for three windows (12 days): one story throughout.
  const s = report(0);
  for (let i = 1; i <= 3 * window; i++) assert.equal(report(i), s, `report ${i}`);
  // Past three windows after its first report, it waits its own share of 2.5 windows more (it
  // took ten reports or more), then is renewed as a report comes: it keeps its id and the
  // reports of its last two days (the event window, back from its latest report), and forgets
  // every older one; the report joins it.
  let renewedAt = 3 * window + 1;
  for (; ; renewedAt++) {
    assert.ok(renewedAt <= 5.5 * window + 1, "renewed within 5.5 windows");
    const a = c.add(article(renewedAt));
    assert.equal(a.storyId, s);
    if (a.renewed) {
      assert.deepEqual(
        a.renewed.map((r) => r.storyId),
        [s],
      );
      break;
    }
  }
  const keep = 48;
  const cut = renewedAt - 1 - keep;
  assert.deepEqual(
    kept(s),
    Array.from({ length: renewedAt + 1 - cut }, (_, k) => cut + k),
  );
  assert.equal(c.storyOf(`flood-${cut - 1}`), null);
  assert.equal(c.explain(`flood-${cut - 1}`), null);
  // Its oldest kept report, added again, is known as a member that did not found the story.
  const again = c.add(article(cut));
  assert.equal(again.storyId, s);
  assert.equal(again.isNew, false);
  const after = census(c);
  assert.equal(after.stories, 1);
  assert.equal(after.keptMembers, renewedAt + 1 - cut);
  assert.equal(after.bySize[0].members, after.keptMembers);
  // By age: its first kept report is two days old (the census's 2-4 day bucket).
  assert.deepEqual(
    after.byAge.map((b) => [b.from, b.stories, b.members]),
    [[2, 1, after.keptMembers]],
  );
  // Its state is what its kept reports make: one event, centroids from the kept vectors only.
  assert.ok(after.events >= 1 && after.storyCentroidTerms > 0);

  // Renewed again three windows after its first kept report (on time: the stagger is spent),
  // still one story, keeping its last two days again.
  const end = 34 * 24;
  for (let i = renewedAt + 1; i < end; i++) {
    const a = c.add(article(i));
    assert.equal(a.storyId, s, `report ${i}`);
    assert.equal(a.renewed !== undefined, i === cut + 3 * window + 1, `renewed at report ${i}`);
  }
  const second = cut + 3 * window - keep;
  assert.deepEqual(
    kept(s),
    Array.from({ length: end - second }, (_, k) => second + k),
  );
  assert.equal(c.liveStories, 1);
  assert.equal(census(c).keptMembers, end - second);
  for (const id of c.members(s)) {
    assert.ok(c.memberFeatures(id)!.p.time! >= T0 + second * HOUR, id);
  }
});

// Two stories' reports, numbered: a flood that runs on, a strike that goes quiet.
const floodReport = (c: StreamClusterer, n: number, unit: string, published: number) =>
  c.add({
    id: `flood-${n}`,
    title: `Flooding along the Oder river forces evacuations, ${unit} ${n}`,
    text: "Water levels on the Oder kept rising overnight near Wroclaw.",
    source: null,
    published,
  }).storyId;
const strikeReport = (c: StreamClusterer, n: number, published: number) =>
  c.add({
    id: `strike-${n}`,
    title: `Dock workers strike shuts the port of Antwerp, day ${n}`,
    text: "Cranes stood idle in Antwerp as the dockers' union walked out over pay.",
    source: null,
    published,
  }).storyId;

test("beside a running story that is renewed, a story quiet for a window still expires", () => {
  const c = new StreamClusterer();
  const flood = (i: number) => floodReport(c, i, "update", T0 + i * HOUR);
  const strike = (i: number) => strikeReport(c, i, T0 + i * HOUR + 30 * MINUTE);
  const window = c.windowMs / HOUR;
  const running = flood(0);
  const quiet = strike(0);
  assert.notEqual(running, quiet);
  // The strike is reported for two days, then nothing for more than a window.
  for (let i = 1; i < 48; i++) assert.equal(strike(i), quiet, `strike ${i}`);
  for (let i = 1; i <= 3 * window + 24; i++) assert.equal(flood(i), running, `flood ${i}`);
  // Released when the flood's clock passed its last report by a window: nothing of it is kept.
  assert.deepEqual(c.members(quiet), []);
  assert.equal(c.storyOf("strike-47"), null);
  assert.equal(c.liveStories, 1);
  // Its next report founds a story of its own; the flood story, renewed, takes its next one.
  const again = strike(3 * window + 25);
  assert.notEqual(again, quiet);
  assert.equal(flood(3 * window + 26), running);
  assert.equal(c.liveStories, 2);
});

test("a quiet story that articles out of order put behind a running one is released, not renewed", () => {
  const c = new StreamClusterer();
  const strike = (day: number) => strikeReport(c, day, T0 + day * DAY);
  const flood = (day: number) => floodReport(c, day, "day", T0 + day * DAY);
  const quiet = strike(0);
  // Twice a day: a pace whose allowance is the window (6 x 8/13 days is under 4 days).
  for (let day = 0.5; day <= 6; day += 0.5) assert.equal(strike(day), quiet);
  const running = flood(9);
  // A report of day 8 arrives after the flood's of day 9: the strike is now the most recently
  // active story in arrival order, though its last report is older.
  assert.equal(strike(8), quiet);
  // Day 12.5: the strike's first report is past three windows and its last (day 8) past one,
  // behind the flood (day 9) in activity order: it is released as a quiet story is, not renewed.
  assert.equal(flood(12.5), running);
  assert.deepEqual(c.members(quiet), []);
  assert.equal(c.storyOf("strike-8"), null);
  assert.deepEqual(c.members(running), ["flood-9", "flood-12.5"]);
});

test("a centroid past its term limit keeps its heaviest terms and a consistent norm", () => {
  const vocab = new Vocab();
  const c = new Centroid();
  const heavy = vocab.intern({ keys: ["volcano", "lava"], vals: [0.8, 0.6] });
  for (let i = 0; i < 10; i++) c.add(heavy, vocab);
  // Many one-off rare words, each seen once.
  for (let i = 0; i < CENTROID_TERMS * 2; i++)
    c.add(vocab.intern({ keys: [`rare${i}`], vals: [0.1] }), vocab);
  assert.ok(c.size <= CENTROID_TERMS && c.size >= CENTROID_KEEP, `${c.size} terms`);
  const [volcano, lava] = heavy.ids;
  assert.ok(Math.abs(c.get(volcano) - 8) < 1e-9);
  // The cosine with the heavy vector matches one computed from the kept terms alone.
  let norm2 = 0;
  for (const id of c.termIds) norm2 += c.get(id) ** 2;
  const want = (0.8 * c.get(volcano) + 0.6 * c.get(lava)) / Math.sqrt(norm2);
  assert.ok(Math.abs(c.cosine(heavy) - want) < 1e-9);
  // A centroid with a bound of its own (baseline (a)'s) prunes at that bound.
  const wide = new Centroid({ terms: 3000, keep: 2000 });
  for (let i = 0; i < 2500; i++) wide.add(vocab.intern({ keys: [`rare${i}`], vals: [0.1] }), vocab);
  assert.equal(wide.size, 2500);
});

test("the term vocabulary recycles the words of released stories and stays bounded", () => {
  const c = new StreamClusterer();
  // Made-up words nothing else uses: every story brings 50 of its own.
  const word = (n: number) => {
    let s = "";
    for (let k = n; s.length < 4; k = Math.floor(k / 26)) s += String.fromCharCode(97 + (k % 26));
    return `zq${s}x`;
  };
  const stories = 3000;
  const per = 50;
  let largest = 0;
  const firsts: string[] = [];
  // Story i opens at hour 2i and gets its second report 30 hours later: about 15 stories are
  // waiting for theirs whenever unused ids are recycled, and their words must keep their ids.
  const article = (i: number, part: string) => {
    const words = Array.from({ length: per }, (_, k) => word(i * per + k));
    return c.add({
      id: `${i}-${part}`,
      title: words.slice(0, 8).join(" "),
      text: words.slice(8).join(" "),
      source: null,
      published: T0 + (2 * i + (part === "b" ? 30 : 0)) * HOUR,
    });
  };
  for (let i = 0; i < stories + 15; i++) {
    if (i < stories) firsts.push(article(i, "a").storyId);
    const j = i - 15;
    if (j >= 0) {
      // The second report meets its story even after ids have been recycled; stories never mix.
      assert.equal(article(j, "b").storyId, firsts[j], `story ${j}`);
      if (j > 0) assert.notEqual(firsts[j], firsts[j - 1]);
    }
    largest = Math.max(largest, c.vocabularySize);
  }
  // 150,000 distinct words went through; the table never held more than its sweep point.
  assert.ok(stories * per > 2 * largest, `vocabulary peaked at ${largest}`);
  assert.ok(c.vocabularySize < 70_000);
});

test("once the window is full the vocabulary holds twice its live terms at most", () => {
  const c = new StreamClusterer();
  // A one-off story every four minutes, 50 made-up words of its own (letters only, so no token
  // rule drops them): about 1,440 live stories (the 4-day window) hold about 70,000 live
  // terms, while three windows' 216,000 words go through.
  const word = (n: number) => {
    let s = "";
    for (let k = n; s.length < 4; k = Math.floor(k / 26)) s += String.fromCharCode(97 + (k % 26));
    return `zq${s}x`;
  };
  const per = 50;
  const spacing = 4 * MINUTE;
  let largest = 0;
  let smallest = Number.POSITIVE_INFINITY;
  let sweeps = 0;
  let previous = 0;
  for (let i = 0; i < 3 * (c.windowMs / spacing); i++) {
    const words = Array.from({ length: per }, (_, k) => word(i * per + k));
    c.add({
      id: `one-off-${i}`,
      title: words.slice(0, 8).join(" "),
      text: words.slice(8).join(" "),
      source: null,
      published: T0 + i * spacing,
    });
    const size = c.vocabularySize;
    if (i * spacing > 1.5 * c.windowMs) {
      largest = Math.max(largest, size);
      smallest = Math.min(smallest, size);
      if (size < previous) sweeps++;
    }
    previous = size;
  }
  // Right after a sweep the table holds the live terms only (the smallest size seen).
  assert.ok(smallest > 50_000, `live terms ${smallest}`);
  assert.ok(sweeps >= 2, `${sweeps} sweeps`);
  // Without sweeps it would hold every word that went through (three windows' worth).
  assert.ok(largest <= 2.05 * smallest, `vocabulary from ${smallest} to ${largest}`);
});

test("the census of a story that never goes quiet: its kept members and centroid terms stay bounded", () => {
  const c = new StreamClusterer();
  // Twelve days of hourly reports of one story, each with 30 made-up words of its own in the text.
  const word = (n: number) => {
    let s = "";
    for (let k = n; s.length < 4; k = Math.floor(k / 26)) s += String.fromCharCode(97 + (k % 26));
    return `zq${s}x`;
  };
  let story = "";
  let largest = 0;
  for (let i = 0; i < 288; i++) {
    const words = Array.from({ length: 30 }, (_, k) => word(i * 30 + k));
    story = c.add({
      id: `lava-${i}`,
      title: "Volcano eruption near Grindavik forces evacuation",
      text: `Lava from the Iceland volcano reached Grindavik overnight. ${words.join(" ")}.`,
      source: null,
      published: T0 + i * HOUR,
    }).storyId;
    largest = Math.max(largest, census(c).storyCentroidTerms);
  }
  const counts = census(c);
  assert.equal(counts.stories, 1);
  assert.equal(c.members(story).length, counts.keptMembers);
  // 8,640 words went through its text centroid, which holds CENTROID_TERMS at most (the title
  // and entity centroids a few terms more).
  assert.ok(largest >= CENTROID_TERMS && largest <= CENTROID_TERMS + 50, `${largest} terms`);
  assert.ok(counts.storyCentroidTerms > CENTROID_KEEP, `${counts.storyCentroidTerms} terms`);
  assert.ok(counts.eventCentroidTerms <= counts.eventsWithCentroids * 3 * CENTROID_TERMS);
  assert.equal(counts.bySize.length, 1);
  assert.equal(counts.bySize[0].members, counts.keptMembers);
});

test("a story's own pace stretches its window: reports a day apart stay open, a burst closes", () => {
  const c = new StreamClusterer();
  const strike = (day: number) => strikeReport(c, day, T0 + day * DAY);
  const flood = (hour: number) => floodReport(c, hour, "update", T0 + hour * HOUR);
  // The flood is reported hourly for a day, the strike on days 0, 1 and 2 (a mean gap of a day).
  const burst = flood(0);
  for (let hour = 1; hour < 24; hour++) assert.equal(flood(hour), burst);
  const slow = strike(0);
  for (const day of [1, 2]) assert.equal(strike(day), slow);
  // Day 7: five quiet days are past the 4-day window but within six mean gaps: the strike takes
  // its follow-up; the flood, quiet since hour 23 of day 0, closed at the window.
  assert.equal(strike(7), slow);
  assert.deepEqual(c.members(burst), []);
  assert.notEqual(flood(7 * 24), burst);
  // The strike's allowance is capped at two windows: quiet from day 7 to 15.5, it is released.
  strike(15.5);
  assert.deepEqual(c.members(slow), []);
});
