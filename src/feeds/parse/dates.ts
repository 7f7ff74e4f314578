// Feed dates as instants. Accepts RFC 3339/ISO 8601 and RFC 822 plus what real feeds emit:
// named zones (EST, PDT, CEST...), missing seconds, two-digit years, no zone (taken as UTC),
// ISO with a space instead of "T", day names that do not match the date (ignored), full month
// names, AM/PM, "GMT+0100", epoch seconds. Unparseable input gives null, never a guess from the
// local clock.

const MONTHS: Record<string, number> = {
  // Portuguese, Italian and Dutch abbreviations that differ from the ones below
  fev: 2,
  gen: 1,
  mag: 5,
  giu: 6,
  lug: 7,
  ott: 10,
  mrt: 3,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // a few non-English abbreviations seen in feeds
  mär: 3,
  mrz: 3,
  mai: 5,
  okt: 10,
  dez: 12,
  janv: 1,
  févr: 2,
  fevr: 2,
  avr: 4,
  juil: 7,
  déc: 12,
  ene: 1,
  abr: 4,
  ago: 8,
  dic: 12,
  set: 9,
  out: 10,
};

/** Offsets in minutes east of UTC. IST is taken as India, the common case in news feeds. */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  edt: -240,
  est: -300,
  cdt: -300,
  cst: -360,
  mdt: -360,
  mst: -420,
  pdt: -420,
  pst: -480,
  akdt: -480,
  akst: -540,
  hst: -600,
  adt: -180,
  ast: -240,
  ndt: -150,
  nst: -210,
  bst: 60,
  west: 60,
  cet: 60,
  met: 60,
  mez: 60,
  cest: 120,
  mest: 120,
  mesz: 120,
  eet: 120,
  eest: 180,
  sast: 120,
  msk: 180,
  ist: 330,
  pkt: 300,
  ict: 420,
  wib: 420,
  sgt: 480,
  hkt: 480,
  pht: 480,
  awst: 480,
  cst8: 480,
  jst: 540,
  kst: 540,
  acst: 570,
  aest: 600,
  acdt: 630,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
  brt: -180,
  art: -180,
};

function twoDigitYear(y: number, digits: number): number {
  if (digits === 2) return y < 50 ? 2000 + y : 1900 + y;
  if (digits === 3) return 1900 + y; // JavaScript getYear() output, e.g. 124 for 2024
  return y;
}

/** "+0100", "+01:00", "-5", "Z", "EST", "GMT+1", "UTC-05:30" -> minutes east, or null. */
function zoneOffset(z: string | undefined): number | null {
  if (!z) return 0; // no zone: UTC
  const s = z.trim().toLowerCase();
  if (s === "") return 0;
  const num = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(s);
  if (num) {
    const mins = Number(num[2]) * 60 + Number(num[3] ?? 0);
    if (Number(num[2]) > 14 || Number(num[3] ?? 0) > 59) return null;
    return num[1] === "-" ? -mins : mins;
  }
  const named = ZONES[s];
  if (named !== undefined) return named;
  // Military single letters other than Z are too often wrong in practice: treat as UTC.
  if (/^[a-y]$/.test(s)) return 0;
  return null;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number | null,
): string | null {
  if (offset === null) return null;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > days) return null;
  if (y < 1970 - 100 || y > 9999) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offset * 60_000;
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

const ISO =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:(?:T|\s+|T\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)?$/i;

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s*([AaPp])\.?[Mm]\.?)?`;
const ZONE = String.raw`(?:\s*\(?([+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5}(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)\)?)?`;
// 05 Mar 2024 14:30:00 +0100   (day first, the RFC 822 order)
const DMY = new RegExp(
  String.raw`^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([A-Za-zéäû]{3,})\.?,?[\s\-/.]+(\d{2,4})(?:,?\s+(?:at\s+)?${TIME}${ZONE})?$`,
);
// Mar 5, 2024 2:30 PM EST   (month first)
const MDY = new RegExp(
  String.raw`^([A-Za-zéäû]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{2,4})(?:,?\s+(?:at\s+)?${TIME}${ZONE})?$`,
);
// Tue Mar 05 14:30:00 EST 2024   (ctime / Java Date.toString)
const CTIME = new RegExp(
  String.raw`^([A-Za-z]{3,})\s+(\d{1,2})\s+${TIME}(?:\s+([A-Za-z]{1,5}|[+-]\d{4}))?\s+(\d{4})$`,
);

function month(name: string): number | null {
  const n = name.toLowerCase();
  return MONTHS[n] ?? MONTHS[n.slice(0, 3)] ?? MONTHS[n.slice(0, 4)] ?? null;
}

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === "p";
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}

/** Parses a feed date to an ISO 8601 instant ("2024-03-05T13:30:00.000Z"), or null. */
export function parseDate(input: string | null | undefined): string | null {
  if (!input) return null;
  let s = input.trim().replace(/\s+/g, " ");
  if (!s) return null;

  // Epoch seconds or milliseconds, written by a few generators.
  if (/^\d{10}$|^\d{13}$/.test(s))
    return new Date(Number(s) * (s.length === 10 ? 1000 : 1)).toISOString();

  const iso = ISO.exec(s);
  if (iso) {
    const ms = iso[7] ? Math.round(Number(`0.${iso[7]}`) * 1000) : 0;
    return build(
      Number(iso[1]),
      Number(iso[2]),
      Number(iso[3]),
      Number(iso[4] ?? 0),
      Number(iso[5] ?? 0),
      Number(iso[6] ?? 0),
      Math.min(ms, 999),
      zoneOffset(iso[8]),
    );
  }

  // Drop a leading day name ("Tue,", "Tuesday", "Tues.", "mardi,", "Di.,") whatever day it claims.
  s = s.replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*|^\p{L}+\.?,\s*/iu, "");
  // Spanish and Portuguese "5 de marzo de 2024"
  s = s.replace(/(\d)\s+de\s+(\p{L}+)\.?\s+de\s+(\d)/iu, "$1 $2 $3");

  const dmy = DMY.exec(s);
  if (dmy) {
    const mo = month(dmy[2]);
    if (mo === null) return null;
    return build(
      twoDigitYear(Number(dmy[3]), dmy[3].length),
      mo,
      Number(dmy[1]),
      hour12(Number(dmy[4] ?? 0), dmy[7]),
      Number(dmy[5] ?? 0),
      Number(dmy[6] ?? 0),
      0,
      zoneOffset(dmy[8]?.replace(/\s+/g, "")),
    );
  }
  const mdy = MDY.exec(s);
  if (mdy) {
    const mo = month(mdy[1]);
    if (mo === null) return null;
    return build(
      twoDigitYear(Number(mdy[3]), mdy[3].length),
      mo,
      Number(mdy[2]),
      hour12(Number(mdy[4] ?? 0), mdy[7]),
      Number(mdy[5] ?? 0),
      Number(mdy[6] ?? 0),
      0,
      zoneOffset(mdy[8]?.replace(/\s+/g, "")),
    );
  }
  const ct = CTIME.exec(s);
  if (ct) {
    const mo = month(ct[1]);
    if (mo === null) return null;
    return build(
      Number(ct[8]),
      mo,
      Number(ct[2]),
      hour12(Number(ct[3]), ct[6]),
      Number(ct[4]),
      Number(ct[5] ?? 0),
      0,
      zoneOffset(ct[7]),
    );
  }
  return null;
}
