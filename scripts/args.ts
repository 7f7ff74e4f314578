// Flags of a bench/ or scripts/ script: node's parseArgs, plus `--help` printing the script's
// usage, and a one-line message with exit status 2 (instead of a stack trace) for an unknown flag,
// a missing value, a wrong number of arguments or a number out of range.
import { basename, dirname } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The script's flags and its arguments (`args`: how many it takes, none by default). */
export function scriptArgs<const O extends Options>(
  script: string,
  usage: string,
  options: O,
  args: { min: number; max: number } = { min: 0, max: 0 },
) {
  if (process.argv.includes("--help")) {
    console.log(`usage: ${usage}`);
    process.exit(0);
  }
  let parsed: ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ options, strict: true, allowPositionals: args.max > 0 });
  } catch (e) {
    // parseArgs explains over several lines; its first sentence names the flag.
    const message = String((e as Error).message);
    const first = message.split(/(?<=\.)\s/)[0].replace(/\.$/, "");
    const hint = message.includes("ambiguous")
      ? "write --flag=VALUE for a value starting with '-'"
      : "--help lists the options";
    return usageError(script, `${first} (${hint})`);
  }
  const n = parsed.positionals.length;
  if (n < args.min || n > args.max) {
    const count = args.min === args.max ? `${args.min}` : `${args.min} to ${args.max}`;
    const noun = args.max === 1 ? "argument" : "arguments";
    usageError(script, `takes ${count} ${noun}, got ${n} (usage: ${usage})`);
  }
  return parsed;
}

/** `scriptArgs` of a script that takes no arguments: its flags. */
export function scriptFlags<const O extends Options>(script: string, usage: string, options: O) {
  return scriptArgs(script, usage, options).values;
}

/** A flag's value as an integer of at least `min`, or a one-line error naming the flag. */
export function intFlag(script: string, flag: string, value: string | undefined, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    usageError(script, `--${flag} expects an integer >= ${min}, got "${value}"`);
  }
  return n;
}

/**
 * Exits with status 2 after one line naming the script by its folder and file
 * (`bench/cluster.ts`, `scripts/eval-dev.ts`) and what was wrong.
 */
export function usageError(script: string, message: string): never {
  console.error(`${basename(dirname(script))}/${basename(script)}: ${message}`);
  process.exit(2);
}
