// Copy hygiene for what a reader sees in a label: text repaired from feed and scraper damage
// (mojibake, HTML entities, control characters), reporting furniture cut from the start of a
// sentence (datelines, wire tags), and sentences that are not news at all recognised (photo
// captions, bylines, "Read more", newsletter pitches).

import { decodeHTMLStrict } from "entities";

// UTF-8 read as Latin-1: "â\u0080\u0094" for "—", "Ã¡" for "á". A lead byte then 1-3
// continuation bytes, each shown as one character.
const MOJIBAKE = /[\u00c2-\u00f4][\u0080-\u00bf]{1,3}/g;
const UTF8 = new TextDecoder("utf-8", { fatal: true });

function repairMojibake(s: string): string {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf]/.test(s)) return s;
  return s.replace(MOJIBAKE, (run) => {
    try {
      return UTF8.decode(Uint8Array.from(run, (c) => c.charCodeAt(0)));
    } catch {
      return run;
    }
  });
}

function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  // Twice: feeds double-escape ("&amp;#39;").
  return decodeHTMLStrict(decodeHTMLStrict(s));
}

/** Text as it was written: mojibake and HTML entities decoded, control characters gone. */
export function repairText(s: string): string {
  return decodeEntities(repairMojibake(s))
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\ufeff]/g, "")
    .replace(/\u00a0/g, " ")
    .trim();
}

// A place in capitals, or in Title Case with its region: "SEOUL", "GUANTANAMO BAY, Cuba",
// "Kabul, Afghanistan". Optional date ("Jan. 19", "Aug. 6") and agency in brackets.
const PLACE_CAPS = String.raw`\p{Lu}[\p{Lu}\p{M}.'’-]+(?: [\p{Lu}\p{M}.'’-]+){0,3}(?:, [\p{Lu}][\p{L}\p{M}.'’ -]{1,30}?)?`;
const PLACE_TITLE = String.raw`\p{Lu}[\p{Ll}\p{M}'’-]+(?: \p{Lu}[\p{Ll}\p{M}'’-]+){0,2}(?:, \p{Lu}[\p{L}\p{M}.'’ -]{1,25}?)?`;
const DATE = String.raw`(?:,? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2})?`;
const AGENCY = String.raw`(?: ?\([^)]{1,30}\))?`;
const DASH = String.raw`\s*(?:--|[-–—:])\s*`;
const DATELINES = [
  // "WASHINGTON (Reuters) - ", "GUANTANAMO BAY, Cuba, Aug. 6 -- ", "LONDON: "
  new RegExp(String.raw`^${PLACE_CAPS}${DATE}${AGENCY}${DASH}(?=["“‘(]?[\p{Lu}\p{N}])`, "u"),
  // "Kabul, Afghanistan - ", "San Francisco - " (a dash, never a colon: "Ukraine: ..." is a topic)
  new RegExp(
    String.raw`^${PLACE_TITLE}${DATE}${AGENCY}\s+(?:--|[-–—])\s+(?=["“‘(]?[\p{Lu}\p{N}])`,
    "u",
  ),
  // "June 30 (Bloomberg) -- ", "(CNN) — ", "(CNN)US President ..."
  new RegExp(String.raw`^(?:[A-Z][a-z]{2,8}\.? \d{1,2} )?\([^)]{1,30}\)${DASH}`, "u"),
  /^\((?:\p{Lu}[\p{L}.]*)(?: \p{Lu}[\p{L}.]*){0,3}\)\s*(?=\p{Lu})/u,
  // "SEOUL, South Korea  The government": a capitals place with its region, then two spaces.
  /^\p{Lu}{3,}(?: \p{Lu}{2,})*, \p{Lu}[\p{L} ]{1,25}?\s{2,}(?=\p{Lu})/u,
];

// Newsletter signposts in front of a sentence ("Why it matters: ...").
const SIGNPOST =
  /^(?:why it matters|driving the news|between the lines|the big picture|the bottom line|bottom line|go deeper|what's next|what’s next|what's new|what’s new|what they're saying|what they’re saying|the latest|state of play|by the numbers|zoom in|zoom out|flashback|catch up quick|details|context|background|yes, but|the other side|our thought bubble|reality check|be smart|the backstory|key quote|what we're watching|what we’re watching)\s*:\s*(?=["“‘(]?[\p{Lu}\p{N}])/iu;

/** A sentence without the dateline, wire tag or signpost in front of it. */
export function stripDateline(s: string): string {
  const signpost = SIGNPOST.exec(s);
  if (signpost) return s.slice(signpost[0].length);
  for (const re of DATELINES) {
    const m = re.exec(s);
    // A dateline leaves a sentence behind it.
    if (m && s.length - m[0].length >= 20) return s.slice(m[0].length).trim();
  }
  return s;
}

// Sentences that are page furniture rather than news.
const FURNITURE = [
  // Bylines and credits.
  /^(?:by|posted by|written by|reporting by|editing by|additional reporting)\s/i,
  /\b(?:photo|image|picture)s?\s*(?:credit|courtesy)?\s*:|\bgetty images\b|\bap photo\b|\breuters\/\p{Lu}/iu,
  // Photo captions: "(2nd R)", "in this handout photo", "is seen in this photograph".
  /\((?:\d(?:st|nd|rd|th)\s)?(?:[LRC]|left|right|center|centre)\)/i,
  /\bin this (?:\S+ ){0,3}(?:photo|photograph|picture|image|handout|file)\b/i,
  /\b(?:pictured|file photo|handout (?:photo|picture|image)|photo taken)\b/i,
  // A caption ends on the day the picture was taken: "..., in Luhansk, April 27, 2014."
  /\bpose for a (?:photo|picture)\b/i,
  /\s(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, (?:19|20)\d\d\.$/,
  // Calls to action and site chrome.
  /\b(?:read more|sign up|subscribe|click here|follow us|newsletter|all rights reserved|cookies?)\b/i,
  /^(?:watch|listen|see also|related|advertisement)\b/i,
  // A video blurb's credit: "... in New York. Tara Cleary reports."
  /(?:^|[.!?]\s*)\p{Lu}\p{Ll}+ \p{Lu}[\p{Ll}'’-]+ reports\.$/u,
  // Scraped copy with sentences glued together ("woman.He is also"): paragraphs lost their breaks.
  /\p{Ll}{2}[.!?]\p{Lu}\p{Ll}/u,
];

/** Whether a sentence is a caption, byline, credit or call to action rather than news. */
export function isFurniture(s: string): boolean {
  return FURNITURE.some((re) => re.test(s));
}

/** Whether a sentence speaks in the first person outside quotation marks (a column, a blog). */
export function firstPerson(s: string): boolean {
  const unquoted = s.replace(/"[^"]*"|“[^”]*”|‘[^’]*’/g, " ");
  return /(?:^|[\s(])(?:I|[Mm]y|me|[Ww]e|[Oo]ur|us)(?:['’](?:m|re|ve|ll|d))?\b(?![.'’-]\p{L})/u.test(
    unquoted,
  );
}
