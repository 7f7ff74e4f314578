// Feed dates to exact instants, including the broken variants feeds really send.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDate } from "../../src/feeds/parse/dates.ts";
import { parseFixture } from "./parse-helpers.ts";

test("each date form in the fixture parses to its exact instant", () => {
  const got = Object.fromEntries(
    parseFixture("dates-broken.xml").items.map((i) => [i.title, i.published]),
  );
  assert.deepEqual(got, {
    rfc822: "2024-03-05T14:30:00.000Z",
    "named-zone-est": "2024-03-05T19:30:00.000Z",
    "named-zone-pdt": "2024-03-05T21:30:00.000Z",
    "named-zone-cest": "2024-03-05T12:30:00.000Z",
    "missing-seconds": "2024-03-05T12:30:00.000Z",
    "two-digit-year": "2024-03-05T14:30:00.000Z",
    "missing-zone": "2024-03-05T14:30:00.000Z",
    "day-name-mismatch": "2024-03-05T14:30:00.000Z",
    "no-day-name": "2024-03-05T13:30:00.000Z",
    "full-month-name": "2024-03-05T14:30:00.000Z",
    rfc3339: "2024-03-05T09:00:00.000Z",
    "rfc3339-fraction": "2024-03-05T14:30:00.500Z",
    "iso-without-t": "2024-03-05T14:30:00.000Z",
    "iso-no-seconds": "2024-03-05T17:30:00.000Z",
    "us-style-ampm": "2024-03-05T19:30:00.000Z",
    unparseable: null,
  });
});

test("parseDate: more variants and rejections", () => {
  const cases: [string, string | null][] = [
    ["Tue, 05 Mar 2024 14:30:00 UT", "2024-03-05T14:30:00.000Z"],
    ["Tue, 5 Mar 2024 14:30:00 -0500", "2024-03-05T19:30:00.000Z"],
    ["Tue, 05 Mar 99 14:30:00 GMT", "1999-03-05T14:30:00.000Z"],
    ["Tue Mar 05 14:30:00 EST 2024", "2024-03-05T19:30:00.000Z"],
    ["Tue, 05 Mar 2024 14:30:00 GMT+0100", "2024-03-05T13:30:00.000Z"],
    ["05-Mar-2024 14:30:00 +0000", "2024-03-05T14:30:00.000Z"],
    ["2024-03-05T14:30:00+0530", "2024-03-05T09:00:00.000Z"],
    ["2024-03-05", "2024-03-05T00:00:00.000Z"],
    ["  2024-03-05T14:30:00Z  ", "2024-03-05T14:30:00.000Z"],
    ["Sun, 31 Dec 2023 23:59:59 +0100", "2023-12-31T22:59:59.000Z"],
    ["Tue, 05 Mar 2024 12:00 AM EST", "2024-03-05T05:00:00.000Z"],
    ["Wed, 32 Mar 2024 14:30:00 GMT", null],
    ["Tue, 30 Feb 2024 10:00:00 GMT", null],
    ["2024-13-01T00:00:00Z", null],
    ["Tue, 05 Foo 2024 14:30:00 GMT", null],
    ["mardi, 5 mars 2024 14:30:00 +0100", "2024-03-05T13:30:00.000Z"],
    ["Di, 05 Mär 2024 14:30:00 +0100", "2024-03-05T13:30:00.000Z"],
    ["martes, 5 de marzo de 2024 10:00", "2024-03-05T10:00:00.000Z"],
    ["5 dicembre 2023 08:00 CET", "2023-12-05T07:00:00.000Z"],
    ["1709649000", "2024-03-05T14:30:00.000Z"],
    ["1709649000123", "2024-03-05T14:30:00.123Z"],
    ["", null],
    ["yesterday", null],
  ];
  for (const [input, want] of cases) assert.equal(parseDate(input), want, input);
});
