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
}
