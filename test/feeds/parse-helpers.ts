// Reads a fixture from test/fixtures/feeds and parses it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ParseOptions, parseFeed } from "../../src/feeds/parse/index.ts";
import type { ParsedFeed } from "../../src/feeds/types.ts";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "feeds");

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export function parseFixture(name: string, opts: ParseOptions = {}): ParsedFeed {
  return parseFeed(fixture(name), opts);
}
