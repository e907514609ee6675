// --changed-files: the repository paths a change touches (git diff --name-only), one per line.
import { readFileSync } from "node:fs";
import { UsageError } from "./errors.js";

/** Paths from a --changed-files file: one per line, blank lines ignored. */
export function readChangedFiles(file: string | undefined): string[] | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`--changed-files: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
}
