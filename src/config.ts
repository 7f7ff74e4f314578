// Configuration of a running engine: built-in defaults < config file (JSON, --config or
// STORYLINE_CONFIG) < environment variables < command-line flags. Every value is validated; a bad
// one is a ConfigError whose message is one line naming where the value came from.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "./cli/command.ts";
import { stateSpan } from "./stories/cluster.ts";

export type Granularity = "event" | "story";
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
export type LogFormat = "json" | "pretty" | "auto";

export interface Config {
  /** HTTP port (0 picks a free one). */
  port: number;
  host: string;
  /** Folder for the SQLite file and anything else the engine keeps. */
  dataDir: string;
  /** SQLite file path or postgres:// URL; defaults to <dataDir>/storyline.db. */
  db: string;
  /** OPML file imported on start (feeds already stored are kept), or null. */
  feeds: string | null;
  poll: {
    /** Bounds of the interval between two polls of one feed. */
    minIntervalMs: number;
    maxIntervalMs: number;
    /** Feeds fetched at the same time. */
    concurrency: number;
    /** Politeness per host: fetches in flight to one host, and time between two starts. */
    perHost: number;
    hostSpacingMs: number;
  };
  clustering: {
    /** How long a story stays open to new articles without growing; null: the clusterer's default. */
    windowMs: number | null;
    granularity: Granularity;
  };
  /** A story without a new article for this long goes quiet. */
  quietAfterMs: number;
  retention: {
    /** Articles fetched longer ago than this are pruned. */
    horizonMs: number;
    /** How often the pruner runs. */
    intervalMs: number;
    batchSize: number;
  };
  /** Token for the admin routes; null keeps them closed. */
  adminToken: string | null;
  /** Let feeds reach private and loopback addresses (local replays, intranet feeds). */
  allowPrivate: boolean;
  /** How polled sites can reach the operator (URL or e-mail), sent in the User-Agent; null: none. */
  contact: string | null;
  log: { level: LogLevel; format: LogFormat };
}

/** A bad configuration value; the message is one line. */
export class ConfigError extends UsageError {
  override name = "ConfigError";
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function defaultConfig(): Config {
  return {
    port: 8080,
    host: "127.0.0.1",
    dataDir: "./data",
    db: "",
    feeds: null,
    poll: {
      minIntervalMs: 5 * MINUTE,
      maxIntervalMs: 6 * HOUR,
      concurrency: 8,
      perHost: 2,
      hostSpacingMs: 1000,
    },
    clustering: { windowMs: null, granularity: "story" },
    quietAfterMs: DAY,
    retention: { horizonMs: 30 * DAY, intervalMs: HOUR, batchSize: 1000 },
    adminToken: null,
    allowPrivate: false,
    contact: null,
    log: { level: "info", format: "auto" },
  };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE, h: HOUR, d: DAY };

/**
 * "250ms", "90s", "5m", "2h", "30d" (or a number of ms) -> ms. Hand-written: one regex, and it
 * lets the error name the setting.
 */
export function parseDuration(value: unknown, where: string, allowZero = false): number {
  const ok = (n: number) => Number.isFinite(n) && (n > 0 || (allowZero && n === 0));
  if (typeof value === "number" && ok(value)) return value;
  if (typeof value === "string") {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(value);
    if (m && ok(Number(m[1]))) return Number(m[1]) * UNITS[m[2]];
  }
  throw new ConfigError(
    `${where}: expected a duration such as 90s, 5m, 2h or 30d, got ${JSON.stringify(value)}`,
  );
}

function parseInteger(value: unknown, where: string, min: number, max: number): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(
      `${where}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function parseBoolean(value: unknown, where: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (["1", "true", "yes", "on"].includes(v)) return true;
    if (["0", "false", "no", "off", ""].includes(v)) return false;
  }
  throw new ConfigError(`${where}: expected true or false, got ${JSON.stringify(value)}`);
}

function parseString(value: unknown, where: string): string {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  throw new ConfigError(`${where}: expected a non-empty string, got ${JSON.stringify(value)}`);
}

/** An http(s) URL or an e-mail address (with or without mailto:), fit for a User-Agent comment. */
function parseContact(value: unknown, where: string): string {
  const v = parseString(value, where);
  const url = /^https?:\/\/[^\s()]+$/.test(v) && URL.canParse(v);
  const mail = /^(mailto:)?[^\s()@]+@[^\s()@]+\.[^\s()@]+$/.test(v);
  if (url || mail) return v;
  throw new ConfigError(
    `${where}: expected an http(s) URL or an e-mail address to reach the operator, got ${JSON.stringify(v)}`,
  );
}

function parseChoice<C extends string>(value: unknown, where: string, choices: readonly C[]): C {
  if (typeof value === "string" && (choices as readonly string[]).includes(value))
    return value as C;
  throw new ConfigError(
    `${where}: expected one of ${choices.join(", ")}, got ${JSON.stringify(value)}`,
  );
}

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
const FORMATS = ["json", "pretty", "auto"] as const;
const GRANULARITIES = ["event", "story"] as const;

/**
 * Every setting: its path in the config file, its environment variable and how to apply a raw
 * value to a Config. CLI flags use the same setters (see applySetting).
 */
const SETTINGS: Record<
  string,
  { env: string; set: (c: Config, v: unknown, where: string) => void }
> = {
  port: { env: "STORYLINE_PORT", set: (c, v, w) => (c.port = parseInteger(v, w, 0, 65535)) },
  host: { env: "STORYLINE_HOST", set: (c, v, w) => (c.host = parseString(v, w)) },
  dataDir: { env: "STORYLINE_DATA", set: (c, v, w) => (c.dataDir = parseString(v, w)) },
  db: { env: "STORYLINE_DB", set: (c, v, w) => (c.db = parseString(v, w)) },
  feeds: { env: "STORYLINE_FEEDS", set: (c, v, w) => (c.feeds = parseString(v, w)) },
  "poll.minIntervalMs": {
    env: "STORYLINE_POLL_MIN",
    set: (c, v, w) => (c.poll.minIntervalMs = parseDuration(v, w)),
  },
  "poll.maxIntervalMs": {
    env: "STORYLINE_POLL_MAX",
    set: (c, v, w) => (c.poll.maxIntervalMs = parseDuration(v, w)),
  },
  "poll.concurrency": {
    env: "STORYLINE_FETCH_CONCURRENCY",
    set: (c, v, w) => (c.poll.concurrency = parseInteger(v, w, 1, 256)),
  },
  "poll.perHost": {
    env: "STORYLINE_PER_HOST",
    set: (c, v, w) => (c.poll.perHost = parseInteger(v, w, 1, 64)),
  },
  "poll.hostSpacingMs": {
    env: "STORYLINE_HOST_SPACING",
    set: (c, v, w) => (c.poll.hostSpacingMs = parseDuration(v, w, true)),
  },
  "clustering.windowMs": {
    env: "STORYLINE_WINDOW",
    set: (c, v, w) => (c.clustering.windowMs = parseDuration(v, w)),
  },
  "clustering.granularity": {
    env: "STORYLINE_GRANULARITY",
    set: (c, v, w) => (c.clustering.granularity = parseChoice(v, w, GRANULARITIES)),
  },
  quietAfterMs: {
    env: "STORYLINE_QUIET_AFTER",
    set: (c, v, w) => (c.quietAfterMs = parseDuration(v, w)),
  },
  "retention.horizonMs": {
    env: "STORYLINE_RETENTION",
    set: (c, v, w) => (c.retention.horizonMs = parseDuration(v, w)),
  },
  "retention.intervalMs": {
    env: "STORYLINE_PRUNE_EVERY",
    set: (c, v, w) => (c.retention.intervalMs = parseDuration(v, w)),
  },
  "retention.batchSize": {
    env: "STORYLINE_PRUNE_BATCH",
    set: (c, v, w) => (c.retention.batchSize = parseInteger(v, w, 1, 1_000_000)),
  },
  adminToken: {
    env: "STORYLINE_ADMIN_TOKEN",
    set: (c, v, w) => {
      const token = parseString(v, w);
      if (token.length < 16)
        throw new ConfigError(`${w}: the admin token must be at least 16 characters`);
      c.adminToken = token;
    },
  },
  allowPrivate: {
    env: "STORYLINE_ALLOW_PRIVATE",
    set: (c, v, w) => (c.allowPrivate = parseBoolean(v, w)),
  },
  contact: {
    env: "STORYLINE_CONTACT",
    set: (c, v, w) => (c.contact = parseContact(v, w)),
  },
  "log.level": {
    env: "STORYLINE_LOG_LEVEL",
    set: (c, v, w) => (c.log.level = parseChoice(v, w, LEVELS)),
  },
  "log.format": {
    env: "STORYLINE_LOG_FORMAT",
    set: (c, v, w) => (c.log.format = parseChoice(v, w, FORMATS)),
  },
};

export type SettingName = keyof typeof SETTINGS;

/** Flattens a config file object to "a.b" paths, rejecting unknown keys. */
function flattenFile(obj: unknown, file: string, prefix = ""): [string, unknown][] {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
    throw new ConfigError(`${file}: ${prefix || "the top level"} must be a JSON object`);
  }
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (path in SETTINGS) out.push([path, v]);
    else if (
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      Object.keys(SETTINGS).some((name) => name.startsWith(`${path}.`))
    ) {
      out.push(...flattenFile(v, file, path));
    } else throw new ConfigError(`${file}: unknown setting "${path}"`);
  }
  return out;
}

export interface LoadOptions {
  /** Config file from --config (else STORYLINE_CONFIG, else none). */
  configFile?: string | null;
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags, by setting name, raw (as typed). */
  flags?: Partial<Record<SettingName, unknown>>;
  /** Defaults of the command that differ from the engine's (e.g. replay's fast polling). */
  defaults?: Partial<Record<SettingName, unknown>>;
}

export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const config = defaultConfig();
  for (const [name, value] of Object.entries(options.defaults ?? {})) {
    if (value !== undefined) SETTINGS[name].set(config, value, `default ${name}`);
  }
  const file = options.configFile ?? env.STORYLINE_CONFIG ?? null;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new ConfigError(
        `config file ${file}: ${(err as NodeJS.ErrnoException).code ?? "unreadable"}`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(
        `config file ${file}: not valid JSON (${(err as Error).message.split("\n")[0]})`,
      );
    }
    for (const [path, value] of flattenFile(parsed, `config file ${file}`)) {
      SETTINGS[path].set(config, value, `config file ${file}: ${path}`);
    }
  }
  for (const s of Object.values(SETTINGS)) {
    const value = env[s.env];
    if (value !== undefined && value !== "") s.set(config, value, s.env);
  }
  for (const [name, value] of Object.entries(options.flags ?? {})) {
    if (value !== undefined) SETTINGS[name].set(config, value, `--${flagName(name)}`);
  }
  if (config.poll.minIntervalMs > config.poll.maxIntervalMs) {
    throw new ConfigError(
      `poll bounds: the minimum interval (${config.poll.minIntervalMs} ms) is above the maximum (${config.poll.maxIntervalMs} ms)`,
    );
  }
  const span = stateSpan({
    windowMs: config.clustering.windowMs ?? undefined,
    granularity: config.clustering.granularity,
  });
  if (config.retention.horizonMs < span) {
    // The live stories' members reach back this far (renewal bounds them), and a restart replays
    // them from the store: a shorter horizon would delete what a live story still holds.
    throw new ConfigError(
      `retention: the horizon (${config.retention.horizonMs} ms) is shorter than the clustering state's span (${span} ms, 5.5 clustering windows)`,
    );
  }
  config.dataDir = resolve(config.dataDir);
  if (!config.db) config.db = join(config.dataDir, "storyline.db");
  else if (!/^postgres(ql)?:\/\//.test(config.db)) config.db = resolve(config.db);
  if (config.feeds) config.feeds = resolve(config.feeds);
  return config;
}

function flagName(setting: string): string {
  const names: Record<string, string> = { dataDir: "data", feeds: "feeds", db: "db", port: "port" };
  return names[setting] ?? setting;
}

/** The environment variable of every setting, for --help texts and docs. */
export function environmentVariables(): { setting: string; env: string }[] {
  return Object.entries(SETTINGS).map(([setting, s]) => ({ setting, env: s.env }));
}

/** The config without secrets, for logging. */
export function redactConfig(config: Config): Config {
  const db = config.db.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
  return { ...config, db, adminToken: config.adminToken ? "***" : null };
}
