// A deterministic synthetic news stream for benchmarks: bursts of many outlets reporting the same
// event in their own words (synonyms, reordered clauses, shared people, places and organisations),
// and a long tail of one-off stories, with titles, ledes and timestamps spread over weeks.
//
// Same seed and options, same stream. Articles come out in published order, generated lazily:
// only a few typed arrays (about 16 bytes per article) are held, never the texts.
import { pick, type Random, randomInt, seededRandom } from "./random.ts";

export interface SyntheticOptions {
  /** Number of articles in the stream. */
  articles: number;
  seed?: number;
  /** Days the stream spans (default: about 15,000 articles a day, at least 7 days). */
  days?: number;
  /** Epoch ms of the stream's start (default 2025-01-06T00:00Z). */
  start?: number;
  /** Share of articles that are one-off stories nobody else reports (default 0.35). */
  oneOffShare?: number;
}

export interface SyntheticArticle {
  id: string;
  title: string;
  text: string;
  source: string;
  url: string;
  published: number;
  lang: string;
  /** The event the article reports: the gold label. */
  cluster: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// --- Vocabulary -------------------------------------------------------------------------------

const FIRST =
  "Anna Marco Li Fatima Olga Pierre Kwame Sofia Hiroshi Elena Omar Ingrid Diego Amara Yusuf Clara Rahul Mei Tomas Leila Jonas Aisha Viktor Nadia Samuel Keiko Pablo Zanele Felix Irina Ahmed Lucia Pedro Hana Arjun Maya Lars Chidi Rosa Emil".split(
    " ",
  );
const LAST =
  "Novak Okafor Schmidt Tanaka Haddad Petrov Silva Kowalski Nguyen Dubois Mensah Larsen Romero Ivanova Khan Moreau Costa Fischer Sato Popescu Ali Jensen Bianchi Mwangi Hoffmann Kim Garcia Eriksen Costa Nowak Adeyemi Rossi Yamamoto Lindqvist Sharma Weber Herrera Dimitrov Osei Brandt".split(
    " ",
  );
const PLACES =
  "Lisbon Nairobi Osaka Lyon Gdansk Valparaiso Accra Hanoi Tbilisi Quito Bergen Izmir Cebu Mombasa Porto Leipzig Krakow Sapporo Medan Tunis Dakar Cordoba Aarhus Bilbao Graz Lagos Pune Perth Halifax Tampere Arequipa Kochi Malmo Riga Sfax Davao Durban Varna Brno Ghent Kaunas Tartu Split Kumasi Goa Ibadan Rosario Mersin Busan Chiclayo".split(
    " ",
  );
const COUNTRIES =
  "Portugal Kenya Japan France Poland Chile Ghana Vietnam Georgia Ecuador Norway Turkey Philippines Tanzania Germany Spain Austria Nigeria India Australia Canada Finland Peru Sweden Latvia Tunisia Senegal Argentina Denmark Belgium".split(
    " ",
  );
const ORG_A =
  "Northwind Baltic Meridian Crescent Atlas Summit Harbor Pioneer Granite Sterling Aurora Vertex Orion Cascade Evergreen Polar Keystone Horizon Silverline Redwood Bluewater Ironclad Lumen Nimbus Solace Tessera Union Vanguard Zenith Halcyon".split(
    " ",
  );
const ORG_B =
  "Bank Motors Energy Airlines Pharma Systems Foods Telecom Mining Logistics Insurance Steel Railways Shipping Media".split(
    " ",
  );
const OUTLET_A =
  "Daily Morning Evening National Metro City Global Coastal Northern Southern Capital Valley Harbour Central Western Eastern".split(
    " ",
  );
const OUTLET_B =
  "Herald Times Post Tribune Chronicle Observer Gazette Courier Express Journal Star Record Sentinel Mirror Dispatch".split(
    " ",
  );
const WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(" ");

// Syllables for the long tail of rare words and names: real news vocabulary keeps growing.
const SYLLABLES =
  "ka lo mir ta ven sul dra ni ko ber tas eli mon ru zan pi dor hal que sen vik ola tur bam".split(
    " ",
  );

function rareWord(rng: Random): string {
  // 24 syllables: 576 two-syllable words (common), 13,824 of three, 331,776 of four (rare), so
  // word frequencies fall off roughly as in real text and new words keep appearing.
  const u = rng();
  const n = u < 0.1 ? 2 : u < 0.75 ? 3 : 4;
  let w = "";
  for (let i = 0; i < n; i++) w += pick(rng, SYLLABLES);
  return w;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// --- Event kinds: slots with synonyms, several title and lede shapes ---------------------------

interface Facts {
  person: string;
  place: string;
  country: string;
  org: string;
  org2: string;
  n: number;
  m: number;
  day: string;
  thing: string;
  name: string;
  money: string;
  tag: string;
  affair: string;
}

/** Each slot's synonyms; a template picks one per use, so outlets word the same event apart. */
type Syn = Record<string, string[]>;

interface Kind {
  syn: Syn;
  titles: string[];
  ledes: string[];
}

const KINDS: Kind[] = [
  {
    syn: {
      quake: ["earthquake", "quake", "tremor", "strong earthquake"],
      hits: ["hits", "strikes", "rocks", "shakes", "jolts"],
      killed: ["killed", "left dead", "died"],
    },
    titles: [
      "Magnitude {m} {quake} {hits} {place}, {n} dead",
      "{n} {killed} as {quake} {hits} {place} in {country}",
      "{place} {quake}: rescuers search rubble after {n} {killed}",
      "{country}: {quake} of magnitude {m} {hits} near {place}",
    ],
    ledes: [
      "A magnitude {m} {quake} {hits} {place} in {country} on {day}, and at least {n} people {killed}, officials said.",
      "At least {n} people {killed} when a {quake} {hits} near {place} on {day}, {country}'s emergency agency said.",
      "Rescue teams in {place} searched collapsed buildings on {day} after a {quake} of magnitude {m} that {killed} {n}.",
    ],
  },
  {
    syn: {
      wins: ["wins", "claims victory in", "takes", "secures"],
      vote: ["election", "vote", "presidential race", "run-off"],
      rival: ["rival", "opponent", "challenger"],
    },
    titles: [
      "{person} {wins} {country} {vote}",
      "{country} {vote}: {person} {wins} with {n}% of ballots",
      "{person} declared winner of {country}'s {vote} as {rival} concedes",
      "Voters in {country} hand {person} a {n}% victory",
    ],
    ledes: [
      "{person} {wins} the {vote} in {country} with {n} percent of the vote, the electoral commission said on {day}.",
      "With {n} percent of ballots counted on {day}, {person} {wins} {country}'s {vote} and the {rival} conceded defeat.",
      "{country}'s electoral body said on {day} that {person} {wins} the {vote}, taking {n} percent in a tight race.",
    ],
  },
  {
    syn: {
      buys: ["to buy", "agrees to acquire", "to take over", "strikes deal for"],
      deal: ["deal", "takeover", "acquisition", "merger"],
      bn: ["billion", "bn"],
    },
    titles: [
      "{org} {buys} {org2} for {money} {bn}",
      "{org} and {org2} agree {money} {bn} {deal}",
      "{money} {bn} {deal}: {org} {buys} rival {org2}",
      "{org2} shares jump on {org} {deal}",
    ],
    ledes: [
      "{org} said on {day} it agreed to buy {org2} for about {money} {bn}, the largest {deal} in the sector this year.",
      "Shares of {org2} rose after {org} announced a {money} {bn} {deal} on {day}, chief executive {person} said.",
      "In a {money} {bn} {deal} announced on {day}, {org} will absorb {org2}, pending approval by regulators in {country}.",
    ],
  },
  {
    syn: {
      strike: ["strike", "walkout", "industrial action", "stoppage"],
      workers: ["workers", "staff", "employees", "union members"],
      halts: ["halts", "disrupts", "paralyses", "grounds"],
    },
    titles: [
      "{org} {workers} begin {n}-day {strike} in {place}",
      "{strike} at {org} {halts} services across {country}",
      "{place}: {org} {strike} enters day {m}",
      "Union calls {strike} at {org} over pay",
    ],
    ledes: [
      "Thousands of {org} {workers} in {place} began a {n}-day {strike} on {day} over pay, union leader {person} said.",
      "A {strike} by {workers} at {org} {halts} services across {country} on {day}, as talks with the union stalled.",
      "{workers} at {org} walked out on {day}, and the {strike} {halts} operations in {place} for a {m}th day.",
    ],
  },
  {
    syn: {
      storm: ["storm", "cyclone", "typhoon", "severe storm"],
      floods: ["floods", "flooding", "flash floods"],
      evacuate: ["evacuate", "flee", "leave"],
    },
    titles: [
      "{storm} {name} batters {place}, thousands {evacuate} homes",
      "{floods} hit {place} as {storm} {name} makes landfall",
      "{country}: {storm} {name} leaves {n} dead",
      "{n} dead, thousands without power after {storm} {name}",
    ],
    ledes: [
      "{storm} {name} made landfall near {place} on {day}, bringing {floods} and forcing thousands to {evacuate} their homes.",
      "At least {n} people died in {country} as {storm} {name} brought {floods} to {place}, officials said on {day}.",
      "Thousands were told to {evacuate} in {place} on {day} as {storm} {name} hit {country} with winds of {m}0 km/h.",
    ],
  },
  {
    syn: {
      charged: ["charged", "indicted", "accused"],
      fraud: ["fraud", "bribery", "embezzlement", "corruption"],
      court: ["court", "judge", "prosecutors"],
    },
    titles: [
      "Former {org} chief {person} {charged} with {fraud}",
      "{person} {charged} in {money} million {fraud} case",
      "{court} in {place}: {person} faces {fraud} charges",
      "{org} ex-boss {person} denies {fraud}",
    ],
    ledes: [
      "{person}, the former head of {org}, was {charged} with {fraud} on {day}, {court} in {place} said.",
      "{court} in {place} on {day} {charged} {person} over a {money} million {fraud} scheme at {org}.",
      "Lawyers for {person} said on {day} the former {org} chief would fight the {fraud} charges filed in {place}.",
    ],
  },
  {
    syn: {
      crash: ["crash", "derailment", "collision", "accident"],
      train: ["train", "passenger train", "commuter train"],
      injured: ["injured", "hurt", "wounded"],
    },
    titles: [
      "{train} {crash} near {place} kills {n}",
      "{n} dead, {m}0 {injured} in {place} {train} {crash}",
      "{country} {train} {crash}: investigators examine signals",
      "{place} {crash}: {org} {train} derails",
    ],
    ledes: [
      "A {org} {train} derailed near {place} on {day}, killing {n} people and leaving dozens {injured}, police said.",
      "At least {n} people died and {m}0 were {injured} in a {train} {crash} near {place} in {country} on {day}.",
      "Investigators in {country} began examining signals on {day} after the {crash} of a {train} near {place} killed {n}.",
    ],
  },
  {
    syn: {
      summit: ["summit", "talks", "meeting"],
      agree: ["agree", "sign", "reach"],
      pact: ["pact", "accord", "agreement", "deal"],
    },
    titles: [
      "{country} and {country2} {agree} {thing} {pact} at {place} {summit}",
      "{place} {summit}: leaders {agree} {thing} {pact}",
      "{person} hails {thing} {pact} after {place} {summit}",
      "Leaders meet in {place} for {thing} {summit}",
    ],
    ledes: [
      "Leaders of {country} and {country2} {agree} a {thing} {pact} at a {summit} in {place} on {day}, {person} said.",
      "At the {summit} in {place} on {day}, {person} and counterparts {agree} a {thing} {pact} after {n} hours of talks.",
      "{country} and {country2} ended a two-day {summit} in {place} on {day} with a {thing} {pact}.",
    ],
  },

  {
    syn: {
      beat: ["beat", "defeat", "edge past", "overcome"],
      final: ["final", "cup final", "title decider"],
      goal: ["late goal", "stoppage-time winner", "penalty"],
    },
    titles: [
      "{place} FC {beat} {org2} to win {final}",
      "{person} {goal} sends {place} FC to {final} glory",
      "{final}: {place} FC {beat} {org2} {n}-{m}",
      "{place} FC lift trophy after {goal} by {person}",
    ],
    ledes: [
      "{place} FC {beat} {org2} {n}-{m} in the {final} on {day}, with a {goal} from {person} deciding the match.",
      "A {goal} by {person} on {day} gave {place} FC the {final} against {org2} in front of {n} thousand fans.",
      "{person} scored a {goal} as {place} FC {beat} {org2} in the {final} played on {day}.",
    ],
  },
  {
    syn: {
      fire: ["wildfire", "forest fire", "bushfire", "blaze"],
      spreads: ["spreads", "rages", "grows", "advances"],
      hectares: ["hectares", "ha"],
    },
    titles: [
      "{fire} near {place} {spreads}, villages evacuated",
      "{country}: {fire} burns {n}00 {hectares} near {place}",
      "Firefighters battle {fire} outside {place} for {m}th day",
      "{place} {fire} forces {n}00 from homes",
    ],
    ledes: [
      "A {fire} near {place} in {country} {spreads} on {day}, burning {n}00 {hectares} and forcing villages to evacuate.",
      "Firefighters in {country} fought a {fire} outside {place} for a {m}th day on {day} as it {spreads} in dry winds.",
      "About {n}00 residents of {place} left their homes on {day} as a {fire} {spreads} across {n}00 {hectares}.",
    ],
  },
  {
    syn: {
      protest: ["protest", "rally", "demonstration", "march"],
      against: ["against", "over", "opposing"],
      plan: ["plan", "law", "reform", "bill"],
    },
    titles: [
      "Thousands {protest} in {place} {against} {thing} {plan}",
      "{place} {protest} {against} {thing} {plan} draws {n} thousand",
      "{person} leads {protest} {against} {country} {thing} {plan}",
      "Police clash with {protest} in {place}",
    ],
    ledes: [
      "Some {n} thousand people joined a {protest} in {place} on {day} {against} the government's {thing} {plan}, organisers said.",
      "Police in {place} used tear gas on {day} as a {protest} {against} the {thing} {plan} turned violent, {person} said.",
      "Opposition figure {person} led a {protest} through {place} on {day} {against} {country}'s {thing} {plan}.",
    ],
  },
  {
    syn: {
      unveils: ["unveils", "launches", "shows off", "introduces"],
      phone: ["smartphone", "phone", "handset", "device"],
      price: ["price", "cost", "price tag"],
    },
    titles: [
      "{org} {unveils} {name} {phone}",
      "{org} {name} {phone}: {price} set at {money}00",
      "First look at the {org} {name}, a {phone} with {m} cameras",
      "{org} {unveils} {name} to take on rivals",
    ],
    ledes: [
      "{org} {unveils} the {name} {phone} on {day}, with {m} cameras and a {price} of {money}00, chief executive {person} said.",
      "The {name}, a new {phone} from {org}, goes on sale in {country} next month at a {price} of {money}00.",
      "{person} of {org} {unveils} the {name} {phone} at an event in {place} on {day}.",
    ],
  },
];

// Subjects for summits and storms: a small set so the same words recur across events.
const THINGS = "trade climate security energy water migration fisheries border health data".split(
  " ",
);

// One-off stories: a local item nobody else covers.
// One-off stories: a local item nobody else covers, in words of its own. Verbs and connecting
// words are common English; the nouns come from the open-ended coined vocabulary.
const VERBS =
  "opens approves rejects delays wins loses plans seeks wants bans backs funds sells buys closes finds builds marks hosts signs".split(
    " ",
  );
const ONE_OFF_TITLES = [
  "{Rare} {verb} {rare} {rare} in {place}",
  "{person} {verb} {rare} {rare}",
  "{org} {verb} {rare} {rare} after {rare} review",
  "{place} {rare} {verb} {rare} for {rare}",
];
const ONE_OFF_LEDES = [
  "The {rare} {rare} in {place} {verb} a {rare} {rare} on {day}, {person} said.",
  "{person} said on {day} the {rare} {rare} {verb} {rare} plans at {org}.",
  "Officials in {place} said the {rare} {rare} had cost {n} thousand euros and {verb} {rare} {rare}.",
];

// Named affairs: the words that tie one event's coverage together ("the Kalomir bridge collapse").
const AFFAIR = "case affair crisis row operation deal zone project probe talks".split(" ");

function fill(template: string, f: Facts & { country2: string }, syn: Syn, rng: Random): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (key in syn) return pick(rng, syn[key]);
    if (key === "rare") return rareWord(rng);
    if (key === "Rare") return cap(rareWord(rng));
    if (key === "verb") return pick(rng, VERBS);
    const v = (f as unknown as Record<string, string | number>)[key];
    return v === undefined ? key : String(v);
  });
}

// --- The stream --------------------------------------------------------------------------------

/** Integer hash for seeding one article's generator from (seed, event, index). */
function mix(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f) ^ Math.imul(c + 0x165667b1, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Event size: heavy-tailed (Pareto, alpha 1.2), from 3 to 400 articles. */
function burstSize(rng: Random): number {
  return Math.min(400, Math.floor(3 / (1 - rng()) ** (1 / 1.2)));
}

/** Generates the stream in published order. */
export function* syntheticStream(options: SyntheticOptions): Generator<SyntheticArticle> {
  const total = Math.max(0, Math.floor(options.articles));
  const seed = options.seed ?? 1;
  const days = options.days ?? Math.max(7, total / 15_000);
  const start = options.start ?? Date.UTC(2025, 0, 6);
  const oneOffShare = options.oneOffShare ?? 0.35;
  const rng = seededRandom(seed);

  // Events: sizes until the stream is full, each with a start time and a kind.
  const sizes: number[] = [];
  let sum = 0;
  while (sum < total) {
    const size = rng() < oneOffShare / (oneOffShare + (1 - oneOffShare) / 12) ? 1 : burstSize(rng);
    const s = Math.min(size, total - sum);
    sizes.push(s);
    sum += s;
  }
  const events = sizes.length;
  const eventStart = new Float64Array(events);
  for (let e = 0; e < events; e++) eventStart[e] = start + rng() * days * DAY;

  // Articles: event and time of each; published order by sorting indices.
  const eventOf = new Uint32Array(total);
  const indexIn = new Uint32Array(total);
  const time = new Float64Array(total);
  let i = 0;
  for (let e = 0; e < events; e++) {
    for (let k = 0; k < sizes[e]; k++, i++) {
      eventOf[i] = e;
      indexIn[i] = k;
      // Most coverage within hours; follow-ups over the next days (up to about three).
      const delay = k === 0 ? 0 : rng() < 0.85 ? -Math.log(1 - rng()) * 4 * HOUR : rng() * 3 * DAY;
      time[i] = Math.round(eventStart[e] + delay);
    }
  }
  const order = new Uint32Array(total);
  for (let j = 0; j < total; j++) order[j] = j;
  order.sort((a, b) => time[a] - time[b] || a - b);

  for (let j = 0; j < total; j++) {
    const a = order[j];
    const e = eventOf[a];
    yield article(seed, e, indexIn[a], sizes[e], time[a]);
  }
}

/** One article, generated from (seed, event, index) alone: the same whatever the stream order. */
function article(
  seed: number,
  e: number,
  k: number,
  size: number,
  published: number,
): SyntheticArticle {
  // Facts shared by every article of the event.
  const er = seededRandom(mix(seed, e, 0xffffffff));
  const facts = {
    // Mostly names seen nowhere else (news keeps naming new people, places and firms), sometimes
    // common ones shared with unrelated events.
    person: `${pick(er, FIRST)} ${er() < 0.2 ? pick(er, LAST) : cap(rareWord(er))}`,
    place: er() < 0.4 ? pick(er, PLACES) : cap(rareWord(er)),
    country: pick(er, COUNTRIES),
    country2: pick(er, COUNTRIES),
    org: `${er() < 0.3 ? pick(er, ORG_A) : cap(rareWord(er))} ${pick(er, ORG_B)}`,
    org2: `${er() < 0.3 ? pick(er, ORG_A) : cap(rareWord(er))} ${pick(er, ORG_B)}`,
    n: 2 + randomInt(er, 60),
    m: 4 + randomInt(er, 5),
    day: WEEKDAYS[new Date(published).getUTCDay()],
    thing: pick(er, THINGS),
    name: pick(er, FIRST),
    money: `$${2 + randomInt(er, 60)}`,
    tag: cap(rareWord(er) + rareWord(er)),
    affair: pick(er, AFFAIR),
  };
  const kind = KINDS[randomInt(er, KINDS.length)];
  // How this outlet words it.
  const r = seededRandom(mix(seed, e, k));
  const outlet = `${pick(r, OUTLET_A)} ${pick(r, OUTLET_B)}`;
  let title: string;
  let text: string;
  if (size === 1) {
    title = fill(pick(r, ONE_OFF_TITLES), facts, {}, r);
    text = cap(fill(pick(r, ONE_OFF_LEDES), facts, {}, r));
  } else {
    title = fill(pick(r, kind.titles), facts, kind.syn, r);
    // Most outlets also name the affair by its own words.
    const affair = `${facts.tag} ${facts.affair}`;
    const v = r();
    if (v < 0.3) title = `${cap(affair)}: ${title}`;
    else if (v < 0.6) title += ` in ${affair}`;
    const shape = randomInt(r, kind.ledes.length);
    text = cap(fill(kind.ledes[shape], facts, kind.syn, r));
    // A second sentence from another lede shape, sometimes: reordered clauses, same facts.
    if (r() < 0.5) {
      const other = (shape + 1 + randomInt(r, kind.ledes.length - 1)) % kind.ledes.length;
      text += ` ${cap(fill(kind.ledes[other], facts, kind.syn, r))}`;
    }
    if (r() < 0.6) text += ` It is the latest turn in the ${facts.tag} ${facts.affair}.`;
  }
  if (r() < 0.2) title += ` - ${outlet}`;
  const id = `syn-${e}-${k}`;
  return {
    id,
    title: cap(title),
    text,
    source: outlet,
    url: `https://${outlet.toLowerCase().replace(/\s+/g, "")}.example/${id}`,
    published,
    lang: "en",
    cluster: `event-${e}`,
  };
}
