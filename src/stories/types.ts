// What goes into the clustering core and what comes out of it. The core is pure: no I/O, no
// wall-clock time, no randomness without a seed; the same input gives the same output.

export interface ClusterInput {
  id: string;
  title: string;
  text: string;
  source?: string | null;
  /** Epoch milliseconds, or null/undefined when unknown. */
  published?: number | null;
  lang?: string | null;
}

export type Granularity = "event" | "story";

export interface Assignment {
  articleId: string;
  /** Story id: stable (derived from the founding article), never reused. */
  storyId: string;
  /** Finer event id inside the story (equal to storyId when the story has one event). */
  eventId: string;
  /** True when this article started a new story. */
  isNew: boolean;
  /** Score of the best candidate and the threshold it was compared with (for "why grouped"). */
  score: number;
  threshold: number;
  /** Live stories this article bridged and that were merged into `storyId` (their ids retire). */
  merged?: string[];
  /**
   * Parts the re-cut took out of `storyId` after the article joined it (ClusterOptions.recut), in
   * order: each a new story `storyId` of these members, all in one event of that id; the article
   * itself may be among them (its final story is then the part's).
   */
  split?: RecutPart[];
  /**
   * Stories the stream clock renewed as this article came (before it was placed): what each kept,
   * so that a restart from kept features replays only that (docs/pipeline.md, Restart).
   */
  renewed?: Renewal[];
}

/** A part the re-cut took out of story `from`: the new story `storyId` of these members. */
export interface RecutPart {
  storyId: string;
  from: string;
  articleIds: string[];
}

/**
 * A story renewed in place (cluster.ts `renew`): it kept its members published at or after `cut`
 * (and those without time) from `from` on in joining order (members before `from` were already
 * forgotten: the 1,000-member cap), and every member that joins after the renewal. `events`: its
 * events after the renewal, in their order (a replay of the kept members recreates them so).
 */
export interface Renewal {
  storyId: string;
  cut: number;
  from: string;
  events: string[];
}
