// Headline hygiene: cleaning a member's title for display (outlet suffixes, "BREAKING:" tags,
// feed artefacts) and judging how well it can stand as a story's headline.

import { firstPerson, repairText } from "./hygiene.ts";

// Separators outlets put between a headline and their own name.
const SUFFIX_SEPARATOR = /\s+(?:[-–—|:·•]|::)\s+([^-–—|:·•]+)$/u;
const PREFIX_TAG =
  /^(?:breaking(?: news)?|update[d]?|exclusive|watch(?: live)?|video|live(?: updates?)?|photos?|analysis|opinion|op-ed|editorial|commentary|column|perspective|just in|developing|the latest|reports?|poll|factbox|explainer)\s*[:|\-–—]\s*/i;
// Pieces that comment on the news instead of reporting it, as their outlet tags them.
const COMMENT_TAG =
  /^(?:analysis|opinion|op-ed|editorial|commentary|column|perspective|letters?|review|q&a|explainer|factbox)\s*[:|\-–—]/i;
// Live pages and feed labels at the end: "- as it happened", "(Update1)", "[VIDEO]".
const LIVE_TAIL =
  /\s*(?:[-–—|:]\s*(?:\p{L}+ \d{1,2},? )?(?:as it happened|live(?: updates| blog| coverage)?|the day's events|the day’s events|latest updates)|[([](?:update\s*\d*|updated|video|photos?|watch|live|pics|poll)[)\]])\.?\s*$/iu;
// A stock ticker after a company's name: "GM (GM)", "Apple (NASDAQ:AAPL)".
const TICKER = /\s\((?:(?:NYSE|NASDAQ|LSE|TSX|OTC)\s*:\s*)?[A-Z]{1,5}\)(?=\s|$)/g;
// Words that make a short tail segment look like an outlet's name.
const OUTLET_WORD =
  /^(?:news|times|post|journal|herald|tribune|telegraph|guardian|daily|weekly|magazine|press|online|today|network|radio|tv|media|report|reporter|wire|gazette|observer|independent|express|mail|sun|star|chronicle|review|insider|politico|axios|reuters|bloomberg|cnn|bbc|abc|cbs|nbc|npr|fox|ap|afp|cna)$/i;

function squash(s: string): string {
  return s
    .toLowerCase()
    .replace(/^www\./, "")
    .replace(/\.(?:com|org|net|co\.uk|co|news)$/, "")
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Whether a short tail like "Reuters", "The New York Times" or "BBC News" names an outlet. */
function looksLikeOutlet(tail: string, source: string | null | undefined): boolean {
  const t = squash(tail);
  if (t === "") return false;
  if (source) {
    const s = squash(source);
    if (s !== "" && (s.includes(t) || t.includes(s))) return true;
  }
  const words = tail.trim().split(/\s+/);
  if (words.length > 5) return false;
  if (/\.(?:com|org|net|co\.uk|news)$/i.test(tail.trim())) return true;
  // Every word capitalised (or a domain), and at least one outlet-like word or all-caps acronym.
  if (!words.every((w) => /^(?:\p{Lu}|the$|of$|&$)/u.test(w))) return false;
  return words.some(
    (w) => OUTLET_WORD.test(w.replace(/[^\p{L}]/gu, "")) || /^\p{Lu}{2,}$/u.test(w),
  );
}

/** A title as a story headline: outlet suffix and "BREAKING:"-style tags removed, spaces tidied. */
export function cleanTitle(title: string, source?: string | null): string {
  let t = repairText(title).replace(/\s+/g, " ").trim();
  // Outlet names may be chained: "Headline - Politics - The Guardian".
  for (let i = 0; i < 2; i++) {
    const m = SUFFIX_SEPARATOR.exec(t);
    if (!m || !looksLikeOutlet(m[1], source)) break;
    const head = t.slice(0, m.index).trim();
    if (head.split(" ").length < 3) break;
    t = head;
  }
  t = t.replace(PREFIX_TAG, "").replace(LIVE_TAIL, "").replace(TICKER, "");
  // Some feeds repeat the subject in front: "Justin Bieber - Justin Bieber dedicates song".
  t = t.replace(/^(.{3,40}?) [-–—:] (?=\1\b)/u, "");
  // An outlet after a comma must end in an outlet word: ", AsiaOne Crime News".
  const comma = /,\s+([^,]{3,40})$/.exec(t);
  if (
    comma &&
    looksLikeOutlet(comma[1], source) &&
    OUTLET_WORD.test(comma[1].split(/\s+/).at(-1) ?? "") &&
    comma.index > 15
  )
    t = t.slice(0, comma.index);
  // Attribution tails: "...: report", "... - sources".
  t = t.replace(/\s*[:,–—-]\s*(?:report|reports|sources|source|officials)\.?$/i, "");
  // Feeds (and some data sets) end headlines with a period; headlines have none. Keep "U.S." and
  // "...", which say something.
  t = t.replace(/([^.])\.\.$/, "$1.");
  if (/[^.\s]\.$/.test(t) && !/(?:^|\s)\S*\.\S*\.$/.test(t)) t = t.slice(0, -1);
  t = t.replace(/\?\.$/, "?").replace(/!\.$/, "!");
  return t.trim();
}

// Clickbait and listicle patterns (English): such titles tease instead of telling.
const CLICKBAIT =
  /\b(?:you won['’]t believe|here['’]s (?:why|what|how)|this is (?:why|what|how)|what (?:we|you) (?:know|need to know)|things (?:to|you) (?:know|need)|everything (?:we|you) know|what happened next|will blow your mind|the reason why|find out)\b/i;
const LISTICLE =
  /(?:^|:\s*)\d+\s+(?:\p{L}+\s+){0,2}(?:things|ways|reasons|facts|takeaways|questions|signs|tips|photos|times|moments|lessons)\b/iu;
const DANGLING_END = /\b(?:the|a|an|of|to|and|or|in|on|for|with|by|at|from|as|is|are|was|but)$/i;

/**
 * A factor in (0, 1] saying how well a (cleaned) title can stand as a story's headline:
 * 1 for a complete, plain statement; lower for questions, truncation, shouting, listicles,
 * clickbait, exclamations, and titles too short or too long to inform.
 */
export function headlineQuality(title: string, raw: string = title): number {
  let q = 1;
  // Comment tagged as such by its outlet ("Opinion | ..."), shown without the tag.
  if (COMMENT_TAG.test(raw.trim())) q *= 0.5;
  // A title that is only an outlet's name ("ABC News (Australian Broadcasting Corporation)").
  const bare = title.replace(/\([^)]*\)/g, " ").trim();
  if (bare !== "" && looksLikeOutlet(bare, null) && bare.split(/\s+/).length <= 4) q *= 0.2;
  const words = title.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (
    /\?\s*["'”’]?$/.test(title) ||
    /^(?:who|what|why|how|when|where|which|is|are|can|should|will|does|do|did)\b[^.!]*\?/i.test(
      title,
    )
  )
    q *= 0.4;
  // A question up front ("Altruism or PR? China sends supplies") still leads with a doubt.
  else if (/\?\s*["'”’]?\s+\S/.test(title)) q *= 0.8;
  // Explainers ("Why the raids are announced in advance") discuss the story instead of telling it.
  else if (/^(?:why|how|what|inside|opinion|analysis|q&a|explainer|about)\b/i.test(title)) q *= 0.6;
  if (/(?:\.\.\.|…)\s*$/.test(title) || DANGLING_END.test(title)) q *= 0.4;
  const letters = title.replace(/[^\p{L}]/gu, "");
  const upper = title.replace(/[^\p{Lu}]/gu, "");
  if (words.length >= 3 && letters.length >= 12 && upper.length / letters.length > 0.7) q *= 0.45;
  if (LISTICLE.test(title)) q *= 0.5;
  if (CLICKBAIT.test(title)) q *= 0.6;
  if (/!\s*["'”’]?$/.test(title)) q *= 0.8;
  // A columnist's voice ("We're not out of the woods yet: ...") rather than a report.
  if (firstPerson(title)) q *= 0.7;
  // Two sentences ("Tests are available. But a part is short") read as a teaser, not a headline.
  if (/[.!?]\s+\p{Lu}/u.test(title.replace(/\b(?:\p{Lu}\.)+/gu, ""))) q *= 0.85;
  if (words.length < 4) q *= 0.7;
  else if (words.length > 22) q *= 0.8;
  return q;
}
