// Child process for the concurrent-reader test: ingests `batches` batches of `size` articles into
// the SQLite store at argv[2], printing "ready" first and "done N" at the end.

import { SqliteStore } from "../../src/store/sqlite/store.ts";

const [path, batches, size] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const store = await SqliteStore.open(path);
process.stdout.write("ready\n");
for (let b = 0; b < batches; b++) {
  const items = Array.from({ length: size }, (_, i) => ({
    feedId: null,
    guid: null,
    url: `https://writer.example/${b}/${i}`,
    canonicalUrl: null,
    title: `Batch ${b} item ${i}`,
    text: `Body of item ${i} in batch ${b}`,
    html: null,
    source: "writer",
    author: null,
    image: null,
    lang: "en",
    published: 1_700_000_000_000 + b * 1000 + i,
    fetchedAt: 1_700_000_000_000 + b * 1000 + i,
  }));
  await store.ingest(items);
}
process.stdout.write(`done ${await store.countArticles()}\n`);
await store.close();
