// An article's own outlet name carries no story identity: "... - The Express Tribune" or "| CNN"
// at the end of a title, "(Reuters)" in a dateline. Left in, they join unrelated articles of one
// outlet on a shared "entity". These helpers find the outlet's name in its own article.

const SOURCE_NOISE = /\((?:[^)]*)\)|\\/g;
const HOST_PREFIX = /^(?:www\d*|m|mobile|edition|news|uk|us|en|amp)\./;

/** Lower-cased names an outlet goes by, from its `source` field: "CNN (Online News)" -> ["cnn"]. */
export function outletNames(source: string | null | undefined): string[] {
  if (!source) return [];
  const s = source.replace(SOURCE_NOISE, " ").trim().toLowerCase();
  if (s === "") return [];
  const names = new Set<string>();
  if (/^[a-z0-9.-]+\.[a-z]{2,}$/.test(s) && !s.includes(" ")) {
    // A host: its main label ("www.theguardian.com" -> "theguardian", also "guardian").
    const labels = s.replace(HOST_PREFIX, "").split(".");
    const main = labels.length > 2 && labels.at(-2)!.length <= 3 ? labels.at(-3)! : labels[0];
    names.add(main);
    if (main.startsWith("the") && main.length > 6) names.add(main.slice(3));
  } else {
    const words = s.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== "");
    names.add(words.join(" "));
    if (words[0] === "the" && words.length > 1) names.add(words.slice(1).join(" "));
  }
  return [...names].filter((n) => n.length >= 2);
}

// A trailing segment after a dash, bar, colon or double colon (spaced): where titles carry outlets.
const TRAILING = /\s+(?:[-–—|:]|::)\s+([^-–—|:]{1,60})$/u;

/**
 * The title without trailing segments that name the article's own outlet ("Storm Elin cuts power
 * - Eastern Tribune" from source "Eastern Tribune"); other segments ("- Scottish study") stay.
 */
export function stripOutlet(title: string, names: readonly string[]): string {
  if (names.length === 0) return title;
  let out = title;
  for (let i = 0; i < 3; i++) {
    const m = TRAILING.exec(out);
    if (!m || !namesOutlet(m[1], names)) break;
    out = out.slice(0, m.index);
  }
  return out;
}

/**
 * Whether a short segment is the outlet's name: its words spell one of the names, or hold a host's
 * main label ("The Express Tribune" for tribune.com.pk).
 */
function namesOutlet(segment: string, names: readonly string[]): boolean {
  const words = segment
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "" && w !== "the");
  if (words.length === 0 || words.length > 5) return false;
  const joined = words.join(" ");
  const glued = words.join("");
  return names.some(
    (n) =>
      n === joined ||
      n.replace(/ /g, "") === glued ||
      (n.length >= 4 && !n.includes(" ") && words.includes(n)),
  );
}
