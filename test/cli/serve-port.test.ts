import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

test("storyline serve on a port already in use exits 1 with one line, not a running engine", async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
  const port = (blocker.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), "storyline-serve-"));
  try {
    const child = spawn(
      process.execPath,
      ["bin/storyline.js", "serve", "--port", String(port), "--data", dir],
      { env: { ...process.env, STORYLINE_LOG_LEVEL: "error" } },
    );
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    clearTimeout(killer);
    assert.equal(code, 1, `serve should exit 1 on its own, stderr: ${stderr}`);
    const last = stderr.trim().split("\n").at(-1) ?? "";
    assert.match(last, /^storyline serve: .*(EADDRINUSE|in use)/);
  } finally {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
