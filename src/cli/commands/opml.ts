// `storyline opml check FILE` lists the feeds of an OPML file and what is wrong with it;
// `storyline opml from-urls FILE|-` turns a plain list of feed URLs into OPML 2.0.
import { readFile, stat } from "node:fs/promises";
import {
  feedCategory,
  feedsFromUrlList,
  type OpmlFeed,
  parseOpml,
  toOpml,
} from "../../feeds/opml.ts";
import { decodeBody } from "../../feeds/parse/decode.ts";
import { parseFlags } from "../args.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";

const usage = `Usage: storyline opml check FILE [--json]
       storyline opml from-urls FILE|- [--title TEXT]

  check       read an OPML 1.0/2.0 file and list its feeds (category, title, URL), with
              duplicate and unusable feed URLs reported; exits 1 when there are any
  from-urls   turn a plain list of feed URLs (one a line, optionally followed by a category
              path such as World/Asia; # starts a comment) into OPML 2.0 on stdout; unusable
              lines are reported on stderr and make the exit code 1
  --json      (check) print {"title", "feeds": [{"url","title","htmlUrl","category","type"}],
              "problems": [...], "skipped": [...]} (skipped: outlines with a URL that are not
              feeds, such as type="link", each with its line and reason)
  --title T   (from-urls) the OPML document's title (default "Storyline feeds")`;

const MAX_BYTES = 20 * 1024 * 1024;

async function readInput(path: string): Promise<Uint8Array> {
  if (path === "-") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      if (size > MAX_BYTES) throw new Error(`standard input is over ${MAX_BYTES / 1024 / 1024} MB`);
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }
  const st = await stat(path);
  if (!st.isFile()) throw new Error(`${path} is not a file`);
  if (st.size > MAX_BYTES) throw new Error(`${path} is over ${MAX_BYTES / 1024 / 1024} MB`);
  return readFile(path);
}

/** Feed URLs that cannot be polled, and repeats, one line each. */
export function opmlProblems(feeds: OpmlFeed[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  feeds.forEach((f, i) => {
    const where = `feed ${i + 1} (${f.title ?? f.text ?? "untitled"})`;
    let url: URL;
    try {
      url = new URL(f.xmlUrl);
    } catch {
      problems.push(`${where}: not a URL: ${f.xmlUrl.slice(0, 200)}`);
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      problems.push(`${where}: not an http(s) URL: ${f.xmlUrl.slice(0, 200)}`);
      return;
    }
    const first = seen.get(url.href);
    if (first !== undefined) problems.push(`${where}: same URL as feed ${first}: ${url.href}`);
    else seen.set(url.href, i + 1);
  });
  return problems;
}

async function check(path: string, json: boolean): Promise<number> {
  const doc = parseOpml(decodeBody(await readInput(path)).text);
  const problems = opmlProblems(doc.feeds);
  if (json) {
    const feeds = doc.feeds.map((f) => ({
      url: f.xmlUrl,
      title: f.title ?? f.text,
      htmlUrl: f.htmlUrl,
      category: feedCategory(f),
      type: f.type,
    }));
    const skipped = doc.skipped ?? [];
    process.stdout.write(
      `${JSON.stringify({ title: doc.title, feeds, problems, skipped }, null, 2)}\n`,
    );
  } else {
    const rows = doc.feeds.map((f) => [feedCategory(f) ?? "-", f.title ?? f.text ?? "-", f.xmlUrl]);
    const w0 = Math.min(40, Math.max(8, ...rows.map((r) => r[0].length)));
    const w1 = Math.min(40, Math.max(5, ...rows.map((r) => r[1].length)));
    const cut = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
    const out = [
      `${doc.title ?? path}: OPML ${doc.version || "(no version)"}, ${doc.feeds.length} ${doc.feeds.length === 1 ? "feed" : "feeds"}`,
    ];
    out.push(`${"category".padEnd(w0)}  ${"title".padEnd(w1)}  url`);
    for (const [c, t, u] of rows) out.push(`${cut(c, w0)}  ${cut(t, w1)}  ${u}`);
    process.stdout.write(`${out.join("\n")}\n`);
    for (const p of problems) process.stderr.write(`${p}\n`);
    for (const p of doc.skipped ?? []) process.stderr.write(`${path} ${p}\n`);
  }
  return problems.length > 0 ? 1 : 0;
}

async function fromUrls(path: string, title: string): Promise<number> {
  const { feeds, problems } = feedsFromUrlList(decodeBody(await readInput(path)).text);
  const sorted = [...feeds].sort((a, b) =>
    (feedCategory(a) ?? "").localeCompare(feedCategory(b) ?? ""),
  );
  process.stdout.write(toOpml({ version: "2.0", title, head: [], feeds: sorted }));
  for (const p of problems) process.stderr.write(`${path}: ${p}\n`);
  return problems.length > 0 ? 1 : 0;
}

const command: Command = {
  name: "opml",
  summary: "check an OPML file, or turn a list of feed URLs into OPML",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      { json: { type: "boolean" }, title: { type: "string" } },
      usage,
    );
    const [action, file, ...extra] = positionals;
    if (!action || !file || extra.length > 0)
      throw new UsageError(`expects an action and one FILE\n${usage}`);
    if (action === "check") return check(file, values.json === true);
    if (action === "from-urls") return fromUrls(file, values.title ?? "Storyline feeds");
    throw new UsageError(`unknown action "${action}": use check or from-urls`);
  },
};

export default command;
