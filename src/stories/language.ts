// The language of a text that came without one (a feed with no <language>, a file without `lang`),
// for the choice of stop words and stemmer. Conservative: a language is named only on clear
// evidence, else null and the text is analysed as English, as before this existed.
//
// - Scripts that name their language are read from the letters (Greek, Hebrew, Thai, Korean,
//   Japanese, Chinese, Devanagari; Arabic-script and Cyrillic languages by their own letters).
// - Latin-script languages by their function words: every news sentence has articles,
//   prepositions and conjunctions, and those are what tells German from Dutch or Spanish from
//   Portuguese. A short headline of names ("Merkel in Paris", "Tour de France: stage 5") has too
//   few of them and stays unnamed. Measured against the n-gram detectors eld, tinyld and franc-min
//   (docs/clustering.md, "Languages"): fewer headlines named, but none named wrong nor any English
//   title of foreign names, at a few tens of microseconds a text without a second's load.

import { charClass, LETTER, LOWER, MARK, NUMBER, nfkc, SPACE } from "./chars.ts";
import type { ClusterInput } from "./types.ts";

// Function words per language: the most frequent articles, prepositions, conjunctions, pronouns
// and auxiliaries, written for this detector. A word may belong to several languages; words that
// are also common English words ("war", "son", "plus", "to") are left out of the other lists.
const FUNCTION_WORDS: Record<string, string> = {
  en: "the of and to in for on with at by from is are was were has have had after over as its his her their this that be been will not but who which than into against about an or it he she they we says said per die",
  de: "der die das und in den dem des ein eine einen einem einer eines mit für auf von zu zum zur im an ist nicht nach bei aus sich auch wird werden wurde hat haben sind wie über vor gegen noch dass als es sie er wegen seit um nur bis",
  nl: "de het een van en in op te dat die is met voor niet zijn aan bij naar om ook er door uit wordt nog over tegen na heeft worden werd als maar dan wat",
  fr: "le la les des du de un une et est en dans pour sur au aux avec qui que ne pas sa ses ce cette il elle après contre sont été ont se leur leurs mais ou",
  es: "el la los las de del en y que por para con un una se es al lo su sus tras como más pero sobre este esta contra desde ha han fue entre sin según le",
  it: "il lo la gli le di del della dei delle degli in che per con un una non si al alla nel nella sul sulla da dal dalla dopo anche più sono ha è ed tra fra",
  pt: "os as de do da dos das em no na nos nas que para com um uma por pelo pela ao não se mais após sobre como foi são entre sem seu sua",
  sv: "och att det som en ett på är av för med till den har de inte om var från efter mot vid sig under kan ska blev nya hade",
  da: "og at det som en et på er af for med til den har de ikke om var fra efter mod ved sig under kan skal blev havde",
  no: "og at det som en et på er av for med til den har de ikke om var fra etter mot ved seg under kan skal ble hadde",
  fi: "ja on ei että oli ovat se kun myös joka mutta sekä hän tai jo nyt",
  pl: "na się nie do że jest po od za przez dla ze jak co już",
  cs: "se na je že do jako po ale by od které který jsou",
  ro: "și în de la cu pe al ale din care nu un este pentru după mai sunt fost",
  hu: "az és hogy nem is egy meg van volt de már csak még szerint után",
  tr: "ve bir bu da de için ile mi çok olarak daha sonra gibi kadar olan",
  id: "dan yang di ke dari ini itu untuk dengan tidak akan pada dalam adalah juga",
};

// Elided articles and prepositions of French and Italian ("l'état", "dell'anno") count as the
// function words they are.
const ELISIONS: Record<string, string[]> = {
  fr: ["l'", "d'", "qu'", "n'", "s'", "j'", "c'"],
  it: ["l'", "dell'", "all'", "nell'", "dall'", "sull'", "un'"],
};

// Languages by index, and each function word (or elided head) to the languages it belongs to.
const LANGS = Object.keys(FUNCTION_WORDS);
const EN = LANGS.indexOf("en");
const WORD_LANGS = new Map<string, number[]>();
const addWord = (word: string, lang: string) => {
  const langs = WORD_LANGS.get(word);
  const k = LANGS.indexOf(lang);
  if (!langs) WORD_LANGS.set(word, [k]);
  else if (!langs.includes(k)) langs.push(k);
};
for (const [lang, words] of Object.entries(FUNCTION_WORDS)) {
  for (const w of words.split(" ")) addWord(w, lang);
}
const ELIDED_HEADS = new Map<string, number[]>();
for (const [lang, heads] of Object.entries(ELISIONS)) {
  for (const h of heads) {
    const langs = ELIDED_HEADS.get(h) ?? [];
    langs.push(LANGS.indexOf(lang));
    ELIDED_HEADS.set(h, langs);
  }
}
const ENGLISH = new Set(FUNCTION_WORDS.en.split(" "));

/** Function words the winner needs at least, and how many times the runner-up's count. */
const MIN_WORDS = 2;
const LEAD = 1.5;
/** Characters read at most: the opening of a text tells its language. */
export const DETECT_CHARS = 600;

// A word is a run between white space, without the punctuation around it, made of lower-case
// letters only (with inner apostrophes): "la-la", "de-escalation" or "<em>title" are no evidence,
// nor is a capitalised word: a capitalised article belongs to a name as often as to a sentence
// ("Los Angeles", "Le Pen", "De Niro").
const WORD_CHAR = LETTER | MARK | NUMBER;

/** Words of a text that may be evidence of its language. */
function evidence(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && charClass(text.charCodeAt(i)) & SPACE) i++;
    let a = i;
    while (i < n && (charClass(text.charCodeAt(i)) & SPACE) === 0) i++;
    let b = i;
    while (a < b && (charClass(text.charCodeAt(a)) & WORD_CHAR) === 0) a++;
    while (b > a && (charClass(text.charCodeAt(b - 1)) & WORD_CHAR) === 0) b--;
    if (b - a < 2) continue;
    let curly = false;
    let j = a;
    for (; j < b; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x27 || c === 0x2019) {
        if (j === a || text.charCodeAt(j - 1) === 0x27 || text.charCodeAt(j - 1) === 0x2019) break;
        curly ||= c === 0x2019;
      } else if ((charClass(c) & LOWER) === 0) break;
    }
    if (j < b) continue;
    const word = text.slice(a, b);
    out.push(curly ? word.replace(/’/g, "'") : word);
  }
  return out;
}

/**
 * A Latin-script text's language by its function words, or null: the language with the most
 * distinct ones (at least two, one of which is no English word, more than English has and LEAD
 * times as many as any other language); "en" when English has them that way.
 */
export function languageOfWords(text: string, chars = DETECT_CHARS): string | null {
  // Distinct function words per language, and whether one of them is no English word.
  const counts = new Int32Array(LANGS.length);
  const own = new Uint8Array(LANGS.length);
  const seen = new Set<string>();
  const add = (langs: readonly number[], word: string) => {
    if (seen.has(word)) return;
    seen.add(word);
    const english = ENGLISH.has(word);
    for (const k of langs) {
      counts[k]++;
      if (!english) own[k] = 1;
    }
  };
  for (const word of evidence(text.slice(0, chars))) {
    const langs = WORD_LANGS.get(word);
    if (langs) add(langs, word);
    const q = word.indexOf("'");
    if (q > 0) {
      const head = word.slice(0, q + 1);
      const heads = ELIDED_HEADS.get(head);
      if (heads) add(heads, head);
    }
  }
  const english = counts[EN];
  let best = -1;
  let top = 0;
  let second = 0;
  for (let k = 0; k < LANGS.length; k++) {
    if (k === EN) continue;
    const c = counts[k];
    if (c > top) {
      second = top;
      top = c;
      best = k;
    } else if (c > second) second = c;
  }
  if (best >= 0 && top >= MIN_WORDS && own[best] && top > english && top >= LEAD * second) {
    return LANGS[best];
  }
  return english >= MIN_WORDS && english >= LEAD * top ? "en" : null;
}

// Letters of the scripts that name a language (or a few), by code point range.
const SCRIPTS: [number, number, string][] = [
  [0x0370, 0x03ff, "el"],
  [0x1f00, 0x1fff, "el"],
  [0x0400, 0x052f, "cyrillic"],
  [0x0590, 0x05ff, "he"],
  [0x0600, 0x06ff, "arabic"],
  [0x0750, 0x077f, "arabic"],
  [0x08a0, 0x08ff, "arabic"],
  [0xfb50, 0xfdff, "arabic"],
  [0xfe70, 0xfeff, "arabic"],
  [0x0900, 0x097f, "hi"],
  [0x0e00, 0x0e7f, "th"],
  [0x1100, 0x11ff, "ko"],
  [0x3130, 0x318f, "ko"],
  [0xac00, 0xd7af, "ko"],
  [0x3040, 0x30ff, "ja"],
  [0x31f0, 0x31ff, "ja"],
  [0xff66, 0xff9f, "ja"],
  [0x3400, 0x4dbf, "han"],
  [0x4e00, 0x9fff, "han"],
  [0xf900, 0xfaff, "han"],
];

function scriptOf(code: number): string | null {
  if (code < 0x0370) return null;
  for (const [lo, hi, script] of SCRIPTS) if (code >= lo && code <= hi) return script;
  return null;
}

// Letters that only some languages of a script use.
const UKRAINIAN = /[іїєґ]/i;
const SERBIAN = /[ђћџљњј]/i;
const RUSSIAN = /[ыэё]/i;
const PERSIAN = /[پچژگکی]/;
const URDU = /[ٹڈڑںےھ]/;
const BULGARIAN_WORDS = new Set("се са че със към във това който която които".split(" "));
const RUSSIAN_WORDS = new Set("в не что с по из о как это который для его при".split(" "));

/** Articles of a set sampled for its language, and the characters read of each. */
const SET_SAMPLE = 64;
const SAMPLE_CHARS = 300;

/**
 * A set's articles, those without a language given the one their own text is clearly written in,
 * else the one the set's language-less articles are written in together (sampled across the set:
 * many headlines tell a language better than one, as a feed's items do), else none. A set of
 * English headlines stays English; one of Spanish headlines is read as Spanish throughout, also
 * the headlines too short to tell alone. Articles with a language are returned as they are.
 */
export function withLanguages<T extends ClusterInput>(articles: readonly T[]): T[] {
  const missing = articles.filter((a) => !a.lang);
  if (missing.length === 0) return [...articles];
  const step = Math.max(1, Math.floor(missing.length / SET_SAMPLE));
  let sample = "";
  for (let i = 0; i < missing.length; i += step) {
    sample += `${missing[i].title ?? ""}\n${(missing[i].text ?? "").slice(0, SAMPLE_CHARS)}\n`;
  }
  const chars = SET_SAMPLE * SAMPLE_CHARS;
  const fallback = detectLanguage(nfkc(sample.slice(0, chars)), chars);
  return articles.map((a) => {
    if (a.lang) return a;
    const own = detectLanguage(nfkc(`${a.title ?? ""}\n${(a.text ?? "").slice(0, DETECT_CHARS)}`));
    const lang = own ?? fallback;
    return lang === null ? a : { ...a, lang };
  });
}

/**
 * The language an article is read in, as one key per language: a `lang` value's primary subtag
 * in lower case ("de-AT" -> "de"), English when there is none.
 */
export function languageKey(lang: string | null | undefined): string {
  return (lang || "en").slice(0, 2).toLowerCase();
}

/**
 * The language of an NFKC text, from its script and, for Latin script, its function words; null
 * when the evidence is weak (the caller then treats it as English). Reads its first `chars`.
 */
export function detectLanguage(text: string, chars = DETECT_CHARS): string | null {
  // Characters from "A" on (letters, mostly), and those of each script that names a language.
  const scripts = new Map<string, number>();
  let letters = 0;
  const end = Math.min(text.length, chars);
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x41) continue;
    letters++;
    const script = scriptOf(code);
    if (script) scripts.set(script, (scripts.get(script) ?? 0) + 1);
  }
  let script: string | null = null;
  let most = 0;
  for (const [s, c] of scripts) {
    if (c > most) {
      most = c;
      script = s;
    }
  }
  // Latin text (or too little of another script to say): the function words decide.
  if (script === null || most * 2 < letters) return languageOfWords(text, chars);
  const head = text.slice(0, end);
  switch (script) {
    case "han":
      // Japanese mixes kanji with kana; kana alone already made it "ja".
      return (scripts.get("ja") ?? 0) > 0 ? "ja" : "zh";
    case "cyrillic": {
      if (UKRAINIAN.test(head)) return "uk";
      if (SERBIAN.test(head)) return "sr";
      if (RUSSIAN.test(head)) return "ru";
      // Without the letters only Russian uses, Bulgarian on clear evidence of its own words.
      let bg = 0;
      let ru = 0;
      for (const word of evidence(head)) {
        if (BULGARIAN_WORDS.has(word)) bg++;
        if (RUSSIAN_WORDS.has(word)) ru++;
      }
      return bg >= MIN_WORDS && bg > ru ? "bg" : "ru";
    }
    case "arabic":
      if (URDU.test(head)) return "ur";
      return PERSIAN.test(head) ? "fa" : "ar";
    default:
      return script;
  }
}
