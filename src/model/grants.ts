// The assignment entries of a model folder as written, each with where it is written: what
// `access expiring` lists (a grant is one YAML entry, however many accounts it selects).
import { existsSync, statSync } from "node:fs";
import { finding, hasErrors, sortFindings } from "./findings.js";
import { loadFiles } from "./load.js";
import { cmp } from "./order.js";
import type { Account, Finding, SourceRef } from "./types.js";
import { validate } from "./validate.js";

export interface Grant {
  group: string;
  permissionSet: string;
  accounts: Account[];
  /** YYYY-MM-DD, the last day the grant is valid; undefined for a grant that never expires. */
  expires?: string;
  /** Where the entry is written (its first key). */
  source: SourceRef;
}

export interface GrantsResult {
  /** Present only when the model is valid. Sorted by expiry, then group and permission set. */
  grants?: Grant[];
  findings: Finding[];
}

export function loadGrants(dir: string): GrantsResult {
  const findings: Finding[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    findings.push(finding("error", "no-model", { file: dir, line: 1, col: 1 }, `model folder ${dir} does not exist; pass --model DIR or create it`));
    return { findings };
  }
  const loaded = loadFiles(dir, findings);
  const checked = validate(loaded, findings);
  const sorted = sortFindings(findings);
  if (hasErrors(sorted) || loaded.files === 0) return { findings: sorted };
  const grants = checked.assignments.map(({ entry, accounts }): Grant => ({
    group: entry.value.group,
    permissionSet: entry.value.permission_set,
    accounts: [...accounts],
    ...(entry.value.expires !== undefined ? { expires: entry.value.expires } : {}),
    source: entry.keyAt([]),
  }));
  grants.sort(
    (a, b) =>
      cmp(a.expires ?? "9999-99-99", b.expires ?? "9999-99-99") ||
      cmp(a.group, b.group) ||
      cmp(a.permissionSet, b.permissionSet) ||
      cmp(a.source.file, b.source.file) ||
      a.source.line - b.source.line,
  );
  return { grants, findings: sorted };
}

/** Grants whose last valid day falls within `days` days from `today` (today itself included). */
export function expiringWithin(grants: readonly Grant[], today: string, days: number): Grant[] {
  const last = addDays(today, days);
  return grants.filter((g) => g.expires !== undefined && g.expires >= today && g.expires <= last);
}

/** YYYY-MM-DD plus `days` calendar days (UTC). */
export function addDays(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}
