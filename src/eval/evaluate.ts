// Runs a clustering function over a labelled article set and scores it: shared by
// `storyline eval` and scripts/eval-dev.ts so both report the same numbers.
import type { Assignment, ClusterInput } from "../stories/types.ts";
import type { DatasetArticle } from "./dataset.ts";
import { type Scores, scoreClustering } from "./metrics.ts";

export type ClusterFn = (articles: ClusterInput[]) => Assignment[];

export interface Evaluation {
  scores: Scores;
  /** Wall-clock seconds spent inside the clustering function. */
  seconds: number;
  articles_per_second: number;
  assignments: Assignment[];
}

/** What the engine may see of an article: never the gold label or any other extra field. */
export function engineInput(a: DatasetArticle): ClusterInput {
  return {
    id: a.id,
    title: a.title,
    text: a.text,
    source: a.source ?? null,
    published: a.published ?? null,
    lang: a.lang ?? null,
  };
}

/** Article id -> gold cluster, for the articles that carry one. */
export function goldLabels(articles: DatasetArticle[]): Map<string, string> {
  const gold = new Map<string, string>();
  for (const a of articles) if (a.cluster !== undefined) gold.set(a.id, a.cluster);
  return gold;
}

export function predictedLabels(assignments: Assignment[]): Map<string, string> {
  return new Map(assignments.map((a) => [a.articleId, a.storyId]));
}

export function evaluate(articles: DatasetArticle[], cluster: ClusterFn): Evaluation {
  const input = articles.map(engineInput);
  const start = performance.now();
  const assignments = cluster(input);
  return scored(articles, assignments, (performance.now() - start) / 1000);
}

/** `evaluate` of a clustering that runs asynchronously (e.g. with analysis threads). */
export async function evaluateAsync(
  articles: DatasetArticle[],
  cluster: (articles: ClusterInput[]) => Promise<Assignment[]>,
): Promise<Evaluation> {
  const input = articles.map(engineInput);
  const start = performance.now();
  const assignments = await cluster(input);
  return scored(articles, assignments, (performance.now() - start) / 1000);
}

function scored(
  articles: DatasetArticle[],
  assignments: Assignment[],
  seconds: number,
): Evaluation {
  const scores = scoreClustering(predictedLabels(assignments), goldLabels(articles));
  return {
    scores,
    seconds,
    articles_per_second: seconds > 0 ? articles.length / seconds : 0,
    assignments,
  };
}
