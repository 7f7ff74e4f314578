// People's corrections (merge two stories, split articles out of a story, move an article) applied
// to the live clusterer and persisted with their effects (assignments, story records, events) in
// one transaction. Later clustering respects them because the clusterer's state is changed too,
// and after a restart it is rebuilt from the corrected assignments.
//
// Every event a correction's effects write carries its id (`data.appliedCorrection`; not
// `data.correction`, which an API server without a pipeline writes when it only records one): that
// is how a restarted engine tells the corrections it still has to apply (stored by another
// process, or stored just before a crash) from those already applied, on either store backend.

import type {
  AssignmentWrite,
  Correction,
  CorrectionInput,
  Store,
  StoredArticle,
  StoryEventInput,
  StoryRecord,
} from "../store/types.ts";
import type { StreamClusterer } from "../stories/cluster.ts";
import { PERSON_SCORE } from "../stories/group.ts";
import { derivedId } from "../stories/hash.ts";
import { TermCache } from "../stories/snapshot.ts";
import { languageConflict } from "./partitions.ts";
import { keepingScore, restoreRow, type StoryBook } from "./stories.ts";

/** A correction that cannot apply (unknown story, article not in the story...): one line. */
export class CorrectionError extends Error {
  override name = "CorrectionError";
}

export interface CorrectionContext {
  store: Store;
  clusterer: StreamClusterer;
  book: StoryBook;
  now: number;
  emitEvents(events: StoryEventInput[]): void;
}

export interface CorrectionResult {
  /** The stored correction. */
  correction: Correction;
  /** split: the new story's id. */
  storyId: string | null;
}

async function mustStory(store: Store, id: string | undefined): Promise<StoryRecord> {
  if (!id) throw new CorrectionError("a story id is missing");
  const s = await store.getStory(id);
  if (!s) throw new CorrectionError(`no story ${id}`);
  if (s.status === "merged")
    throw new CorrectionError(`story ${id} was merged into ${s.mergedInto}`);
  return s;
}

/** Stories of two languages are neither merged nor have articles moved between them. */
function sameLanguage(a: StoryRecord, b: StoryRecord, what: string): void {
  const why = languageConflict(a, b, what);
  if (why) throw new CorrectionError(why);
}

const isLive = (c: StreamClusterer, storyId: string) => c.members(storyId).length > 0;

/**
 * Brings a story the clusterer released back into it (so a correction can land on it), from its
 * members' kept features (as a restart does), or their texts for members clustered before those.
 */
async function revive(
  c: StreamClusterer,
  store: Store,
  storyId: string,
  members: StoredArticle[],
): Promise<void> {
  if (isLive(c, storyId)) return;
  const terms = new TermCache();
  for (const r of await store.restoreRows(members.map((a) => a.id)))
    restoreRow(c, r, storyId, terms);
}

const moveTo = (a: StoredArticle, storyId: string): AssignmentWrite => ({
  articleId: a.id,
  storyId,
  eventId: storyId,
  score: PERSON_SCORE,
  threshold: 0,
});

/** Whether a stored correction's effects were persisted (its events carry its id). */
export async function isApplied(store: Store, correction: Correction): Promise<boolean> {
  const storyId = correction.storyIds[0];
  if (!storyId) return false;
  return (await store.eventsOfStory(storyId)).some(
    (e) => e.data.appliedCorrection === correction.id,
  );
}

/**
 * Applies one correction: a new one (CorrectionInput: validated, then stored, then applied) or
 * one already stored (Correction, e.g. made by another process). A crash between storing and
 * applying leaves it pending, and the next start applies it.
 */
export async function applyCorrection(
  ctx: CorrectionContext,
  input: CorrectionInput | Correction,
): Promise<CorrectionResult> {
  const { store, clusterer, book, now } = ctx;
  let correction: Correction | null = "id" in input ? input : null;
  // Called once validation passed, before the clusterer changes: an invalid correction is
  // never stored.
  const recordIt = async () => {
    correction ??= await store.addCorrection({ ...input, at: input.at ?? now });
  };
  const assignments: AssignmentWrite[] = [];
  const stories: StoryRecord[] = [];
  const events: StoryEventInput[] = [];
  let newStoryId: string | null = null;
  const at = now;

  if (input.kind === "merge") {
    const [fromId, intoId] = input.storyIds;
    if (fromId === intoId) throw new CorrectionError("cannot merge a story into itself");
    const from = await mustStory(store, fromId);
    const into = await mustStory(store, intoId);
    sameLanguage(from, into, "merging");
    const moving = await store.articlesOfStory(from.id);
    const staying = await store.articlesOfStory(into.id);
    await recordIt();
    if (isLive(clusterer, from.id)) {
      await revive(clusterer, store, into.id, staying);
      clusterer.merge(from.id, into.id);
    }
    // Each member keeps its own score and event, as in the clusterer's merge.
    for (const a of moving) assignments.push(keepingScore(a, into.id, a.eventId ?? into.id));
    stories.push(book.rebuild(into, [...staying, ...moving], now));
    book.forget(from.id);
    stories.push({
      ...from,
      status: "merged",
      mergedInto: into.id,
      articleCount: 0,
      outletCount: 0,
      updatedAt: now,
    });
    events.push(
      { storyId: into.id, type: "merged", at, data: { from: from.id, articles: moving.length } },
      { storyId: from.id, type: "merged", at, data: { into: into.id } },
    );
  } else if (input.kind === "split") {
    const story = await mustStory(store, input.storyIds[0]);
    const members = await store.articlesOfStory(story.id);
    const leaving = new Set(input.articleIds);
    if (leaving.size === 0) throw new CorrectionError("split needs at least one article");
    for (const id of leaving) {
      if (!members.some((a) => a.id === id))
        throw new CorrectionError(`article ${id} is not in story ${story.id}`);
    }
    if (leaving.size === members.length)
      throw new CorrectionError("split must leave at least one article in the story");
    const out = members.filter((a) => leaving.has(a.id));
    const rest = members.filter((a) => !leaving.has(a.id));
    await recordIt();
    // The clusterer splits what it keeps one by one (a long story forgets its old members).
    newStoryId = out.some((a) => clusterer.storyOf(a.id) === story.id)
      ? clusterer.split(story.id, [...leaving])
      : derivedId("s", `${out[0].id}\u0000split\u0000${story.id}`);
    for (const a of out) assignments.push(moveTo(a, newStoryId));
    stories.push(book.rebuild(story, rest, now));
    stories.push(
      book.rebuild(
        {
          ...story,
          id: newStoryId,
          firstSeen: now,
          lastSeen: now,
          status: "active",
          mergedInto: null,
        },
        out,
        now,
      ),
    );
    events.push(
      {
        storyId: story.id,
        type: "split",
        at,
        data: { newStoryId, articleIds: out.map((a) => a.id) },
      },
      {
        storyId: newStoryId,
        type: "created",
        at,
        data: { splitFrom: story.id, articleIds: out.map((a) => a.id) },
      },
    );
  } else if (input.kind === "move") {
    const [fromId, toId] = input.storyIds;
    if (fromId === toId) throw new CorrectionError("the article is already in that story");
    const from = await mustStory(store, fromId);
    const to = await mustStory(store, toId);
    sameLanguage(from, to, "moving articles between");
    const members = await store.articlesOfStory(from.id);
    const moving = members.filter((a) => input.articleIds.includes(a.id));
    if (moving.length === 0 || moving.length !== new Set(input.articleIds).size) {
      throw new CorrectionError(`the articles to move are not all in story ${from.id}`);
    }
    const target = await store.articlesOfStory(to.id);
    await recordIt();
    const live = isLive(clusterer, from.id);
    if (live) await revive(clusterer, store, to.id, target);
    for (const a of moving) {
      if (live && clusterer.storyOf(a.id) === from.id) clusterer.move(a.id, to.id);
      assignments.push(moveTo(a, to.id));
    }
    const rest = members.filter((a) => !input.articleIds.includes(a.id));
    stories.push(book.rebuild(to, [...target, ...moving], now));
    if (rest.length > 0) stories.push(book.rebuild(from, rest, now));
    else {
      book.forget(from.id);
      stories.push({
        ...from,
        status: "merged",
        mergedInto: to.id,
        articleCount: 0,
        outletCount: 0,
        updatedAt: now,
      });
    }
    const data = { articleIds: moving.map((a) => a.id), from: from.id, to: to.id };
    events.push(
      { storyId: from.id, type: "corrected", at, data },
      { storyId: to.id, type: "corrected", at, data },
    );
  } else {
    throw new CorrectionError(`unknown correction kind ${(input as { kind: string }).kind}`);
  }

  if (!correction) throw new Error("correction was not recorded");
  const id = correction.id;
  const tagged = events.map((e) => ({ ...e, data: { ...e.data, appliedCorrection: id } }));
  await store.commitChanges({ assignments, stories, events: tagged });
  ctx.emitEvents(tagged);
  return { correction, storyId: newStoryId };
}
