// Server-sent events: story lifecycle events as the store records them. One poller reads new
// events from the store (so events written by another process, e.g. a worker, arrive too) and
// fans them out; a client resumes from Last-Event-ID by first catching up from the store.
import type { ServerResponse } from "node:http";
import type { Store, StoryEvent } from "../store/types.ts";
import { eventView } from "./story-data.ts";

interface Client {
  res: ServerResponse;
  cursor: number;
  catchingUp: boolean;
}

const PAGE = 500;

export class EventHub {
  private clients = new Set<Client>();
  private latest = 0;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private polling = false;
  /** Bumped whenever new events are seen: caches keyed on it go stale. */
  version = 0;

  constructor(
    private store: Store,
    private pollMs: number,
    private heartbeatMs: number,
  ) {}

  /** Finds the current end of the event log, then polls it. */
  async start(): Promise<void> {
    this.latest = await this.store.lastEventSeq();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
    this.heartbeat = setInterval(() => this.ping(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }

  get latestSeq(): number {
    return this.latest;
  }

  /** Reads new events now (the pipeline may call this right after committing). */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (;;) {
        const batch = await this.store.eventsAfter(this.latest, PAGE);
        if (batch.length === 0) break;
        this.latest = batch[batch.length - 1].seq;
        this.version++;
        for (const c of this.clients) if (!c.catchingUp) this.send(c, batch);
        if (batch.length < PAGE) break;
      }
    } catch {
      // A failed read is retried on the next tick; clients keep their cursor.
    } finally {
      this.polling = false;
    }
  }

  /** Attaches a response: replays events after `after` (or starts at the end), then streams. */
  async attach(res: ServerResponse, after: number | null): Promise<void> {
    const client: Client = { res, cursor: after ?? this.latest, catchingUp: after !== null };
    this.clients.add(client);
    res.on("close", () => this.clients.delete(client));
    res.write(`retry: 2000\n: connected at seq ${client.cursor}\n\n`);
    while (client.catchingUp && this.clients.has(client)) {
      const batch = await this.store.eventsAfter(client.cursor, PAGE);
      if (batch.length === 0) client.catchingUp = false;
      else this.send(client, batch);
    }
  }

  private send(c: Client, events: StoryEvent[]): void {
    let out = "";
    for (const e of events) {
      if (e.seq <= c.cursor) continue;
      out += `id: ${e.seq}\nevent: story\ndata: ${JSON.stringify(eventView(e))}\n\n`;
      c.cursor = e.seq;
    }
    if (out) c.res.write(out);
  }

  private ping(): void {
    for (const c of this.clients) c.res.write(": heartbeat\n\n");
  }

  get clientCount(): number {
    return this.clients.size;
  }
}
