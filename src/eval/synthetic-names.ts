// Entity pools of the synthetic stream: people, places, organisations and outlets, composed from
// short lists and syllables so that each pool holds tens of thousands of distinct names, none of
// them stored. An entity is a rank in its pool; the name of a rank is a hash of (seed, pool, rank),
// and ranks are drawn Zipf-like, so a few big names recur across many unrelated stories (what makes
// real clustering hard) while most names are seen once or twice.
import { pick, type Random, seededRandom } from "./random.ts";

/** Integer hash of three numbers (seeds per-event and per-article generators). */
export function mix(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f) ^ Math.imul(c + 0x165667b1, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/** FNV-1a of a string: pool and slot names become hash salts. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A rank in [0, n) with probability falling as 1 / (rank + q) (Zipf-Mandelbrot, exponent 1): with
 * q = 3 and n = 20,000 the top rank takes about 3% of draws and half the draws fall in the top 300.
 */
export function zipfRank(rng: Random, n: number, q = 3): number {
  const r = Math.floor(q * ((n + q) / q) ** rng()) - q;
  return Math.min(n - 1, Math.max(0, r));
}

export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const words = (s: string) => s.split(" ");

const FIRST = words(
  "Anna Marco Li Fatima Olga Pierre Kwame Sofia Hiroshi Elena Omar Ingrid Diego Amara Yusuf Clara Rahul Mei Tomas Leila Jonas Aisha Viktor Nadia Samuel Keiko Pablo Zanele Felix Irina Ahmed Lucia Pedro Hana Arjun Maya Lars Chidi Rosa Emil James Mary Robert Linda Michael Sarah David Karen Daniel Laura Paul Emma Mark Julia George Helen Peter Ruth John Alice Ali Mohammed Nour Hassan Layla Chen Wei Jun Yuki Kenji Sakura Min-jun Ji-woo Priya Vikram Anil Deepa Ivan Dmitri Natasha Sergei Katarina Piotr Agnieszka Jan Eva Luca Giulia Matteo Chiara Carlos Ana Jorge Isabel Miguel Carmen Thabo Nia Kofi Ama Tunde Ngozi Juma Wanjiru Erik Astrid Nils Freya Hugo Chloe Louis Camille Ahmet Elif Mustafa Zeynep Oscar Ines Rafael Beatriz Tariq Sana Bilal Amina",
);
const LAST = words(
  "Novak Okafor Schmidt Tanaka Haddad Petrov Silva Kowalski Nguyen Dubois Mensah Larsen Romero Ivanova Khan Moreau Costa Fischer Sato Popescu Ali Jensen Bianchi Mwangi Hoffmann Kim Garcia Eriksen Nowak Adeyemi Rossi Yamamoto Lindqvist Sharma Weber Herrera Dimitrov Osei Brandt Smith Johnson Brown Taylor Wilson Clarke Walker Wright Evans Baker Patel Singh Gupta Rao Chen Wang Zhang Liu Park Lee Choi Suzuki Watanabe Kobayashi Ibrahim Hussein Rahman Aziz Demir Yilmaz Kaya Sokolov Volkov Morozov Horvat Kovac Nagy Toth Santos Pereira Oliveira Fernandes Lopez Martinez Sanchez Torres Diaz Mutua Kamau Banda Phiri Diallo Traore Keita Andersson Nilsson Berg Virtanen Laine Murphy Kelly Byrne Walsh Schneider Becker Wagner Meyer Bauer Wolf Leroy Fournier Girard Ricci Greco Ferrari Marino Conti Vasquez Castro Ortiz Moreno Ruiz Alvarez Mendoza",
);
// Syllables for names the lists do not hold: onset + vowel (+ coda) gives thousands of
// pronounceable stems, so new names keep appearing as the stream grows.
const ONSET = words("b d f g h k l m n p r s t v z br dr kr st tr sh ch gr pl");
const VOWEL = words("a e i o u a e o ai ei");
const CODA = ["", "", "", "n", "r", "l", "s", "k", "m", "th", "nd"];

/** A coined name of 2-3 syllables, e.g. "Kelondra", "Vastir". */
export function coined(rng: Random, syllables = 2 + Math.floor(rng() * 2)): string {
  let w = "";
  for (let i = 0; i < syllables; i++) {
    w += pick(rng, ONSET) + pick(rng, VOWEL);
    if (i === syllables - 1 || rng() < 0.3) w += pick(rng, CODA);
  }
  return cap(w);
}

/** A person: pools per role (politicians, executives, athletes, ...), each Zipf-ranked. */
export function personName(seed: number, pool: string, rank: number): string {
  const r = seededRandom(mix(seed, hashString(pool), rank));
  const first = r() < 0.85 ? pick(r, FIRST) : coined(r);
  const last = r() < 0.45 ? pick(r, LAST) : coined(r);
  return `${first} ${last}`;
}

// Real places and their countries: the head of the place pool (the most reported cities).
const CITIES: [string, string][] =
  "Lisbon:Portugal Porto:Portugal Nairobi:Kenya Mombasa:Kenya Osaka:Japan Sapporo:Japan Lyon:France Marseille:France Gdansk:Poland Krakow:Poland Valparaiso:Chile Santiago:Chile Accra:Ghana Kumasi:Ghana Hanoi:Vietnam Danang:Vietnam Tbilisi:Georgia Batumi:Georgia Quito:Ecuador Guayaquil:Ecuador Bergen:Norway Oslo:Norway Izmir:Turkey Ankara:Turkey Cebu:Philippines Davao:Philippines Leipzig:Germany Hamburg:Germany Bilbao:Spain Valencia:Spain Graz:Austria Linz:Austria Lagos:Nigeria Ibadan:Nigeria Pune:India Kochi:India Perth:Australia Brisbane:Australia Halifax:Canada Calgary:Canada Tampere:Finland Arequipa:Peru Malmo:Sweden Riga:Latvia Sfax:Tunisia Dakar:Senegal Rosario:Argentina Cordoba:Argentina Aarhus:Denmark Ghent:Belgium Busan:Korea Daegu:Korea Brno:Czechia Kaunas:Lithuania Tartu:Estonia Split:Croatia Varna:Bulgaria Durban:South Africa Pretoria:South Africa Mersin:Turkey Medan:Indonesia Surabaya:Indonesia Cusco:Peru Monterrey:Mexico Puebla:Mexico Recife:Brazil Curitiba:Brazil Casablanca:Morocco Fez:Morocco Alexandria:Egypt Luxor:Egypt Karachi:Pakistan Lahore:Pakistan Chittagong:Bangladesh Kandy:Sri Lanka Cluj:Romania Iasi:Romania Debrecen:Hungary Turin:Italy Naples:Italy Lille:France Utrecht:Netherlands Kharkiv:Ukraine Odesa:Ukraine Almaty:Kazakhstan Mosul:Iraq Basra:Iraq Aleppo:Syria Haifa:Israel Irbid:Jordan Tripoli:Libya Kano:Nigeria Arusha:Tanzania Kampala:Uganda Lusaka:Zambia Harare:Zimbabwe Auckland:New Zealand Winnipeg:Canada Tucson:United States Omaha:United States Glasgow:United Kingdom Leeds:United Kingdom Cork:Ireland"
    .split(/ (?=[A-Z][a-z]+:)/)
    .map((p) => p.split(":") as [string, string]);
const COUNTRIES = [...new Set(CITIES.map(([, c]) => c))];
const PLACE_SHAPES = [
  "{}",
  "{}",
  "{}",
  "Port {}",
  "San {}",
  "{}ville",
  "New {}",
  "{}burg",
  "{}pur",
];

/** A place: the real cities first, then coined towns, each with its country. */
export function place(seed: number, rank: number): { city: string; country: string } {
  if (rank < CITIES.length) {
    const [city, country] = CITIES[rank];
    return { city, country };
  }
  const r = seededRandom(mix(seed, 0x9e37, rank));
  const city = pick(r, PLACE_SHAPES).replace("{}", coined(r));
  return { city, country: country(seed, zipfRank(r, COUNTRIES.length, 8)) };
}
export const PLACE_POOL = 30_000;

/** A country by rank: a seed-dependent order, so the most reported country varies by seed. */
function country(seed: number, rank: number): string {
  return COUNTRIES[(rank + (seed % COUNTRIES.length)) % COUNTRIES.length];
}

// Organisations by sector: a stem (a word or a coined name) and the sector's suffixes.
const ORG_STEMS = words(
  "Northwind Baltic Meridian Crescent Atlas Summit Harbor Pioneer Granite Sterling Aurora Vertex Orion Cascade Evergreen Polar Keystone Horizon Silverline Redwood Bluewater Ironclad Lumen Nimbus Tessera Union Vanguard Zenith Halcyon Apex Beacon Citadel Delta Ember Falcon Global Helix Inland Juniper Kestrel Lighthouse Monarch Nova Oakridge Pinnacle Quantum Riverside Sapphire Titan United Vista Westgate",
);
const SECTORS: Record<string, string[]> = {
  company: words("Group Holdings Industries Corp International Partners"),
  bank: words("Bank Capital Financial Bancorp Savings"),
  airline: words("Airlines Air Airways Aviation"),
  automaker: words("Motors Automotive Cars Mobility"),
  pharma: words("Pharma Therapeutics Biotech Labs Health"),
  tech: words("Systems Technologies Software Labs Networks Digital"),
  energy: words("Energy Oil Power Petroleum Renewables"),
  retailer: words("Stores Retail Markets Foods"),
  telecom: words("Telecom Mobile Communications"),
  miner: words("Mining Resources Metals"),
  media: words("Media Studios Pictures Broadcasting"),
};
export const ORG_SECTORS = Object.keys(SECTORS);

export function orgName(seed: number, sector: string, rank: number): string {
  const r = seededRandom(mix(seed, hashString(sector), rank));
  const stem = r() < 0.35 ? pick(r, ORG_STEMS) : coined(r);
  return `${stem} ${pick(r, SECTORS[sector])}`;
}

// --- Outlets -----------------------------------------------------------------------------------

const OUTLET_A = words(
  "Daily Morning Evening National Metro City Global Coastal Northern Southern Capital Valley Harbour Central Western Eastern Weekly Sunday Free Independent",
);
const OUTLET_B = words(
  "Herald Times Post Tribune Chronicle Observer Gazette Courier Express Journal Star Record Sentinel Mirror Dispatch News Standard Bulletin Review Ledger",
);
/** News agencies: their copy is republished nearly verbatim by other outlets. */
export const AGENCIES = [
  "Global Press Agency",
  "Continental Wire",
  "Pacific Newswire",
  "Atlas News Service",
];

export interface Outlet {
  name: string;
  host: string;
  /** How its headlines end: nothing, " - Name" or " | Name". */
  suffix: "" | "dash" | "bar";
  /** Headline Case For Every Word. */
  titleCase: boolean;
  /** Opens the lede with "CITY (Outlet) - ". */
  dateline: boolean;
  /** Sentences in its lede or excerpt (1-3). */
  sentences: number;
}

export const OUTLET_POOL = 900;

/** An outlet by rank (Zipf popularity; agencies take no rank here). */
export function outlet(seed: number, rank: number): Outlet {
  const r = seededRandom(mix(seed, 0x0e71, rank));
  const shape = r();
  const name =
    shape < 0.55
      ? `The ${pick(r, OUTLET_A)} ${pick(r, OUTLET_B)}`
      : shape < 0.8
        ? `${place(seed, zipfRank(r, 2000, 20)).city} ${pick(r, OUTLET_B)}`
        : shape < 0.9
          ? `${coined(r)} News`
          : `${coined(r)}${pick(r, ["", " Online", " Today", " 24"])}`;
  const s = r();
  return {
    name,
    host: `${name
      .toLowerCase()
      .replace(/^the /, "")
      .replace(/[^a-z0-9]+/g, "")}${rank}.example`,
    suffix: s < 0.55 ? "" : s < 0.85 ? "dash" : "bar",
    titleCase: r() < 0.3,
    dateline: r() < 0.35,
    sentences: 1 + Math.floor(r() * 3),
  };
}

export function agencyOutlet(index: number): Outlet {
  const name = AGENCIES[index % AGENCIES.length];
  return {
    name,
    host: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example`,
    suffix: "",
    titleCase: false,
    dateline: true,
    sentences: 3,
  };
}
