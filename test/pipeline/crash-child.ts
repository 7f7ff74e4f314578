// The process the crash test kills: the live pipeline exactly as `storyline serve` wires it
// (config from the environment, feed list import, engineFromConfig), without the HTTP server
// and the CLI's other commands, so that each of the many restarts starts quickly.
// Usage: node --import tsx test/pipeline/crash-child.ts DATA_DIR FEEDS.opml
import { readFileSync } from "node:fs";
import { loadConfig } from "../../src/config.ts";
import { importFeeds } from "../../src/pipeline/feed-list.ts";
import { createLogger } from "../../src/pipeline/log.ts";
import { engineFromConfig } from "../../src/pipeline/runtime.ts";
import { openStore } from "../../src/store/open.ts";

const [dataDir, feeds] = process.argv.slice(2);
const config = loadConfig({ flags: { dataDir, feeds } });
const log = createLogger(config.log);
const store = await openStore(config.db);
await importFeeds(store, readFileSync(config.feeds!, "utf8"));
const engine = engineFromConfig(store, log, config);
await engine.start();
process.stdout.write(
  `ready restored=${engine.stats.restored} recovered=${engine.stats.recovered}\n`,
);
// The test keeps stdin open: when it closes, the test died and this process must not linger.
process.stdin.on("end", () => process.exit(2));
process.stdin.resume();
process.once("SIGTERM", async () => {
  await engine.stop();
  await store.close();
  process.exit(0);
});
