// Turns a checked model into the resolved model: concrete, de-duplicated (group, permission
// set, account) triples, expired grants left out, and privilege carried from permission sets
// to the groups that hold them.
import { finding } from "./findings.js";
import { assignmentKey, type Assignment, type Finding, type Group, type ResolvedModel } from "./types.js";
import { cmp } from "./order.js";
import { expiryEnd, hasExpired, laterExpiry } from "./expiry.js";
import type { CheckedModel } from "./validate.js";

/** `now`: epoch ms at which expiry is judged (a grant whose end is at or before it has expired). */
export function resolve(checked: CheckedModel, now: number, findings: Finding[]): ResolvedModel | undefined {
  if (!checked.organization) return undefined;
  const triples = new Map<string, Assignment>();
  const lapsed = new Map<string, Assignment>();
  for (const { entry, accounts } of checked.assignments) {
    const a = entry.value;
    if (a.expires !== undefined && hasExpired(a.expires, now)) {
      findings.push(
        finding("warning", "expired", entry.at(["expires"]), `this grant of ${a.permission_set} to ${a.group} expired on ${a.expires}; it is left out of what is built: remove the assignment`),
      );
      for (const acct of accounts) {
        const t: Assignment = { group: a.group, permissionSet: a.permission_set, accountId: acct.id, accountName: acct.name, expires: a.expires };
        const prev = lapsed.get(assignmentKey(t));
        if (!prev || expiryEnd(prev.expires!) < expiryEnd(a.expires)) lapsed.set(assignmentKey(t), t);
      }
      continue;
    }
    for (const acct of accounts) {
      const t: Assignment = { group: a.group, permissionSet: a.permission_set, accountId: acct.id, accountName: acct.name };
      const key = assignmentKey(t);
      const prev = triples.get(key);
      // Two entries granting the same triple: it lasts as long as the longer-lived one.
      const expires = prev ? laterExpiry(prev.expires, a.expires) : a.expires;
      triples.set(key, expires === undefined ? t : { ...t, expires });
    }
  }
  const byTriple = (x: Assignment, y: Assignment) => cmp(x.group, y.group) || cmp(x.permissionSet, y.permissionSet) || cmp(x.accountId, y.accountId);
  const assignments = [...triples.values()].sort(byTriple);
  // A triple still granted by another, live entry has not expired.
  const expired = [...lapsed.values()].filter((t) => !triples.has(assignmentKey(t))).sort(byTriple);

  const privilegedVia = new Map<string, Set<string>>();
  for (const t of assignments) {
    if (checked.permissionSets.get(t.permissionSet)?.privileged) {
      const set = privilegedVia.get(t.group) ?? new Set<string>();
      set.add(t.permissionSet);
      privilegedVia.set(t.group, set);
    }
  }
  const groups: Group[] = [...checked.groups.values()]
    .map((g) => {
      const reasons = [...(privilegedVia.get(g.value.name) ?? [])].sort(cmp).map((ps) => `holds privileged permission set ${ps}`);
      if (g.value.privileged) reasons.unshift("marked privileged");
      return {
        name: g.value.name,
        ...(g.value.description !== undefined ? { description: g.value.description } : {}),
        source: g.value.source,
        privileged: reasons.length > 0,
        privilegedReasons: reasons,
      };
    })
    .sort((a, b) => cmp(a.name, b.name));

  return {
    organization: checked.organization,
    accounts: [...checked.accounts.accounts],
    groups,
    permissionSets: [...checked.permissionSets.values()].sort((a, b) => cmp(a.name, b.name)),
    assignments,
    ...(expired.length ? { expired } : {}),
  };
}
