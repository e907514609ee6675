// Granted and revoked (group, permission set, account) triples between two resolved models.
import { cmp } from "../model/order.js";
import { assignmentKey, type Assignment } from "../model/types.js";
import type { AccessTriple } from "./types.js";

export function toTriple(a: Assignment): AccessTriple {
  return { group: a.group, permission_set: a.permissionSet, account_id: a.accountId, account_name: a.accountName };
}

export function compareTriples(a: AccessTriple, b: AccessTriple): number {
  return cmp(a.group, b.group) || cmp(a.permission_set, b.permission_set) || cmp(a.account_id, b.account_id);
}

/** Triples present in `to` and not in `from`, sorted by group, permission set, account id. */
export function tripleDifference(from: readonly Assignment[], to: readonly Assignment[]): AccessTriple[] {
  const known = new Set(from.map(assignmentKey));
  return to.filter((a) => !known.has(assignmentKey(a))).map(toTriple).sort(compareTriples);
}

export interface TripleGroup {
  group: string;
  permission_set: string;
  accounts: { id: string; name: string }[];
}

/** Folds triples into one entry per (group, permission set), accounts in id order. */
export function groupTriples(triples: readonly AccessTriple[]): TripleGroup[] {
  const byPair = new Map<string, TripleGroup>();
  for (const t of [...triples].sort(compareTriples)) {
    const key = `${t.group}|${t.permission_set}`;
    let entry = byPair.get(key);
    if (!entry) {
      entry = { group: t.group, permission_set: t.permission_set, accounts: [] };
      byPair.set(key, entry);
    }
    entry.accounts.push({ id: t.account_id, name: t.account_name });
  }
  return [...byPair.values()];
}
