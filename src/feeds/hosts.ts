// Politeness per host: at most `perHost` requests in flight to one host (`acquire`), and at least
// `minSpacingMs` between the starts of two requests to it (`startSlot`, called right before the
// request goes out, so that time spent waiting elsewhere, e.g. for a global fetch slot, cannot
// bunch requests together). Waiters are served in arrival order.
// (Small and specific enough that a general-purpose queue library would add more than it saves.)

export interface HostBudgetOptions {
  /** Requests in flight to one host at a time (default 2). */
  perHost?: number;
  /** Minimum time between two request starts to one host, ms (default 1000). */
  minSpacingMs?: number;
}

export const HOST_DEFAULTS = { perHost: 2, minSpacingMs: 1000 } as const;

interface Waiter {
  grant: (release: () => void) => void;
  reject: (err: unknown) => void;
}

interface HostState {
  active: number;
  /** Start time reserved by the latest request (may lie in the future). */
  nextFree: number;
  queue: Waiter[];
}

/** The key requests are budgeted under: the URL's host name (with port), lower-cased. */
export function hostKey(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}

export class HostBudget {
  readonly perHost: number;
  readonly minSpacingMs: number;
  private readonly hosts = new Map<string, HostState>();

  constructor(options: HostBudgetOptions = {}) {
    this.perHost = Math.max(1, options.perHost ?? HOST_DEFAULTS.perHost);
    this.minSpacingMs = Math.max(0, options.minSpacingMs ?? HOST_DEFAULTS.minSpacingMs);
  }

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { active: 0, nextFree: Number.NEGATIVE_INFINITY, queue: [] };
      this.hosts.set(host, s);
    }
    return s;
  }

  /**
   * Waits for one of the host's `perHost` slots; resolves to the function that gives it back
   * (call it once, when the request is over).
   */
  acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    const s = this.state(host);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        const i = s.queue.indexOf(waiter);
        if (i >= 0) {
          s.queue.splice(i, 1);
          reject(signal?.reason);
        }
      };
      const waiter: Waiter = {
        grant: (release) => {
          // Long-lived signals (a poller's) must not collect one listener per request.
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
        reject,
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      s.queue.push(waiter);
      this.pump(host, s);
    });
  }

  /**
   * Reserves the next start time on `host` (at least minSpacingMs after the previous one) and
   * resolves at that time: call it right before sending the request.
   */
  startSlot(host: string, signal?: AbortSignal): Promise<void> {
    const s = this.state(host);
    const now = Date.now();
    const at = Math.max(now, s.nextFree);
    s.nextFree = at + this.minSpacingMs;
    const wait = at - now;
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, wait);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Requests in flight and waiting per host (for the health report and tests). */
  stats(): Map<string, { active: number; waiting: number }> {
    const out = new Map<string, { active: number; waiting: number }>();
    for (const [host, s] of this.hosts) {
      out.set(host, { active: s.active, waiting: s.queue.length });
    }
    return out;
  }

  private pump(host: string, s: HostState): void {
    while (s.queue.length > 0 && s.active < this.perHost) {
      const waiter = s.queue.shift()!;
      s.active++;
      let released = false;
      waiter.grant(() => {
        if (released) return;
        released = true;
        s.active--;
        this.pump(host, s);
      });
    }
    // Forget idle hosts once their spacing has passed, so the map does not grow without end.
    if (s.active === 0 && s.queue.length === 0 && Date.now() >= s.nextFree) {
      this.hosts.delete(host);
    }
  }
}
