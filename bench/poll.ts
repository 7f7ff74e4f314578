// Polling throughput and what conditional GET saves: many feeds on many local hosts, polled by
// the real Poller into the real SQLite store, three passes in one run:
//   1. first poll (no validators yet: every feed is sent whole; the baseline),
//   2. second poll of the unchanged feeds (validators sent: every answer should be a 304),
//   3. the same second poll with the validators wiped (what a reader without conditional GET pays).
//
//   node --import tsx bench/poll.ts [--hosts 20] [--feeds-per-host 25] [--items 50] [--concurrency 16]
//
// Prints per pass: polls/s, wall time, bytes the servers sent (gzip), 304 share. Per-host spacing is
// switched off here (it would only measure the spacing); the per-host concurrency budget stays on.
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import zlib from "node:zlib";
import { intFlag, scriptFlags } from "../scripts/args.ts";
import { Poller, type PollReport } from "../src/feeds/poller.ts";
import { openStore } from "../src/store/open.ts";

const values = scriptFlags(
  import.meta.filename,
  "node --import tsx bench/poll.ts [--hosts 20] [--feeds-per-host 25] [--items 50] [--concurrency 16]",
  {
    hosts: { type: "string", default: "20" },
    "feeds-per-host": { type: "string", default: "25" },
    items: { type: "string", default: "50" },
    concurrency: { type: "string", default: "16" },
  },
);
const script = import.meta.filename;
const hosts = intFlag(script, "hosts", values.hosts);
const perHost = intFlag(script, "feeds-per-host", values["feeds-per-host"]);
const itemCount = intFlag(script, "items", values.items);
const concurrency = intFlag(script, "concurrency", values.concurrency);

function feedXml(host: number, feed: number): Buffer {
  const now = Date.now();
  const items = Array.from({ length: itemCount }, (_, i) => {
    const date = new Date(now - i * 1_800_000).toUTCString();
    return `<item><title>Host ${host} feed ${feed} story ${i}: officials announce measures after talks</title><link>https://h${host}.example/f${feed}/${i}</link><guid>h${host}-f${feed}-${i}</guid><pubDate>${date}</pubDate><description>&lt;p&gt;Paragraph ${i} of a typical news summary, long enough to look like one: ministers met on Tuesday and agreed on a plan that critics said came too late.&lt;/p&gt;</description></item>`;
  }).join("");
  return Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench ${host}/${feed}</title><link>https://h${host}.example/</link>${items}</channel></rss>`,
  );
}

let bytesSent = 0;
const servers: http.Server[] = [];
const urlsByHost: string[][] = [];
for (let h = 0; h < hosts; h++) {
  const bodies = Array.from({ length: perHost }, (_, f) => zlib.gzipSync(feedXml(h, f)));
  const server = http.createServer((req, res) => {
    const f = Number(/^\/feed-(\d+)\.xml$/.exec(req.url ?? "")?.[1] ?? -1);
    const body = bodies[f];
    if (!body) {
      res.writeHead(404);
      res.end();
      return;
    }
    const etag = `"h${h}-f${f}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    bytesSent += body.length;
    res.writeHead(200, {
      "content-type": "application/rss+xml",
      "content-encoding": "gzip",
      etag,
      "content-length": body.length,
    });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  urlsByHost.push(
    Array.from({ length: perHost }, (_, f) => `http://127.0.0.1:${port}/feed-${f}.xml`),
  );
}
// Feeds added host after host in turn, as a mixed OPML list would add them.
const urls = Array.from({ length: perHost }, (_, f) => urlsByHost.map((list) => list[f])).flat();

const dir = await mkdtemp(join(tmpdir(), "storyline-bench-poll-"));
const store = await openStore(join(dir, "bench.db"));
const feeds = await Promise.all(urls.map((url) => store.addFeed({ url })));
let itemsHanded = 0;
const poller = new Poller(
  {
    dueFeeds: (now, limit) => store.dueFeeds(now, limit),
    updateFeed: (id, patch) => store.updateFeed(id, patch),
    onFeed: (_feed, parsed) => {
      itemsHanded += parsed.items.length;
      return 0;
    },
  },
  {
    concurrency,
    hosts: { perHost: 2, minSpacingMs: 0 },
    fetch: { allowPrivate: true, timeoutMs: 30_000 },
  },
);

interface PassFigures {
  name: string;
  polls: number;
  seconds: number;
  bytes: number;
  notModified: number;
  errors: number;
  items: number;
}

async function pass(name: string): Promise<PassFigures> {
  bytesSent = 0;
  itemsHanded = 0;
  const t0 = performance.now();
  const reports: PollReport[] = await poller.pollDue();
  const seconds = (performance.now() - t0) / 1000;
  return {
    name,
    polls: reports.length,
    seconds,
    bytes: bytesSent,
    notModified: reports.filter((r) => r.outcome === "not-modified").length,
    errors: reports.filter((r) => r.outcome === "error").length,
    items: itemsHanded,
  };
}

async function makeAllDue(wipeValidators: boolean): Promise<void> {
  for (const f of feeds) {
    await store.updateFeed(f.id, {
      nextPollAt: 0,
      ...(wipeValidators ? { etag: null, lastModified: null } : {}),
    });
  }
}

const results: PassFigures[] = [];
results.push(await pass("1. first poll (baseline)"));
await makeAllDue(false);
results.push(await pass("2. unchanged, conditional"));
await makeAllDue(true);
results.push(await pass("3. unchanged, no validators"));

await store.close();
await rm(dir, { recursive: true, force: true });
for (const s of servers) {
  s.closeAllConnections();
  s.close();
}

console.log(
  `${urls.length} feeds on ${hosts} local hosts, ${itemCount} items each, concurrency ${concurrency}, 2 per host`,
);
console.log("pass                          polls  polls/s   wall s   KB sent  304s  errors  items");
for (const r of results) {
  console.log(
    `${r.name.padEnd(28)} ${String(r.polls).padStart(6)} ${(r.polls / r.seconds).toFixed(0).padStart(8)} ${r.seconds.toFixed(2).padStart(8)} ${(r.bytes / 1024).toFixed(0).padStart(9)} ${String(r.notModified).padStart(5)} ${String(r.errors).padStart(7)} ${String(r.items).padStart(6)}`,
  );
}
const [first, conditional, unconditional] = results;
console.log(
  `conditional GET: ${((1 - conditional.bytes / Math.max(1, unconditional.bytes)) * 100).toFixed(1)}% fewer bytes and ${(unconditional.seconds / conditional.seconds).toFixed(1)}x faster than polling the same unchanged feeds without validators (pass 3); first poll ${(first.polls / first.seconds).toFixed(0)} polls/s`,
);
