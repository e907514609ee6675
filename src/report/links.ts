// Where a "file:line" in a report points: a web URL (e.g. the repository at the reported commit)
// when a prefix is given, else the file relative to the report itself.
import { dirname, relative, resolve, sep } from "node:path";
import type { SourceRef } from "../model/types.js";

export type SourceLink = (ref: SourceRef) => string;

/** `https://github.com/o/r/blob/<sha>/` + file + `#L<line>` (GitHub's line anchor). */
export function webSourceLink(prefix: string): SourceLink {
  const base = prefix.endsWith("/") ? prefix : `${prefix}/`;
  return (ref) => `${base}${toUrlPath(ref.file)}#L${ref.line}`;
}

/** A path from the folder the report is written to, so the link works when both are checked out. */
export function relativeSourceLink(reportFile: string): SourceLink {
  const from = dirname(resolve(reportFile));
  return (ref) => `${toUrlPath(relative(from, resolve(ref.file)))}#L${ref.line}`;
}

function toUrlPath(p: string): string {
  return p.split(sep).join("/").split("/").map(encodeURIComponent).join("/");
}
