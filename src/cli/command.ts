// The shape of one CLI command. Each file in src/cli/commands/ default-exports one.

export interface Command {
  name: string;
  /** One line for `storyline --help`. */
  summary: string;
  /** Full usage text for `storyline NAME --help`. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** An error whose message is shown to the user as one line, without a stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}
