// Feed parsing throughput: parseFeed beside rss-parser (npm) on the same generated files, in the
// same process. The corpus is deterministic (seeded): RSS 2.0, Atom 1.0 and JSON Feed files of
// 2-5 MB with HTML content, written to a temp dir and removed afterwards.
//
//   node --import tsx bench/parse.ts [--files 20] [--rounds 3] [--seed 1]
//
// Contestants run interleaved file by file, so a busy machine slows them alike.
//
// The tokenizer choice is measured too: htmlparser2 in XML mode against saxes (a strict,
// conforming XML parser) for raw speed on the corpus and for how many of the hand-written oddity
// fixtures in test/fixtures/feeds a strict parser rejects.
//
// rss-parser reads RSS and Atom only (no JSON Feed) and does not sanitise HTML, so it is run on the
// XML files; parseFeed is also timed with its tree stage alone (no mapping/sanitising) to show
// where the time goes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Parser as Htmlparser2 } from "htmlparser2";
import RssParser from "rss-parser";
import { SaxesParser } from "saxes";
import { scriptFlags } from "../scripts/args.ts";
import { sanitizeHtmlWithText } from "../src/articles/html.ts";
import { seededRandom } from "../src/eval/random.ts";
import { decodeBody } from "../src/feeds/parse/decode.ts";
import { parseFeed } from "../src/feeds/parse/index.ts";
import { parseXml } from "../src/feeds/parse/xml.ts";

const values = scriptFlags(
  import.meta.filename,
  "node --import tsx bench/parse.ts [--files 20] [--rounds 3] [--seed 1]",
  {
    files: { type: "string", default: "20" },
    rounds: { type: "string", default: "3" },
    seed: { type: "string", default: "1" },
  },
);
const FILES = Number(values.files);
const ROUNDS = Number(values.rounds);

const WORDS = (
  "government minister election market shares rally storm coast police court ruling " +
  "football league champion vaccine hospital climate summit treaty border refugees energy " +
  "prices inflation central bank rates technology startup company profits strike workers " +
  "union parliament vote budget deficit earthquake rescue flooding wildfire drought harvest"
).split(" ");

type Kind = "rss" | "atom" | "json";

function generate(kind: Kind, targetBytes: number, rand: () => number, fileNo: number): string {
  const word = () => WORDS[Math.floor(rand() * WORDS.length)];
  const sentence = () => {
    const n = 8 + Math.floor(rand() * 14);
    const w = Array.from({ length: n }, word);
    w[0] = w[0][0].toUpperCase() + w[0].slice(1);
    return `${w.join(" ")}.`;
  };
  const html = () => {
    const paras = 3 + Math.floor(rand() * 6);
    let s = "";
    for (let p = 0; p < paras; p++) {
      s += `<p>${sentence()} <a href="/story/${Math.floor(rand() * 1e6)}">${word()}</a> ${sentence()} &amp; ${sentence()}</p>`;
      if (rand() < 0.3)
        s += `<figure><img src="/img/${Math.floor(rand() * 1e6)}.jpg" alt="${word()}"><figcaption>${sentence()}</figcaption></figure>`;
    }
    return s;
  };
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const t0 = Date.UTC(2024, 0, 1);
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  while (size < targetBytes) {
    const when = new Date(t0 + i * 600_000 + fileNo * 86_400_000);
    const title = sentence().slice(0, 80);
    const link = `https://site${fileNo}.example.com/news/${i}`;
    let item: string;
    if (kind === "rss") {
      item = `<item><title>${esc(title)}</title><link>${link}</link><guid isPermaLink="true">${link}</guid><pubDate>${when.toUTCString()}</pubDate><dc:creator>${word()} ${word()}</dc:creator><category>${word()}</category><description>${esc(sentence() + " " + sentence())}</description><content:encoded><![CDATA[${html()}]]></content:encoded><media:thumbnail url="https://img.example.com/${fileNo}/${i}.jpg"/></item>\n`;
    } else if (kind === "atom") {
      item = `<entry><title type="html">${esc(title)}</title><link rel="alternate" href="${link}"/><id>${link}</id><published>${when.toISOString()}</published><updated>${when.toISOString()}</updated><author><name>${word()} ${word()}</name></author><category term="${word()}"/><summary>${esc(sentence())}</summary><content type="html">${esc(html())}</content></entry>\n`;
    } else {
      item = `${JSON.stringify({ id: link, url: link, title, date_published: when.toISOString(), authors: [{ name: `${word()} ${word()}` }], tags: [word()], summary: sentence(), content_html: html() })},\n`;
    }
    parts.push(item);
    size += item.length;
    i++;
  }
  if (kind === "rss") {
    return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Bench ${fileNo}</title><link>https://site${fileNo}.example.com/</link><description>bench</description>\n${parts.join("")}</channel></rss>\n`;
  }
  if (kind === "atom") {
    return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Bench ${fileNo}</title><id>urn:bench:${fileNo}</id><updated>2024-01-01T00:00:00Z</updated><link href="https://site${fileNo}.example.com/"/>\n${parts.join("")}</feed>\n`;
  }
  const body = parts.join("").replace(/,\n$/, "\n");
  return `{"version":"https://jsonfeed.org/version/1.1","title":"Bench ${fileNo}","home_page_url":"https://site${fileNo}.example.com/","items":[\n${body}]}\n`;
}

interface Corpus {
  kind: Kind;
  path: string;
  bytes: number;
}

function makeCorpus(dir: string, seed: number): Corpus[] {
  const rand = seededRandom(seed);
  const kinds: Kind[] = ["rss", "atom", "json"];
  const out: Corpus[] = [];
  for (let f = 0; f < FILES; f++) {
    const kind = kinds[f % 3];
    const target = (2 + rand() * 3) * 1024 * 1024;
    const text = generate(kind, target, rand, f);
    const path = join(
      dir,
      `feed-${String(f).padStart(2, "0")}.${kind === "json" ? "json" : "xml"}`,
    );
    writeFileSync(path, text);
    out.push({ kind, path, bytes: Buffer.byteLength(text) });
  }
  return out;
}

interface Contestant {
  name: string;
  kinds: Kind[];
  /** Parses one file, returns its item count (or element count for tokenizers). */
  run(buf: Buffer): Promise<number> | number;
}

interface Tally {
  bytes: number;
  items: number;
  secs: number;
}

/**
 * Runs every contestant on every file, interleaved (file by file, in rotating order), so load
 * changes on a shared machine hit all of them alike. Returns tallies by contestant and kind.
 */
async function race(contestants: Contestant[], files: Corpus[]): Promise<Map<string, Tally>> {
  const bufs = files.map((f) => readFileSync(f.path));
  const tallies = new Map<string, Tally>();
  for (const c of contestants) {
    const i = files.findIndex((f) => c.kinds.includes(f.kind));
    await c.run(bufs[i]); // warm-up
  }
  let turn = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (let f = 0; f < files.length; f++) {
      const here = contestants.filter((c) => c.kinds.includes(files[f].kind));
      turn++;
      for (let k = 0; k < here.length; k++) {
        const c = here[(k + turn) % here.length];
        const t0 = performance.now();
        const items = await c.run(bufs[f]);
        const secs = (performance.now() - t0) / 1000;
        const key = `${c.name}|${files[f].kind}`;
        const t = tallies.get(key) ?? { bytes: 0, items: 0, secs: 0 };
        t.bytes += bufs[f].length;
        t.items += items;
        t.secs += secs;
        tallies.set(key, t);
      }
    }
  }
  return tallies;
}

function sum(tallies: Map<string, Tally>, name: string, kinds: Kind[]): Tally | null {
  const out: Tally = { bytes: 0, items: 0, secs: 0 };
  for (const k of kinds) {
    const t = tallies.get(`${name}|${k}`);
    if (!t) return null;
    out.bytes += t.bytes;
    out.items += t.items;
    out.secs += t.secs;
  }
  return out;
}

const mbps = (t: Tally | null) => (t ? (t.bytes / 1024 / 1024 / t.secs).toFixed(1) : "-");

function htmlparser2Elements(text: string): number {
  let n = 0;
  const p = new Htmlparser2(
    {
      onopentag() {
        n++;
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  p.write(text);
  p.end();
  return n;
}

function saxesRun(text: string): { elements: number; errors: string[] } {
  let elements = 0;
  const errors: string[] = [];
  const p = new SaxesParser();
  p.on("opentag", () => {
    elements++;
  });
  p.on("error", (e) => {
    errors.push(e.message.split("\n")[0]);
  });
  p.write(text).close();
  return { elements, errors };
}

function strictRejections(): void {
  const dir = join(import.meta.dirname, "..", "test", "fixtures", "feeds");
  const xmlFixtures = readdirSync(dir).filter((f) => f.endsWith(".xml"));
  const rejected = xmlFixtures.filter((f) => {
    const text = decodeBody(readFileSync(join(dir, f))).text;
    return saxesRun(text).errors.length > 0;
  });
  console.log(
    `\nsaxes reports well-formedness errors in ${rejected.length} of the ${xmlFixtures.length} XML fixtures: ${rejected.join(", ")}`,
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "storyline-bench-parse-"));
  try {
    const corpus = makeCorpus(dir, Number(values.seed));
    const total = corpus.reduce((s, f) => s + f.bytes, 0);
    console.log(
      `corpus: ${corpus.length} files, ${(total / 1024 / 1024).toFixed(1)} MB ` +
        `(${corpus.filter((f) => f.kind === "rss").length} RSS, ${corpus.filter((f) => f.kind === "atom").length} Atom, ${corpus.filter((f) => f.kind === "json").length} JSON Feed), ${ROUNDS} rounds, node ${process.version}`,
    );
    const rss = new RssParser();
    const XML: Kind[] = ["rss", "atom"];
    const contestants: Contestant[] = [
      { name: "parseFeed", kinds: ["rss", "atom", "json"], run: (b) => parseFeed(b).items.length },
      {
        name: "rss-parser 3.13.0",
        kinds: XML,
        run: async (b) => (await rss.parseString(b.toString("utf8"))).items.length,
      },
      {
        // rss-parser does not sanitise: the same sanitising of its output makes the work equal.
        name: "rss-parser 3.13.0 + same sanitising",
        kinds: XML,
        run: async (b) => {
          const feed = await rss.parseString(b.toString("utf8"));
          for (const it of feed.items) {
            const encoded = (it as Record<string, unknown>)["content:encoded"];
            if (typeof encoded === "string") sanitizeHtmlWithText(encoded, feed.link);
            if (it.content && it.content !== encoded) sanitizeHtmlWithText(it.content, feed.link);
            if (it.summary) sanitizeHtmlWithText(it.summary, feed.link);
          }
          return feed.items.length;
        },
      },
      {
        name: "parseFeed tree stage only",
        kinds: XML,
        run: (b) => parseXml(b.toString("utf8"), null).children.length,
      },
      {
        name: "htmlparser2 tokenizer only",
        kinds: XML,
        run: (b) => htmlparser2Elements(b.toString("utf8")),
      },
      {
        name: "saxes tokenizer only",
        kinds: XML,
        run: (b) => saxesRun(b.toString("utf8")).elements,
      },
    ];
    const tallies = await race(contestants, corpus);

    console.log("");
    console.log(
      `${"MB/s".padEnd(36)} ${"RSS".padStart(6)} ${"Atom".padStart(6)} ${"JSON".padStart(6)} ${"RSS+Atom".padStart(9)} ${"items/s RSS+Atom".padStart(17)}`,
    );
    for (const c of contestants) {
      const both = sum(tallies, c.name, XML);
      const isItems = !c.name.includes("only");
      console.log(
        `${c.name.padEnd(36)} ${mbps(sum(tallies, c.name, ["rss"])).padStart(6)} ${mbps(sum(tallies, c.name, ["atom"])).padStart(6)} ${mbps(sum(tallies, c.name, ["json"])).padStart(6)} ${mbps(both).padStart(9)} ${(isItems && both ? (both.items / both.secs).toFixed(0) : "-").padStart(17)}`,
      );
    }
    strictRejections();
    const ratio = (a: string, b: string) => {
      const x = sum(tallies, a, XML)!;
      const y = sum(tallies, b, XML)!;
      return (x.bytes / x.secs / (y.bytes / y.secs)).toFixed(2);
    };
    console.log(
      `\nparseFeed throughput on RSS+Atom: ${ratio("parseFeed", "rss-parser 3.13.0")}x rss-parser (which does not sanitise), ` +
        `${ratio("parseFeed", "rss-parser 3.13.0 + same sanitising")}x rss-parser + the same sanitising`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
