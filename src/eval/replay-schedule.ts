// When each article of a replayed data set becomes visible in its outlet's feed. Pure and
// deterministic: the same articles and options always give the same schedule.
//
// A virtual clock starts at the earliest `published` time and runs `speed` times faster than real
// time. Idle gaps longer than `maxGapMs` (virtual) are shortened to it, so a data set that spans
// years still replays in minutes. Articles without a time are released in input order, spread
// evenly over the run (or one every `untimedIntervalMs` virtual ms when nothing has a time).

export interface ReplayArticle {
  id: string;
  title: string;
  text: string;
  source?: string | null;
  url?: string | null;
  /** Epoch milliseconds, or null when the data set gives no time. */
  published?: number | null;
  lang?: string | null;
}

export interface ScheduleOptions {
  /** Virtual ms per real ms (600 = ten virtual minutes a real second). */
  speed: number;
  /** Longest idle gap kept in virtual time; longer ones are shortened to it. */
  maxGapMs?: number;
  /** Virtual spacing of untimed articles when no article has a time. */
  untimedIntervalMs?: number;
}

export interface ScheduledArticle {
  article: ReplayArticle;
  /** Position in the input. */
  index: number;
  /** Real ms after the replay starts at which the article appears in its feed. */
  releaseAfterMs: number;
}

export const DEFAULT_MAX_GAP_MS = 60 * 60_000;
export const DEFAULT_UNTIMED_INTERVAL_MS = 10_000;

const hasTime = (a: ReplayArticle): a is ReplayArticle & { published: number } =>
  typeof a.published === "number" && Number.isFinite(a.published);

/** The release schedule, ordered by release time (ties in input order). */
export function scheduleReplay(
  articles: readonly ReplayArticle[],
  options: ScheduleOptions,
): ScheduledArticle[] {
  const { speed } = options;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be > 0, got ${speed}`);
  const maxGap = options.maxGapMs ?? DEFAULT_MAX_GAP_MS;
  const untimedInterval = options.untimedIntervalMs ?? DEFAULT_UNTIMED_INTERVAL_MS;

  const timed = articles
    .map((article, index) => ({ article, index }))
    .filter((x) => hasTime(x.article))
    .sort(
      (a, b) =>
        (a.article.published as number) - (b.article.published as number) || a.index - b.index,
    );
  const untimed = articles
    .map((article, index) => ({ article, index }))
    .filter((x) => !hasTime(x.article));

  const out: { article: ReplayArticle; index: number; virtual: number }[] = [];
  let virtual = 0;
  for (let i = 0; i < timed.length; i++) {
    if (i > 0) {
      const gap =
        (timed[i].article.published as number) - (timed[i - 1].article.published as number);
      virtual += Math.min(gap, maxGap);
    }
    out.push({ ...timed[i], virtual });
  }
  const span = virtual;
  untimed.forEach((x, k) => {
    const v = span > 0 ? (span * (k + 1)) / (untimed.length + 1) : k * untimedInterval;
    out.push({ ...x, virtual: v });
  });
  out.sort((a, b) => a.virtual - b.virtual || a.index - b.index);
  return out.map((x) => ({
    article: x.article,
    index: x.index,
    releaseAfterMs: x.virtual / speed,
  }));
}
