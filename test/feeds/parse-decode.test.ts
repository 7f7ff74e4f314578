// decodeBody: which encoding wins when the evidence disagrees.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeBody } from "../../src/feeds/parse/decode.ts";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))),
  );

test("the XML declaration beats the HTTP charset; the BOM beats both", () => {
  const body = bytes('<?xml version="1.0" encoding="iso-8859-2"?><a>', [0xb1], "</a>");
  assert.equal(decodeBody(body, "text/xml; charset=windows-1252").text.includes("ą"), true);
  const bom = bytes(
    [0xef, 0xbb, 0xbf],
    '<?xml version="1.0" encoding="iso-8859-1"?><a>',
    [0xc3, 0xa9],
    "</a>",
  );
  const d = decodeBody(bom, "text/xml; charset=koi8-r");
  assert.equal(d.encoding, "utf-8");
  assert.match(d.text, /<a>é<\/a>/);
  assert.equal(d.text.charCodeAt(0), "<".charCodeAt(0), "BOM removed");
});

test("a UTF-16 declaration on an 8-bit body and an unknown label are ignored", () => {
  const d = decodeBody(
    bytes('<?xml version="1.0" encoding="UTF-16"?><a>caf', [0xc3, 0xa9], "</a>"),
  );
  assert.equal(d.encoding, "utf-8");
  assert.match(d.text, /café/);
  const u = decodeBody(
    bytes('<?xml version="1.0" encoding="x-made-up"?><a>', [0xe9], "</a>"),
    "text/xml; charset=iso-8859-15",
  );
  assert.equal(u.encoding, "iso-8859-15");
  assert.match(u.text, /<a>é<\/a>/);
});

test("mostly UTF-8 with one stray byte stays UTF-8; windows-1252 bytes do not", () => {
  const mostly = bytes("<a>", [0xc3, 0xa9, 0xc3, 0xa8, 0xc3, 0xa0], " x ", [0xff], "</a>");
  const d = decodeBody(mostly);
  assert.equal(d.encoding, "utf-8");
  assert.equal(d.text, "<a>éèà x \ufffd</a>");
  const cp = decodeBody(bytes("<a>", [0x93], "hi", [0x94, 0x20, 0x80, 0x20, 0x97], "</a>"));
  assert.equal(cp.encoding, "windows-1252");
  assert.equal(cp.text, "<a>“hi” € —</a>");
});
