// LISTEN/NOTIFY for live events: a trigger on the events table notifies "storyline_events" with
// the highest new seq after every insert (see migrations.ts); a listener holds one dedicated
// connection, reconnects when it drops, and wakes its handler, which then reads eventsAfter.

import type pg from "pg";
import { createClient, type PgTarget } from "./connect.ts";

export const EVENTS_CHANNEL = "storyline_events";

/** Retry delay after the listening connection is lost. */
const RECONNECT_MS = 1000;

/**
 * Calls `onSeq` with the newest seq whenever events are recorded by any process (also once
 * after every reconnect, with 0, so a handler catches up on what it may have missed). Resolves
 * once listening; the returned function stops it.
 */
export async function listenForEvents(
  target: PgTarget,
  onSeq: (seq: number) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = createClient(target, "storyline-listen");
    c.on("notification", (msg) => {
      if (msg.channel === EVENTS_CHANNEL) onSeq(Number(msg.payload ?? 0));
    });
    c.on("error", () => {
      if (client === c) client = null;
      c.end().catch(() => {});
      schedule();
    });
    await c.connect();
    await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    client = c;
  };
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect().then(
        () => onSeq(0),
        () => schedule(),
      );
    }, RECONNECT_MS);
    timer.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = client;
    client = null;
    if (c) await c.end().catch(() => {});
  };
}
