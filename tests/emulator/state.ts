// The emulator's in-memory Identity Center: one instance, its permission sets, account
// assignments, async operations, the Identity Store's groups and the AWS Organization. Plain data
// the handlers mutate.
import { newOrganization, type OrganizationState } from "./organizations.js";

export interface PolicyRef {
  Name: string;
  Path: string;
}

export type Boundary = { ManagedPolicyArn: string } | { CustomerManagedPolicyReference: PolicyRef };

export interface PermissionSetRecord {
  arn: string;
  name: string;
  description?: string;
  relayState?: string;
  sessionDuration: string;
  createdDate: number; // epoch seconds, as the JSON protocol sends timestamps
  tags: Map<string, string>;
  managedPolicies: Set<string>;
  customerManagedPolicies: Map<string, PolicyRef>; // key path+name
  inlinePolicy?: string;
  boundary?: Boundary;
  /** The latest version: every edit that changes the accounts' roles (policies, boundary, session settings) bumps it. */
  version: number;
  /** The version provisioned to each account (its AWSReservedSSO_ role); an account not here has no role. */
  provisioned: Map<string, number>;
}

export interface AssignmentRecord {
  permissionSetArn: string;
  accountId: string;
  principalType: "USER" | "GROUP";
  principalId: string;
}

export type AsyncKind = "assignment-create" | "assignment-delete" | "provision";
export type AsyncStatus = "IN_PROGRESS" | "SUCCEEDED" | "FAILED";

export interface AsyncOperation {
  requestId: string;
  kind: AsyncKind;
  status: AsyncStatus;
  createdAt: number; // ms
  polls: number; // IN_PROGRESS answers already given
  willFail: boolean;
  /** The reason a FAILED answer will give, when a fault decided it up front. */
  failWith?: string;
  failureReason?: string;
  assignment?: AssignmentRecord;
  permissionSetArn: string;
  accountId?: string;
  /** Provisioning: the permission set's version when it was requested (what the accounts get). */
  version?: number;
}

export interface GroupRecord {
  groupId: string;
  displayName: string;
  description?: string;
}

export interface UserRecord {
  userId: string;
  userName: string;
  displayName?: string;
  email?: string;
  /** The id Okta's SCIM client gave the user (Okta's user id). */
  externalId?: string;
  /** SCIM `active`: DISABLED after a deactivation reached the Identity Store; default ENABLED. */
  status?: "ENABLED" | "DISABLED";
}

export interface MembershipRecord {
  membershipId: string;
  groupId: string;
  userId: string;
}

export interface EmulatorState {
  instanceArn: string;
  identityStoreId: string;
  ownerAccountId: string;
  permissionSets: Map<string, PermissionSetRecord>;
  assignments: Map<string, AssignmentRecord>;
  operations: Map<string, AsyncOperation>;
  groups: Map<string, GroupRecord>;
  /** Users provisioned by SCIM (assignments to users exist in real estates). */
  users: Map<string, UserRecord>;
  /** Group memberships of users, by membership id. */
  memberships: Map<string, MembershipRecord>;
  /** The AWS Organization the instance belongs to; its management account owns the instance. */
  organization: OrganizationState;
}

export const assignmentRecordKey = (a: AssignmentRecord) => `${a.permissionSetArn}|${a.accountId}|${a.principalType}|${a.principalId}`;

/**
 * Records a succeeded assignment. Creating an assignment provisions the permission set's latest
 * version to the account (the API reference of CreateAccountAssignment); later edits do not reach
 * the account until ProvisionPermissionSet succeeds for it.
 */
export function addAssignment(state: EmulatorState, a: AssignmentRecord): void {
  state.assignments.set(assignmentRecordKey(a), a);
  const ps = state.permissionSets.get(a.permissionSetArn);
  if (ps) ps.provisioned.set(a.accountId, ps.version);
}

/** Removes an assignment; the last one of a permission set in an account removes its role there. */
export function removeAssignment(state: EmulatorState, a: AssignmentRecord): void {
  state.assignments.delete(assignmentRecordKey(a));
  const ps = state.permissionSets.get(a.permissionSetArn);
  if (!ps) return;
  for (const other of state.assignments.values()) if (other.permissionSetArn === ps.arn && other.accountId === a.accountId) return;
  ps.provisioned.delete(a.accountId);
}

export type ProvisioningStatus = "LATEST_PERMISSION_SET_PROVISIONED" | "LATEST_PERMISSION_SET_NOT_PROVISIONED";

/** Accounts the permission set is provisioned to, optionally only those at (or not at) its latest version. */
export function provisionedAccounts(ps: PermissionSetRecord, status?: ProvisioningStatus): string[] {
  return [...ps.provisioned.entries()]
    .filter(([, v]) => status === undefined || (status === "LATEST_PERMISSION_SET_PROVISIONED") === (v === ps.version))
    .map(([account]) => account)
    .sort();
}

export function newState(instanceArn: string, identityStoreId: string, ownerAccountId: string): EmulatorState {
  return {
    instanceArn,
    identityStoreId,
    ownerAccountId,
    permissionSets: new Map(),
    assignments: new Map(),
    operations: new Map(),
    groups: new Map(),
    users: new Map(),
    memberships: new Map(),
    organization: newOrganization(ownerAccountId),
  };
}

/** What a test compares with the resolved model: names instead of ids, everything sorted. */
export interface Snapshot {
  permissionSets: Array<{
    name: string;
    description?: string;
    sessionDuration: string;
    relayState?: string;
    tags: Record<string, string>;
    managedPolicies: string[];
    customerManagedPolicies: Array<{ name: string; path: string }>;
    inlinePolicy?: string;
    permissionsBoundary?: { kind: "managed"; arn: string } | { kind: "customer_managed"; name: string; path: string };
  }>;
  /** Group assignments by display name; a principal the Identity Store does not know shows its id. */
  assignments: Array<{ group: string; permissionSet: string; accountId: string }>;
  groups: string[];
  inProgressOperations: number;
  /** "PermissionSet|account" of every account whose role lags behind its permission set's latest version. */
  staleProvisioning: string[];
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function snapshot(state: EmulatorState): Snapshot {
  const permissionSets = [...state.permissionSets.values()]
    .map((ps) => ({
      name: ps.name,
      ...(ps.description !== undefined ? { description: ps.description } : {}),
      sessionDuration: ps.sessionDuration,
      ...(ps.relayState !== undefined ? { relayState: ps.relayState } : {}),
      tags: Object.fromEntries([...ps.tags.entries()].sort(([a], [b]) => byString(a, b))),
      managedPolicies: [...ps.managedPolicies].sort(byString),
      customerManagedPolicies: [...ps.customerManagedPolicies.values()]
        .map((p) => ({ name: p.Name, path: p.Path }))
        .sort((a, b) => byString(a.path + a.name, b.path + b.name)),
      ...(ps.inlinePolicy !== undefined ? { inlinePolicy: ps.inlinePolicy } : {}),
      ...(ps.boundary
        ? {
            permissionsBoundary:
              "ManagedPolicyArn" in ps.boundary
                ? { kind: "managed" as const, arn: ps.boundary.ManagedPolicyArn }
                : { kind: "customer_managed" as const, name: ps.boundary.CustomerManagedPolicyReference.Name, path: ps.boundary.CustomerManagedPolicyReference.Path },
          }
        : {}),
    }))
    .sort((a, b) => byString(a.name, b.name));
  const assignments = [...state.assignments.values()]
    .map((a) => ({
      group: state.groups.get(a.principalId)?.displayName ?? `${a.principalType}:${a.principalId}`,
      permissionSet: state.permissionSets.get(a.permissionSetArn)?.name ?? a.permissionSetArn,
      accountId: a.accountId,
    }))
    .sort((a, b) => byString(`${a.group}|${a.permissionSet}|${a.accountId}`, `${b.group}|${b.permissionSet}|${b.accountId}`));
  const groups = [...state.groups.values()].map((g) => g.displayName).sort(byString);
  const inProgressOperations = [...state.operations.values()].filter((o) => o.status === "IN_PROGRESS").length;
  const staleProvisioning = [...state.permissionSets.values()]
    .flatMap((ps) => provisionedAccounts(ps, "LATEST_PERMISSION_SET_NOT_PROVISIONED").map((account) => `${ps.name}|${account}`))
    .sort(byString);
  return { permissionSets, assignments, groups, inProgressOperations, staleProvisioning };
}
