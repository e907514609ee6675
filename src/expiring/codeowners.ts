// Who owns a file according to GitHub's CODEOWNERS: gitignore-style patterns (through the
// `ignore` library), the LAST matching line wins, a line without owners un-owns the path.
import ignore from "ignore";

export interface CodeownersRule {
  pattern: string;
  owners: string[];
}

export function parseCodeowners(text: string): CodeownersRule[] {
  return text.split("\n").flatMap((raw) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) return [];
    const [pattern, ...owners] = line.split(/\s+/);
    return [{ pattern: pattern!, owners }];
  });
}

/** Owners of `path` (relative to the repository root, forward slashes). */
export function ownersOf(rules: readonly CodeownersRule[], path: string): string[] {
  const rel = path.replace(/^\.\//, "");
  // A file outside the repository (or an absolute path) has no owners here.
  if (rel.startsWith("/") || rel === ".." || rel.startsWith("../")) return [];
  for (let i = rules.length - 1; i >= 0; i--) {
    const r = rules[i]!;
    if (ignore().add(r.pattern).ignores(rel)) return r.owners;
  }
  return [];
}
