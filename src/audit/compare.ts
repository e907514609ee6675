// What the live Identity Center has that the model does not manage.
import { cmp } from "../model/order.js";
import type { ResolvedModel } from "../model/types.js";
import type { LiveAssignment, LiveIdentityCenter } from "./live.js";

/**
 * Why an assignment is outside the model, most telling reason first:
 *   user                      assigned to a user (the model assigns groups only)
 *   unmanaged-permission-set  of a permission set the model does not define
 *   unknown-group             to a group the model does not define (or the Identity Store does not know)
 *   extra                     a (group, permission set, account) triple of a managed group and
 *                             managed permission set that the model does not grant; the only kind
 *                             `--revoke` deletes, since nothing else can own it
 */
export type UnmanagedKind = "user" | "unmanaged-permission-set" | "unknown-group" | "extra";

export interface UnmanagedAssignment extends LiveAssignment {
  kind: UnmanagedKind;
  accountName?: string;
  revocable: boolean;
}

export interface AuditResult {
  instanceArn: string;
  live: { permissionSets: number; accounts: number; assignments: number };
  unmanaged: UnmanagedAssignment[];
  unmanagedPermissionSets: { name: string; arn: string; accounts: number }[];
  /** Accounts whose role is behind its permission set's latest version (`access provisioning` repairs them). */
  staleProvisioning: { permissionSet: string; accountId: string; accountName?: string }[];
  calls: { total: number; byOperation: Record<string, number> };
}

export function compareWithModel(model: ResolvedModel, live: LiveIdentityCenter): AuditResult {
  const groups = new Set(model.groups.map((g) => g.name));
  const sets = new Set(model.permissionSets.map((p) => p.name));
  const triples = new Set(model.assignments.map((a) => `${a.group}|${a.permissionSet}|${a.accountId}`));
  const accountName = new Map(model.accounts.map((a) => [a.id, a.name]));
  const unmanaged: UnmanagedAssignment[] = [];
  for (const a of live.assignments) {
    let kind: UnmanagedKind | undefined;
    if (a.principalType === "USER") kind = "user";
    else if (!sets.has(a.permissionSet)) kind = "unmanaged-permission-set";
    else if (a.principalName === undefined || !groups.has(a.principalName)) kind = "unknown-group";
    else if (!triples.has(`${a.principalName}|${a.permissionSet}|${a.accountId}`)) kind = "extra";
    if (!kind) continue;
    const name = accountName.get(a.accountId);
    unmanaged.push({ ...a, kind, ...(name ? { accountName: name } : {}), revocable: kind === "extra" });
  }
  unmanaged.sort(
    (x, y) =>
      cmp(x.kind, y.kind) || cmp(x.principalName ?? x.principalId, y.principalName ?? y.principalId) || cmp(x.permissionSet, y.permissionSet) || cmp(x.accountId, y.accountId),
  );
  const byOperation = Object.fromEntries(Object.entries(live.calls).sort(([a], [b]) => cmp(a, b)));
  return {
    instanceArn: live.instanceArn,
    live: {
      permissionSets: live.permissionSets.length,
      accounts: new Set(live.permissionSets.flatMap((p) => p.accounts)).size,
      assignments: live.assignments.length,
    },
    unmanaged,
    unmanagedPermissionSets: live.permissionSets
      .filter((p) => !sets.has(p.name))
      .map((p) => ({ name: p.name, arn: p.arn, accounts: p.accounts.length }))
      .sort((a, b) => cmp(a.name, b.name)),
    staleProvisioning: live.permissionSets.flatMap((p) =>
      p.staleAccounts.map((accountId) => {
        const name = accountName.get(accountId);
        return { permissionSet: p.name, accountId, ...(name ? { accountName: name } : {}) };
      }),
    ),
    calls: { total: Object.values(live.calls).reduce((s, n) => s + n, 0), byOperation },
  };
}

export function isClean(r: AuditResult): boolean {
  return r.unmanaged.length === 0 && r.unmanagedPermissionSets.length === 0 && r.staleProvisioning.length === 0;
}
