// The learned decision: a logistic model over pair features (features.ts) and the thresholds
// it is compared with. Its weights come from scripts/train-model.ts and live in weights.json.
import { FEATURE_NAMES } from "./features.ts";
import trained from "./weights.json" with { type: "json" };

export interface ModelWeights {
  features: string[];
  weights: number[];
  bias: number;
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
}

export class Model {
  /** Whether no margin feature has a negative weight: a score then only falls as rivals rise. */
  readonly marginsRaise: boolean;

  constructor(readonly w: ModelWeights) {
    const names = FEATURE_NAMES.join(",");
    if (w.features.join(",") !== names || w.weights.length !== FEATURE_NAMES.length) {
      throw new Error(`model weights are for features [${w.features}], the code has [${names}]`);
    }
    this.marginsRaise = FEATURE_NAMES.every((n, i) => !n.endsWith("_margin") || w.weights[i] >= 0);
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
