// Lookups of things another stack (or Okta's SCIM push) creates: group ids (pushed by Okta) and, in
// assignment shards, permission set ARNs (created by the base stack, which applies first).
//
// Cost: one listing per stack, not a lookup per name. A per-name lookup costs two calls per group
// (GetGroupId + DescribeGroup) and, per permission set, a listing plus a describe of every set
// until the name matches; in a shard of ~16 accounts that was ~130 of its ~290 plan calls. Here a
// stack lists the Identity Store's groups (one call per 100 groups) and the instance's permission
// sets (one call plus a describe and a tag read per set), and reads the ids from the listing.
//
// Only names the listing does not hold yet (new in this change: not pushed, not created) fall back
// to the per-instance deferred lookup: it reads its name through a terraform_data marker, so it is
// deferred to apply, for that name only, while the marker is being created. Such names get
// "known after apply" ids for their (new) assignments; every name the listing holds stays known
// at plan time, so no existing assignment is ever replaced. A plan saved before the push still
// applies after it: the fallback reads at apply time. See IdentityCenterStack's long comment.
import { RESOURCE } from "../src/terraform/resources.js";
import type { StackImports } from "./imports.js";
import type { Inventory } from "./inventory.js";
import { keyedMap, type KeyedMap } from "./keyed.js";
import type { RawTerraform } from "./raw-stack.js";

/** Stable logical ids: these names appear in every plan and in state. */
export const LOOKUP = {
  groupPush: `${RESOURCE.pushMarker}.group_push`,
  /** The per-name fallback, for groups the listing does not hold yet. */
  group: `data.${RESOURCE.identityStoreGroup}.group`,
  groupListing: `data.${RESOURCE.identityStoreGroups}.listed`,
  pushedGroupNames: "local.pushed_group_names",
  listedGroupIds: "local.listed_group_ids",
  /** `local.groups[<name>].group_id`: what assignments reference. */
  groups: "local.groups",
  permissionSetSeen: "terraform_data.permission_set_seen",
  /** The per-name fallback, for permission sets the listing does not hold yet. */
  permissionSet: "data.aws_ssoadmin_permission_set.permission_set",
  permissionSetListing: "data.aws_ssoadmin_permission_sets.listed",
  listedPermissionSet: "data.aws_ssoadmin_permission_set.listed",
  seenPermissionSetNames: "local.seen_permission_set_names",
  listedPermissionSetArns: "local.listed_permission_set_arns",
  /** `local.permission_sets[<name>].arn`: what assignments in shards reference. */
  permissionSets: "local.permission_sets",
} as const;

/** `data.<type>.<name>` | `<type>.<name>` | `local.<name>` -> its parts. */
function parts(address: string): { type: string; name: string } {
  const [first, second, third] = address.split(".");
  return first === "data" ? { type: second!, name: third! } : { type: first!, name: second! };
}

/**
 * A terraform_data marker per name (input = output = the name, input changes ignored) and a local
 * mapping each name to the marker's output, or to the name itself when the output is null (an
 * imported marker).
 */
function markers(raw: RawTerraform, marker: string, local: string, names: KeyedMap, inventory: Inventory): void {
  inventory.add("terraform_data", Object.keys(names).length);
  const m = parts(marker);
  raw.addResource(m.type, m.name, { for_each: names, input: "${each.value}", lifecycle: { ignore_changes: ["input"] } });
  raw.addLocal(parts(local).name, `\${{ for name, marker in ${marker} : name => coalesce(marker.output, name) }}`);
}

/** for_each of a fallback lookup: the names the listing does not hold. */
const missingFrom = (names: string, listed: string) => `\${{ for name in keys(${names}) : name => name if !contains(keys(${listed}), name) }}`;

/** `{ <name> = { <attribute> = listed id, or the fallback's } }` over every name. */
const resolved = (names: string, listed: string, fallback: string, attribute: string) =>
  `\${{ for name in keys(${names}) : name => { ${attribute} = try(${listed}[name], ${fallback}[name].${attribute}) } }}`;

const orEmpty = (list: string) => `(${list} == null ? [] : ${list})`;

const namesMap = (names: readonly string[]): KeyedMap => keyedMap(names, (n) => n, (n) => n);

function addData(raw: RawTerraform, address: string, body: Record<string, any>): void {
  const { type, name } = parts(address);
  raw.addData(type, name, body);
}

/** Group ids by display name: `local.groups[<name>].group_id`. `identityStoreId` is literal text. */
export function groupLookups(raw: RawTerraform, groups: readonly string[], identityStoreId: string, inventory: Inventory, imports: StackImports): void {
  const names = namesMap(groups);
  imports.adopt("group_push", LOOKUP.groupPush, names);
  markers(raw, LOOKUP.groupPush, LOOKUP.pushedGroupNames, names, inventory);

  inventory.add("data.aws_identitystore_groups", 1);
  addData(raw, LOOKUP.groupListing, { identity_store_id: identityStoreId });
  // An empty store or instance lists null, not an empty list (the first plan of a new org).
  raw.addLocal(parts(LOOKUP.listedGroupIds).name, `\${{ for g in ${orEmpty(`${LOOKUP.groupListing}.groups`)} : g.display_name => g.group_id }}`);

  inventory.add("data.aws_identitystore_group", Object.keys(names).length);
  addData(raw, LOOKUP.group, {
    for_each: missingFrom(LOOKUP.pushedGroupNames, LOOKUP.listedGroupIds),
    identity_store_id: identityStoreId,
    alternate_identifier: { unique_attribute: { attribute_path: "DisplayName", attribute_value: `\${${LOOKUP.pushedGroupNames}[each.key]}` } },
  });
  raw.addLocal(parts(LOOKUP.groups).name, resolved(LOOKUP.pushedGroupNames, LOOKUP.listedGroupIds, LOOKUP.group, "group_id"));
}

/**
 * Permission set ARNs by name, for assignment shards: `local.permission_sets[<name>].arn`. A
 * permission set adopted into the base stack in this change exists already, so its marker is
 * imported too (the stack's `permission_set` imports). `instanceArn` is literal text.
 */
export function permissionSetLookups(raw: RawTerraform, permissionSets: readonly string[], instanceArn: string, inventory: Inventory, imports: StackImports): void {
  const names = namesMap(permissionSets);
  imports.adopt("permission_set", LOOKUP.permissionSetSeen, names);
  markers(raw, LOOKUP.permissionSetSeen, LOOKUP.seenPermissionSetNames, names, inventory);

  inventory.add("data.aws_ssoadmin_permission_sets", 1);
  addData(raw, LOOKUP.permissionSetListing, { instance_arn: instanceArn });
  addData(raw, LOOKUP.listedPermissionSet, { for_each: `\${toset(${orEmpty(`${LOOKUP.permissionSetListing}.arns`)})}`, instance_arn: instanceArn, arn: "${each.key}" });
  raw.addLocal(parts(LOOKUP.listedPermissionSetArns).name, `\${{ for ps in ${LOOKUP.listedPermissionSet} : ps.name => ps.arn }}`);

  inventory.add("data.aws_ssoadmin_permission_set", Object.keys(names).length);
  addData(raw, LOOKUP.permissionSet, {
    for_each: missingFrom(LOOKUP.seenPermissionSetNames, LOOKUP.listedPermissionSetArns),
    instance_arn: instanceArn,
    name: `\${${LOOKUP.seenPermissionSetNames}[each.key]}`,
  });
  raw.addLocal(parts(LOOKUP.permissionSets).name, resolved(LOOKUP.seenPermissionSetNames, LOOKUP.listedPermissionSetArns, LOOKUP.permissionSet, "arn"));
}
