// The catalogue of Terraform resources the stacks write, and the shape of each one's instance
// key (always a natural key, never a list position). The stacks write these types, explain
// classifies plan changes by them, and the comment and the revocation gate pick them out of plans;
// tests/terraform/resources.test.ts ties every type to the provider bindings the stacks use.

/** Resource types by what they are in the access model. */
export const RESOURCE = {
  permissionSet: "aws_ssoadmin_permission_set",
  managedPolicyAttachment: "aws_ssoadmin_managed_policy_attachment",
  customerManagedPolicyAttachment: "aws_ssoadmin_customer_managed_policy_attachment",
  inlinePolicy: "aws_ssoadmin_permission_set_inline_policy",
  permissionsBoundary: "aws_ssoadmin_permissions_boundary_attachment",
  accountAssignment: "aws_ssoadmin_account_assignment",
  /** The marker that a group was pushed (identity-center stacks), keyed by group name. */
  pushMarker: "terraform_data",
  /** Data source: a pushed group's Identity Store id, keyed by group name. */
  identityStoreGroup: "aws_identitystore_group",
  /** Data source: every group of the Identity Store (one listing per stack). */
  identityStoreGroups: "aws_identitystore_groups",
  /** Data source: the instance's permission sets, for the shards' lookups by name. */
  permissionSets: "aws_ssoadmin_permission_sets",
  oktaGroup: "okta_group",
  oktaGroupRule: "okta_group_rule",
  oktaPushGroup: "okta_push_group",
  oktaApp: "okta_app_saml",
  oktaSignOnPolicy: "okta_app_signon_policy",
  oktaSignOnPolicyRule: "okta_app_signon_policy_rule",
  oktaAppGroupAssignments: "okta_app_group_assignments",
} as const;

export type ResourceType = (typeof RESOURCE)[keyof typeof RESOURCE];

/** The instance key of each keyed type, in words (what a reader sees in a plan address). */
export const KEY_SHAPE: Partial<Record<ResourceType, string>> = {
  [RESOURCE.permissionSet]: "<permission set>",
  [RESOURCE.managedPolicyAttachment]: "<permission set>|<policy ARN>",
  [RESOURCE.customerManagedPolicyAttachment]: "<permission set>|<path><name>",
  [RESOURCE.inlinePolicy]: "<permission set>",
  [RESOURCE.permissionsBoundary]: "<permission set>",
  [RESOURCE.accountAssignment]: "<group>|<permission set>|<account id>",
  [RESOURCE.pushMarker]: "<group>",
  [RESOURCE.identityStoreGroup]: "<group>",
  [RESOURCE.oktaGroup]: "<group>",
  [RESOURCE.oktaPushGroup]: "<group>",
};

/** Attributes each resource type's provider can only set by replacing the object (ForceNew). */
export const FORCES_NEW: Record<string, readonly string[]> = {
  [RESOURCE.permissionSet]: ["instance_arn", "name"],
  [RESOURCE.accountAssignment]: ["instance_arn", "permission_set_arn", "principal_id", "principal_type", "target_id", "target_type"],
  [RESOURCE.managedPolicyAttachment]: ["instance_arn", "managed_policy_arn", "permission_set_arn"],
  [RESOURCE.customerManagedPolicyAttachment]: ["instance_arn", "permission_set_arn", "customer_managed_policy_reference"],
  [RESOURCE.inlinePolicy]: ["instance_arn", "permission_set_arn"],
  [RESOURCE.permissionsBoundary]: ["instance_arn", "permission_set_arn", "permissions_boundary"],
  [RESOURCE.oktaPushGroup]: ["app_id", "source_group_id", "target_group_id", "target_group_name", "app_config"],
};

/** The instance key of an account assignment (see KEY_SHAPE). */
export function assignmentInstanceKey(group: string, permissionSet: string, accountId: string): string {
  return `${group}|${permissionSet}|${accountId}`;
}

/**
 * The parts of a `|`-separated instance key, or undefined when it has fewer. With two parts the
 * second keeps any further `|` (a customer managed policy path); with three it must be exact.
 */
export function keyParts(key: string | number | undefined, parts: 2 | 3): string[] | undefined {
  if (typeof key !== "string") return undefined;
  const out = key.split("|");
  if (parts === 2 && out.length > 2) return [out[0]!, out.slice(1).join("|")];
  return out.length === parts ? out : undefined;
}

/** The group, permission set and account of an account assignment's instance key. */
export function assignmentOfKey(key: string | number | undefined): { group: string; permissionSet: string; accountId: string } | undefined {
  const parts = keyParts(key, 3);
  return parts ? { group: parts[0]!, permissionSet: parts[1]!, accountId: parts[2]! } : undefined;
}
