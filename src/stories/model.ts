// The learned decision: a logistic model over pair features (features.ts) and the thresholds
// it is compared with. Its weights come from scripts/train-model.ts and live in weights.json.
import { FEATURE_NAMES } from "./features.ts";
import trained from "./weights.json" with { type: "json" };

/** The values a decision is compared with; one set per kind of article (see ModelWeights). */
export interface Thresholds {
  /** Join the best candidate story when its probability reaches this. */
  threshold: number;
  /**
   * Hysteresis for merging stories: when an article also scores at least this for other live
   * stories, they merge into the oldest of them. Higher than `threshold`; null turns merging off.
   */
  mergeThreshold: number | null;
  /**
   * The stories an article bridges merge only when their text or entity centroids agree at least
   * this much (cosine): one article sharing a word with each of two stories is not enough.
   * Absent: 0.
   */
  mergeAgreement?: number;
  /** Join an event inside the story (and, with granularity "event", a top-level unit) at this. */
  eventThreshold: number;
  /**
   * Re-cut (ClusterOptions.recut, which every Storyline command sets): a story this kind of
   * article joins has its members grouped by average linkage of their text vectors, groups
   * merging while their mean cosine is at least this; a group apart from the oldest member's
   * leaves as a story of its own. Absent: no re-cut.
   */
  recut?: number;
  /**
   * The join threshold when re-cutting (the re-cut parts what a lower bar joins), for a story the
   * re-cut still judges after the join; any other story is joined at `threshold`. Absent:
   * `threshold`.
   */
  recutThreshold?: number;
}

/**
 * The top-level thresholds are those of articles with text; `headlineOnly` holds those of
 * articles without (`title_only` in features.ts), which the same score means less for: headline
 * feeds want a lower join threshold and their bridges merge right far more often. `lede` holds
 * those of a lede (features.ts LEDE_CHARS) weighed against a story that holds no full body:
 * between short texts a score means more shared kind than shared event (jobs reports of two
 * months), while a lede of a story told in full bodies is judged as they are. Without `lede`,
 * ledes take the with-text values. The joining article's kind decides its join, its bridges and
 * its revision.
 */
export interface ModelWeights extends Thresholds {
  features: string[];
  weights: number[];
  bias: number;
  headlineOnly: Thresholds;
  lede?: Thresholds;
}

export class Model {
  /** Whether no margin feature has a negative weight: a score then only falls as rivals rise. */
  readonly marginsRaise: boolean;

  constructor(readonly w: ModelWeights) {
    const names = FEATURE_NAMES.join(",");
    if (w.features.join(",") !== names || w.weights.length !== FEATURE_NAMES.length) {
      throw new Error(`model weights are for features [${w.features}], the code has [${names}]`);
    }
    const h = w.headlineOnly;
    if (typeof h?.threshold !== "number" || typeof h.eventThreshold !== "number") {
      // A weights file from before the thresholds per kind: its one set of values would have to
      // be guessed for headlines, so it is refused rather than half-used.
      throw new Error(
        "model weights have no headlineOnly thresholds: refit them with scripts/train-model.ts --write",
      );
    }
    this.marginsRaise = FEATURE_NAMES.every((n, i) => !n.endsWith("_margin") || w.weights[i] >= 0);
  }

  /** The thresholds for an article of this kind; `ledes`: a lede against a story of no full body. */
  thresholds(hasText: boolean, ledes = false): Thresholds {
    if (!hasText) return this.w.headlineOnly;
    return ledes ? (this.w.lede ?? this.w) : this.w;
  }

  /** Probability that the article belongs to the candidate. */
  score(f: readonly number[]): number {
    let z = this.w.bias;
    for (let i = 0; i < f.length; i++) z += this.w.weights[i] * f[i];
    return 1 / (1 + Math.exp(-z));
  }

  /** `score` of the features.length numbers of `rows` from `at` (summed in the same order). */
  scoreAt(rows: Float64Array, at: number): number {
    const w = this.w.weights;
    let z = this.w.bias;
    for (let i = 0; i < w.length; i++) z += w[i] * rows[at + i];
    return 1 / (1 + Math.exp(-z));
  }
}

export const defaultWeights: ModelWeights = trained;
