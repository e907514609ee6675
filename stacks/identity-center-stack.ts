// Stack `identity-center`: permission sets and their policies; with one assignment shard (the
// default for small orgs, `identity_center.assignment_shards`) also every account assignment of
// the groups Okta pushes over SCIM. With more shards, assignments live in assignment-shard-stack.ts.
// Every resource type is a for_each over natural keys, so an instance's address never depends on
// list positions; assignments are one block per account (assignment-blocks.ts):
// `aws_ssoadmin_account_assignment.assignment_<account>["<group>|<permission set>|<account>"]`.
import { Construct } from "constructs";
import { type MapTerraformIterator } from "cdktf";
import { SsoadminCustomerManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-customer-managed-policy-attachment/index.js";
import { SsoadminManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-managed-policy-attachment/index.js";
import { SsoadminPermissionSet } from "@cdktf/provider-aws/lib/ssoadmin-permission-set/index.js";
import { SsoadminPermissionSetInlinePolicy } from "@cdktf/provider-aws/lib/ssoadmin-permission-set-inline-policy/index.js";
import { SsoadminPermissionsBoundaryAttachment } from "@cdktf/provider-aws/lib/ssoadmin-permissions-boundary-attachment/index.js";
import { BASE_STACK } from "../src/layout/index.js";
import type { BaseStackContent, PermissionSetContent } from "../src/stack-contents/index.js";
import { RESOURCE } from "../src/terraform/resources.js";
import { ASSIGNMENT_TYPE, assignmentsByAccount, forget, LEGACY_ASSIGNMENT_BLOCK, writeAssignmentBlocks, writeForgetAccounts, writeTakeoverImports } from "./assignment-blocks.js";
import { configureBackend } from "./backend.js";
import { groupLookups, LOOKUP } from "./deferred-lookups.js";
import { StackImports } from "./imports.js";
import { Inventory } from "./inventory.js";
import { keyedIterator, keyedMap, type KeyedMap } from "./keyed.js";
import { literal } from "./literal.js";
import { awsProvider } from "./providers.js";
import { RawTerraformStack } from "./raw-stack.js";

export const IDENTITY_CENTER_STACK = BASE_STACK;

/** Stable logical ids: these names appear in every plan and in state. */
export const IC = {
  permissionSet: `${RESOURCE.permissionSet}.permission_set`,
  groupPush: LOOKUP.groupPush,
  groups: LOOKUP.groups,
} as const;

const PERMISSION_SET_ARN = `\${${IC.permissionSet}[each.value.permission_set].arn}`;

export class IdentityCenterStack extends RawTerraformStack {
  readonly inventory = new Inventory();
  private readonly imports: StackImports;

  constructor(scope: Construct, content: BaseStackContent) {
    super(scope, IDENTITY_CENTER_STACK);
    this.imports = new StackImports(content.imports);
    const instanceArn = literal(content.instanceArn);
    awsProvider(this, content.region);
    configureBackend(this, IDENTITY_CENTER_STACK, content.state);

    this.permissionSets(content.permissionSets, instanceArn);
    this.policyAttachments(content.permissionSets, instanceArn);
    if (content.assignments) {
      this.groupsAndAssignments(content.assignments, instanceArn);
    } else {
      // Assignments, their group markers and lookups move to the shards: forget, never destroy.
      if (content.forgetMonolithic) this.raw.removed.push(forget(`${ASSIGNMENT_TYPE}.${LEGACY_ASSIGNMENT_BLOCK}`), forget(IC.groupPush));
      writeForgetAccounts(this.raw, content.forgetAccounts);
    }
    this.imports.writeTo(this);
  }

  private forEach(map: KeyedMap, type: string): MapTerraformIterator {
    this.inventory.add(type, Object.keys(map).length);
    return keyedIterator(map);
  }

  private permissionSets(permissionSets: readonly PermissionSetContent[], instanceArn: string): void {
    const sets = keyedMap(
      permissionSets,
      (ps) => ps.name,
      (ps) => ({
        name: ps.name,
        description: ps.description ?? null,
        session_duration: ps.sessionDuration,
        relay_state: ps.relayState ?? null,
        tags: ps.tags,
      }),
    );
    const it = this.forEach(sets, SsoadminPermissionSet.tfResourceType);
    this.imports.adopt("permission_set", IC.permissionSet, sets);
    new SsoadminPermissionSet(this, "permission_set", {
      forEach: it,
      instanceArn,
      name: it.getString("name"),
      description: it.getString("description"),
      sessionDuration: it.getString("session_duration"),
      relayState: it.getString("relay_state"),
      tags: it.getStringMap("tags"),
    }).overrideLogicalId("permission_set");
  }

  private policyAttachments(permissionSets: readonly PermissionSetContent[], instanceArn: string): void {
    const managed = keyedMap(
      permissionSets.flatMap((ps) => ps.managedPolicies.map((arn) => ({ ps: ps.name, arn }))),
      (m) => `${m.ps}|${m.arn}`,
      (m) => ({ permission_set: m.ps, arn: m.arn }),
    );
    const managedIt = this.forEach(managed, SsoadminManagedPolicyAttachment.tfResourceType);
    this.imports.adopt("managed_policy", "aws_ssoadmin_managed_policy_attachment.managed_policy", managed);
    new SsoadminManagedPolicyAttachment(this, "managed_policy", {
      forEach: managedIt,
      instanceArn,
      permissionSetArn: PERMISSION_SET_ARN,
      managedPolicyArn: managedIt.getString("arn"),
    }).overrideLogicalId("managed_policy");

    const customer = keyedMap(
      permissionSets.flatMap((ps) => ps.customerManagedPolicies.map((ref) => ({ ps: ps.name, ...ref }))),
      (c) => `${c.ps}|${c.path}${c.name}`,
      (c) => ({ permission_set: c.ps, name: c.name, path: c.path }),
    );
    const customerIt = this.forEach(customer, SsoadminCustomerManagedPolicyAttachment.tfResourceType);
    this.imports.adopt("customer_managed_policy", "aws_ssoadmin_customer_managed_policy_attachment.customer_managed_policy", customer);
    new SsoadminCustomerManagedPolicyAttachment(this, "customer_managed_policy", {
      forEach: customerIt,
      instanceArn,
      permissionSetArn: PERMISSION_SET_ARN,
      customerManagedPolicyReference: { name: customerIt.getString("name"), path: customerIt.getString("path") },
    }).overrideLogicalId("customer_managed_policy");

    const inline = keyedMap(
      permissionSets.filter((ps) => ps.inlinePolicy !== undefined),
      (ps) => ps.name,
      (ps) => ({ permission_set: ps.name, policy: ps.inlinePolicy! }),
    );
    const inlineIt = this.forEach(inline, SsoadminPermissionSetInlinePolicy.tfResourceType);
    this.imports.adopt("inline_policy", "aws_ssoadmin_permission_set_inline_policy.inline_policy", inline);
    new SsoadminPermissionSetInlinePolicy(this, "inline_policy", {
      forEach: inlineIt,
      instanceArn,
      permissionSetArn: PERMISSION_SET_ARN,
      inlinePolicy: inlineIt.getString("policy"),
    }).overrideLogicalId("inline_policy");

    // One block for both kinds of boundary: managed ones set managed_policy_arn, customer-managed
    // ones a customer_managed_policy_reference (a nested block, hence the dynamic block with zero
    // or one element).
    const boundaries = keyedMap(
      permissionSets.filter((ps) => ps.permissionsBoundary !== undefined),
      (ps) => ps.name,
      (ps) => {
        const b = ps.permissionsBoundary!;
        return b.kind === "managed"
          ? { permission_set: ps.name, managed_policy_arn: b.arn, customer_managed: [] }
          : { permission_set: ps.name, managed_policy_arn: null, customer_managed: [{ name: b.name, path: b.path }] };
      },
    );
    const boundaryIt = this.forEach(boundaries, SsoadminPermissionsBoundaryAttachment.tfResourceType);
    this.imports.adopt("permissions_boundary", "aws_ssoadmin_permissions_boundary_attachment.permissions_boundary", boundaries);
    const boundary = new SsoadminPermissionsBoundaryAttachment(this, "permissions_boundary", {
      forEach: boundaryIt,
      instanceArn,
      permissionSetArn: PERMISSION_SET_ARN,
      permissionsBoundary: {},
    });
    boundary.overrideLogicalId("permissions_boundary");
    boundary.addOverride("permissions_boundary", {
      managed_policy_arn: "${each.value.managed_policy_arn}",
      dynamic: {
        customer_managed_policy_reference: {
          for_each: "${each.value.customer_managed}",
          content: {
            name: "${customer_managed_policy_reference.value.name}",
            path: "${customer_managed_policy_reference.value.path}",
          },
        },
      },
    });
  }

  /**
   * The one-PR ordering problem. Okta creates a group and SCIM pushes it into the Identity Store
   * some time after the okta stack applies; a plain `aws_identitystore_group` lookup for a group
   * that does not exist yet fails the plan. Group ids come from one listing of the store, read
   * at plan time; a group the listing lacks falls back to a lookup that reads its display name
   * from the output of `terraform_data.group_push[<group>]` (deferred-lookups.ts):
   * - a group already in the store has a known id at plan time: its assignments keep a known
   *   principal_id and none of them is replaced (an unknown principal_id forces replacement of
   *   every assignment of the group: an access outage);
   * - a group new in this change (not pushed yet) has its terraform_data being created, so the
   *   output is unknown, Terraform defers only that fallback lookup to apply, and only that
   *   group's (new) assignments show principal_id "known after apply". By apply time the
   *   pipeline has waited for the push; a plan saved before the push applies after it.
   * The names go through a local value on purpose. Terraform treats a data source's DIRECT
   * reference to a managed resource as depends_on, at resource (not instance) granularity: with
   * `terraform_data.group_push[each.key].output` in the lookup, one new group makes every lookup
   * "read_because_dependency_pending" and every assignment of every group is replaced. Only
   * direct references count (internal/terraform/transform_reference.go, dataDependsOn, Terraform
   * 1.11), so the local keeps the deferral per instance. Do not add pre/postconditions to the
   * lookup: those make Terraform use all indirect dependencies too.
   * tests/stacks/group-lookup-ordering.test.ts plans this against a fake Identity Store.
   * terraform_data is built into Terraform (no extra provider to install or mirror).
   * Adoption (`access import`): an imported terraform_data has a null input and output. Input
   * changes are ignored (the key is the name, so the input never changes for an instance) and the
   * local falls back to the key when the output is null, so an adopted group's lookup runs at plan
   * time and the first plan is imports only: no update of the helper, no replaced assignment.
   */
  private groupsAndAssignments({ identityStoreId, groups, assignments, takeOver }: NonNullable<BaseStackContent["assignments"]>, instanceArn: string): void {
    groupLookups(this.raw, groups, literal(identityStoreId), this.inventory, this.imports);
    const sources = { permissionSets: IC.permissionSet, groups: IC.groups };
    const maps = writeAssignmentBlocks(this.raw, assignmentsByAccount(assignments), {
      instanceArn,
      sources,
      inventory: this.inventory,
      imports: this.imports,
      movedFromLegacy: true,
    });
    // Taking over from shards: the markers are imported with the rest (src/stack-contents).
    writeTakeoverImports(this.raw, maps, takeOver, instanceArn, sources, this.imports);
  }
}
