// Strict flag parsing on top of node:util parseArgs: unknown flags and missing values become one
// clear line (UsageError) instead of a stack trace.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./command.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseFlags<T extends Options>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = (err as Error).message.split("\n")[0];
    throw new UsageError(`${msg}\n${usage}`);
  }
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
