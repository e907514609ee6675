// The assignment entries of a model folder as written, each with where it is written: what
// `access expiring` lists (a grant is one YAML entry, however many accounts it selects).
import { existsSync, statSync } from "node:fs";
import { finding, hasErrors, sortFindings } from "./findings.js";
import { loadFiles } from "./load.js";
import { cmp } from "./order.js";
import { dayOf, expiryEnd, readMoment } from "./expiry.js";
import type { RawSelector } from "./schema.js";
import type { Account, Finding, SourceRef } from "./types.js";
import { validate } from "./validate.js";

export interface Grant {
  group: string;
  permissionSet: string;
  accounts: Account[];
  /** YYYY-MM-DD (the last valid day) or YYYY-MM-DDTHH:00Z (when it ends); undefined: never expires. */
  expires?: string;
  /** Where the entry is written (its first key). */
  source: SourceRef;
  /** The entry's `accounts` selector as written: `all`, a list, or { ou, tags, except }. */
  selector: RawSelector;
  allowManagementAccount?: boolean;
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
    selector: entry.value.accounts,
    ...(entry.value.allow_management_account !== undefined ? { allowManagementAccount: entry.value.allow_management_account } : {}),
  }));
  grants.sort(
    (a, b) =>
      endOf(a) - endOf(b) ||
      cmp(a.group, b.group) ||
      cmp(a.permissionSet, b.permissionSet) ||
      cmp(a.source.file, b.source.file) ||
      a.source.line - b.source.line,
  );
  return { grants, findings: sorted };
}

// Sorts never-expiring grants last; a finite number keeps the comparator from returning NaN.
const endOf = (g: Grant) => (g.expires === undefined ? Number.MAX_SAFE_INTEGER : expiryEnd(g.expires));

/**
 * Grants still valid at `now` (a day or an instant) that end within `days` days: with a day for
 * `now`, those whose last valid day is from today to today + days.
 */
export function expiringWithin(grants: readonly Grant[], now: string, days: number): Grant[] {
  const read = readMoment(now);
  if ("problem" in read) throw new Error(read.problem);
  const horizon = read.ms + (days + 1) * 86_400_000;
  return grants.filter((g) => g.expires !== undefined && expiryEnd(g.expires) > read.ms && expiryEnd(g.expires) <= horizon);
}

/** YYYY-MM-DD plus `days` calendar days (UTC); an instant counts from its UTC day. */
export function addDays(day: string, days: number): string {
  const read = readMoment(day);
  if ("problem" in read) throw new Error(read.problem);
  return dayOf(read.ms + days * 86_400_000);
}
