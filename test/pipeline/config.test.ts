import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { test } from "node:test";
import { ConfigError, loadConfig, parseDuration } from "../../src/config.ts";
import { createLogger } from "../../src/pipeline/log.ts";

const dir = mkdtempSync(join(tmpdir(), "storyline-config-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test("defaults < config file < environment < flags", () => {
  const base = loadConfig({ env: {} });
  assert.equal(base.port, 8080);
  assert.equal(base.db, join(base.dataDir, "storyline.db"));
  assert.equal(base.allowPrivate, false);

  const cfg = file(
    "a.json",
    JSON.stringify({
      port: 9000,
      dataDir: dir,
      poll: { minIntervalMs: "30s", maxIntervalMs: 600000 },
      clustering: { windowMs: "2d" },
    }),
  );
  const fromFile = loadConfig({ configFile: cfg, env: {} });
  assert.equal(fromFile.port, 9000);
  assert.equal(fromFile.dataDir, dir);
  assert.equal(fromFile.db, join(dir, "storyline.db"));
  assert.equal(fromFile.poll.minIntervalMs, 30_000);
  assert.equal(fromFile.poll.maxIntervalMs, 600_000);
  assert.equal(fromFile.clustering.windowMs, 2 * 86_400_000);

  const env = {
    STORYLINE_CONFIG: cfg,
    STORYLINE_PORT: "9100",
    STORYLINE_ALLOW_PRIVATE: "true",
    STORYLINE_DB: "postgres://u:secret@h/db",
  };
  const fromEnv = loadConfig({ env });
  assert.equal(fromEnv.port, 9100);
  assert.equal(fromEnv.allowPrivate, true);
  assert.equal(fromEnv.db, "postgres://u:secret@h/db");

  const fromFlags = loadConfig({ env, flags: { port: "0", dataDir: join(dir, "other") } });
  assert.equal(fromFlags.port, 0);
  assert.equal(fromFlags.dataDir, join(dir, "other"));
  assert.equal(fromFlags.poll.minIntervalMs, 30_000);
});

test("bad values are one-line errors naming where they came from", () => {
  const cases: [() => unknown, RegExp][] = [
    [
      () => loadConfig({ env: { STORYLINE_PORT: "http" } }),
      /^STORYLINE_PORT: expected a whole number from 0 to 65535, got "http"$/,
    ],
    [
      () => loadConfig({ env: { STORYLINE_POLL_MIN: "300" } }),
      /^STORYLINE_POLL_MIN: expected a duration/,
    ],
    [() => loadConfig({ env: {}, flags: { port: "70000" } }), /^--port: expected a whole number/],
    [
      () => loadConfig({ env: {}, configFile: file("b.json", '{"pol": {}}') }),
      /unknown setting "pol"$/,
    ],
    [() => loadConfig({ env: {}, configFile: file("c.json", "{port: 1") }), /not valid JSON/],
    [() => loadConfig({ env: {}, configFile: join(dir, "missing.json") }), /missing.json: ENOENT$/],
    [
      () => loadConfig({ env: { STORYLINE_POLL_MIN: "2h", STORYLINE_POLL_MAX: "1h" } }),
      /minimum interval .* is above the maximum/,
    ],
    [() => loadConfig({ env: { STORYLINE_ADMIN_TOKEN: "short" } }), /at least 16 characters/],
    [() => loadConfig({ env: { STORYLINE_LOG_LEVEL: "loud" } }), /expected one of trace, debug/],
    // The default window is 4 days, and live stories hold members up to 5.5 windows old (three,
    // and up to 2.5 more before a story's first renewal).
    [
      () => loadConfig({ env: { STORYLINE_RETENTION: "21d" } }),
      /^retention: the horizon \(1814400000 ms\) is shorter than the clustering state's span \(1900800000 ms/,
    ],
    [
      () => loadConfig({ env: { STORYLINE_WINDOW: "1d", STORYLINE_RETENTION: "5d" } }),
      /shorter than the clustering state's span \(475200000 ms/,
    ],
  ];
  for (const [fn, re] of cases) {
    assert.throws(fn, (err: Error) => {
      assert.ok(err instanceof ConfigError, String(err));
      assert.equal(err.message.split("\n").length, 1);
      assert.match(err.message, re);
      return true;
    });
  }
  // Event granularity's window is 2 days, so 11 days of articles cover its state; so do 5.5 of 1-day windows.
  assert.equal(
    loadConfig({ env: { STORYLINE_RETENTION: "11d", STORYLINE_GRANULARITY: "event" } }).retention
      .horizonMs,
    11 * 86_400_000,
  );
  assert.equal(
    loadConfig({ env: { STORYLINE_WINDOW: "1d", STORYLINE_RETENTION: "5.5d" } }).retention
      .horizonMs,
    5.5 * 86_400_000,
  );
  assert.equal(parseDuration("250ms", "x"), 250);
  assert.equal(parseDuration("1.5h", "x"), 5_400_000);
});

test("the logger writes one JSON line per event", () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      cb();
    },
  });
  const log = createLogger({ level: "info", format: "json" }, sink);
  log.info({ feeds: 3 }, "engine started");
  log.debug("hidden");
  assert.equal(lines.length, 1);
  const rec = JSON.parse(lines[0]);
  assert.equal(rec.msg, "engine started");
  assert.equal(rec.feeds, 3);
  assert.equal(rec.level, 30);
});
