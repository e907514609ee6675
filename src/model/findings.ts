// Findings (errors and warnings with a source position) and the three ways they are printed.
import { cmp } from "./order.js";
import { Suggester } from "./suggest.js";
import type { Finding, Severity, SourceRef } from "./types.js";

export function finding(severity: Severity, code: string, at: SourceRef, message: string): Finding {
  return { severity, code, file: at.file, line: at.line, col: at.col, message };
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => cmp(a.file, b.file) || a.line - b.line || a.col - b.col || cmp(a.severity, b.severity) || cmp(a.message, b.message),
  );
}

export type FindingFormat = "text" | "json" | "github";

/** `text`: file:line:col: severity: message; `github`: workflow commands; `json`: a stable list. */
export function formatFindings(findings: readonly Finding[], format: FindingFormat): string {
  const sorted = sortFindings(findings);
  switch (format) {
    case "json":
      return JSON.stringify(sorted.map(({ file, line, col, severity, code, message }) => ({ file, line, col, severity, code, message })), null, 2);
    case "github":
      return sorted
        .map((f) => `::${f.severity === "error" ? "error" : "warning"} file=${ghProperty(f.file)},line=${f.line},col=${f.col}::${ghData(f.message)}`)
        .join("\n");
    case "text":
      return sorted.map((f) => logSafe(`${f.file}:${f.line}:${f.col}: ${f.severity}: ${f.message}`)).join("\n");
  }
}

/**
 * One line that a CI runner prints as text and never reads as a workflow command: control
 * characters (a newline would start a new line) become \uXXXX, the legacy "##[" command marker is
 * broken up, and a line never starts with "::".
 */
export function logSafe(s: string): string {
  const escaped = s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/##\[/g, "#\\u0023[");
  return escaped.startsWith("::") ? `\\u003a${escaped.slice(1)}` : escaped;
}

// GitHub workflow command escaping (see actions/toolkit command.ts).
function ghData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** The closest candidate by edit distance, when it is close enough to be a plausible typo. */
export function didYouMean(input: string, candidates: Iterable<string> | Suggester): string | undefined {
  return (candidates instanceof Suggester ? candidates : new Suggester(candidates)).suggest(input);
}

export function hint(input: string, candidates: Iterable<string> | Suggester): string {
  const s = didYouMean(input, candidates);
  return s === undefined ? "" : ` (did you mean "${s}"?)`;
}
