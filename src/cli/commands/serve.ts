// `storyline serve` (= npm start): the whole engine in one process: the poller, the clusterer and
// the HTTP server (JSON API, feeds, web page), on a data folder, until SIGINT/SIGTERM.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { environmentVariables, loadConfig, redactConfig } from "../../config.ts";
import { importFeeds } from "../../pipeline/feed-list.ts";
import { createLogger } from "../../pipeline/log.ts";
import { engineFromConfig } from "../../pipeline/runtime.ts";
import { startWeb } from "../../pipeline/web.ts";
import { openStore } from "../../store/open.ts";
import { parseFlags } from "../args.ts";
import { type Command, UsageError } from "../command.ts";

const DEFAULT_FEEDS = fileURLToPath(new URL("../../feeds/default-feeds.opml", import.meta.url));

const usage = `Usage: storyline serve [--port N] [--host ADDR] [--data DIR] [--feeds FILE.opml] [--db TARGET] [--config FILE]

Runs the engine: polls the feeds, stores and clusters new articles as they arrive and serves the
stories (web page, JSON API, RSS/Atom/JSON feeds) until interrupted (Ctrl-C or SIGTERM).

  --port N          HTTP port (default 8080; 0 picks a free one)
  --host ADDR       address to listen on (default 127.0.0.1)
  --data DIR        data folder (default ./data): the SQLite store lives there
  --feeds FILE      OPML (or a list of URLs, one a line) to add to the feed list on start; with no
                    feed list at all the built-in default list is imported
  --db TARGET       SQLite file or postgres:// URL (default DIR/storyline.db)
  --config FILE     JSON config file (also STORYLINE_CONFIG)

Settings come from defaults < config file < environment < flags. Environment variables:
${environmentVariables()
  .map((e) => `  ${e.env.padEnd(28)} ${e.setting}`)
  .join("\n")}`;

const command: Command = {
  name: "serve",
  summary: "run the engine: poll feeds, cluster stories, serve the web page and API",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        port: { type: "string" },
        host: { type: "string" },
        data: { type: "string" },
        feeds: { type: "string" },
        db: { type: "string" },
        config: { type: "string" },
      },
      usage,
    );
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument "${positionals[0]}"\n${usage}`);
    const config = loadConfig({
      configFile: values.config,
      flags: {
        port: values.port,
        host: values.host,
        dataDir: values.data,
        feeds: values.feeds,
        db: values.db,
      },
    });
    const log = createLogger(config.log);
    log.info({ config: redactConfig(config) }, "starting");
    const store = await openStore(config.db);
    let closing: Promise<void> | null = null;
    let engine: ReturnType<typeof engineFromConfig> | null = null;
    try {
      if (config.feeds) {
        const r = await importFeeds(store, readFileSync(config.feeds, "utf8"));
        log.info(
          { file: config.feeds, added: r.added, existing: r.existing, problems: r.problems.length },
          "imported feeds",
        );
        for (const p of r.problems) log.warn({ file: config.feeds }, p);
      } else if ((await store.listFeeds()).length === 0) {
        if (existsSync(DEFAULT_FEEDS)) {
          const r = await importFeeds(store, readFileSync(DEFAULT_FEEDS, "utf8"));
          log.info({ added: r.added }, "no feeds yet: imported the default feed list");
        } else log.warn("no feeds: add some with storyline feeds add URL or --feeds FILE.opml");
      }
      const started = engineFromConfig(store, log, config);
      engine = started;
      await started.start();
      const web = await startWeb(store, config, started);
      log.info({ url: web.url, feeds: (await store.listFeeds()).length }, "ready");
      process.stdout.write(`Storyline is running: open ${web.url}\n`);

      return await new Promise<number>((resolve) => {
        const shutdown = (signal: string) => {
          if (closing) {
            log.warn({ signal }, "second signal: exiting now");
            process.exit(1);
          }
          log.info({ signal }, "shutting down");
          closing = (async () => {
            await web.close();
            await started.stop();
            await store.close();
            log.info("stopped");
          })();
          closing.then(
            () => resolve(0),
            (err) => {
              log.error({ err: String(err) }, "shutdown failed");
              resolve(1);
            },
          );
        };
        process.once("SIGINT", () => shutdown("SIGINT"));
        process.once("SIGTERM", () => shutdown("SIGTERM"));
        started.on("error", (err) => {
          log.fatal({ err: String(err) }, "engine failed: exiting so that a restart recovers");
          shutdown("engine failure");
        });
      });
    } catch (err) {
      // A failed start (e.g. the port is taken) must not leave the poller running on a closed store.
      if (!closing) {
        await engine?.stop().catch(() => {});
        await store.close().catch(() => {});
      }
      throw err;
    }
  },
};

export default command;
