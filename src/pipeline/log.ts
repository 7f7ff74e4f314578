// Structured logging: one JSON line per event on stderr (stdout stays free for command output),
// or pino-pretty's readable lines when stderr is a terminal (format "auto") or asked for.
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import type { LogFormat, LogLevel } from "../config.ts";

export type { Logger };

export function createLogger(
  options: { level: LogLevel; format: LogFormat },
  stream: NodeJS.WritableStream = process.stderr,
): Logger {
  const usePretty =
    options.format === "pretty" ||
    (options.format === "auto" && (stream as NodeJS.WriteStream).isTTY === true);
  const destination = usePretty
    ? pretty({ destination: stream, sync: true, colorize: true, translateTime: "HH:MM:ss.l" })
    : stream;
  return pino({ level: options.level, base: { pid: process.pid } }, destination);
}
