// Server-sent events in tests: open a server's /api/events stream and wait for its first story event.
import { get } from "node:http";

/** Opens an SSE stream; resolves `connected`, then `event` with the first story event's data. */
export function firstEvent(url: string): {
  connected: Promise<void>;
  event: Promise<{ storyId: string; type: string }>;
} {
  let onConnected: () => void = () => {};
  const connected = new Promise<void>((r) => {
    onConnected = r;
  });
  const event = new Promise<{ storyId: string; type: string }>((resolve, reject) => {
    const req = get(`${url}api/events`, (res) => {
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        if (buf.includes(": connected")) onConnected();
        const m = /event: story\ndata: (.*)\n/.exec(buf);
        if (m) {
          resolve(JSON.parse(m[1]));
          req.destroy();
        }
      });
    });
    req.on("error", reject);
  });
  return { connected, event };
}
