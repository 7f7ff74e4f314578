// What the clusterer's live heap holds, in bytes, part by part, at chosen points of the synthetic
// stream bench/cluster.ts runs (inline, seed 1).
//
//   node --expose-gc --import tsx bench/heap-parts.ts [--at 128000,200000,600000]
//        [--articles 1000000] [--dir /tmp] [--top 0]
//
// At each count it writes a V8 heap snapshot (v8.writeHeapSnapshot, after a full collection) and,
// once the stream has run, reads each back and deletes it. Every object reachable from the
// StreamClusterer is given to the first part it is reached through, breadth first: an instance of
// a class (or a plain record known by a field only it has: a member, a member-index posting, a
// weight vector) is its own part; arrays, maps and strings belong to the field of the part that
// first reaches them (a centroid's slot table to "Centroid.table", a member's vectors to
// "Weights.ids"). Self sizes are summed per part and the parts grouped as the docs name them; what
// the clusterer does not reach (code, the generator) is reported apart. --top N also prints the
// N largest parts ungrouped.
import { closeSync, openSync, readSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { intFlag, scriptFlags, usageError } from "../scripts/args.ts";
import { engineInput } from "../src/eval/evaluate.ts";
import { syntheticStream } from "../src/eval/synthetic.ts";
import { census } from "../src/stories/census.ts";
import { StreamClusterer } from "../src/stories/cluster.ts";
import { analyse } from "../src/stories/features.ts";

const script = import.meta.filename;
const values = scriptFlags(
  script,
  "node --expose-gc --import tsx bench/heap-parts.ts [--at 128000,200000,600000] [--articles 1000000] [--dir /tmp] [--top 0]",
  {
    at: { type: "string", default: "128000,200000,600000" },
    articles: { type: "string", default: "1000000" },
    dir: { type: "string", default: "/tmp" },
    top: { type: "string", default: "0" },
  },
);
const total = intFlag(script, "articles", values.articles);
const top = intFlag(script, "top", values.top, 0);
const at = values.at.split(",").map((x) => intFlag(script, "at", x));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  usageError(script, "run with node --expose-gc");
}
const MB = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const DAY = 86_400_000;

// --- The stream, with a snapshot at each count ----------------------------------------------------
const points: { articles: number; day: number; heap: number; file: string; counts: string }[] = [];
const clusterer = new StreamClusterer();
let done = 0;
let first: number | null = null;
for (const a of syntheticStream({ articles: total, seed: 1 })) {
  const an = analyse(engineInput(a));
  clusterer.addAnalysed(an);
  first ??= an.time;
  done++;
  if (!at.includes(done)) continue;
  gc();
  const c = census(clusterer);
  const file = join(values.dir, `heap-parts-${process.pid}-${done}.heapsnapshot`);
  points.push({
    articles: done,
    day: first === null || an.time === null ? 0 : (an.time - first) / DAY,
    heap: process.memoryUsage().heapUsed,
    file: writeHeapSnapshot(file),
    counts: `${c.stories} stories, ${c.keptMembers} kept members, ${c.storyCentroidTerms + c.eventCentroidTerms} centroid terms`,
  });
  if (done >= Math.max(...at)) break;
}

// --- Reading a snapshot back -----------------------------------------------------------------------
interface Snapshot {
  nodes: Uint32Array;
  edges: Uint32Array;
  strings: string[];
  nodeFields: number;
  edgeFields: number;
  nodeTypes: string[];
  edgeTypes: string[];
}

/** A snapshot's node and edge arrays read as numbers straight from the file (they are too large for one string). */
function readSnapshot(file: string): Snapshot {
  const fd = openSync(file, "r");
  const buf = Buffer.alloc(1 << 24);
  let pos = 0;
  let len = 0;
  let offset = 0;
  const fill = () => {
    len = readSync(fd, buf, 0, buf.length, offset);
    offset += len;
    pos = 0;
    return len > 0;
  };
  /** The text up to and including `marker`. */
  const until = (marker: string): string => {
    let text = "";
    for (;;) {
      const from = Math.max(0, text.length - marker.length);
      text += buf.toString("latin1", pos, len);
      const i = text.indexOf(marker, from);
      if (i >= 0) {
        // Back up to just after the marker.
        pos = len - (text.length - (i + marker.length));
        return text.slice(0, i + marker.length);
      }
      if (!fill()) throw new Error(`${file}: no ${marker}`);
    }
  };
  const ints = (n: number): Uint32Array => {
    const out = new Uint32Array(n);
    let k = 0;
    let cur = 0;
    let inNumber = false;
    for (;;) {
      for (; pos < len; pos++) {
        const c = buf[pos];
        if (c >= 48 && c <= 57) {
          cur = cur * 10 + c - 48;
          inNumber = true;
        } else {
          if (inNumber) out[k++] = cur;
          cur = 0;
          inNumber = false;
          if (c === 93) {
            pos++;
            return out;
          }
        }
      }
      if (!fill()) throw new Error(`${file}: cut short`);
    }
  };
  fill();
  const head = until('"nodes":[');
  const meta = JSON.parse(head.slice(head.indexOf('"snapshot":') + 11, head.lastIndexOf("},") + 1));
  const nodeFields = meta.meta.node_fields.length;
  const edgeFields = meta.meta.edge_fields.length;
  const nodes = ints(meta.node_count * nodeFields);
  until('"edges":[');
  const edges = ints(meta.edge_count * edgeFields);
  until('"strings":[');
  const parts: string[] = ["["];
  do parts.push(buf.toString("utf8", pos, len));
  while (fill());
  closeSync(fd);
  const rest = parts.join("");
  return {
    nodes,
    edges,
    strings: JSON.parse(rest.slice(0, rest.lastIndexOf("]") + 1)),
    nodeFields,
    edgeFields,
    nodeTypes: meta.meta.node_types[0],
    edgeTypes: meta.meta.edge_types[0],
  };
}

/** Plain records of the clusterer, told apart by a field only they have. */
const RECORDS: [string, string][] = [
  ["eventId", "Member"],
  ["hasText", "Weighed"],
  ["ids", "Weights"],
];
const CONTAINERS = new Set(["Array", "Map", "Set", "Object", "system / Context"]);
/** The docs' parts, by the first part name matching. */
const GROUPS: [RegExp, string][] = [
  [/^(MemberIndex|MemberTable)/, "member indexes (title and entity postings)"],
  [/^(Member|Weights|Weighed)/, "kept members (records, weight vectors, index slots, words)"],
  [/^Centroid/, "centroids, stories' and events' (slot ids, slot sums, order)"],
  [/^(InvertedIndex|KeyCounts)/, "story index (postings, each story's key counts)"],
  // The key table holds the counts and the vocabulary's ids (key-table.ts).
  [/^(DocFreq|KeyTable)/, "document frequencies"],
  [/^Vocab/, "vocabulary"],
  [/^StreamClusterer\.byArticle/, "story of each kept member (byArticle)"],
  [/^(Story|Group|StreamClusterer\.live|AgeQueue)/, "story and event records, live order, ages"],
  [/^(ArrayBuffer|TypedArray|Float64Array|Int32Array|Uint8Array)/, "typed arrays (scratch, slots)"],
];

/** Self bytes per part reachable from the clusterer, and outside it. */
function parts(s: Snapshot): { byPart: Map<string, number>; outside: number; native: number } {
  const { nodes, edges, strings, nodeFields: NF, edgeFields: EF } = s;
  const n = nodes.length / NF;
  const type = (i: number) => s.nodeTypes[nodes[i * NF]];
  const name = (i: number) => strings[nodes[i * NF + 1]];
  const self = (i: number) => nodes[i * NF + 3];
  const firstEdge = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) firstEdge[i + 1] = firstEdge[i] + nodes[i * NF + 4];
  const record = new Array<string | undefined>(n);
  for (let i = 0; i < n; i++) {
    if (type(i) !== "object" || name(i) !== "Object") continue;
    for (let e = firstEdge[i]; e < firstEdge[i + 1]; e++) {
      if (s.edgeTypes[edges[e * EF]] !== "property") continue;
      const field = strings[edges[e * EF + 1]];
      const r = RECORDS.findIndex(([f]) => f === field);
      const now = RECORDS.findIndex(([, nm]) => nm === record[i]);
      if (r >= 0 && (now < 0 || r < now)) record[i] = RECORDS[r][1];
    }
  }
  const named = (i: number) =>
    record[i] ?? (type(i) === "object" && !CONTAINERS.has(name(i)) ? name(i) : undefined);
  const label = new Array<string | undefined>(n);
  const isClass = new Uint8Array(n);
  const queue = new Uint32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    if (type(i) === "object" && name(i) === "StreamClusterer") {
      label[i] = "StreamClusterer";
      isClass[i] = 1;
      queue[tail++] = i;
    }
  }
  while (head < tail) {
    const a = queue[head++];
    for (let e = firstEdge[a]; e < firstEdge[a + 1]; e++) {
      const edgeType = s.edgeTypes[edges[e * EF]];
      if (edgeType === "weak") continue;
      const b = edges[e * EF + 2] / NF;
      if (label[b] !== undefined) continue;
      const t = type(b);
      // Shared machinery (code, shapes, functions) is not the clusterer's data.
      if (t === "code" || t === "closure" || t === "object shape") continue;
      if (t === "hidden" && name(b) === "system / Map") continue;
      const cls = named(b);
      if (cls !== undefined) {
        label[b] = cls;
        isClass[b] = 1;
      } else if (isClass[a]) {
        const field = edgeType === "property" ? strings[edges[e * EF + 1]] : "[]";
        label[b] = `${label[a]}.${field}`;
      } else label[b] = label[a];
      queue[tail++] = b;
    }
  }
  const byPart = new Map<string, number>();
  let outside = 0;
  let native = 0;
  for (let i = 0; i < n; i++) {
    const l = label[i];
    if (l !== undefined) byPart.set(l, (byPart.get(l) ?? 0) + self(i));
    else if (type(i) === "native") native += self(i);
    else outside += self(i);
  }
  return { byPart, outside, native };
}

const rows = new Map<string, string[]>();
const row = (key: string) => {
  let r = rows.get(key);
  if (!r) {
    r = [];
    rows.set(key, r);
  }
  return r;
};
const tops: string[] = [];
for (const [k, p] of points.entries()) {
  const { byPart, outside, native } = parts(readSnapshot(p.file));
  unlinkSync(p.file);
  const grouped = new Map<string, number>();
  let reached = 0;
  for (const [part, bytes] of byPart) {
    const g = GROUPS.find(([re]) => re.test(part))?.[1] ?? "other";
    grouped.set(g, (grouped.get(g) ?? 0) + bytes);
    reached += bytes;
  }
  for (const [, g] of GROUPS) row(g)[k] = MB(grouped.get(g) ?? 0);
  row("other")[k] = MB(grouped.get("other") ?? 0);
  row("**reachable from the clusterer**")[k] = MB(reached);
  row("outside the clusterer (code, the generator, the runtime)")[k] = MB(outside);
  row("native memory outside the clusterer (array buffers: not in heap used)")[k] = MB(native);
  row("heap used after a full collection")[k] = MB(p.heap);
  if (top > 0) {
    tops.push(`\nLargest parts at ${p.articles.toLocaleString("en")} articles:\n`);
    for (const [part, bytes] of [...byPart].sort((x, y) => y[1] - x[1]).slice(0, top)) {
      tops.push(`${MB(bytes).padStart(8)} MB  ${part}`);
    }
  }
}
console.log(
  `bench/heap-parts: the synthetic stream of ${total.toLocaleString("en")} articles (seed 1), inline; MB of self sizes in V8 heap snapshots\n`,
);
console.log(
  `| part | ${points.map((p) => `${p.articles.toLocaleString("en")} articles (day ${p.day.toFixed(1)})`).join(" | ")} |`,
);
console.log(`|---|${points.map(() => "---:").join("|")}|`);
for (const [name, r] of rows)
  console.log(`| ${name} | ${points.map((_, k) => r[k]).join(" | ")} |`);
for (const p of points) console.log(`\nAt ${p.articles.toLocaleString("en")}: ${p.counts}.`);
for (const line of tops) console.log(line);
