// `storyline discover URL`: finds the feeds of a site from its home page (announced links, then
// common paths verified by parsing) and prints them.
import { discover } from "../../feeds/discover.ts";
import { FetchError, fetchFeed } from "../../feeds/fetch.ts";
import { numberFlag, parseFlags } from "../args.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";

const usage = `Usage: storyline discover URL [--json] [--probe] [--verbose] [--timeout S] [--allow-private]

Finds the feeds of a site: the URL itself if it is a feed, else the feeds its page announces with
<link rel="alternate">, else common paths (/feed, /rss.xml, /atom.xml, /feed.json...) that serve
a feed. Exits 1 when none is found.

  --json            print [{"url","title","kind","via"}]
  --probe           also try the common paths when the page announces feeds
  --verbose         say on stderr why each probed path was not kept
  --timeout S       give up on each request after S seconds (default 15)
  --allow-private   let the URL reach private, loopback and link-local addresses`;

const command: Command = {
  name: "discover",
  summary: "find the feeds of a web site from its home page",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        json: { type: "boolean" },
        probe: { type: "boolean" },
        verbose: { type: "boolean" },
        timeout: { type: "string" },
        "allow-private": { type: "boolean" },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expects one URL\n${usage}`);
    let url = positionals[0];
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) url = `https://${url}`;
    const timeoutMs = numberFlag(values.timeout, "timeout", 15, { min: 0.1 }) * 1000;
    const allowPrivate = values["allow-private"] === true;
    const fetchPage = (u: string) =>
      fetchFeed(u, { etag: null, lastModified: null }, { timeoutMs, allowPrivate });

    let result: Awaited<ReturnType<typeof discover>>;
    try {
      result = await discover(url, fetchPage, { alwaysProbe: values.probe === true });
    } catch (err) {
      if (err instanceof FetchError && err.code === "blocked") {
        const why = err.message.replace(/\s*\(set allowPrivate to permit\)/, "");
        throw new Error(`${why} (use --allow-private to permit)`);
      }
      throw err;
    }
    if (values.verbose) for (const n of result.notes) process.stderr.write(`${n}\n`);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result.feeds, null, 2)}\n`);
    } else {
      for (const f of result.feeds) {
        const about = [f.kind ?? "feed", f.title ? `"${f.title}"` : null, `via ${f.via}`];
        process.stdout.write(`${f.url}  (${about.filter(Boolean).join(", ")})\n`);
      }
    }
    if (result.feeds.length === 0) {
      process.stderr.write(`no feeds found at ${url}\n`);
      return 1;
    }
    return 0;
  },
};

export default command;
