// One story with everything its page and GET /api/stories/:id show. Its articles come a page at a
// time (oldest first); the timeline, coverage and counts are over all of them.
import type { StoredArticle, StoryEvent } from "../store/types.ts";
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

/** Articles per page of a story (the API's default `limit`). */
export const ARTICLES_PER_PAGE = 50;

export interface ArticlePage {
  /** 1-based page number. */
  page: number;
  limit: number;
  /** Articles in the story, on all pages. */
  total: number;
  /** Number of pages (at least 1). */
  pages: number;
}

export interface StoryDetail {
  story: StoryCard;
  mergedInto: string | null;
  articles: (ArticleView & { why: Explanation | null })[];
  articlePage: ArticlePage;
  timeline: Timeline;
  coverage: Coverage;
  related: RelatedStory[];
  events: ReturnType<typeof eventView>[];
}

/** What the page needs beyond the API's answer: where every member sits, who started the story. */
export interface LoadedStory {
  detail: StoryDetail;
  /** Page number of each member article, for links to articles on other pages. */
  pageOf: Map<string, number>;
  /** Article titles and outlets by id, for history lines about articles on other pages. */
  members: Map<string, ArticleView>;
  founder: string | null;
}

/** The article that started the story: named by its "created" event, else the earliest one. */
function founderOf(members: StoredArticle[], events: StoryEvent[]): string | null {
  const created = events.find((e) => e.type === "created")?.data?.articleId;
  if (typeof created === "string" && members.some((a) => a.id === created)) return created;
  return members[0]?.id ?? null;
}

export async function loadStory(
  ctx: Context,
  id: string,
  page = 1,
  limit = ARTICLES_PER_PAGE,
): Promise<LoadedStory> {
  const story = await ctx.store.getStory(id);
  if (!story) throw notFound(`story ${id}`);
  const [members, sources, events, front] = await Promise.all([
    ctx.store.articlesOfStory(id),
    ctx.store.storySources([id]),
    ctx.store.eventsOfStory(id),
    ctx.front.ranked({}),
  ]);
  const pages = Math.max(1, Math.ceil(members.length / limit));
  if (page > pages) throw notFound(`page ${page} of story ${id} (it has ${pages})`);
  const shown = members.slice((page - 1) * limit, page * limit);
  // Terms are weighed against every member, so a page shows the same chips as one long list.
  const why = explainMembers(members, story.entities, ctx.opts.explain, shown);
  const views = new Map(members.map((a) => [a.id, articleView(a)]));
  return {
    detail: {
      story: storyCard(story, sources, members, ctx.now()),
      mergedInto: story.status === "merged" ? story.mergedInto : null,
      articles: shown.map((a) => ({
        ...(views.get(a.id) as ArticleView),
        why: why.get(a.id) ?? null,
      })),
      articlePage: { page, limit, total: members.length, pages },
      timeline: timeline(members),
      coverage: coverage(members),
      related: relatedStories(story, front.records),
      events: events.map(eventView),
    },
    pageOf: new Map(members.map((a, i) => [a.id, Math.floor(i / limit) + 1])),
    members: views,
    founder: founderOf(members, events),
  };
}
