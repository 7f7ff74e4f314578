// Strict flag parsing on top of node:util parseArgs: unknown flags and missing values become one
// clear line (UsageError) instead of a stack trace.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./command.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseFlags<T extends Options>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(
      `${flagProblem(err as NodeJS.ErrnoException, argv)} (see ${commandOf(usage)} --help)`,
    );
  }
}

/** "storyline eval" from a usage text starting "Usage: storyline eval ...". */
function commandOf(usage: string): string {
  return /^Usage:\s+(storyline(?:\s+[a-z][\w-]*)?)/.exec(usage)?.[1] ?? "storyline";
}

/** Node's parseArgs errors are long sentences; this says the same in a few words. */
function flagProblem(err: NodeJS.ErrnoException, argv: string[]): string {
  const msg = err.message.split("\n")[0];
  const flag = /'(-{1,2}[^' ]+)/.exec(msg)?.[1];
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag) return `unknown option ${flag}`;
  if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag) {
    if (/argument missing/.test(msg)) return `option ${flag} needs a value`;
    // "--speed -5" or "--out --json": the next word starts with a dash, so it is not taken.
    const next = argv[argv.indexOf(flag) + 1];
    if (/ambiguous/.test(msg) && next)
      return `option ${flag} needs a value ("${next}" looks like an option; write ${flag}=${next} if it is the value)`;
    return `option ${flag} takes no value`;
  }
  return msg;
}

/** Parses a number flag, or throws a UsageError naming the flag. */
export function numberFlag(
  value: string | undefined,
  flag: string,
  fallback: number,
  range: { min?: number; max?: number } = {},
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} expects a number, got "${value}"`);
  if (range.min !== undefined && n < range.min)
    throw new UsageError(`--${flag} must be at least ${range.min}, got ${n}`);
  if (range.max !== undefined && n > range.max)
    throw new UsageError(`--${flag} must be at most ${range.max}, got ${n}`);
  return n;
}

/** Returns the one allowed value of an enumerated flag, or throws a UsageError listing them. */
export function choiceFlag<C extends string>(
  value: string | undefined,
  flag: string,
  choices: readonly C[],
  fallback: C,
): C {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as C;
  throw new UsageError(`--${flag} must be one of ${choices.join(", ")}, got "${value}"`);
}
