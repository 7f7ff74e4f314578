// The pages: front page (and its live fragment), story, search, feed health.
import type { FeedState } from "../../feeds/types.ts";
import type { SearchHit } from "../../store/types.ts";
import { defaultRankOptions } from "../../stories/rank.ts";
import type {
  ArticleView,
  Coverage,
  Explanation,
  RelatedStory,
  StoryCard,
  Timeline,
} from "../story-data.ts";
import { barChart, timelineChart } from "./charts.ts";
import { formatTime, plural, time } from "./format.ts";
import { type Html, html, raw } from "./html.ts";

/** Only http(s) links leave the page; anything else (javascript:, data:...) is not a link. */
export function safeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

/** A store snippet: escaped text with <mark> tags. Any other "<" is escaped again, to be sure. */
export function snippetHtml(snippet: string): Html {
  return raw(snippet.replace(/<(?!\/?mark>)/g, "&lt;"));
}

function articleItem(a: ArticleView, why?: Explanation | null, founder = false): Html {
  const href = safeUrl(a.url);
  // The page is in English; an article in another language says so, for screen readers and hyphenation.
  return html`<li class="article" id="${`a-${a.id}`}"${a.lang ? html` lang="${a.lang}"` : ""}>
<p class="byline"><span class="outlet">${a.outlet.name}</span>${a.outlet.country ? html` <span class="country">${a.outlet.country}</span>` : ""} · ${time(a.published)}</p>
<h3 class="title">${href ? html`<a href="${href}" rel="noopener noreferrer nofollow ugc">${a.title || "(untitled)"}</a>` : a.title || "(untitled)"}</h3>
${a.lede ? html`<p class="lede">${a.lede}</p>` : ""}
${
  why !== undefined
    ? why
      ? html`<details class="why"><summary>Why grouped</summary>
<p>${
          founder
            ? "Started the story."
            : why.score >= why.threshold
              ? html`Joined with score <strong>${why.score.toFixed(3)}</strong> against threshold ${why.threshold.toFixed(3)}.`
              : html`Placed by a correction or a merge: best match score ${why.score.toFixed(3)}, threshold ${why.threshold.toFixed(3)}.`
        }</p>
${why.entities.length ? html`<p>Shared entities: ${why.entities.map((e) => html`<span class="chip">${e}</span> `)}</p>` : ""}
${why.terms.length ? html`<p>Shared terms: ${why.terms.map((t) => html`<span class="chip">${t}</span> `)}</p>` : ""}
</details>`
      : html`<p class="why">First article of the story.</p>`
    : ""
}
</li>`;
}

export function storyCardHtml(c: StoryCard): Html {
  return html`<li class="story" id="${`s-${c.id}`}" data-story="${c.id}">
<article aria-labelledby="${`h-${c.id}`}">
<h2 id="${`h-${c.id}`}"><a href="${`/story/${encodeURIComponent(c.id)}`}">${c.headline || "(untitled story)"}</a></h2>
${c.summary ? html`<p class="summary">${c.summary}</p>` : ""}
<p class="meta">${plural(c.outletCount, "outlet")} · first seen ${time(c.firstSeen)}${c.lastSeen !== c.firstSeen ? html` · updated ${time(c.lastSeen)}` : ""} · ${plural(c.articleCount, "article")}${c.countries.length ? ` · ${c.countries.slice(0, 4).join(", ")}${c.countries.length > 4 ? "…" : ""}` : ""}</p>
<ul class="members">${c.articles.map((a) => articleItem(a))}</ul>
</article>
</li>`;
}

/** Why a story list is empty: filters matched nothing, every feed fails, or it is early days. */
export type EmptyReason = "filtered" | "feeds-failing" | "none";

export function storyListHtml(
  cards: StoryCard[],
  nextHref: string | null,
  empty: EmptyReason = "none",
): Html {
  if (cards.length === 0) {
    if (empty === "filtered")
      return html`<p class="empty" id="stories">No stories match these filters. <a href="/">Clear the filters</a></p>`;
    if (empty === "feeds-failing")
      return html`<p class="empty" id="stories">No stories yet: every feed is failing to load. See <a href="/feeds">Feed health</a>.</p>`;
    return html`<div class="empty" id="stories"><p>No stories yet.</p><p>Stories appear here a few minutes after feeds are polled: <a href="/feeds">Feed health</a> shows each feed and when it is next due. Feeds are added with <code>storyline feeds add URL</code> or <code>storyline feeds import list.opml</code> (or the admin API).</p></div>`;
  }
  return html`<ol class="stories" id="stories">${cards.map(storyCardHtml)}</ol>
${nextHref ? html`<p class="more"><a href="${nextHref}" rel="next">More stories</a></p>` : ""}`;
}

export interface FrontFilters {
  q?: string;
  lang?: string;
  category?: string;
  source?: string;
}

export function frontPage(
  cards: StoryCard[],
  nextHref: string | null,
  f: FrontFilters,
  categories: string[],
  empty: EmptyReason = "none",
  /** On a later page (a cursor): the first page's address. */
  firstHref: string | null = null,
): Html {
  // A category no feed has (an old link, a typo) still shows as the one selected.
  const options =
    f.category && !categories.includes(f.category) ? [...categories, f.category] : categories;
  const field = (name: keyof FrontFilters, label: string, hint: string) =>
    html`<p><label for="${`f-${name}`}">${label}</label><input id="${`f-${name}`}" name="${name}" value="${f[name] ?? ""}" placeholder="${hint}"></p>`;
  return html`<h1>${f.category ? `Top stories: ${f.category}` : "Top stories"}${firstHref ? ", continued" : ""}</h1>
<form class="filters" method="get" action="/" role="search" aria-label="Filter stories">
${field("q", "Words", "e.g. election")}
<p><label for="f-category">Category</label><select id="f-category" name="category"><option value="">All</option>${options.map(
    (c) => html`<option${c === f.category ? html` selected` : ""}>${c}</option>`,
  )}</select></p>
${field("lang", "Language", "e.g. en")}
${field("source", "Outlet", "e.g. Reuters")}
<p><button type="submit">Filter</button></p>
</form>
<section aria-label="Stories" id="story-list">
${storyListHtml(cards, nextHref, empty)}
${firstHref && !nextHref && cards.length > 0 ? html`<p class="first-page">That is the end of the ranked stories: <a href="/search">search</a> or filter to find older ones.</p>` : ""}
${firstHref ? html`<p class="first-page"><a href="${firstHref}">Back to the first page</a></p>` : ""}
</section>`;
}

export interface StoryPageData {
  card: StoryCard;
  /** The articles of this page. */
  articles: { view: ArticleView; why: Explanation | null }[];
  articlePage: { page: number; limit: number; total: number; pages: number };
  /** Every member (on any page) by id, and the page it is on. */
  members: Map<string, ArticleView>;
  pageOf: Map<string, number>;
  founder: string | null;
  timeline: Timeline;
  coverage: Coverage;
  related: RelatedStory[];
  events: { seq: number; type: string; at: string; data?: Record<string, unknown> }[];
}

const storyHref = (id: string, page = 1) =>
  `/story/${encodeURIComponent(id)}${page > 1 ? `?page=${page}` : ""}`;

/** Link to an article of the story: an anchor on this page, else on the page that holds it. */
function articleHref(d: StoryPageData, articleId: string): string {
  const page = d.pageOf.get(articleId) ?? 1;
  const anchor = `#a-${articleId}`;
  return page === d.articlePage.page ? anchor : `${storyHref(d.card.id, page)}${anchor}`;
}

export function storyArticlesHtml(d: StoryPageData): Html {
  const { page, limit, total } = d.articlePage;
  const from = (page - 1) * limit + 1;
  return html`<ol class="articles" id="articles"${page > 1 ? html` start="${from}"` : ""}>${d.articles.map((a) => articleItem(a.view, a.why, a.view.id === d.founder))}</ol>${total === 0 ? html`<p class="empty">No articles are stored for this story any more.</p>` : ""}`;
}

/** Page numbers to link: the first, the last and two either side of the current one. */
function pageNumbers(page: number, pages: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) out.push(p);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

/** Links between the pages of a story's articles (nothing when they fit on one page). */
function articlePager(d: StoryPageData, where: "top" | "bottom"): Html {
  const { page, pages, limit, total } = d.articlePage;
  if (pages <= 1) return html``;
  const id = d.card.id;
  // Page links land on the articles, not on the timeline above them.
  const href = (p: number) => `${storyHref(id, p)}#art-h`;
  const last = Math.min(total, page * limit);
  return html`<nav class="pager" aria-label="${`Pages of articles (${where})`}">
<p class="range">Articles ${(page - 1) * limit + 1}–${last} of ${total}, oldest first</p>
<ul class="pager-links">${page > 1 ? html`<li class="page-item"><a class="page-link" href="${href(page - 1)}" rel="prev">← Earlier</a></li>` : ""}${pageNumbers(
    page,
    pages,
  ).map((p) =>
    p === null
      ? html`<li class="page-item" aria-hidden="true">…</li>`
      : p === page
        ? html`<li class="page-item"><a class="page-link" href="${href(p)}" aria-current="page">${p}</a></li>`
        : html`<li class="page-item"><a class="page-link" href="${href(p)}" aria-label="${`Page ${p}`}">${p}</a></li>`,
  )}${page < pages ? html`<li class="page-item"><a class="page-link" href="${href(page + 1)}" rel="next">Later →</a></li>` : ""}</ul>
</nav>`;
}

/** One line of a story's history, with the article and counts its event data holds. */
function eventLine(e: StoryPageData["events"][number], d: StoryPageData): Html {
  const data = e.data ?? {};
  const article = typeof data.articleId === "string" ? d.members.get(data.articleId) : undefined;
  const link = article
    ? html` <a href="${articleHref(d, article.id)}">${article.title || "(untitled)"}</a> (${article.outlet.name})`
    : "";
  const n = typeof data.articleCount === "number" ? data.articleCount : null;
  const story = (id: unknown) =>
    typeof id === "string"
      ? html`<a href="${`/story/${encodeURIComponent(id)}`}">another story</a>`
      : "another story";
  const moved = Array.isArray(data.articleIds) ? plural(data.articleIds.length, "article") : null;
  // A split by a person, or by the clusterer's re-cut (data.by "clusterer").
  const by = data.by === "clusterer" ? " (regrouped by the clusterer)" : "";
  switch (e.type) {
    case "created":
      if (typeof data.splitFrom === "string" && moved) {
        return html`split off from ${story(data.splitFrom)} with ${moved}${by}`;
      }
      return html`created with${link || " its first article"}`;
    case "split":
      return moved ? html`${moved} split off into ${story(data.newStoryId)}${by}` : html`split`;
    case "grew":
      return html`grew${n !== null ? ` to ${n} articles` : ""}${link ? html`:${link}` : ""}${data.revived ? " (revived after a quiet spell)" : ""}`;
    case "merged":
      return data.into
        ? html`merged into ${story(data.into)}`
        : // No link: the absorbed story's page redirects to the story it went into, this one.
          html`absorbed another story${typeof data.articles === "number" ? ` (${plural(data.articles, "article")})` : ""}`;
    default:
      return html`${e.type}`;
  }
}

/** A run of more "grew" events than this shows its first and last two and a count between. */
const GREW_RUN = 6;

/** The history, with long runs of one-article growth folded into one line. */
function historyLines(d: StoryPageData): Html[] {
  const out: Html[] = [];
  const line = (e: StoryPageData["events"][number]) =>
    html`<li>${time(e.at)}: ${eventLine(e, d)}</li>`;
  let run: StoryPageData["events"] = [];
  const flush = () => {
    if (run.length > GREW_RUN) {
      const hidden = run.slice(2, -2);
      const [from, to] = [hidden[0].at, hidden[hidden.length - 1].at];
      // Times show to the minute: "23:40 to 23:40" says nothing a single time does not.
      const when =
        formatTime(from) === formatTime(to) ? time(from) : html`${time(from)} to ${time(to)}`;
      out.push(
        ...run.slice(0, 2).map(line),
        html`<li class="folded">${when}: grew by ${plural(hidden.length, "more article")}</li>`,
        ...run.slice(-2).map(line),
      );
    } else out.push(...run.map(line));
    run = [];
  };
  for (const e of d.events) {
    if (e.type === "grew") run.push(e);
    else {
      flush();
      out.push(line(e));
    }
  }
  flush();
  return out;
}

/** The rank score with its four parts and their weights (the options the server ranks with). */
function rankExplained(c: StoryCard): Html {
  const { weights: w, velocityWindowMs, halfLifeMs } = defaultRankOptions;
  const p = c.rank.parts;
  const part = (name: keyof typeof w, why: string) =>
    html`<li><strong>${name}</strong> ${p[name].toFixed(2)} × ${w[name]}: ${why}</li>`;
  return html`<details class="rank"><summary>Rank ${c.rank.score.toFixed(3)}: why here</summary>
<ul class="rank-parts">${part("size", plural(c.articleCount, "article"))}${part("diversity", `${plural(c.outletCount, "outlet")}, ${plural(c.countries.length, "country", "countries")} known`)}${part("velocity", `outlets that picked it up in the last ${velocityWindowMs / 3600_000} hours`)}${part("recency", `halves every ${halfLifeMs / 3600_000} hours since the last article`)}</ul>
</details>`;
}

export function storyPage(d: StoryPageData): Html {
  const c = d.card;
  return html`<article class="story-page" aria-labelledby="story-title">
<h1 id="story-title">${c.headline || "(untitled story)"}</h1>
${c.summary ? html`<p class="summary">${c.summary}</p>` : ""}
<p class="meta">${plural(c.outletCount, "outlet")} · first seen ${time(c.firstSeen)}${c.lastSeen !== c.firstSeen ? html` · last seen ${time(c.lastSeen)}` : ""} · ${plural(c.articleCount, "article")}</p>
${rankExplained(c)}
${c.entities.length ? html`<p class="entities" aria-label="Key entities">${c.entities.map((e) => html`<span class="chip">${e}</span> `)}</p>` : ""}
<section aria-labelledby="tl-h"><h2 id="tl-h">Timeline</h2>${timelineChart(d.timeline)}</section>
<section aria-labelledby="cov-h" class="coverage"><h2 id="cov-h">Coverage</h2>
${barChart("By country", d.coverage.countries)}
${barChart("By outlet type", d.coverage.types)}
${barChart("By outlet", d.coverage.outlets)}
</section>
<section aria-labelledby="art-h"><h2 id="art-h">${plural(d.articlePage.total, "article")}</h2>${articlePager(d, "top")}${storyArticlesHtml(d)}${articlePager(d, "bottom")}</section>
${
  d.related.length
    ? html`<section aria-labelledby="rel-h"><h2 id="rel-h">Related stories</h2><ul class="related">${d.related.map(
        (r) =>
          html`<li><a href="${`/story/${encodeURIComponent(r.id)}`}">${r.headline}</a> <span class="shared">shares ${r.shared.join(", ")}</span></li>`,
      )}</ul></section>`
    : ""
}
${
  d.events.length
    ? html`<section aria-labelledby="ev-h"><h2 id="ev-h">History</h2><ol class="events">${historyLines(d)}</ol></section>`
    : ""
}
</article>`;
}

/**
 * Where one article of a story is shown: with its page when known, else `?article=` (the story
 * route answers with a redirect to the page that holds it).
 */
export function articleLink(storyId: string, articleId: string, page?: number): string {
  const story = `/story/${encodeURIComponent(storyId)}`;
  const anchor = `#a-${encodeURIComponent(articleId)}`;
  if (page === undefined) return `${story}?article=${encodeURIComponent(articleId)}`;
  return `${story}${page > 1 ? `?page=${page}` : ""}${anchor}`;
}

/** `limit`: how many hits were asked for; a full page may not be all there is, so it is not a count. */
export function searchPage(
  q: string,
  hits: SearchHit[],
  times = new Map<string, number>(),
  limit = Number.POSITIVE_INFINITY,
): Html {
  return html`<h1>Search</h1>
<form class="search" method="get" action="/search" role="search">
<p><label for="q">Search articles and stories</label><input id="q" name="q" type="search" value="${q}" required></p>
<p><button type="submit">Search</button></p>
</form>
${
  q
    ? hits.length
      ? html`<section aria-label="Results"><p>${
          hits.length >= limit
            ? html`The ${hits.length} best results for “${q}”; add words to narrow the search.`
            : html`${plural(hits.length, "result")} for “${q}”.`
        }</p><ol class="results">${hits.map(
          (
            h,
          ) => html`<li class="${`hit kind-${h.kind}`}"><p class="kind">${h.kind === "story" ? "story, updated " : "article, "}${times.has(h.id) ? time(times.get(h.id) as number) : "time unknown"}</p>
<h2><a href="${h.kind === "story" ? `/story/${encodeURIComponent(h.id)}` : h.storyId ? articleLink(h.storyId, h.id) : "#"}">${h.title || "(untitled)"}</a></h2>
<p class="snippet">${snippetHtml(h.snippet)}</p></li>`,
        )}</ol></section>`
      : html`<p>No results for “${q}”.</p>`
    : ""
}`;
}

export type Health = "ok" | "new" | "erroring" | "failing" | "disabled";

export function feedHealth(f: FeedState): Health {
  if (!f.enabled) return "disabled";
  if (f.failing) return "failing";
  if (f.consecutiveFailures > 0) return "erroring";
  if (f.lastSuccessAt === null) return "new";
  return "ok";
}

export function feedsPage(feeds: FeedState[], now: number): Html {
  const counts = new Map<Health, number>();
  for (const f of feeds) counts.set(feedHealth(f), (counts.get(feedHealth(f)) ?? 0) + 1);
  if (feeds.length === 0)
    return html`<h1>Feed health</h1>
<p class="empty">No feeds yet. Add one with <code>storyline feeds add URL</code>, import a list with <code>storyline feeds import list.opml</code>, or use the admin API; on first start with no feeds the engine takes its built-in list.</p>`;
  return html`<h1>Feed health</h1>
<p>${plural(feeds.length, "feed")}: ${[...counts].map(([h, n], i) => html`${i ? ", " : ""}${n} ${h}`)}.</p>
<div class="table-wrap" tabindex="0" role="region" aria-label="Feeds table"><table class="feeds">
<thead><tr><th scope="col">Feed</th><th scope="col">Health</th><th scope="col">Last success</th><th scope="col">Last error</th><th scope="col">Items</th><th scope="col">Next poll</th></tr></thead>
<tbody>${feeds.map(
    (
      f,
    ) => html`<tr><th scope="row">${f.title || f.url}<br><span class="url">${f.url}</span>${f.category ? html`<br><span class="cat">${f.category}</span>` : ""}</th>
<td data-label="Health"><span class="${`health ${feedHealth(f)}`}">${feedHealth(f)}</span>${f.consecutiveFailures ? html`<br>${plural(f.consecutiveFailures, "failure")} in a row` : ""}</td>
<td data-label="Last success">${f.lastSuccessAt ? time(f.lastSuccessAt) : "never"}</td>
<td data-label="Last error">${f.lastError ? `${f.lastStatus ? `${f.lastStatus}: ` : ""}${f.lastError}` : ""}</td>
<td data-label="Items">${f.itemsSeen}</td>
<td data-label="Next poll">${f.nextPollAt <= now ? "due now" : time(f.nextPollAt)}</td></tr>`,
  )}</tbody></table></div>`;
}

const ERROR_TITLES: Record<number, string> = {
  400: "Bad request",
  404: "Not found",
  429: "Too many requests",
};

export function errorPage(status: number, message: string): Html {
  return html`<h1>${ERROR_TITLES[status] ?? "Something went wrong"}</h1><p>${message}</p><p><a href="/">Back to the front page</a></p>`;
}
