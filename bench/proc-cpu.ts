// CPU time from Linux's /proc, for the benchmarks: a process's (bench/scale.ts, the PostgreSQL
// server) or the main thread's alone (bench/cluster.ts). Unlike wall time, a thread's CPU time
// leaves out the time it waited for a core, which on a shared machine is most of a run's noise
// (runs of one code minutes apart differed by up to 25% in wall time here).
import { readFileSync } from "node:fs";

/** Clock ticks a second in /proc's figures (USER_HZ: 100 on every Linux this runs on). */
const TICKS = 100;

/**
 * CPU seconds (user + system) in a /proc `stat` file, with those of the children it waited for
 * when asked; null when the file cannot be read (not Linux, the process gone).
 */
export function statCpu(path: string, withChildren = false): number | null {
  try {
    const stat = readFileSync(path, "utf8");
    // After the command name in parentheses (which may hold spaces), fields 14-17 of proc(5)
    // (utime, stime, cutime, cstime) are the 12th to 15th.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks =
      Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    return ticks / TICKS;
  } catch {
    return null;
  }
}

/** CPU seconds the main thread has run (user and system), or null where /proc is missing. */
export function mainThreadCpu(): number | null {
  return statCpu(`/proc/self/task/${process.pid}/stat`);
}
