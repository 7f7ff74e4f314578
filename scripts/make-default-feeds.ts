// Builds src/feeds/default-feeds.opml, the feed list `npm start` polls when none is configured:
// about 150 feeds of major outlets across regions and topics, chosen from the kite-public feed
// list in ../shared/data/feeds (categories.json, outlets.jsonl). Deterministic: the same input
// gives the same file, byte for byte.
//
// Run: node --import tsx scripts/make-default-feeds.ts [DATA_DIR] [OUT_FILE]
//
// How feeds are chosen, per category of the plan below (which sets the folder and a quota):
// - feeds of aggregators, search queries and blog platforms (Google News, Reddit, hnrss,
//   FeedBurner proxies, Substack, Blogspot..., URLs with query strings) are left out: they are
//   not outlets;
// - the rest are ranked by how many of the 197 categories the feed's site appears in (a wide
//   presence marks a major outlet), then by being a named outlet in outlets.jsonl, then by the
//   shorter URL (a section's main feed rather than a sub-feed), then alphabetically;
// - for a country, half the quota (rounded up) goes first to sites under its country-code domain
//   (.de, .co.jp...), so that its own press is there beside the international outlets;
// - one feed per site within a category and at most three per site overall, so that the list
//   spreads over many outlets.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type OpmlFeed, toOpml } from "../src/feeds/opml.ts";

/** [category in categories.json, folder path in the OPML, number of feeds, country TLD]. */
const PLAN: [string, string, number, string?][] = [
  ["Europe", "World/Europe", 4],
  ["UK", "World/Europe/UK", 4, "uk"],
  ["Ireland", "World/Europe/Ireland", 2, "ie"],
  ["Germany", "World/Europe/Germany", 3, "de"],
  ["France", "World/Europe/France", 3, "fr"],
  ["Spain", "World/Europe/Spain", 2, "es"],
  ["Italy", "World/Europe/Italy", 2, "it"],
  ["The Netherlands", "World/Europe/Netherlands", 2, "nl"],
  ["Poland", "World/Europe/Poland", 2, "pl"],
  ["Sweden", "World/Europe/Sweden", 2, "se"],
  ["Ukraine", "World/Europe/Ukraine", 2, "ua"],
  ["Russia", "World/Europe/Russia", 2, "ru"],
  ["Canada", "World/Americas/Canada", 3, "ca"],
  ["USA | New York City", "World/Americas/USA", 2],
  ["USA | Chicago", "World/Americas/USA", 1],
  ["USA | Washington", "World/Americas/USA", 1],
  ["Mexico", "World/Americas/Mexico", 2, "mx"],
  ["Brazil", "World/Americas/Brazil", 3, "br"],
  ["Argentina", "World/Americas/Argentina", 2, "ar"],
  ["Chile", "World/Americas/Chile", 2, "cl"],
  ["Caribbean", "World/Americas/Caribbean", 2],
  ["Asia", "World/Asia", 4],
  ["India", "World/Asia/India", 3, "in"],
  ["Pakistan", "World/Asia/Pakistan", 2, "pk"],
  ["Japan", "World/Asia/Japan", 3, "jp"],
  ["China", "World/Asia/China", 2, "cn"],
  ["Hong Kong", "World/Asia/Hong Kong", 2, "hk"],
  ["South Korea", "World/Asia/South Korea", 2, "kr"],
  ["Taiwan", "World/Asia/Taiwan", 2, "tw"],
  ["Singapore", "World/Asia/Singapore", 2, "sg"],
  ["Philippines", "World/Asia/Philippines", 2, "ph"],
  ["Indonesia", "World/Asia/Indonesia", 2, "id"],
  ["Vietnam", "World/Asia/Vietnam", 2, "vn"],
  ["Malaysia", "World/Asia/Malaysia", 1, "my"],
  ["Middle East", "World/Middle East", 4],
  ["Israel", "World/Middle East/Israel", 2, "il"],
  ["Iran", "World/Middle East/Iran", 2, "ir"],
  ["Turkey", "World/Middle East/Turkey", 2, "tr"],
  ["Palestine", "World/Middle East/Palestine", 1, "ps"],
  ["Africa", "World/Africa", 4],
  ["Nigeria", "World/Africa/Nigeria", 3, "ng"],
  ["Kenya", "World/Africa/Kenya", 2, "ke"],
  ["South Africa", "World/Africa/South Africa", 2, "za"],
  ["Ghana", "World/Africa/Ghana", 2, "gh"],
  ["Ethiopia", "World/Africa/Ethiopia", 1, "et"],
  ["Morocco", "World/Africa/Morocco", 1, "ma"],
  ["Australia", "World/Oceania/Australia", 3, "au"],
  ["New Zealand", "World/Oceania/New Zealand", 2, "nz"],
  ["Economy", "Business/Economy", 5],
  ["Energy", "Business/Energy", 2],
  ["Cryptocurrency", "Business/Cryptocurrency", 1],
  ["AI", "Technology/AI", 3],
  ["Cybersecurity", "Technology/Security", 3],
  ["Linux & OSS", "Technology/Open Source", 2],
  ["Privacy", "Technology/Privacy", 1],
  ["Space", "Science/Space", 3],
  ["Climate Change", "Science/Climate", 4],
  ["Medicine", "Science/Medicine", 2],
  ["Quantum Physics", "Science/Physics", 1],
  ["Defense", "Politics/Defense", 3],
  ["Diplomacy", "Politics/Diplomacy", 3],
  ["Soccer", "Sports/Soccer", 3],
  ["NBA", "Sports/Basketball", 1],
  ["Formula 1", "Sports/Motor Sport", 1],
  ["Entertainment", "Culture/Entertainment", 2],
  ["Movies", "Culture/Movies", 2],
  ["Music", "Culture/Music", 2],
];

const PER_SITE = 3;
const EXCLUDED_SITES = new Set([
  "google.com",
  "reddit.com",
  "hnrss.org",
  "feedburner.com",
  "feedly.com",
  "rss.app",
  "rsshub.app",
  "politepol.com",
  "fetchrss.com",
  "youtube.com",
  "nitter.net",
  "allsides.com",
  // Blog platforms: the site is a host of many unrelated blogs, not an outlet.
  "substack.com",
  "blogspot.com",
  "wordpress.com",
  "medium.com",
  "tumblr.com",
  "ghost.io",
  "github.io",
]);

interface Category {
  category_type: string;
  language: string;
  feeds: string[];
}

interface Outlet {
  organization: string;
  domains: string[];
}

// Second-level labels under which sites register (bbc.co.uk, abc.net.au, folha.com.br...).
const SECOND_LEVEL = new Set([
  "co",
  "com",
  "net",
  "org",
  "gov",
  "ac",
  "edu",
  "ne",
  "or",
  "go",
  "gob",
  "nic",
]);

/** The registrable part of a host name (approximate, without a public-suffix list). */
export function siteOf(host: string): string {
  const labels = host
    .toLowerCase()
    .replace(/^www\d*\./, "")
    .split(".");
  if (labels.length <= 2) return labels.join(".");
  const tld = labels[labels.length - 1];
  const second = labels[labels.length - 2];
  const take = tld.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-take).join(".");
}

function main(): void {
  const dataDir = resolve(
    process.argv[2] ?? resolve(import.meta.dirname, "../../shared/data/feeds"),
  );
  const outFile = resolve(
    process.argv[3] ?? resolve(import.meta.dirname, "../src/feeds/default-feeds.opml"),
  );
  const categories = JSON.parse(
    readFileSync(resolve(dataDir, "categories.json"), "utf8"),
  ) as Record<string, Category>;
  const outlets = readFileSync(resolve(dataDir, "outlets.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Outlet);

  const outletBySite = new Map<string, string>();
  for (const o of outlets) {
    for (const d of o.domains) {
      const site = siteOf(d);
      if (!outletBySite.has(site)) outletBySite.set(site, o.organization.trim());
    }
  }

  // How many categories each site appears in: the "major outlet" signal.
  const presence = new Map<string, number>();
  for (const cat of Object.values(categories)) {
    const sites = new Set(cat.feeds.flatMap((u) => (usable(u) ? [siteOf(new URL(u).host)] : [])));
    for (const s of sites) presence.set(s, (presence.get(s) ?? 0) + 1);
  }

  const perSite = new Map<string, number>();
  const taken = new Set<string>();
  const feeds: OpmlFeed[] = [];
  const shortfalls: string[] = [];
  for (const [name, folder, quota, tld] of PLAN) {
    const cat = categories[name];
    if (!cat) throw new Error(`category "${name}" is not in categories.json`);
    const ranked = cat.feeds
      .filter((u) => usable(u) && !taken.has(u))
      .map((u) => ({ url: u, site: siteOf(new URL(u).host) }))
      .sort(
        (a, b) =>
          (presence.get(b.site) ?? 0) - (presence.get(a.site) ?? 0) ||
          Number(outletBySite.has(b.site)) - Number(outletBySite.has(a.site)) ||
          a.url.length - b.url.length ||
          (a.url < b.url ? -1 : a.url > b.url ? 1 : 0),
      );
    const sitesHere = new Set<string>();
    let picked = 0;
    const pick = (candidates: typeof ranked, upTo: number) => {
      for (const { url, site } of candidates) {
        if (picked >= upTo) break;
        if (taken.has(url) || sitesHere.has(site) || (perSite.get(site) ?? 0) >= PER_SITE) continue;
        sitesHere.add(site);
        perSite.set(site, (perSite.get(site) ?? 0) + 1);
        taken.add(url);
        picked++;
        // Outlets named in outlets.jsonl get that name; the others get their site as text and
        // no title, so the feed's own title fills it at the first poll.
        const outlet = outletBySite.get(site) ?? null;
        feeds.push({
          xmlUrl: url,
          text: outlet ?? site,
          title: outlet,
          htmlUrl: null,
          type: "rss",
          categoryAttr: null,
          folders: folder.split("/"),
          extra: [],
        });
      }
    };
    if (tld)
      pick(
        ranked.filter((r) => r.site.endsWith(`.${tld}`)),
        Math.ceil(quota / 2),
      );
    pick(ranked, quota);
    if (picked < quota) shortfalls.push(`${name}: ${picked}/${quota}`);
  }

  // Sorted by folder so that each folder is one outline; stable within a folder.
  const ordered = feeds
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const x = a.f.folders.join("/");
      const y = b.f.folders.join("/");
      return x < y ? -1 : x > y ? 1 : a.i - b.i;
    })
    .map((e) => e.f);
  const opml = toOpml({
    version: "2.0",
    title: "Storyline default feeds",
    head: [
      ["ownerName", "Storyline (generated by scripts/make-default-feeds.ts)"],
      ["docs", "http://opml.org/spec2.opml"],
    ],
    feeds: ordered,
  });
  writeFileSync(outFile, opml);
  const sites = new Set(ordered.map((f) => siteOf(new URL(f.xmlUrl).host)));
  process.stdout.write(
    `${outFile}: ${ordered.length} feeds from ${sites.size} sites in ${new Set(ordered.map((f) => f.folders.join("/"))).size} folders\n`,
  );
  if (shortfalls.length > 0)
    process.stdout.write(`categories short of their quota: ${shortfalls.join(", ")}\n`);
}

function usable(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return false;
  if (u.search !== "") return false;
  return !EXCLUDED_SITES.has(siteOf(u.host));
}

main();
