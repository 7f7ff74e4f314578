// A story's label: a headline chosen from its members' titles, a one-to-three sentence summary
// chosen from their ledes, and its top entities. Pure and deterministic: the same members in the
// same order give the same label.
//
// Centrality: each member is a term vector over its title and lede (stemmed, without stop words);
// a member is central when it resembles the rest of the story. The headline is the most central
// title, weighed by headlineQuality (complete, plain statements beat questions, teasers,
// truncations and shouting). The summary picks central lede sentences greedily, skipping any that
// repeat one already chosen (maximal marginal relevance).
import { type Entities, extractEntities } from "./entities.ts";
import { cleanTitle, headlineQuality } from "./headline.ts";
import { firstPerson, isFurniture, repairText, stripDateline } from "./hygiene.ts";
import { onTopic, repeats, type Sentence, sentence, storyCore } from "./redundancy.ts";
import { lede, splitSentences } from "./sentences.ts";
import { terms } from "./text.ts";

export interface LabelMember {
  title: string;
  text: string;
  source?: string | null;
  published?: number | null;
}

export interface StoryLabel {
  headline: string;
  summary: string;
  entities: string[];
}

/**
 * Entities found in each member's title and lede, kept by whoever labels the same members again
 * and again (the live pipeline relabels a story as it grows): the tagger is most of a label's
 * cost, and a member's entities depend on that member alone. Keyed by the member object, which
 * must not change while it is a key.
 */
export type EntityMemo = WeakMap<LabelMember, Entities>;

type Vec = Map<string, number>;

// Bounds that keep labelling a story of thousands of articles cheap: the summary reads the ledes
// of the most central members only, and entities come from fewer still (the tagger costs 1-5 ms
// per text).
const SUMMARY_MEMBERS = 15;
const ENTITY_MEMBERS = 8;
const MAX_ENTITIES = 5;
const MAX_SUMMARY_SENTENCES = 3;
const SUMMARY_WORDS = 60;
// A further sentence must score at least this share of the first one's: a new fact is worded
// apart from the story's centre, while an off-topic sentence is far from it.
const MIN_ADDED = 0.25;
const ON_TOPIC = 1;

function vector(text: string): Vec {
  const v: Vec = new Map();
  for (const t of terms(text)) v.set(t, (v.get(t) ?? 0) + 1);
  let norm = 0;
  for (const x of v.values()) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [k, x] of v) v.set(k, x / norm);
  return v;
}

function dot(a: Vec, b: Vec): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, x] of small) {
    const y = large.get(k);
    if (y !== undefined) s += x * y;
  }
  return s;
}

function norm(a: Vec): number {
  let s = 0;
  for (const x of a.values()) s += x * x;
  return Math.sqrt(s);
}

/** Cosine of `a` (unit or zero) with the sum of all member vectors minus `a` itself. */
function cosineWithOthers(a: Vec, sum: Vec, self: Vec): number {
  const others: Vec = new Map(sum);
  for (const [k, x] of self) {
    const y = (others.get(k) ?? 0) - x;
    if (Math.abs(y) < 1e-12) others.delete(k);
    else others.set(k, y);
  }
  const n = norm(others) * norm(a);
  return n === 0 ? 0 : dot(a, others) / n;
}

interface Prepared {
  index: number;
  title: string;
  vec: Vec;
  titleVec: Vec;
  centrality: number;
}

// Openers that lean on a sentence the reader has not seen.
const DANGLING_START =
  /^(?:but|and|or|so|yet|however|meanwhile|also|still|instead|he|she|it|they|this|that|these|those|his|her|its|their|there|then|later|now)\b/i;

/** A member's text repaired, without the dateline it opens with (found where its spacing shows). */
function readable(text: string): string {
  return stripDateline(repairText(text));
}

function cleanSentence(s: string): string {
  return stripDateline(repairText(s).replace(/\s+/g, " "));
}

/** Quotes that open without closing (or the reverse) make a sentence dangle. */
function balancedQuotes(s: string): boolean {
  const straight = (s.match(/"/g) ?? []).length;
  const open = (s.match(/“/g) ?? []).length;
  const close = (s.match(/”/g) ?? []).length;
  return straight % 2 === 0 && open === close;
}

/** How fit a sentence is to stand in a summary on its own: 0 (unusable) to 1. */
function sentenceFitness(s: string): number {
  const words = s.split(/\s+/).length;
  if (words < 6 || words > 55) return 0;
  if (!/[.!?]["'”’)]?$/.test(s) || /(?:\.\.\.|…)["'”’)]?$/.test(s)) return 0;
  // An ellipsis inside (". . .") marks words left out: the sentence is a fragment.
  if (/\.\s\.\s\./.test(s)) return 0;
  if (!balancedQuotes(s)) return 0;
  if (!/^["'“‘(]?[\p{Lu}\p{N}]/u.test(s)) return 0;
  if (/https?:\/\/|@\w/.test(s) || isFurniture(s) || firstPerson(s)) return 0;
  let f = 1;
  if (DANGLING_START.test(s.replace(/^["'“‘(]+/, ""))) f *= 0.6;
  // A question teases instead of telling.
  if (/\?["'”’)]?$/.test(s)) return 0;
  // Exclamations sell rather than report.
  if (/!["'”’)]?$/.test(s)) f *= 0.5;
  return f;
}

function chooseSummary(
  members: LabelMember[],
  ranked: Prepared[],
  sum: Vec,
  headline: Vec,
  core: Set<string>,
) {
  type Candidate = Sentence & { score: number; order: number };
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  let order = 0;
  for (const p of ranked.slice(0, SUMMARY_MEMBERS)) {
    const sentences = splitSentences(readable(members[p.index].text)).slice(0, 3);
    sentences.forEach((raw, position) => {
      const text = cleanSentence(raw);
      const key = text.toLowerCase();
      if (seen.has(key)) return;
      seen.add(key);
      const fitness = sentenceFitness(text);
      if (fitness === 0) return;
      const vec = vector(text);
      const n = norm(sum);
      const centrality = n === 0 ? 0 : dot(vec, sum) / n;
      // The first sentence of a lede is written to stand alone; later ones less so.
      const positional = [1, 0.85, 0.7][position];
      candidates.push({
        ...sentence(text, vec),
        score: centrality * positional * fitness,
        order: order++,
      });
    });
  }
  const chosen: Candidate[] = [];
  let words = 0;
  while (chosen.length < MAX_SUMMARY_SENTENCES && words < SUMMARY_WORDS) {
    let best: Candidate | null = null;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const c of candidates) {
      if (chosen.includes(c)) continue;
      if (chosen.some((d) => repeats(c, d, core))) continue;
      // A further sentence must be about the story: one of the story's own words at least
      // ("Liberals tried to criminalize contacts with Russia" under a Kerry-Iran story has none).
      if (chosen.length > 0 && onTopic(c, core) < ON_TOPIC) continue;
      // A sentence that merely restates the headline adds nothing under it.
      if (dot(c.vec, headline) >= 0.8) continue;
      const redundancy = Math.max(0, ...chosen.map((d) => dot(c.vec, d.vec)));
      const value = c.score - 0.7 * redundancy;
      if (value > bestValue || (value === bestValue && best && c.order < best.order)) {
        best = c;
        bestValue = value;
      }
    }
    if (!best || (chosen.length > 0 && best.score < MIN_ADDED * chosen[0].score)) break;
    const size = best.text.split(/\s+/).length;
    if (chosen.length > 0 && words + size > SUMMARY_WORDS + 15) break;
    chosen.push(best);
    words += size;
  }
  return chosen.map((c) => c.text).join(" ");
}

// Titles in front of a name ("President Joe Biden", "Sen. Rand Paul"): the name alone is the entity.
const HONORIFIC =
  /^(?:(?:former|then|the|vice|prime|deputy|acting)[- ])*(?:(?:house|senate) )?(?:(?:majority|minority) )?(?:president|minister|secretary|senator|sens?\.|reps?\.|representative|gov\.|governor|dr\.|mr\.|mrs\.|ms\.|gen\.|general|judge|justice|mayor|chancellor|king|queen|prince|pope|speaker|leader|chairman|chairwoman|ceo)\s+(?=\p{Lu})/iu;
// A title on its own ("President", "Speaker") names nobody.
const BARE_TITLE =
  /^(?:the )?(?:president|minister|prime minister|secretary|senator|governor|speaker|leader|mayor|judge|justice|chancellor|king|queen|pope|ceo)$/i;

// One country, several names.
const ALIASES: Record<string, string> = {
  "united states": "us",
  "united states of america": "us",
  usa: "us",
  america: "us",
  "united kingdom": "uk",
  britain: "uk",
  "great britain": "uk",
};
// A region of a place ("eastern Ukraine", "northern Italy") is the place for a reader's chips.
const REGION =
  /^(?:(?:north|south|east|west)ern|(?:north|south)-(?:east|west)(?:ern)?|central|greater|rural|upstate|downtown)\s+(?=\p{Lu})/u;

function displayName(raw: string): string {
  let name = raw.replace(HONORIFIC, "").replace(REGION, "").trim();
  // A sentence's full stop caught at the end ("Roe v. Wade."), but not an initialism ("U.S.").
  if (/\.$/.test(name) && !/(?:^|[\s.])\p{L}\.$/u.test(name)) name = name.slice(0, -1);
  return name;
}

function memberEntities(m: LabelMember, title: string, memo: EntityMemo | undefined): Entities {
  const hit = memo?.get(m);
  if (hit) return hit;
  const found = extractEntities(`${title}. ${cleanSentence(lede(readable(m.text), ""))}`);
  memo?.set(m, found);
  return found;
}

function chooseEntities(members: LabelMember[], ranked: Prepared[], memo?: EntityMemo): string[] {
  interface Tally {
    name: string;
    count: number;
    first: number;
    person: boolean;
  }
  const tallies = new Map<string, Tally>();
  const used = ranked.slice(0, ENTITY_MEMBERS);
  used.forEach((p, rank) => {
    const m = members[p.index];
    const found = memberEntities(m, p.title, memo);
    const inThis = new Set<string>();
    const people = new Set(found.people);
    // The tagger sometimes returns a list as one name ("Google, YouTube", "Kharkiv, Ukraine").
    const raws = [...found.people, ...found.organizations, ...found.places].flatMap((raw) =>
      raw.split(/,\s+/).map((part) => [raw, part] as const),
    );
    for (const [raw, part] of raws) {
      const name = displayName(part);
      if (BARE_TITLE.test(name)) continue;
      // "U.S." and "US" are one name, and so are "US" and "United States".
      const plain = name.toLowerCase().replace(/\./g, "").replace(/\s+/g, " ");
      const key = ALIASES[plain] ?? plain;
      if (key.length < 2) continue;
      if (inThis.has(key)) continue;
      inThis.add(key);
      const t = tallies.get(key);
      if (t) {
        t.count++;
        // Prefer "Santiago" to a shouted "SANTIAGO".
        if (t.name === t.name.toUpperCase() && name !== name.toUpperCase()) t.name = name;
      } else
        tallies.set(key, {
          name,
          count: 1,
          first: rank * 1000 + inThis.size,
          person: people.has(raw),
        });
    }
  });
  // A surname ("Kim") counts towards the one full name containing it ("Kim Jong Un"). Places
  // and organisations are not merged: "Korea" is not "North Korea".
  const people = [...tallies.keys()].filter((k) => tallies.get(k)!.person);
  for (const k of people) {
    const words = k.split(" ");
    const supersets = people.filter(
      (o) => o !== k && tallies.has(o) && words.every((w) => o.split(" ").includes(w)),
    );
    if (supersets.length === 1 && tallies.has(k)) {
      tallies.get(supersets[0])!.count += tallies.get(k)!.count;
      tallies.delete(k);
    }
  }
  // "Capitol Police" counts towards the one longer name ending in it ("U.S. Capitol Police")
  // that members name on its own too, but "Korea" not towards "North Korea", nor "Odessa"
  // towards "the city of Odessa", nor "CNN" towards a tagger's "Rogan CNN" named once.
  const others = [...tallies.keys()].filter((k) => !tallies.get(k)!.person);
  for (const k of others) {
    const longer = others.filter(
      (o) =>
        o.endsWith(` ${k}`) &&
        (tallies.get(o)?.count ?? 0) >= 2 &&
        !/^(?:north|south|east|west|new)\b|\bof\b/.test(o),
    );
    if (longer.length === 1 && tallies.has(k)) {
      tallies.get(longer[0])!.count += tallies.get(k)!.count;
      tallies.delete(k);
    }
  }
  const list = [...tallies.values()].sort((a, b) => b.count - a.count || a.first - b.first);
  const shared = list.filter((t) => t.count >= Math.min(2, used.length));
  return (shared.length > 0 ? shared : list.slice(0, 3)).slice(0, MAX_ENTITIES).map((t) => t.name);
}

/**
 * Labels a story from its members (any order; ties go to the earlier member). `memo` only saves
 * work: the label is the same with or without it.
 */
export function labelStory(members: LabelMember[], memo?: EntityMemo): StoryLabel {
  if (members.length === 0) return { headline: "", summary: "", entities: [] };
  const prepared: Prepared[] = members.map((m, index) => {
    const title = cleanTitle(m.title, m.source);
    return {
      index,
      title,
      vec: vector(`${title}. ${lede(readable(m.text), "")}`),
      titleVec: vector(title),
      centrality: 0,
    };
  });
  const sum: Vec = new Map();
  for (const p of prepared) for (const [k, x] of p.vec) sum.set(k, (sum.get(k) ?? 0) + x);

  const headlineScore = new Map<Prepared, number>();
  for (const p of prepared) {
    if (prepared.length === 1) {
      p.centrality = 1;
      headlineScore.set(p, headlineQuality(p.title, members[p.index].title));
      continue;
    }
    p.centrality = cosineWithOthers(p.vec, sum, p.vec);
    const titleCentrality = cosineWithOthers(p.titleVec, sum, p.vec);
    headlineScore.set(
      p,
      (0.5 * p.centrality + 0.5 * titleCentrality) *
        headlineQuality(p.title, members[p.index].title),
    );
  }
  const byHeadline = [...prepared].sort(
    (a, b) => headlineScore.get(b)! - headlineScore.get(a)! || a.index - b.index,
  );
  const chosen = byHeadline[0];
  const ranked = [...prepared].sort((a, b) => b.centrality - a.centrality || a.index - b.index);
  return {
    headline: chosen.title,
    summary: chooseSummary(
      members,
      ranked,
      sum,
      chosen.titleVec,
      storyCore(prepared.map((p) => p.vec.keys())),
    ),
    entities: chooseEntities(members, ranked, memo),
  };
}
