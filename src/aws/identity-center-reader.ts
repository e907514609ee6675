// Reads, read-only and every page of it, what Identity Center holds: permission sets with all
// their attributes, where each is provisioned, every account assignment, and the display names of
// the groups the assignments name.
import { DescribeGroupCommand, type IdentitystoreClient } from "@aws-sdk/client-identitystore";
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  paginateListAccountAssignments,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListInstances,
  paginateListManagedPoliciesInPermissionSet,
  paginateListPermissionSets,
  paginateListTagsForResource,
  type SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import type { LiveAssignment, LiveIdentityCenter, LivePermissionSet } from "../import/estate.js";
import { cmp } from "../model/order.js";
import type { PermissionsBoundary } from "../model/types.js";
import { mapLimit } from "./clients.js";
import { classifyAwsError } from "./errors.js";

export interface IdentityCenterTarget {
  region: string;
  instanceArn?: string;
  identityStoreId?: string;
}

/** Lookups in flight at once: Identity Center's APIs share a low request rate per account. */
const CONCURRENCY = 4;

type Log = (line: string) => void;

export async function findInstance(sso: SSOAdminClient, target: IdentityCenterTarget): Promise<{ instanceArn: string; identityStoreId: string }> {
  const instances = [];
  for await (const page of paginateListInstances({ client: sso }, {})) instances.push(...(page.Instances ?? []));
  const chosen = target.instanceArn ? instances.find((i) => i.InstanceArn === target.instanceArn) : instances.length === 1 ? instances[0] : undefined;
  if (!chosen?.InstanceArn) {
    if (target.instanceArn) {
      // An instance the caller may not list (delegated administration): trust the flags.
      if (target.identityStoreId) return { instanceArn: target.instanceArn, identityStoreId: target.identityStoreId };
      throw new Error(`Identity Center instance ${target.instanceArn} is not listed in ${target.region}; pass --identity-store-id too`);
    }
    const found = instances.map((i) => i.InstanceArn).join(", ") || "none";
    throw new Error(`expected exactly one Identity Center instance in ${target.region}, found ${instances.length} (${found}); pass --instance-arn (and --region)`);
  }
  return { instanceArn: chosen.InstanceArn, identityStoreId: target.identityStoreId ?? chosen.IdentityStoreId! };
}

async function collect<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

// The SDK's paginators write NextToken into the input object they are given: every call gets
// its own input, or a token of one listing leaks into the next.
async function readPermissionSet(sso: SSOAdminClient, instanceArn: string, arn: string): Promise<LivePermissionSet> {
  const ref = () => ({ InstanceArn: instanceArn, PermissionSetArn: arn });
  const described = (await sso.send(new DescribePermissionSetCommand(ref()))).PermissionSet ?? {};
  const managed = await collect(paginateListManagedPoliciesInPermissionSet({ client: sso }, ref()), (p) => p.AttachedManagedPolicies);
  const customer = await collect(paginateListCustomerManagedPolicyReferencesInPermissionSet({ client: sso }, ref()), (p) => p.CustomerManagedPolicyReferences);
  const tags = await collect(paginateListTagsForResource({ client: sso }, { InstanceArn: instanceArn, ResourceArn: arn }), (p) => p.Tags);
  const inline = (await sso.send(new GetInlinePolicyForPermissionSetCommand(ref()))).InlinePolicy;
  let boundary: PermissionsBoundary | undefined;
  try {
    const b = (await sso.send(new GetPermissionsBoundaryForPermissionSetCommand(ref()))).PermissionsBoundary;
    if (b?.ManagedPolicyArn) boundary = { kind: "managed", arn: b.ManagedPolicyArn };
    else if (b?.CustomerManagedPolicyReference?.Name) boundary = { kind: "customer_managed", name: b.CustomerManagedPolicyReference.Name, path: b.CustomerManagedPolicyReference.Path ?? "/" };
  } catch (err) {
    // The service answers ResourceNotFoundException for a permission set without a boundary.
    if (classifyAwsError(err) !== "not-found") throw err;
  }
  return {
    arn,
    name: described.Name ?? arn,
    ...(described.Description ? { description: described.Description } : {}),
    sessionDuration: described.SessionDuration ?? "PT1H",
    ...(described.RelayState ? { relayState: described.RelayState } : {}),
    tags: Object.fromEntries(tags.map((t) => [t.Key!, t.Value ?? ""] as const).sort(([a], [b]) => cmp(a, b))),
    managedPolicies: managed.map((m) => m.Arn!).sort(cmp),
    customerManagedPolicies: customer.map((c) => ({ name: c.Name!, path: c.Path ?? "/" })).sort((a, b) => cmp(a.path + a.name, b.path + b.name)),
    ...(inline ? { inlinePolicy: inline } : {}),
    ...(boundary ? { permissionsBoundary: boundary } : {}),
  };
}

async function readAssignments(sso: SSOAdminClient, instanceArn: string, arn: string): Promise<LiveAssignment[]> {
  const accounts = await collect(paginateListAccountsForProvisionedPermissionSet({ client: sso }, { InstanceArn: instanceArn, PermissionSetArn: arn }), (p) => p.AccountIds);
  const perAccount = await mapLimit([...accounts].sort(cmp), CONCURRENCY, (accountId) =>
    collect(paginateListAccountAssignments({ client: sso }, { InstanceArn: instanceArn, PermissionSetArn: arn, AccountId: accountId }), (p) => p.AccountAssignments),
  );
  return perAccount.flat().map((a) => ({
    permissionSetArn: a.PermissionSetArn ?? arn,
    accountId: a.AccountId!,
    principalType: a.PrincipalType === "USER" ? "USER" : "GROUP",
    principalId: a.PrincipalId!,
  }));
}

async function readGroupNames(store: IdentitystoreClient, identityStoreId: string, ids: string[]): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  await mapLimit(ids, CONCURRENCY, async (id) => {
    try {
      const g = await store.send(new DescribeGroupCommand({ IdentityStoreId: identityStoreId, GroupId: id }));
      if (g.DisplayName) names[id] = g.DisplayName;
    } catch (err) {
      if (classifyAwsError(err) !== "not-found") throw err;
    }
  });
  return Object.fromEntries(Object.entries(names).sort(([a], [b]) => cmp(a, b)));
}

export async function readIdentityCenter(
  clients: { ssoAdmin: SSOAdminClient; identityStore: IdentitystoreClient },
  target: IdentityCenterTarget,
  log: Log,
): Promise<LiveIdentityCenter> {
  const sso = clients.ssoAdmin;
  const { instanceArn, identityStoreId } = await findInstance(sso, target);
  log(`Identity Center ${instanceArn} (identity store ${identityStoreId})`);
  const arns = await collect(paginateListPermissionSets({ client: sso }, { InstanceArn: instanceArn }), (p) => p.PermissionSets);
  log(`${arns.length} permission sets`);
  const permissionSets: LivePermissionSet[] = [];
  const assignments: LiveAssignment[] = [];
  let done = 0;
  for (const arn of arns) {
    const ps = await readPermissionSet(sso, instanceArn, arn);
    const psAssignments = await readAssignments(sso, instanceArn, arn);
    permissionSets.push(ps);
    assignments.push(...psAssignments);
    done++;
    log(`[${done}/${arns.length}] ${ps.name}: ${psAssignments.length} assignments`);
  }
  const groupIds = [...new Set(assignments.filter((a) => a.principalType === "GROUP").map((a) => a.principalId))].sort(cmp);
  const groupNames = await readGroupNames(clients.identityStore, identityStoreId, groupIds);
  log(`${Object.keys(groupNames).length} of ${groupIds.length} assigned groups named by the Identity Store`);
  return {
    region: target.region,
    instanceArn,
    identityStoreId,
    permissionSets: permissionSets.sort((a, b) => cmp(a.name, b.name)),
    assignments: assignments.sort((a, b) => cmp(`${a.permissionSetArn}|${a.accountId}|${a.principalType}|${a.principalId}`, `${b.permissionSetArn}|${b.accountId}|${b.principalType}|${b.principalId}`)),
    groupNames,
  };
}
