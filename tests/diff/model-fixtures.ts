// Small builders for ResolvedModel fixtures: plain objects typed by the model contract.
import type { Account, Assignment, Group, PermissionSet, ResolvedModel } from "../../src/model/types.js";
import { testOrganization } from "../support/organization.js";

export const ORG: ResolvedModel["organization"] = testOrganization();

export function account(id: string, name: string, tags: Record<string, string> = {}): Account {
  return { id, name, ou: "", tags };
}

export function permissionSet(name: string, overrides: Partial<PermissionSet> = {}): PermissionSet {
  return {
    name,
    sessionDuration: "PT1H",
    managedPolicies: [],
    customerManagedPolicies: [],
    tags: {},
    privileged: false,
    privilegedReasons: [],
    ...overrides,
  };
}

export function group(name: string, overrides: Partial<Group> = {}): Group {
  return { name, source: "managed", privileged: false, privilegedReasons: [], ...overrides };
}

export interface ModelSpec {
  accounts?: Account[];
  groups?: Group[];
  permissionSets?: PermissionSet[];
  /** [group, permission set, account id] */
  assignments?: [string, string, string][];
  organization?: ResolvedModel["organization"];
}

export const ACCOUNTS = [
  account("111111111111", "sandbox"),
  account("222222222222", "reporting"),
  account("333333333333", "prod-data", { env: "prod" }),
  account("444444444444", "prod-web", { env: "prod" }),
];

/** A model with the given parts, sorted as the resolver sorts them. */
export function model(spec: ModelSpec = {}): ResolvedModel {
  const accounts = [...(spec.accounts ?? ACCOUNTS)].sort((a, b) => a.id.localeCompare(b.id));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const assignments: Assignment[] = (spec.assignments ?? [])
    .map(([g, ps, id]) => ({ group: g, permissionSet: ps, accountId: id, accountName: byId.get(id)?.name ?? `unknown-${id}` }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.permissionSet.localeCompare(b.permissionSet) || a.accountId.localeCompare(b.accountId));
  return {
    organization: spec.organization ?? ORG,
    accounts,
    groups: [...(spec.groups ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
    permissionSets: [...(spec.permissionSets ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
    assignments,
  };
}

/** `count` accounts with 12-digit ids starting at 100000000000. */
export function manyAccounts(count: number, tags: Record<string, string> = {}): Account[] {
  return Array.from({ length: count }, (_, i) => account(String(100000000000 + i), `acct-${String(i).padStart(3, "0")}`, tags));
}
