// `storyline parse FILE|URL`: parses one feed and prints its items, as JSON or a readable summary.
// Files over the size limit are refused from their size on disk, URLs while the body streams in,
// so a huge feed is never read into memory.
import { open, stat } from "node:fs/promises";
import { FetchError, fetchFeed } from "../../feeds/fetch.ts";
import { DEFAULT_MAX_FEED_BYTES, formatSize, parseFeed } from "../../feeds/parse/index.ts";
import type { ParsedFeed } from "../../feeds/types.ts";
import { numberFlag, parseFlags } from "../args.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";

const usage = `Usage: storyline parse FILE|URL [--json] [--max-mb N] [--timeout S] [--allow-private]

Parses an RSS, Atom or JSON Feed document and prints its items.

  --json            print {"title","link","items":[{"id","title","link","published","updated",
                    "summary","content","author"}]} (ISO 8601 times, null where absent)
  --max-mb N        refuse feeds larger than N MB (default ${DEFAULT_MAX_FEED_BYTES / 1024 / 1024})
  --timeout S       give up fetching a URL after S seconds (default 30)
  --allow-private   let a URL reach private, loopback and link-local addresses`;

const MB = 1024 * 1024;

async function readFileCapped(path: string, maxBytes: number): Promise<Uint8Array> {
  const st = await stat(path);
  if (!st.isFile()) throw new Error(`${path} is not a file`);
  if (st.size > maxBytes) {
    throw new Error(
      `${path}: feed is ${formatSize(st.size)}, over the ${formatSize(maxBytes)} limit`,
    );
  }
  // Read at most maxBytes + 1 even if the file grew since stat, so the cap holds regardless.
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let len = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, len, buf.length - len, len);
      if (bytesRead === 0) break;
      len += bytesRead;
      if (len === buf.length) break;
    }
    if (len > maxBytes) throw new Error(`${path}: feed is over the ${formatSize(maxBytes)} limit`);
    return buf.subarray(0, len);
  } finally {
    await fh.close();
  }
}

function jsonView(feed: ParsedFeed) {
  return {
    title: feed.title,
    link: feed.link,
    items: feed.items.map((i) => ({
      id: i.id,
      title: i.title,
      link: i.link,
      published: i.published,
      updated: i.updated,
      summary: i.summary,
      content: i.content,
      author: i.author,
    })),
  };
}

const FORMAT_NAMES = { rss: "RSS", rdf: "RSS (RDF)", atom: "Atom", json: "JSON Feed" } as const;

function summaryView(feed: ParsedFeed, source: string): string {
  const lines: string[] = [];
  const n = feed.items.length;
  lines.push(
    `${feed.title ?? "(untitled feed)"}  [${FORMAT_NAMES[feed.format]} ${feed.version}, ${n} item${n === 1 ? "" : "s"}]`,
  );
  lines.push(feed.link ?? source);
  const hints: string[] = [];
  if (feed.encoding) hints.push(feed.encoding);
  if (feed.language) hints.push(`language ${feed.language}`);
  if (feed.hints.ttlMinutes !== null) hints.push(`ttl ${feed.hints.ttlMinutes} min`);
  if (feed.hints.updateIntervalMinutes !== null) {
    hints.push(`updates every ${feed.hints.updateIntervalMinutes} min`);
  }
  if (feed.hints.skipHours.length > 0) hints.push(`skip hours ${feed.hints.skipHours.join(",")}`);
  if (hints.length > 0) lines.push(hints.join(" · "));
  lines.push("");
  for (const item of feed.items) {
    const when = item.published ?? item.updated;
    const stamp = when ? `${when.slice(0, 16).replace("T", " ")}Z` : "(no date)        ";
    lines.push(`${stamp}  ${item.title || "(untitled)"}`);
    const detail = [item.link ?? `id ${item.id}`, item.author ? `by ${item.author}` : null];
    lines.push(`${" ".repeat(stamp.length)}  ${detail.filter(Boolean).join("  ")}`);
  }
  return `${lines.join("\n")}\n`;
}

const command: Command = {
  name: "parse",
  summary: "parse one feed (file or URL) and print its items",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        json: { type: "boolean" },
        "max-mb": { type: "string" },
        timeout: { type: "string" },
        "allow-private": { type: "boolean" },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expects one FILE or URL\n${usage}`);
    const source = positionals[0];
    const maxBytes = Math.floor(numberFlag(values["max-mb"], "max-mb", 20, { min: 0.001 }) * MB);
    const timeoutMs = numberFlag(values.timeout, "timeout", 30, { min: 0.1 }) * 1000;

    let body: Uint8Array;
    let url: string | null = null;
    let contentType: string | null = null;
    if (/^https?:\/\//i.test(source)) {
      const res = await fetchFeed(
        source,
        { etag: null, lastModified: null },
        { maxBytes, timeoutMs, allowPrivate: values["allow-private"] === true },
      ).catch((err: unknown) => {
        if (err instanceof FetchError && err.code === "blocked") {
          const why = err.message.replace(/\s*\(set allowPrivate to permit\)/, "");
          throw new Error(`${why} (use --allow-private to permit)`);
        }
        throw err;
      });
      if (!res.body) throw new Error(`${source}: HTTP ${res.status}, no feed body`);
      body = res.body;
      url = res.url;
      contentType = res.contentType;
    } else {
      body = await readFileCapped(source, maxBytes);
    }

    let feed: ParsedFeed;
    try {
      feed = parseFeed(body, { url, contentType, maxBytes });
    } catch (err) {
      throw new Error(`${source}: ${(err as Error).message}`);
    }
    process.stdout.write(
      values.json ? `${JSON.stringify(jsonView(feed), null, 2)}\n` : summaryView(feed, source),
    );
    return 0;
  },
};

export default command;
