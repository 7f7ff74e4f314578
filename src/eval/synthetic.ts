// A deterministic synthetic news stream for benchmarks. Events of many kinds (synthetic-kinds.ts)
// happen to entities drawn Zipf-like from large pools (synthetic-names.ts): the same kind recurs
// with other people on other days, and a few big names appear in many unrelated events. Story
// sizes are heavy-tailed (most stories one to three articles, a few running stories of hundreds
// over days, whose later developments are worded anew), bursts decay, and publishing follows a
// daily cycle. Outlets word an event apart (templates, synonyms, reordered clauses, attributions,
// quotes, datelines, headline suffixes), and some republish a news agency's copy nearly verbatim.
//
// Same seed and options, same stream, byte for byte. Articles come out in published order,
// generated lazily: only a few typed arrays (about 20 bytes per article) are held, never the texts.
import { pick, type Random, randomInt, seededRandom } from "./random.ts";
import { KINDS, type Kind } from "./synthetic-kinds.ts";
import {
  AGENCIES,
  agencyOutlet,
  cap,
  coined,
  hashString,
  mix,
  ORG_SECTORS,
  OUTLET_POOL,
  type Outlet,
  orgName,
  outlet,
  PLACE_POOL,
  personName,
  place,
  zipfRank,
} from "./synthetic-names.ts";

export interface SyntheticOptions {
  /** Number of articles in the stream. */
  articles: number;
  seed?: number;
  /** Days over which events start (default: about 15,000 articles a day, at least 7 days). */
  days?: number;
  /** Epoch ms of the stream's start (default 2025-01-06T00:00Z). */
  start?: number;
  /** Share of articles that are stories of their own, which no other article reports (default 0.35). */
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

// --- Story sizes, lifetimes and the daily cycle --------------------------------------------------

/** Kinds drawn by weight. */
const CUMULATIVE = (() => {
  let sum = 0;
  return KINDS.map((k) => (sum += k.weight));
})();
function kindOf(r: Random): number {
  const x = r() * CUMULATIVE[CUMULATIVE.length - 1];
  let i = 0;
  while (CUMULATIVE[i] <= x) i++;
  return i;
}

/**
 * Largest story by domain: an earthquake or an election can draw hundreds of articles, a council
 * vote a few dozen at most. Sizes of stories of more than one article follow P(size >= s) = (2/s)^1.2
 * up to that cap.
 */
const REACH: Record<string, number> = {
  disaster: 800,
  politics: 800,
  conflict: 800,
  business: 300,
  courts: 300,
  crime: 200,
  sport: 400,
  science: 150,
  health: 300,
  tech: 300,
  culture: 150,
  local: 40,
  environment: 150,
  protests: 400,
  transport: 200,
};
const TAIL = 1.2;
const reach = (k: Kind) => REACH[k.domain] ?? 100;
function multiSize(rng: Random, max: number): number {
  for (;;) {
    const s = Math.floor(2 / (1 - rng()) ** (1 / TAIL));
    if (s <= max) return s;
  }
}
/** Mean of multiSize over the kinds: the sum of P(s <= size <= max), weighted by kind. */
const MEAN_MULTI = (() => {
  let total = 0;
  for (const k of KINDS) {
    const over = (2 / (reach(k) + 1)) ** TAIL;
    let sum = 0;
    for (let s = 1; s <= reach(k); s++) sum += Math.min(1, (2 / s) ** TAIL) - over;
    total += (k.weight * sum) / (1 - over);
  }
  return total / CUMULATIVE[CUMULATIVE.length - 1];
})();

/** Publishing by hour of day (UTC): quiet at night, busy from morning to evening. */
const HOURLY = [
  0.2, 0.15, 0.15, 0.15, 0.2, 0.3, 0.5, 0.8, 1, 1, 1, 1, 0.95, 0.95, 1, 1, 0.95, 0.9, 0.8, 0.7, 0.6,
  0.5, 0.4, 0.3,
];
const busy = (t: number) => HOURLY[Math.floor((t % DAY) / HOUR)];

/** A time of day for an event's start, drawn from the daily cycle. */
function startTime(rng: Random, day0: number): number {
  for (;;) {
    const t = day0 + rng() * DAY;
    if (rng() < busy(t)) return t;
  }
}

/**
 * Days a story of the stream can keep taking articles after its first one: developments start
 * within its first three days, and an analysis piece can follow a development by two more.
 */
export const STORY_SPAN_DAYS = 5;

/**
 * Phases of a story: a running story has later developments, each a smaller burst, over its first
 * three days (so a stream of D days ends about D + STORY_SPAN_DAYS days after it starts).
 */
function phaseStarts(rng: Random, size: number): number[] {
  const starts = [0];
  if (size < 8) return starts;
  const phases = Math.min(6, 1 + Math.floor(Math.log2(size / 8)) + (rng() < 0.3 ? 1 : 0));
  for (let p = 1; p < phases; p++) starts.push((0.25 + rng() * 2.75) * DAY);
  return starts.sort((a, b) => a - b);
}

/** Delay of an article within its phase: most within hours, a few analysis pieces a day or two on. */
function delay(rng: Random, size: number, phaseStart: number): number {
  const mean = size < 8 ? 2 * HOUR : 5 * HOUR;
  let d = 0;
  for (let tries = 0; tries < 6; tries++) {
    d = rng() < 0.92 ? -Math.log(1 - rng()) * mean : rng() * 2 * DAY;
    if (rng() < busy(phaseStart + d)) break;
  }
  return d;
}

/** Generates the stream in published order. */
export function* syntheticStream(options: SyntheticOptions): Generator<SyntheticArticle> {
  if (!(options.articles >= 0)) {
    throw new Error(`synthetic stream: articles must be 0 or more, got ${options.articles}`);
  }
  if (options.days !== undefined && !(options.days > 0)) {
    throw new Error(`synthetic stream: days must be a positive number, got ${options.days}`);
  }
  const total = Math.floor(options.articles);
  const seed = options.seed ?? 1;
  const days = options.days ?? Math.max(7, total / 15_000);
  const start = options.start ?? Date.UTC(2025, 0, 6);
  const oneOffShare = options.oneOffShare ?? 0.35;
  const rng = seededRandom(seed);
  // Chance that a story is a one-off, so that one-offs hold oneOffShare of the articles.
  const pOne = (oneOffShare * MEAN_MULTI) / (1 - oneOffShare + oneOffShare * MEAN_MULTI);

  // Events: kinds and sizes until the stream is full, each with a start time.
  let kinds = new Uint8Array(1024);
  let sizes = new Uint16Array(1024);
  let starts = new Float64Array(1024);
  let events = 0;
  for (let sum = 0; sum < total; events++) {
    if (events === sizes.length) {
      kinds = grow(kinds, new Uint8Array(events * 2));
      sizes = grow(sizes, new Uint16Array(events * 2));
      starts = grow(starts, new Float64Array(events * 2));
    }
    kinds[events] = kindOf(rng);
    const s = Math.min(rng() < pOne ? 1 : multiSize(rng, reach(KINDS[kinds[events]])), total - sum);
    sizes[events] = s;
    starts[events] = startTime(rng, start + Math.floor(rng() * days) * DAY);
    sum += s;
  }

  // Articles: event, index, phase and time of each; published order by sorting indices.
  const eventOf = new Uint32Array(total);
  const indexIn = new Uint16Array(total);
  const phaseOf = new Uint8Array(total);
  const time = new Float64Array(total);
  let i = 0;
  for (let e = 0; e < events; e++) {
    const phases = phaseStarts(rng, sizes[e]);
    for (let k = 0; k < sizes[e]; k++, i++) {
      // The first article opens the story; later ones fall in phases, earlier phases the busiest.
      let p = 0;
      if (k > 0) while (p + 1 < phases.length && rng() < 0.45) p++;
      eventOf[i] = e;
      indexIn[i] = k;
      phaseOf[i] = p;
      time[i] = Math.round(
        starts[e] + phases[p] + (k === 0 ? 0 : delay(rng, sizes[e], starts[e] + phases[p])),
      );
    }
  }
  const order = new Uint32Array(total);
  for (let j = 0; j < total; j++) order[j] = j;
  order.sort((a, b) => time[a] - time[b] || a - b);

  for (let j = 0; j < total; j++) {
    const a = order[j];
    const e = eventOf[a];
    yield article(seed, e, KINDS[kinds[e]], indexIn[a], sizes[e], phaseOf[a], starts[e], time[a]);
  }
}

function grow<T extends Uint8Array | Uint16Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

// --- Facts of an event ------------------------------------------------------------------------

const words = (s: string) => s.split("|");
/** Closed word lists for slots the kinds share. */
const LISTS: Record<string, string[]> = {
  topic: words(
    "pension|tax|housing|immigration|energy|education|climate|healthcare|mining|fishing|defence|media|water|transport|farming|labour|digital|abortion|gun|policing|welfare|land|budget|trade|privacy|tobacco|gambling|rent|fuel|wage|asylum|surveillance|nuclear|broadcasting|railway|childcare|forestry|tourism|shipping|banking|alcohol|road|prison|university|hospital|dairy|coal|gas|telecom|postal|airport|port|river|coastal|school|disability|veteran|student|tenant|pharmacy|insurance",
  ),
  topic2: words(
    "coffee|sugar|night shifts|air pollution|social media use|red meat|sleep loss|traffic noise|ultra-processed food|loneliness|screen time|alcohol|microplastics|heat exposure|sitting|vitamin D",
  ),
  health: words(
    "dementia|heart disease|diabetes|depression|cancer|stroke|obesity|asthma|kidney disease|anxiety",
  ),
  journal: words("Nature|The Lancet|Science|Cell|the BMJ|PNAS|Nature Medicine"),
  crime: words(
    "murder|manslaughter|fraud|arson|kidnapping|assault|money laundering|tax evasion|drug trafficking",
  ),
  venue: words("school|shopping mall|nightclub|church|bar|concert|supermarket|university campus"),
  venue2: words("bank|jewellery store|museum|armoured van|casino|post office|warehouse"),
  localthing: words(
    "library|bridge|tram line|stadium|swimming pool|bike lane|car park|hospital wing|community centre|wind farm|ring road|harbour|market hall|ferry terminal|sports centre|bus station|skate park|concert hall|primary school|fire station|solar farm|cycle path|town hall|museum|footbridge|marina|water park|theatre|youth centre|recycling plant",
  ),
  reason: words("mould|asbestos|falling pupil numbers|a leaking roof|staff shortages|budget cuts"),
  sportname: words("tennis|golf|athletics|cycling|boxing|swimming|badminton|squash|table tennis"),
  event: words(
    "400 metres|marathon|1500 metres|100 metres hurdles|10,000 metres|high jump|pole vault",
  ),
  games: words(
    "Olympic Games|Commonwealth Games|World Cup|Asian Games|world championships|Paralympics",
  ),
  food: words("chicken|cheese|baby formula|salad|peanut butter|frozen vegetables|eggs|sausages"),
  germ: words("salmonella|listeria|E. coli|glass fragments|plastic pieces"),
  target: words("Mars|the Moon|Venus|an asteroid|the Sun|Jupiter's moons"),
  ord: words("second|third|fourth|fifth|sixth"),
  occupation: words(
    "teacher|nurse|taxi driver|student|shopkeeper|farmer|engineer|bus driver|pensioner|chef|electrician|accountant|firefighter|musician|carpenter|postal worker|pharmacist|lorry driver|cleaner|security guard|fisherman|mechanic|plumber|baker|librarian|social worker|dentist|architect|journalist|waiter|soldier|midwife|gardener|lawyer|miner|painter|tailor|butcher|pilot|vet",
  ),
  object: words(
    "a red van|a stolen motorbike|a kitchen knife|a hunting rifle|a grey saloon car|a delivery truck|a rented car|a black jeep|a bag of cash|a handgun|a white minibus|a crowbar",
  ),
  vehicle: words("bus|coach|train|tram|ferry|lorry|minibus"),
};
/** What a topic is about: "water" becomes "water tariff", "pension" "pension age" (or stays). */
const TOPIC_ASPECT = words(
  "|||||age|tariff|subsidy|quota|licence|levy|fund|code|standard|ceiling|fees|rules|contracts|reform|cuts|strategy|grants|prices|safety|permits",
);
/** Named sites of local stories: "the Kelondra Road car park". */
const SITE = words("Road|Street|Park|Square|Hill|Bay|Lane|Green|Bridge|Gate");
const MONTHS = words(
  "January|February|March|April|May|June|July|August|September|October|November|December",
);
const WEEKDAYS = words("Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday");
const PARTY_A = words(
  "National|Democratic|People's|Green|Liberal|Social|Progressive|Conservative|Free|United|Reform|Labour",
);
const PARTY_B = words("Party|Alliance|Front|Union|Movement|Congress");
const TEAM = words("FC|United|City|Rovers|Athletic|Wanderers|Sporting");
const FILM_A = words("Silent|Last|Broken|Golden|Red|Quiet|Distant|Burning|Hidden|Small|Long");
const FILM_B = words(
  "River|Summer|Garden|Mother|Harbour|Winter|Letters|Road|Island|Season|Daughter|House",
);
const STORM = words(
  "Ada|Boris|Celia|Dario|Elsa|Fabian|Greta|Hector|Iris|Jonah|Kira|Leon|Mira|Nestor|Olga|Pavel|Rhea|Sami|Tilde|Victor",
);

/** Pool sizes and Zipf offsets of people by role: politicians recur most, suspects never. */
const PEOPLE: Record<string, [number, number]> = {
  pol: [20_000, 3],
  exec: [30_000, 5],
  athlete: [30_000, 5],
  coach: [5_000, 5],
  official: [2_000_000, 50],
  expert: [50_000, 20],
  artist: [30_000, 5],
  judge: [20_000, 20],
  scientist: [100_000, 20],
  suspect: [10_000_000, 1_000_000],
  victim: [10_000_000, 1_000_000],
};
const SECTOR_OF: Record<string, string> = {
  bank: "bank",
  airline: "airline",
  automaker: "automaker",
  pharma: "pharma",
  tech: "tech",
  energy: "energy",
  retailer: "retailer",
  telecom: "telecom",
  miner: "miner",
  media: "media",
};

const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** One event's facts, each drawn on first use from its own generator: the same whatever order. */
class Facts {
  private readonly cache = new Map<string, string>();
  constructor(
    private readonly seed: number,
    private readonly event: number,
    /** Epoch ms of the event's start (years and months are told from it). */
    readonly start: number,
  ) {}

  rng(key: string): Random {
    return seededRandom(mix(this.seed, this.event, hashString(key)));
  }

  /** One of `options`, the same for every article of the event. */
  choice(key: string, options: string[]): string {
    let v = this.cache.get(key);
    if (v === undefined) {
      v = pick(this.rng(key), options);
      this.cache.set(key, v);
    }
    return v;
  }

  get(key: string): string {
    let v = this.cache.get(key);
    if (v === undefined) {
      v = this.draw(key);
      this.cache.set(key, v);
    }
    return v;
  }

  /** A value of `key` different from that of `other` (two cities, two teams), if it can be. */
  private distinct(key: string, other: string, draw: (r: Random) => string): string {
    const r = this.rng(key);
    const not = this.get(other);
    let v = draw(r);
    for (let i = 0; i < 8 && v === not; i++) v = draw(r);
    return v;
  }

  private places: { city: string; country: string }[] = [];

  /** The event's first or second place (a city and its country); the second in another country. */
  private place(which: 1 | 2): { city: string; country: string } {
    if (this.places.length === 0) {
      const r = this.rng("place");
      const first = place(this.seed, zipfRank(r, PLACE_POOL, 10));
      let second = place(this.seed, zipfRank(r, PLACE_POOL, 10));
      for (let i = 0; i < 8 && second.country === first.country; i++)
        second = place(this.seed, zipfRank(r, PLACE_POOL, 10));
      this.places = [first, second];
    }
    return this.places[which - 1];
  }

  private draw(key: string): string {
    const seed = this.seed;
    const base = key.replace(/\d$/, "");
    const second = base !== key;
    const people = PEOPLE[base];
    if (people) {
      const d = (r: Random) => personName(seed, base, zipfRank(r, people[0], people[1]));
      return second ? this.distinct(key, base, d) : d(this.rng(key));
    }
    const sector = key === "company" || key === "company2" ? null : SECTOR_OF[base];
    if (sector !== undefined) {
      const d = (r: Random) =>
        orgName(seed, sector ?? pick(r, ORG_SECTORS), zipfRank(r, sector ? 3000 : 8000, 5));
      return second ? this.distinct(key, base, d) : d(this.rng(key));
    }
    if (key === "topic" || key === "localthing") {
      // Each event's own subject: a Zipf-ranked combination, so unrelated stories of one kind
      // differ in more than their names (and the commonest subjects still recur).
      const r = this.rng(key);
      const [a, b] = key === "topic" ? [LISTS.topic, TOPIC_ASPECT] : [LISTS.localthing, SITE];
      const rank = zipfRank(r, a.length * b.length, 10);
      const thing = a[rank % a.length];
      const detail = b[Math.floor(rank / a.length)];
      if (key === "topic") return detail ? `${thing} ${detail}` : thing;
      return r() < 0.6 ? `${coined(r)} ${detail} ${thing}` : thing;
    }
    if (LISTS[key]) return pick(this.rng(key), LISTS[key]);
    const list = LISTS[base];
    if (list)
      return second ? this.distinct(key, base, (r) => pick(r, list)) : pick(this.rng(key), list);
    const r = this.rng(key);
    const year = new Date(this.start).getUTCFullYear();
    switch (key) {
      case "city":
      case "city2":
        return this.place(key === "city" ? 1 : 2).city;
      case "country":
      case "country2":
        return this.place(key === "country" ? 1 : 2).country;
      case "region":
      case "stadium":
      case "foundation":
        return coined(r);
      case "street":
        return `${coined(r)} ${pick(r, ["Road", "Street", "Avenue", "Lane", "Square"])}`;
      case "district":
        return `the ${coined(r)} district`;
      case "clock": {
        const h = 1 + randomInt(r, 12);
        return r() < 0.5
          ? `shortly after ${h} ${r() < 0.5 ? "a.m." : "p.m."}`
          : `at about ${h}.${String(randomInt(r, 12) * 5).padStart(2, "0")} ${r() < 0.5 ? "a.m." : "p.m."}`;
      }
      case "party":
      case "party2": {
        const d = (q: Random) => `${pick(q, PARTY_A)} ${pick(q, PARTY_B)}`;
        return second ? this.distinct(key, "party", d) : d(r);
      }
      case "team":
      case "team2": {
        const d = (q: Random) => `${place(seed, zipfRank(q, 3000, 10)).city} ${pick(q, TEAM)}`;
        return second ? this.distinct(key, "team", d) : d(r);
      }
      case "stormname":
        return pick(r, STORM);
      case "volcano":
        return `Mount ${coined(r)}`;
      case "product":
        return `${coined(r, 2)} ${pick(r, ["", "Pro", "Max", "X", "Air", "Ultra", String(2 + randomInt(r, 12))])}`.trim();
      case "film":
        return r() < 0.5
          ? `The ${pick(r, FILM_A)} ${pick(r, FILM_B)}`
          : `${pick(r, FILM_B)} of ${this.get("city")}`;
      case "mission":
        return `${coined(r, 2)}-${1 + randomInt(r, 5)}`;
      case "thinktank":
        return r() < 0.5
          ? `${coined(r)} Institute`
          : `Centre for ${cap(pick(r, LISTS.topic))} Studies`;
      case "n":
        return String(2 + randomInt(r, 40));
      case "n2":
        return String(Number(this.get("n")) + 5 + randomInt(r, 80));
      case "m":
        return String(2 + randomInt(r, 8));
      case "big":
        return thousands(Math.round(120 * 400 ** r()));
      case "pct":
        return (0.5 + r() * 24).toFixed(1);
      case "share":
        return String(35 + randomInt(r, 30));
      case "share2":
        return String(20 + randomInt(r, 25));
      case "rate":
        return (0.5 + randomInt(r, 38) * 0.25).toFixed(2);
      case "mag":
        return (4.5 + r() * 3.9).toFixed(1);
      case "wind":
        return String(90 + 10 * randomInt(r, 17));
      case "temp":
        return String(38 + randomInt(r, 12));
      case "temp_rise":
        return (1.5 + r() * 1.7).toFixed(1);
      case "year0":
        return String(1950 + randomInt(r, 70));
      case "year1":
        return String(year + 1 + randomInt(r, 6));
      case "age":
        return String(24 + randomInt(r, 72));
      case "age_young":
        return String(19 + randomInt(r, 16));
      case "score": {
        const won = 1 + randomInt(r, 4);
        return `${won}-${randomInt(r, won)}`;
      }
      case "flightno":
        return `${String.fromCharCode(65 + randomInt(r, 26), 65 + randomInt(r, 26))}${100 + randomInt(r, 900)}`;
      case "time":
        return `${1 + randomInt(r, 3)} minutes ${10 + randomInt(r, 50)}.${randomInt(r, 10)} seconds`;
      case "price":
        return `${pick(r, ["$", "€", "£"])}${thousands(299 + 100 * randomInt(r, 15))}`;
      case "month":
        return MONTHS[(new Date(this.start).getUTCMonth() + 1 + randomInt(r, 4)) % 12];
      case "weekday2":
        return pick(r, WEEKDAYS);
      case "money": {
        // An amount and a currency; each outlet writes it its own way (see Writer.slot).
        const billions = r() < 0.6;
        const x = billions ? (0.5 + r() * 40).toFixed(1) : String(50 + 10 * randomInt(r, 90));
        return `${pick(r, ["$", "€", "£"])}|${x}|${billions ? "billion" : "million"}`;
      }
      case "small_money":
        return `${pick(r, ["$", "€", "£"])}|${(1 + r() * 60).toFixed(1)}|million`;
    }
    throw new Error(`synthetic stream: unknown slot {${key}}`);
  }
}

// --- Writing an article -------------------------------------------------------------------------

/** Quotes by domain: the quoted person is one of the event's facts, so outlets share the name. */
/**
 * Details of an event that every outlet reporting it may repeat (the victim's trade, the street,
 * the hour): each event picks two of its domain's, so unrelated stories of one kind differ in
 * more than their names, as real ones do.
 */
const DETAILS: Record<string, string[]> = {
  disaster: [
    "The first emergency calls came in {clock}, and {n} ambulances were sent from {city2}.",
    "Among the dead was a {age}-year-old {occupation} from {district}.",
    "Roads around {street} stayed closed and {big} households had no running water.",
    "Volunteers set up a shelter in a sports hall on {street}.",
  ],
  crime: [
    "The victim, a {age}-year-old {occupation}, was found on {street} {clock}.",
    "Officers recovered {object} near {street}, a police source said.",
    "Neighbours in {district} described hearing shouting {clock}.",
    "CCTV images show {n2} people leaving {street} in {object}.",
  ],
  courts: [
    "The court heard that the defendant, a former {occupation}, was arrested on {street}.",
    "{n} witnesses, among them a {occupation} from {district}, gave evidence.",
    "Sentencing is set for {weekday2}.",
  ],
  transport: [
    "The {vehicle} had left {city2} {clock}, the operator said.",
    "A {age}-year-old {occupation} from {district} was among the injured.",
    "Traffic was diverted around {street} for {m} hours.",
  ],
  local: [
    "The project on {street} will cost {small_money} and take {m} years, council papers show.",
    "Residents of {district} collected {big} signatures for a petition.",
    "A {age}-year-old {occupation} who lives on {street} said the area had waited long enough.",
  ],
  politics: [
    "The vote came after a {m}-hour session that ended {clock}.",
    "{pol2}, a former {occupation}, leads the opposition to the plan.",
    "Supporters gathered on {street} to hear the result.",
  ],
  business: [
    "The company, founded in {year0} by a former {occupation}, employs {big} people.",
    "Its shares have moved {pct} percent this year.",
    "The deal was negotiated at offices on {street} in {city}.",
  ],
  sport: [
    "{athlete} grew up in {district} and worked as a {occupation} before turning professional.",
    "The match was played in front of {big} fans at the {stadium} Stadium.",
  ],
  science: [
    "The work was funded by the {foundation} Foundation and involved {n} researchers.",
    "Samples were analysed at a laboratory on {street}.",
  ],
  health: [
    "Patients in {district} were among the first to fall ill.",
    "The {foundation} Foundation has pledged {small_money} for treatment.",
  ],
  tech: [
    "{big} engineers worked on the project at the company's {city} campus.",
    "The company was founded by a former {occupation} in {year0}.",
  ],
  culture: [
    "{artist} worked as a {occupation} in {district} before becoming famous.",
    "The event was held at the {stadium} Theatre on {street}.",
  ],
  conflict: [
    "The attack began {clock} and lasted about {m} hours, residents said.",
    "Among the dead was a {age}-year-old {occupation} from {district}.",
  ],
  environment: ["Fishermen in {district} say their catch has already fallen."],
  protests: [
    "Organisers said {big} people had come from {district} alone.",
    "The march set off from {street} {clock}.",
  ],
};

const QUOTES: Record<string, string[]> = {
  disaster: [
    '"Our thoughts are with the families," said {pol}, who visited {city} on {day}.',
    '"We are doing everything we can to reach the people still missing," {official} said.',
    '"I lost everything in a few minutes," one resident of {city} told reporters.',
    '"The priority now is shelter, water and medicine," said {official} of the civil defence.',
  ],
  politics: [
    '"This is a great day for {country}," {pol} told supporters.',
    '"The government has lost the trust of the people," said {pol2}.',
    '"We will listen, but we will not be pushed around," {pol} said.',
  ],
  conflict: [
    '"Civilians are paying the price," said {official}, an aid worker in {city}.',
    '"We will defend every inch of our land," {pol} said in a televised address.',
  ],
  business: [
    '"Jobs and investment must stay in {country}," said {pol}.',
    '"This is the right move at the right time," {exec} said in a statement.',
    '"Investors were caught off guard," said {expert}, an analyst in {city}.',
  ],
  courts: [
    '"Justice has been done," a lawyer for the family said outside the court in {city}.',
    '"We will appeal," said a lawyer for the defence.',
  ],
  crime: [
    '"It was like a scene from a film," a witness told local television.',
    '"We are following several lines of inquiry," {official} said.',
  ],
  sport: [
    '"The whole country is proud tonight," {pol} wrote on social media.',
    '"I am so proud of this group," said {coach}.',
    '"It is a dream come true," {athlete} told reporters.',
  ],
  science: [
    '"This opens a whole new field of questions," said {scientist}.',
    '"The evidence is now hard to ignore," {scientist} said.',
  ],
  health: [
    '"We have the resources we need," health minister {pol} said.',
    '"Hospitals are at breaking point," said {official}, a doctor in {city}.',
    '"Patients should not panic," {official} said.',
  ],
  tech: [
    '"This changes how people will use their devices," {exec} said on stage.',
    '"Regulators are finally catching up," said {expert}.',
  ],
  culture: [
    '"Art is how we remember who we are," {artist} said.',
    '"It was a night none of us will forget," said {artist2}.',
  ],
  local: [
    '"This is what the town has been waiting for," said {official}.',
    '"Nobody asked the people who live here," one resident said.',
  ],
  environment: ['"The damage will take years to repair," said {expert}.'],
  protests: [
    '"The door to dialogue remains open," said {pol}.',
    '"We will keep coming back until they listen," said {official}, one of the organisers.',
    '"The right to protest is not in question," a police spokesperson said.',
  ],
  transport: [
    '"Passengers deserve better than this," said {official} of a consumer group.',
    '"Safety is our first priority," the company said in a statement.',
  ],
};
const ATTRIBUTIONS = words(
  "officials said|{official} said|local media reported|according to {media}|a spokesperson said|authorities said|witnesses said|reports said",
);
/**
 * Everyday words outlets choose differently: each outlet rewords about half of them in its own
 * sentences (quotes and agency copy stay verbatim), so one event's coverage rarely repeats a
 * whole sentence even where it shares a template.
 */
const PARAPHRASE: Record<string, string[]> = {
  "at least": ["no fewer than", "more than", "some"],
  "because of": ["due to", "owing to"],
  after: ["following"],
  announced: ["unveiled", "revealed", "confirmed"],
  began: ["started"],
  biggest: ["largest"],
  largest: ["biggest"],
  children: ["youngsters", "minors"],
  city: ["town"],
  coast: ["coastline", "shore"],
  company: ["firm", "group"],
  firm: ["company"],
  forcing: ["prompting", "causing"],
  government: ["administration", "authorities"],
  homes: ["houses"],
  including: ["among them"],
  injured: ["wounded"],
  later: ["afterwards"],
  near: ["close to"],
  officials: ["authorities"],
  people: ["persons", "individuals"],
  percent: ["per cent"],
  plan: ["proposal", "scheme"],
  residents: ["locals", "inhabitants"],
  rose: ["climbed", "increased"],
  said: ["stated", "added", "told reporters"],
  started: ["began"],
  thousands: ["tens of thousands", "many thousands"],
  warned: ["cautioned"],
  workers: ["employees", "staff"],
  would: ["will"],
};
const PARAPHRASE_RE = new RegExp(
  `\\b(${Object.keys(PARAPHRASE)
    .sort((a, b) => b.length - a.length)
    .join("|")})\\b`,
  "g",
);
// A sentence that already says who says so.
const ATTRIBUTED = / (said|stated|added|told|ruled|reported|says)\b|"/;
// A trailing clause some outlets leave out (", threatening beaches and fisheries.").
const TRAILING = /, (?:[a-z]+ing|which) [^,"0-9]*\.$/;

const TITLE_TAILS = words(", officials say|, report says|, sources say| - reports|, police say");
const SMALL = new Set(words("a|an|the|of|in|on|at|to|for|and|or|as|by|with|from|after|over"));
// Sentences that open with one of these can move a clause in front of them in lower case.
const LOWER =
  /^(A|An|The|At|Some|About|Thousands|Hundreds|Residents|Police|Rescue|Shares|Scientists|Researchers|Lawmakers|Voters|Investigators|Prosecutors|Firefighters|Authorities|Hospitals) /;

const titleCase = (s: string) =>
  s.replace(/[A-Za-z][\w'-]*/g, (w, at: number) => (at > 0 && SMALL.has(w) ? w : cap(w)));

/** "a" or "an" by the next word's first letter. */
const indefinite = (_: string, a: string, next: string) =>
  (/^[aeiouAEIOU]/.test(next) && !/^[Uu]ni|^[Ee]u/.test(next)) || /^(8|1[18](?!\d))/.test(next)
    ? `${a}n `
    : `${a} `;

/** Fills templates for one article: the event's facts with this outlet's own word choices. */
class Writer {
  constructor(
    private readonly kind: Kind,
    private readonly facts: Facts,
    private readonly r: Random,
    /** How the outlet names the day: a weekday or a date. */
    private readonly day: string,
    /** The development of a running story: later ones report higher counts. */
    private readonly phase: number,
  ) {}

  slot = (_: string, key: string): string => {
    const syn = this.kind.syn[key];
    if (syn) return pick(this.r, syn);
    const choice = this.kind.facts[key];
    if (choice) return this.facts.choice(key, choice);
    if (key === "day") return this.day;
    if (key === "n2" && this.phase > 0)
      return String(Number(this.facts.get("n2")) + this.phase * Number(this.facts.get("m")));
    const v = this.facts.get(key);
    if (key === "money" || key === "small_money") {
      const [cur, x, unit] = v.split("|");
      const u = this.r();
      return u < 0.6
        ? `${cur}${x} ${unit}`
        : u < 0.85
          ? `${cur}${x}${unit === "billion" ? "bn" : "m"}`
          : `${x} ${unit} ${cur === "$" ? "dollars" : cur === "€" ? "euros" : "pounds"}`;
    }
    return v;
  };

  fill(template: string): string {
    let out = template.replace(/\{(\w+)\}/g, this.slot);
    if (out.includes("{")) out = out.replace(/\{(\w+)\}/g, this.slot);
    return out.replace(/\b([Aa])n? (?=(\w+))/g, indefinite);
  }

  /** A lede sentence, sometimes with its time clause moved up front or an attribution added. */
  /** The event's first or second detail sentence, the same for every outlet. */
  detail(details: string[], which: 1 | 2): string {
    const first = this.facts.choice("detail1", details);
    if (which === 1 || details.length < 2) return first;
    const i = details.indexOf(first);
    return details[
      (i + 1 + randomInt(this.facts.rng("detail2"), details.length - 1)) % details.length
    ];
  }

  /** Rewords some everyday words, each with probability `p`. */
  reword(s: string, p: number): string {
    return s.replace(PARAPHRASE_RE, (w) => (this.r() < p ? pick(this.r, PARAPHRASE[w]) : w));
  }

  sentence(template: string): string {
    const r = this.r;
    if (template.startsWith('"')) return cap(this.fill(template));
    let s = cap(this.reword(this.fill(template), 0.5));
    if (r() < 0.15) s = s.replace(TRAILING, ".");
    const on = ` on ${this.day}`;
    if (s.includes(on) && LOWER.test(s) && r() < 0.3) {
      s = `On ${this.day}, ${s.charAt(0).toLowerCase()}${s.slice(1).replace(on, "")}`;
    } else if (!ATTRIBUTED.test(s) && s.endsWith(".") && r() < 0.35) {
      s = `${s.slice(0, -1)}, ${this.fill(pick(r, ATTRIBUTIONS))}.`;
    }
    return s;
  }
}

/** Title and lede of one article: the outlet's own wording of the event at this phase. */
function write(w: Writer, kind: Kind, r: Random, o: Outlet, phase: number, size: number) {
  const follow = phase > 0 && kind.follows.length > 0 && r() < 0.75;
  let title = cap(w.reword(w.fill(pick(r, follow ? kind.follows : kind.titles)), 0.3));
  const u = r();
  if (u < 0.06) title += pick(r, TITLE_TAILS);
  else if (u < 0.09 && size >= 20) title = `${pick(r, ["UPDATE", "LIVE", "Breaking"])}: ${title}`;
  const sentences: string[] = [];
  const first = randomInt(r, kind.ledes.length);
  if (follow) {
    // A development: the new fact first, then the background most outlets repeat.
    sentences.push(`${cap(w.fill(pick(r, kind.follows)))}, ${w.fill(pick(r, ATTRIBUTIONS))}.`);
  }
  sentences.push(w.sentence(kind.ledes[first]));
  // Most outlets give one of the event's details next.
  const details = DETAILS[kind.domain] ?? [];
  if (details.length > 0 && sentences.length < o.sentences && r() < 0.7)
    sentences.push(w.sentence(w.detail(details, r() < 0.5 ? 1 : 2)));
  const extra: string[] = [
    kind.ledes[(first + 1 + randomInt(r, kind.ledes.length - 1)) % kind.ledes.length],
    ...kind.more,
    ...(QUOTES[kind.domain] ?? []),
  ];
  while (sentences.length < o.sentences && extra.length > 0) {
    const [t] = extra.splice(randomInt(r, extra.length), 1);
    sentences.push(w.sentence(t));
  }
  return { title, text: sentences.join(" ") };
}

const WIRE = 0x57495245;

/** One article, generated from (seed, event, index) alone: the same whatever the stream order. */
function article(
  seed: number,
  e: number,
  kind: Kind,
  k: number,
  size: number,
  phase: number,
  eventStart: number,
  published: number,
): SyntheticArticle {
  const er = seededRandom(mix(seed, e, 0xffffffff));
  const facts = new Facts(seed, e, eventStart);
  // An agency covers about half the stories of three or more articles; its copy is republished.
  const agency = size >= 3 && er() < 0.5 ? randomInt(er, AGENCIES.length) : -1;
  const r = seededRandom(mix(seed, e, k));
  const wire = agency >= 0 && (k === 0 ? r() < 0.5 : r() < 0.15);
  const o = wire && k === 0 ? agencyOutlet(agency) : outlet(seed, zipfRank(r, OUTLET_POOL, 8));
  const dated = new Date(phase === 0 ? eventStart : published);
  const day =
    r() < 0.7
      ? WEEKDAYS[dated.getUTCDay()]
      : `${MONTHS[dated.getUTCMonth()]} ${dated.getUTCDate()}`;
  let title: string;
  let text: string;
  if (wire) {
    // The agency's copy of this phase, the same for every outlet that runs it, lightly edited.
    const ar = seededRandom(mix(seed, e, WIRE + phase));
    const copy = write(
      new Writer(kind, facts, ar, agencyDay(dated, ar), phase),
      kind,
      ar,
      agencyOutlet(agency),
      phase,
      size,
    );
    title = copy.title;
    text = `${facts.get("city").toUpperCase()} (${AGENCIES[agency]}) - ${copy.text}`;
    // Some outlets cut the agency's last sentence.
    const cut = text.lastIndexOf(". ");
    if (k > 0 && cut > 0 && r() < 0.3) text = text.slice(0, cut + 1);
  } else {
    ({ title, text } = write(new Writer(kind, facts, r, day, phase), kind, r, o, phase, size));
    if (o.dateline) text = `${facts.get("city").toUpperCase()} (${o.name}) - ${text}`;
  }
  if (o.titleCase) title = titleCase(title);
  if (o.suffix === "dash") title += ` - ${o.name}`;
  else if (o.suffix === "bar") title += ` | ${o.name}`;
  const id = `syn-${e}-${k}`;
  return {
    id,
    title,
    text,
    source: o.name,
    url: `https://${o.host}/${kind.domain}/${id}`,
    published,
    lang: "en",
    cluster: `event-${e}`,
  };
}

function agencyDay(d: Date, r: Random): string {
  return r() < 0.5 ? WEEKDAYS[d.getUTCDay()] : `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}
