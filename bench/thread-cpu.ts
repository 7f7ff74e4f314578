// CPU time of the main thread alone, from Linux's /proc: unlike wall time it leaves out the time
// the thread waited for a core, which on a shared machine is most of a run's noise (runs of one
// code minutes apart differed by up to 25% in wall time here).
import { readFileSync } from "node:fs";

/** Clock ticks a second in /proc's figures (USER_HZ: 100 on every Linux this runs on). */
const TICKS = 100;

/** CPU seconds the main thread has run (user and system), or null where /proc is missing. */
export function mainThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // The fields after the command name in parentheses (which may hold spaces): the state
    // first, user and system time the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}
