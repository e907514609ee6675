// The catalogue of resource types (src/terraform/resources.ts) is what explain, the revocation
// gate and the comment recognise in plans: every type the stacks write must be in it, named as
// the provider bindings name it.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SsoadminAccountAssignment } from "@cdktf/provider-aws/lib/ssoadmin-account-assignment/index.js";
import { SsoadminCustomerManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-customer-managed-policy-attachment/index.js";
import { SsoadminManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-managed-policy-attachment/index.js";
import { SsoadminPermissionSet } from "@cdktf/provider-aws/lib/ssoadmin-permission-set/index.js";
import { SsoadminPermissionSetInlinePolicy } from "@cdktf/provider-aws/lib/ssoadmin-permission-set-inline-policy/index.js";
import { SsoadminPermissionsBoundaryAttachment } from "@cdktf/provider-aws/lib/ssoadmin-permissions-boundary-attachment/index.js";
import { DataAwsIdentitystoreGroup } from "@cdktf/provider-aws/lib/data-aws-identitystore-group/index.js";
import { AppGroupAssignments } from "@cdktf/provider-okta/lib/app-group-assignments/index.js";
import { AppSaml } from "@cdktf/provider-okta/lib/app-saml/index.js";
import { AppSignonPolicy } from "@cdktf/provider-okta/lib/app-signon-policy/index.js";
import { AppSignonPolicyRule } from "@cdktf/provider-okta/lib/app-signon-policy-rule/index.js";
import { Group } from "@cdktf/provider-okta/lib/group/index.js";
import { GroupRule } from "@cdktf/provider-okta/lib/group-rule/index.js";
import { synthesize } from "../../stacks/app.js";
import { OktaPushGroup } from "../../stacks/okta-push-group.js";
import { assignmentOfKey, FORCES_NEW, keyParts, RESOURCE } from "../../src/terraform/resources.js";
import { copyExampleModel } from "../diff/cli-helpers.js";
import { loadOrThrow, removeTempDirs, tempDir } from "../stacks/helpers.js";

afterAll(removeTempDirs);

describe("the resource catalogue", () => {
  it("names each type as the provider bindings the stacks use do", () => {
    expect(RESOURCE).toMatchObject({
      permissionSet: SsoadminPermissionSet.tfResourceType,
      managedPolicyAttachment: SsoadminManagedPolicyAttachment.tfResourceType,
      customerManagedPolicyAttachment: SsoadminCustomerManagedPolicyAttachment.tfResourceType,
      inlinePolicy: SsoadminPermissionSetInlinePolicy.tfResourceType,
      permissionsBoundary: SsoadminPermissionsBoundaryAttachment.tfResourceType,
      accountAssignment: SsoadminAccountAssignment.tfResourceType,
      identityStoreGroup: DataAwsIdentitystoreGroup.tfResourceType,
      oktaGroup: Group.tfResourceType,
      oktaGroupRule: GroupRule.tfResourceType,
      oktaPushGroup: OktaPushGroup.tfResourceType,
      oktaApp: AppSaml.tfResourceType,
      oktaSignOnPolicy: AppSignonPolicy.tfResourceType,
      oktaSignOnPolicyRule: AppSignonPolicyRule.tfResourceType,
      oktaAppGroupAssignments: AppGroupAssignments.tfResourceType,
    });
    for (const type of Object.keys(FORCES_NEW)) expect(Object.values(RESOURCE)).toContain(type);
  });

  it("holds every resource and data type the stacks write, one stack or sharded", () => {
    const written = new Set<string>();
    for (const shards of [1, 3]) {
      const dir = copyExampleModel();
      const org = join(dir, "organization.yaml");
      const text = readFileSync(org, "utf8");
      expect(text).toContain("    assignment_shards: 1\n");
      writeFileSync(org, text.replace("    assignment_shards: 1\n", `    assignment_shards: ${shards}\n`));
      const outdir = join(tempDir("catalogue"), "cdktf.out");
      synthesize(loadOrThrow(dir), outdir);
      for (const stack of readdirSync(join(outdir, "stacks"))) {
        const tf = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
        for (const type of [...Object.keys(tf.resource ?? {}), ...Object.keys(tf.data ?? {})]) written.add(type);
      }
    }
    const unknown = [...written].filter((t) => !(Object.values(RESOURCE) as string[]).includes(t));
    expect(unknown).toEqual([]);
    expect(written).toContain(RESOURCE.accountAssignment);
  });

  it("reads natural keys back into their parts", () => {
    expect(assignmentOfKey("admins|Admin|111111111111")).toEqual({ group: "admins", permissionSet: "Admin", accountId: "111111111111" });
    expect(assignmentOfKey("admins|Admin")).toBeUndefined();
    expect(assignmentOfKey(3)).toBeUndefined();
    expect(keyParts("Dev|/team|a/Policy", 2)).toEqual(["Dev", "/team|a/Policy"]);
  });
});
