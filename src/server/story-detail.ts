// One story with everything its page and GET /api/stories/:id show.
import type { Context } from "./context.ts";
import { notFound } from "./errors.ts";
import {
  type ArticleView,
  articleView,
  type Coverage,
  coverage,
  type Explanation,
  eventView,
  explainMembers,
  type RelatedStory,
  relatedStories,
  type StoryCard,
  storyCard,
  type Timeline,
  timeline,
} from "./story-data.ts";

export interface StoryDetail {
  story: StoryCard;
  mergedInto: string | null;
  articles: (ArticleView & { why: Explanation | null })[];
  timeline: Timeline;
  coverage: Coverage;
  related: RelatedStory[];
  events: ReturnType<typeof eventView>[];
}

export async function loadStory(ctx: Context, id: string): Promise<StoryDetail> {
  const story = await ctx.store.getStory(id);
  if (!story) throw notFound(`story ${id}`);
  const [members, sources, events, front] = await Promise.all([
    ctx.store.articlesOfStory(id),
    ctx.store.storySources([id]),
    ctx.store.eventsOfStory(id),
    ctx.front.ranked({}),
  ]);
  const why = explainMembers(members, story.entities, ctx.opts.explain);
  return {
    story: storyCard(story, sources, members, ctx.now()),
    mergedInto: story.status === "merged" ? story.mergedInto : null,
    articles: members.map((a) => ({ ...articleView(a), why: why.get(a.id) ?? null })),
    timeline: timeline(members),
    coverage: coverage(members),
    related: relatedStories(story, front.records),
    events: events.map(eventView),
  };
}
