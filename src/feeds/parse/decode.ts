// Bytes -> text for feeds whose encoding is often declared wrongly or not at all.
// Order of evidence: byte-order mark, then the XML declaration, then the HTTP charset, then UTF-8.
// UTF-8 is validated: a legacy-declared body that is really valid UTF-8 is read as UTF-8, and a
// UTF-8 body with invalid bytes falls back to windows-1252 unless it is mostly valid UTF-8.
// Node's TextDecoder (full ICU) knows every WHATWG label (ISO-8859-x, windows-125x, KOI8, GBK...).

export interface Decoded {
  text: string;
  /** WHATWG name of the encoding used, e.g. "utf-8", "windows-1252", "utf-16le". */
  encoding: string;
}

// Node 20's TextDecoder("windows-1252") returns ISO-8859-1 (bytes 0x80-0x9F become C1 controls
// instead of curly quotes, dashes and the euro sign), so that one encoding is decoded here.
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

function decode(dec: TextDecoder, bytes: Uint8Array): string {
  return dec.encoding === "windows-1252" ? decodeWindows1252(bytes) : dec.decode(bytes);
}

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return null;
  }
}

/** The `encoding="..."` of an XML declaration in the first bytes, read as ASCII. */
function xmlDeclaredEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString(
    "latin1",
  );
  const m = /<\?xml[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return m ? m[1] : null;
}

export function httpCharset(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType);
  return m ? m[1] : null;
}

/** Counts well-formed UTF-8 multi-byte sequences and invalid bytes. */
function utf8Stats(b: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c < 0x80) continue;
    const need =
      c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    let ok = need > 0 && i + need < b.length;
    for (let k = 1; ok && k <= need; k++) ok = (b[i + k] & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += need;
    } else invalid++;
  }
  return { valid, invalid };
}

function hasNonAscii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) return true;
  return false;
}

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });
const lossyUtf8 = new TextDecoder("utf-8");

function tryUtf8(b: Uint8Array): string | null {
  try {
    return fatalUtf8.decode(b);
  } catch {
    return null;
  }
}

export function decodeBody(bytes: Uint8Array, contentType?: string | null): Decoded {
  // 1. Byte-order marks (TextDecoder drops the mark itself).
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8Checked(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  }
  // UTF-16 without a mark still starts "<" as two bytes, one of them zero.
  if (bytes[0] === 0x3c && bytes[1] === 0) {
    return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  }
  if (bytes[0] === 0 && bytes[1] === 0x3c) {
    return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  }
  // 2-3. Declarations. The body is 8-bit here, so a declared UTF-16 is wrong and skipped.
  for (const label of [xmlDeclaredEncoding(bytes), httpCharset(contentType)]) {
    if (!label) continue;
    const dec = decoderFor(label);
    if (!dec || dec.encoding.startsWith("utf-16")) continue;
    if (dec.encoding === "utf-8") return decodeUtf8Checked(bytes);
    // A legacy declaration on a body that is valid UTF-8 with non-ASCII text is almost always a
    // mislabelled UTF-8 feed: legacy text is very unlikely to form valid UTF-8 by chance.
    if (hasNonAscii(bytes)) {
      const asUtf8 = tryUtf8(bytes);
      if (asUtf8 !== null) return { text: asUtf8, encoding: "utf-8" };
    }
    return { text: decode(dec, bytes), encoding: dec.encoding };
  }
  // 4. Nothing declared: UTF-8, checked.
  return decodeUtf8Checked(bytes);
}

function decodeUtf8Checked(bytes: Uint8Array): Decoded {
  const strict = tryUtf8(bytes);
  if (strict !== null) return { text: strict, encoding: "utf-8" };
  // Mostly UTF-8 with a few stray bytes: keep UTF-8 (strays become U+FFFD) rather than garble
  // every accented letter; otherwise it is legacy text, and windows-1252 is the web's default.
  const { valid, invalid } = utf8Stats(bytes);
  if (valid > 0 && valid >= invalid * 2)
    return { text: lossyUtf8.decode(bytes), encoding: "utf-8" };
  return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
}
