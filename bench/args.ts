// Flags of a benchmark script: node's parseArgs, plus `--help` printing the script's usage, and a
// one-line message with exit status 2 (instead of a stack trace) for an unknown flag, a missing
// value or a number out of range.
import { basename } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function benchArgs<const O extends Options>(script: string, usage: string, options: O) {
  const name = `bench/${basename(script)}`;
  if (process.argv.includes("--help")) {
    console.log(`usage: ${usage}`);
    process.exit(0);
  }
  try {
    return parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    // parseArgs explains over several lines; its first sentence names the flag.
    const message = String((e as Error).message);
    const first = message.split(/(?<=\.)\s/)[0];
    const hint = message.includes("ambiguous")
      ? "write --flag=VALUE for a value starting with '-'"
      : "--help lists the options";
    return usageError(name, `${first} (${hint})`);
  }
}

/** A flag's value as an integer of at least `min`, or a one-line error naming the flag. */
export function intFlag(script: string, flag: string, value: string | undefined, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    usageError(
      `bench/${basename(script)}`,
      `--${flag} expects an integer >= ${min}, got "${value}"`,
    );
  }
  return n;
}

function usageError(name: string, message: string): never {
  console.error(`${name}: ${message}`);
  process.exit(2);
}
