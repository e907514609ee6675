// Lookups of things another stack (or Okta's SCIM push) creates, deferred per instance when the
// thing is new in this change. See IdentityCenterStack's long comment for why it works this way;
// the same pattern serves groups (pushed by Okta) and, in assignment shards, permission sets
// (created by the base stack, which applies first).
import { DataResource, TerraformLocal, type TerraformStack } from "cdktf";
import { DataAwsIdentitystoreGroup } from "@cdktf/provider-aws/lib/data-aws-identitystore-group/index.js";
import { DataAwsSsoadminPermissionSet } from "@cdktf/provider-aws/lib/data-aws-ssoadmin-permission-set/index.js";
import type { StackImports } from "./imports.js";
import type { Inventory } from "./inventory.js";
import { keyedIterator, keyedMap, type KeyedMap } from "./keyed.js";

/** Stable logical ids: these names appear in every plan and in state. */
export const LOOKUP = {
  groupPush: "terraform_data.group_push",
  group: "data.aws_identitystore_group.group",
  pushedGroupNames: "local.pushed_group_names",
  permissionSetSeen: "terraform_data.permission_set_seen",
  permissionSet: "data.aws_ssoadmin_permission_set.permission_set",
  seenPermissionSetNames: "local.seen_permission_set_names",
} as const;

/**
 * A terraform_data marker per name (input = output = the name, input changes ignored) and a local
 * mapping each name to the marker's output, or to the name itself when the output is null (an
 * imported marker). A lookup that reads its name from the local runs at plan time when the marker
 * is in state, and is deferred to apply, for that instance only, while the marker is being created.
 */
function markers(stack: TerraformStack, block: string, local: string, variable: string, names: KeyedMap, inventory: Inventory): void {
  inventory.add("terraform_data", Object.keys(names).length);
  const it = keyedIterator(names);
  new DataResource(stack, block, { forEach: it, input: it.value, lifecycle: { ignoreChanges: ["input"] } }).overrideLogicalId(block);
  new TerraformLocal(stack, local, `\${{ for name, ${variable} in terraform_data.${block} : name => coalesce(${variable}.output, name) }}`).overrideLogicalId(local);
}

const namesMap = (names: readonly string[]): KeyedMap => keyedMap(names, (n) => n, (n) => n);

/** Group ids by display name, read through `terraform_data.group_push` markers. */
export function groupLookups(stack: TerraformStack, groups: readonly string[], identityStoreId: string, inventory: Inventory, imports: StackImports): void {
  const names = namesMap(groups);
  imports.adopt("group_push", LOOKUP.groupPush, names);
  markers(stack, "group_push", "pushed_group_names", "push", names, inventory);
  inventory.add(`data.${DataAwsIdentitystoreGroup.tfResourceType}`, Object.keys(names).length);
  const it = keyedIterator(names);
  new DataAwsIdentitystoreGroup(stack, "group", {
    forEach: it,
    identityStoreId,
    alternateIdentifier: {
      uniqueAttribute: { attributePath: "DisplayName", attributeValue: `\${${LOOKUP.pushedGroupNames}[each.key]}` },
    },
  }).overrideLogicalId("group");
}

/**
 * Permission set ARNs by name, for assignment shards, read through `terraform_data.permission_set_seen`
 * markers. A permission set adopted into the base stack in this change (listed in the model's
 * imports) exists already, so its marker is imported too and its lookup runs at plan time.
 */
export function permissionSetLookups(stack: TerraformStack, permissionSets: readonly string[], instanceArn: string, inventory: Inventory, imports: StackImports): void {
  const names = namesMap(permissionSets);
  imports.adoptAs("permission_set", LOOKUP.permissionSetSeen, names, (key) => key);
  markers(stack, "permission_set_seen", "seen_permission_set_names", "seen", names, inventory);
  inventory.add(`data.${DataAwsSsoadminPermissionSet.tfResourceType}`, Object.keys(names).length);
  const it = keyedIterator(names);
  new DataAwsSsoadminPermissionSet(stack, "permission_set", {
    forEach: it,
    instanceArn,
    name: `\${${LOOKUP.seenPermissionSetNames}[each.key]}`,
  }).overrideLogicalId("permission_set");
}
