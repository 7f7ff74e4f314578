// `storyline worker --role fetch|cluster|api`: one role of a multi-process deployment on a shared
// PostgreSQL store (see docs/scaling.md). Any number of each may run, on any machines.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { environmentVariables, loadConfig } from "../../config.ts";
import { createLogger } from "../../pipeline/log.ts";
import { parseStoreTarget } from "../../store/open.ts";
import { PostgresStore } from "../../store/postgres/store.ts";
import { startApiWorker } from "../../workers/api-worker.ts";
import { ClusterWorker } from "../../workers/cluster-worker.ts";
import { FetchWorker, pollerOptionsFromConfig } from "../../workers/fetch-worker.ts";
import { WorkerRegistry } from "../../workers/registry.ts";
import { choiceFlag, numberFlag, parseFlags } from "../args.ts";
import { type Command, UsageError } from "../command.ts";

const ROLES = ["fetch", "cluster", "api"] as const;

const usage = `Usage: storyline worker --role fetch|cluster|api [--db postgres://...] [--config FILE]
       [--lease SECONDS] [--partition-by language|none] [--partitions en,fr,...] [--port N] [--host ADDR]

Runs one role against a shared PostgreSQL store, until SIGINT/SIGTERM:
  fetch     leases due feeds (no feed is fetched by two workers at once; a dead worker's feeds
            return when their lease runs out), fetches them and stores their articles
  cluster   clusters stored articles, one partition (language) per writer through advisory
            locks; a second cluster worker stands by and takes over within seconds
  api       serves the web page and JSON API (stateless; live events via LISTEN/NOTIFY)

  --role ROLE          fetch, cluster or api (required)
  --db URL             postgres:// URL (also STORYLINE_DB); ?schema=NAME keeps the tables in a schema
  --config FILE        JSON config file (also STORYLINE_CONFIG)
  --lease SECONDS      fetch: lease length without renewal (default 30)
  --partition-by BY    cluster: language (default) or none (one clusterer for all articles)
  --partitions LIST    cluster: only these languages (default: every language with new articles)
  --port N, --host A   api: where to listen (default 8080 on 127.0.0.1)

Environment variables:
${environmentVariables()
  .map((e) => `  ${e.env.padEnd(28)} ${e.setting}`)
  .join("\n")}`;

const command: Command = {
  name: "worker",
  summary: "run one role (fetch, cluster or api) of a multi-process deployment on PostgreSQL",
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        role: { type: "string" },
        db: { type: "string" },
        config: { type: "string" },
        lease: { type: "string" },
        "partition-by": { type: "string" },
        partitions: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
      },
      usage,
    );
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument "${positionals[0]}"\n${usage}`);
    if (!values.role) throw new UsageError(`--role is required (${ROLES.join(", ")})`);
    const role = choiceFlag(values.role, "role", ROLES, "fetch");
    const leaseMs = numberFlag(values.lease, "lease", 30, { min: 1, max: 3600 }) * 1000;
    const partitionBy = choiceFlag(
      values["partition-by"],
      "partition-by",
      ["language", "none"] as const,
      "language",
    );
    const partitions = values.partitions
      ? values.partitions
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean)
      : null;
    const config = loadConfig({
      configFile: values.config,
      flags: { db: values.db, port: values.port, host: values.host },
    });
    if (!config.db || parseStoreTarget(config.db).kind !== "postgres") {
      throw new UsageError(
        "workers share a PostgreSQL store: pass --db postgres://... (or set STORYLINE_DB)",
      );
    }
    const workerId = `${hostname()}-${process.pid}-${role}-${randomBytes(3).toString("hex")}`;
    const log = createLogger(config.log).child({ worker: workerId, role });
    const store = await PostgresStore.open(config.db, { applicationName: `storyline-${role}` });
    const registry = new WorkerRegistry(store, workerId, role);
    let stopRole: () => Promise<void> = async () => {};
    try {
      await registry.start(2000, (err) => log.warn({ err: String(err) }, "heartbeat failed"));
      if (role === "fetch") {
        const w = new FetchWorker({
          store,
          log,
          workerId,
          leaseMs,
          poller: pollerOptionsFromConfig(config),
        });
        w.start();
        stopRole = () => w.stop();
      } else if (role === "cluster") {
        const w = new ClusterWorker({
          store,
          log,
          config,
          registry,
          partitionBy,
          partitions,
          onLost: (err) => {
            // A standby may hold the partitions already: stop writing at once, never twice.
            log.fatal({ err: String(err) }, "lost the partition locks: exiting");
            process.exit(1);
          },
          onFailure: (err) => {
            log.fatal({ err: String(err) }, "cannot persist assignments: exiting");
            process.exit(1);
          },
        });
        await w.start();
        stopRole = () => w.stop();
      } else {
        const w = await startApiWorker(store, config);
        process.stdout.write(`Storyline API worker: open ${w.url}\n`);
        stopRole = () => w.close();
      }
      log.info({ partitionBy, leaseMs }, "worker ready");
      process.stdout.write(`worker ${workerId} ready\n`);
    } catch (err) {
      await store.close().catch(() => {});
      throw err;
    }

    return new Promise<number>((resolve) => {
      let closing = false;
      const shutdown = (signal: string) => {
        if (closing) process.exit(1);
        closing = true;
        log.info({ signal }, "stopping");
        (async () => {
          await stopRole();
          await registry.stop();
          await store.close();
        })().then(
          () => resolve(0),
          (err) => {
            log.error({ err: String(err) }, "stop failed");
            resolve(1);
          },
        );
      };
      process.once("SIGINT", () => shutdown("SIGINT"));
      process.once("SIGTERM", () => shutdown("SIGTERM"));
    });
  },
};

export default command;
