import assert from "node:assert/strict";
import { test } from "node:test";
import { cleanTitle, headlineQuality } from "../../src/stories/headline.ts";
import { firstPerson, isFurniture, repairText, stripDateline } from "../../src/stories/hygiene.ts";
import { type EntityMemo, labelStory } from "../../src/stories/label.ts";
import { lede, splitSentences } from "../../src/stories/sentences.ts";

test("sentences split on terminal punctuation, not after abbreviations and initials", () => {
  assert.deepEqual(
    splitSentences(
      'President John F. Kennedy met Mr. Smith in the U.S. Capitol at 3 p.m. on Monday. "We will win," he said. Really? Yes!\nA new paragraph',
    ),
    [
      "President John F. Kennedy met Mr. Smith in the U.S. Capitol at 3 p.m. on Monday.",
      '"We will win," he said.',
      "Really?",
      "Yes!",
      "A new paragraph",
    ],
  );
  assert.deepEqual(splitSentences("  \n "), []);
});

test("a lede is the first sentence, two when the first is short, or the title without text", () => {
  assert.equal(
    lede(
      "Troops crossed the border early on Monday, officials in the capital said. More later.",
      "T",
    ),
    "Troops crossed the border early on Monday, officials in the capital said.",
  );
  assert.equal(
    lede("Fire in Rome. Hundreds flee their homes.", "T"),
    "Fire in Rome. Hundreds flee their homes.",
  );
  assert.equal(lede("", "Quake hits Chile"), "Quake hits Chile");
});

test("titles lose outlet suffixes, tags and feed full stops, and keep the rest", () => {
  assert.equal(cleanTitle("Quake hits Chile coast - Reuters"), "Quake hits Chile coast");
  assert.equal(cleanTitle("Quake hits Chile coast | BBC News"), "Quake hits Chile coast");
  assert.equal(
    cleanTitle("Quake hits Chile coast - La Tercera", "latercera.com"),
    "Quake hits Chile coast",
  );
  assert.equal(cleanTitle("BREAKING: Quake hits Chile coast."), "Quake hits Chile coast");
  assert.equal(cleanTitle("DA convenes grand jury: report"), "DA convenes grand jury");
  assert.equal(cleanTitle("Talks resume with the U.S."), "Talks resume with the U.S.");
  // A dash that is part of the headline stays.
  assert.equal(cleanTitle("Markets fall - and keep falling"), "Markets fall - and keep falling");
});

test("headline quality prefers complete plain statements", () => {
  const plain = headlineQuality("Earthquake of magnitude 7.1 hits central Chile");
  assert.equal(plain, 1);
  for (const bad of [
    "Is Chile ready for the next big earthquake?",
    "Earthquake hits central Chile, killing dozens of people in the...",
    "EARTHQUAKE HITS CENTRAL CHILE, DOZENS DEAD",
    "10 things to know about the Chile earthquake",
    "You won't believe what this earthquake did to Chile",
    "Why the Chile earthquake was so deadly",
  ])
    assert.ok(headlineQuality(bad) < plain * 0.7, bad);
});

const quake = [
  {
    title: "You won't believe what happened in Chile today",
    text: "A strong earthquake struck central Chile on Monday. Buildings shook in Santiago.",
    source: "clickbait.example",
  },
  {
    title: "Magnitude 7.1 earthquake strikes central Chile, killing 12 - Reuters",
    text: "SANTIAGO (Reuters) - A magnitude 7.1 earthquake struck central Chile on Monday, killing at least 12 people and damaging buildings in Santiago, officials said.",
    source: "Reuters",
  },
  {
    title: "Chile earthquake: 12 dead as magnitude 7.1 quake hits Santiago region",
    text: "A magnitude 7.1 earthquake hit central Chile on Monday and killed at least 12 people, officials in Santiago said. Rescue teams searched collapsed homes in Valparaiso overnight.",
    source: "Example Times",
  },
  {
    title: "Is Chile ready for the next big earthquake?",
    text: 'Experts have long warned that "the big one is coming. Chile sits on one of the most active faults in the world, and experts said the country was better prepared than most.',
    source: "Opinion Daily",
  },
];

test("labelStory picks a central, complete title and strips its outlet suffix", () => {
  const label = labelStory(quake);
  assert.equal(label.headline, "Magnitude 7.1 earthquake strikes central Chile, killing 12");
});

test("labelStory's summary: one to three lede sentences, no near-repeats, no dangling quotes", () => {
  const { summary } = labelStory(quake);
  const sentences = splitSentences(summary);
  assert.ok(sentences.length >= 1 && sentences.length <= 3, summary);
  // The dateline is gone, and the two ledes that say the same thing appear once.
  assert.ok(!summary.includes("(Reuters)"), summary);
  const killed = sentences.filter((s) => /killing at least 12|killed at least 12/.test(s));
  assert.equal(killed.length, 1, summary);
  // The sentence with an unclosed quote is never used.
  assert.ok(!summary.includes("the big one"), summary);
});

test("labelStory names the shared entities and is deterministic", () => {
  const a = labelStory(quake);
  assert.ok(a.entities.includes("Chile"), a.entities.join(", "));
  assert.ok(a.entities.includes("Santiago"), a.entities.join(", "));
  assert.deepEqual(labelStory(quake), a);
});

test("labelStory with an entity memo: the same labels as the story grows, each member tagged once", () => {
  const memo: EntityMemo = new WeakMap();
  for (let n = 1; n <= quake.length; n++) {
    const members = quake.slice(0, n);
    assert.deepEqual(labelStory(members, memo), labelStory(members), `${n} members`);
  }
  // Every member was ranked among the entity members at some size, and kept.
  assert.ok(
    quake.every((m) => memo.has(m)),
    "all members memoised",
  );
  // A later label reads the memo instead of tagging again: a planted answer shows through.
  const planted: EntityMemo = new WeakMap(
    quake.map((m) => [m, { people: [], organizations: [], places: ["Atlantis"] }]),
  );
  assert.deepEqual(labelStory(quake, planted).entities, ["Atlantis"]);
});

test("labelStory on one member, on titles without text, and on nothing", () => {
  const one = labelStory([{ title: "Storm closes ports in Normandy - AFP", text: "" }]);
  assert.equal(one.headline, "Storm closes ports in Normandy");
  assert.equal(one.summary, "");
  assert.deepEqual(labelStory([]), { headline: "", summary: "", entities: [] });
});

test("a summary states a fact once even when outlets word it apart, and keeps a new fact", () => {
  const jobs = [
    {
      title: "Hiring slows sharply as US adds 194,000 jobs",
      text: "WASHINGTON (Reuters) - US employers added only 194,000 jobs in September, a troubling sign that the virus is still holding back the economy.",
    },
    {
      title: "Economy adds just 194,000 jobs in September",
      text: "Employers added just 194,000 jobs last month, a second weak gain in a row as companies struggled to fill open positions. The unemployment rate fell to 4.8 percent in September as fewer people looked for jobs, the Labor Department said.",
    },
    {
      title: "September jobs report falls far short of forecasts",
      text: "The US economy added 194,000 jobs in September, far below the 500,000 economists had expected.",
    },
  ];
  const { summary } = labelStory(jobs);
  const sentences = splitSentences(summary);
  assert.equal(sentences.filter((s) => /194,000/.test(s)).length, 1, summary);
  assert.ok(summary.includes("unemployment rate fell to 4.8 percent"), summary);
  assert.ok(!summary.includes("Reuters"), summary);
});

test("summaries carry no datelines, captions, bylines, calls to action or broken characters", () => {
  const members = [
    {
      title: "Rebels leave the old city of Homs under a truce",
      text: "HOMS, Syria \u00e2\u0080\u0094 Rebel fighters began leaving the besieged old city of Homs on Wednesday under a truce with government forces. A Syrian soldier (2nd R) stands guard near the old city of Homs, May 7, 2014.",
    },
    {
      title: "Syrian rebels quit Homs after two years of siege",
      text: "By Jane Example, Beirut bureau\n\nHundreds of rebel fighters quit the old city of Homs on Wednesday after a siege of nearly two years. Sign up for our Middle East newsletter to get the news first.",
    },
    {
      title: "Buses carry rebels out of Homs",
      text: "June 30 (Example Wire) -- Buses carrying rebels out of Homs left at dawn, ending the longest siege of the war, the governor said. Read more: how the siege began.",
    },
    {
      title: "Homs truce holds as fighters depart",
      text: "Beirut, Lebanon - The truce in Homs held as the last rebels departed &amp; government troops moved in, activists said.",
    },
  ];
  const { summary } = labelStory(members);
  assert.ok(summary.length > 0, "a summary");
  for (const bad of [
    /HOMS, Syria/,
    /\(2nd R\)/,
    /\bBy Jane\b/,
    /Sign up/,
    /Read more/,
    /June 30/,
    /Example Wire/,
    /Beirut, Lebanon -/,
    /&amp;/,
    /\u00e2/,
  ])
    assert.ok(!bad.test(summary), `${bad} in: ${summary}`);
});

test("a summary sentence speaking in the first person is left out", () => {
  const members = [
    {
      title: "Museum reopens after flood repairs",
      text: "I have visited the museum every summer since I was a child. The city museum reopened on Saturday after two years of repairs following the flood.",
    },
    {
      title: "City museum reopens its doors after the flood",
      text: "The city museum reopened to visitors on Saturday, two years after a flood closed its galleries.",
    },
  ];
  const { summary } = labelStory(members);
  assert.ok(!/\bI have\b/.test(summary), summary);
  assert.ok(summary.includes("reopened"), summary);
});

test("text repairs: mojibake, HTML entities and control characters", () => {
  assert.equal(
    repairText(
      "GENEVA \u00e2\u0080\u0094 Guant\u00c3\u00a1namo &amp; the &#8220;deal&#8221;\u0007",
    ),
    "GENEVA — Guantánamo & the “deal”",
  );
  // Text that is already right stays as it is.
  assert.equal(repairText("Café déjà vu — « citation »"), "Café déjà vu — « citation »");
});

test("datelines, wire tags and signposts are cut; a topic before a colon is not", () => {
  for (const [raw, clean] of [
    ["WASHINGTON (Reuters) - Congress passed the bill.", "Congress passed the bill."],
    ["GUANTANAMO BAY, Cuba, Aug. 6 -- A military jury ruled.", "A military jury ruled."],
    [
      "Kabul, Afghanistan - Millions of Afghans voted on Saturday.",
      "Millions of Afghans voted on Saturday.",
    ],
    [
      "June 30 (Bloomberg) -- South Korean police blocked the rally.",
      "South Korean police blocked the rally.",
    ],
    [
      "SEOUL, South Korea  The government sealed off the square.",
      "The government sealed off the square.",
    ],
    [
      "Why it matters: The move reopens the border to tourists.",
      "The move reopens the border to tourists.",
    ],
  ])
    assert.equal(stripDateline(raw), clean);
  assert.equal(
    stripDateline("Ukraine: the talks resumed on Monday."),
    "Ukraine: the talks resumed on Monday.",
  );
  assert.equal(
    stripDateline("NASA scientists found 715 new planets."),
    "NASA scientists found 715 new planets.",
  );
});

test("captions, bylines and calls to action are furniture; news is not", () => {
  for (const s of [
    "A soldier (2nd R) stands guard near the old city of Homs, May 7, 2014.",
    "Andrew Smith is seen in this police booking photograph taken in 2010.",
    "By Jane Example and John Example.",
    "Sign up for our newsletter to get the news first.",
    "Read more: how the siege began.",
    "Comic books go up for sale in New York. Jane Example reports.",
    "He faces charges of fraud.He is also charged with theft.",
  ])
    assert.ok(isFurniture(s), s);
  assert.ok(!isFurniture("Rebel fighters began leaving the old city of Homs on Wednesday."));
  assert.ok(firstPerson("I have visited the museum every summer."));
  assert.ok(firstPerson("We’re not out of the woods yet: a shutdown is still possible"));
  assert.ok(!firstPerson('"We will rebuild," the mayor said.'));
  assert.ok(!firstPerson("The U.S. and its allies met in Geneva."));
});

test("titles lose live-page, ticker and feed labels and a repeated subject", () => {
  assert.equal(
    cleanTitle("The Latest: NBC announces the first debate lineups"),
    "NBC announces the first debate lineups",
  );
  assert.equal(
    cleanTitle("Watch live: Thousands march on Washington"),
    "Thousands march on Washington",
  );
  assert.equal(
    cleanTitle("Report: Carmaker settles fraud case for $25 million"),
    "Carmaker settles fraud case for $25 million",
  );
  assert.equal(
    cleanTitle("Ferry capsizes off the Philippines, 22 drowned (Update1)"),
    "Ferry capsizes off the Philippines, 22 drowned",
  );
  assert.equal(
    cleanTitle("Ukraine crisis: Putin calls for a delay to the vote - as it happened"),
    "Ukraine crisis: Putin calls for a delay to the vote",
  );
  assert.equal(
    cleanTitle("Plane crashes near the border: July 17 as it happened"),
    "Plane crashes near the border",
  );
  assert.equal(
    cleanTitle("GM (GM) names an investigator to probe recall"),
    "GM names an investigator to probe recall",
  );
  assert.equal(
    cleanTitle("Lena Example - Lena Example wants a quiet wedding"),
    "Lena Example wants a quiet wedding",
  );
  assert.equal(
    cleanTitle("Two arrested in first designer-drug raid, AsiaOne Crime News"),
    "Two arrested in first designer-drug raid",
  );
  // A comma before words that are not an outlet stays.
  assert.equal(
    cleanTitle("Storm hits the coast, thousands flee"),
    "Storm hits the coast, thousands flee",
  );
});

test("a statement beats a question, an opinion piece and an outlet's name as headline", () => {
  const plain = headlineQuality("California doctor calls for an end to the lockdown");
  assert.ok(headlineQuality("Will suicides rise because of the lockdown?") < plain * 0.5);
  assert.ok(headlineQuality("Altruism or PR? China sends supplies to Italy") < plain);
  assert.ok(
    headlineQuality(
      "Biden's plan will fail the country",
      "Opinion | Biden's plan will fail the country",
    ) <
      plain * 0.6,
  );
  assert.ok(headlineQuality("ABC News (Australian Broadcasting Corporation)") < plain * 0.3);
  // In a story where outlets mostly ask, the one that tells is chosen.
  const label = labelStory([
    {
      title: "Will suicides rise because of the lockdown?",
      text: "Doctors warn of a rise in suicide attempts during the lockdown.",
    },
    {
      title: "Lockdown and suicide",
      text: "A California doctor said suicide attempts had risen during the lockdown.",
    },
    {
      title: "California doctor says lockdown drove a rise in suicide attempts",
      text: "A California trauma doctor said his hospital had seen a year's worth of suicide attempts in four weeks of lockdown.",
    },
  ]);
  assert.equal(label.headline, "California doctor says lockdown drove a rise in suicide attempts");
});

test("entities: one name per thing, without titles, regions or the tagger's lists", () => {
  // The tagger's answers are planted: what is tested is how names are merged and shown.
  const members = quake.slice(0, 3);
  const tagged = (people: string[], organizations: string[], places: string[]) => ({
    people,
    organizations,
    places,
  });
  const planted: EntityMemo = new WeakMap([
    [
      members[0],
      tagged(
        ["President Gabriel Boric"],
        ["Google, YouTube", "U.S. Capitol Police"],
        ["eastern Chile"],
      ),
    ],
    [members[1], tagged(["Gabriel Boric"], ["Google", "Capitol Police"], ["Chile"])],
    [members[2], tagged(["President"], ["YouTube", "U.S. Capitol Police"], ["Chile"])],
  ]);
  assert.deepEqual([...labelStory(members, planted).entities].sort(), [
    "Chile",
    "Gabriel Boric",
    "Google",
    "U.S. Capitol Police",
    "YouTube",
  ]);
  const countries: EntityMemo = new WeakMap([
    [members[0], tagged([], [], ["United States"])],
    [members[1], tagged([], [], ["US"])],
    [members[2], tagged([], [], ["Chile"])],
  ]);
  assert.deepEqual(labelStory(members, countries).entities, ["United States"]);
});

test("a further summary sentence is about the story, not a column's aside", () => {
  const { summary } = labelStory([
    {
      title: "President rebukes former envoy over back-channel talks on the nuclear accord",
      text: "The president on Monday rebuked the former envoy for holding back-channel talks to rescue the nuclear accord.",
    },
    {
      title: "Former envoy defends back-channel talks on nuclear accord",
      text: "The former envoy said his talks with foreign ministers about the nuclear accord broke no law.",
    },
    {
      title: "Where is the outrage?",
      text: "Critics spent years trying to criminalize every contact with Moscow. Their silence now is telling.",
    },
  ]);
  assert.ok(!/Moscow|silence/.test(summary), summary);
  assert.ok(summary.includes("rebuked the former envoy"), summary);
});
