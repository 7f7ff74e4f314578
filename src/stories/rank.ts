// Front-page rank of a story: a weighted sum of four parts, each in [0, 1], so a reader (and the
// API) can see why a story sits where it does. Pure: the same input and `now` give the same score.

export interface RankInput {
  articles: number;
  outlets: number;
  countries: number;
  /** Epoch ms of the story's last article. */
  lastSeen: number;
  /** When each outlet first reported the story (epoch ms), for the velocity part. */
  outletTimes: number[];
}

export interface RankParts {
  /** More articles, more weight; saturates logarithmically around 50 articles. */
  size: number;
  /** Distinct outlets (saturating around 20) and countries (around 5). */
  diversity: number;
  /** Outlets that picked the story up in the last `velocityWindowMs` (saturating at `velocitySaturation`). */
  velocity: number;
  /** Halves every `halfLifeMs` since the last article. */
  recency: number;
}

export interface RankOptions {
  weights: RankParts;
  halfLifeMs: number;
  velocityWindowMs: number;
  velocitySaturation: number;
}

export const defaultRankOptions: RankOptions = {
  weights: { size: 0.25, diversity: 0.3, velocity: 0.2, recency: 0.25 },
  halfLifeMs: 12 * 3600_000,
  velocityWindowMs: 6 * 3600_000,
  velocitySaturation: 5,
};

export interface Rank {
  score: number;
  parts: RankParts;
}

const saturating = (x: number, at: number) =>
  Math.min(1, Math.log1p(Math.max(0, x)) / Math.log1p(at));

export function rankStory(
  input: RankInput,
  now: number,
  options: RankOptions = defaultRankOptions,
): Rank {
  const { weights: w } = options;
  const recent = input.outletTimes.filter(
    (t) => t <= now && now - t <= options.velocityWindowMs,
  ).length;
  const age = Math.max(0, now - input.lastSeen);
  const parts: RankParts = {
    size: saturating(input.articles, 50),
    diversity: 0.7 * saturating(input.outlets, 20) + 0.3 * Math.min(1, input.countries / 5),
    velocity: Math.min(1, recent / options.velocitySaturation),
    recency: 0.5 ** (age / options.halfLifeMs),
  };
  const score =
    w.size * parts.size +
    w.diversity * parts.diversity +
    w.velocity * parts.velocity +
    w.recency * parts.recency;
  return { score: round(score), parts: mapParts(parts, round) };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const mapParts = (p: RankParts, f: (x: number) => number): RankParts => ({
  size: f(p.size),
  diversity: f(p.diversity),
  velocity: f(p.velocity),
  recency: f(p.recency),
});

/** Orders by score (highest first), then by last seen (newest first), then by id: a total order. */
export function compareRanked(
  a: { id: string; score: number; lastSeen: number },
  b: { id: string; score: number; lastSeen: number },
): number {
  return b.score - a.score || b.lastSeen - a.lastSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** What a story record alone tells the rank, before its coverage rows are read. */
export interface RankBoundInput {
  articles: number;
  /** The record's outlet count (sources as the clusterer counted them). */
  outlets: number;
  lastSeen: number;
}

/**
 * The highest score a story can reach given only its record: it has at most as many outlets (by
 * the outlet table's names) and countries as it has articles or recorded outlets, and none of
 * its outlets first reported later than its last article. A story whose bound is below scores
 * already computed cannot rank above them, so its coverage rows need not be read.
 */
export function rankBound(
  input: RankBoundInput,
  now: number,
  options: RankOptions = defaultRankOptions,
): number {
  const outlets = Math.max(input.articles, input.outlets);
  const latest = Math.min(input.lastSeen, now);
  return rankStory(
    {
      articles: input.articles,
      outlets,
      countries: outlets,
      lastSeen: input.lastSeen,
      outletTimes: new Array(Math.min(outlets, options.velocitySaturation)).fill(latest),
    },
    now,
    options,
  ).score;
}
