// Unicode character classes for the hand-written scanners of text.ts, entities.ts and language.ts. A scanner
// over char codes with a table lookup per character is several times faster than the regular
// expressions it replaces (no match objects, no per-token regex tests), and reads each class from
// the same regular expressions, so it accepts exactly the characters they did.

/** \p{L}: a letter of any script. */
export const LETTER = 1;
/** \p{M}: a combining mark. */
export const MARK = 2;
/** \p{N}: a digit or other number. */
export const NUMBER = 4;
/** \p{Lu}: an upper-case letter. */
export const UPPER = 8;
/** \s (without the u flag): white space. */
export const SPACE = 16;
/** Han, Hiragana, Katakana or Thai: scripts written without spaces between words. */
export const UNSPACED = 32;
/** \p{Ll}: a lower-case letter. */
export const LOWER = 64;
const KNOWN = 128;

const TESTS: [RegExp, number][] = [
  [/^\p{L}$/u, LETTER],
  [/^\p{M}$/u, MARK],
  [/^\p{N}$/u, NUMBER],
  [/^\p{Lu}$/u, UPPER],
  [/^\s$/, SPACE],
  [/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]$/u, UNSPACED],
  [/^\p{Ll}$/u, LOWER],
];

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let c = KNOWN;
  for (const [re, bit] of TESTS) if (re.test(ch)) c |= bit;
  return c;
}

// Classes of the Basic Multilingual Plane, filled as characters are first met (a table of the
// whole plane would cost 65,536 regex tests at start, in every analysis thread); beyond it, a map.
const bmp = new Uint8Array(0x10000);
const astral = new Map<number, number>();

/** The class bits of a code point (a lone surrogate has none). */
export function charClass(cp: number): number {
  if (cp < 0x10000) {
    let c = bmp[cp];
    if (c === 0) {
      c = classify(cp);
      bmp[cp] = c;
    }
    return c;
  }
  let c = astral.get(cp);
  if (c === undefined) {
    c = classify(cp);
    astral.set(cp, c);
  }
  return c;
}

// Any character outside ASCII: NFKC leaves ASCII text as it is, so only such texts need it.
const NON_ASCII = /[^\x00-\x7f]/;

/** NFKC, skipped for ASCII text (which it cannot change). */
export function nfkc(text: string): string {
  return NON_ASCII.test(text) ? text.normalize("NFKC") : text;
}
