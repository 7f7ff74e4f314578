// `storyline`: one command per operation. Commands live in src/cli/commands/, one file each,
// and are found by listing that folder, so adding a command touches no other file.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Command, UsageError } from "./command.ts";
import { applyHeapFlags } from "./heap.ts";

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), "commands");

async function loadCommand(file: string): Promise<Command> {
  const mod = (await import(pathToFileURL(join(commandsDir, file)).href)) as { default: Command };
  return mod.default;
}

/** All commands, for the help page (importing every command costs a second or more). */
async function loadCommands(): Promise<Map<string, Command>> {
  const files = readdirSync(commandsDir)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  const map = new Map<string, Command>();
  for (const f of files) {
    const cmd = await loadCommand(f);
    map.set(cmd.name, cmd);
  }
  return map;
}

/** The one command asked for: its file is named after it, so only that module is loaded. */
async function findCommand(name: string): Promise<Command | undefined> {
  if (!/^[a-z][a-z-]*$/.test(name) || !existsSync(join(commandsDir, `${name}.ts`)))
    return undefined;
  return loadCommand(`${name}.ts`);
}

function help(commands: Map<string, Command>): string {
  const width = Math.max(...[...commands.keys()].map((k) => k.length), 4);
  const lines = [...commands.values()].map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "storyline: turns news feeds into stories",
    "",
    "Usage: storyline <command> [options]   (storyline <command> --help for its options)",
    "",
    "Commands:",
    ...lines,
    "",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  // "storyline help cluster" is "storyline cluster --help".
  const [name, ...rest] = argv[0] === "help" && argv.length > 1 ? [argv[1], "--help"] : argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(help(await loadCommands()));
    return 0;
  }
  if (name === "--version" || name === "-v") {
    const { createRequire } = await import("node:module");
    const pkg = createRequire(import.meta.url)("../../package.json") as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const cmd = await findCommand(name);
  if (!cmd) {
    process.stderr.write(`storyline: unknown command "${name}" (try storyline --help)\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${cmd.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`storyline ${name}: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    const msg =
      e.code === "ENOENT" && e.path ? `no such file: ${e.path}` : (e.message ?? String(e));
    process.stderr.write(`storyline ${name}: ${msg.split("\n")[0]}\n`);
    if (process.env.STORYLINE_DEBUG) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

applyHeapFlags();
process.exitCode = await main(process.argv.slice(2));
