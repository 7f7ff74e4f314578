// Politeness per host: at most `perHost` requests in flight to one host, and at least
// `minSpacingMs` between the starts of two requests to it. Waiters are served in arrival order.
// (Small and specific enough that a general-purpose queue library would add more than it saves.)

export interface HostBudgetOptions {
  /** Requests in flight to one host at a time (default 2). */
  perHost?: number;
  /** Minimum time between two request starts to one host, ms (default 1000). */
  minSpacingMs?: number;
}

export const HOST_DEFAULTS = { perHost: 2, minSpacingMs: 1000 } as const;

interface HostState {
  active: number;
  lastStart: number;
  queue: { grant: (release: () => void) => void; reject: (err: unknown) => void }[];
  timer: NodeJS.Timeout | null;
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

  /** Waits for a slot on `host`; resolves to the function that gives it back (call it once). */
  acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, lastStart: Number.NEGATIVE_INFINITY, queue: [], timer: null };
      this.hosts.set(host, state);
    }
    const s = state;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter = { grant: resolve, reject };
      s.queue.push(waiter);
      signal?.addEventListener(
        "abort",
        () => {
          const i = s.queue.indexOf(waiter);
          if (i >= 0) {
            s.queue.splice(i, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
      this.pump(host, s);
    });
  }

  /** Requests in flight and waiting per host (for the health report and tests). */
  stats(): Map<string, { active: number; waiting: number }> {
    const out = new Map<string, { active: number; waiting: number }>();
    for (const [host, s] of this.hosts)
      out.set(host, { active: s.active, waiting: s.queue.length });
    return out;
  }

  private pump(host: string, s: HostState): void {
    if (s.timer) return;
    while (s.queue.length > 0 && s.active < this.perHost) {
      const wait = s.lastStart + this.minSpacingMs - Date.now();
      if (wait > 0) {
        s.timer = setTimeout(() => {
          s.timer = null;
          this.pump(host, s);
        }, wait);
        return;
      }
      const waiter = s.queue.shift()!;
      s.active++;
      s.lastStart = Date.now();
      let released = false;
      waiter.grant(() => {
        if (released) return;
        released = true;
        s.active--;
        this.pump(host, s);
      });
    }
    // Forget idle hosts once their spacing has passed, so the map does not grow without end.
    if (s.active === 0 && s.queue.length === 0 && Date.now() - s.lastStart >= this.minSpacingMs) {
      this.hosts.delete(host);
    }
  }
}
