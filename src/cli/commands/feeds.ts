// `storyline feeds list|add|remove|import|export`: the feed list in the store (what `serve` polls).
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { loadConfig } from "../../config.ts";
import { checkUrl } from "../../feeds/ssrf.ts";
import type { FeedState } from "../../feeds/types.ts";
import { exportFeeds, feedUrl, importFeeds } from "../../pipeline/feed-list.ts";
import { openStore } from "../../store/open.ts";
import { parseFlags } from "../args.ts";
import { type Command, UsageError } from "../command.ts";

const usage = `Usage: storyline feeds <list|add URL|remove ID|import FILE.opml|export> [--data DIR] [--db TARGET] [--config FILE] [--json]

Manages the feed list that storyline serve polls.

  list              the feeds with their health (--json: one JSON array)
  add URL           adds a feed (an http or https URL) [--title T] [--category PATH]
  remove ID         removes a feed (its articles stay)
  import FILE       adds the feeds of an OPML file (or a list of URLs, one a line)
  export            prints the feed list as OPML 2.0

  --data DIR        data folder (default ./data)
  --db TARGET       SQLite file or postgres:// URL (default DIR/storyline.db)
  --config FILE     JSON config file (also STORYLINE_CONFIG)`;

const iso = (t: number | null) =>
  t === null ? "never" : `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;

function health(f: FeedState): string {
  if (!f.enabled) return "disabled";
  if (f.failing) return `failing: ${f.lastError ?? ""}`;
  if (f.lastError) return `error: ${f.lastError}`;
  return f.lastSuccessAt === null ? "not polled yet" : "ok";
}

/** The ID of `feeds remove ID`: a positive whole number, as `feeds list` shows it. */
function feedId(arg: string): number {
  if (!/^\d+$/.test(arg) || Number(arg) < 1)
    throw new UsageError(`the feed id must be a number (as feeds list shows it), got "${arg}"`);
  return Number(arg);
}

/** One line on stderr when polling will refuse the URL's address (the fetcher's own check). */
function warnIfNotPolled(url: string, allowPrivate: boolean): void {
  try {
    checkUrl(url, { allowPrivate });
  } catch (err) {
    process.stderr.write(
      `storyline feeds: warning: polling will skip this feed: ${(err as Error).message}\n`,
    );
  }
}

const command: Command = {
  name: "feeds",
  summary: "list, add, remove, import (OPML) and export the feeds the engine polls",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        data: { type: "string" },
        db: { type: "string" },
        config: { type: "string" },
        json: { type: "boolean", default: false },
        title: { type: "string" },
        category: { type: "string" },
      },
      usage,
    );
    const [action, arg, ...rest] = positionals;
    const needsArg = action === "add" || action === "remove" || action === "import";
    if (!action || !["list", "add", "remove", "import", "export"].includes(action)) {
      throw new UsageError(`expects list, add, remove, import or export\n${usage}`);
    }
    if (needsArg && !arg)
      throw new UsageError(
        `${action} expects ${action === "remove" ? "a feed id" : action === "add" ? "a URL" : "a file"}`,
      );
    if (rest.length > 0 || (!needsArg && arg))
      throw new UsageError(`unexpected argument "${rest[0] ?? arg}"`);
    // Validate the input before touching the store.
    let url: string | null = null;
    try {
      if (action === "add") url = feedUrl(arg);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const id = action === "remove" ? feedId(arg) : 0;
    if (action === "import" && statSync(arg, { throwIfNoEntry: false })?.isDirectory())
      throw new Error(`${arg} is a directory, not an OPML file or URL list`);
    const text = action === "import" ? readFileSync(arg, "utf8") : null;

    const config = loadConfig({
      configFile: values.config,
      flags: { dataDir: values.data, db: values.db },
    });
    // Reading the list must not create a store (and its folder) where there was none.
    const isFile = !/^postgres(ql)?:\/\//i.test(config.db);
    if (isFile && action !== "add" && action !== "import" && !existsSync(dirname(config.db)))
      throw new Error(`data folder ${dirname(config.db)} does not exist (no feeds there)`);
    if (url !== null) warnIfNotPolled(url, config.allowPrivate);
    const store = await openStore(config.db);
    try {
      const out = (s: string) => process.stdout.write(s);
      if (action === "list") {
        const feeds = await store.listFeeds();
        if (values.json) out(`${JSON.stringify(feeds)}\n`);
        else if (feeds.length === 0) out("no feeds (add one with storyline feeds add URL)\n");
        else {
          for (const f of feeds) {
            out(
              `${String(f.id).padStart(5)}  ${f.url}\n       ${f.title ?? "(untitled)"}${f.category ? ` [${f.category}]` : ""} · last success ${iso(f.lastSuccessAt)} · ${f.itemsSeen} items · ${health(f)}\n`,
            );
          }
        }
      } else if (action === "add") {
        const existing = await store.getFeedByUrl(url!);
        const feed =
          existing ??
          (await store.addFeed({
            url: url!,
            title: values.title ?? null,
            category: values.category ?? null,
          }));
        out(
          existing
            ? `already there: feed ${feed.id} ${feed.url}\n`
            : `added feed ${feed.id} ${feed.url}\n`,
        );
      } else if (action === "remove") {
        if (!(await store.removeFeed(id))) throw new Error(`no feed ${id}`);
        out(`removed feed ${id}\n`);
      } else if (action === "import") {
        const r = await importFeeds(store, text!);
        for (const p of r.problems) process.stderr.write(`${arg}: ${p}\n`);
        out(
          `imported ${arg}: ${r.added} added, ${r.existing} already there${r.problems.length ? `, ${r.problems.length} skipped` : ""}\n`,
        );
      } else {
        out(await exportFeeds(store));
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};

export default command;
