// Account assignments as one for_each block per account:
//   aws_ssoadmin_account_assignment.assignment_<account id>["<group>|<permission set>|<account id>"]
// Terraform's plan cost of a for_each block grows with the square of its instances (each instance
// re-evaluates the whole literal map), so one block of 10,000 instances cannot be planned; one
// block per account keeps every map at that account's handful of assignments, an account's
// block never changes when other accounts come or go, and moving an account between stacks is
// one `removed` block in the old stack plus one `import` block in the new (src/stack-contents).
// The instance key stays the full natural key, so plan readers keep identifying an assignment by
// resource type and key alone.
import { RESOURCE } from "../src/terraform/resources.js";
import { assignmentKey, type AccountId } from "../src/model/types.js";
import type { AssignmentTriple } from "../src/stack-contents/index.js";
import { cmp } from "../src/model/order.js";
import { instanceAddress, type StackImports } from "./imports.js";
import type { Inventory } from "./inventory.js";
import { keyedMap, type KeyedMap } from "./keyed.js";
import { literal } from "./literal.js";
import type { RawTerraform } from "./raw-stack.js";

export const ASSIGNMENT_TYPE = RESOURCE.accountAssignment;
/** The single block of every assignment, as stacks before per-account blocks declared it. */
export const LEGACY_ASSIGNMENT_BLOCK = "assignment";

/** The block of an account: its id is 12 digits (validated), so it makes a valid, literal name. */
export function accountBlockName(accountId: AccountId): string {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`account id ${JSON.stringify(accountId)} is not 12 digits; it cannot name a Terraform block`);
  return `assignment_${accountId}`;
}

export function accountBlockAddress(accountId: AccountId): string {
  return `${ASSIGNMENT_TYPE}.${accountBlockName(accountId)}`;
}

/** Where an assignment's permission set ARN and group id come from, as Terraform references. */
export interface PrincipalSources {
  /** `<ref>[<permission set>].arn`: e.g. `aws_ssoadmin_permission_set.permission_set` or `local.permission_sets`. */
  permissionSets: string;
  /** `<ref>[<group>].group_id`: `local.groups` (deferred-lookups.ts). */
  groups: string;
}

/** Assignments grouped by account, accounts in id order. */
export function assignmentsByAccount(assignments: readonly AssignmentTriple[]): Map<AccountId, AssignmentTriple[]> {
  const out = new Map<AccountId, AssignmentTriple[]>();
  for (const a of [...assignments].sort((x, y) => cmp(x.accountId, y.accountId))) {
    const list = out.get(a.accountId);
    if (list) list.push(a);
    else out.set(a.accountId, [a]);
  }
  return out;
}

function accountMap(assignments: readonly AssignmentTriple[]): KeyedMap {
  return keyedMap(assignments, assignmentKey, (a) => ({ group: a.group, permission_set: a.permissionSet }));
}

export interface AssignmentBlockOptions {
  instanceArn: string;
  sources: PrincipalSources;
  inventory: Inventory;
  imports: StackImports;
  /** Also write `moved` blocks from the legacy single block (stacks that held it). */
  movedFromLegacy: boolean;
}

/** Writes one block per account (and its adoption imports); returns each account's map. */
export function writeAssignmentBlocks(raw: RawTerraform, byAccount: ReadonlyMap<AccountId, readonly AssignmentTriple[]>, o: AssignmentBlockOptions): Map<AccountId, KeyedMap> {
  const maps = new Map<AccountId, KeyedMap>();
  for (const [accountId, assignments] of byAccount) {
    const map = accountMap(assignments);
    maps.set(accountId, map);
    const address = accountBlockAddress(accountId);
    o.inventory.add(ASSIGNMENT_TYPE, assignments.length);
    o.imports.adopt("assignment", address, map);
    raw.addResource(ASSIGNMENT_TYPE, accountBlockName(accountId), {
      for_each: map,
      instance_arn: o.instanceArn,
      permission_set_arn: `\${${o.sources.permissionSets}[each.value.permission_set].arn}`,
      principal_type: "GROUP",
      principal_id: `\${${o.sources.groups}[each.value.group].group_id}`,
      target_type: "AWS_ACCOUNT",
      target_id: literal(accountId),
    });
    if (o.movedFromLegacy) {
      for (const a of assignments) {
        const key = assignmentKey(a);
        raw.moved.push({ from: instanceAddress(`${ASSIGNMENT_TYPE}.${LEGACY_ASSIGNMENT_BLOCK}`, key), to: instanceAddress(address, key) });
      }
    }
  }
  return maps;
}

/**
 * Import blocks that take over existing assignments of accounts another stack held until now.
 * The id is built from the same lookups the assignments use, so it is known at plan time once the
 * markers are in state (the shard stack imports them too). Instances adopted through the
 * model's imports already have a literal import block and are left out here.
 */
export function writeTakeoverImports(raw: RawTerraform, accountMaps: ReadonlyMap<AccountId, KeyedMap>, accounts: readonly AccountId[], instanceArn: string, sources: PrincipalSources, imports: StackImports): void {
  for (const accountId of accounts) {
    const map = accountMaps.get(accountId);
    if (!map) continue;
    const address = accountBlockAddress(accountId);
    const keys = Object.keys(map).filter((k) => !imports.has(instanceAddress(address, k.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{"))));
    if (keys.length === 0) continue;
    const forEach: KeyedMap = {};
    for (const k of keys) forEach[k] = map[k];
    raw.imports.push({
      for_each: forEach,
      to: `${address}[each.key]`,
      id: `\${${sources.groups}[each.value.group].group_id},GROUP,${literal(accountId)},AWS_ACCOUNT,\${${sources.permissionSets}[each.value.permission_set].arn},${instanceArn}`,
    });
  }
}

/** `removed` blocks that make a stack forget an account's assignments without deleting them. */
export function writeForgetAccounts(raw: RawTerraform, accounts: readonly AccountId[]): void {
  for (const accountId of accounts) raw.removed.push(forget(accountBlockAddress(accountId)));
}

/** A `removed` block that drops every instance of a block from state and leaves the objects alone. */
export function forget(resourceAddress: string): { from: string; lifecycle: { destroy: false } } {
  return { from: resourceAddress, lifecycle: { destroy: false } };
}
