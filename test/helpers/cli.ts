// Running the storyline CLI from tests, the way a user runs it (bin/storyline.js in a child process).
import { execFile } from "node:child_process";

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `storyline ARGS...` from the project folder; resolves with its exit status and output.
 * Asynchronous, so that tests made of a few CLI runs each overlap.
 */
export const runCli = (...args: string[]) =>
  new Promise<CliRun>((resolve) => {
    execFile(process.execPath, ["bin/storyline.js", ...args], (err, stdout, stderr) => {
      const status = err ? (typeof err.code === "number" ? err.code : null) : 0;
      resolve({ status, stdout, stderr });
    });
  });
