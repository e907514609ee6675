// Who owns a file by CODEOWNERS: gitignore-style patterns (matched with the `ignore` package),
// the last matching line wins, and a matching line without owners means nobody owns the file.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ignore from "ignore";

export interface CodeownersRule {
  line: number;
  pattern: string;
  owners: string[];
}

/** Where GitHub looks, in its order. */
export const CODEOWNERS_LOCATIONS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

export function findCodeowners(root: string): string | undefined {
  return CODEOWNERS_LOCATIONS.map((p) => join(root, p)).find((p) => existsSync(p));
}

export function parseCodeowners(text: string): CodeownersRule[] {
  return text.split(/\r?\n/).flatMap((raw, i) => {
    // `#` starts a comment unless escaped (\#).
    const line = raw.replace(/(^|[^\\])#.*$/, "$1").trim();
    if (!line) return [];
    const [pattern, ...owners] = line.split(/\s+/);
    return [{ line: i + 1, pattern: pattern!, owners }];
  });
}

export function readCodeowners(file: string): CodeownersRule[] {
  return parseCodeowners(readFileSync(file, "utf8"));
}

/** Owners of a repository-relative path (forward slashes, no leading slash). */
export function ownersOf(rules: readonly CodeownersRule[], path: string): string[] {
  const clean = path.replace(/\\/g, "/").replace(/^\.?\//, "");
  // A file outside the repository has no owners here.
  if (clean === ".." || clean.startsWith("../")) return [];
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i]!;
    if (ignore().add(rule.pattern).ignores(clean)) return rule.owners;
  }
  return [];
}
